/**
 * Pure passbook rules: points under caps, reward limits and windows, redemption transitions, the
 * idempotency parameter check, FIFO expiry and pickup codes.
 */
import { expiringSoon, lapseAt, lapsedPoints, remainingLots } from '../../src/passbook/expiry'
import { formatPickupCode, generatePickupCode, isValidPickupCode, normalizePickupInput, pickupQrText } from '../../src/passbook/pickup-code'
import { applyCaps, basePoints, canTransition, currentUse, differingParams, limitRefusal, releaseUse, rewardUnavailable, takeUse } from '../../src/passbook/rules'
import { prng } from '../../scripts/seed/synthetic-stations'

const at = (iso: string) => new Date(iso)

describe('points and caps', () => {
  it('rounds per-unit points down to whole points', () => {
    expect(basePoints({ pointsPerUnit: 10 }, 1.1)).toBe(11)
    expect(basePoints({ pointsPerUnit: 10 }, 1.25)).toBe(12)
    expect(basePoints({ pointsPerUnit: 20 }, 1)).toBe(20)
  })

  it('grants what fits under the daily and monthly caps and marks the rest capped', () => {
    const rule = { dailyCap: 50, monthlyCap: 70 }
    const d1 = at('2025-03-10T04:00:00Z')
    const a = applyCaps(rule, undefined, 30, d1)
    expect(a).toMatchObject({ points: 30, capped: false, usage: { day: '2025-03-10', dayPoints: 30, month: '2025-03', monthPoints: 30 } })
    const b = applyCaps(rule, a.usage, 30, d1)
    expect(b).toMatchObject({ points: 20, capped: true })
    expect(applyCaps(rule, b.usage, 30, d1)).toMatchObject({ points: 0, capped: true })
    // Next China day: the daily cap resets, the monthly one does not.
    expect(applyCaps(rule, b.usage, 30, at('2025-03-10T16:00:00Z'))).toMatchObject({ points: 20, capped: true })
    expect(applyCaps(rule, b.usage, 30, at('2025-04-01T01:00:00Z'))).toMatchObject({ points: 30, capped: false })
    expect(applyCaps({ dailyCap: 0, monthlyCap: 0 }, b.usage, 999, d1)).toMatchObject({ points: 999, capped: false })
  })
})

describe('reward limits and window', () => {
  const now = at('2025-06-02T02:00:00Z')
  it('refuses inactive, not yet open and ended rewards with a reason', () => {
    expect(rewardUnavailable({ active: false, stock: 1 }, now)).toContain('下架')
    expect(rewardUnavailable({ active: true, stock: 1, validFrom: at('2025-07-01T00:00:00Z') }, now)).toContain('尚未开始')
    expect(rewardUnavailable({ active: true, stock: 1, validUntil: now }, now)).toContain('已结束')
    expect(rewardUnavailable({ active: true, stock: 1 }, now)).toBeNull()
  })

  it('counts per day, month and total, and gives a slot back on cancel', () => {
    const reward = { limitPerDay: 1, limitPerMonth: 2, limitTotal: 3 }
    let use = currentUse(undefined, now)
    expect(limitRefusal(reward, use)).toBeNull()
    use = takeUse(use)
    expect(limitRefusal(reward, use)).toContain('每天')
    const tomorrow = at('2025-06-03T02:00:00Z')
    use = takeUse(currentUse(use, tomorrow))
    expect(limitRefusal(reward, currentUse(use, at('2025-06-04T02:00:00Z')))).toContain('每月')
    use = takeUse(currentUse(use, at('2025-07-01T02:00:00Z')))
    expect(limitRefusal(reward, currentUse(use, at('2025-07-02T02:00:00Z')))).toContain('限兑 3 次')
    const back = releaseUse(use, at('2025-07-01T02:00:00Z'), at('2025-07-01T05:00:00Z'))
    expect(back).toMatchObject({ dayCount: 0, monthCount: 0, total: 2 })
    // Cancelling last month's redemption frees the total, not this month's count.
    expect(releaseUse(use, now, at('2025-07-01T05:00:00Z'))).toMatchObject({ dayCount: 1, monthCount: 1, total: 2 })
  })
})

