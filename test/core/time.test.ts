/** China-time helpers and the stations' opening-hours rule (functions run in UTC; users live in UTC+8). */
import { addDays, chinaDateKey, chinaParts, formatHhMm, parseHhMm, startOfChinaDay } from '../../src/core/time'
import { isOpenNow, isWithinHours, type OpeningHours } from '../../src/stations/model'

// 2025-06-02 is a Monday.
const chinaTime = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`)

describe('China time', () => {
  it('computes the local calendar day, weekday and minute across the UTC date line', () => {
    const lateUtcSunday = new Date('2025-06-01T17:30:00Z') // 01:30 Monday in China
    expect(chinaParts(lateUtcSunday)).toMatchObject({ year: 2025, month: 6, day: 2, weekday: 1, minuteOfDay: 90 })
    expect(chinaDateKey(lateUtcSunday)).toBe('2025-06-02')
    expect(startOfChinaDay(lateUtcSunday).toISOString()).toBe('2025-06-01T16:00:00.000Z')
    expect(chinaDateKey(addDays(lateUtcSunday, 1))).toBe('2025-06-03')
  })
  it('parses HH:mm strictly', () => {
    expect(parseHhMm('08:30')).toBe(510)
    expect(parseHhMm('24:00')).toBe(1440)
    for (const bad of ['8:30', '24:01', '12:60', 'noon', '']) expect(parseHhMm(bad)).toBeNaN()
    expect(formatHhMm(510)).toBe('08:30')
  })
})

describe('opening hours', () => {
  const office: OpeningHours = { always: false, weekly: { 1: [{ open: '08:30', close: '12:00' }, { open: '13:30', close: '17:30' }] } }
  const late: OpeningHours = { always: false, weekly: { 1: [{ open: '07:00', close: '02:00' }] } }

  it('24 h is always open', () => expect(isWithinHours({ always: true }, chinaTime('2025-06-08', '03:00'))).toBe(true))
  it('honours split intervals per weekday', () => {
    expect(isWithinHours(office, chinaTime('2025-06-02', '09:00'))).toBe(true)
    expect(isWithinHours(office, chinaTime('2025-06-02', '12:30'))).toBe(false)
    expect(isWithinHours(office, chinaTime('2025-06-02', '17:30'))).toBe(false)
    expect(isWithinHours(office, chinaTime('2025-06-03', '09:00'))).toBe(false) // Tuesday: not listed, closed
  })
  it('carries an overnight interval into the next morning', () => {
    expect(isWithinHours(late, chinaTime('2025-06-02', '23:00'))).toBe(true)
    expect(isWithinHours(late, chinaTime('2025-06-03', '01:30'))).toBe(true) // Tuesday 01:30, from Monday's entry
    expect(isWithinHours(late, chinaTime('2025-06-03', '02:30'))).toBe(false)
  })
  it('the manager closing a station overrides its hours; full still counts as open', () => {
    expect(isOpenNow({ hours: { always: true }, liveStatus: 'closed' }, new Date())).toBe(false)
    expect(isOpenNow({ hours: { always: true }, liveStatus: 'full' }, new Date())).toBe(true)
  })
})
