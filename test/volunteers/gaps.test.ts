/**
 * Through the emulator and the real wx-server-sdk: a volunteer's period certificate (sums confirmed
 * hours across activities, same verifiable number scheme, idempotent, refuses bad ranges, shows only the
 * caller's own service), activity arrivals counted in the check-in figures exactly once (scan retry,
 * captain mark, no-show takes it back), and the seat-counter recount timer fixing drift made directly
 * in the database, auditing it and promoting the waitlist, while leaving busy activities alone.
 */
import { Collection } from '../../src/core/collections'
import { chinaDateKey } from '../../src/core/time'
import type { DistrictFigures, VisitFigures } from '../../src/checkins/contract'
import type { AttendResult, CertificateVerification, PeriodCertificateView, SeatRecount } from '../../src/volunteers/contract'
import { startProject, type Project } from '../support/project'
import { PLACE, code, createActivity, data, readAll, setHourRule, signedUpCounter, signups, startActivity } from './support'

jest.setTimeout(180_000)

let app: Project
const DAY = 86_400_000
const today = () => chinaDateKey(new Date())
const monthAgo = () => chinaDateKey(new Date(Date.now() - 30 * DAY))

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['volunteers', 'checkins'] })
  await setHourRule(app)
})
afterAll(async () => {
  await app?.close()
})

/** An activity the person signed up for, held `startedMinutesAgo` for `lengthMinutes`, marked attended by the captain. */
async function attendedActivity(openid: string, title: string, lengthMinutes: number, over: Record<string, unknown> = {}): Promise<string> {
  const act = await createActivity(app, { title, capacity: 5, ...over })
  data(await app.call('volunteers', 'signUp', { activityId: act.activityId }, openid))
  await startActivity(app, act.activityId, lengthMinutes + 10, lengthMinutes)
  data(await app.callAs('team_captain', 'volunteers', 'markAttendance', { activityId: act.activityId, userId: app.userIdOf(openid), mark: 'attended', reason: '现场核实到岗' }))
  return act.activityId
}

