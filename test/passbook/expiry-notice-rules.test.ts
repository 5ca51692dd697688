/** When the "points expiring" notice is due and for how many points: the pure rules the notice job uses. */
import { EXPIRY_NOTICE_DAYS, lapseToWarnAbout, nextLapse, pointsLapsingAt } from '../../src/passbook/expiry'

const at = (iso: string) => new Date(iso)

describe('nextLapse', () => {
  it('is the coming 1 January 00:00 China time (16:00 UTC on 31 December), even from the last China evening of the year', () => {
    expect(nextLapse(at('2026-06-01T00:00:00Z')).toISOString()).toBe('2026-12-31T16:00:00.000Z')
    expect(nextLapse(at('2026-12-31T15:59:00Z')).toISOString()).toBe('2026-12-31T16:00:00.000Z')
    // 00:00 on 1 January China time has just passed: the next lapse is a year on.
    expect(nextLapse(at('2026-12-31T16:00:00Z')).toISOString()).toBe('2027-12-31T16:00:00.000Z')
  })
})

describe('lapseToWarnAbout', () => {
  it(`answers the lapse only within ${EXPIRY_NOTICE_DAYS} days of it`, () => {
    expect(lapseToWarnAbout(at('2026-12-01T16:00:00Z'))?.toISOString()).toBe('2026-12-31T16:00:00.000Z') // exactly 30 days
    expect(lapseToWarnAbout(at('2026-12-01T15:59:00Z'))).toBeNull()
    expect(lapseToWarnAbout(at('2026-06-01T00:00:00Z'))).toBeNull()
    expect(lapseToWarnAbout(at('2026-06-01T00:00:00Z'), 365)?.toISOString()).toBe('2026-12-31T16:00:00.000Z')
  })
})

describe('pointsLapsingAt', () => {
  it('counts the unspent points of the lots lapsing at that instant, after spending the oldest first', () => {
    const entries = [
      { _id: 'a', delta: 50, createdAt: '2025-03-01T02:00:00Z' }, // lapses 2027-01-01 China
      { _id: 'b', delta: 20, createdAt: '2026-03-01T02:00:00Z' }, // lapses 2028-01-01 China
      { _id: 'c', delta: -30, createdAt: '2026-04-01T02:00:00Z' },
    ]
    expect(pointsLapsingAt(entries, at('2026-12-31T16:00:00Z'))).toBe(20)
    expect(pointsLapsingAt(entries, at('2027-12-31T16:00:00Z'))).toBe(20)
    expect(pointsLapsingAt([...entries, { _id: 'd', delta: -25, createdAt: '2026-05-01T02:00:00Z' }], at('2026-12-31T16:00:00Z'))).toBe(0)
  })
})
