/**
 * The synthetic district the dashboard benchmark reads (deterministic: prng seeds, days counted back from
 * `now`): ~10 streets of unequal size, a few hundred stations, and a year and more of history in the
 * stored shapes of each domain's model — reports with their full lifecycle, check-ins, volunteer teams,
 * activities and sign-ups, micro-wishes, suggestions and passbook entries. Documents are generated lazily
 * and inserted in chunks (1 M check-ins never sit in memory at once); while generating, the per street
 * and China day figures the dashboard should show are counted by hand (`Truth`) so the bench can check
 * the function's answers, not only time them. Not a benchmark itself (the runner only picks *.bench.ts).
 */
import { Collection } from '../../src/core/collections'
import { offsetM, type GeoPoint, type LngLat } from '../../src/core/geo'
import { Role } from '../../src/core/roles'
import { chinaDateKey } from '../../src/core/time'
import type { CheckinRecord } from '../../src/checkins/rules'
import type { LedgerEntryDoc } from '../../src/passbook/model'
import { EntryType, PointRuleKind } from '../../src/passbook/vocabulary'
import type { ReportDoc } from '../../src/reports/model'
import { RejectionReason, ReportCategory, ReportState } from '../../src/reports/vocabulary'
import type { StationDoc } from '../../src/stations/model'
import type { SuggestionDoc } from '../../src/suggestions/model'
import { SuggestionCategory, SuggestionState } from '../../src/suggestions/vocabulary'
import type { ActivityDoc, SignupDoc, TeamDoc, TeamMemberDoc } from '../../src/volunteers/model'
import type { WishDoc } from '../../src/wishes/model'
import { ValueBand, WishCategory, WishState } from '../../src/wishes/vocabulary'
import type { Emulator } from '@nuanxin/cloudbase-emulator'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { prng } from '../seed/synthetic-stations'

const DAY = 86_400_000
const HOUR = 3_600_000
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback)

export const sizes = {
  streets: env('DASHBOARD_BENCH_STREETS', 10),
  stations: env('DASHBOARD_BENCH_STATIONS', 300),
  historyDays: env('DASHBOARD_BENCH_DAYS', 400),
  reports: env('DASHBOARD_BENCH_REPORTS', 200_000),
  checkins: env('DASHBOARD_BENCH_CHECKINS', 1_000_000),
  activities: env('DASHBOARD_BENCH_ACTIVITIES', 10_000),
  signupsPerActivity: 10,
  teamsPerStreet: 5,
  membersPerTeam: 40,
  wishes: env('DASHBOARD_BENCH_WISHES', 3000),
  suggestions: env('DASHBOARD_BENCH_SUGGESTIONS', 3000),
  ledger: env('DASHBOARD_BENCH_LEDGER', 200_000),
  riders: 30_000,
  partyMembers: 1000,
}

export const DISTRICT = '基准区'
export const DISTRICT_OFFICER = 'dashboard-bench-district-officer'
export const STREET_OFFICER = 'dashboard-bench-street-officer'
const CENTRE: LngLat = { lng: 120.62, lat: 31.3 }
const CHUNK = 50_000

export interface BenchStreet {
  id: string
  name: string
  /** Share of the district's riders, reports and check-ins. */
  weight: number
  centre: LngLat
}

/** What the dashboard should show, counted while generating: `${street}|${day}` → figures. */
export type Truth = Map<string, { received: number; accepted: number; resolved: number; visits: number; partyReports: number; visitors: Set<string> }>

export interface Seeded {
  streets: BenchStreet[]
  truth: Truth
  /** Documents per collection and the seconds each took to insert. */
  inserted: Array<{ collection: string; docs: number; seconds: number }>
}

function streetsOf(rnd: () => number): BenchStreet[] {
  const raw = Array.from({ length: sizes.streets }, () => 0.5 + rnd() * 1.5)
  const total = raw.reduce((a, b) => a + b, 0)
  return raw.map((w, i) => ({
    id: `street-db-${String(i).padStart(2, '0')}`,
    name: `基准街道${i + 1}`,
    weight: w / total,
    centre: offsetM(CENTRE, ((i % 5) - 2) * 4000, (Math.floor(i / 5) - 1) * 4000),
  }))
}

