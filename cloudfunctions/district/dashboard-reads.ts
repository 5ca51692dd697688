/**
 * The dashboard's reads for the district function: a street's figures per China day recomputed from
 * reports, check-ins, wishes, suggestions and volunteer activities (bounded paged reads of only the
 * fields used, each read following an index), past days kept in `district_stats` (filled by the timer and by
 * any read that finds a day missing), the figures of right now (stations open by type, reports overdue, teams
 * and members), the points issued and redeemed per day (stored the same way), and the dashboard assembled
 * from them against the previous period.
 */
import { Collection } from '../../src/core/collections'
import { chinaDateKey } from '../../src/core/time'
import { AppError } from '../../src/core/errors'
import type { DashboardNow, DashboardView, StreetScope } from '../../src/district/contract'
import { countsOf, daysBetween, figuresByDay, mergeDay, periodBounds, previousPeriod, sourceWindow, STATS_VERSION, sumPoints, totalsOf, type PointsFigures, type ActivityFact, type CheckinDay, type DayFigures, type ReportTimes, type SuggestionTimes, type WishTimes } from '../../src/district/dashboard'
import { CheckinPurpose } from '../../src/checkins/vocabulary'
import { EntryType } from '../../src/passbook/vocabulary'
import { allReportStates, openStates } from '../../src/reports/vocabulary'
import { isOpenAt, type HoursSubject } from '../../src/stations/hours'
import { StationType } from '../../src/stations/vocabulary'
import { ActivityState, AttendanceState } from '../../src/volunteers/vocabulary'
import type { Database } from '../_runtime/db'
import { byChunks, inBatches, MAX_PAGE, PARALLEL, pagedRead } from './reads'

/** Per street and source: past this many rows the figures would be cut short, so the read refuses. */
const SOURCE_MAX_ROWS = 50_000
const MAX_STATIONS = 2000
const MAX_TEAMS = 1000
/** Streets whose days are read side by side in one dashboard call. */
const STREETS_AT_ONCE = 3

type StationRow = HoursSubject & { _id: string; type: StationType }
type StatsDoc = DayFigures & { _id: string; street: string; v: number; computedAt: Date }

/**
 * Every matching row, refusing (rather than silently cutting short) a source past SOURCE_MAX_ROWS. Most reads
 * (today's, a quiet street's) fit one page and cost that one request; only a full first page is counted.
 */
async function allOf<T>(db: Database, collection: string, where: Record<string, unknown>, fields: Record<string, boolean>): Promise<T[]> {
  const first = (await db.collection<T>(collection).where(where).orderBy('_id', 'asc').field(fields).limit(MAX_PAGE).get()).data
  if (first.length < MAX_PAGE) return first
  const total = (await db.collection(collection).where(where).count()).total
  if (total > SOURCE_MAX_ROWS) throw new AppError('OUT_OF_RANGE', `数据量过大（超过 ${SOURCE_MAX_ROWS} 条），请缩短时段或按街道查看`)
  return pagedRead<T>(db, collection, where, SOURCE_MAX_ROWS, ['_id', 'asc'], fields, MAX_PAGE)
}

function stationsOf(db: Database, street: StreetScope): Promise<StationRow[]> {
  return pagedRead<StationRow>(db, Collection.stations, { district: street.district, street: street.streetName }, MAX_STATIONS, ['_id', 'asc'], { _id: true, type: true, hours: true, liveStatus: true, liveStatusUntil: true }, MAX_PAGE)
}

function teamsOf(db: Database, street: StreetScope): Promise<Array<{ _id: string; memberCount: number }>> {
  return pagedRead(db, Collection.teams, { district: street.district, street: street.streetName }, MAX_TEAMS, ['_id', 'asc'], { _id: true, memberCount: true }, MAX_PAGE)
}

/** A street's stations and teams: read once per dashboard, for its days and for its figures of now. */
export interface StreetRefs {
  stations: StationRow[]
  teams: Array<{ _id: string; memberCount: number }>
}

export async function refsOf(db: Database, street: StreetScope): Promise<StreetRefs> {
  const [stations, teams] = await Promise.all([stationsOf(db, street), teamsOf(db, street)])
  return { stations, teams }
}

