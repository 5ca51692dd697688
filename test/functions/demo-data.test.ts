/**
 * The demo data set is realistic and internally consistent: the counts the district reports give,
 * stations within a few km of their district centre, valid vocabularies and hours, every role held by
 * a dev identity with scopes that exist, and balances equal to the sum of ledger entries. Then, read
 * back from an emulator the seed has filled (not from the seed script's constants), the agreements a
 * tester relies on: every district has its own staff in every role, every reward is collectable in every
 * district at an open station, every points credit for a report, a check-in or an activity has that
 * report, check-in or attendance behind it and every counted check-in and attendance has its credit,
 * every activity runs in daytime China time, and every switcher identity exists in the district it names.
 */
import { startEmulator, type Emulator } from '@nuanxin/cloudbase-emulator'
import { Collection } from '../../src/core/collections'
import { chinaParts } from '../../src/core/time'
import { distanceM, fromPoint, pointInPolygon } from '../../src/core/geo'
import { roleNeedsScope, type Role } from '../../src/core/roles'
import { parseHhMm } from '../../src/core/time'
import type { StationDoc } from '../../src/stations/model'
import { allAmenities, LiveStatus } from '../../src/stations/vocabulary'
import { devIdentities } from '../../src/users/dev-identities'
import type { RoleGrantDoc, UserDoc } from '../../src/users/model'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { schema } from '../../cloudfunctions/database-schema'
import { buildDemoData, type GridDoc, type LedgerEntryDoc, type BalanceDoc } from '../../scripts/seed/demo-data'
import { districts } from '../../scripts/seed/places'
import { sdkDatabase, sdkInstance, seedDemoData } from '../../scripts/seed/load'

const now = new Date('2025-06-02T02:00:00.000Z')
const data = buildDemoData({ now })
const stations = data.stations as unknown as StationDoc[]
const grants = data.role_grants as unknown as RoleGrantDoc[]
const users = data.users as unknown as UserDoc[]

describe('demo data', () => {
  it('is deterministic for a given reference time', () => {
    expect(JSON.stringify(buildDemoData({ now }))).toBe(JSON.stringify(data))
  })

  it('only writes collections the schema declares', () => {
    const declared = new Set(schema.collections.map((c) => c.name))
    for (const name of Object.keys(data)) expect(declared.has(name)).toBe(true)
  })

  it('has the station counts the district reports describe', () => {
    const count = (prefix: string) => stations.filter((s) => s._id.startsWith(prefix)).length
    expect(count('st-hj-')).toBe(44)
    expect(count('st-sw-')).toBe(24) // 1 hub + 23 branches
    expect(stations.filter((s) => s._id.startsWith('st-sw-') && s.hub)).toHaveLength(1)
    expect(count('st-lf-')).toBe(25)
    expect(count('rp-lf-')).toBe(26)
    expect(count('st-ny-')).toBe(11)
    expect(stations.find((s) => s.name.includes('彩虹站'))).toBeDefined()
  })

  it('places every station within a few km of its district centre, inside a grid of its street', () => {
    const grids = data.grids as unknown as GridDoc[]
    for (const st of stations) {
      const d = districts.find((x) => x.district === st.district)!
      expect(distanceM(d.centre, fromPoint(st.location))).toBeLessThan(5_000)
      const grid = grids.find((g) => g._id === st.gridId)
      expect(grid && pointInPolygon(fromPoint(st.location), grid.polygon)).toBe(true)
    }
  })

  it('uses only closed vocabularies, valid hours and unique short codes', () => {
    const codes = new Set<string>()
    for (const st of stations) {
      expect(st.amenities.length).toBeGreaterThan(0)
      for (const a of st.amenities) expect(allAmenities).toContain(a)
      expect(Object.values(LiveStatus)).toContain(st.liveStatus)
      expect(st.code).toMatch(/^[A-Z0-9]{1,12}$/)
      codes.add(st.code)
      expect(st.phone).toMatch(/^0\d{3}-\d{7,8}$/)
      expect(st.lastVerifiedAt.getTime()).toBeLessThan(now.getTime())
      if (!st.hours.always) {
        for (const ranges of Object.values(st.hours.weekly)) for (const r of ranges ?? []) expect([parseHhMm(r.open), parseHhMm(r.close)]).not.toContain(NaN)
      }
    }
    expect(codes.size).toBe(stations.length)
    expect(stations.some((s) => s.hours.always)).toBe(true)
    expect(stations.some((s) => !s.hours.always && Object.keys(s.hours.weekly).length < 7)).toBe(true)
  })

  it('gives every dev identity its role, with scopes that exist', () => {
    const ids = new Set(Object.values(data).flatMap((docs) => docs!.map((d) => d._id)))
    for (const dev of devIdentities) {
      const userId = userIdFor(dev.openid)
      expect(users.find((u) => u._id === userId)?.nickname).toBe(dev.nickname)
      if (dev.role === 'worker') continue
      const g = grants.find((x) => x.userId === userId && x.role === dev.role)
      expect(g).toBeDefined()
      if (roleNeedsScope(dev.role as Role)) expect(g!.scopes.length).toBeGreaterThan(0)
      for (const sc of g!.scopes) {
        expect(ids.has(sc.id)).toBe(true)
        expect(sc.name).toBeTruthy()
      }
    }
    // Who manages a station is the role grant alone; station documents carry no list of their own.
    const managed = grants.find((g) => g.userId === userIdFor('dev-station-manager') && g.role === 'station_manager')!.scopes.map((sc) => sc.id)
    expect(stations.filter((s) => managed.includes(s._id)).map((s) => s.street)).toEqual(['娄葑街道', '娄葑街道', '娄葑街道'])
    expect(stations.some((s) => 'managerIds' in s)).toBe(false)
  })

  it('has ~30 ordinary workers and never stores a worker grant', () => {
    expect(users.filter((u) => u.openid.startsWith('seed-worker-'))).toHaveLength(30)
    expect(grants.every((g) => (g.role as string) !== 'worker')).toBe(true)
    for (const g of grants) expect(g._id).toBe(`${g.userId}:${g.role}`)
  })

  it('keeps every balance equal to the sum of its ledger entries', () => {
    const ledger = data[Collection.ledger] as unknown as LedgerEntryDoc[]
    for (const b of data[Collection.balances] as unknown as BalanceDoc[]) {
      expect(b.points).toBe(ledger.filter((e) => e.userId === b.userId).reduce((s, e) => s + e.delta, 0))
      expect(b.points).toBeGreaterThanOrEqual(0)
    }
    expect(new Set(ledger.map((e) => e.idempotencyKey)).size).toBe(ledger.length)
  })
})

