/**
 * The warm pool of one function: reuses idle instances, grows on demand up to a cap, queues beyond it
 * (FIFO), and retires instances that crashed, timed out, or sat idle too long.
 *
 * A function whose module fails to load (throws in module scope, has a syntax error, exports no `main`,
 * exits during startup) answers every invocation with that load error. An instance killed by a signal
 * while loading (the OOM killer, a test, an operator) says nothing about the function: that call answers
 * a crash and the next one starts afresh. The failure is remembered against
 * the files of the function's folder as they were when the failed instance started, so later calls (and
 * calls queued meanwhile) get the same error at once instead of each starting an instance that is bound
 * to fail; a rebuild of the function (any file of its folder changed) lets the next call try again.
 */
import fs from 'node:fs'
import path from 'node:path'
import { FunctionWorker, type ErrorInfo, type InvokeMessage, type InvokeOutcome, type LogLine, type RequestTiming } from './worker'

export interface PoolOptions {
  entry: string
  cwd: string
  env: Record<string, string | undefined>
  maxWorkers: number
  idleMs: number
  onLog: (line: LogLine) => void
  /** Each CloudBase request an invocation made (see runner.cjs). */
  onRequest?: (timing: RequestTiming) => void
}

type Failure = Extract<InvokeOutcome, { ok: false }>
type Waiter = { resolve: (w: FunctionWorker | Failure) => void; reject: (e: Error) => void }

export class WorkerPool {
  private workers: FunctionWorker[] = []
  private waiting: Waiter[] = []
  // A worker handed out but not yet sent its invocation must not be handed out twice.
  private reserved = new Set<FunctionWorker>()
  private fingerprints = new WeakMap<FunctionWorker, string>()
  private loadFailure?: { outcome: Failure; fingerprint: string }
  private closed = false

  constructor(private readonly opts: PoolOptions) {}

  get size(): number {
    return this.workers.length
  }

  async run(msg: InvokeMessage, timeoutMs: number): Promise<InvokeOutcome> {
    const got = await this.acquire()
    if (!(got instanceof FunctionWorker)) return got
    const worker = got
    try {
      const failure = await this.whenLoaded(worker, timeoutMs)
      if (failure) return failure
      return await worker.invoke(msg, timeoutMs)
    } finally {
      this.release(worker)
    }
  }

