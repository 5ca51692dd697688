/** The passbook's one timer: which jobs a firing runs, in China time, catching up after an outage. */
import { dueJobs, lastSlot } from '../../src/passbook/schedule'

const at = (iso: string) => new Date(iso)

describe('lastSlot', () => {
  it('reconcile: 03:30 China time (19:30 UTC the day before), today once it has passed, else yesterday', () => {
    expect(lastSlot('reconcile', at('2025-06-02T19:30:00Z'))?.toISOString()).toBe('2025-06-02T19:30:00.000Z') // 03:30 on 3 June
    expect(lastSlot('reconcile', at('2025-06-02T19:29:59Z'))?.toISOString()).toBe('2025-06-01T19:30:00.000Z')
    expect(lastSlot('reconcile', at('2025-06-02T15:59:00Z'))?.toISOString()).toBe('2025-06-01T19:30:00.000Z') // 23:59 on 2 June
  })
  it('expirePoints: 1 January 00:10 China time, across the UTC new year', () => {
    expect(lastSlot('expirePoints', at('2025-12-31T16:10:00Z'))?.toISOString()).toBe('2025-12-31T16:10:00.000Z')
    expect(lastSlot('expirePoints', at('2025-12-31T16:09:00Z'))?.toISOString()).toBe('2024-12-31T16:10:00.000Z')
    expect(lastSlot('expirePoints', at('2025-06-02T02:00:00Z'))?.toISOString()).toBe('2024-12-31T16:10:00.000Z')
  })
  it('warnExpiringPoints: 09:00 China time (01:00 UTC) every day', () => {
    expect(lastSlot('warnExpiringPoints', at('2025-12-02T01:00:00Z'))?.toISOString()).toBe('2025-12-02T01:00:00.000Z')
    expect(lastSlot('warnExpiringPoints', at('2025-12-02T00:59:00Z'))?.toISOString()).toBe('2025-12-01T01:00:00.000Z')
  })
  it('expireRedemptions has no slot: it runs at every firing', () => {
    expect(lastSlot('expireRedemptions', at('2025-06-02T02:00:00Z'))).toBeNull()
  })
})

describe('dueJobs', () => {
  const noon = at('2025-06-02T04:00:00Z') // 12:00 China time
  it('a first firing runs everything', () => {
    expect(dueJobs(noon, {})).toEqual(['expireRedemptions', 'reconcile', 'expirePoints', 'warnExpiringPoints'])
  })
  it('after today’s runs, the next firings sweep pickups only, until the next 03:30', () => {
    const runs = { reconcile: noon, expirePoints: noon, warnExpiringPoints: noon }
    expect(dueJobs(at('2025-06-02T04:10:00Z'), runs)).toEqual(['expireRedemptions'])
    expect(dueJobs(at('2025-06-02T19:20:00Z'), runs)).toEqual(['expireRedemptions'])
    expect(dueJobs(at('2025-06-02T19:30:00Z'), runs)).toEqual(['expireRedemptions', 'reconcile'])
  })
  it('a slot missed during an outage runs at the first firing after it', () => {
    const runs = { reconcile: at('2025-05-30T19:30:00Z'), expirePoints: at('2025-01-01T00:00:00Z'), warnExpiringPoints: noon }
    expect(dueJobs(noon, runs)).toEqual(['expireRedemptions', 'reconcile'])
  })
  it('the yearly expiry runs once in the new year, China time', () => {
    const runs = { reconcile: at('2025-12-31T16:00:00Z'), expirePoints: at('2025-03-01T00:00:00Z'), warnExpiringPoints: at('2025-12-31T16:00:00Z') }
    expect(dueJobs(at('2025-12-31T16:00:00Z'), runs)).toEqual(['expireRedemptions']) // 00:00 on 1 Jan
    expect(dueJobs(at('2025-12-31T16:10:00Z'), runs)).toEqual(['expireRedemptions', 'expirePoints'])
    expect(dueJobs(at('2025-12-31T16:20:00Z'), { ...runs, expirePoints: at('2025-12-31T16:10:00Z') })).toEqual(['expireRedemptions'])
  })
  it('the expiring-points notices run once a day, after 09:00 China time', () => {
    const runs = { reconcile: at('2025-06-02T19:30:00Z'), expirePoints: noon, warnExpiringPoints: noon }
    expect(dueJobs(at('2025-06-03T00:50:00Z'), runs)).toEqual(['expireRedemptions'])
    expect(dueJobs(at('2025-06-03T01:00:00Z'), runs)).toEqual(['expireRedemptions', 'warnExpiringPoints'])
  })
})
