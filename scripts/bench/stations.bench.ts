/**
 * Stations benchmark: the home tab's nearby search with two amenity filters (battery swap + e-bike
 * charging) on 200 k stations, through the `stations` function (emulator worker pool + real
 * wx-server-sdk, via the dev call route exactly as the H5 app calls it), with and without 开放中, and the
 * same query through the real SDK from outside any function. The floor is the direct indexed query on the
 * emulator's engine (SQLite, 2dsphere index, same filters and limit) measured in the same run; each row
 * prints its ratio to it.
 *   npx tsx scripts/bench/stations.bench.ts        (STATIONS_BENCH_COUNT / STATIONS_BENCH_QUERIES to scale)
 */
import { Collection } from '../../src/core/collections'
import { sdkDatabase } from '../seed/load'
import { prng, syntheticStations } from '../seed/synthetic-stations'
import { latencyRow, pool, runStandalone, withFunctionEmulator, type LatencyRow } from './support'

const COUNT = Number(process.env.STATIONS_BENCH_COUNT ?? 200_000)
const QUERIES = Number(process.env.STATIONS_BENCH_QUERIES ?? 300)
const CONCURRENCY = 4
const AMENITIES = ['battery_swap', 'ebike_charging']
const RADIUS_M = 5_000
const LIMIT = 20

/** Query points: the synthetic generator's city centres with a few km of jitter (where riders are). */
const centres: Array<[number, number]> = [
  [116.4, 39.9], [121.47, 31.23], [113.26, 23.13], [114.06, 22.54], [104.07, 30.57], [106.55, 29.56], [120.16, 30.27], [114.3, 30.59],
  [108.94, 34.34], [113.62, 34.75], [118.8, 32.06], [117.2, 39.13], [120.66, 31.3], [103.55, 29.41], [111.94, 25.58], [113.65, 34.87],
]

export function run(): Promise<LatencyRow[]> {
  return withFunctionEmulator('stations', { maxWorkersPerFunction: 4 }, async ({ emu, callOk }) => {
    // ── bulk load in the stored station shape ───────────────────────────────────────────────
    const t0 = Date.now()
    const now = new Date()
    const daily = [{ open: '08:00', close: '22:00' }]
    const docs = (function* () {
      for (const s of syntheticStations(COUNT)) {
        yield {
          _id: s._id,
          code: `S${s._id.slice(4).toUpperCase()}`,
          name: s.name,
          type: s.type,
          network: '暖新驿站',
          hub: false,
          location: s.location,
          address: { province: '', city: '', district: s.district, street: '', detail: s.name },
          district: s.district,
          street: '',
          host: '',
          amenities: s.amenities,
          hours: s.open24h ? { always: true } : { always: false, weekly: { 0: daily, 1: daily, 2: daily, 3: daily, 4: daily, 5: daily, 6: daily } },
          liveStatus: s.liveStatus,
          liveStatusUpdatedAt: now,
          phone: '',
          photos: [],
          description: '',
          lastVerifiedAt: now,
          checkinRadiusM: 200,
          visitCount: s.visitCount,
          createdAt: s.createdAt,
          updatedAt: s.createdAt,
        }
      }
    })()
    emu.db.insertMany(Collection.stations, docs)
    console.log(`loaded ${COUNT} stations with indexes in ${Date.now() - t0} ms`)

    const rand = prng(7)
    const points = Array.from({ length: QUERIES }, () => {
      const [lng, lat] = centres[Math.floor(rand() * centres.length)]
      return { lng: +(lng + (rand() - 0.5) * 0.1).toFixed(5), lat: +(lat + (rand() - 0.5) * 0.08).toFixed(5) }
    })

    // ── floor: the direct indexed query on the engine ───────────────────────────────────────
    const c = emu.db.store.require(Collection.stations)
    const direct = (p: { lng: number; lat: number }) =>
      emu.db.engine.find(c, { location: { $nearSphere: { $geometry: { type: 'Point', coordinates: [p.lng, p.lat] }, $maxDistance: RADIUS_M } }, amenities: { $all: AMENITIES } }, { limit: LIMIT + 1 })
    let floorHits = 0
    /** One pass over every query point; ms per query. */
    const floorPass = () => {
      floorHits = 0
      const started = process.hrtime.bigint()
      for (const p of points) floorHits += Math.min(LIMIT, direct(p).length)
      return Number(process.hrtime.bigint() - started) / 1e6 / QUERIES
    }
    floorPass() // warm SQLite pages and the JIT, like the warm-up calls below
    const floorBefore = floorPass()

    // ── through the function (dev call route → worker pool → real SDK → engine) ─────────────
    const callNearby = async (p: { lng: number; lat: number }, openNow: boolean) =>
      (await callOk<{ items: unknown[] }>('bench-rider', 'nearby', { location: p, amenities: AMENITIES, openNow, page: { limit: LIMIT } })).items.length
    // Warm every worker of the pool (one invocation at a time per worker) before measuring.
    await pool(4 * CONCURRENCY, CONCURRENCY, async (i) => {
      await callNearby(points[i % points.length], false)
    })
    let fnHits = 0
    const fnSeq = await pool(QUERIES, 1, async (i) => {
      const n = await callNearby(points[i], false)
      fnHits += n
    })
    let fnConcHits = 0
    const fnConc = await pool(QUERIES, CONCURRENCY, async (i) => {
      const n = await callNearby(points[i], false)
      fnConcHits += n
    })
    let openHits = 0
    const fnOpen = await pool(QUERIES, 1, async (i) => {
      const n = await callNearby(points[i], true)
      openHits += n
    })

    // ── the same query through the real SDK, outside any function ──────────────────────────
    const db = sdkDatabase(emu.adminUrl, emu.envId)
    const _ = db.command
    let sdkHits = 0
    const sdkMs = await pool(QUERIES, 1, async (i) => {
      const p = points[i]
      const res = await db
        .collection(Collection.stations)
        .where({ location: _.geoNear({ geometry: db.Geo.Point(p.lng, p.lat), maxDistance: RADIUS_M }), amenities: _.all(AMENITIES) })
        .limit(LIMIT + 1)
        .get()
      sdkHits += Math.min(LIMIT, res.data.length)
    })

    // The machine is shared: measure the floor again after the function rows and keep the faster pass.
    const floorMs = Math.min(floorBefore, floorPass())
    const floor = `engine find, 2dsphere + $all, limit ${LIMIT + 1}`
    const row = (measure: string, totalMs: number, hits: number) => latencyRow(measure, QUERIES, totalMs / QUERIES, hits / QUERIES, floorMs, floor)
    return [
      latencyRow('floor: direct indexed query (engine/SQLite)', QUERIES, floorMs, floorHits / QUERIES, floorMs, floor),
      row('real SDK query from outside a function', sdkMs, sdkHits),
      row('stations.nearby via function, sequential', fnSeq, fnHits),
      row(`stations.nearby via function, ${CONCURRENCY} concurrent (wall/op)`, fnConc, fnConcHits),
      row('stations.nearby + 开放中 via function, sequential', fnOpen, openHits),
    ]
  })
}

if (require.main === module) runStandalone(run, `Nearby search on ${COUNT} stations: ${AMENITIES.join(' + ')}, radius ${RADIUS_M} m, page ${LIMIT}`)
