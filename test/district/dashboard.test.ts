/**
 * Dashboard figures, pure: events fall on the China day they happened (not UTC's), visitors are distinct
 * per day, periods and their previous period, and sums.
 */
import { dayFigures, daysBetween, previousPeriod, sumDays, periodFor } from '../../src/district/dashboard'

test('events count on their China day; visitors are distinct per day', () => {
  const reports = [
    { createdAt: '2026-12-04T15:59:00.000Z', acceptedAt: '2026-12-04T16:00:00.000Z', resolvedAt: null }, // 23:59 on the 4th → accepted 00:00 on the 5th
    { createdAt: '2026-12-04T16:30:00.000Z', acceptedAt: null, resolvedAt: '2026-12-05T09:00:00.000Z' },
  ]
  const checkins = [
    { userId: 'a', purpose: 'visit', at: '2026-12-05T01:00:00.000Z' },
    { userId: 'a', purpose: 'visit', at: '2026-12-05T10:00:00.000Z' },
    { userId: 'b', purpose: 'visit', at: '2026-12-04T16:00:00.000Z' },
    { userId: 'c', purpose: 'party_report', at: '2026-12-05T02:00:00.000Z' },
    { userId: 'd', purpose: 'visit', at: '2026-12-04T15:00:00.000Z' },
  ]
  expect(dayFigures('2026-12-05', reports, checkins)).toEqual({ day: '2026-12-05', received: 1, accepted: 1, resolved: 1, visits: 3, visitors: 2, partyReports: 1 })
  expect(dayFigures('2026-12-04', reports, checkins)).toEqual({ day: '2026-12-04', received: 1, accepted: 0, resolved: 0, visits: 1, visitors: 1, partyReports: 0 })
})

test('periods: days included at both ends, the previous period of the same length, sums', () => {
  expect(daysBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'])
  expect(previousPeriod('2026-11-01', '2026-11-30')).toEqual({ from: '2026-10-02', to: '2026-10-31' })
  expect(previousPeriod('2026-12-05', '2026-12-05')).toEqual({ from: '2026-12-04', to: '2026-12-04' })
  const one = { received: 1, accepted: 2, resolved: 3, visits: 4, visitors: 5, partyReports: 6 }
  expect(sumDays([one, one])).toEqual({ received: 2, accepted: 4, resolved: 6, visits: 8, visitors: 10, partyReports: 12 })
})

test('the pages\' periods are China days: the last N days to today, or the previous calendar month', () => {
  // 21:00 UTC on 5 December is already 6 December in China.
  expect(periodFor({ lastDays: 7 }, new Date('2026-12-05T21:00:00Z'))).toEqual({ from: '2026-11-30', to: '2026-12-06' })
  expect(periodFor({ lastDays: 30 }, new Date('2026-12-05T21:00:00Z'))).toEqual({ from: '2026-11-07', to: '2026-12-06' })
  expect(periodFor('last_month', new Date('2026-03-10T04:00:00Z'))).toEqual({ from: '2026-02-01', to: '2026-02-28' })
  // In China it is 1 January already: last month is December of the year before.
  expect(periodFor('last_month', new Date('2025-12-31T17:00:00Z'))).toEqual({ from: '2025-12-01', to: '2025-12-31' })
})
