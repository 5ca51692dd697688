/**
 * One forked function instance: spawns runner.cjs for a function entry, waits for it to load, and runs
 * one invocation at a time, enforcing the timeout by killing the process (a timed-out instance may be in
 * any state, so it is never reused).
 */
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export interface ErrorInfo {
  name: string
  message: string
  stack?: string
}

/** Why an instance could not load; `signal` when something outside killed the process (not the function's fault). */
export type LoadError = ErrorInfo & { signal?: NodeJS.Signals }

export type InvokeOutcome = { ok: true; result: string } | { ok: false; kind: 'error' | 'timeout' | 'crash'; error: ErrorInfo }

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

/** One CloudBase request an invocation made, timed by the instance (runner.cjs) in its own clock. */
export interface RequestTiming {
  invocationId: string
  action: string
  start: number
  end: number
  /** The response's length. */
  bytes: number
}

const RUNNER = path.join(__dirname, 'runner.cjs')

/**
 * The host's node flags minus module loaders (and inline scripts): under `tsx` (how `npm run emulator`
 * runs) fork() would pass tsx's `--require`/`--import` hooks on, and function code would be compiled by
 * esbuild instead of plain Node (a slower start, and a syntax error reading as esbuild's "Transform failed"
 * instead of a SyntaxError).
 */
function runnerExecArgv(): string[] {
  const out: string[] = []
  const args = process.execArgv
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    // Each with its value; --eval/--print too, which would run the host's script instead of the runner.
    if (/^(--require|-r|--import|--loader|--experimental-loader|--eval|-e|--print|-p)$/.test(a)) i++
    else if (!/^(--require|--import|--loader|--experimental-loader|--eval|--print)=/.test(a)) out.push(a)
  }
  return out
}

export class FunctionWorker {
  private child: ChildProcess
  private pending?: { id: string; resolve: (o: InvokeOutcome) => void; timer: NodeJS.Timeout }
  private lastInvocation: string | null = null
  /**
   * Settles once the module has loaded: null, or why it could not (it threw, has no `main`, or the process
   * exited first). Never rejects. A process that failed to load exits on its own (or is killed by the pool).
   */
  readonly loaded: Promise<LoadError | null>
  /**
   * Settles once the Node runtime is up and about to load the module (false if the process exited first).
   * On SCF the runtime's own start is the platform's, not counted against the function's time limit.
   */
  readonly booted: Promise<boolean>
  dead = false
  idleTimer?: NodeJS.Timeout

  /** `onExit` tells the owner that the process is gone, whatever the reason (so an idle instance that died is dropped). */
  constructor(
    entry: string,
    env: Record<string, string | undefined>,
    cwd: string,
    onLog: (line: LogLine) => void,
    onExit: () => void = () => undefined,
    onRequest: (timing: RequestTiming) => void = () => undefined,
  ) {
    this.child = fork(RUNNER, [entry], { env: env as NodeJS.ProcessEnv, cwd, execArgv: runnerExecArgv(), stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    // Raw stdout/stderr writes (not via console) are attributed to the invocation that last ran here.
    this.child.stdout?.on('data', (d: Buffer) => onLog({ invocationId: this.lastInvocation, level: 'stdout', text: d.toString('utf8').replace(/\n$/, '') }))
    this.child.stderr?.on('data', (d: Buffer) => onLog({ invocationId: this.lastInvocation, level: 'stderr', text: d.toString('utf8').replace(/\n$/, '') }))
    this.booted = new Promise<boolean>((resolve) => {
      const onBooted = (msg: { type: string }) => {
        if (msg.type !== 'booted') return
        this.child.off('message', onBooted)
        resolve(true)
      }
      this.child.on('message', onBooted)
      this.child.once('exit', () => resolve(false))
    })
    this.loaded = new Promise<LoadError | null>((resolve) => {
      const onMessage = (msg: { type: string; error?: ErrorInfo }) => {
        if (msg.type === 'ready') {
          this.child.off('message', onMessage)
          resolve(null)
        } else if (msg.type === 'loadError') {
          this.child.off('message', onMessage)
          resolve(msg.error ?? { name: 'Error', message: 'function failed to load' })
        }
      }
      this.child.on('message', onMessage)
      // A process.exit() in module scope (or a crash of the runtime) leaves no loadError; later resolves are no-ops.
      this.child.once('exit', (code, signal) => resolve({ name: 'Error', message: `function instance exited while loading (${signal ?? `code ${code}`})`, signal: signal ?? undefined }))
    })
    this.child.on('message', (msg: { type: string; id?: string; level?: string; text?: string; ok?: boolean; result?: string; error?: { name: string; message: string; stack?: string }; action?: string; start?: number; end?: number; bytes?: number }) => {
      if (msg.type === 'request') {
        if (msg.id) onRequest({ invocationId: msg.id, action: msg.action ?? '?', start: msg.start ?? 0, end: msg.end ?? 0, bytes: msg.bytes ?? 0 })
      } else if (msg.type === 'log') onLog({ invocationId: msg.id ?? null, level: msg.level ?? 'log', text: msg.text ?? '' })
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
      onExit()
    })
  }

  get busy(): boolean {
    return this.pending !== undefined
  }

  invoke(msg: InvokeMessage, timeoutMs: number): Promise<InvokeOutcome> {
    if (this.pending) throw new Error('worker is busy: one invocation at a time')
    // Its 'exit' has already been handled: nothing would ever settle this invocation but the timeout.
    if (this.dead) return Promise.resolve({ ok: false, kind: 'crash', error: { name: 'Error', message: 'function instance exited unexpectedly' } })
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