describe('redemption states and idempotency', () => {
  it('only pending redemptions move, and only to a final state', () => {
    expect(canTransition('pending', 'fulfilled')).toBe(true)
    expect(canTransition('pending', 'cancelled')).toBe(true)
    expect(canTransition('fulfilled', 'cancelled')).toBe(false)
    expect(canTransition('cancelled', 'fulfilled')).toBe(false)
    expect(canTransition('expired', 'pending')).toBe(false)
  })

  it('names the parameters a reused key changed', () => {
    expect(differingParams({ userId: 'u1', quantity: 2 }, { userId: 'u1', quantity: 2 })).toEqual([])
    expect(differingParams({ userId: 'u1', quantity: 2 }, { userId: 'u2', quantity: 3 })).toEqual(['quantity', 'userId'])
    expect(differingParams(undefined, { userId: 'u1' })).toEqual(['userId'])
  })
})

describe('expiry, oldest first', () => {
  const e = (id: string, delta: number, iso: string) => ({ _id: id, delta, createdAt: iso })
  it('lapses at the end of the year after the year earned, China time', () => {
    expect(lapseAt(at('2024-12-31T15:59:00Z')).toISOString()).toBe('2025-12-31T16:00:00.000Z')
    // 2024-12-31 16:30 UTC is already 2025-01-01 in China.
    expect(lapseAt(at('2024-12-31T16:30:00Z')).toISOString()).toBe('2026-12-31T16:00:00.000Z')
  })

  it('spends the oldest lots first and expires only what is left of lapsed lots', () => {
    const entries = [e('a', 50, '2023-04-01T00:00:00Z'), e('b', 30, '2024-05-01T00:00:00Z'), e('r', -20, '2024-06-01T00:00:00Z'), e('c', 40, '2025-02-01T00:00:00Z')]
    expect(remainingLots(entries).map((l) => [l.entryId, l.remaining])).toEqual([['a', 30], ['b', 30], ['c', 40]])
    expect(lapsedPoints(entries, at('2025-01-01T00:00:00Z'))).toBe(30)
    expect(lapsedPoints(entries, at('2026-01-01T00:00:00Z'))).toBe(60)
    // After the expire entry is written nothing more lapses at the same instant.
    expect(lapsedPoints([...entries, e('x', -30, '2025-01-01T00:00:00Z')], at('2025-01-01T00:00:00Z'))).toBe(0)
    expect(expiringSoon(entries, at('2025-11-01T00:00:00Z'))).toEqual([{ points: 30, lapsesAt: at('2025-12-31T16:00:00Z') }])
    expect(expiringSoon(entries, at('2025-06-01T00:00:00Z'))).toEqual([])
  })
})

describe('pickup codes', () => {
  it('are 10 digits with a check digit that catches a typo or a swapped pair', () => {
    const rand = prng(7)
    for (let i = 0; i < 200; i++) {
      const c = generatePickupCode(rand)
      expect(c).toMatch(/^[1-9]\d{9}$/)
      expect(isValidPickupCode(c)).toBe(true)
      const typo = c.slice(0, 3) + String((Number(c[3]) + 1) % 10) + c.slice(4)
      expect(isValidPickupCode(typo)).toBe(false)
      // Luhn catches every adjacent swap except 09 ↔ 90.
      if (c[4] !== c[5] && !['09', '90'].includes(c[4] + c[5])) expect(isValidPickupCode(c.slice(0, 4) + c[5] + c[4] + c.slice(6))).toBe(false)
    }
  })

  it('accepts typed or scanned input and formats for reading aloud', () => {
    const c = generatePickupCode(prng(9))
    expect(normalizePickupInput(formatPickupCode(c))).toBe(c)
    expect(normalizePickupInput(pickupQrText(c))).toBe(c)
    expect(normalizePickupInput('12-34 56')).toBe('123456')
    expect(normalizePickupInput('abc')).toBeNull()
    expect(formatPickupCode('1234567890')).toBe('1234 5678 90')
  })
})
