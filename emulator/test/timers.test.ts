/**
 * Timer triggers: config.json `triggers` fire on their cron (China time) through the function runtime with
 * the platform's event, SOURCE `wx_trigger` and no user. Time is a fake clock: no test waits for real seconds.
 */
import path from 'node:path'
import { TimerService, type TimerClock } from '../src/functions/timers'
import type { InvokeRequest } from '../src/functions/service'
import { startTestEmulator, type Emulator } from './support/emulator'

const TIMER_FUNCTIONS = path.join(__dirname, 'fixtures', 'timer-functions')

/** A China wall-clock time as ms since epoch. */
const cn = (s: string) => Date.parse(`${s.replace(' ', 'T')}+08:00`)

/** A clock that moves only when told: due callbacks run in time order as it advances. */
class FakeClock implements TimerClock {
  private timers = new Map<number, { at: number; fn: () => void }>()
  private seq = 0
  constructor(private t: number) {}
  now = () => this.t
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn })
    return id
  }
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number)
  }
  /** Moves the time without running anything (a suspended machine): due callbacks run late, on the next advance. */
  jumpTo(to: number) {
    this.t = to
  }
  get pending(): number {
    return this.timers.size
  }
  /** Moves to `to`, running every callback due on the way (including ones they schedule). */
  advanceTo(to: number) {
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined
      for (const e of this.timers) if (e[1].at <= to && (!first || e[1].at < first[1].at)) first = e
      if (!first) break
      this.timers.delete(first[0])
      this.t = Math.max(this.t, first[1].at)
      first[1].fn()
    }
    this.t = Math.max(this.t, to)
  }
}

/** The ticker fixture logs `{ event, wx }` on each firing. */
function tickerRuns(emu: Emulator): Array<{ event: Record<string, unknown>; wx: Record<string, unknown> }> {
  return emu.functionLogs.filter((l) => l.functionName === 'ticker' && l.text.startsWith('{')).map((l) => JSON.parse(l.text))
}

