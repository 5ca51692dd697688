/**
 * Timer triggers (定时触发器): each function's `config.json` `triggers` of type `timer` fire on their 7-field
 * cron in China time (./cron.ts). A firing invokes the function through the same runtime as every other call,
 * with the event the platform sends — `{ Type: 'Timer', TriggerName, Time, Message: '' }` — no user
 * (no OPENID, admin credentials) and getWXContext().SOURCE `wx_trigger`.
 *
 * Choices where the platform is not documented or not confirmed:
 * - A firing that is due while the previous firing of the same trigger is still running is skipped and
 *   recorded as `skipped` (SCF's timer does not queue overlapping invocations here; the next due time is
 *   then scheduled as usual).
 * - A firing that runs late (the machine slept) happens once, for the due time; missed firings are not
 *   caught up. `Time` is the due time in UTC at whole seconds (`2025-06-02T02:10:00Z`), as SCF shows it.
 * - Several timer triggers per function are accepted (WeChat's docs allow one; this project's build refuses more).
 * - Triggers are read when the service starts and on `reload()`; a rebuilt config.json is not watched.
 * - An invalid trigger (bad cron, bad name, duplicate name, unreadable config.json) is logged, listed with
 *   its error in `triggers`, and not scheduled; the others still run.
 *
 * Time comes from an injectable clock so tests drive firings without waiting.
 */
import { parseCron, type CronSchedule } from './cron'
import type { InvokeRequest } from './service'

export const TIMER_SOURCE = 'wx_trigger'

/** The trigger name rule of the platform: up to 60 of a-z A-Z 0-9 - _, starting with a letter. */
export const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/
const RECORD_CAP = 1000
/** setTimeout's longest delay; longer waits are taken in hops. */
const MAX_DELAY_MS = 2_147_483_647

export interface TimerClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realClock: TimerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    // The server keeps the process alive; a pending firing alone should not.
    t.unref?.()
    return t
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}

export interface TimerTrigger {
  functionName: string
  triggerName: string
  /** The cron expression as written. */
  cron: string
  /** Next due time (ms), while scheduled; null when the cron has no firing left (or the service is stopped). */
  next: number | null
  /** Why this trigger is not scheduled. */
  error?: string
}

export interface TimerFiring {
  id: number
  /** The due time (ms); the event's `Time` is this instant. */
  time: number
  functionName: string
  triggerName: string
  /**
   * `ok` = the function ran and returned (whatever it returned); `error` = it threw, timed out, crashed or
   * could not run (`error` says why); `skipped` = the previous firing of this trigger was still running.
   */
  outcome: 'running' | 'ok' | 'error' | 'skipped'
  error?: string
  /** When the invocation started / how long it took (not set for skipped firings). */
  startedAt?: number
  durationMs?: number
}

export interface TimerServiceOptions {
  /** Names of the functions to read triggers from. */
  names: () => string[]
  /** A function's raw `config.json` `triggers` (throws when config.json cannot be read). */
  triggersOf: (name: string) => unknown[] | undefined
  invoke: (req: InvokeRequest) => Promise<string>
  clock?: TimerClock
  /** Where problems with triggers are reported (default console.warn). */
  log?: (message: string) => void
}

interface Scheduled {
  info: TimerTrigger
  cron: CronSchedule
  handle?: unknown
  /** The due time the pending timeout is for. */
  due?: number
  running?: Promise<void>
}

