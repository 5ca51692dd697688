/**
 * Visit figures: the China-time period a check-in counts toward (day `2025-07-01`, month `2025-07`),
 * the full list of periods in a requested range (so charts show zero days instead of gaps), and the
 * range limits that keep a figures query bounded. Pure; shared by the function and the dashboards.
 */
import { CHINA_OFFSET_MIN } from '../core/time'

export const FiguresGranularity = { day: 'day', month: 'month' } as const
export type FiguresGranularity = (typeof FiguresGranularity)[keyof typeof FiguresGranularity]

/** At most this many buckets per query: a quarter by day, two years by month. */
export const MAX_BUCKETS: Record<FiguresGranularity, number> = { day: 92, month: 24 }

const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

/** Days since 1970-01-01 of a real calendar date, or NaN (rejects 2025-02-30). */
export function dayNumber(date: string): number {
  const m = DATE.exec(date)
  if (!m) return NaN
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return new Date(ms).toISOString().slice(0, 10) === date ? ms / 86_400_000 : NaN
}

/** The period key an instant counts toward, in China time. */
export function periodKeyOf(at: Date, granularity: FiguresGranularity): string {
  const day = new Date(at.getTime() + CHINA_OFFSET_MIN * 60_000).toISOString().slice(0, 10)
  return granularity === 'day' ? day : day.slice(0, 7)
}

/** Every period key from `from` to `to` (inclusive, YYYY-MM-DD dates), in order. */
export function periodKeys(granularity: FiguresGranularity, from: string, to: string): string[] {
  const a = dayNumber(from)
  const b = dayNumber(to)
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return []
  const keys: string[] = []
  for (let d = a; d <= b; d++) {
    const key = new Date(d * 86_400_000).toISOString().slice(0, granularity === 'day' ? 10 : 7)
    if (keys[keys.length - 1] !== key) keys.push(key)
  }
  return keys
}

/** The instants bounding the range in China time: [start of `from`, start of the day after `to`). */
export function rangeBounds(from: string, to: string): { start: Date; end: Date } {
  const offset = CHINA_OFFSET_MIN * 60_000
  return { start: new Date(dayNumber(from) * 86_400_000 - offset), end: new Date((dayNumber(to) + 1) * 86_400_000 - offset) }
}

/** null when the range is acceptable, else the Chinese reason. */
export function rangeProblem(granularity: FiguresGranularity, from: string, to: string): string | null {
  if (Number.isNaN(dayNumber(from)) || Number.isNaN(dayNumber(to))) return '日期不存在'
  if (dayNumber(to) < dayNumber(from)) return '结束日期不能早于开始日期'
  const count =
    granularity === 'day'
      ? dayNumber(to) - dayNumber(from) + 1
      : Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7)) - (Number(from.slice(0, 4)) * 12 + Number(from.slice(5, 7))) + 1
  if (count > MAX_BUCKETS[granularity]) {
    return granularity === 'day' ? `按天统计最多 ${MAX_BUCKETS.day} 天` : `按月统计最多 ${MAX_BUCKETS.month} 个月`
  }
  return null
}
