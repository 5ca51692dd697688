/**
 * Coverage (十分钟暖新服务圈) benchmark: a synthetic district of ~2,000 km² (a 50 × 40 km block of 20
 * streets, each 10 × 10 km cut into 2 × 2 km grids), a few thousand stations and ~100 k activity points
 * clustered around hot spots. Two parts:
 *   1. the computation alone (cloudfunctions/district/coverage.ts: H3 cells over the grids, binning,
 *      nearest station per cell, ranking, plot), against the floor of the bare h3 polygonToCells call
 *      over the district's outline in the same run;
 *   2. the same through the district function (emulator worker + real wx-server-sdk: bounded reads of
 *      grids, a geo query for stations, check-ins counted per station by aggregate, reports paged),
 *      against the router refusing a bad detour before any read.
 *   npx tsx scripts/bench/coverage.bench.ts   (COVERAGE_BENCH_STATIONS / _POINTS / _REPORTS / _CHECKINS to scale)
 */
import { cellToLatLng, polygonToCells } from 'h3-js'
import { computeCoverage, gridCells, type ActivityPoint, type CoverageGrid } from '../../cloudfunctions/district/coverage'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { Collection } from '../../src/core/collections'
import { offsetM, rectangle, type LngLat } from '../../src/core/geo'
import { chinaDateKey } from '../../src/core/time'
import type { CoverageView } from '../../src/district/contract'
import { coverCells, StationIndex, type CoverageStation } from '../../src/district/coverage-rules'
import type { Emulator } from '@nuanxin/cloudbase-emulator'
import { prng } from '../seed/synthetic-stations'
import { latencyRow, runStandalone, withFunctionEmulator, type LatencyRow } from './support'

const STATIONS = Number(process.env.COVERAGE_BENCH_STATIONS ?? 3000)
const POINTS = Number(process.env.COVERAGE_BENCH_POINTS ?? 100_000)
const REPORTS = Number(process.env.COVERAGE_BENCH_REPORTS ?? 20_000)
const CHECKINS = Number(process.env.COVERAGE_BENCH_CHECKINS ?? 80_000)
const CENTRE: LngLat = { lng: 113.62, lat: 34.87 }
const WIDTH_KM = 50
const HEIGHT_KM = 40
const STREET_KM = 10
const GRID_KM = 2
const OFFICER = 'coverage-bench-district-officer'
const DAY = 86_400_000

/** km east/north of the district's south-west corner. */
const at = (eastKm: number, northKm: number) => offsetM(CENTRE, (eastKm - WIDTH_KM / 2) * 1000, (northKm - HEIGHT_KM / 2) * 1000)

export interface Fixture {
  outline: ReturnType<typeof rectangle>
  streets: Array<{ id: string; name: string }>
  grids: Array<CoverageGrid & { street: string }>
  stations: Array<CoverageStation & { type: 'station' | 'report_point'; liveStatus: 'open' | 'closed' | 'full' }>
  points: ActivityPoint[]
}

export function fixture(): Fixture {
  const rnd = prng(20261205)
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() || 1e-9)) * Math.cos(2 * Math.PI * rnd())
  const streets: Fixture['streets'] = []
  const grids: Fixture['grids'] = []
  for (let sx = 0; sx < WIDTH_KM / STREET_KM; sx++)
    for (let sy = 0; sy < HEIGHT_KM / STREET_KM; sy++) {
      const id = `street-cb-${sx}-${sy}`
      streets.push({ id, name: `基准街道${sx}-${sy}` })
      for (let gx = 0; gx < STREET_KM / GRID_KM; gx++)
        for (let gy = 0; gy < STREET_KM / GRID_KM; gy++) {
          const e = sx * STREET_KM + gx * GRID_KM
          const n = sy * STREET_KM + gy * GRID_KM
          grids.push({ id: `grid-cb-${sx}-${sy}-${gx}-${gy}`, name: `基准网格${sx}${sy}-${gx}${gy}`, street: id, polygon: rectangle(at(e, n), at(e + GRID_KM, n + GRID_KM)) })
        }
    }
  // Riders gather around hot spots (markets, office parks); stations follow them, with some spread out.
  const hot = Array.from({ length: 300 }, () => ({ e: rnd() * WIDTH_KM, n: rnd() * HEIGHT_KM, s: 0.3 + rnd() * 1.2 }))
  const near = (h: (typeof hot)[number]) => at(Math.min(WIDTH_KM, Math.max(0, h.e + gauss() * h.s)), Math.min(HEIGHT_KM, Math.max(0, h.n + gauss() * h.s)))
  const stations: Fixture['stations'] = Array.from({ length: STATIONS }, (_, i) => {
    const location = rnd() < 0.7 ? near(hot[Math.floor(rnd() * hot.length)]) : at(rnd() * WIDTH_KM, rnd() * HEIGHT_KM)
    const r = rnd()
    return { id: `st-cb-${String(i).padStart(5, '0')}`, name: `基准驿站${i}`, location, type: r < 0.05 ? 'report_point' : 'station', liveStatus: r > 0.93 ? 'closed' : r > 0.9 ? 'full' : 'open' }
  })
  const points: ActivityPoint[] = Array.from({ length: POINTS }, () => ({ ...(rnd() < 0.85 ? near(hot[Math.floor(rnd() * hot.length)]) : at(rnd() * WIDTH_KM, rnd() * HEIGHT_KM)), weight: 1 }))
  return { outline: rectangle(at(0, 0), at(WIDTH_KM, HEIGHT_KM)), streets, grids, stations, points }
}

