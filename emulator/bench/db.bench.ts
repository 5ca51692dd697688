/**
 * Database benchmark (no assertions; prints tables). Loads synthetic stations into a file-backed store and
 * decomposes each query (nearest-20 within 3 km, an indexed equality query, a paged orderBy query) into:
 *   (a) the total through the REAL wx-server-sdk (client and emulator in this one process, over loopback HTTP);
 *   (b) the SDK no-op transport: the same SDK call shape, answered by a bench-only action wrapper with an
 *       empty list before any database code runs (signing, HTTP, envelope, SDK parsing of an empty answer);
 *   (c) above transport = a − b (medians): the server-side work PLUS the cost of moving and parsing the
 *       bigger 20-document answer;
 *   (d) the emulator's own server-side time: `database.getDocument` called in-process with the exact request
 *       bodies the SDK sent (captured in a first pass), timed from the parsed JSON request to the serialized
 *       response text (decode EJSON, plan, execute, encode, JSON.stringify of the envelope);
 *   (e) the same query run directly on the SQLite file (our index tables and R*Tree, no emulator) as the floor;
 *       for nearest-20 that is the engine's expanding-radius search written in SQL (see `floor`), checked once
 *       per database to return the same 20 ids as the emulator;
 * plus a size-matched transport (the SDK call answered by the wrapper with the query's own 20-document
 * response, no query), so c splits into response-size transport (echo − b) and server work.
 * (a), (b) and the echo are measured interleaved, call by call, so load on a shared machine hits them alike.
 * Also: the engine alone, write throughput with and without transactions, and the same decomposition of
 * nearest-20 at several collection sizes.
 * Run: `npx tsx emulator/bench/db.bench.ts [--quick] [--no-2m] [--runs N]`.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ActionContext, ActionHandler, ActionResult } from '../src/actions'
import { DatabaseService } from '../src/db'
import * as geo from '../src/db/geo'
import { keyOf, prefixEnd } from '../src/db/keys'
import type { DatabaseSchema } from '../src/schema'
import { startEmulator, type Emulator } from '../src/server'
import { prng, syntheticStations } from '../test/support/synthetic-stations'

export interface DbBenchOptions {
  /** Main collection size (default 200,000). */
  stations?: number
  /** Sizes for the nearest-20 scaling table (default 20k, 200k, 2M). */
  sizes?: number[]
  /** Timed repetitions per query (default 200). */
  runs?: number
  /** Writes per throughput measurement (default 1000). */
  writes?: number
  /** Folder for the SQLite files (default: a temp folder, removed afterwards). */
  workDir?: string
  log?: (line: string) => void
}

export interface Stat {
  median: number
  p95: number
}

/** Other measurements (engine alone, writes): one timing next to an optional floor. */
export interface BenchRow {
  name: string
  median: number
  p95: number
  floorMedian?: number
  ratio?: number
  note?: string
}

/** One query, decomposed (letters as in the file comment). */
export interface QueryRow {
  name: string
  /** (a) total through the real SDK */
  sdk: Stat
  /** (b) SDK no-op round trip, measured interleaved with (a) */
  transport: Stat
  /** (c) = a.median − b.median */
  above: number
  /** SDK round trip answered with this query's own response, no query (interleaved with a and b) */
  echo: Stat
  /** (d) emulator server-side: parsed request → serialized response */
  server: Stat
  /** the getDocument handler alone, timed inside the server during the (a) calls (no stringify) */
  handlerInRun: Stat
  /** (e) the same query directly on SQLite */
  floor: Stat
  /** mean size of the serialized response envelope */
  responseBytes: number
}

const schema: DatabaseSchema = {
  collections: [
    {
      name: 'stations',
      permission: 'READONLY',
      indexes: [
        { name: 'location_2dsphere', keys: [{ field: 'location', direction: '2dsphere' }] },
        { name: 'district', keys: [{ field: 'district', direction: 1 }] },
        { name: 'createdAt', keys: [{ field: 'createdAt', direction: -1 }] },
      ],
    },
    { name: 'tiny', permission: 'ADMINONLY' },
    { name: 'writes', permission: 'ADMINONLY' },
  ],
}

