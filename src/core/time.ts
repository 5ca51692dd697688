/**
 * Time in the users' zone. Every district this app serves is on China Standard Time (UTC+8, no
 * daylight saving), and cloud functions run in UTC, so "today", "open now" and weekday rules are
 * computed from a fixed offset instead of the host's zone.
 */

export const CHINA_OFFSET_MIN = 8 * 60
const DAY_MS = 86_400_000

/** 0 = Sunday … 6 = Saturday, as Date#getDay, in China time. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6

export interface ChinaTimeParts {
  year: number
  month: number
  day: number
  weekday: Weekday
  /** Minutes since local midnight, 0…1439. */
  minuteOfDay: number
}

export function chinaParts(date: Date): ChinaTimeParts {
  const shifted = new Date(date.getTime() + CHINA_OFFSET_MIN * 60_000)
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay() as Weekday,
    minuteOfDay: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(),
  }
}

/** `YYYY-MM-DD` of the China calendar day containing `date` (keys for daily caps and windows). */
export function chinaDateKey(date: Date): string {
  const p = chinaParts(date)
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`
}

/**
 * An instant from a date a person typed: `YYYY-MM-DD` alone is China's midnight that day (not UTC's,
 * which would be 08:00 in China); a full ISO time is taken as it is. Invalid Date when malformed.
 */
export function parseChinaDate(text: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00+08:00`) : new Date(text)
}

/** The instant of local midnight starting the China day that contains `date`. */
export function startOfChinaDay(date: Date): Date {
  const offsetMs = CHINA_OFFSET_MIN * 60_000
  return new Date(Math.floor((date.getTime() + offsetMs) / DAY_MS) * DAY_MS - offsetMs)
}

/** `HH:mm` → minutes since midnight; `24:00` is allowed as an end of day. Returns NaN when malformed. */
export function parseHhMm(text: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text)
  if (!m) return NaN
  const minutes = Number(m[1]) * 60 + Number(m[2])
  return minutes > 1440 ? NaN : minutes
}

export function formatHhMm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}

export function addHours(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * 3_600_000)
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS)
}

export const weekdayLabel: Record<Weekday, string> = { 0: '周日', 1: '周一', 2: '周二', 3: '周三', 4: '周四', 5: '周五', 6: '周六' }
