/**
 * Pure rules behind the period certificate (range checks, summing, the deterministic number key),
 * the seat-counter recount verdict, and the activity check-in record the figures count.
 */
import { activityCheckinId, activityCheckinRecord } from '../../src/checkins/activity-record'
import { certificateNumber, verifyCertificateNumber } from '../../src/volunteers/certificate'
import { chinaNoon, MAX_PERIOD_DAYS, periodKey, periodProblem, PLATFORM_ISSUER, summarisePeriod, type PeriodItem } from '../../src/volunteers/period'
import { recountVerdict, RECOUNT_QUIET_MS } from '../../src/volunteers/recount'

const SECRET = 'test-secret-0123456789abcdef'
const item = (over: Partial<PeriodItem>): PeriodItem => ({ signupId: 'a1:u1', activityId: 'a1', title: '助老陪伴', serviceDate: '2025-03-02', hours: 2, teamId: 't1', issuerName: '娄葑街道小葑哥先锋服务队', ...over })

describe('period range', () => {
  it('accepts a year so far and refuses impossible, reversed, future and over-long ranges with a reason', () => {
    expect(periodProblem('2025-01-01', '2025-06-02', '2025-06-02')).toBeNull()
    expect(periodProblem('2025-01-01', '2025-12-31', '2025-06-02')).toBeNull()
    expect(periodProblem('2025-02-30', '2025-03-01', '2025-06-02')).toMatch(/日期不存在/)
    expect(periodProblem('2025-05-01', '2025-04-01', '2025-06-02')).toMatch(/不能早于开始日期/)
    expect(periodProblem('2025-07-01', '2025-07-31', '2025-06-02')).toMatch(/不能晚于今天/)
    expect(periodProblem('2019-01-01', '2025-06-01', '2025-06-02')).toMatch(/最长覆盖 5 年/)
    expect(MAX_PERIOD_DAYS).toBeGreaterThanOrEqual(5 * 365)
  })
})

describe('summarisePeriod', () => {
  const items = [
    item({ signupId: 'a2:u1', activityId: 'a2', title: '文明劝导', serviceDate: '2025-04-10', hours: 1.5 }),
    item({}),
    item({ signupId: 'a3:u1', activityId: 'a3', title: '文明劝导', serviceDate: '2025-05-20', hours: 0.5, teamId: 't2', issuerName: '沙湾街道铜河小哥志愿服务队' }),
    item({ signupId: 'a4:u1', activityId: 'a4', serviceDate: '2024-12-31', hours: 3 }),
    item({ signupId: 'a5:u1', activityId: 'a5', serviceDate: '2025-02-01', hours: 0 }),
  ]

  it('sums hours in the range only, oldest first, names the content and the last service day', () => {
    const s = summarisePeriod(items, '2025-01-01', '2025-12-31')!
    expect(s.items.map((i) => i.activityId)).toEqual(['a1', 'a2', 'a3'])
    expect(s.hours).toBe(4)
    expect(s.activityCount).toBe(3)
    expect(s.lastServiceDate).toBe('2025-05-20')
    expect(s.serviceContent).toBe('参加志愿服务活动 3 次：助老陪伴、文明劝导')
    expect(s.issuerTeamIds).toEqual(['t1', 't2'])
  })

  it('is issued by the team when all service was with one team, else by the platform', () => {
    expect(summarisePeriod(items, '2025-01-01', '2025-04-30')!.issuerName).toBe('娄葑街道小葑哥先锋服务队')
    expect(summarisePeriod(items, '2025-01-01', '2025-12-31')!.issuerName).toBe(PLATFORM_ISSUER)
  })

  it('has nothing to certify in a range without confirmed hours', () => {
    expect(summarisePeriod(items, '2025-01-15', '2025-02-28')).toBeNull()
    expect(summarisePeriod([], '2025-01-01', '2025-12-31')).toBeNull()
  })

  it('names at most eight titles, then how many in all', () => {
    const many = Array.from({ length: 10 }, (_, i) => item({ signupId: `x${i}:u1`, activityId: `x${i}`, title: `活动${i}`, serviceDate: `2025-03-${String(i + 10)}` }))
    expect(summarisePeriod(many, '2025-01-01', '2025-12-31')!.serviceContent).toMatch(/活动7 等 10 项$/)
  })
})