/** Query centres: the generator's dense city clusters, so "within 3 km" has real candidates. */
const CENTRES: Array<[number, number]> = [
  [116.4, 39.9], [121.47, 31.23], [113.26, 23.13], [114.06, 22.54], [104.07, 30.57], [106.55, 29.56], [120.16, 30.27], [114.3, 30.59],
]

function stats(samples: number[]): Stat {
  const s = [...samples].sort((a, b) => a - b)
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] }
}

async function timeAsync(runs: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  // Warm-up; a first call may meet a client keep-alive socket the server closed while idle (long loads).
  for (let i = 0; i < Math.min(20, runs); i++) await fn(i).catch(() => undefined)
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint()
    await fn(i)
    out.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  return out
}

function timeSync(runs: number, fn: (i: number) => unknown): number[] {
  for (let i = 0; i < Math.min(20, runs); i++) fn(i)
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint()
    fn(i)
    out.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  return out
}

function load(dir: string, count: number, log: (s: string) => void): number {
  const t = Date.now()
  const svc = new DatabaseService({ dataDir: dir })
  // A large page cache keeps random B-tree inserts of the index tables off the disk during bulk loads.
  svc.store.db.pragma('cache_size = -524288')
  svc.applySchema(schema)
  const existing = svc.listCollections().find((c) => c.name === 'stations')?.count ?? 0
  if (existing !== count) {
    if (existing > 0) throw new Error(`${dir} holds ${existing} stations, expected ${count}`)
    const gen = syntheticStations(count)
    const batch: object[] = []
    let n = 0
    for (const s of gen) {
      batch.push(s)
      if (batch.length === 20000) {
        n += svc.insertMany('stations', batch)
        batch.length = 0
        if (n % 200000 === 0) log(`  loaded ${n.toLocaleString()} / ${count.toLocaleString()}`)
      }
    }
    if (batch.length) svc.insertMany('stations', batch)
    svc.insertMany('tiny', [{ _id: 't1', v: 1 }])
  }
  svc.store.db.pragma('wal_checkpoint(TRUNCATE)')
  svc.close()
  return (Date.now() - t) / 1000
}

/** First radius and growth factor of the floor's expanding search (the engine's own schedule is in query.ts). */
const FLOOR_NEAR_START_M = 250
const FLOOR_NEAR_GROWTH = 2

/**
 * The floor: the same three queries straight on the SQLite file through our index tables and R*Tree.
 * Nearest-20 is the engine's strategy written directly in SQL: one statement per radius reads the R*Tree box
 * around the circle, computes haversine distances (same sphere as geo.distance), keeps those inside the
 * circle, orders by (distance, rid), takes 20 and joins their documents. Twenty rows means the 20 nearest are
 * known (anything unread is farther than the radius); fewer means grow the radius (×2 from 250 m), up to the
 * 3 km cap.
 */