function timeIt<T>(fn: () => T): { ms: number; value: T } {
  const started = process.hrtime.bigint()
  const value = fn()
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value }
}

function computationRows(f: Fixture): LatencyRow[] {
  const open = f.stations.filter((s) => s.type === 'station' && s.liveStatus !== 'closed')
  // Warm h3's module once so the floor is not its first call.
  polygonToCells(rectangle(at(0, 0), at(1, 1)).coordinates, 9, true)
  const floor = timeIt(() => polygonToCells(f.outline.coordinates, 9, true))
  const floorMs = floor.ms
  const label = 'bare polygonToCells, district outline'
  const rows: LatencyRow[] = [latencyRow(`${label} (${WIDTH_KM * HEIGHT_KM} km²)`, 1, floorMs, floor.value.length, floorMs, label)]
  const cells = timeIt(() => gridCells(f.grids))
  rows.push(latencyRow(`gridCells: ${f.grids.length} grid polygons`, 1, cells.ms, cells.value.size, floorMs, label))
  const index = timeIt(() => new StationIndex(open))
  rows.push(latencyRow(`StationIndex of ${open.length} open stations`, 1, index.ms, open.length, floorMs, label))
  const inputs = [...cells.value].map(([id, gridName]) => {
    const [lat, lng] = cellToLatLng(id)
    return { id, gridName, weight: 0, centre: { lng, lat } }
  })
  const nearest = timeIt(() => coverCells(inputs, index.value, 1.3))
  rows.push(latencyRow(`nearest station × ${inputs.length} cells`, 1, nearest.ms, nearest.value.length, floorMs, label))
  const full = timeIt(() => computeCoverage({ grids: f.grids, stations: open, points: f.points, detour: 1.3 }))
  rows.push(latencyRow(`computeCoverage: ${f.points.length} points, ${STATIONS} stations`, 1, full.ms, full.value.cells, floorMs, label))
  console.log(
    `computation: ${full.value.cells} cells, activity ${full.value.activity} (+${full.value.outside} outside), covered 10 min ${((full.value.covered10.share ?? 0) * 100).toFixed(1)} %, 15 min ${((full.value.covered15.share ?? 0) * 100).toFixed(1)} %, top gap ${full.value.gaps[0]?.weight ?? 0} at ${full.value.gaps[0]?.gridName ?? '—'}`,
  )
  return rows
}