describe('period certificate', () => {
  const who = 'o-per-1'
  let first: PeriodCertificateView

  beforeAll(async () => {
    await attendedActivity(who, '助老陪伴（期间）', 120)
    await attendedActivity(who, '文明劝导（期间）', 90)
  })

  it('sums confirmed hours across activities with every field the rules require, and verifies publicly with the name masked', async () => {
    first = data(await app.call<PeriodCertificateView>('volunteers', 'periodCertificate', { from: monthAgo(), to: today() }, who))
    expect(first).toMatchObject({ from: monthAgo(), to: today(), hours: 3.5, activityCount: 2, freeOfCharge: '本证明免费出具' })
    expect(first.certificateNo).toMatch(/^NX-\d{8}-[0-9A-Z]{6}-[0-9A-Z]{4}$/)
    expect(first.volunteerNo).toMatch(/^NXV/)
    expect(first.volunteerName.length).toBeGreaterThan(0)
    expect(first.serviceContent).toMatch(/^参加志愿服务活动 2 次：/)
    expect(first.serviceContent).toContain('助老陪伴（期间）')
    expect(first.serviceContent).toContain('文明劝导（期间）')
    expect(first.issuerName).toBe('娄葑街道小葑哥先锋服务队')
    expect(first.items.map((i) => i.hours).sort()).toEqual([1.5, 2])
    expect(JSON.stringify(first)).not.toMatch(/o-per-1/)

    const checked = data(await app.call<CertificateVerification>('volunteers', 'verifyCertificate', { certificateNo: first.certificateNo.toLowerCase() }, 'o-per-stranger'))
    expect(checked).toMatchObject({ valid: true, hours: 3.5, period: { from: monthAgo(), to: today(), activityCount: 2 }, issuerName: first.issuerName })
    if (checked.valid) expect(checked.volunteerName).not.toBe(first.volunteerName)
    expect(Object.keys(checked).sort()).toEqual(['activityTitle', 'certificateNo', 'hours', 'issuedAt', 'issuerName', 'period', 'serviceDate', 'valid', 'volunteerName'])
  })

  it('is issued once: asking again gives the same number and issue date; new hours in the range give a new number', async () => {
    const again = data(await app.call<PeriodCertificateView>('volunteers', 'periodCertificate', { from: monthAgo(), to: today() }, who))
    expect(again).toEqual(first)
    expect((await readAll(app.db, Collection.serviceRecords, { certificateNo: first.certificateNo })).length).toBe(1)

    await attendedActivity(who, '助老陪伴（期间）', 60)
    const more = data(await app.call<PeriodCertificateView>('volunteers', 'periodCertificate', { from: monthAgo(), to: today() }, who))
    expect(more.hours).toBe(4.5)
    expect(more.certificateNo).not.toBe(first.certificateNo)
    // The first certificate still says what it said.
    expect(data(await app.call<CertificateVerification>('volunteers', 'verifyCertificate', { certificateNo: first.certificateNo }, who))).toMatchObject({ valid: true, hours: 3.5 })
  })

  it('refuses bad ranges with a reason and writes nothing', async () => {
    const before = (await readAll(app.db, Collection.serviceRecords, {})).length
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ from: '2025-02-30', to: today() }, 'INVALID_ARGUMENT', /日期不存在/],
      [{ from: today(), to: monthAgo() }, 'INVALID_ARGUMENT', /不能早于开始日期/],
      [{ from: chinaDateKey(new Date(Date.now() + 3 * DAY)), to: chinaDateKey(new Date(Date.now() + 9 * DAY)) }, 'INVALID_ARGUMENT', /不能晚于今天/],
      [{ from: '2015-01-01', to: today() }, 'INVALID_ARGUMENT', /5 年/],
      [{ from: '2025/01/01', to: today() }, 'INVALID_ARGUMENT', /格式不正确/],
      [{ from: monthAgo() }, 'INVALID_ARGUMENT', /to/],
    ]
    for (const [payload, errCode, message] of cases) {
      const res = await app.call('volunteers', 'periodCertificate', payload, who)
      expect(code(res)).toBe(errCode)
      if (!res.ok) expect(res.error.message).toMatch(message)
    }
    expect((await readAll(app.db, Collection.serviceRecords, {})).length).toBe(before)
  })

  it('covers only the caller: someone with no service in the range gets a clear refusal, not another person’s hours', async () => {
    const none = await app.call('volunteers', 'periodCertificate', { from: monthAgo(), to: today() }, 'o-per-nobody')
    expect(code(none)).toBe('NOT_FOUND')
    if (!none.ok) expect(none.error.message).toMatch(/没有已确认的志愿服务时长/)
    // A range before the service is empty for the volunteer too.
    expect(code(await app.call('volunteers', 'periodCertificate', { from: chinaDateKey(new Date(Date.now() - 400 * DAY)), to: chinaDateKey(new Date(Date.now() - 300 * DAY)) }, who))).toBe('NOT_FOUND')
  })

  it('verification refuses invented and unknown numbers without revealing anything', async () => {
    const forged = first.certificateNo.slice(0, -1) + (first.certificateNo.endsWith('A') ? 'B' : 'A')
    expect(data(await app.call<CertificateVerification>('volunteers', 'verifyCertificate', { certificateNo: forged }, 'o-per-stranger'))).toMatchObject({ valid: false, reason: expect.stringMatching(/校验未通过/) })
    expect(data(await app.call<CertificateVerification>('volunteers', 'verifyCertificate', { certificateNo: 'NX-2025-ABC-1234' }, 'o-per-stranger'))).toMatchObject({ valid: false, reason: expect.stringMatching(/格式不正确/) })
  })
})

