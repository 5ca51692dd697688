/**
 * Dashboard figures per street and China day, pure. Each event counts on the China day it happened:
 * reports received / accepted / resolved, the 三率 (response within RESPONSE_HOURS, resolution by the
 * report's own SLA due time, satisfaction = ratings of 4–5) counted on the day the deadline fell or the
 * rating was given — so a past day's figures are final once the day is over — and the hours each
 * resolution took (the period's median is taken over all of them, never a median of medians); station
 * check-ins and the day's distinct visitors, Party reports at points; wishes put up, claimed and
 * fulfilled; suggestions received, answered, adopted; volunteer activities held, people-times and
 * certified hours. The district function stores past days in `district_stats` (the timer fills
 * yesterday; a dashboard read fills any past day still missing) and computes today live; both go
 * through `figuresByDay`, so a stored day equals its recomputation.
 */
import { CheckinPurpose } from '../checkins/vocabulary'
import { chinaDateKey, parseChinaDate } from '../core/time'
import { median } from '../reports/figures'

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/** 12345 practice: a report is answered (accepted, or rejected / merged with a reason) within a day. */
export const RESPONSE_HOURS = 24
/** 三率 weights of the combined score (响应 30 %, 解决 35 %, 满意 35 %). */
export const RATE_WEIGHTS = { response: 0.3, resolution: 0.35, satisfaction: 0.35 } as const
/** Bumped when DayFigures changes: stored days of another version are recomputed, not trusted. */
export const STATS_VERSION = 2

export const countKeys = [
  'received',
  'accepted',
  'resolved',
  'responseDue',
  'respondedInTime',
  'resolveDue',
  'resolvedInTime',
  'rated',
  'satisfied',
  'visits',
  'visitors',
  'partyReports',
  'wishesPublished',
  'wishesClaimed',
  'wishesFulfilled',
  'suggestionsReceived',
  'suggestionsAnswered',
  'suggestionsAdopted',
  'activities',
  'attendances',
  'certifiedHours',
] as const
export type CountKey = (typeof countKeys)[number]
export type Counts = Record<CountKey, number>

export interface DayFigures extends Counts {
  day: string
  /** Hours from receipt to resolution of each report resolved that day (0.1 h). */
  resolveHours: number[]
}

/** A day as the page charts it: the counts, without the per-report hours. */
export type DayCounts = Counts & { day: string }

export interface ThreeRates {
  /** Shares 0–1; null when nothing fell due (or nobody rated) in the period. */
  response: number | null
  resolution: number | null
  satisfaction: number | null
  /** Weighted by RATE_WEIGHTS; null unless all three are known. */
  overall: number | null
}

export interface Totals extends Counts {
  medianHoursToResolve: number | null
  rates: ThreeRates
}

export const figureLabel: Record<CountKey, string> = {
  received: '随手拍收到',
  accepted: '随手拍立案',
  resolved: '随手拍办结',
  responseDue: '应响应',
  respondedInTime: '按时响应',
  resolveDue: '应办结',
  resolvedInTime: '按时办结',
  rated: '评价',
  satisfied: '满意（4–5 星）',
  visits: '驿站到访',
  visitors: '到访人数（按日去重）',
  partyReports: '党员报到',
  wishesPublished: '微心愿上墙',
  wishesClaimed: '微心愿认领',
  wishesFulfilled: '微心愿实现',
  suggestionsReceived: '建议收到',
  suggestionsAnswered: '建议答复',
  suggestionsAdopted: '建议采纳',
  activities: '志愿活动场次',
  attendances: '志愿服务人次',
  certifiedHours: '认证服务时长（小时）',
}

/** The dashboard's sections, in the order the page shows them (the 三率 rows are derived, see ThreeRates). */
export const figureSections: ReadonlyArray<{ title: string; keys: readonly CountKey[] }> = [
  { title: '随手拍', keys: ['received', 'accepted', 'resolved'] },
  { title: '驿站', keys: ['visits', 'visitors', 'partyReports'] },
  { title: '微心愿与建议', keys: ['wishesPublished', 'wishesClaimed', 'wishesFulfilled', 'suggestionsReceived', 'suggestionsAnswered', 'suggestionsAdopted'] },
  { title: '志愿服务', keys: ['activities', 'attendances', 'certifiedHours'] },
]

