/**
 * The demo data set is realistic and internally consistent: the counts the district reports give,
 * stations within a few km of their district centre, valid vocabularies and hours, every role held by
 * a dev identity with scopes that exist, and balances equal to the sum of ledger entries.
 */
import { Collection } from '../../src/core/collections'
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
