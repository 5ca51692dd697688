/**
 * Reports benchmark on 200 k reports in 16 cities (1 600 grids of 500 m): a grid worker's queue (two
 * grids, open states, urgency order = due time ascending, page of 20 with its total) and the duplicate
 * check before submitting (same category, open, within 50 m), through the `reports` function (emulator
 * worker pool + real wx-server-sdk, via the dev call route as the H5 app calls it) and through the SDK
 * from outside a function. The floor is the same indexed query on the emulator's engine (SQLite) in the
 * same run; each row prints its ratio to it. A one-read action (`categories`) shows the fixed cost every
 * function call pays before its own queries, so `suggest`'s share above it can be read off.
 *   npx tsx scripts/bench/reports.bench.ts        (REPORTS_BENCH_COUNT / REPORTS_BENCH_QUERIES to scale)
 */
import { Collection } from '../../src/core/collections'
import { offsetM, rectangle, type LngLat } from '../../src/core/geo'
import { allReportCategories, allReportStates, openStates, type ReportState } from '../../src/reports/vocabulary'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { sdkDatabase } from '../seed/load'
import { prng } from '../seed/synthetic-stations'
import { latencyRow, runStandalone, withFunctionEmulator, type LatencyRow } from './support'

const COUNT = Number(process.env.REPORTS_BENCH_COUNT ?? 200_000)
const QUERIES = Number(process.env.REPORTS_BENCH_QUERIES ?? 200)
const CELL_M = 500
const CELLS = 10
const LIMIT = 20
const RADIUS_M = 50

const cities: LngLat[] = [
  [116.4, 39.9], [121.47, 31.23], [113.26, 23.13], [114.06, 22.54], [104.07, 30.57], [106.55, 29.56], [120.16, 30.27], [114.3, 30.59],
  [108.94, 34.34], [113.62, 34.75], [118.8, 32.06], [117.2, 39.13], [120.66, 31.3], [103.55, 29.41], [111.94, 25.58], [113.65, 34.87],
].map(([lng, lat]) => ({ lng, lat }))

const gridId = (city: number, x: number, y: number) => `bg-${city}-${x}-${y}`

async function timed(n: number, fn: (i: number) => Promise<number>): Promise<{ ms: number; hits: number }> {
  let hits = 0
  const started = process.hrtime.bigint()
  for (let i = 0; i < n; i++) hits += await fn(i)
  return { ms: Number(process.hrtime.bigint() - started) / 1e6 / n, hits: hits / n }
}