describe('period certificate number', () => {
  it('is the same for the same coverage, different when hours or sign-ups change, and verifies like any certificate', () => {
    const a = periodKey('u1', '2025-01-01', '2025-12-31', [item({}), item({ signupId: 'a2:u1', hours: 1.5 })])
    const reordered = periodKey('u1', '2025-01-01', '2025-12-31', [item({ signupId: 'a2:u1', hours: 1.5 }), item({})])
    expect(reordered).toBe(a)
    expect(periodKey('u1', '2025-01-01', '2025-12-31', [item({}), item({ signupId: 'a2:u1', hours: 2 })])).not.toBe(a)
    expect(periodKey('u2', '2025-01-01', '2025-12-31', [item({}), item({ signupId: 'a2:u1', hours: 1.5 })])).not.toBe(a)
    expect(periodKey('u1', '2025-01-01', '2025-06-30', [item({}), item({ signupId: 'a2:u1', hours: 1.5 })])).not.toBe(a)
    const no = certificateNumber(a, chinaNoon('2025-05-20'), SECRET)
    expect(no).toMatch(/^NX-20250520-/)
    expect(certificateNumber(a, chinaNoon('2025-05-20'), SECRET)).toBe(no)
    expect(verifyCertificateNumber(no, SECRET)).toEqual({ ok: true, serviceDate: '2025-05-20' })
    expect(certificateNumber(a, chinaNoon('2025-05-20'), SECRET)).not.toBe(certificateNumber('a1:u1', chinaNoon('2025-05-20'), SECRET))
  })

  it('dates by the China day even near midnight', () => {
    expect(chinaNoon('2025-01-01').toISOString()).toBe('2025-01-01T04:00:00.000Z')
  })
})

describe('seat recount verdict', () => {
  const now = new Date('2025-06-02T02:00:00Z')
  const ago = (ms: number) => new Date(now.getTime() - ms)

  it('leaves a matching counter alone', () => {
    expect(recountVerdict({ counter: 3, signedUp: 3, lastChangeAt: ago(1000), now })).toEqual({ kind: 'ok' })
  })
  it('does not touch drift while sign-ups are changing (a request may be between its two steps)', () => {
    expect(recountVerdict({ counter: 3, signedUp: 2, lastChangeAt: ago(RECOUNT_QUIET_MS - 1), now })).toEqual({ kind: 'busy' })
  })
  it('fixes drift either way once sign-ups have been still, to the real count', () => {
    expect(recountVerdict({ counter: 3, signedUp: 2, lastChangeAt: ago(RECOUNT_QUIET_MS), now })).toEqual({ kind: 'fix', after: 2 })
    expect(recountVerdict({ counter: 1, signedUp: 2, lastChangeAt: ago(RECOUNT_QUIET_MS * 10), now })).toEqual({ kind: 'fix', after: 2 })
    expect(recountVerdict({ counter: 1, signedUp: 0, lastChangeAt: null, now })).toEqual({ kind: 'fix', after: 0 })
    expect(recountVerdict({ counter: NaN, signedUp: 0, lastChangeAt: null, now })).toEqual({ kind: 'ok' })
  })
})

describe('activity check-in record', () => {
  const startAt = new Date('2025-06-01T16:30:00Z') // 00:30 on 2 June, China time
  const base = { userId: 'u1', activityId: 'act-1', activityStartAt: startAt, district: '苏州工业园区', source: 'scan' as const }

  it('has one id per person per activity (the activity start day as the window), whenever they arrive', () => {
    const early = activityCheckinRecord({ ...base, checkInAt: new Date('2025-06-01T16:35:00Z') })
    const late = activityCheckinRecord({ ...base, checkInAt: new Date('2025-06-02T03:00:00Z'), source: 'captain' })
    expect(early._id).toBe('activity:u1:act-1:20250602-0000')
    expect(late._id).toBe(early._id)
    expect(activityCheckinId('u1', 'act-1', startAt)).toBe(early._id)
    expect(activityCheckinId('u2', 'act-1', startAt)).not.toBe(early._id)
  })

  it('counts toward the China day and month of the arrival, in the district, and at the station when there is one', () => {
    const r = activityCheckinRecord({ ...base, checkInAt: new Date('2025-06-01T16:35:00Z'), station: { _id: 'st-lf-002', code: 'LF002', type: 'station' as never } })
    expect(r).toMatchObject({ purpose: 'activity', day: '2025-06-02', month: '2025-06', district: '苏州工业园区', stationId: 'st-lf-002', stationCode: 'LF002', idempotencyKey: r._id })
    const away = activityCheckinRecord({ ...base, checkInAt: new Date('2025-06-01T16:35:00Z') })
    expect(away.stationId).toBeUndefined()
  })
})