function floor(file: string) {
  const db = new Database(file, { readonly: true })
  const coll = db.prepare("SELECT id FROM _collections WHERE name = 'stations'").get() as { id: number }
  const ix = (name: string) => (db.prepare('SELECT id FROM _indexes WHERE coll_id = ? AND name = ?').get(coll.id, name) as { id: number }).id
  const d = `d_${coll.id}`
  const g = `g_${ix('location_2dsphere')}`
  const district = `i_${ix('district')}`
  const created = `i_${ix('createdAt')}`
  const rad = Math.PI / 180
  const haversine = `2 * ${geo.EARTH_RADIUS_M} * asin(min(1, sqrt(pow(sin((cy - :lat) * ${rad} / 2), 2) + :cosLat * cos(cy * ${rad}) * pow(sin((cx - :lng) * ${rad} / 2), 2))))`
  // LIMIT is a literal: with a bound parameter this statement ran 2–3× slower (20 k and 200 k stations).
  const nearStep = db.prepare(
    `SELECT d.doc FROM (
       SELECT id, dist FROM (SELECT id, ${haversine} AS dist FROM ${g} WHERE maxX >= :minX AND minX <= :maxX AND maxY >= :minY AND minY <= :maxY)
       WHERE dist <= :r ORDER BY dist, id LIMIT 20
     ) n JOIN ${d} d ON d.rid = n.id ORDER BY n.dist, n.id`,
  )
  const eq = db.prepare(`SELECT d.doc FROM ${district} x JOIN ${d} d ON d.rid = x.rid WHERE x.k >= ? AND x.k < ? ORDER BY x.k, x.rid LIMIT 20`)
  const paged = db.prepare(`SELECT d.doc FROM ${created} x JOIN ${d} d ON d.rid = x.rid ORDER BY x.k, x.rid LIMIT 20 OFFSET 100`)
  return {
    near(centre: [number, number], maxDistance = 3000): string[] {
      const [lng, lat] = centre
      for (let r = Math.min(FLOOR_NEAR_START_M, maxDistance); ; r = Math.min(r * FLOOR_NEAR_GROWTH, maxDistance)) {
        const boxes = geo.capBoxes(centre, r)
        // One box unless the circle crosses the antimeridian; the bench's centres are all in China.
        if (boxes.length !== 1) throw new Error(`floor near(): ${centre.join(',')} needs ${boxes.length} boxes`)
        const rows = nearStep.all({ ...boxes[0], lng, lat, cosLat: Math.cos(lat * rad), r }) as Array<{ doc: string }>
        if (rows.length >= 20 || r >= maxDistance) return rows.map((x) => x.doc)
      }
    },
    equality(value: string): string[] {
      const k = keyOf(value)
      return (eq.all(k, prefixEnd(k)) as Array<{ doc: string }>).map((r) => r.doc)
    },
    paged(): string[] {
      return (paged.all() as Array<{ doc: string }>).map((r) => r.doc)
    },
    close: () => db.close(),
  }
}

/** Once per database: the floor and the emulator (through the SDK) return the same nearest-20 ids, in order. */
async function checkNearAgrees(label: string, db: SdkDb, f: ReturnType<typeof floor>): Promise<number> {
  let compared = 0
  for (const centre of CENTRES) {
    const res = (await db.collection('stations').where({ location: db.command.geoNear({ geometry: db.Geo.Point(...centre), maxDistance: 3000 }) }).limit(20).get()) as { data: Array<{ _id: string }> }
    compared += res.data.length
    const emu = res.data.map((x) => x._id).join(' ')
    const fl = f.near(centre).map((text) => (JSON.parse(text) as { _id: string })._id).join(' ')
    if (emu !== fl) throw new Error(`${label}: floor and emulator disagree on nearest 20 at ${centre.join(',')}:\n  emulator ${emu}\n  floor    ${fl}`)
  }
  if (compared === 0) throw new Error(`${label}: no station within 3 km of any centre, nothing to compare`)
  return compared
}

function sdkEnv(): void {
  process.env.TENCENTCLOUD_SECRETID ??= 'bench'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'bench'
  process.env.TENCENTCLOUD_RUNENV = 'SCF'
  process.env.SCF_NAMESPACE ??= 'local-dev'
  process.env.TENCENTCLOUD_REGION ??= 'ap-shanghai'
  process.env.SILENCE = 'true'
}

/** (a), (b) and the echo, call by call in rotating order, so a load spike on a shared machine hits all alike. */
async function timeInterleaved(runs: number, fns: Array<(i: number) => Promise<unknown>>): Promise<number[][]> {
  for (let i = 0; i < Math.min(20, runs); i++) for (const fn of fns) await fn(i).catch(() => undefined)
  const out = fns.map(() => [] as number[])
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < fns.length; k++) {
      const j = (i + k) % fns.length
      const t = process.hrtime.bigint()
      await fns[j](i)
      out[j].push(Number(process.hrtime.bigint() - t) / 1e6)
    }
  }
  return out
}

const BENCH_CTX: ActionContext = { requestId: '0123456789abcdef', headers: {} }