/** The fixture as the district function reads it: streets, a district officer over all of them, grids, stations, check-ins, reports. */
export function loadDistrict(emu: Emulator, f: Fixture, now: Date): void {
  const officer = userIdFor(OFFICER)
  const rnd = prng(7)
  emu.db.insertMany(
    Collection.streets,
    f.streets.map((s) => ({ _id: s.id, name: s.name, district: '基准区', city: '', province: '', centre: CENTRE })),
  )
  emu.db.insertMany(
    Collection.roleGrants,
    [{ _id: `${officer}:district_officer`, userId: officer, role: 'district_officer', scopes: f.streets.map((s) => ({ kind: 'street', id: s.id })), scopeIds: f.streets.map((s) => s.id), grantedBy: 'bench', grantedAt: now, updatedAt: now }],
  )
  emu.db.insertMany(
    Collection.grids,
    f.grids.map((g, i) => ({ _id: g.id, name: g.name, street: g.street, streetName: '', district: '基准区', polygon: g.polygon, order: i })),
  )
  emu.db.insertMany(
    Collection.stations,
    f.stations.map((s) => ({ _id: s.id, code: `CB${s.id.slice(-5)}`, name: s.name, type: s.type, liveStatus: s.liveStatus, location: { type: 'Point', coordinates: [s.location.lng, s.location.lat] }, district: '基准区', street: '', amenities: [], hours: { always: true } })),
  )
  const when = () => new Date(now.getTime() - Math.floor(rnd() * 28) * DAY - 3_600_000)
  emu.db.insertMany(
    Collection.checkins,
    (function* () {
      for (let i = 0; i < CHECKINS; i++) {
        // Busy stations get most visits.
        const s = f.stations[Math.floor(rnd() ** 2 * f.stations.length)]
        const at = when()
        yield { _id: `cb-${i}`, userId: `u${i % 5000}`, stationId: s.id, purpose: 'visit', at, day: chinaDateKey(at), windowStart: at }
      }
    })(),
  )
  emu.db.insertMany(
    Collection.reports,
    (function* () {
      for (let i = 0; i < REPORTS; i++) {
        const p = f.points[i % f.points.length]
        const g = f.grids[Math.floor(rnd() * f.grids.length)]
        yield { _id: `rp-cb-${i}`, idempotencyKey: `rp-cb-${i}`, receiptNo: `CB${i}`, street: g.street, location: { type: 'Point', coordinates: [p.lng, p.lat] }, state: 'submitted', createdAt: when() }
      }
    })(),
  )
}

async function functionRows(f: Fixture): Promise<LatencyRow[]> {
  return withFunctionEmulator('district', { maxWorkersPerFunction: 2 }, async ({ emu, call, callOk }) => {
    const now = new Date()
    loadDistrict(emu, f, now)
    const period = { from: chinaDateKey(new Date(now.getTime() - 29 * DAY)), to: chinaDateKey(now) }
    const time = async (n: number, fn: () => Promise<unknown>) => {
      const started = process.hrtime.bigint()
      for (let i = 0; i < n; i++) await fn()
      return Number(process.hrtime.bigint() - started) / 1e6 / n
    }
    const floorMs = await time(10, () => call(OFFICER, 'coverage', { ...period, detour: 5 }))
    const first = process.hrtime.bigint()
    const view = await callOk<CoverageView>(OFFICER, 'coverage', period)
    const firstMs = Number(process.hrtime.bigint() - first) / 1e6
    const bytes = Buffer.byteLength(JSON.stringify(view))
    console.log(
      `function: ${view.grids} grids, ${view.cells} cells, ${view.stations.length} stations shown, activity ${view.activity} (check-ins ${view.activityByKind.checkin}, reports ${view.activityByKind.report}), covered 10 min ${((view.covered10.share ?? 0) * 100).toFixed(1)} %, 15 min ${((view.covered15.share ?? 0) * 100).toFixed(1)} %, answer ${(bytes / 1024).toFixed(0)} KB`,
    )
    const label = 'refused call (bad detour)'
    const oneStreet = { ...period, street: f.streets[0].id }
    const street = await callOk<CoverageView>(OFFICER, 'coverage', oneStreet)
    return [
      latencyRow(`coverage, whole district, first call`, 1, firstMs, view.cells, floorMs, label),
      latencyRow(`coverage, whole district, warm`, 2, await time(2, () => callOk(OFFICER, 'coverage', period)), view.cells, floorMs, label),
      latencyRow(`coverage, one street (100 km²)`, 3, await time(3, () => callOk(OFFICER, 'coverage', oneStreet)), street.cells, floorMs, label),
    ]
  })
}

export async function run(): Promise<LatencyRow[]> {
  const f = fixture()
  console.log(`district ${WIDTH_KM} × ${HEIGHT_KM} km = ${WIDTH_KM * HEIGHT_KM} km², ${f.streets.length} streets, ${f.grids.length} grids, ${STATIONS} stations, ${POINTS} activity points; function: ${CHECKINS} check-ins, ${REPORTS} reports`)
  return [...computationRows(f), ...(await functionRows(f))]
}

if (require.main === module) runStandalone(run, 'Coverage (十分钟暖新服务圈), district of ~2,000 km²')