describe('timer triggers in the emulator', () => {
  let emu: Emulator | undefined
  let warn: jest.SpyInstance
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
  })
  afterEach(async () => {
    await emu?.close()
    emu = undefined
    warn.mockRestore()
  })

  test('a firing invokes the function with the platform event, SOURCE wx_trigger and no OPENID', async () => {
    const clock = new FakeClock(cn('2025-06-02 10:03:07'))
    emu = await startTestEmulator({ functionsDir: TIMER_FUNCTIONS, timers: true, timerClock: clock })
    const tick = emu.timers.triggers.find((t) => t.functionName === 'ticker' && t.triggerName === 'tick')
    expect(tick).toMatchObject({ cron: '0 */10 * * * * *', next: cn('2025-06-02 10:10:00') })
    expect(tick?.error).toBeUndefined()

    clock.advanceTo(cn('2025-06-02 10:10:00'))
    await emu.timers.settle()

    expect(emu.timerFirings).toEqual([
      expect.objectContaining({ functionName: 'ticker', triggerName: 'tick', time: cn('2025-06-02 10:10:00'), outcome: 'ok' }),
    ])
    const [run] = tickerRuns(emu)
    expect(run.event).toEqual({ Type: 'Timer', TriggerName: 'tick', Time: '2025-06-02T02:10:00Z', Message: '' })
    expect(run.event.userInfo).toBeUndefined()
    expect(run.wx.SOURCE).toBe('wx_trigger')
    expect(run.wx.OPENID ?? '').toBe('')
    const invocation = emu.invocations.find((i) => i.functionName === 'ticker')
    expect(invocation).toMatchObject({ source: 'wx_trigger', outcome: 'ok' })
    expect(invocation?.openid).toBeUndefined()
  })

  test('the schedule follows the cron; a function that throws is recorded as an error and keeps its schedule', async () => {
    const clock = new FakeClock(cn('2025-06-02 03:05:00'))
    emu = await startTestEmulator({ functionsDir: TIMER_FUNCTIONS, timers: true, timerClock: clock })
    for (const at of ['03:10:00', '03:20:00', '03:30:00', '03:40:00']) {
      clock.advanceTo(cn(`2025-06-02 ${at}`))
      await emu.timers.settle()
    }
    // Both triggers are due at 03:30; their order within the same second is not specified, so compare sorted.
    const seen = emu.timerFirings.map((f) => `${new Date(f.time + 8 * 3600_000).toISOString().slice(11, 19)} ${f.triggerName} ${f.outcome}`).sort()
    expect(seen).toEqual(['03:10:00 tick ok', '03:20:00 tick ok', '03:30:00 failing error', '03:30:00 tick ok', '03:40:00 tick ok'])
    expect(emu.timerFirings.find((f) => f.triggerName === 'failing')?.error).toMatch(/tick failed/)
    expect(emu.timers.triggers.find((t) => t.triggerName === 'failing')?.next).toBe(cn('2025-06-03 03:30:00'))
  })

  test('a firing due while the previous one still runs is skipped and recorded', async () => {
    const clock = new FakeClock(cn('2025-06-02 10:03:07'))
    emu = await startTestEmulator({ functionsDir: TIMER_FUNCTIONS, timers: true, timerClock: clock })
    clock.advanceTo(cn('2025-06-02 10:10:00'))
    // The 10:10 invocation cannot have finished: nothing has run since it started.
    clock.advanceTo(cn('2025-06-02 10:20:00'))
    await emu.timers.settle()
    clock.advanceTo(cn('2025-06-02 10:30:00'))
    await emu.timers.settle()
    expect(emu.timerFirings.map((f) => [f.time, f.outcome])).toEqual([
      [cn('2025-06-02 10:10:00'), 'ok'],
      [cn('2025-06-02 10:20:00'), 'skipped'],
      [cn('2025-06-02 10:30:00'), 'ok'],
    ])
    expect(emu.timerFirings[1].error).toMatch(/still running/)
    expect(tickerRuns(emu).map((r) => r.event.Time)).toEqual(['2025-06-02T02:10:00Z', '2025-06-02T02:30:00Z'])
  })

  test('invalid triggers are reported and not scheduled; the emulator and the valid trigger carry on', async () => {
    const clock = new FakeClock(cn('2025-06-02 10:03:07'))
    emu = await startTestEmulator({ functionsDir: TIMER_FUNCTIONS, timers: true, timerClock: clock })
    const errors = Object.fromEntries(emu.timers.triggers.filter((t) => t.error).map((t) => [`${t.functionName}/${t.triggerName}`, t.error]))
    expect(errors['misconfigured/broken']).toMatch(/minute field "61": 61 is out of range/)
    expect(errors['misconfigured/sixFields']).toMatch(/has 6 fields; expected 7/)
    expect(errors['misconfigured/1badName']).toMatch(/trigger name "1badName" is invalid/)
    expect(errors['misconfigured/hourly']).toMatch(/duplicate trigger name "hourly"/)
    expect(errors['bad-json/']).toMatch(/config\.json is not valid JSON/)
    expect(Object.keys(errors)).not.toContain('misconfigured/notATimer')
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('misconfigured/broken: not scheduled'))

    const valid = emu.timers.triggers.filter((t) => !t.error).map((t) => `${t.functionName}/${t.triggerName}`)
    expect(valid.sort()).toEqual(['misconfigured/hourly', 'ticker/failing', 'ticker/tick'])
    clock.advanceTo(cn('2025-06-02 11:00:00'))
    await emu.timers.settle()
    expect(emu.timerFirings.filter((f) => f.functionName === 'misconfigured')).toEqual([expect.objectContaining({ triggerName: 'hourly', outcome: 'ok' })])

    const res = await fetch(`${emu.url}/__dev/timers`)
    const body = (await res.json()) as { enabled: boolean; triggers: Array<Record<string, unknown>>; firings: Array<Record<string, unknown>> }
    expect(body.enabled).toBe(true)
    expect(body.triggers).toContainEqual(expect.objectContaining({ functionName: 'misconfigured', triggerName: 'broken', next: null, error: expect.stringMatching(/minute field/) }))
    expect(body.triggers).toContainEqual(expect.objectContaining({ functionName: 'ticker', triggerName: 'tick', next: '2025-06-02T03:10:00.000Z' }))
    expect(body.firings).toContainEqual(expect.objectContaining({ functionName: 'misconfigured', triggerName: 'hourly', outcome: 'ok' }))
  })

  test('close() cancels every scheduled firing and leaves no timer behind', async () => {
    const clock = new FakeClock(cn('2025-06-02 10:03:07'))
    emu = await startTestEmulator({ functionsDir: TIMER_FUNCTIONS, timers: true, timerClock: clock })
    expect(clock.pending).toBe(3) // tick, failing, misconfigured/hourly
    clock.advanceTo(cn('2025-06-02 10:10:00')) // one firing in flight while closing
    await emu.close()
    expect(clock.pending).toBe(0)
    expect(emu.timers.pendingCount).toBe(0)
    expect(emu.timers.enabled).toBe(false)
    clock.advanceTo(cn('2025-06-03 10:00:00'))
    expect(emu.timerFirings).toHaveLength(1)
    expect(emu.timerFirings[0].outcome).not.toBe('running')
    emu = undefined
  })

  test('off by default: nothing is scheduled, the route says so', async () => {
    const clock = new FakeClock(cn('2025-06-02 10:03:07'))
    emu = await startTestEmulator({ functionsDir: TIMER_FUNCTIONS, timerClock: clock })
    expect(clock.pending).toBe(0)
    clock.advanceTo(cn('2025-06-03 10:00:00'))
    expect(emu.timerFirings).toEqual([])
    const body = (await (await fetch(`${emu.url}/__dev/timers`)).json()) as { enabled: boolean; triggers: unknown[] }
    expect(body).toEqual({ enabled: false, triggers: [], firings: [] })
  })

  test('/__dev/timers is a dev route', async () => {
    emu = await startTestEmulator({ functionsDir: TIMER_FUNCTIONS, dev: false })
    expect((await fetch(`${emu.url}/__dev/timers`)).status).toBe(404)
  })
})