/**
 * (d): what the server does for one request between `parseJsonObject` and `res.end` — the action handler
 * (decode EJSON, plan, execute, encode) and the JSON.stringify/byteLength of the envelope that `sendJson`
 * does — on a freshly parsed copy of each captured request body (parsing it is outside the timing).
 */
async function timeServer(handler: ActionHandler, bodies: string[], runs: number): Promise<number[]> {
  const once = async (i: number) => {
    const body = JSON.parse(bodies[i % bodies.length]) as Record<string, unknown>
    const t = process.hrtime.bigint()
    const r = handler(body, BENCH_CTX)
    const result = r instanceof Promise ? await r : r
    const text = JSON.stringify({ requestId: BENCH_CTX.requestId, ...result })
    Buffer.byteLength(text)
    return Number(process.hrtime.bigint() - t) / 1e6
  }
  for (let i = 0; i < Math.min(20, runs); i++) await once(i)
  const out: number[] = []
  for (let i = 0; i < runs; i++) out.push(await once(i))
  return out
}

const NOOP = 'bench_noop'
const ECHO = 'bench_echo'

// The SDK has no types; its database object is used through this alias.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SdkDb = any

interface BenchEmulator {
  emu: Emulator
  db: SdkDb
  hooks: { inner: ActionHandler; capture?: string[]; inRun?: number[]; echo: ActionResult }
}

/**
 * An emulator on `dir` whose `database.getDocument` is wrapped (through the `actions` option): requests to
 * the pseudo-collection `bench_noop` get an empty list and `bench_echo` a canned response, both before any
 * database code runs; other requests are optionally captured (their exact JSON) and passed to the real handler.
 */
async function startBenchEmulator(dir: string, cloud: { createNewInstance(o: object): { database(): SdkDb } }): Promise<BenchEmulator> {
  const hooks: BenchEmulator['hooks'] = { inner: () => ({}), echo: { data: { list: [] } } }
  const emu = await startEmulator({
    dataDir: dir,
    port: 0,
    schema,
    actions: {
      'database.getDocument': (body, ctx) => {
        if (body.collectionName === NOOP) return { data: { list: [] }, limit: 20, offset: 0 }
        if (body.collectionName === ECHO) return hooks.echo
        hooks.capture?.push(JSON.stringify(body))
        if (!hooks.inRun) return hooks.inner(body, ctx)
        const t = process.hrtime.bigint()
        const r = hooks.inner(body, ctx)
        hooks.inRun.push(Number(process.hrtime.bigint() - t) / 1e6)
        return r
      },
    },
  })
  hooks.inner = emu.db.actions['database.getDocument']
  // A fresh SDK instance per emulator: wx-server-sdk ignores every cloud.init() after the first one, so
  // re-initialising the shared instance would keep talking to the first emulator.
  const sdk = cloud.createNewInstance({ env: 'local-dev', serviceUrl: emu.adminUrl })
  return { emu, db: sdk.database(), hooks }
}

/**
 * `query(db, i, collection)` builds the SDK call; it is run on `stations` (a), on `bench_noop` (b: the same
 * call shape, so the client's encoding of the where clause and the request size are in b) and on `bench_echo`
 * (answered with call i's own response).
 */
async function measureQuery(
  b: BenchEmulator,
  name: string,
  runs: number,
  query: (db: SdkDb, i: number, collection: string) => Promise<unknown>,
  floorFn: (i: number) => unknown,
): Promise<QueryRow> {
  const { db, hooks } = b
  // Capture pass (doubles as the query's warm-up): the exact bodies the SDK sends, in call order.
  hooks.capture = []
  for (let i = 0; i < runs; i++) await query(db, i, 'stations')
  const bodies = hooks.capture
  hooks.capture = undefined
  if (bodies.length !== runs) throw new Error(`${name}: captured ${bodies.length} of ${runs} requests (is the SDK talking to this emulator?)`)
  const responses: ActionResult[] = []
  for (const body of bodies) responses.push(await hooks.inner(JSON.parse(body) as Record<string, unknown>, BENCH_CTX))
  const responseBytes = responses.reduce((n, r) => n + Buffer.byteLength(JSON.stringify({ requestId: BENCH_CTX.requestId, ...r })), 0) / responses.length
  const inRun: number[] = []
  const [a, t, e] = await timeInterleaved(runs, [
    async (i) => {
      hooks.inRun = inRun
      try {
        return await query(db, i, 'stations')
      } finally {
        hooks.inRun = undefined
      }
    },
    (i) => query(db, i, NOOP),
    (i) => {
      hooks.echo = responses[i % responses.length]
      return query(db, i, ECHO)
    },
  ])
  const sdk = stats(a)
  const transport = stats(t)
  const server = stats(await timeServer(hooks.inner, bodies, runs))
  const floor = stats(timeSync(runs, floorFn))
  // inRun also holds the warm-up calls; keep the timed ones.
  const handlerInRun = stats(inRun.slice(-runs))
  return { name, sdk, transport, above: sdk.median - transport.median, echo: stats(e), server, handlerInRun, floor, responseBytes }
}

