/**
 * The warm pool of one function: reuses idle instances, grows on demand up to a cap, queues beyond it
 * (FIFO), and retires instances that crashed, timed out, or sat idle too long.
 */
import { FunctionWorker, type InvokeMessage, type InvokeOutcome, type LogLine } from './worker'

export interface PoolOptions {
  entry: string
  cwd: string
  env: Record<string, string | undefined>
  maxWorkers: number
  idleMs: number
  onLog: (line: LogLine) => void
}

export class WorkerPool {
  private workers: FunctionWorker[] = []
  private waiting: Array<{ resolve: (w: FunctionWorker) => void; reject: (e: Error) => void }> = []
  private closed = false

  constructor(private readonly opts: PoolOptions) {}

  get size(): number {
    return this.workers.length
  }

  async run(msg: InvokeMessage, timeoutMs: number): Promise<InvokeOutcome> {
    const worker = await this.acquire()
    try {
      await worker.ready
    } catch (err) {
      this.retire(worker)
      return { ok: false, kind: 'error', error: { name: 'Error', message: `function failed to load: ${(err as Error).message}` } }
    }
    try {
      return await worker.invoke(msg, timeoutMs)
    } finally {
      this.release(worker)
    }
  }

  private acquire(): Promise<FunctionWorker> {
    if (this.closed) return Promise.reject(new Error('emulator is closing'))
    const idle = this.workers.find((w) => !w.busy && !w.dead && !this.reserved.has(w))
    if (idle) return Promise.resolve(this.reserve(idle))
    if (this.workers.length < this.opts.maxWorkers) return Promise.resolve(this.reserve(this.spawn()))
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }))
  }

  // A worker handed out but not yet sent its invocation must not be handed out twice.
  private reserved = new Set<FunctionWorker>()
  private reserve(w: FunctionWorker): FunctionWorker {
    if (w.idleTimer) clearTimeout(w.idleTimer)
    this.reserved.add(w)
    return w
  }

  private spawn(): FunctionWorker {
    const w = new FunctionWorker(this.opts.entry, this.opts.env, this.opts.cwd, this.opts.onLog)
    this.workers.push(w)
    return w
  }

  private release(w: FunctionWorker) {
    this.reserved.delete(w)
    if (w.dead) this.retire(w)
    const next = this.waiting.shift()
    if (next) {
      const reuse = !w.dead ? w : this.spawn()
      next.resolve(this.reserve(reuse))
      return
    }
    if (!w.dead) {
      w.idleTimer = setTimeout(() => this.retire(w), this.opts.idleMs)
      w.idleTimer.unref()
    }
  }

  private retire(w: FunctionWorker) {
    w.kill()
    this.reserved.delete(w)
    this.workers = this.workers.filter((x) => x !== w)
  }

  /** Loads one instance ahead of the first call (a pre-warmed instance). */
  prewarm(): Promise<void> {
    if (this.workers.length > 0) return Promise.resolve()
    return this.spawn().ready.catch(() => undefined)
  }

  async close(): Promise<void> {
    this.closed = true
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('emulator is closing'))
    const all = this.workers
    this.workers = []
    for (const w of all) w.kill()
    await Promise.all(all.map((w) => w.exited()))
  }
}
