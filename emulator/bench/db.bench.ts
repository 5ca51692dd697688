/**
 * Database benchmark (no assertions; prints tables). Loads synthetic stations into a file-backed store,
 * then measures through the REAL wx-server-sdk: the SDK transport alone, nearest-20 within 3 km, an indexed
 * equality query and a paged orderBy query, each next to the same query run directly on the SQLite file
 * (our index tables and R*Tree, no emulator) as the floor; write throughput with and without transactions;
 * and nearest-20 at several collection sizes. Run: `npx tsx emulator/bench/db.bench.ts [--quick] [--no-2m]`.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DatabaseService } from '../src/db'
import * as geo from '../src/db/geo'
import { keyOf, prefixEnd } from '../src/db/keys'
import type { DatabaseSchema } from '../src/schema'
import { startEmulator } from '../src/server'
import { prng, syntheticStations } from '../../scripts/seed/synthetic-stations'

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

export interface BenchRow {
  name: string
  median: number
  p95: number
  floorMedian?: number
  ratio?: number
  note?: string
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

function stats(samples: number[]): { median: number; p95: number } {
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

/** The floor: the same three queries straight on the SQLite file through our index tables and R*Tree. */
function floor(file: string) {
  const db = new Database(file, { readonly: true })
  const coll = db.prepare("SELECT id FROM _collections WHERE name = 'stations'").get() as { id: number }
  const ix = (name: string) => (db.prepare('SELECT id FROM _indexes WHERE coll_id = ? AND name = ?').get(coll.id, name) as { id: number }).id
  const d = `d_${coll.id}`
  const g = `g_${ix('location_2dsphere')}`
  const district = `i_${ix('district')}`
  const created = `i_${ix('createdAt')}`
  const box = db.prepare(`SELECT id, cx, cy FROM ${g} WHERE maxX >= ? AND minX <= ? AND maxY >= ? AND minY <= ?`)
  const byRid = db.prepare(`SELECT doc FROM ${d} WHERE rid = ?`)
  const eq = db.prepare(`SELECT d.doc FROM ${district} x JOIN ${d} d ON d.rid = x.rid WHERE x.k >= ? AND x.k < ? ORDER BY x.k, x.rid LIMIT 20`)
  const paged = db.prepare(`SELECT d.doc FROM ${created} x JOIN ${d} d ON d.rid = x.rid ORDER BY x.k, x.rid LIMIT 20 OFFSET 100`)
  return {
    near(centre: [number, number]): string[] {
      const cand: Array<[number, number]> = []
      for (const b of geo.capBoxes(centre, 3000)) {
        for (const r of box.all(b.minX, b.maxX, b.minY, b.maxY) as Array<{ id: number; cx: number; cy: number }>) {
          const dist = geo.distance(centre, [r.cx, r.cy])
          if (dist <= 3000) cand.push([r.id, dist])
        }
      }
      cand.sort((a, b) => a[1] - b[1])
      return cand.slice(0, 20).map(([rid]) => (byRid.get(rid) as { doc: string }).doc)
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

function sdkEnv(): void {
  process.env.TENCENTCLOUD_SECRETID ??= 'bench'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'bench'
  process.env.TENCENTCLOUD_RUNENV = 'SCF'
  process.env.SCF_NAMESPACE ??= 'local-dev'
  process.env.TENCENTCLOUD_REGION ??= 'ap-shanghai'
  process.env.SILENCE = 'true'
}

function fmt(n: number | undefined, digits = 3): string {
  return n === undefined ? '' : n.toFixed(digits)
}

function table(rows: BenchRow[], log: (s: string) => void): void {
  log('| measurement | median ms | p95 ms | SQLite floor median ms | ratio | note |')
  log('| --- | ---: | ---: | ---: | ---: | --- |')
  for (const r of rows) log(`| ${r.name} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.floorMedian)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(1) + '×'} | ${r.note ?? ''} |`)
}

export async function runDbBench(options: DbBenchOptions = {}): Promise<{ rows: BenchRow[]; scaling: BenchRow[] }> {
  const log = options.log ?? ((s: string) => console.log(s))
  const count = options.stations ?? 200_000
  const runs = options.runs ?? 200
  const writes = options.writes ?? 1000
  const sizes = options.sizes ?? [20_000, 200_000, 2_000_000]
  const work = options.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nuanxin-dbbench-'))
  const cleanup = !options.workDir
  sdkEnv()
  const rows: BenchRow[] = []
  const scaling: BenchRow[] = []
  try {
    const mainDir = path.join(work, `stations-${count}`)
    log(`loading ${count.toLocaleString()} stations into ${mainDir} (engine bulk insert)…`)
    const loadSecs = load(mainDir, count, log)
    log(`  load: ${loadSecs.toFixed(1)} s (${Math.round(count / loadSecs).toLocaleString()} docs/s incl. 3 indexes)`)

    const emu = await startEmulator({ dataDir: mainDir, port: 0, schema })
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cloud = require('wx-server-sdk')
    cloud.init({ env: 'local-dev', serviceUrl: emu.adminUrl })
    const db = cloud.database()
    const _ = db.command
    const fl = floor(path.join(mainDir, 'db.sqlite'))
    const rand = prng(42)
    const districts = Array.from({ length: runs + 20 }, () => `district-${Math.floor(rand() * 2800)}`)

    const transport = stats(await timeAsync(runs, () => db.collection('tiny').doc('t1').get()))
    rows.push({ name: 'SDK transport: doc(id).get() on a 1-doc collection', ...transport, note: 'HTTP + signing + EJSON round trip' })

    const nearSdk = stats(
      await timeAsync(runs, (i) =>
        db
          .collection('stations')
          .where({ location: _.geoNear({ geometry: db.Geo.Point(...CENTRES[i % CENTRES.length]), maxDistance: 3000 }) })
          .limit(20)
          .get(),
      ),
    )
    const nearFloor = stats(timeSync(runs, (i) => fl.near(CENTRES[i % CENTRES.length])))
    rows.push({ name: `nearest 20 within 3 km (${count.toLocaleString()})`, ...nearSdk, floorMedian: nearFloor.median, ratio: nearSdk.median / nearFloor.median })

    const eqSdk = stats(await timeAsync(runs, (i) => db.collection('stations').where({ district: districts[i] }).limit(20).get()))
    const eqFloor = stats(timeSync(runs, (i) => fl.equality(districts[i])))
    rows.push({ name: 'indexed equality: district = x, limit 20', ...eqSdk, floorMedian: eqFloor.median, ratio: eqSdk.median / eqFloor.median })

    const pageSdk = stats(await timeAsync(runs, () => db.collection('stations').orderBy('createdAt', 'desc').skip(100).limit(20).get()))
    const pageFloor = stats(timeSync(runs, () => fl.paged()))
    rows.push({ name: 'paged orderBy createdAt desc, skip 100, limit 20', ...pageSdk, floorMedian: pageFloor.median, ratio: pageSdk.median / pageFloor.median })

    // Engine alone (in-process, no HTTP): separates query cost from transport.
    const st = emu.db.store.require('stations')
    const engNear = stats(timeSync(runs, (i) => emu.db.engine.near(st, st.indexes.find((x) => x.geo)!, { centre: CENTRES[i % CENTRES.length], maxDistance: 3000, minDistance: 0 }, () => true, [], 0, 20)))
    rows.push({ name: 'engine only (no HTTP): nearest 20 within 3 km', ...engNear, floorMedian: nearFloor.median, ratio: engNear.median / nearFloor.median })
    const engEq = stats(timeSync(runs, (i) => emu.db.engine.find(st, { district: districts[i] }, { limit: 20 })))
    rows.push({ name: 'engine only (no HTTP): district = x, limit 20', ...engEq, floorMedian: eqFloor.median, ratio: engEq.median / eqFloor.median })
    fl.close()

    const t0 = process.hrtime.bigint()
    for (let i = 0; i < writes; i++) await db.collection('writes').add({ data: { i, at: new Date(), tag: 'plain' } })
    const plainSecs = Number(process.hrtime.bigint() - t0) / 1e9
    rows.push({ name: `write throughput: ${writes} sequential add()`, median: (plainSecs * 1000) / writes, p95: NaN, note: `${Math.round(writes / plainSecs)} adds/s` })
    const txCount = Math.max(1, Math.floor(writes / 2))
    const t1 = process.hrtime.bigint()
    for (let i = 0; i < txCount; i++) {
      await db.runTransaction(async (tx: { collection(n: string): { add(o: object): Promise<unknown> } }) => {
        await tx.collection('writes').add({ data: { i, tag: 'tx' } })
      })
    }
    const txSecs = Number(process.hrtime.bigint() - t1) / 1e9
    rows.push({ name: `write throughput: ${txCount} runTransaction(add) (start+add+commit)`, median: (txSecs * 1000) / txCount, p95: NaN, note: `${Math.round(txCount / txSecs)} adds/s` })
    const lanes = 8
    const t2 = process.hrtime.bigint()
    await Promise.all(Array.from({ length: lanes }, async (_v, lane) => {
      for (let i = lane; i < writes; i += lanes) await db.collection('writes').add({ data: { i, tag: 'concurrent' } })
    }))
    const concSecs = Number(process.hrtime.bigint() - t2) / 1e9
    rows.push({ name: `write throughput: ${writes} add() from ${lanes} concurrent callers`, median: (concSecs * 1000) / writes, p95: NaN, note: `${Math.round(writes / concSecs)} adds/s` })
    for (const r of rows) if (r.floorMedian !== undefined && !r.name.startsWith('engine')) r.note = `${(r.median - transport.median).toFixed(3)} ms above transport`

    log('')
    table(rows, log)

    log('')
    log('nearest 20 within 3 km by collection size (through the SDK; floor = direct R*Tree query):')
    for (const size of sizes) {
      const dir = size === count ? mainDir : path.join(work, `stations-${size}`)
      if (size !== count) {
        log(`loading ${size.toLocaleString()} stations…`)
        const secs = load(dir, size, log)
        log(`  load: ${secs.toFixed(1)} s`)
      }
      // The main emulator stays up so the new one gets a different port (no stale client sockets).
      const e = size === count ? emu : await startEmulator({ dataDir: dir, port: 0, schema })
      cloud.init({ env: 'local-dev', serviceUrl: e.adminUrl })
      const d2 = cloud.database()
      const r = stats(await timeAsync(runs, (i) => d2.collection('stations').where({ location: d2.command.geoNear({ geometry: d2.Geo.Point(...CENTRES[i % CENTRES.length]), maxDistance: 3000 }) }).limit(20).get()))
      if (e !== emu) await e.close()
      const f = floor(path.join(dir, 'db.sqlite'))
      const fr = stats(timeSync(runs, (i) => f.near(CENTRES[i % CENTRES.length])))
      f.close()
      scaling.push({ name: `nearest 20 within 3 km, ${size.toLocaleString()} stations`, ...r, floorMedian: fr.median, ratio: r.median / fr.median })
      if (size !== count && cleanup) fs.rmSync(dir, { recursive: true, force: true })
    }
    await emu.close()
    table(scaling, log)
    return { rows, scaling }
  } finally {
    if (cleanup) fs.rmSync(work, { recursive: true, force: true })
  }
}

if (require.main === module) {
  const quick = process.argv.includes('--quick')
  const no2m = process.argv.includes('--no-2m')
  runDbBench(quick ? { stations: 20_000, sizes: [2_000, 20_000], runs: 50, writes: 200 } : no2m ? { sizes: [20_000, 200_000] } : {})
    .then(() => process.exit(0))
    .catch((e) => {
      console.error(e)
      process.exit(1)
    })
}
