/** Station-service booking rules: window, cut-off, overlap, per-rider limit, no-show limit; arrival window; ratings; figures. */
import { bookingIdFor, checkBooking, checkinOpen, checkRating, isNoShowDue, MAX_OPEN_BOOKINGS, noShowRestriction, slotIdFor, type BookingCheck } from '../../src/services/booking'
import { computeFigures } from '../../src/services/figures'

const china = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`)
const MIN = 60_000
const DAY = 86_400_000
const rules = { bookingWindowDays: 7, cutoffMinutes: 60 }
/** Tuesday 8 Dec 2026, 14:00–14:20 China time. */
const slot = { slotId: 'svc:202612081400', startAt: china('2026-12-08', '14:00'), endAt: china('2026-12-08', '14:20') }
const now = china('2026-12-07', '10:00')

function check(over: Partial<BookingCheck> = {}) {
  return checkBooking({ slot, now, rules, open: [], noShowAt: [], ...over })
}
const open = (id: string, start: Date, minutes = 20) => ({ bookingId: id, slotId: `other:${id}`, startAt: start, endAt: new Date(start.getTime() + minutes * MIN), label: `理发 ${id}` })

describe('booking window and cut-off', () => {
  test('opens at 00:00 China time bookingWindowDays before the slot day, not a millisecond earlier', () => {
    expect(check({ now: new Date(china('2026-12-01', '00:00').getTime() - 1) })).toMatchObject({ ok: false, reason: 'not_open_yet' })
    expect(check({ now: china('2026-12-01', '00:00') })).toEqual({ ok: true })
  })
  test('closes at the cut-off instant (60 minutes before the start)', () => {
    expect(check({ now: new Date(china('2026-12-08', '13:00').getTime() - 1) })).toEqual({ ok: true })
    const closed = check({ now: china('2026-12-08', '13:00') })
    expect(closed).toMatchObject({ ok: false, reason: 'closed' })
    if (!closed.ok) expect(closed.message).toMatch('开始前 60 分钟停止预约')
  })
})

describe('overlap and the per-rider limit', () => {
  test('an open booking overlapping the slot refuses it, naming the other booking; touching end-to-start does not overlap', () => {
    const clash = check({ open: [open('a', china('2026-12-08', '14:10'))] })
    expect(clash).toMatchObject({ ok: false, reason: 'overlap' })
    if (!clash.ok) expect(clash.message).toMatch('理发 a')
    expect(check({ open: [open('b', china('2026-12-08', '14:20'))] })).toEqual({ ok: true })
    expect(check({ open: [open('c', china('2026-12-08', '13:40'))] })).toEqual({ ok: true })
  })
  test(`at most ${MAX_OPEN_BOOKINGS} open bookings; ended ones and this same slot do not count`, () => {
    const three = [0, 1, 2].map((d) => open(`d${d}`, china('2026-12-09', `1${d}:00`)))
    expect(check({ open: three })).toMatchObject({ ok: false, reason: 'limit' })
    expect(check({ open: three.slice(0, 2) })).toEqual({ ok: true })
    const ended = open('old', china('2026-12-06', '10:00'))
    expect(check({ open: [...three.slice(0, 2), ended] })).toEqual({ ok: true })
    expect(check({ open: [...three.slice(0, 2), { ...open('same', slot.startAt), slotId: slot.slotId }] })).toEqual({ ok: true })
  })
})

describe('no-show limit: 3 in 30 days → a week without booking', () => {
  const ago = (days: number) => new Date(now.getTime() - days * DAY)
  test('two no-shows: no limit', () => {
    expect(noShowRestriction([ago(1), ago(2)], now)).toEqual({ limited: false })
  })
  test('three within 30 days: limited until a week after the latest, told why and until when', () => {
    const r = noShowRestriction([ago(1), ago(10), ago(25)], now)
    expect(r.limited).toBe(true)
    expect(r.until).toEqual(new Date(ago(1).getTime() + 7 * DAY))
    expect(r.message).toMatch('30 天内有 3 次预约未到场')
    expect(check({ noShowAt: [ago(1), ago(10), ago(25)] })).toMatchObject({ ok: false, reason: 'no_show_limit' })
  })
  test('three spread over more than 30 days: no limit', () => {
    expect(noShowRestriction([ago(1), ago(20), ago(31)], now).limited).toBe(false)
  })
  test('the week is over: books again', () => {
    expect(noShowRestriction([ago(7), ago(8), ago(9)], now).limited).toBe(false)
    expect(noShowRestriction([ago(6), ago(8), ago(9)], now).limited).toBe(true)
  })
})

describe('arrival, no-show and rating', () => {
  test('check-in opens 30 minutes before the start and closes at the end', () => {
    expect(checkinOpen(slot, new Date(slot.startAt.getTime() - 30 * MIN - 1))).toBe(false)
    expect(checkinOpen(slot, new Date(slot.startAt.getTime() - 30 * MIN))).toBe(true)
    expect(checkinOpen(slot, new Date(slot.endAt.getTime() - 1))).toBe(true)
    expect(checkinOpen(slot, slot.endAt)).toBe(false)
  })
  test('a no-show is due 30 minutes after the end', () => {
    expect(isNoShowDue(slot, new Date(slot.endAt.getTime() + 30 * MIN - 1))).toBe(false)
    expect(isNoShowDue(slot, new Date(slot.endAt.getTime() + 30 * MIN))).toBe(true)
  })
  test('ratings: 1–5 whole stars, attended only, once', () => {
    expect(checkRating({ attendance: 'attended' }, 5)).toEqual({ ok: true })
    expect(checkRating({ attendance: 'attended' }, 0)).toMatchObject({ ok: false })
    expect(checkRating({ attendance: 'attended' }, 4.5)).toMatchObject({ ok: false })
    expect(checkRating({ attendance: 'none' }, 4)).toMatchObject({ ok: false, message: '到场接受服务后才能评价' })
    expect(checkRating({ attendance: 'attended', rating: 3 }, 4)).toMatchObject({ ok: false })
  })
  test('slot and booking ids are derived from the China-time start', () => {
    expect(slotIdFor('svc', china('2026-12-08', '00:20'))).toBe('svc:202612080020')
    expect(bookingIdFor('svc:202612080020', 'u1')).toBe('svc:202612080020:u1')
  })
})

describe('figures', () => {
  test('seats offered from slots; booked, attended, no-show rate, conversions and rating from bookings', () => {
    const start = china('2026-12-08', '14:00')
    const slots = [
      { stationId: 's1', type: 'haircut' as const, startAt: start, seats: 3 },
      { stationId: 's1', type: 'haircut' as const, startAt: china('2027-01-05', '14:00'), seats: 3 },
      { stationId: 's2', type: 'health_check' as const, startAt: start, seats: 5 },
    ]
    const b = (over: Record<string, unknown>) => ({ stationId: 's1', type: 'haircut' as const, startAt: start, state: 'booked', attendance: 'none', ...over })
    const bookings = [
      b({ attendance: 'attended', rating: 5 }),
      b({ attendance: 'attended', rating: 4, offeredAt: start }),
      b({ attendance: 'no_show' }),
      b({ state: 'lapsed', offeredAt: start }),
      b({ state: 'cancelled' }),
      b({ stationId: 's2', type: 'health_check', state: 'waitlisted' }),
    ]
    const byStation = computeFigures('station', slots, bookings)
    expect(byStation.rows.map((r) => r.key)).toEqual(['s1', 's2'])
    expect(byStation.rows[0]).toEqual({ key: 's1', slots: 2, seatsOffered: 6, booked: 3, attended: 2, noShows: 1, noShowRate: 0.333, offers: 2, conversions: 1, ratings: 2, averageRating: 4.5 })
    expect(byStation.total).toMatchObject({ slots: 3, seatsOffered: 11, booked: 3 })
    expect(computeFigures('month', slots, bookings).rows.map((r) => [r.key, r.slots])).toEqual([
      ['2026-12', 2],
      ['2027-01', 1],
    ])
    expect(computeFigures('type', [], []).total).toMatchObject({ noShowRate: null, averageRating: null })
  })
})