/** Activities held in the window by the street's teams, each with its attended sign-ups and their hours. */
async function activitiesOf(db: Database, teamIds: string[], start: Date, end: Date): Promise<ActivityFact[]> {
  const _ = db.command
  const held = await byChunks(teamIds, (chunk) =>
    allOf<{ _id: string; startAt: Date }>(db, Collection.activities, { teamId: _.in(chunk), startAt: _.gte(start).and(_.lt(end)), state: _.neq(ActivityState.cancelled) }, { _id: true, startAt: true }),
  )
  const attended = await byChunks(
    held.map((a) => a._id),
    (chunk) => allOf<{ activityId: string; hours?: number }>(db, Collection.activitySignups, { activityId: _.in(chunk), attendance: AttendanceState.attended }, { activityId: true, hours: true }),
  )
  const per = new Map(held.map((a) => [a._id, { startAt: a.startAt, attended: 0, hours: 0 }]))
  for (const s of attended) {
    const a = per.get(s.activityId)
    if (!a) continue
    a.attended++
    a.hours += s.hours ?? 0
  }
  return [...per.values()]
}

/**
 * The stations' check-ins per China day and purpose over the span of `days`, grouped in the database (by the
 * `day` key each check-in stores): a busy street's 100 k check-ins come back as a few hundred rows.
 */
async function checkinDays(db: Database, stationIds: string[], days: string[]): Promise<CheckinDay[]> {
  const _ = db.command
  const $ = _.aggregate
  const sorted = [...days].sort()
  const from = sorted[0]
  const to = sorted[sorted.length - 1]
  const res = (await db
    .collection(Collection.checkins)
    .aggregate()
    .match({ stationId: _.in(stationIds), day: _.gte(from).and(_.lte(to)), purpose: _.in([CheckinPurpose.visit, CheckinPurpose.party_report]) })
    .group({ _id: { day: '$day', purpose: '$purpose' }, count: $.sum(1), users: $.addToSet('$userId') })
    // A row per day and purpose.
    .limit(daysBetween(from, to).length * 2)
    .end()) as { list: Array<{ _id: { day: string; purpose: string }; count: number; users: string[] }> }
  return res.list.map((r) => ({ day: r._id.day, purpose: r._id.purpose, count: r.count, users: r.users }))
}

/**
 * A street's reports with an event in [start, end): one read per event, each bounded by its own index, so a
 * street's whole history is never scanned (a single $or over the five would follow only the street prefix).
 */
async function reportsIn(db: Database, street: string, start: Date, end: Date, createdFrom: Date): Promise<ReportTimes[]> {
  const _ = db.command
  const range = () => _.gte(start).and(_.lt(end))
  const fields = { _id: true, createdAt: true, acceptedAt: true, resolvedAt: true, closedAt: true, dueAt: true, rating: true }
  const wheres = [
    { street, createdAt: _.gte(createdFrom).and(_.lt(end)) },
    { street, acceptedAt: range() },
    { street, resolvedAt: range() },
    { street, closedAt: range() },
    { street, state: _.in([...allReportStates]), dueAt: range() },
  ]
  const reads = await Promise.all(wheres.map((w) => allOf<ReportTimes & { _id: string }>(db, Collection.reports, w, fields)))
  return [...new Map(reads.flat().map((r) => [r._id, r])).values()]
}

/** The figures of `days` (China days) in one street, recomputed from the sources. */
export async function computeDays(db: Database, street: StreetScope, days: string[], now: Date, refs: Promise<StreetRefs> = refsOf(db, street)): Promise<DayFigures[]> {
  if (!days.length) return []
  const { start, end, createdFrom } = sourceWindow(days)
  const _ = db.command
  const range = () => _.gte(start).and(_.lt(end))
  const inStreet = (...ors: Array<Record<string, unknown>>) => _.and([{ street: street.street }, _.or(ors)]) as unknown as Record<string, unknown>
  const [reports, wishes, suggestions, { stations: stationRows, teams }] = await Promise.all([
    reportsIn(db, street.street, start, end, createdFrom),
    allOf<WishTimes>(db, Collection.wishes, inStreet({ publishedAt: range() }, { 'claim.claimedAt': range() }, { fulfilledAt: range() }), { publishedAt: true, 'claim.claimedAt': true, fulfilledAt: true }),
    allOf<SuggestionTimes>(db, Collection.suggestions, inStreet({ createdAt: range() }, { answeredAt: range() }, { adoptedAt: range() }), { createdAt: true, answeredAt: true, adoptedAt: true }),
    refs,
  ])
  const [checkins, activities] = await Promise.all([
    byChunks(
      stationRows.map((s) => s._id),
      (chunk) => checkinDays(db, chunk, days),
    ),
    activitiesOf(
      db,
      teams.map((t) => t._id),
      start,
      end,
    ),
  ])
  return figuresByDay(days, now, { reports, checkins, wishes, suggestions, activities })
}