type Instant = Date | string | null | undefined

export interface ReportTimes {
  createdAt: Date | string
  acceptedAt?: Instant
  resolvedAt?: Instant
  /** Set when a report is rejected, merged or confirmed (with its rating). */
  closedAt?: Instant
  dueAt?: Instant
  rating?: number | null
}

/** A station's check-ins of one purpose on one China day (the `day` key stored with each), and who made them. */
export interface CheckinDay {
  day: string
  purpose: string
  count: number
  users: readonly string[]
}

export interface WishTimes {
  publishedAt?: Instant
  claim?: { claimedAt?: Instant } | null
  fulfilledAt?: Instant
}

export interface SuggestionTimes {
  createdAt: Date | string
  answeredAt?: Instant
  adoptedAt?: Instant
}

/** One activity held (not cancelled) with its attended sign-ups' count and certified hours. */
export interface ActivityFact {
  startAt: Date | string
  attended: number
  hours: number
}

export interface DaySources {
  reports: readonly ReportTimes[]
  /** Grouped by the read (an aggregate per chunk of stations): a day may appear more than once. */
  checkins: readonly CheckinDay[]
  wishes: readonly WishTimes[]
  suggestions: readonly SuggestionTimes[]
  activities: readonly ActivityFact[]
}

const ms = (t: Instant): number | null => (t ? new Date(t).getTime() : null)
const round1 = (n: number) => Math.round(n * 10) / 10

const emptyCounts = (): Counts => Object.fromEntries(countKeys.map((k) => [k, 0])) as Counts

/**
 * The figures of each of `days` from the sources (which may hold events outside them). `now` bounds the
 * deadlines: one later today has not fallen due yet, so an unanswered report is not yet late.
 */
export function figuresByDay(days: readonly string[], now: Date, src: DaySources): DayFigures[] {
  const byDay = new Map(days.map((d) => [d, { day: d, ...emptyCounts(), resolveHours: [] as number[] }]))
  const visitors = new Map<string, Set<string>>()
  const nowMs = now.getTime()
  const at = (t: number | null) => (t === null ? undefined : byDay.get(chinaDateKey(new Date(t))))
  const add = (t: Instant, key: CountKey, n = 1) => {
    const f = at(ms(t))
    if (f) f[key] += n
  }
  for (const r of src.reports) {
    const created = ms(r.createdAt) as number
    const accepted = ms(r.acceptedAt)
    const resolved = ms(r.resolvedAt)
    const closed = ms(r.closedAt)
    add(r.createdAt, 'received')
    add(r.acceptedAt, 'accepted')
    const fixed = at(resolved)
    if (fixed) {
      fixed.resolved++
      fixed.resolveHours.push(round1(((resolved as number) - created) / HOUR_MS))
    }
    const respondBy = created + RESPONSE_HOURS * HOUR_MS
    const responseDay = respondBy <= nowMs ? at(respondBy) : undefined
    if (responseDay) {
      responseDay.responseDue++
      const answered = accepted ?? closed
      if (answered !== null && answered <= respondBy) responseDay.respondedInTime++
    }
    const due = ms(r.dueAt)
    const dueDay = accepted !== null && due !== null && due <= nowMs ? at(due) : undefined
    if (dueDay) {
      dueDay.resolveDue++
      if (resolved !== null && resolved <= (due as number)) dueDay.resolvedInTime++
    }
    if (typeof r.rating === 'number') {
      const ratedDay = at(closed)
      if (ratedDay) {
        ratedDay.rated++
        if (r.rating >= 4) ratedDay.satisfied++
      }
    }
  }
  for (const c of src.checkins) {
    const f = byDay.get(c.day)
    if (!f) continue
    if (c.purpose === CheckinPurpose.party_report) f.partyReports += c.count
    if (c.purpose !== CheckinPurpose.visit) continue
    f.visits += c.count
    const seen = visitors.get(f.day) ?? new Set<string>()
    for (const u of c.users) seen.add(u)
    visitors.set(f.day, seen)
  }
  for (const [day, seen] of visitors) (byDay.get(day) as DayFigures).visitors = seen.size
  for (const w of src.wishes) {
    add(w.publishedAt, 'wishesPublished')
    add(w.claim?.claimedAt, 'wishesClaimed')
    add(w.fulfilledAt, 'wishesFulfilled')
  }
  for (const s of src.suggestions) {
    add(s.createdAt, 'suggestionsReceived')
    add(s.answeredAt, 'suggestionsAnswered')
    add(s.adoptedAt, 'suggestionsAdopted')
  }
  for (const a of src.activities) {
    const f = at(ms(a.startAt))
    if (!f) continue
    f.activities++
    f.attendances += a.attended
    f.certifiedHours = round1(f.certifiedHours + a.hours)
  }
  return days.map((d) => byDay.get(d) as DayFigures)
}