function fmt(n: number | undefined, digits = 3): string {
  return n === undefined || Number.isNaN(n) ? '' : n.toFixed(digits)
}

const mp = (s: Stat) => `${fmt(s.median)} / ${fmt(s.p95)}`

function queryTable(rows: QueryRow[], log: (s: string) => void): void {
  log('| query | (a) SDK total | (b) SDK no-op | (c) = a − b | (d) server-side | (e) SQLite floor | c / e | d / e | echo − b | a − echo | handler in-run | response |')
  log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of rows) {
    log(
      `| ${r.name} | ${mp(r.sdk)} | ${mp(r.transport)} | ${fmt(r.above)} | ${mp(r.server)} | ${mp(r.floor)} | ` +
        `${(r.above / r.floor.median).toFixed(1)}× | ${(r.server.median / r.floor.median).toFixed(1)}× | ` +
        `${fmt(r.echo.median - r.transport.median)} | ${fmt(r.sdk.median - r.echo.median)} | ${mp(r.handlerInRun)} | ${(r.responseBytes / 1024).toFixed(1)} KB |`,
    )
  }
}

function table(rows: BenchRow[], log: (s: string) => void): void {
  log('| measurement | median ms | p95 ms | SQLite floor median ms | ratio | note |')
  log('| --- | ---: | ---: | ---: | ---: | --- |')
  for (const r of rows) log(`| ${r.name} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.floorMedian)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(1) + '×'} | ${r.note ?? ''} |`)
}

const LEGEND = [
  'Times in ms, "median / p95" over the repeated runs; ratios and differences are of medians.',
  '(a) the query through wx-server-sdk 4.0.2, client and emulator in one Node process over loopback HTTP.',
  '(b) SDK no-op: the same SDK call (same where/orderBy/skip/limit, same request size) on a pseudo-collection that a',
  '    bench-only action wrapper answers with an empty list before any database code: signing, HTTP, envelope,',
  '    SDK encoding and parsing. Measured interleaved with (a), call by call.',
  '(c) = a − b: server work plus moving and parsing the larger 20-document answer.',
  "(d) the emulator's server-side time: database.getDocument called in-process on the exact request bodies the SDK",
  '    sent (captured in a first pass), from the parsed JSON request to the serialized response text (decode EJSON,',
  '    plan, execute, encode documents, JSON.stringify of the envelope); replayed in isolation.',
  '(e) the same query straight on the SQLite file: our index tables / R*Tree via better-sqlite3, no emulator.',
  '    Nearest 20: an expanding radius in SQL (250 m, ×2, cap 3 km; R*Tree box, haversine, order, limit 20, join',
  '    documents), checked per size to return the same 20 ids as the emulator.',
  'echo − b: the same SDK call answered with that call\'s own response but no query, minus (b): the response-size',
  '    part of (c). a − echo: the query part of (c) as it runs inside the live round trip.',
  'handler in-run: the getDocument handler alone (no stringify), timed inside the server during the (a) calls.',
]

function machineLine(): string {
  const cpus = os.cpus()
  return `${cpus.length} cores (${cpus[0]?.model ?? '?'}), load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}, Node ${process.version}`
}

