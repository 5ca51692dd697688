/**
 * Dashboard figures, pure: events fall on the China day they happened (not UTC's), visitors are distinct
 * per day, periods and their previous period, and sums.
 */
import { countsOf, daysBetween, figuresByDay, mergeDay, periodFor, previousPeriod, sumCounts, threeRates, totalsOf, changeText, percentText, type DaySources } from '../../src/district/dashboard'

const none: DaySources = { reports: [], checkins: [], wishes: [], suggestions: [], activities: [] }
const NOW = new Date('2026-12-06T04:00:00.000Z') // 12:00 on the 6th in China

test('events count on their China day; visitors are distinct per day', () => {
  const reports = [
    { createdAt: '2026-12-04T15:59:00.000Z', acceptedAt: '2026-12-04T16:00:00.000Z', resolvedAt: null }, // 23:59 on the 4th → accepted 00:00 on the 5th
    { createdAt: '2026-12-04T16:30:00.000Z', acceptedAt: null, resolvedAt: '2026-12-05T09:00:00.000Z' },
  ]
  // As the read groups them: per chunk of stations, day and purpose; a day may come from two chunks.
  const checkins = [
    { day: '2026-12-05', purpose: 'visit', count: 2, users: ['a'] },
    { day: '2026-12-05', purpose: 'visit', count: 2, users: ['a', 'b'] },
    { day: '2026-12-05', purpose: 'party_report', count: 1, users: ['c'] },
    { day: '2026-12-04', purpose: 'visit', count: 1, users: ['d'] },
    { day: '2026-12-03', purpose: 'visit', count: 5, users: ['e'] },
  ]
  const [d4, d5] = figuresByDay(['2026-12-04', '2026-12-05'], NOW, { ...none, reports, checkins })
  expect(d5).toMatchObject({ day: '2026-12-05', received: 1, accepted: 1, resolved: 1, visits: 4, visitors: 2, partyReports: 1, resolveHours: [16.5] })
  expect(d4).toMatchObject({ day: '2026-12-04', received: 1, accepted: 0, resolved: 0, visits: 1, visitors: 1, partyReports: 0, resolveHours: [] })
})

test('三率 count on the day the deadline fell (not before it has passed), ratings on the day given', () => {
  const day = '2026-12-05'
  const reports = [
    // Received 10:00 on the 4th (China): answer due 10:00 on the 5th. Accepted in time; due (SLA) 20:00 on the 5th, resolved in time; rated 5.
    { createdAt: '2026-12-04T02:00:00Z', acceptedAt: '2026-12-04T03:00:00Z', resolvedAt: '2026-12-05T06:00:00Z', dueAt: '2026-12-05T12:00:00Z', closedAt: '2026-12-05T08:00:00Z', rating: 5 },
    // Received 11:00 on the 4th: rejected a day and a half later — answered late. Never accepted: no resolution due.
    { createdAt: '2026-12-04T03:00:00Z', closedAt: '2026-12-05T15:00:00Z', dueAt: '2026-12-05T13:00:00Z' },
    // Received 12:00 on the 4th, accepted late, due 14:00 on the 5th, resolved after its due time; rated 3 on the 6th.
    { createdAt: '2026-12-04T04:00:00Z', acceptedAt: '2026-12-05T05:00:00Z', dueAt: '2026-12-05T06:00:00Z', resolvedAt: '2026-12-05T09:00:00Z', closedAt: '2026-12-05T17:00:00Z', rating: 3 },
    // Received 11:00 on the 6th: its answer is due 11:00 on the 7th, after NOW — not counted anywhere yet.
    { createdAt: '2026-12-06T03:00:00Z' },
    // Received 08:00 on the 5th, unanswered: due 08:00 on the 6th, before NOW (12:00) — late on the 6th.
    { createdAt: '2026-12-05T00:00:00Z', dueAt: '2026-12-07T00:00:00Z' },
  ]
  const [d5, d6] = figuresByDay([day, '2026-12-06'], NOW, { ...none, reports })
  expect(d5).toMatchObject({ responseDue: 3, respondedInTime: 1, resolveDue: 2, resolvedInTime: 1, rated: 1, satisfied: 1, resolved: 2, resolveHours: [28, 29] })
  expect(d6).toMatchObject({ received: 1, responseDue: 1, respondedInTime: 0, resolveDue: 0, rated: 1, satisfied: 0 })
  const totals = totalsOf([d5, d6])
  expect(totals.rates.response).toBeCloseTo(1 / 4)
  expect(totals.rates.resolution).toBeCloseTo(1 / 2)
  expect(totals.rates.satisfaction).toBeCloseTo(1 / 2)
  expect(totals.rates.overall).toBeCloseTo(0.3 * 0.25 + 0.35 * 0.5 + 0.35 * 0.5)
  expect(totals.medianHoursToResolve).toBe(28.5)
  expect(threeRates(sumCounts([]))).toEqual({ response: null, resolution: null, satisfaction: null, overall: null })
})