describe('seeded demo database', () => {
  let emu: Emulator
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any
  type Doc = { _id: string } & Record<string, unknown>
  const all = async <T = Doc>(name: string): Promise<T[]> => {
    const out: T[] = []
    for (;;) {
      const page = (await db.collection(name).skip(out.length).limit(100).get()).data as T[]
      out.push(...page)
      if (page.length < 100) return out
    }
  }
  let stored: { stations: StationDoc[]; grants: RoleGrantDoc[]; users: UserDoc[] }
  const districtOf = new Map<string, string>()

  beforeAll(async () => {
    emu = await startEmulator({ memory: true, port: 0, schema })
    db = sdkDatabase(emu.adminUrl, emu.envId)
    await seedDemoData({ adminUrl: emu.adminUrl, now })
    stored = { stations: await all<StationDoc>(Collection.stations), grants: await all<RoleGrantDoc>(Collection.roleGrants), users: await all<UserDoc>(Collection.users) }
    // Where each scope object lies, from the stored documents themselves.
    for (const st of stored.stations) districtOf.set(st._id, st.district)
    for (const name of [Collection.grids, Collection.streets, Collection.departments, Collection.teams, Collection.enterprises]) {
      for (const d of await all<{ _id: string; district: string }>(name)) districtOf.set(d._id, d.district)
    }
    // A full seed (pictures drawn and uploaded) and a read of every collection: minutes on a busy shared machine.
  }, 180_000)

  afterAll(async () => {
    await emu?.close()
  })

  const scopeDistricts = (g: RoleGrantDoc) => [...new Set(g.scopes.map((sc) => districtOf.get(sc.id)))]

  it('gives every district its own staff in every role', () => {
    const staffRoles: Role[] = ['party_member', 'team_captain', 'station_manager', 'grid_worker', 'dispatcher', 'department_handler', 'admin']
    const switcherDistrict = new Map(devIdentities.map((d) => [userIdFor(d.openid), d.district]))
    for (const d of districts) {
      for (const role of staffRoles) {
        const holders = stored.grants.filter((g) => g.role === role && (roleNeedsScope(role) ? scopeDistricts(g).every((x) => x === d.district) : switcherDistrict.get(g.userId) === d.district))
        expect({ district: d.district, role, holders: holders.length > 0 }).toEqual({ district: d.district, role, holders: true })
      }
      // and a rider (no grant needed) who lives there
      expect(devIdentities.some((x) => x.role === 'worker' && x.district === d.district && stored.users.some((u) => u.openid === x.openid))).toBe(true)
    }
  })

  it('makes every reward collectable at a station in every district', async () => {
    const rewards = await all<{ _id: string; pickupStationIds: string[]; active: boolean }>(Collection.rewards)
    expect(rewards.length).toBeGreaterThan(0)
    for (const r of rewards.filter((x) => x.active)) {
      const where = new Set(r.pickupStationIds.map((id) => districtOf.get(id)))
      for (const d of districts) expect({ reward: r._id, district: d.district, collectable: where.has(d.district) }).toEqual({ reward: r._id, district: d.district, collectable: true })
    }
    // and someone there can hand it over: each district's pickup stations have a station manager
    const managed = new Set(stored.grants.filter((g) => g.role === 'station_manager').flatMap((g) => g.scopeIds))
    for (const r of rewards) for (const id of r.pickupStationIds) expect(managed.has(id)).toBe(true)
    // and the pickup points are not closed
    const closed = new Set(stored.stations.filter((st) => st.liveStatus === 'closed').map((st) => st._id))
    for (const r of rewards) for (const id of r.pickupStationIds) expect({ reward: r._id, station: id, closed: closed.has(id) }).toEqual({ reward: r._id, station: id, closed: false })
  })

  it('backs every report or check-in credit with that user\'s report or check-in', async () => {
    const ledger = await all<{ userId: string; source: { type: string; id: string }; delta: number }>(Collection.ledger)
    const reports = new Map((await all<{ _id: string; reporterId: string }>(Collection.reports)).map((r) => [r._id, r]))
    const checkins = new Map((await all<{ _id: string; userId: string }>(Collection.checkins)).map((c) => [c._id, c]))
    const reportCredits = ledger.filter((e) => e.source.type === 'report')
    const checkinCredits = ledger.filter((e) => e.source.type === 'checkin')
    expect(reportCredits.length).toBeGreaterThan(0)
    expect(checkinCredits.length).toBeGreaterThan(0)
    for (const e of reportCredits) expect({ id: e.source.id, reporter: reports.get(e.source.id)?.reporterId }).toEqual({ id: e.source.id, reporter: e.userId })
    for (const e of checkinCredits) expect({ id: e.source.id, user: checkins.get(e.source.id)?.userId }).toEqual({ id: e.source.id, user: e.userId })
    // The dev rider's 我上报的 is not empty while the passbook shows report credits.
    expect([...reports.values()].filter((r) => r.reporterId === userIdFor('dev-worker')).length).toBeGreaterThan(0)
  })

  it('credits what earns points exactly once: every counted check-in and every attended activity, and nothing else', async () => {
    const ledger = await all<{ _id: string; userId: string; source: { type: string; id: string }; delta: number; idempotencyKey: string }>(Collection.ledger)
    const checkins = await all<{ _id: string; userId: string; purpose: string }>(Collection.checkins)
    const signups = await all<{ _id: string; activityId: string; userId: string; attendance: string; points?: number; creditEntryId?: string }>(Collection.activitySignups)
    const creditsOf = (type: string, id: string, userId: string) => ledger.filter((e) => e.source.type === type && e.source.id === id && e.userId === userId)
    for (const c of checkins.filter((x) => x.purpose === 'visit' || x.purpose === 'party_report')) expect({ checkin: c._id, credits: creditsOf('checkin', c._id, c.userId).length }).toEqual({ checkin: c._id, credits: 1 })
    const attended = signups.filter((s) => s.attendance === 'attended')
    expect(attended.length).toBeGreaterThan(0)
    for (const s of attended) {
      const [entry, ...more] = creditsOf('activity', s.activityId, s.userId)
      expect({ signup: s._id, credited: !!entry, twice: more.length > 0 }).toEqual({ signup: s._id, credited: true, twice: false })
      expect({ signup: s._id, points: s.points, entry: s.creditEntryId }).toEqual({ signup: s._id, points: entry.delta, entry: entry._id })
    }
    for (const e of ledger.filter((x) => x.source.type === 'activity')) {
      expect({ entry: e._id, attended: attended.some((s) => s.activityId === e.source.id && s.userId === e.userId) }).toEqual({ entry: e._id, attended: true })
    }
    // The credits carry the keys the crediting functions use, so a live retry finds them instead of paying again.
    for (const e of ledger.filter((x) => x.source.type !== 'redemption')) expect(e.idempotencyKey).toMatch(/^credit:(report_accepted|checkin|volunteer_hour):/)
    // Every district's dev rider has something in the passbook that the app can explain.
    for (const d of devIdentities.filter((x) => x.role === 'worker')) expect({ rider: d.openid, entries: ledger.some((e) => e.userId === userIdFor(d.openid)) }).toEqual({ rider: d.openid, entries: true })
  })

  it('runs every activity between 08:00 and 21:00 China time', async () => {
    const activities = await all<{ _id: string; startAt: Date; endAt: Date }>(Collection.activities)
    expect(activities.length).toBeGreaterThan(0)
    for (const a of activities) {
      const start = chinaParts(a.startAt)
      const end = chinaParts(a.endAt)
      expect({ id: a._id, sameDay: start.day === end.day, start: start.minuteOfDay >= 8 * 60, end: end.minuteOfDay <= 21 * 60 }).toEqual({ id: a._id, sameDay: true, start: true, end: true })
    }
    // and each district has one still to come
    for (const d of districts) {
      const teams = new Set((await all<{ _id: string; district: string }>(Collection.teams)).filter((t) => t.district === d.district).map((t) => t._id))
      const upcoming = (await all<{ teamId: string; startAt: Date }>(Collection.activities)).filter((a) => teams.has(a.teamId) && a.startAt > now)
      expect({ district: d.district, upcoming: upcoming.length > 0 }).toEqual({ district: d.district, upcoming: true })
    }
  })

  it('stores every switcher identity, with its role in the district its label names', () => {
    for (const dev of devIdentities) {
      expect(dev.area.replace(/\s/g, '')).toContain(dev.district.slice(0, 2))
      const user = stored.users.find((u) => u.openid === dev.openid)
      expect({ openid: dev.openid, nickname: user?.nickname }).toEqual({ openid: dev.openid, nickname: dev.nickname })
      if (dev.role === 'worker') continue
      const g = stored.grants.find((x) => x.userId === user!._id && x.role === dev.role)
      expect({ openid: dev.openid, granted: !!g }).toEqual({ openid: dev.openid, granted: true })
      if (roleNeedsScope(dev.role)) expect({ openid: dev.openid, districts: scopeDistricts(g!) }).toEqual({ openid: dev.openid, districts: [dev.district] })
    }
  })

  it('shows a picture on every station, reward and resolved report: a PNG that storage serves', async () => {
    const rewards = await all<{ _id: string; photo?: string }>(Collection.rewards)
    const resolves = (await all<{ reportId: string; to: string; photos?: string[] }>(Collection.reportEvents)).filter((e) => e.to === 'resolved')
    const linked = [
      ...stored.stations.map((st) => ({ what: st._id, ids: st.photos })),
      ...rewards.map((r) => ({ what: r._id, ids: r.photo ? [r.photo] : [] })),
      ...resolves.map((e) => ({ what: `${e.reportId} resolved`, ids: e.photos ?? [] })),
    ]
    expect(resolves.length).toBeGreaterThan(0)
    for (const l of linked) expect({ what: l.what, pictures: l.ids.length > 0 }).toEqual({ what: l.what, pictures: true })
    const unique = [...new Set(linked.flatMap((l) => l.ids))]
    const { fileList } = await sdkInstance(emu.adminUrl, emu.envId).getTempFileURL({ fileList: unique })
    expect(fileList).toHaveLength(unique.length)
    for (const f of fileList as Array<{ fileID: string; tempFileURL: string }>) {
      const body = Buffer.from(await (await fetch(f.tempFileURL)).arrayBuffer())
      expect({ file: f.fileID, png: body.subarray(1, 4).toString() === 'PNG' && body.length > 1000 }).toEqual({ file: f.fileID, png: true })
    }
  })
})