describe('activity arrivals in the check-in figures', () => {
  const range = () => ({ granularity: 'day' as const, from: chinaDateKey(new Date(Date.now() - DAY)), to: today() })
  const district = async () => data(await app.callAs<DistrictFigures>('admin', 'checkins', 'districtFigures', { district: '苏州工业园区', ...range() }))
  const station = async () => data(await app.callAs<VisitFigures>('admin', 'checkins', 'stationFigures', { stationId: 'st-lf-002', ...range() }))
  const arrivals = async (activityId: string) => readAll<{ _id: string; purpose: string; userId: string; stationId?: string }>(app.db, Collection.checkins, { activityId })

  it('a scanned check-in counts once in district figures, however often it is retried, and the check-out adds nothing', async () => {
    const before = await district()
    const act = await createActivity(app, { title: '驿站义剪', capacity: 5 })
    for (const p of ['o-fig-1', 'o-fig-2']) data(await app.call('volunteers', 'signUp', { activityId: act.activityId }, p))
    await startActivity(app, act.activityId, 5, 120)
    const { scene } = data(await app.callAs<{ scene: string }>('team_captain', 'volunteers', 'activityCode', { activityId: act.activityId }))
    const scan = (openid: string, phase: 'in' | 'out', key: string) =>
      app.call<AttendResult>('volunteers', 'attend', { scene, phase, entry: { method: 'scan_code' }, location: { ...PLACE, accuracy: 15 }, idempotencyKey: key }, openid)
    await Promise.all([scan('o-fig-1', 'in', 'fig-key-0001'), scan('o-fig-1', 'in', 'fig-key-0001'), scan('o-fig-1', 'in', 'fig-key-0002')])
    data(await scan('o-fig-2', 'in', 'fig-key-0003'))
    data(await scan('o-fig-1', 'out', 'fig-key-0004'))

    const docs = await arrivals(act.activityId)
    expect(docs).toHaveLength(2)
    expect(docs.every((d) => d.purpose === 'activity' && d.stationId === undefined)).toBe(true)
    const after = await district()
    expect(after.total - before.total).toBe(2)
    // Held away from any station: counted in the district series, in no station's row.
    expect(after.byStation.every((r) => typeof r.stationId === 'string' && r.stationId.length > 0)).toBe(true)
    const onlyActivities = data(await app.callAs<DistrictFigures>('admin', 'checkins', 'districtFigures', { district: '苏州工业园区', ...range(), purpose: 'activity' }))
    expect(onlyActivities.total).toBeGreaterThanOrEqual(2)
  })

  it('an activity at a station counts in that station’s figures; a captain’s no-show mark takes the arrival back', async () => {
    const before = await station()
    const activityId = await attendedActivity('o-fig-3', '驿站清洁', 60, { stationId: 'st-lf-002', location: undefined, address: undefined })
    expect((await station()).total - before.total).toBe(1)
    const [doc] = await arrivals(activityId)
    expect(doc).toMatchObject({ purpose: 'activity', stationId: 'st-lf-002', userId: app.userIdOf('o-fig-3') })

    // Another person is marked attended, then corrected to a no-show before any credit.
    const other = await createActivity(app, { title: '驿站整理', capacity: 5, stationId: 'st-lf-002', location: undefined, address: undefined })
    data(await app.call('volunteers', 'signUp', { activityId: other.activityId }, 'o-fig-4'))
    await startActivity(app, other.activityId, 30, 120)
    const { scene } = data(await app.callAs<{ scene: string }>('team_captain', 'volunteers', 'activityCode', { activityId: other.activityId }))
    const place = data(await app.callAs<{ lng: number; lat: number }>('team_captain', 'volunteers', 'activityDetail', { activityId: other.activityId }))
    data(await app.call<AttendResult>('volunteers', 'attend', { scene, phase: 'in', entry: { method: 'scan_code' }, location: { lng: place.lng, lat: place.lat, accuracy: 15 }, idempotencyKey: 'fig-key-0005' }, 'o-fig-4'))
    expect(await arrivals(other.activityId)).toHaveLength(1)
    data(await app.callAs('team_captain', 'volunteers', 'markAttendance', { activityId: other.activityId, userId: app.userIdOf('o-fig-4'), mark: 'no_show', reason: '签到后离开，未参加' }))
    expect(await arrivals(other.activityId)).toHaveLength(0)
  })

  it('activity arrivals stay out of the station-visit history (they are in the volunteer record)', async () => {
    const history = data(await app.call<{ items: Array<{ purpose: string }> }>('checkins', 'myHistory', {}, 'o-fig-1'))
    expect(history.items.some((i) => i.purpose === 'activity')).toBe(false)
    const asked = data(await app.call<{ items: Array<{ purpose: string }> }>('checkins', 'myHistory', { purpose: 'activity' }, 'o-fig-1'))
    expect(asked.items).toHaveLength(1)
  })
})

