/**
 * `district.coverage` through the emulator and the real wx-server-sdk: a street of four grids with an
 * open station, a closed one, a report point and a full station just across the street's edge; check-ins,
 * bookings and reports in and out of the period. The covered shares and the top gap are the ones the
 * geometry gives; scopes are the caller's grants (another street's officer and riders are refused), and
 * bad input (detour out of bounds, reversed or too long a period) is refused before any read.
 */
import { cellToLatLng, latLngToCell, polygonToCells } from 'h3-js'
import { Collection } from '../../src/core/collections'
import { distanceM, offsetM, rectangle, type LngLat } from '../../src/core/geo'
import { chinaDateKey } from '../../src/core/time'
import type { CoverageView } from '../../src/district/contract'
import { grantDocId } from '../../src/users/model'
import { code, data } from '../passbook/support'
import { startProject, type Project } from '../support/project'

jest.setTimeout(180_000)

let app: Project
const STREET = 'street-cov'
const LF = 'street-lf'
const OFFICER = 'o-cov-street-officer'
const DISTRICT = 'o-cov-district-officer'
const C: LngLat = { lng: 119.5, lat: 30.5 }
const at = (east: number, north: number) => offsetM(C, east, north)
const centreOf = (p: LngLat): LngLat => {
  const [lat, lng] = cellToLatLng(latLngToCell(p.lat, p.lng, 9))
  return { lng, lat }
}
const point = (p: LngLat) => ({ type: 'Point', coordinates: [p.lng, p.lat] })
const DAY = 86_400_000

// Cells of the fixture (centres, so distances are exact): the open station's own cell, one 600 m east
// of it (a 15-minute walk, not 10), the north-east corner (no open station within 1 km), and one by the east edge.
const home = centreOf(at(-400, -700))
const mid = centreOf(at(100, -700))
const far = centreOf(at(800, 800))
const east = centreOf(at(900, -700))
const border = at(1100, -700)

const today = () => chinaDateKey(new Date())
const daysAgo = (n: number) => chinaDateKey(new Date(Date.now() - n * DAY))

