/** Party-member registration transitions and visit-figure periods. */
import { AppError } from '../../src/core/errors'
import { dayNumber, periodKeyOf, periodKeys, rangeBounds, rangeProblem } from '../../src/checkins/figures'
import { applyForParty, myPartyStatus, reviewPartyApplication, type PartyApplication } from '../../src/checkins/party'

const t0 = new Date('2025-06-02T02:00:00Z')
const t1 = new Date('2025-06-03T02:00:00Z')
const apply = (existing: PartyApplication | null) => applyForParty(existing, { userId: 'u-li', organisation: '娄葑街道第一党支部', contact: '13800000000' }, t0)
const thrown = (fn: () => unknown): AppError => {
  try {
    fn()
  } catch (e) {
    return e as AppError
  }
  throw new Error('expected an AppError')
}

describe('party registration', () => {
  it('creates one pending application per user', () => {
    expect(apply(null)).toEqual({ _id: 'u-li', userId: 'u-li', organisation: '娄葑街道第一党支部', contact: '13800000000', status: 'pending', appliedAt: t0, attempts: 1 })
    expect(myPartyStatus(null)).toEqual({ status: 'none', label: '未认证', canApply: true })
  })

  it('refuses to apply again while pending or once approved', () => {
    const pending = apply(null)
    expect(thrown(() => apply(pending))).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('审核中') })
    const approved = reviewPartyApplication(pending, { decision: 'approve', reviewerId: 'u-admin' }, t1)
    expect(thrown(() => apply(approved))).toMatchObject({ code: 'CONFLICT' })
  })

  it('approves, and the member sees it', () => {
    const approved = reviewPartyApplication(apply(null), { decision: 'approve', reviewerId: 'u-admin' }, t1)
    expect(approved).toMatchObject({ status: 'approved', reviewedAt: t1, reviewerId: 'u-admin' })
    expect(myPartyStatus(approved)).toEqual({
      status: 'approved',
      label: '已认证',
      organisation: '娄葑街道第一党支部',
      appliedAt: t0.toISOString(),
      reviewedAt: t1.toISOString(),
      canApply: false,
    })
  })

  it('rejects only with a reason, which the applicant sees, and lets them apply again', () => {
    const pending = apply(null)
    expect(thrown(() => reviewPartyApplication(pending, { decision: 'reject', reviewerId: 'u-admin' }, t1))).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'reason' })
    expect(thrown(() => reviewPartyApplication(pending, { decision: 'reject', reason: ' ', reviewerId: 'u-admin' }, t1))).toMatchObject({ field: 'reason' })
    const rejected = reviewPartyApplication(pending, { decision: 'reject', reason: '组织名称与党员信息系统不符', reviewerId: 'u-admin' }, t1)
    expect(myPartyStatus(rejected)).toMatchObject({ status: 'rejected', reason: '组织名称与党员信息系统不符', canApply: true })
    expect(myPartyStatus(rejected)).not.toHaveProperty('reviewerId')
    expect(apply(rejected)).toMatchObject({ status: 'pending', attempts: 2 })
    expect(apply(rejected)).not.toHaveProperty('reason')
  })

  it('cannot be reviewed twice or by the applicant', () => {
    const approved = reviewPartyApplication(apply(null), { decision: 'approve', reviewerId: 'u-admin' }, t1)
    expect(thrown(() => reviewPartyApplication(approved, { decision: 'reject', reason: '重复审核', reviewerId: 'u-admin' }, t1))).toMatchObject({ code: 'CONFLICT' })
    expect(thrown(() => reviewPartyApplication(apply(null), { decision: 'approve', reviewerId: 'u-li' }, t1))).toMatchObject({ code: 'FORBIDDEN' })
  })
})

describe('visit figure periods', () => {
  it('buckets instants by China day and month', () => {
    const lateUtc = new Date('2025-06-30T16:30:00Z') // 00:30 on 1 July in China
    expect(periodKeyOf(lateUtc, 'day')).toBe('2025-07-01')
    expect(periodKeyOf(lateUtc, 'month')).toBe('2025-07')
  })

  it('lists every period of a range so charts show zeros', () => {
    expect(periodKeys('day', '2025-02-27', '2025-03-02')).toEqual(['2025-02-27', '2025-02-28', '2025-03-01', '2025-03-02'])
    expect(periodKeys('month', '2024-11-15', '2025-02-01')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02'])
    expect(periodKeys('day', '2025-03-02', '2025-03-01')).toEqual([])
  })

  it('bounds a range to China midnights', () => {
    expect(rangeBounds('2025-06-01', '2025-06-30')).toEqual({ start: new Date('2025-05-31T16:00:00Z'), end: new Date('2025-06-30T16:00:00Z') })
  })

  it('accepts at most 92 days or 24 months, real dates, in order', () => {
    expect(rangeProblem('day', '2025-01-01', '2025-04-02')).toBeNull()
    expect(rangeProblem('day', '2025-01-01', '2025-04-03')).toBe('按天统计最多 92 天')
    expect(rangeProblem('month', '2023-01-01', '2024-12-31')).toBeNull()
    expect(rangeProblem('month', '2023-01-01', '2025-01-01')).toBe('按月统计最多 24 个月')
    expect(rangeProblem('day', '2025-02-29', '2025-03-01')).toBe('日期不存在')
    expect(rangeProblem('day', '2025-03-02', '2025-03-01')).toBe('结束日期不能早于开始日期')
    expect(dayNumber('2024-02-29')).toBe(19782)
  })
})
