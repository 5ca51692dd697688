/**
 * Station-services benchmark: "services with a free seat near me in the next 2 hours" on 20 k services
 * (one per synthetic station, every day 00:00–24:00 in 20-minute slots of 2 seats, so a month holds
 * 20 k × 2,160 slots), through the `services` function (emulator worker pool + real wx-server-sdk via the
 * dev call route, as the H5 app calls it). Slots are computed from the schedules; only booked slots
 * have a counter document, so the load stores the next two hours' counters with ~70 % of them full.
 * The floor is the direct indexed query on the emulator's engine (SQLite): the 2dsphere query on
 * services plus the (serviceId, startAt) query on slot counters, measured in the same run.
 *   npx tsx scripts/bench/services.bench.ts   (SERVICES_BENCH_COUNT / SERVICES_BENCH_QUERIES to scale)
 */
import { Collection } from '../../src/core/collections'
import { slotIdFor } from '../../src/services/booking'
import { expandSlots } from '../../src/services/schedule'
import { prng, syntheticStations } from '../seed/synthetic-stations'
import { latencyRow, pool, runStandalone, withFunctionEmulator, type LatencyRow } from './support'

const COUNT = Number(process.env.SERVICES_BENCH_COUNT ?? 20_000)
const QUERIES = Number(process.env.SERVICES_BENCH_QUERIES ?? 200)
const LIMIT = 20
const RADIUS_M = 30_000
const HOURS = 2

const centres: Array<[number, number]> = [
  [116.4, 39.9], [121.47, 31.23], [113.26, 23.13], [114.06, 22.54], [104.07, 30.57], [106.55, 29.56], [120.16, 30.27], [114.3, 30.59],
  [108.94, 34.34], [113.62, 34.75], [118.8, 32.06], [117.2, 39.13], [120.66, 31.3], [103.55, 29.41], [111.94, 25.58], [113.65, 34.87],
]

const definition = {
  weekly: [{ weekdays: [0, 1, 2, 3, 4, 5, 6] as Array<0 | 1 | 2 | 3 | 4 | 5 | 6>, ranges: [{ start: '00:00', end: '24:00' }] }],
  slotMinutes: 20,
  seatsPerSlot: 2,
  closedDates: [] as string[],
  absences: [] as Array<{ from: string; to: string }>,
  bookingWindowDays: 30,
  cutoffMinutes: 0,
}

export function run(): Promise<LatencyRow[]> {
  return withFunctionEmulator('services', { maxWorkersPerFunction: 2 }, async ({ emu, callOk }) => {
    const t0 = Date.now()
    const now = new Date()
    const rand = prng(11)
    const services: Array<Record<string, unknown>> = []
    const slots: Array<Record<string, unknown>> = []
    const horizon = new Date(now.getTime() + HOURS * 3_600_000)
    const coming = expandSlots(definition, now, horizon)
    for (const s of syntheticStations(COUNT)) {
      const _id = `svc-${s._id}`
      services.push({ _id, stationId: s._id, stationName: s.name, district: s.district, street: '', location: s.location, type: 'haircut', provider: '理发师', description: '免费理发', ...definition, state: 'active', ratingSum: 0, ratingCount: 0, createdBy: 'bench', createdAt: now, updatedAt: now })
      for (const slot of coming) {
        const full = rand() < 0.7
        slots.push({ _id: slotIdFor(_id, slot.startAt), serviceId: _id, stationId: s._id, street: '', type: 'haircut', startAt: slot.startAt, endAt: slot.endAt, seats: 2, booked: full ? 2 : Math.floor(rand() * 2), createdAt: now })
      }
    }
    emu.db.insertMany(Collection.services, services)
    emu.db.insertMany(Collection.serviceSlots, slots)
    console.log(`loaded ${COUNT} services and ${slots.length} slot counters with indexes in ${Date.now() - t0} ms`)

    const points = Array.from({ length: QUERIES }, () => {
      const [lng, lat] = centres[Math.floor(rand() * centres.length)]
      return { lng: +(lng + (rand() - 0.5) * 0.1).toFixed(5), lat: +(lat + (rand() - 0.5) * 0.08).toFixed(5) }
    })

    // ── floor: the two indexed queries on the engine ─────────────────────────────────────────
    const sc = emu.db.store.require(Collection.services)
    const lc = emu.db.store.require(Collection.serviceSlots)
    let floorHits = 0
    const floorPass = () => {
      floorHits = 0
      const started = process.hrtime.bigint()
      const from = new Date()
      const to = new Date(from.getTime() + HOURS * 3_600_000)
      for (const p of points) {
        const near = emu.db.engine.find(sc, { state: 'active', location: { $nearSphere: { $geometry: { type: 'Point', coordinates: [p.lng, p.lat] }, $maxDistance: RADIUS_M } } }, { limit: LIMIT * 2 }).map((h) => h.doc as { _id: string })
        const counters = emu.db.engine.find(lc, { serviceId: { $in: near.map((s) => s._id) }, startAt: { $gte: from, $lt: to } }, { limit: 1000 }).map((h) => h.doc as { serviceId: string; seats: number; booked: number })
        const free = new Set(counters.filter((c) => c.booked < c.seats).map((c) => c.serviceId))
        floorHits += Math.min(LIMIT, free.size)
      }
      return Number(process.hrtime.bigint() - started) / 1e6 / QUERIES
    }
    floorPass()
    const floorBefore = floorPass()

    // ── through the function ──────────────────────────────────────────────────────────────────
    const listFree = async (p: { lng: number; lat: number }) => (await callOk<{ items: unknown[] }>('bench-rider', 'listServices', { near: p, freeWithinHours: HOURS, limit: LIMIT })).items.length
    await pool(8, 2, async (i) => {
      await listFree(points[i % points.length])
    })
    let fnHits = 0
    const fnSeq = await pool(QUERIES, 1, async (i) => {
      const n = await listFree(points[i])
      fnHits += n
    })
    let fnConcHits = 0
    const fnConc = await pool(QUERIES, 2, async (i) => {
      // Read the answer first: `hits += await …` would add to a total read before the await (lost updates).
      const n = await listFree(points[i])
      fnConcHits += n
    })

    const floorMs = Math.min(floorBefore, floorPass())
    const floor = `engine: services 2dsphere limit ${LIMIT * 2} + slots (serviceId $in, startAt range)`
    const row = (measure: string, totalMs: number, hits: number) => latencyRow(measure, QUERIES, totalMs / QUERIES, hits / QUERIES, floorMs, floor)
    return [
      latencyRow('floor: direct indexed queries (engine/SQLite)', QUERIES, floorMs, floorHits / QUERIES, floorMs, floor),
      row('services.listServices free ≤2 h via function, sequential', fnSeq, fnHits),
      row('services.listServices free ≤2 h via function, 2 concurrent (wall/op)', fnConc, fnConcHits),
    ]
  })
}

if (require.main === module) runStandalone(run, `Services with a free seat near me in the next ${HOURS} h: ${COUNT} services, radius ${RADIUS_M / 1000} km, page ${LIMIT}`)