function station(id: string, location: LngLat, over: Record<string, unknown> = {}) {
  const now = new Date()
  return {
    _id: id,
    code: id.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(-10),
    name: `覆盖测试${id.slice(-4)}`,
    type: 'station',
    network: '暖新驿站',
    hub: false,
    location: point(location),
    address: { province: '浙江省', city: '测试市', district: '测试区', street: '覆盖街道', detail: '测试路 1 号' },
    district: '测试区',
    street: '覆盖街道',
    host: '',
    amenities: ['drinking_water'],
    hours: { always: true },
    liveStatus: 'open',
    liveStatusUpdatedAt: now,
    phone: '',
    photos: [],
    description: '',
    lastVerifiedAt: now,
    checkinRadiusM: 200,
    visitCount: 0,
    createdAt: now,
    updatedAt: now,
    ...over,
  }
}

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['district'] })
  const now = new Date()
  const inPeriod = new Date(Date.now() - 2 * DAY)
  const before = new Date(Date.now() - 20 * DAY)
  const db = app.emu.db
  db.insertMany(Collection.streets, [{ _id: STREET, name: '覆盖街道', district: '测试区', city: '测试市', province: '浙江省', centre: C }])
  db.insertMany(
    Collection.grids,
    [
      [-1000, -1000, 0, 0],
      [0, -1000, 1000, 0],
      [-1000, 0, 0, 1000],
      [0, 0, 1000, 1000],
    ].map(([w, s, e, n], i) => {
      const sw = at(w, s)
      const ne = at(e, n)
      return { _id: `grid-cov-${i + 1}`, name: `覆盖第${i + 1}网格`, street: STREET, streetName: '覆盖街道', district: '测试区', polygon: rectangle(sw, ne), bbox: [sw.lng, sw.lat, ne.lng, ne.lat], order: i + 1 }
    }),
  )
  db.insertMany(Collection.stations, [
    station('st-cov-home', home),
    station('st-cov-shut', far, { liveStatus: 'closed' }),
    station('st-cov-rpt', far, { type: 'report_point' }),
    // Across the street's east edge: it still covers the cells by the edge.
    station('st-cov-edge', border, { liveStatus: 'full', street: '邻街道' }),
  ])
  const checkin = (i: number, stationId: string, when: Date, purpose = 'visit') => ({ _id: `${purpose}:u${i}:${stationId}:${when.getTime()}`, userId: `u${i}`, stationId, stationCode: 'X', stationType: 'station', purpose, windowStart: when, at: when, day: chinaDateKey(when), distanceM: 10, accuracyM: 10, entryMethod: 'scan', keyVersion: 1, outsideHours: false, idempotencyKey: `k${i}${stationId}${when.getTime()}` })
  db.insertMany(Collection.checkins, [
    ...Array.from({ length: 30 }, (_, i) => checkin(i, 'st-cov-home', inPeriod)),
    ...Array.from({ length: 5 }, (_, i) => checkin(100 + i, 'st-cov-home', before)),
    ...Array.from({ length: 10 }, (_, i) => checkin(200 + i, 'st-cov-rpt', inPeriod, 'party_report')),
    // Attendance of bookings below: the booking already counts the rider once.
    ...Array.from({ length: 4 }, (_, i) => checkin(300 + i, 'st-cov-home', inPeriod, 'service')),
  ])
  db.insertMany(
    Collection.serviceBookings,
    Array.from({ length: 13 }, (_, i) => ({ _id: `slot-cov:u${300 + i}`, slotId: 'slot-cov', serviceId: 'svc-cov', stationId: 'st-cov-home', street: '覆盖街道', type: 'haircut', userId: `u${300 + i}`, startAt: inPeriod, endAt: inPeriod, state: i < 10 ? 'booked' : 'cancelled', waitlistedAt: now, attendance: 'pending', reminded: false, createdAt: now, updatedAt: now })),
  )
  const report = (i: number, p: LngLat, createdAt: Date, street = STREET) => ({ _id: `rp-cov-${i}`, idempotencyKey: `rp-cov-${i}`, receiptNo: `COV${i}`, street, location: point(p), state: 'submitted', createdAt, updatedAt: createdAt, dueAt: createdAt, version: 1 })
  db.insertMany(Collection.reports, [
    ...Array.from({ length: 20 }, (_, i) => report(i, mid, inPeriod)),
    ...Array.from({ length: 7 }, (_, i) => report(100 + i, east, inPeriod)),
    ...Array.from({ length: 4 }, (_, i) => report(200 + i, far, before)),
    // Another street's report at this street's spot is not this street's activity.
    report(300, far, inPeriod, LF),
  ])
  const grant = (openid: string, role: string, streets: string[]) => {
    const userId = app.userIdOf(openid)
    return app.db
      .collection(Collection.roleGrants)
      .doc(grantDocId(userId, role as 'street_officer'))
      .set({ data: { userId, role, scopes: streets.map((id) => ({ kind: 'street', id })), scopeIds: streets, grantedBy: 'test', grantedAt: now, updatedAt: now } })
  }
  await grant(OFFICER, 'street_officer', [STREET])
  await grant(DISTRICT, 'district_officer', [STREET, LF])
})
afterAll(async () => {
  await app?.close()
})

const period = () => ({ from: daysAgo(6), to: today() })

test('the fixture geometry is what the expectations assume', () => {
  expect(distanceM(home, mid)).toBeGreaterThan(500 / 1.3)
  expect(distanceM(home, mid)).toBeLessThan(1000 / 1.3)
  expect(distanceM(border, east)).toBeLessThan(500 / 1.3)
  expect(Math.min(distanceM(home, far), distanceM(border, far))).toBeGreaterThan(1000)
})