describe('TimerService', () => {
  /** A service over one function whose invocations the test resolves by hand. */
  function setup(triggers: unknown[], start = cn('2025-06-02 10:03:07')) {
    const clock = new FakeClock(start)
    const calls: Array<{ req: InvokeRequest; finish: (error?: Error) => void }> = []
    const logs: string[] = []
    const service = new TimerService({
      names: () => ['job'],
      triggersOf: () => triggers,
      invoke: (req) =>
        new Promise<string>((resolve, reject) => {
          calls.push({ req, finish: (error) => (error ? reject(error) : resolve('null')) })
        }),
      clock,
      log: (m) => logs.push(m),
    })
    return { clock, calls, logs, service }
  }
  const flush = () => new Promise<void>((r) => setImmediate(r))

  test('fires at each due time with the platform event and no identity', async () => {
    const { clock, calls, service } = setup([{ name: 'everyFive', type: 'timer', config: '*/5 * * * * * *' }])
    service.start()
    clock.advanceTo(cn('2025-06-02 10:03:10'))
    await flush()
    expect(calls.map((c) => JSON.parse(c.req.data).Time)).toEqual(['2025-06-02T02:03:10Z'])
    expect(calls[0].req).toMatchObject({ name: 'job', source: 'wx_trigger', identity: undefined })
    expect(JSON.parse(calls[0].req.data)).toEqual({ Type: 'Timer', TriggerName: 'everyFive', Time: '2025-06-02T02:03:10Z', Message: '' })
    calls[0].finish()
    await service.settle()
    for (const at of ['10:03:15', '10:03:20']) {
      clock.advanceTo(cn(`2025-06-02 ${at}`))
      await flush()
      calls[calls.length - 1].finish()
      await service.settle()
    }
    expect(service.firings.map((f) => [f.time, f.outcome])).toEqual([
      [cn('2025-06-02 10:03:10'), 'ok'],
      [cn('2025-06-02 10:03:15'), 'ok'],
      [cn('2025-06-02 10:03:20'), 'ok'],
    ])
    await service.close()
  })

  test('overlapping firings are skipped until the running one ends; its error is recorded', async () => {
    const { clock, calls, service } = setup([{ name: 'everyFive', type: 'timer', config: '*/5 * * * * * *' }])
    service.start()
    clock.advanceTo(cn('2025-06-02 10:03:20')) // due 10, 15, 20: 15 and 20 find 10 running
    await flush()
    expect(calls).toHaveLength(1)
    calls[0].finish(new Error('boom'))
    await service.settle()
    clock.advanceTo(cn('2025-06-02 10:03:25'))
    await flush()
    expect(calls).toHaveLength(2)
    calls[1].finish()
    await service.settle()
    expect(service.firings.map((f) => [f.time, f.outcome, f.error])).toEqual([
      [cn('2025-06-02 10:03:10'), 'error', 'boom'],
      [cn('2025-06-02 10:03:15'), 'skipped', 'the previous firing of this trigger is still running'],
      [cn('2025-06-02 10:03:20'), 'skipped', 'the previous firing of this trigger is still running'],
      [cn('2025-06-02 10:03:25'), 'ok', undefined],
    ])
    await service.close()
  })

  test('a late wake-up fires once for the missed due time and does not catch up', async () => {
    const { clock, calls, service } = setup([{ name: 'everyMinute', type: 'timer', config: '0 * * * * * *' }])
    service.start()
    // The callback for 10:04 runs only when the clock already reads 10:07:30 (a suspended laptop).
    clock.jumpTo(cn('2025-06-02 10:07:30'))
    clock.advanceTo(cn('2025-06-02 10:07:30'))
    await flush()
    calls.forEach((c) => c.finish())
    await service.settle()
    expect(service.firings.map((f) => f.time)).toEqual([cn('2025-06-02 10:04:00')])
    expect(service.triggers[0].next).toBe(cn('2025-06-02 10:08:00'))
    await service.close()
  })

  test('a due time further away than setTimeout can wait is reached in hops', async () => {
    const { clock, calls, service } = setup([{ name: 'newYear', type: 'timer', config: '0 10 0 1 1 * *' }])
    service.start()
    expect(service.triggers[0].next).toBe(cn('2026-01-01 00:10:00'))
    clock.advanceTo(cn('2025-12-31 23:59:59'))
    await flush()
    expect(calls).toHaveLength(0)
    clock.advanceTo(cn('2026-01-01 00:10:00'))
    await flush()
    expect(calls).toHaveLength(1)
    calls[0].finish()
    await service.close()
    expect(clock.pending).toBe(0)
  })

  test('a cron with no firing left is listed with next null and schedules nothing', async () => {
    const { clock, service, logs } = setup([{ name: 'past', type: 'timer', config: '0 0 0 1 1 * 2020' }])
    service.start()
    expect(service.triggers).toEqual([{ functionName: 'job', triggerName: 'past', cron: '0 0 0 1 1 * 2020', next: null }])
    expect(clock.pending).toBe(0)
    expect(logs).toEqual([])
    await service.close()
  })

  test('reload() re-reads the triggers and keeps a running firing blocking its trigger', async () => {
    let triggers: unknown[] = [{ name: 'a', type: 'timer', config: '*/5 * * * * * *' }]
    const clock = new FakeClock(cn('2025-06-02 10:03:07'))
    const calls: Array<(error?: Error) => void> = []
    const service = new TimerService({
      names: () => ['job'],
      triggersOf: () => triggers,
      invoke: () => new Promise<string>((resolve) => calls.push(() => resolve('null'))),
      clock,
      log: () => undefined,
    })
    service.start()
    clock.advanceTo(cn('2025-06-02 10:03:10'))
    await flush()
    triggers = [{ name: 'a', type: 'timer', config: '*/5 * * * * * *' }, { name: 'b', type: 'timer', config: '0 0 * * * * *' }]
    service.reload()
    expect(service.triggers.map((t) => t.triggerName)).toEqual(['a', 'b'])
    expect(clock.pending).toBe(2)
    clock.advanceTo(cn('2025-06-02 10:03:15'))
    expect(service.firings.map((f) => f.outcome)).toEqual(['running', 'skipped'])
    calls.forEach((c) => c())
    await service.close()
    expect(clock.pending).toBe(0)
  })
})