test('wishes, suggestions and volunteer activities count on their own days', () => {
  const [d5] = figuresByDay(['2026-12-05'], NOW, {
    ...none,
    wishes: [
      { publishedAt: '2026-12-05T01:00:00Z', claim: { claimedAt: '2026-12-05T02:00:00Z' }, fulfilledAt: '2026-12-06T01:00:00Z' },
      { publishedAt: '2026-12-01T01:00:00Z', claim: null, fulfilledAt: undefined },
    ],
    suggestions: [{ createdAt: '2026-12-05T01:00:00Z', answeredAt: '2026-12-05T03:00:00Z', adoptedAt: '2026-12-04T03:00:00Z' }],
    activities: [
      { startAt: '2026-12-05T01:00:00Z', attended: 12, hours: 23.5 },
      { startAt: '2026-12-05T06:00:00Z', attended: 3, hours: 4.5 },
      { startAt: '2026-12-04T06:00:00Z', attended: 9, hours: 9 },
    ],
  })
  expect(d5).toMatchObject({ wishesPublished: 1, wishesClaimed: 1, wishesFulfilled: 0, suggestionsReceived: 1, suggestionsAnswered: 1, suggestionsAdopted: 0, activities: 2, attendances: 15, certifiedHours: 28 })
})

test('periods: days included at both ends, the previous period of the same length, sums over streets', () => {
  expect(daysBetween('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02'])
  expect(previousPeriod('2026-11-01', '2026-11-30')).toEqual({ from: '2026-10-02', to: '2026-10-31' })
  expect(previousPeriod('2026-12-05', '2026-12-05')).toEqual({ from: '2026-12-04', to: '2026-12-04' })
  const [a] = figuresByDay(['2026-12-05'], NOW, { ...none, reports: [{ createdAt: '2026-12-04T16:00:00Z', resolvedAt: '2026-12-05T02:00:00Z' }] })
  const [b] = figuresByDay(['2026-12-05'], NOW, { ...none, reports: [{ createdAt: '2026-12-04T16:00:00Z', resolvedAt: '2026-12-05T06:00:00Z' }], checkins: [{ day: '2026-12-05', purpose: 'visit', count: 1, users: ['x'] }] })
  const both = mergeDay('2026-12-05', [a, b])
  expect(both).toMatchObject({ received: 2, resolved: 2, visits: 1, resolveHours: [10, 14] })
  expect(totalsOf([both]).medianHoursToResolve).toBe(12)
  expect(countsOf(both)).not.toHaveProperty('resolveHours')
})

test('shares and changes as the page writes them', () => {
  expect(percentText(0.875)).toBe('87.5%')
  expect(percentText(null)).toBe('—')
  expect(changeText(0.9, 0.85, true)).toBe('+5 个百分点')
  expect(changeText(3, 5)).toBe('-2')
  expect(changeText(4, 4)).toBe('持平')
  expect(changeText(null, 4)).toBe('—')
})

test('the pages\' periods are China days: the last N days to today, or the previous calendar month', () => {
  // 21:00 UTC on 5 December is already 6 December in China.
  expect(periodFor({ lastDays: 7 }, new Date('2026-12-05T21:00:00Z'))).toEqual({ from: '2026-11-30', to: '2026-12-06' })
  expect(periodFor({ lastDays: 30 }, new Date('2026-12-05T21:00:00Z'))).toEqual({ from: '2026-11-07', to: '2026-12-06' })
  expect(periodFor('last_month', new Date('2026-03-10T04:00:00Z'))).toEqual({ from: '2026-02-01', to: '2026-02-28' })
  // In China it is 1 January already: last month is December of the year before.
  expect(periodFor('last_month', new Date('2025-12-31T17:00:00Z'))).toEqual({ from: '2025-12-01', to: '2025-12-31' })
})
