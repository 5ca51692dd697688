/**
 * The 7-field cron of timer triggers, in China time (UTC+8): field syntax, the day-of-month / day-of-week
 * rule, the year field, next firings across boundaries, and invalid expressions.
 */
import { CronError, parseCron } from '../src/functions/cron'

/** A China wall-clock time, e.g. '2025-06-02 10:03:07', as ms since epoch. */
const cn = (s: string) => Date.parse(`${s.replace(' ', 'T')}+08:00`)
/** ms since epoch as China wall-clock text. */
const show = (t: number | null) => (t === null ? null : new Date(t + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '))
const next = (expr: string, after: string) => show(parseCron(expr).next(cn(after)))
/** The next n firings after a time. */
function firings(expr: string, after: string, n: number): Array<string | null> {
  const c = parseCron(expr)
  const out: Array<string | null> = []
  let t: number | null = cn(after)
  for (let i = 0; i < n && t !== null; i++) {
    t = c.next(t)
    out.push(show(t))
  }
  return out
}

describe('cron fields', () => {
  test('* in every field fires every second', () => {
    expect(firings('* * * * * * *', '2025-06-02 10:00:58', 3)).toEqual(['2025-06-02 10:00:59', '2025-06-02 10:01:00', '2025-06-02 10:01:01'])
  })

  test('numbers', () => {
    expect(next('30 15 10 * * * *', '2025-06-02 09:00:00')).toBe('2025-06-02 10:15:30')
    expect(next('30 15 10 * * * *', '2025-06-02 10:15:30')).toBe('2025-06-03 10:15:30')
  })

  test('ranges and lists', () => {
    expect(firings('0 0 9-11 * * * *', '2025-06-02 00:00:00', 4)).toEqual(['2025-06-02 09:00:00', '2025-06-02 10:00:00', '2025-06-02 11:00:00', '2025-06-03 09:00:00'])
    expect(firings('0 0 10,14,16 * * * *', '2025-06-02 12:00:00', 3)).toEqual(['2025-06-02 14:00:00', '2025-06-02 16:00:00', '2025-06-03 10:00:00'])
    expect(firings('0 5,0-1 0 * * * *', '2025-06-02 00:00:00', 3)).toEqual(['2025-06-02 00:01:00', '2025-06-02 00:05:00', '2025-06-03 00:00:00'])
  })

  test('steps: */n, a-b/n and a/n', () => {
    expect(firings('0 */10 * * * * *', '2025-06-02 10:03:07', 3)).toEqual(['2025-06-02 10:10:00', '2025-06-02 10:20:00', '2025-06-02 10:30:00'])
    expect(firings('*/15 * * * * * *', '2025-06-02 10:00:00', 4)).toEqual(['2025-06-02 10:00:15', '2025-06-02 10:00:30', '2025-06-02 10:00:45', '2025-06-02 10:01:00'])
    expect(firings('0 10-30/10 * * * * *', '2025-06-02 10:00:00', 4)).toEqual(['2025-06-02 10:10:00', '2025-06-02 10:20:00', '2025-06-02 10:30:00', '2025-06-02 11:10:00'])
    expect(firings('0 1/20 * * * * *', '2025-06-02 10:00:00', 4)).toEqual(['2025-06-02 10:01:00', '2025-06-02 10:21:00', '2025-06-02 10:41:00', '2025-06-02 11:01:00'])
  })

  test('month and weekday names, any case', () => {
    expect(next('0 15 10 * * MON-FRI *', '2025-06-06 11:00:00')).toBe('2025-06-09 10:15:00') // Fri after 10:15 → Mon
    expect(next('0 0 12 * * wed *', '2025-06-02 00:00:00')).toBe('2025-06-04 12:00:00')
    expect(next('0 0 0 1 MAR,sep * *', '2025-06-02 00:00:00')).toBe('2025-09-01 00:00:00')
    expect(next('0 0 0 1 JAN-FEB * *', '2025-06-02 00:00:00')).toBe('2026-01-01 00:00:00')
  })

  test('day-of-week 0 is Sunday', () => {
    expect(next('0 0 8 * * 0 *', '2025-06-02 00:00:00')).toBe('2025-06-08 08:00:00') // 2025-06-08 is a Sunday
    expect(next('0 0 8 * * SUN *', '2025-06-02 00:00:00')).toBe('2025-06-08 08:00:00')
    expect(next('0 0 8 * * 6 *', '2025-06-02 00:00:00')).toBe('2025-06-07 08:00:00')
  })

  test('day-of-month and day-of-week both restricted: either matches (OR)', () => {
    // The 13th or any Friday: Fri 6 June, then Fri 13 June, Sat 14 no, … Fri 20 June; 13 July is a Sunday.
    expect(firings('0 0 0 13 * FRI *', '2025-06-01 00:00:00', 4)).toEqual(['2025-06-06 00:00:00', '2025-06-13 00:00:00', '2025-06-20 00:00:00', '2025-06-27 00:00:00'])
    expect(firings('0 0 0 13 * FRI *', '2025-07-05 00:00:00', 3)).toEqual(['2025-07-11 00:00:00', '2025-07-13 00:00:00', '2025-07-18 00:00:00'])
    // Only one restricted: that one alone counts.
    expect(firings('0 0 0 13 * * *', '2025-06-01 00:00:00', 2)).toEqual(['2025-06-13 00:00:00', '2025-07-13 00:00:00'])
    expect(firings('0 0 0 * * FRI *', '2025-06-01 00:00:00', 2)).toEqual(['2025-06-06 00:00:00', '2025-06-13 00:00:00'])
  })

  test('year field', () => {
    expect(next('0 0 0 1 1 * 2027', '2025-06-02 00:00:00')).toBe('2027-01-01 00:00:00')
    expect(next('0 0 0 1 1 * 2025', '2025-06-02 00:00:00')).toBeNull()
    expect(firings('0 0 0 1 1 * 2026-2030/2', '2025-06-02 00:00:00', 4)).toEqual(['2026-01-01 00:00:00', '2028-01-01 00:00:00', '2030-01-01 00:00:00', null])
    expect(next('* * * * * * *', '2099-12-31 23:59:59')).toBeNull()
  })

  test('a day that never comes has no next firing; 29 February waits for a leap year', () => {
    expect(next('0 0 0 31 2 * *', '2025-01-01 00:00:00')).toBeNull()
    expect(next('0 0 0 29 2 * *', '2025-01-01 00:00:00')).toBe('2028-02-29 00:00:00')
    expect(firings('0 0 0 31 * * *', '2025-01-31 00:00:00', 2)).toEqual(['2025-03-31 00:00:00', '2025-05-31 00:00:00'])
  })
})

describe('next firing across boundaries (China time)', () => {
  test('minute, hour, day, month and year roll over', () => {
    expect(next('0 * * * * * *', '2025-06-02 10:59:30')).toBe('2025-06-02 11:00:00')
    expect(next('0 0 * * * * *', '2025-06-02 23:30:00')).toBe('2025-06-03 00:00:00')
    expect(next('0 30 3 * * * *', '2025-06-30 04:00:00')).toBe('2025-07-01 03:30:00')
    expect(next('0 10 0 1 1 * *', '2025-12-31 23:59:59')).toBe('2026-01-01 00:10:00')
    expect(next('59 59 23 31 12 * *', '2025-12-31 23:59:59')).toBe('2026-12-31 23:59:59')
  })

  test('is strictly after the given instant, at whole seconds', () => {
    expect(next('0 */10 * * * * *', '2025-06-02 10:10:00')).toBe('2025-06-02 10:20:00')
    const c = parseCron('0 */10 * * * * *')
    expect(show(c.next(cn('2025-06-02 10:09:59') + 999))).toBe('2025-06-02 10:10:00')
  })

  test('the day is China\'s: midnight in Shanghai is 16:00 UTC the day before', () => {
    const t = parseCron('0 0 0 * * * *').next(Date.parse('2025-06-02T12:00:00Z'))
    expect(new Date(t as number).toISOString()).toBe('2025-06-02T16:00:00.000Z')
    // Monday in China starts on Sunday 16:00 UTC.
    const mon = parseCron('0 0 0 * * MON *').next(Date.parse('2025-06-01T00:00:00Z'))
    expect(new Date(mon as number).toISOString()).toBe('2025-06-01T16:00:00.000Z')
  })

  test('matches', () => {
    const c = parseCron('0 */10 9-17 * * MON-FRI *')
    expect(c.matches(cn('2025-06-02 09:10:00'))).toBe(true)
    expect(c.matches(cn('2025-06-02 09:10:00') + 500)).toBe(true)
    expect(c.matches(cn('2025-06-02 09:10:01'))).toBe(false)
    expect(c.matches(cn('2025-06-02 18:00:00'))).toBe(false)
    expect(c.matches(cn('2025-06-07 09:10:00'))).toBe(false) // Saturday
  })
})

describe('invalid expressions', () => {
  const cases: Array<[string, RegExp]> = [
    ['* * * * * *', /has 6 fields; expected 7/],
    ['', /has 0 fields; expected 7/],
    ['* * * * * * * *', /has 8 fields/],
    ['60 * * * * * *', /second field "60": 60 is out of range \(allowed 0-59\)/],
    ['* 60 * * * * *', /minute field "60"/],
    ['* * 24 * * * *', /hour field "24"/],
    ['* * * 0 * * *', /day-of-month field "0"/],
    ['* * * 32 * * *', /day-of-month field "32"/],
    ['* * * * 13 * *', /month field "13".*JAN-DEC/],
    ['* * * * FOO * *', /month field "FOO": invalid value "FOO"/],
    ['* * * * * 7 *', /day-of-week field "7".*0-6 or SUN-SAT/],
    ['* * * * * MONDAY *', /day-of-week field "MONDAY"/],
    ['* * * * * * 1969', /year field "1969"/],
    ['* * * * * * 2100', /year field "2100"/],
    ['*/0 * * * * * *', /second field "\*\/0": invalid step "0"/],
    ['*/x * * * * * *', /invalid step "x"/],
    ['1/2/3 * * * * * *', /more than one "\/"/],
    ['5-1 * * * * * *', /range "5-1" runs backwards/],
    ['1-2-3 * * * * * *', /invalid range/],
    ['1,,2 * * * * * *', /empty list item/],
    ['-5 * * * * * *', /empty value/],
    ['? * * * * * *', /invalid value "\?"/],
    ['1.5 * * * * * *', /invalid value "1.5"/],
  ]
  test.each(cases)('%p is rejected', (expr, message) => {
    expect(() => parseCron(expr)).toThrow(CronError)
    expect(() => parseCron(expr)).toThrow(message)
  })
})