test('covered shares and the ranked gaps of a street, from check-ins, bookings and reports in the period', async () => {
  const res = data(await app.call<CoverageView>('district', 'coverage', { street: STREET, ...period() }, OFFICER))
  // The four grids tile the 2 km square: its cells, each once.
  const cells = polygonToCells(rectangle(at(-1000, -1000), at(1000, 1000)).coordinates, 9, true).length
  expect(cells).toBe(52)
  expect(res).toMatchObject({ grids: 4, cells, detour: 1.3, outside: 0 })
  // Home: 30 check-ins + 10 bookings; mid: 20 reports; east: 7 reports; far: 10 report-point check-ins.
  expect(res.activityByKind).toEqual({ checkin: 40, booking: 10, report: 27 })
  expect(res.activity).toBe(77)
  expect(res.covered10).toEqual({ cells: expect.any(Number), activity: 47, share: 47 / 77 })
  expect(res.covered15.activity).toBe(67)
  expect(res.gaps.map((g) => [g.gridName, g.weight, g.within15, g.nearest?.stationId])).toEqual([
    ['覆盖第2网格', 20, true, 'st-cov-home'],
    ['覆盖第4网格', 10, false, 'st-cov-edge'],
  ])
  expect(res.gaps[0].centre.lng).toBeCloseTo(mid.lng, 9)
  expect(res.gaps[0].nearest?.distanceM).toBeCloseTo(distanceM(home, mid), 3)
  // The closed station and the report point cover nothing; the full one across the edge does.
  expect(res.stations.map((s) => s.stationId).sort()).toEqual(['st-cov-edge', 'st-cov-home'])
  expect(res.plot.cells).toHaveLength(cells)
  expect(res.plot.truncated).toBe(false)

  // A winding walk (detour 2): 15 minutes (500 m straight) no longer reach mid, 600 m away.
  const winding = data(await app.call<CoverageView>('district', 'coverage', { street: STREET, ...period(), detour: 2 }, OFFICER))
  expect(winding.covered15.activity).toBe(47)
  expect(winding.gaps[0]).toMatchObject({ weight: 20, within15: false })
  expect(winding.reach10M).toBe(250)

  // A longer period takes in the earlier check-ins and reports.
  const month = data(await app.call<CoverageView>('district', 'coverage', { street: STREET, from: daysAgo(29), to: today() }, OFFICER))
  expect(month.activity).toBe(77 + 5 + 4)
  expect(month.gaps[0].weight).toBe(20)
  expect(month.gaps[1].weight).toBe(14)
})

test('scopes: a district officer reads their streets; another street and riders are refused', async () => {
  const mine = data(await app.call<CoverageView>('district', 'coverage', { street: STREET, ...period() }, OFFICER))
  expect(data(await app.call<CoverageView>('district', 'coverage', { street: STREET, ...period() }, DISTRICT))).toEqual(mine)
  // All their streets at once: this street's cells and 娄葑's.
  const all = data(await app.call<CoverageView>('district', 'coverage', period(), DISTRICT))
  expect(all.cells).toBeGreaterThan(mine.cells)
  expect(all.grids).toBeGreaterThan(4)
  expect(all.gaps.some((g) => g.gridName === '覆盖第2网格' && g.weight === 20)).toBe(true)

  expect(code(await app.call('district', 'coverage', { street: LF, ...period() }, OFFICER))).toBe('FORBIDDEN')
  expect(code(await app.callAs('street_officer', 'district', 'coverage', { street: STREET, ...period() }))).toBe('FORBIDDEN')
  expect(code(await app.callAs('worker', 'district', 'coverage', period()))).toBe('FORBIDDEN')
  // Without a street, an officer gets their own street only.
  expect(data(await app.call<CoverageView>('district', 'coverage', period(), OFFICER))).toEqual(mine)
})

test('bad input is refused with the field named', async () => {
  const fieldOf = async (payload: Record<string, unknown>) => {
    const res = await app.call('district', 'coverage', payload, OFFICER)
    return res.ok ? 'ok' : `${res.error.code}:${res.error.field ?? ''}`
  }
  expect(await fieldOf({ street: STREET, ...period(), detour: 2.5 })).toBe('INVALID_ARGUMENT:detour')
  expect(await fieldOf({ street: STREET, ...period(), detour: 0.9 })).toBe('INVALID_ARGUMENT:detour')
  expect(await fieldOf({ street: STREET, from: today(), to: daysAgo(3) })).toBe('INVALID_ARGUMENT:from')
  expect(await fieldOf({ street: STREET, from: daysAgo(100), to: today() })).toBe('INVALID_ARGUMENT:from')
  expect(await fieldOf({ street: STREET, from: '2026-13-01', to: today() })).toBe('INVALID_ARGUMENT:from')
  expect(await fieldOf({ street: STREET, from: daysAgo(1), to: chinaDateKey(new Date(Date.now() + 2 * DAY)) })).toBe('INVALID_ARGUMENT:to')
})