/** The stored stats of these ids that are of this STATS_VERSION (others are recomputed, not trusted). */
async function storedStats<T extends { day: string; v: number }>(db: Database, ids: readonly string[]): Promise<T[]> {
  const _ = db.command
  const docs = await byChunks(ids, async (chunk) => (await db.collection<T>(Collection.districtStats).where({ _id: _.in(chunk) }).limit(chunk.length).get()).data)
  return docs.filter((d) => d.v === STATS_VERSION)
}

export async function storeDays(db: Database, street: string, figures: DayFigures[], now: Date): Promise<void> {
  await Promise.all(figures.map((f) => db.collection(Collection.districtStats).doc(`${street}:${f.day}`).set({ data: { ...f, street, v: STATS_VERSION, computedAt: now } })))
}

/** Past days from the stats (filling any missing or of another version); today always live. */
export async function daysOf(db: Database, street: StreetScope, refs: Promise<StreetRefs>, days: string[], today: string, now: Date, live: boolean): Promise<{ figures: DayFigures[]; stored: number }> {
  if (live) return { figures: await computeDays(db, street, days, now, refs), stored: 0 }
  const stats = new Map((await storedStats<StatsDoc>(db, days.filter((d) => d < today).map((d) => `${street.street}:${d}`))).map((d) => [d.day, d as DayFigures]))
  const missing = days.filter((d) => !stats.has(d))
  const computed = await computeDays(db, street, missing, now, refs)
  await storeDays(db, street.street, computed.filter((f) => f.day < today), now)
  const byDay = new Map([...stats, ...computed.map((f) => [f.day, f] as const)])
  return { figures: days.map((d) => byDay.get(d) as DayFigures), stored: stats.size }
}

/** Right now in the streets: stations (open by type), open reports past their due time, teams and members. */
export async function nowFigures(db: Database, streets: readonly StreetScope[], refs: ReadonlyArray<Promise<StreetRefs>>, now: Date): Promise<DashboardNow> {
  const _ = db.command
  const out: DashboardNow = { stations: { [StationType.station]: { total: 0, open: 0 }, [StationType.report_point]: { total: 0, open: 0 } }, overdue: 0, teams: 0, members: 0 }
  const ids = streets.map((s) => s.street)
  const [perStreet, overdue] = await Promise.all([
    Promise.all(refs),
    ids.length ? db.collection(Collection.reports).where({ street: _.in(ids), state: _.in([...openStates]), dueAt: _.lt(now) }).count() : { total: 0 },
  ])
  for (const { stations, teams } of perStreet) {
    for (const s of stations) {
      const row = out.stations[s.type] ?? (out.stations[s.type] = { total: 0, open: 0 })
      row.total++
      if (isOpenAt(s, now)) row.open++
    }
    out.teams += teams.length
    out.members += teams.reduce((n, t) => n + (t.memberCount ?? 0), 0)
  }
  out.overdue = overdue.total
  return out
}

/**
 * Points issued (earned), redeemed and reversed (net of reversal entries) on one China day, over every
 * account: a person's points are theirs, not a street's, so this figure is not split by street. One
 * aggregate on the ledger's createdAt index.
 */