export function run(): Promise<LatencyRow[]> {
  return withFunctionEmulator('reports', { maxWorkersPerFunction: 2 }, async ({ emu, callOk }) => {
    const t0 = Date.now()
    const rand = prng(11)
    const now = new Date()
    // ── grids, categories, one grid worker, and the reports ─────────────────────────────────
    const grids = []
    for (const [ci, c] of cities.entries()) {
      for (let x = 0; x < CELLS; x++) {
        for (let y = 0; y < CELLS; y++) {
          const sw = offsetM(c, x * CELL_M, y * CELL_M)
          const ne = offsetM(c, (x + 1) * CELL_M, (y + 1) * CELL_M)
          grids.push({ _id: gridId(ci, x, y), name: `网格${ci}-${x}-${y}`, street: `bs-${ci}`, district: `bd-${ci}`, polygon: rectangle(sw, ne), bbox: [sw.lng, sw.lat, ne.lng, ne.lat], order: x * CELLS + y })
        }
      }
    }
    emu.db.insertMany(Collection.grids, grids)
    emu.db.insertMany(Collection.streets, cities.map((c, i) => ({ _id: `bs-${i}`, name: `街道${i}`, district: `bd-${i}`, city: '', province: '', centre: c })))
    emu.db.insertMany(Collection.reportCategories, allReportCategories.map((id, i) => ({ _id: id, name: id, departmentKind: 'city_management', slaHours: 24, points: 20, order: i, active: true, hint: '' })))
    const worker = userIdFor('bench-grid-worker')
    emu.db.insertMany(Collection.roleGrants, [{ _id: `${worker}:grid_worker`, userId: worker, role: 'grid_worker', scopes: [{ kind: 'grid', id: gridId(0, 4, 4) }, { kind: 'grid', id: gridId(0, 4, 5) }], scopeIds: [gridId(0, 4, 4), gridId(0, 4, 5)], grantedBy: 'bench', grantedAt: now, updatedAt: now }])
    // Worker-heavy mix: most reports are closed; a third still open.
    const stateMix: ReportState[] = [...openStates, 'confirmed', 'closed', 'closed', 'confirmed', 'rejected', 'merged', 'resolved', 'closed', 'confirmed']
    const reports = (function* () {
      for (let i = 0; i < COUNT; i++) {
        const ci = i % cities.length
        const x = Math.floor(rand() * CELLS)
        const y = Math.floor(rand() * CELLS)
        const p = offsetM(cities[ci], (x + 0.02 + rand() * 0.96) * CELL_M, (y + 0.02 + rand() * 0.96) * CELL_M)
        const createdAt = new Date(now.getTime() - Math.floor(rand() * 90 * 24) * 3_600_000)
        const state = stateMix[Math.floor(rand() * stateMix.length)]
        yield {
          _id: `rpb${i.toString(36).padStart(6, '0')}`,
          idempotencyKey: `bench:${i}`,
          reporterId: `ub${i % 5000}`,
          categoryId: allReportCategories[Math.floor(rand() * allReportCategories.length)],
          description: '',
          location: { type: 'Point', coordinates: [p.lng, p.lat] },
          address: `第 ${i} 号`,
          district: `bd-${ci}`,
          street: `bs-${ci}`,
          gridId: gridId(ci, x, y),
          routeReason: 'inside',
          departmentId: null,
          state,
          version: 1,
          slaHours: 24,
          dueAt: new Date(createdAt.getTime() + 24 * 3_600_000),
          overdue: false,
          photos: [{ fileId: `cloud://local-dev.bench/reports/k${i}/0.jpg`, kind: 'report', review: 'visible', by: 'ub', at: createdAt }],
          duplicateCount: 0,
          createdAt,
          updatedAt: createdAt,
        }
      }
    })()
    emu.db.insertMany(Collection.reports, reports)
    console.log(`loaded ${COUNT} reports, ${grids.length} grids with indexes in ${Date.now() - t0} ms (states: ${allReportStates.length})`)

    const c = emu.db.store.require(Collection.reports)
    const myGrids = [gridId(0, 4, 4), gridId(0, 4, 5)]
    const queueWhere = { gridId: { $in: myGrids }, state: { $in: [...openStates] } }
    const order = [{ path: 'dueAt', parts: ['dueAt'], dir: 1 as const }, { path: '_id', parts: ['_id'], dir: 1 as const }]
    const points = Array.from({ length: QUERIES }, () => {
      const ci = Math.floor(rand() * cities.length)
      return { at: offsetM(cities[ci], rand() * CELLS * CELL_M, rand() * CELLS * CELL_M), categoryId: allReportCategories[Math.floor(rand() * allReportCategories.length)] }
    })
    const dupWhere = (q: (typeof points)[number]) => ({ location: { $nearSphere: { $geometry: { type: 'Point', coordinates: [q.at.lng, q.at.lat] }, $maxDistance: RADIUS_M } }, categoryId: q.categoryId, state: { $in: [...openStates] } })

    // ── floors: the direct indexed queries on the engine ────────────────────────────────────
    for (let i = 0; i < 10; i++) emu.db.engine.find(c, queueWhere, { order, limit: LIMIT })
    const queueFloor = await timed(QUERIES, async () => {
      const page = emu.db.engine.find(c, queueWhere, { order, limit: LIMIT })
      emu.db.engine.count(c, queueWhere)
      return page.length
    })
    const dupFloor = await timed(QUERIES, async (i) => emu.db.engine.find(c, dupWhere(points[i]), { limit: 10 }).length)

    // ── through the function, as the pages call it ──────────────────────────────────────────
    const call = (openid: string, action: string, payload: unknown) => callOk(openid, action, payload)
    for (let i = 0; i < 6; i++) await call('bench-grid-worker', 'queue', { as: 'grid_worker', page: { limit: LIMIT } })
    const queueFn = await timed(QUERIES, async () => ((await call('bench-grid-worker', 'queue', { as: 'grid_worker', page: { limit: LIMIT } })).items as unknown[]).length)
    const suggestFn = await timed(QUERIES, async (i) => ((await call('bench-rider', 'suggest', { categoryId: points[i].categoryId, location: points[i].at })).duplicates as unknown[]).length)
    // What any action costs before its own work (dev route, worker, the router's user + grants reads): one small read.
    const oneReadFn = await timed(QUERIES, async () => (await callOk<unknown[]>('bench-rider', 'categories', {})).length)

    // ── the same queries through the real SDK from outside a function ──────────────────────
    const db = sdkDatabase(emu.adminUrl, emu.envId)
    const _ = db.command
    const queueSdk = await timed(QUERIES, async () => {
      const where = { gridId: _.in(myGrids), state: _.in([...openStates]) }
      const [page] = await Promise.all([db.collection(Collection.reports).where(where).orderBy('dueAt', 'asc').orderBy('_id', 'asc').limit(LIMIT).get(), db.collection(Collection.reports).where(where).count()])
      return page.data.length
    })
    const dupSdk = await timed(QUERIES, async (i) => {
      const q = points[i]
      const res = await db.collection(Collection.reports).where({ location: _.geoNear({ geometry: db.Geo.Point(q.at.lng, q.at.lat), maxDistance: RADIUS_M }), categoryId: q.categoryId, state: _.in([...openStates]) }).limit(10).get()
      return res.data.length
    })

    const row = (measure: string, r: { ms: number; hits: number }, floor: { ms: number }) => latencyRow(measure, QUERIES, r.ms, r.hits, floor.ms)
    return [
      row('queue floor: engine find + count (grid_state_due index)', queueFloor, queueFloor),
      row('queue via real SDK from outside a function (page + count)', queueSdk, queueFloor),
      row('reports.queue via function (grid worker, 2 grids)', queueFn, queueFloor),
      row('duplicate floor: engine $nearSphere 50 m + category + open', dupFloor, dupFloor),
      row('duplicate check via real SDK from outside a function', dupSdk, dupFloor),
      row('reports.suggest via function (routing + duplicates)', suggestFn, dupFloor),
      row('reports.categories via function (router + one small read)', oneReadFn, dupFloor),
    ]
  })
}

if (require.main === module) runStandalone(run, `Reports: ${COUNT} reports, grid worker queue (page ${LIMIT}) and duplicate check (${RADIUS_M} m)`)