export interface DbBenchResult {
  queries: QueryRow[]
  other: BenchRow[]
  scaling: QueryRow[]
}

export async function runDbBench(options: DbBenchOptions = {}): Promise<DbBenchResult> {
  const log = options.log ?? ((s: string) => console.log(s))
  const count = options.stations ?? 200_000
  const runs = options.runs ?? 200
  const writes = options.writes ?? 1000
  const sizes = options.sizes ?? [20_000, 200_000, 2_000_000]
  const work = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nuanxin-dbbench-'))
  const cleanup = !options.workDir
  sdkEnv()
  const queries: QueryRow[] = []
  const other: BenchRow[] = []
  const scaling: QueryRow[] = []
  const began = Date.now()
  log(`database benchmark ${new Date().toISOString()}; ${machineLine()}`)
  log('NOTE: the machine may be shared with other jobs; medians move between runs, compare columns within one run.')
  try {
    const mainDir = path.join(work, `stations-${count}`)
    log(`loading ${count.toLocaleString()} stations into ${mainDir} (engine bulk insert)…`)
    const loadSecs = load(mainDir, count, log)
    log(`  load: ${loadSecs.toFixed(1)} s (${Math.round(count / loadSecs).toLocaleString()} docs/s incl. 3 indexes)`)

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk')
    const main = await startBenchEmulator(mainDir, cloud)
    const { emu, db } = main
    const fl = floor(path.join(mainDir, 'db.sqlite'))
    const agreed = await checkNearAgrees(`${count.toLocaleString()} stations`, db, fl)
    log(`  floor and emulator return the same nearest-20 ids, in order, at all ${CENTRES.length} centres (${agreed} ids; ${count.toLocaleString()})`)
    const rand = prng(42)
    const districts = Array.from({ length: runs + 20 }, () => `district-${Math.floor(rand() * 2800)}`)
    const nearQuery = (d: SdkDb, i: number, coll: string) =>
      d.collection(coll).where({ location: d.command.geoNear({ geometry: d.Geo.Point(...CENTRES[i % CENTRES.length]), maxDistance: 3000 }) }).limit(20).get()

    queries.push(await measureQuery(main, `nearest 20 within 3 km (${count.toLocaleString()})`, runs, nearQuery, (i) => fl.near(CENTRES[i % CENTRES.length])))
    queries.push(await measureQuery(main, 'indexed equality: district = x, limit 20', runs, (d, i, coll) => d.collection(coll).where({ district: districts[i] }).limit(20).get(), (i) => fl.equality(districts[i])))
    queries.push(await measureQuery(main, 'paged orderBy createdAt desc, skip 100, limit 20', runs, (d, _i, coll) => d.collection(coll).orderBy('createdAt', 'desc').skip(100).limit(20).get(), () => fl.paged()))

    const idGet = stats(await timeAsync(runs, () => db.collection('tiny').doc('t1').get()))
    other.push({ name: 'SDK doc(id).get() on a 1-doc collection (real id lookup)', ...idGet, note: 'the former "transport" row' })

    // Engine alone (in-process, no HTTP, no EJSON decode/encode): the query engine's share of (d).
    const st = emu.db.store.require('stations')
    const nearFloor = queries[0].floor
    const eqFloor = queries[1].floor
    const engNear = stats(timeSync(runs, (i) => emu.db.engine.near(st, st.indexes.find((x) => x.geo)!, { centre: CENTRES[i % CENTRES.length], maxDistance: 3000, minDistance: 0 }, () => true, [], 0, 20)))
    other.push({ name: 'engine only (no HTTP, no EJSON): nearest 20 within 3 km', ...engNear, floorMedian: nearFloor.median, ratio: engNear.median / nearFloor.median })
    const engEq = stats(timeSync(runs, (i) => emu.db.engine.find(st, { district: districts[i] }, { limit: 20 })))
    other.push({ name: 'engine only (no HTTP, no EJSON): district = x, limit 20', ...engEq, floorMedian: eqFloor.median, ratio: engEq.median / eqFloor.median })
    fl.close()

    const t0 = process.hrtime.bigint()
    for (let i = 0; i < writes; i++) await db.collection('writes').add({ data: { i, at: new Date(), tag: 'plain' } })
    const plainSecs = Number(process.hrtime.bigint() - t0) / 1e9
    other.push({ name: `write throughput: ${writes} sequential add()`, median: (plainSecs * 1000) / writes, p95: NaN, note: `${Math.round(writes / plainSecs)} adds/s (mean ms per add)` })
    const txCount = Math.max(1, Math.floor(writes / 2))
    const t1 = process.hrtime.bigint()
    for (let i = 0; i < txCount; i++) {
      await db.runTransaction(async (tx: { collection(n: string): { add(o: object): Promise<unknown> } }) => {
        await tx.collection('writes').add({ data: { i, tag: 'tx' } })
      })
    }
    const txSecs = Number(process.hrtime.bigint() - t1) / 1e9
    other.push({ name: `write throughput: ${txCount} runTransaction(add) (start+add+commit)`, median: (txSecs * 1000) / txCount, p95: NaN, note: `${Math.round(txCount / txSecs)} transactions/s (mean ms per transaction)` })
    const lanes = 8
    const t2 = process.hrtime.bigint()
    await Promise.all(
      Array.from({ length: lanes }, async (_v, lane) => {
        for (let i = lane; i < writes; i += lanes) await db.collection('writes').add({ data: { i, tag: 'concurrent' } })
      }),
    )
    const concSecs = Number(process.hrtime.bigint() - t2) / 1e9
    other.push({ name: `write throughput: ${writes} add() from ${lanes} concurrent callers`, median: (concSecs * 1000) / writes, p95: NaN, note: `${Math.round(writes / concSecs)} adds/s (wall ms / adds)` })

    log('')
    log(`Queries on ${count.toLocaleString()} stations (ms, median / p95 over ${runs} runs):`)
    queryTable(queries, log)
    log('')
    table(other, log)

    log('')
    log('nearest 20 within 3 km by collection size:')
    for (const size of sizes) {
      const dir = size === count ? mainDir : path.join(work, `stations-${size}`)
      if (size !== count) {
        log(`loading ${size.toLocaleString()} stations…`)
        const secs = load(dir, size, log)
        log(`  load: ${secs.toFixed(1)} s`)
      }
      // The main emulator stays up so a new one gets a different port (no stale client sockets).
      const b = size === count ? main : await startBenchEmulator(dir, cloud)
      const f = floor(path.join(dir, 'db.sqlite'))
      try {
        if (b !== main) {
          const agreed = await checkNearAgrees(`${size.toLocaleString()} stations`, b.db, f)
          log(`  floor and emulator return the same nearest-20 ids, in order, at all ${CENTRES.length} centres (${agreed} ids; ${size.toLocaleString()})`)
        }
        scaling.push(await measureQuery(b, `${size.toLocaleString()} stations`, runs, nearQuery, (i) => f.near(CENTRES[i % CENTRES.length])))
      } finally {
        f.close()
        if (b !== main) await b.emu.close()
      }
      if (size !== count && cleanup) fs.rmSync(dir, { recursive: true, force: true })
    }
    await emu.close()
    queryTable(scaling, log)
    log('')
    for (const line of LEGEND) log(line)
    log(`finished in ${((Date.now() - began) / 1000).toFixed(0)} s; ${machineLine()}`)
    return { queries, other, scaling }
  } finally {
    if (cleanup) fs.rmSync(work, { recursive: true, force: true })
  }
}

if (require.main === module) {
  const argv = process.argv
  const runsAt = argv.indexOf('--runs')
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : undefined
  const options: DbBenchOptions = argv.includes('--quick')
    ? { stations: 20_000, sizes: [2_000, 20_000], runs: 50, writes: 200 }
    : argv.includes('--no-2m')
      ? { sizes: [20_000, 200_000] }
      : {}
  if (runs !== undefined && Number.isInteger(runs) && runs > 0) options.runs = runs
  runDbBench(options)
    .then(() => process.exit(0))
    .catch((e) => {
      console.error(e)
      process.exit(1)
    })
}
