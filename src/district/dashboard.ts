/**
 * Dashboard figures per street and China day, pure: reports received / accepted / resolved that day
 * (by when each happened), station check-ins and the day's distinct visitors, Party reports at points.
 * The district function stores past days in `district_stats` (the timer fills yesterday; a dashboard
 * read fills any past day still missing) and computes today live; both go through `dayFigures`, so a
 * stored day equals its recomputation. Periods and their previous period of the same length.
 */
import { chinaDateKey, parseChinaDate } from '../core/time'

const DAY_MS = 86_400_000

export interface DayFigures {
  day: string
  received: number
  accepted: number
  resolved: number
  visits: number
  /** Distinct visitors that day (a period sums these: 人次 by day, not distinct people over the period). */
  visitors: number
  partyReports: number
}

export type Totals = Omit<DayFigures, 'day'>

export const figureKeys = ['received', 'accepted', 'resolved', 'visits', 'visitors', 'partyReports'] as const satisfies ReadonlyArray<keyof Totals>

export const figureLabel: Record<keyof Totals, string> = {
  received: '随手拍收到',
  accepted: '随手拍立案',
  resolved: '随手拍办结',
  visits: '驿站到访',
  visitors: '到访人数（按日去重）',
  partyReports: '党员报到',
}

export interface ReportTimes {
  createdAt: Date | string
  acceptedAt?: Date | string | null
  resolvedAt?: Date | string | null
}

export interface CheckinFact {
  userId: string
  purpose: string
  at: Date | string
}

const dayOf = (t: Date | string | null | undefined) => (t ? chinaDateKey(new Date(t)) : '')

export function dayFigures(day: string, reports: readonly ReportTimes[], checkins: readonly CheckinFact[]): DayFigures {
  const visits = checkins.filter((c) => c.purpose === 'visit' && dayOf(c.at) === day)
  return {
    day,
    received: reports.filter((r) => dayOf(r.createdAt) === day).length,
    accepted: reports.filter((r) => dayOf(r.acceptedAt) === day).length,
    resolved: reports.filter((r) => dayOf(r.resolvedAt) === day).length,
    visits: visits.length,
    visitors: new Set(visits.map((c) => c.userId)).size,
    partyReports: checkins.filter((c) => c.purpose === 'party_report' && dayOf(c.at) === day).length,
  }
}

export function sumDays(days: readonly Totals[]): Totals {
  const out = Object.fromEntries(figureKeys.map((k) => [k, 0])) as Totals
  for (const d of days) for (const k of figureKeys) out[k] += d[k]
  return out
}

/** The China days from `from` to `to`, both included (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = []
  for (let t = parseChinaDate(from).getTime(); t <= parseChinaDate(to).getTime(); t += DAY_MS) out.push(chinaDateKey(new Date(t)))
  return out
}

/** The period of the same length just before `from`..`to`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const n = daysBetween(from, to).length
  const start = parseChinaDate(from).getTime()
  return { from: chinaDateKey(new Date(start - n * DAY_MS)), to: chinaDateKey(new Date(start - DAY_MS)) }
}

/** The instants bounding a period of China days: [start of `from`, start of the day after `to`). */
export function periodBounds(from: string, to: string): { start: Date; end: Date } {
  return { start: parseChinaDate(from), end: new Date(parseChinaDate(to).getTime() + DAY_MS) }
}

/** A period a page offers, in China days: the last `days` days up to today, or the previous calendar month. */
export function periodFor(choice: { lastDays: number } | 'last_month', now: Date): { from: string; to: string } {
  const today = chinaDateKey(now)
  if (choice !== 'last_month') return { from: chinaDateKey(new Date(now.getTime() - (choice.lastDays - 1) * 86_400_000)), to: today }
  const y = Number(today.slice(0, 4))
  const m = Number(today.slice(5, 7))
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1]
  const last = new Date(Date.UTC(py, pm, 0)).getUTCDate()
  const mm = String(pm).padStart(2, '0')
  return { from: `${py}-${mm}-01`, to: `${py}-${mm}-${String(last).padStart(2, '0')}` }
}