/** The event's `Time`: ISO-8601 UTC at whole seconds. */
export function timerTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export class TimerService {
  readonly firings: TimerFiring[] = []
  private scheduled: Scheduled[] = []
  private invalid: TimerTrigger[] = []
  private inFlight = new Set<Promise<void>>()
  private carried = new Map<string, Promise<void>>()
  private started = false
  private closed = false
  private nextId = 1
  private readonly clock: TimerClock
  private readonly log: (message: string) => void

  constructor(private readonly opts: TimerServiceOptions) {
    this.clock = opts.clock ?? realClock
    this.log = opts.log ?? ((m) => console.warn(m))
  }

  get enabled(): boolean {
    return this.started && !this.closed
  }

  /** Every declared timer trigger: scheduled ones with their next due time, invalid ones with their error. */
  get triggers(): TimerTrigger[] {
    return [...this.scheduled.map((s) => ({ ...s.info })), ...this.invalid.map((i) => ({ ...i }))]
  }

  /** Reads the triggers and schedules their next firings. */
  start(): void {
    if (this.closed) throw new Error('timer service is closed')
    this.started = true
    this.load()
  }

  /** Re-reads every function's triggers (e.g. after a rebuild); firings still running finish undisturbed. */
  reload(): void {
    if (!this.enabled) return
    this.cancelAll()
    this.load()
  }

  /** Resolves once no firing is running. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight])
  }

  /**
   * Cancels every scheduled firing; nothing is left behind. Firings still running end when their function's
   * workers are killed (or finish); the promise resolves once they have.
   */
  async close(): Promise<void> {
    this.closed = true
    this.cancelAll()
    await this.settle()
  }

  /** Timeouts currently pending (0 after close). */
  get pendingCount(): number {
    return this.scheduled.filter((s) => s.handle !== undefined).length
  }

  private cancelAll() {
    this.carried.clear()
    for (const s of this.scheduled) {
      // A firing still running keeps blocking its trigger's next firing across a reload.
      if (s.running) this.carried.set(`${s.info.functionName}/${s.info.triggerName}`, s.running)
      if (s.handle !== undefined) this.clock.clearTimeout(s.handle)
      s.handle = undefined
      s.info.next = null
    }
    this.scheduled = []
    this.invalid = []
  }

  private load() {
    let names: string[]
    try {
      names = this.opts.names()
    } catch (err) {
      this.log(`[timers] cannot list functions: ${(err as Error).message}`)
      return
    }
    for (const functionName of names) {
      let raw: unknown[] | undefined
      try {
        raw = this.opts.triggersOf(functionName)
      } catch (err) {
        this.reject({ functionName, triggerName: '', cron: '', next: null }, (err as Error).message)
        continue
      }
      const seen = new Set<string>()
      for (const [i, t] of (raw ?? []).entries()) {
        if (typeof t !== 'object' || t === null) {
          this.reject({ functionName, triggerName: '', cron: '', next: null }, `triggers[${i}] is not an object`)
          continue
        }
        const { name, type, config } = t as Record<string, unknown>
        // Only timer triggers exist on CloudBase; anything else is not ours to run.
        if (type !== 'timer') continue
        const info: TimerTrigger = { functionName, triggerName: typeof name === 'string' ? name : '', cron: typeof config === 'string' ? config : '', next: null }
        if (typeof name !== 'string' || !TRIGGER_NAME.test(name)) {
          this.reject(info, `trigger name ${JSON.stringify(name)} is invalid (up to 60 of a-z A-Z 0-9 - _, starting with a letter)`)
          continue
        }
        if (seen.has(name)) {
          this.reject(info, `duplicate trigger name "${name}"`)
          continue
        }
        seen.add(name)
        let cron: CronSchedule
        try {
          cron = parseCron(config as string)
        } catch (err) {
          this.reject(info, (err as Error).message)
          continue
        }
        const s: Scheduled = { info, cron }
        const running = this.carried.get(`${functionName}/${name}`)
        if (running) {
          s.running = running
          void running.then(() => {
            if (s.running === running) s.running = undefined
          })
        }
        this.scheduled.push(s)
        this.arm(s, this.clock.now())
      }
    }
  }

  private reject(info: TimerTrigger, error: string) {
    info.error = error
    this.invalid.push(info)
    const which = info.triggerName ? `${info.functionName}/${info.triggerName}` : info.functionName
    this.log(`[timers] ${which}: not scheduled: ${error}`)
  }

  /** Sets the timeout for the first due time after `after`. */
  private arm(s: Scheduled, after: number) {
    const due = s.cron.next(after)
    s.info.next = due
    s.due = due ?? undefined
    if (due === null) return
    this.wait(s, due)
  }

  private wait(s: Scheduled, due: number) {
    const delay = Math.max(0, due - this.clock.now())
    s.handle = this.clock.setTimeout(() => this.onTimeout(s, due), Math.min(delay, MAX_DELAY_MS))
  }

  private onTimeout(s: Scheduled, due: number) {
    s.handle = undefined
    if (this.closed || !this.scheduled.includes(s)) return
    const now = this.clock.now()
    // Woken early (a long wait taken in hops, or a timer firing slightly before the wall clock): wait on.
    if (now < due) return this.wait(s, due)
    this.fire(s, due)
    this.arm(s, Math.max(due, now))
  }

  private fire(s: Scheduled, due: number) {
    const { functionName, triggerName } = s.info
    const rec: TimerFiring = { id: this.nextId++, time: due, functionName, triggerName, outcome: 'running' }
    this.record(rec)
    if (s.running) {
      rec.outcome = 'skipped'
      rec.error = 'the previous firing of this trigger is still running'
      return
    }
    rec.startedAt = this.clock.now()
    const event = { Type: 'Timer', TriggerName: triggerName, Time: timerTime(due), Message: '' }
    let invoked: Promise<string>
    try {
      invoked = this.opts.invoke({ name: functionName, data: JSON.stringify(event), identity: undefined, source: TIMER_SOURCE })
    } catch (err) {
      invoked = Promise.reject(err)
    }
    const run = invoked
      .then(
        () => {
          rec.outcome = 'ok'
        },
        (err) => {
          rec.outcome = 'error'
          rec.error = (err as Error)?.message ?? String(err)
        },
      )
      .finally(() => {
        rec.durationMs = this.clock.now() - (rec.startedAt as number)
        if (s.running === run) s.running = undefined
        this.inFlight.delete(run)
      })
    s.running = run
    this.inFlight.add(run)
  }

  private record(rec: TimerFiring) {
    this.firings.push(rec)
    if (this.firings.length > RECORD_CAP) this.firings.splice(0, this.firings.length - RECORD_CAP)
  }
}