describe('seat-counter recount timer', () => {
  const backdate = async (activityId: string, minutes: number) => {
    for (const s of await signups(app, activityId)) await app.db.collection(Collection.activitySignups).doc(s._id).update({ data: { updatedAt: new Date(Date.now() - minutes * 60_000) } })
  }

  it('fixes a counter left high by a crash, audits it, and gives the freed place to the first in the waitlist', async () => {
    const act = await createActivity(app, { title: '计数测试', capacity: 2 })
    for (const p of ['o-rc-1', 'o-rc-2', 'o-rc-3']) data(await app.call('volunteers', 'signUp', { activityId: act.activityId }, p))
    expect(await signedUpCounter(app, act.activityId)).toBe(2)
    // The crash: o-rc-2's cancellation was stored but the place never given back.
    await app.db.collection(Collection.activitySignups).doc(`${act.activityId}:${app.userIdOf('o-rc-2')}`).update({ data: { state: 'cancelled', cancelledAt: new Date() } })
    await backdate(act.activityId, 10)

    const run = await app.timer<SeatRecount>('volunteers', 'recountSeats')
    const result = data(run)
    expect(result.fixed).toContainEqual({ activityId: act.activityId, before: 2, after: 1 })
    expect(result.promoted).toBeGreaterThanOrEqual(1)
    const docs = await signups(app, act.activityId)
    expect(docs.filter((d) => d.state === 'signed_up').map((d) => d.userId).sort()).toEqual([app.userIdOf('o-rc-1'), app.userIdOf('o-rc-3')].sort())
    expect(await signedUpCounter(app, act.activityId)).toBe(2)
    const audit = await readAll<{ action: string; targetId: string; before: { signedUp: number }; after: { signedUp: number }; actorId: string }>(app.db, Collection.auditLog, { targetId: act.activityId })
    expect(audit).toEqual([expect.objectContaining({ action: 'activity.recount_seats', actorId: 'system', before: { signedUp: 2 }, after: expect.objectContaining({ signedUp: 1 }) })])
    const notices = await readAll<{ userId: string }>(app.db, Collection.notifications, { refId: act.activityId })
    expect(notices.map((n) => n.userId)).toEqual([app.userIdOf('o-rc-3')])

    // Nothing left to fix: a second run changes nothing and writes no audit.
    expect(data(await app.timer<SeatRecount>('volunteers', 'recountSeats')).fixed.find((f) => f.activityId === act.activityId)).toBeUndefined()
    expect(await readAll(app.db, Collection.auditLog, { targetId: act.activityId })).toHaveLength(1)
  })

  it('fixes a counter set too low, and leaves drift alone while sign-ups are still changing', async () => {
    const low = await createActivity(app, { title: '计数偏低', capacity: 3 })
    for (const p of ['o-rc-4', 'o-rc-5']) data(await app.call('volunteers', 'signUp', { activityId: low.activityId }, p))
    await app.db.collection(Collection.activities).doc(low.activityId).update({ data: { signedUp: 0 } })
    await backdate(low.activityId, 10)

    const busy = await createActivity(app, { title: '计数忙碌', capacity: 3 })
    data(await app.call('volunteers', 'signUp', { activityId: busy.activityId }, 'o-rc-6'))
    await app.db.collection(Collection.activities).doc(busy.activityId).update({ data: { signedUp: 2 } })

    const result = data(await app.timer<SeatRecount>('volunteers', 'recountSeats'))
    expect(result.fixed).toContainEqual({ activityId: low.activityId, before: 0, after: 2 })
    expect(result.fixed.find((f) => f.activityId === busy.activityId)).toBeUndefined()
    expect(result.busy).toBeGreaterThanOrEqual(1)
    expect(await signedUpCounter(app, low.activityId)).toBe(2)
    expect(await signedUpCounter(app, busy.activityId)).toBe(2)
  })

  it('cannot be run from the mini-program: the action is internal and a timer-shaped event from a page is refused', async () => {
    for (const role of ['worker', 'team_captain', 'admin'] as const) expect(code(await app.callAs(role, 'volunteers', 'recountSeats', {}))).toBe('FORBIDDEN')
    expect(code(await app.callRaw('volunteers', { Type: 'Timer', TriggerName: 'recountSeats' }, 'dev-worker'))).toBe('FORBIDDEN')
    expect(code(await app.timer('volunteers', 'noSuchJob'))).toBe('FORBIDDEN')
  })
})