/** The windows of source events that can fall on `days`: a response deadline lags receipt by a day. */
export function sourceWindow(days: readonly string[]): { start: Date; end: Date; createdFrom: Date } {
  const sorted = [...days].sort()
  const { start, end } = periodBounds(sorted[0], sorted[sorted.length - 1])
  return { start, end, createdFrom: new Date(start.getTime() - RESPONSE_HOURS * HOUR_MS) }
}

const share = (part: number, whole: number) => (whole ? part / whole : null)

export function threeRates(c: Counts): ThreeRates {
  const response = share(c.respondedInTime, c.responseDue)
  const resolution = share(c.resolvedInTime, c.resolveDue)
  const satisfaction = share(c.satisfied, c.rated)
  const overall =
    response === null || resolution === null || satisfaction === null
      ? null
      : RATE_WEIGHTS.response * response + RATE_WEIGHTS.resolution * resolution + RATE_WEIGHTS.satisfaction * satisfaction
  return { response, resolution, satisfaction, overall }
}

export function sumCounts(days: readonly Counts[]): Counts {
  const out = emptyCounts()
  for (const d of days) for (const k of countKeys) out[k] += d[k]
  out.certifiedHours = round1(out.certifiedHours)
  return out
}

/** Points issued, redeemed and reversed over every account (a person's points are not a street's). */
export interface PointsFigures {
  issued: number
  redeemed: number
  /** Net of reversal entries (a cancelled redemption's points back, a reversed credit out). */
  reversed: number
}

export function sumPoints(days: readonly PointsFigures[]): PointsFigures {
  return days.reduce((a, d) => ({ issued: a.issued + d.issued, redeemed: a.redeemed + d.redeemed, reversed: a.reversed + d.reversed }), { issued: 0, redeemed: 0, reversed: 0 })
}

/** A period's totals: counts summed, the median over every resolution in it, the 三率 of the sums. */
export function totalsOf(days: readonly DayFigures[]): Totals {
  const counts = sumCounts(days)
  const med = median(days.flatMap((d) => d.resolveHours))
  return { ...counts, medianHoursToResolve: med === null ? null : round1(med), rates: threeRates(counts) }
}

/** A share as the page shows it: 「87.5%」, or 「—」 when nothing fell due. */
export function percentText(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 1000) / 10}%`
}

/** The change from the previous period: 「+3」「-2」「持平」, in points (百分点) for shares. */
export function changeText(current: number | null, previous: number | null, asShare = false): string {
  if (current === null || previous === null) return '—'
  const d = asShare ? Math.round((current - previous) * 1000) / 10 : Math.round((current - previous) * 10) / 10
  if (d === 0) return '持平'
  return `${d > 0 ? '+' : ''}${d}${asShare ? ' 个百分点' : ''}`
}

/** One day over several streets: counts summed, resolution hours pooled. */
export function mergeDay(day: string, streets: readonly DayFigures[]): DayFigures {
  return { day, ...sumCounts(streets), resolveHours: streets.flatMap((f) => f.resolveHours) }
}

export function countsOf(f: DayFigures): DayCounts {
  const { resolveHours: _hours, ...counts } = f
  return counts
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