/** Picks by weight (cumulative table, binary search). */
function weighted<T>(items: readonly T[], weightOf: (t: T) => number): (r: number) => T {
  const cum: number[] = []
  let acc = 0
  for (const t of items) cum.push((acc += weightOf(t)))
  return (r) => {
    const x = r * acc
    let lo = 0
    let hi = cum.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cum[mid] < x) lo = mid + 1
      else hi = mid
    }
    return items[lo]
  }
}

const point = (p: LngLat): GeoPoint => ({ type: 'Point', coordinates: [p.lng, p.lat] })

/** Inserts a lazily generated collection in chunks; resolves with the count and the time it took. */
function insertChunked(emu: Emulator, collection: string, docs: Iterable<object>, inserted: Seeded['inserted']): void {
  const started = process.hrtime.bigint()
  let n = 0
  let chunk: object[] = []
  for (const d of docs) {
    chunk.push(d)
    if (chunk.length === CHUNK) {
      n += emu.db.insertMany(collection, chunk)
      chunk = []
    }
  }
  if (chunk.length) n += emu.db.insertMany(collection, chunk)
  inserted.push({ collection, docs: n, seconds: +(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1) })
}

/** Loads the whole district into the emulator; `now` is the bench's present (history runs back from it). */
export function seedDistrict(emu: Emulator, now: Date, truthFromDay: string): Seeded {
  const rnd = prng(20261206)
  const streets = streetsOf(rnd)
  const truth: Truth = new Map()
  const inserted: Seeded['inserted'] = []
  const count = (street: string, at: Date | undefined, key: 'received' | 'accepted' | 'resolved' | 'visits' | 'partyReports', userId?: string) => {
    if (!at) return
    const day = chinaDateKey(at)
    if (day < truthFromDay) return
    const k = `${street}|${day}`
    let t = truth.get(k)
    if (!t) truth.set(k, (t = { received: 0, accepted: 0, resolved: 0, visits: 0, partyReports: 0, visitors: new Set() }))
    t[key]++
    if (userId) t.visitors.add(userId)
  }
  const pickStreet = weighted(streets, (s) => s.weight)
  const near = (s: BenchStreet) => offsetM(s.centre, (rnd() - 0.5) * 3800, (rnd() - 0.5) * 3800)
  const past = (maxDays = sizes.historyDays) => new Date(now.getTime() - rnd() * maxDays * DAY)
  const riderOf = () => `u-db-${Math.floor(rnd() ** 2 * sizes.riders)}`
  const memberOf = () => `pm-db-${Math.floor(rnd() * sizes.partyMembers)}`

  // ---- places and roles ----
  emu.db.insertMany(
    Collection.streets,
    streets.map((s) => ({ _id: s.id, name: s.name, district: DISTRICT, city: '苏州市', province: '江苏省', centre: s.centre })),
  )
  const officer = userIdFor(DISTRICT_OFFICER)
  const streetOfficer = userIdFor(STREET_OFFICER)
  emu.db.insertMany(Collection.roleGrants, [
    { _id: `${officer}:${Role.district_officer}`, userId: officer, role: Role.district_officer, scopes: streets.map((s) => ({ kind: 'street', id: s.id, name: s.name })), scopeIds: streets.map((s) => s.id), grantedBy: 'bench', grantedAt: now, updatedAt: now },
    { _id: `${streetOfficer}:${Role.street_officer}`, userId: streetOfficer, role: Role.street_officer, scopes: [{ kind: 'street', id: streets[0].id, name: streets[0].name }], scopeIds: [streets[0].id], grantedBy: 'bench', grantedAt: now, updatedAt: now },
  ])

  // Stations by street weight, at least two per street plus two community report points each.
  const stations: Array<StationDoc & { weight: number }> = []
  const pickForStation = weighted(streets, (s) => s.weight)
  for (let i = 0; i < sizes.stations; i++) {
    const s = i < streets.length * 3 ? streets[i % streets.length] : pickForStation(rnd())
    const reportPoint = i >= streets.length && i < streets.length * 3
    const loc = near(s)
    const created = past()
    stations.push({
      _id: `st-db-${String(i).padStart(4, '0')}`,
      code: `DB${String(i).padStart(5, '0')}`,
      name: reportPoint ? `${s.name}党员报到点${i}` : `${s.name}暖新驿站${i}`,
      type: reportPoint ? 'report_point' : 'station',
      network: '暖"新"驿站',
      hub: false,
      location: point(loc),
      address: { province: '江苏省', city: '苏州市', district: DISTRICT, street: s.name, detail: `${s.name}${i} 号` },
      district: DISTRICT,
      street: s.name,
      host: '社区党群服务中心',
      amenities: ['drinking_water', 'phone_charging', 'rest'],
      hours: { always: true },
      liveStatus: rnd() < 0.05 ? 'closed' : 'open',
      liveStatusUpdatedAt: created,
      phone: '0512-00000000',
      photos: [],
      description: '',
      lastVerifiedAt: created,
      checkinRadiusM: 200,
      visitCount: 0,
      createdAt: created,
      updatedAt: created,
      // Popularity within the street: a few busy sites, a long tail.
      weight: 0.2 + rnd() ** 3 * 5,
    })
  }
  insertChunked(emu, Collection.stations, stations.map(({ weight: _w, ...doc }) => doc), inserted)
  const streetName = new Map(streets.map((s) => [s.name, s.id]))
  const pickVisitStation = new Map(streets.map((s) => [s.id, weighted(stations.filter((st) => st.street === s.name && st.type === 'station'), (st) => st.weight)]))
  const pickReportPoint = new Map(streets.map((s) => [s.id, weighted(stations.filter((st) => st.street === s.name && st.type === 'report_point'), () => 1)]))

  // ---- check-ins ----
  insertChunked(
    emu,
    Collection.checkins,
    (function* () {
      const ids = new Set<string>()
      for (let i = 0; i < sizes.checkins; i++) {
        const s = pickStreet(rnd())
        const party = rnd() < 0.03
        const st = (party ? pickReportPoint : pickVisitStation).get(s.id)!(rnd())
        const userId = party ? memberOf() : riderOf()
        const at = past()
        // _id = purpose:userId:stationId:window (a 30-minute window holds one), as the checkins function writes it.
        let window = Math.floor(at.getTime() / (30 * 60_000)) * 30 * 60_000
        let id = `${party ? 'party_report' : 'visit'}:${userId}:${st._id}:${window}`
        while (ids.has(id)) {
          window -= 30 * 60_000
          id = `${party ? 'party_report' : 'visit'}:${userId}:${st._id}:${window}`
        }
        ids.add(id)
        const when = new Date(Math.max(window, Math.min(at.getTime(), window + 29 * 60_000)))
        count(streetName.get(st.street)!, when, party ? 'partyReports' : 'visits', party ? undefined : userId)
        const doc: CheckinRecord & { day: string; month: string } = {
          _id: id,
          userId,
          stationId: st._id,
          stationCode: st.code,
          stationType: st.type,
          district: DISTRICT,
          purpose: party ? 'party_report' : 'visit',
          windowStart: new Date(window),
          at: when,
          distanceM: Math.round(rnd() * 15) * 10,
          accuracyM: 10 + Math.round(rnd() * 40),
          entryMethod: rnd() < 0.8 ? 'scan_code' : 'launch',
          launchScene: 1047,
          keyVersion: 1,
          outsideHours: false,
          idempotencyKey: `${userId}:ck-${i}`,
          ...(party ? { organisation: `${s.name}流动党员党支部` } : {}),
          day: chinaDateKey(when),
          month: chinaDateKey(when).slice(0, 7),
        }
        yield doc
      }
    })(),
    inserted,
  )

  // ---- reports, each carried as far through its lifecycle as `now` allows ----
  const categories = Object.values(ReportCategory)
  insertChunked(
    emu,
    Collection.reports,
    (function* () {
      for (let i = 0; i < sizes.reports; i++) {
        const s = pickStreet(rnd())
        const created = past()
        const slaHours = [24, 48, 72][Math.floor(rnd() * 3)]
        const dueAt = new Date(created.getTime() + slaHours * HOUR)
        const r = rnd()
        const reporterId = riderOf()
        const stamp = (t: number) => (t <= now.getTime() ? new Date(t) : undefined)
        let state: ReportState = ReportState.submitted
        let acceptedAt: Date | undefined
        let dispatchedAt: Date | undefined
        let resolvedAt: Date | undefined
        let closedAt: Date | undefined
        let rating: number | undefined
        let version = 1
        if (r < 0.05) {
          const t = stamp(created.getTime() + (0.5 + rnd() * 8) * HOUR)
          if (t) [state, closedAt, version] = [ReportState.rejected, t, 2]
        } else if (r < 0.08) {
          const t = stamp(created.getTime() + (0.5 + rnd() * 8) * HOUR)
          if (t) [state, closedAt, version] = [ReportState.merged, t, 2]
        } else {
          acceptedAt = stamp(created.getTime() + (0.2 + rnd() ** 2 * 30) * HOUR)
          dispatchedAt = acceptedAt && stamp(acceptedAt.getTime() + (0.1 + rnd() * 4) * HOUR)
          resolvedAt = dispatchedAt && r < 0.97 ? stamp(dispatchedAt.getTime() + (1 + rnd() ** 2 * 150) * HOUR) : undefined
          closedAt = resolvedAt && stamp(resolvedAt.getTime() + (1 + rnd() * 71) * HOUR)
          if (closedAt && rnd() < 0.45) rating = [5, 5, 5, 4, 4, 3, 2, 1][Math.floor(rnd() * 8)]
          state = closedAt ? (rating ? ReportState.confirmed : ReportState.closed) : resolvedAt ? ReportState.resolved : dispatchedAt ? ReportState.in_progress : acceptedAt ? ReportState.accepted : ReportState.submitted
          version = 1 + [acceptedAt, dispatchedAt, resolvedAt, closedAt].filter(Boolean).length
        }
        const finished = resolvedAt ?? closedAt
        const overdue = (finished ?? now).getTime() > dueAt.getTime() && state !== ReportState.rejected && state !== ReportState.merged
        count(s.id, created, 'received')
        count(s.id, acceptedAt, 'accepted')
        count(s.id, resolvedAt, 'resolved')
        const grid = `grid-db-${s.id.slice(-2)}-${Math.floor(rnd() * 8)}`
        const doc: ReportDoc = {
          _id: `rp-db-${String(i).padStart(7, '0')}`,
          idempotencyKey: `${reporterId}:rp-${i}`,
          receiptNo: `${chinaDateKey(created).replace(/-/g, '')}-${String(i).padStart(7, '0')}`,
          reporterId,
          categoryId: categories[Math.floor(rnd() * categories.length)],
          description: '电动车乱停放，堵住了消防通道',
          location: point(near(s)),
          address: `${s.name}某路 ${i % 300} 号`,
          district: DISTRICT,
          street: s.id,
          gridId: rnd() < 0.9 ? grid : null,
          routeReason: 'inside',
          departmentId: dispatchedAt ? `dept-db-${i % 6}` : null,
          state,
          version,
          slaHours,
          dueAt,
          overdue,
          ...(overdue ? { overdueAt: dueAt } : {}),
          photos: [{ fileId: `cloud://bench/reports/${i}.jpg`, kind: 'report', review: 'visible', by: reporterId, at: created }],
          ...(state === ReportState.merged ? { mergedInto: `rp-db-${String(Math.max(0, i - 1)).padStart(7, '0')}` } : {}),
          duplicateCount: 0,
          ...(state === ReportState.rejected ? { rejection: { reason: RejectionReason.not_in_scope } } : {}),
          ...(rating ? { rating } : {}),
          ...(acceptedAt ? { pointsCredited: 5 } : {}),
          createdAt: created,
          updatedAt: closedAt ?? resolvedAt ?? dispatchedAt ?? acceptedAt ?? created,
          ...(acceptedAt ? { acceptedAt } : {}),
          ...(dispatchedAt ? { dispatchedAt } : {}),
          ...(resolvedAt ? { resolvedAt, resolvedBy: `dept-db-${i % 6}` } : {}),
          ...(closedAt ? { closedAt } : {}),
        }
        yield doc
      }
    })(),
    inserted,
  )

  // ---- volunteers: teams per street, rosters, activities with ~10 sign-ups each ----
  const teams: TeamDoc[] = streets.flatMap((s, si) =>
    Array.from({ length: sizes.teamsPerStreet }, (_, t): TeamDoc => ({
      _id: `team-db-${si}-${t}`,
      name: `${s.name}${t === 0 ? '先锋服务队' : `志愿服务${t}队`}`,
      type: t === 0 ? 'pioneer' : 'volunteer',
      district: DISTRICT,
      street: s.id,
      community: `${s.name}第${t + 1}社区`,
      description: '为新就业群体提供志愿服务',
      captainIds: [`vol-db-${si}-${t}-0`],
      memberCount: sizes.membersPerTeam,
      createdAt: new Date(now.getTime() - (sizes.historyDays + 30) * DAY),
    })),
  )
  insertChunked(emu, Collection.teams, teams, inserted)
  insertChunked(
    emu,
    Collection.teamMembers,
    teams.flatMap((team) =>
      Array.from({ length: sizes.membersPerTeam }, (_, m): TeamMemberDoc => ({
        _id: `${team._id}:${team._id.replace('team-db-', 'vol-db-')}-${m}`,
        teamId: team._id,
        userId: `${team._id.replace('team-db-', 'vol-db-')}-${m}`,
        state: 'member',
        role: m === 0 ? 'captain' : 'member',
        joinedAt: team.createdAt,
      })),
    ),
    inserted,
  )
  const signups: SignupDoc[] = []
  insertChunked(
    emu,
    Collection.activities,
    (function* () {
      for (let i = 0; i < sizes.activities; i++) {
        const team = teams[Math.floor(rnd() * teams.length)]
        const s = streets.find((x) => x.id === team.street)!
        // A few are still ahead (open for sign-up); most are past.
        const start = new Date(now.getTime() - (rnd() * sizes.historyDays - 14) * DAY)
        const hours = 2 + Math.floor(rnd() * 3)
        const end = new Date(start.getTime() + hours * HOUR)
        const past = end.getTime() < now.getTime()
        const cancelled = rnd() < 0.03
        const station = pickVisitStation.get(s.id)!(rnd())
        const id = `act-db-${String(i).padStart(6, '0')}`
        const code = `A${String(i).padStart(7, '0')}`
        const attendees = Array.from(new Set(Array.from({ length: sizes.signupsPerActivity + 3 }, () => Math.floor(rnd() * sizes.membersPerTeam)))).slice(0, sizes.signupsPerActivity)
        for (const m of attendees) {
          const userId = `${team._id.replace('team-db-', 'vol-db-')}-${m}`
          const a = rnd()
          const attended = past && !cancelled && a < 0.85
          const minutes = attended ? hours * 60 - Math.floor(rnd() * 30) : undefined
          const signedUpAt = new Date(start.getTime() - (1 + rnd() * 6) * DAY)
          signups.push({
            _id: `${id}:${userId}`,
            activityId: id,
            teamId: team._id,
            userId,
            state: cancelled ? 'cancelled' : 'signed_up',
            signedUpAt,
            ...(cancelled ? { cancelledAt: new Date(start.getTime() - DAY) } : {}),
            attendance: attended ? 'attended' : past && !cancelled ? 'no_show' : 'none',
            ...(attended
              ? {
                  checkInAt: start,
                  checkOutAt: end,
                  minutes,
                  hours: Math.floor((minutes ?? 0) / 30) / 2,
                  attendanceSource: a < 0.7 ? 'scan' : 'captain',
                  points: Math.floor((minutes ?? 0) / 30) * 5,
                  creditedAt: end,
                  creditEntryId: `led-vol-${id}-${m}`,
                }
              : {}),
            createdAt: signedUpAt,
            updatedAt: attended ? end : signedUpAt,
          })
        }
        const doc: ActivityDoc = {
          _id: id,
          teamId: team._id,
          title: `${s.name}驿站暖心服务`,
          description: '为骑手提供饮水、充电与义诊',
          stationId: station._id,
          location: station.location,
          address: station.address.detail,
          startAt: start,
          endAt: end,
          signupDeadline: new Date(start.getTime() - 2 * HOUR),
          capacity: sizes.signupsPerActivity + 5,
          signedUp: cancelled ? 0 : attendees.length,
          hoursCredit: hours,
          state: cancelled ? 'cancelled' : past ? 'finished' : start.getTime() - 2 * HOUR < now.getTime() ? 'closed' : 'open',
          audience: rnd() < 0.3 ? 'all' : 'team',
          radiusM: 200,
          codeKey: { code, keyVersion: 1, secret: `bench-secret-${i}` },
          code,
          createdBy: team.captainIds[0],
          createdAt: new Date(start.getTime() - 7 * DAY),
        }
        yield doc
      }
    })(),
    inserted,
  )
  insertChunked(emu, Collection.activitySignups, signups, inserted)

  // ---- micro-wishes ----
  const wishStates = [WishState.fulfilled, WishState.fulfilled, WishState.fulfilled, WishState.published, WishState.claimed, WishState.contacted, WishState.delivered, WishState.declined, WishState.withdrawn, WishState.submitted]
  insertChunked(
    emu,
    Collection.wishes,
    (function* () {
      for (let i = 0; i < sizes.wishes; i++) {
        const s = pickStreet(rnd())
        const created = past()
        const state = wishStates[Math.floor(rnd() * wishStates.length)]
        const at = (h: number) => new Date(Math.min(now.getTime(), created.getTime() + h * HOUR))
        const beneficiaryId = riderOf()
        const claimed = ([WishState.claimed, WishState.contacted, WishState.delivered, WishState.fulfilled] as WishState[]).includes(state)
        const published = claimed || state === WishState.published
        const doc: WishDoc = {
          _id: `wish-db-${String(i).padStart(6, '0')}`,
          idempotencyKey: `${beneficiaryId}:wish-${i}`,
          beneficiaryId,
          forWhom: rnd() < 0.7 ? 'self' : 'family',
          categoryId: Object.values(WishCategory)[Math.floor(rnd() * 7)],
          title: '想要一件冬天骑车穿的防风外套',
          description: '天冷了，骑车送单手冻得厉害',
          valueBand: Object.values(ValueBand)[Math.floor(rnd() * 3)],
          district: DISTRICT,
          street: s.id,
          streetName: s.name,
          community: `${s.name}第一社区`,
          phoneConsent: rnd() < 0.5,
          state,
          version: 1 + (published ? 1 : 0) + (claimed ? 1 : 0),
          priority: 0,
          ...(published ? { publishedAt: at(20) } : {}),
          ...(state !== WishState.submitted && state !== WishState.withdrawn ? { screening: { ok: state !== WishState.declined, by: 'staff-db', at: at(20) } } : {}),
          ...(claimed ? { claim: { kind: 'member' as const, claimerId: memberOf(), parts: 1, participants: [], claimedAt: at(60), contactBy: at(108) } } : {}),
          ...(state === WishState.fulfilled ? { delivery: { photo: `cloud://bench/wishes/${i}.jpg`, at: at(200) }, fulfilledAt: at(220), pointsCredited: 10 } : {}),
          createdAt: created,
          updatedAt: at(220),
        }
        yield doc
      }
    })(),
    inserted,
  )

  // ---- suggestions ----
  const suggestionStates = Object.values(SuggestionState)
  insertChunked(
    emu,
    Collection.suggestions,
    (function* () {
      for (let i = 0; i < sizes.suggestions; i++) {
        const s = pickStreet(rnd())
        const created = past()
        const state = suggestionStates[Math.floor(rnd() * suggestionStates.length)]
        const at = (d: number) => new Date(Math.min(now.getTime(), created.getTime() + d * DAY))
        const authorId = riderOf()
        const doc: SuggestionDoc = {
          _id: `sug-db-${String(i).padStart(6, '0')}`,
          idempotencyKey: `${authorId}:sug-${i}`,
          authorId,
          categoryId: Object.values(SuggestionCategory)[Math.floor(rnd() * 6)],
          text: '希望在商圈附近增设一个充电换电点',
          district: DISTRICT,
          street: s.id,
          streetName: s.name,
          state,
          version: 1 + suggestionStates.indexOf(state),
          supportCount: Math.floor(rnd() ** 3 * 200),
          ...(state !== SuggestionState.received ? { answeredAt: at(3), publicReply: '已收到，正在研究' } : {}),
          ...(state === SuggestionState.adopted || state === SuggestionState.solved ? { adoptedAt: at(10), promisedDate: chinaDateKey(at(40)), cost: 5000 } : {}),
          ...(state === SuggestionState.solved ? { solvedAt: at(35) } : {}),
          ...(state === SuggestionState.not_adopted ? { reason: 'not_feasible' as const } : {}),
          createdAt: created,
          updatedAt: at(35),
        }
        yield doc
      }
    })(),
    inserted,
  )

  // ---- passbook entries: earned for visits, reports, hours; some redeemed ----
  const earnKinds = [PointRuleKind.checkin_visit, PointRuleKind.checkin_visit, PointRuleKind.checkin_visit, PointRuleKind.report_accepted, PointRuleKind.volunteer_hour, PointRuleKind.party_report, PointRuleKind.wish_fulfilled]
  insertChunked(
    emu,
    Collection.ledger,
    (function* () {
      const balance = new Map<string, number>()
      for (let i = 0; i < sizes.ledger; i++) {
        const userId = riderOf()
        const redeem = rnd() < 0.08 && (balance.get(userId) ?? 0) >= 20
        const kind = earnKinds[Math.floor(rnd() * earnKinds.length)]
        const delta = redeem ? -20 : kind === PointRuleKind.volunteer_hour ? 10 : kind === PointRuleKind.report_accepted ? 5 : 1
        const after = (balance.get(userId) ?? 0) + delta
        balance.set(userId, after)
        const source = redeem ? { type: 'redemption', id: `red-db-${i}` } : { type: kind === PointRuleKind.report_accepted ? 'report' : kind === PointRuleKind.volunteer_hour ? 'signup' : 'checkin', id: `src-db-${i}` }
        const doc: LedgerEntryDoc = {
          _id: `led-db-${String(i).padStart(7, '0')}`,
          userId,
          delta,
          type: redeem ? EntryType.redeem : EntryType.earn,
          ...(redeem ? {} : { kind }),
          reason: redeem ? '兑换：保温杯' : '驿站到访',
          source,
          refType: source.type,
          refId: source.id,
          actorId: redeem ? userId : 'system',
          idempotencyKey: `${source.type}:${source.id}`,
          balanceAfter: after,
          // Entries of an account follow each other in time, as balanceAfter does.
          createdAt: new Date(now.getTime() - sizes.historyDays * DAY * (1 - (i + rnd()) / sizes.ledger)),
        }
        yield doc
      }
    })(),
    inserted,
  )
  return { streets, truth, inserted }
}