  /**
   * Waits for a fresh instance's module to load, within the invocation's time limit: the module's loading
   * counts, as on SCF; the Node runtime's own start does not (it is the platform's container start, and on
   * a busy machine it alone can take seconds).
   */
  private async whenLoaded(worker: FunctionWorker, timeoutMs: number): Promise<Failure | null> {
    await worker.booted
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs)
    })
    const loaded = await Promise.race([worker.loaded, timedOut])
    clearTimeout(timer)
    if (loaded === null) return null
    worker.kill()
    if (loaded === 'timeout') {
      // Not remembered: a slow start may be transient.
      const seconds = Math.round(timeoutMs / 100) / 10
      return { ok: false, kind: 'timeout', error: { name: 'TimeoutError', message: `Invoking task timed out after ${seconds} seconds (the function was still loading)` } }
    }
    if (loaded.signal) return { ok: false, kind: 'crash', error: { name: 'Error', message: `function instance exited unexpectedly (${loaded.signal})` } }
    const outcome = loadFailureOutcome(loaded)
    const fingerprint = this.fingerprints.get(worker)
    if (fingerprint !== undefined) this.loadFailure = { outcome, fingerprint }
    return outcome
  }

  private acquire(): Promise<FunctionWorker | Failure> {
    if (this.closed) return Promise.reject(new Error('emulator is closing'))
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject })
      this.drain()
    })
  }

  /** Hands out what is available to queued callers, oldest first: an idle instance, the remembered load failure, or a new instance. */
  private drain() {
    while (this.waiting.length > 0 && !this.closed) {
      const idle = this.workers.find((w) => !w.busy && !w.dead && !this.reserved.has(w))
      if (idle) {
        this.waiting.shift()?.resolve(this.reserve(idle))
        continue
      }
      const failure = this.rememberedFailure()
      if (failure) {
        this.waiting.shift()?.resolve(failure)
        continue
      }
      if (this.workers.length >= this.opts.maxWorkers) return
      this.waiting.shift()?.resolve(this.reserve(this.spawn()))
    }
  }

  /** The last load failure, while the function's files are still those that failed; forgotten once they change. */
  private rememberedFailure(): Failure | undefined {
    if (!this.loadFailure) return undefined
    if (fingerprint(path.dirname(this.opts.entry)) === this.loadFailure.fingerprint) return this.loadFailure.outcome
    this.loadFailure = undefined
    return undefined
  }

  private reserve(w: FunctionWorker): FunctionWorker {
    if (w.idleTimer) clearTimeout(w.idleTimer)
    this.reserved.add(w)
    return w
  }

  private spawn(): FunctionWorker {
    const print = fingerprint(path.dirname(this.opts.entry))
    const w: FunctionWorker = new FunctionWorker(this.opts.entry, this.opts.env, this.opts.cwd, this.opts.onLog, () => this.exited(w), this.opts.onRequest)
    this.fingerprints.set(w, print)
    this.workers.push(w)
    return w
  }

  private release(w: FunctionWorker) {
    this.reserved.delete(w)
    if (w.dead) this.retire(w)
    this.drain()
    if (!w.dead && !this.reserved.has(w)) {
      if (w.idleTimer) clearTimeout(w.idleTimer)
      w.idleTimer = setTimeout(() => this.retire(w), this.opts.idleMs)
      w.idleTimer.unref()
    }
  }

  /** An instance's process is gone: one that died while idle (an error escaping from a timer, say) frees its slot now. */
  private exited(w: FunctionWorker) {
    if (this.reserved.has(w)) return // its invocation settles as a crash; release() retires it
    this.retire(w)
    this.drain()
  }

  private retire(w: FunctionWorker) {
    w.kill()
    this.reserved.delete(w)
    this.workers = this.workers.filter((x) => x !== w)
  }

  /** Loads one instance ahead of the first call (a pre-warmed instance), giving up after `timeoutMs` as a call would. */
  async prewarm(timeoutMs: number): Promise<void> {
    if (this.workers.length > 0 || this.closed) return
    const w = this.spawn()
    // A load failure is remembered as for a call, so the first call answers it without starting another instance.
    if (await this.whenLoaded(w, timeoutMs)) this.retire(w)
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

/**
 * How a load failure reads to the caller: "function failed to load: <the user's error>", then where it
 * happened (a SyntaxError's stack starts with the file, line and source excerpt; it moves below) and the stack.
 */
function loadFailureOutcome(err: ErrorInfo): Failure {
  const exited = err.name === 'Error' && err.message.startsWith('function instance exited')
  const head = exited ? err.message : `${err.name}: ${err.message}`
  const message = `function failed to load: ${head}`
  let stack: string | undefined
  if (err.stack) {
    const at = err.stack.indexOf(head)
    const where = at < 0 ? err.stack : err.stack.slice(0, at).trim()
    const frames = at < 0 ? '' : err.stack.slice(at + head.length)
    stack = `Error: ${message}${where ? `\n${where}` : ''}${frames}`
  }
  return { ok: false, kind: 'error', error: { name: 'Error', message, stack } }
}

/**
 * The files of a function's folder (not recursing into node_modules, whose own mtime changes when packages
 * are added or removed): enough to tell that the function was rebuilt or edited since it failed to load.
 */
function fingerprint(dir: string): string {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .map((d) => {
        const st = fs.statSync(path.join(dir, d.name))
        return `${d.name}:${st.mtimeMs}:${st.size}`
      })
      .sort()
      .join('|')
  } catch {
    return ''
  }
}
