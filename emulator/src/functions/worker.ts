/**
 * One forked function instance: spawns runner.cjs for a function entry, waits for it to load, and runs
 * one invocation at a time, enforcing the timeout by killing the process (a timed-out instance may be in
 * any state, so it is never reused).
 */
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export type InvokeOutcome =
  | { ok: true; result: string }
  | { ok: false; kind: 'error' | 'timeout' | 'crash'; error: { name: string; message: string; stack?: string } }

export interface InvokeMessage {
  id: string
  event: string
  context: Record<string, unknown>
  env: Record<string, string>
}

export interface LogLine {
  invocationId: string | null
  level: string
  text: string
}

const RUNNER = path.join(__dirname, 'runner.cjs')

export class FunctionWorker {
  private child: ChildProcess
  private pending?: { id: string; resolve: (o: InvokeOutcome) => void; timer: NodeJS.Timeout }
  private lastInvocation: string | null = null
  readonly ready: Promise<void>
  dead = false
  idleTimer?: NodeJS.Timeout

  constructor(entry: string, env: Record<string, string | undefined>, cwd: string, onLog: (line: LogLine) => void) {
    this.child = fork(RUNNER, [entry], { env: env as NodeJS.ProcessEnv, cwd, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    // Raw stdout/stderr writes (not via console) are attributed to the invocation that last ran here.
    this.child.stdout?.on('data', (d: Buffer) => onLog({ invocationId: this.lastInvocation, level: 'stdout', text: d.toString('utf8').replace(/\n$/, '') }))
    this.child.stderr?.on('data', (d: Buffer) => onLog({ invocationId: this.lastInvocation, level: 'stderr', text: d.toString('utf8').replace(/\n$/, '') }))
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (msg: { type: string; error?: { message: string; stack?: string } }) => {
        if (msg.type === 'ready') {
          this.child.off('message', onMessage)
          resolve()
        } else if (msg.type === 'loadError') {
          this.child.off('message', onMessage)
          reject(new Error(msg.error?.stack ?? msg.error?.message ?? 'function failed to load'))
        }
      }
      this.child.on('message', onMessage)
      this.child.once('exit', (code) => reject(new Error(`function instance exited while loading (code ${code})`)))
    })
    this.ready.catch(() => undefined)
    this.child.on('message', (msg: { type: string; id?: string; level?: string; text?: string; ok?: boolean; result?: string; error?: { name: string; message: string; stack?: string } }) => {
      if (msg.type === 'log') onLog({ invocationId: msg.id ?? null, level: msg.level ?? 'log', text: msg.text ?? '' })
      else if (msg.type === 'result' && this.pending?.id === msg.id) {
        this.settle(msg.ok ? { ok: true, result: msg.result ?? 'null' } : { ok: false, kind: 'error', error: msg.error ?? { name: 'Error', message: 'unknown error' } })
      } else if (msg.type === 'fatal' && this.pending) {
        this.settle({ ok: false, kind: 'error', error: msg.error ?? { name: 'Error', message: 'uncaught error' } })
      }
    })
    // A send to an instance that was killed meanwhile fails with EPIPE; the 'exit' handler (or the
    // invocation timeout) settles the invocation as a crash, so the error must not take the host down.
    this.child.on('error', () => undefined)
    this.child.on('exit', (code, signal) => {
      this.dead = true
      this.settle({ ok: false, kind: 'crash', error: { name: 'Error', message: `function instance exited unexpectedly (${signal ?? `code ${code}`})` } })
    })
  }

  get busy(): boolean {
    return this.pending !== undefined
  }

  invoke(msg: InvokeMessage, timeoutMs: number): Promise<InvokeOutcome> {
    if (this.pending) throw new Error('worker is busy: one invocation at a time')
    this.lastInvocation = msg.id
    return new Promise<InvokeOutcome>((resolve) => {
      const timer = setTimeout(() => {
        const seconds = Math.round(timeoutMs / 100) / 10
        this.settle({ ok: false, kind: 'timeout', error: { name: 'TimeoutError', message: `Invoking task timed out after ${seconds} seconds` } })
        this.kill()
      }, timeoutMs)
      this.pending = { id: msg.id, resolve, timer }
      this.child.send({ type: 'invoke', ...msg })
    })
  }

  private settle(outcome: InvokeOutcome) {
    const p = this.pending
    if (!p) return
    this.pending = undefined
    clearTimeout(p.timer)
    p.resolve(outcome)
  }

  kill() {
    this.dead = true
    if (this.idleTimer) clearTimeout(this.idleTimer)
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }

  /** Resolves once the process is gone (used by close() so the emulator stops without stray children). */
  exited(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve()
    return new Promise((resolve) => this.child.once('exit', () => resolve()))
  }
}