async function pointsOfDay(db: Database, day: string): Promise<PointsFigures> {
  const _ = db.command
  const $ = _.aggregate
  const { start, end } = periodBounds(day, day)
  const res = (await db
    .collection(Collection.ledger)
    .aggregate()
    .match({ createdAt: _.gte(start).and(_.lt(end)) })
    .group({ _id: '$type', sum: $.sum('$delta') })
    .end()) as { list: Array<{ _id: string; sum: number }> }
  const sum = (type: string) => res.list.find((r) => r._id === type)?.sum ?? 0
  return { issued: sum(EntryType.earn), redeemed: -sum(EntryType.redeem), reversed: sum(EntryType.reverse) }
}

type PointsDoc = PointsFigures & { _id: string; day: string; v: number; computedAt: Date }
const pointsId = (day: string) => `points:${day}`

/** The points of `days`, recomputed a few days at a time. */
async function computePoints(db: Database, days: readonly string[]): Promise<Map<string, PointsFigures>> {
  const figures = await inBatches(days, PARALLEL, (d) => pointsOfDay(db, d))
  return new Map(days.map((d, i) => [d, figures[i]]))
}

/** Recomputes `days` and stores those already over (today is never stored: it is not final). */
export async function storePoints(db: Database, days: readonly string[], today: string, now: Date): Promise<Map<string, PointsFigures>> {
  const out = await computePoints(db, days)
  const past = [...out].filter(([d]) => d < today)
  await Promise.all(past.map(([day, f]) => db.collection(Collection.districtStats).doc(pointsId(day)).set({ data: { ...f, day, v: STATS_VERSION, computedAt: now } })))
  return out
}

/** The points of each of `days`, like a street's days: past ones from the stats (filled when missing), today live. */
async function pointsOfDays(db: Database, days: readonly string[], today: string, now: Date, live: boolean): Promise<Map<string, PointsFigures>> {
  const stored = new Map<string, PointsFigures>()
  if (!live) {
    for (const d of await storedStats<PointsDoc>(db, days.filter((d) => d < today).map(pointsId))) stored.set(d.day, { issued: d.issued, redeemed: d.redeemed, reversed: d.reversed })
  }
  const computed = await (live ? computePoints(db, days) : storePoints(db, days.filter((d) => !stored.has(d)), today, now))
  return new Map([...stored, ...computed])
}

export interface Dashboard {
  view: DashboardView
  /** The current period's days with each resolution's hours (for the Excel file's daily medians). */
  days: DayFigures[]
}

/** The dashboard of `streets` for a checked period, against the previous period of the same length. */
export async function dashboardFor(db: Database, streets: readonly StreetScope[], period: { from: string; to: string }, now: Date, live: boolean): Promise<Dashboard> {
  const { from, to } = period
  const today = chinaDateKey(now)
  const prev = previousPeriod(from, to)
  const all = [...daysBetween(prev.from, prev.to), ...daysBetween(from, to)]
  const refs = streets.map((st) => refsOf(db, st))
  // Streets are independent: a few side by side (sums do not depend on order), not all at once, so a whole
  // district's recomputation does not queue hundreds of reads past the SDK's 15 s request timeout.
  const [perStreet, rightNow, points] = await Promise.all([
    inBatches(streets, STREETS_AT_ONCE, (st, i) => daysOf(db, st, refs[i], all, today, now, live)),
    nowFigures(db, streets, refs, now),
    pointsOfDays(db, all, today, now, live),
  ])
  const pointsOf = (days: readonly string[]) => sumPoints(days.map((d) => points.get(d) as PointsFigures))
  const stored = perStreet.reduce((n, r) => n + r.stored, 0)
  const byDay = new Map(all.map((d) => [d, [] as DayFigures[]]))
  for (const res of perStreet) res.figures.forEach((f) => byDay.get(f.day)?.push(f))
  const summed = all.map((d) => mergeDay(d, byDay.get(d) ?? []))
  const days = summed.filter((f) => f.day >= from)
  return {
    view: {
      from,
      to,
      current: totalsOf(days),
      previous: totalsOf(summed.filter((f) => f.day < from)),
      previousFrom: prev.from,
      previousTo: prev.to,
      days: days.map(countsOf),
      now: rightNow,
      points: { current: pointsOf(daysBetween(from, to)), previous: pointsOf(daysBetween(prev.from, prev.to)) },
      storedDays: stored,
      liveDays: streets.length * all.length - stored,
    },
    days,
  }
}
