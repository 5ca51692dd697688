/**
 * The SQLite store: one table of EJSON document text per collection, one ordered key table per declared
 * index (unique ones enforce uniqueness through their primary key) and one R*Tree per 2dsphere index.
 * Every write keeps documents and index entries consistent; callers wrap writes in `transaction()` so a
 * request (or a committed CloudBase transaction) is all or nothing on disk.
 */
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { EmulatorError, PlatformCode } from '../errors'
import type { CollectionSpec, IndexSpec } from '../schema'
import { decodeStored, encode, type Doc } from './ejson'
import * as geo from './geo'
import { indexValues, keyOf } from './keys'
import { collect, splitPath } from './paths'

export interface IndexInfo {
  id: number
  name: string
  spec: IndexSpec
  unique: boolean
  geo: boolean
  table: string
  parts: string[][]
  desc: boolean[]
  multikey: boolean
}

export interface CollectionInfo {
  id: number
  name: string
  table: string
  indexes: IndexInfo[]
}

export interface Row {
  rid: number
  doc: string
}

type Stmt = Database.Statement<unknown[], unknown>

function dup(collection: string, index: string, key: string): never {
  // The platform's code for a duplicate key was not captured (wire-protocol reference §5.2); the emulator
  // answers DATABASE_DUPLICATE_WRITE with MongoDB's E11000 wording so the cause is obvious.
  throw new EmulatorError(PlatformCode.DATABASE_DUPLICATE_WRITE, `E11000 duplicate key error collection: ${collection} index: ${index} dup key: ${key}`)
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string })?.code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/** Key of `_id` in the documents table: strings as themselves, other types tagged so 1 and "1" differ. */
export function idKey(id: unknown): string {
  return typeof id === 'string' ? id : '\u0001' + encode(id)
}

export class Store {
  readonly db: Database.Database
  private colls = new Map<string, CollectionInfo>()
  private stmts = new Map<string, Stmt>()
  /** Called after every committed-path write with (collection, idKey, the document before it or null): feeds
   *  transaction conflict checks and snapshot reads. */
  onWrite: ((collection: string, key: string, before: Doc | null) => void) | null = null

  constructor(dataDir?: string) {
    if (dataDir) {
      fs.mkdirSync(dataDir, { recursive: true })
      this.db = new Database(path.join(dataDir, 'db.sqlite'))
      this.db.pragma('journal_mode = WAL')
      // NORMAL in WAL mode: a commit is in the OS before the call returns, so it survives kill -9 of the
      // process; only an OS crash or power loss can lose the last commits. FULL would fsync every write.
      this.db.pragma('synchronous = NORMAL')
    } else {
      this.db = new Database(':memory:')
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS _collections (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, permission TEXT, description TEXT, created_at INTEGER);
      CREATE TABLE IF NOT EXISTS _indexes (id INTEGER PRIMARY KEY, coll_id INTEGER NOT NULL, name TEXT NOT NULL, spec TEXT NOT NULL, multikey INTEGER NOT NULL DEFAULT 0, UNIQUE (coll_id, name));
    `)
    this.load()
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  stmt(sql: string): Stmt {
    let s = this.stmts.get(sql)
    if (!s) {
      s = this.db.prepare(sql)
      this.stmts.set(sql, s)
    }
    return s
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  private load(): void {
    this.colls.clear()
    const rows = this.db.prepare('SELECT id, name FROM _collections').all() as Array<{ id: number; name: string }>
    for (const r of rows) this.colls.set(r.name, { id: r.id, name: r.name, table: `d_${r.id}`, indexes: [] })
    const ixs = this.db.prepare('SELECT i.id, i.name, i.spec, i.multikey, c.name AS coll FROM _indexes i JOIN _collections c ON c.id = i.coll_id ORDER BY i.id').all() as Array<{
      id: number
      name: string
      spec: string
      multikey: number
      coll: string
    }>
    for (const r of ixs) this.colls.get(r.coll)?.indexes.push(this.indexInfo(r.id, JSON.parse(r.spec), r.multikey === 1))
  }

  private indexInfo(id: number, spec: IndexSpec, multikey: boolean): IndexInfo {
    const isGeo = spec.keys.some((k) => k.direction === '2dsphere')
    return {
      id,
      name: spec.name,
      spec,
      unique: !!spec.unique,
      geo: isGeo,
      table: isGeo ? `g_${id}` : `i_${id}`,
      parts: spec.keys.map((k) => splitPath(k.field)),
      desc: spec.keys.map((k) => k.direction === -1),
      multikey,
    }
  }

  collection(name: string): CollectionInfo | undefined {
    return this.colls.get(name)
  }

  require(name: unknown): CollectionInfo {
    if (typeof name !== 'string' || name === '') throw new EmulatorError(PlatformCode.INVALID_PARAM, 'collectionName must be a nonempty string')
    const c = this.colls.get(name)
    if (!c) {
      throw new EmulatorError(
        PlatformCode.DATABASE_COLLECTION_NOT_EXIST,
        `[ResourceNotFound] Db or Table not exist: ${name}. Please check your request, but if the problem cannot be solved, contact us.`,
      )
    }
    return c
  }

  collections(): CollectionInfo[] {
    return [...this.colls.values()]
  }

  createCollection(name: string, spec?: Partial<CollectionSpec>): CollectionInfo {
    if (name.length === 0 || name.length > 128 || name.includes('\u0000') || name.includes('$')) {
      throw new EmulatorError(PlatformCode.INVALID_PARAM, `invalid collection name: ${name}`)
    }
    if (this.colls.has(name)) {
      throw new EmulatorError(PlatformCode.DATABASE_COLLECTION_ALREADY_EXIST, `collection already exists: ${name}`)
    }
    return this.transaction(() => {
      const info = this.db.prepare('INSERT INTO _collections (name, permission, description, created_at) VALUES (?, ?, ?, ?)').run(name, spec?.permission ?? 'ADMINONLY', spec?.description ?? null, Date.now())
      const id = Number(info.lastInsertRowid)
      this.db.exec(`CREATE TABLE d_${id} (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL)`)
      const c: CollectionInfo = { id, name, table: `d_${id}`, indexes: [] }
      this.colls.set(name, c)
      return c
    })
  }

  /** Creates or rebuilds (when its definition changed) an index, filling it from existing documents. */
  ensureIndex(c: CollectionInfo, spec: IndexSpec): void {
    const existing = c.indexes.find((i) => i.name === spec.name)
    const norm = JSON.stringify({ name: spec.name, keys: spec.keys.map((k) => ({ field: k.field, direction: k.direction })), unique: !!spec.unique })
    if (existing && JSON.stringify({ name: existing.spec.name, keys: existing.spec.keys.map((k) => ({ field: k.field, direction: k.direction })), unique: !!existing.spec.unique }) === norm) return
    if (spec.keys.length === 0) throw new EmulatorError(PlatformCode.INVALID_PARAM, `index ${spec.name} has no keys`)
    if (spec.keys.some((k) => k.direction === '2dsphere') && spec.keys.length !== 1) {
      throw new EmulatorError(PlatformCode.INVALID_PARAM, `index ${spec.name}: the emulator supports 2dsphere only as a single-key index`)
    }
    this.transaction(() => {
      if (existing) this.dropIndex(c, existing)
      const r = this.db.prepare('INSERT INTO _indexes (coll_id, name, spec, multikey) VALUES (?, ?, ?, 0)').run(c.id, spec.name, norm)
      const ix = this.indexInfo(Number(r.lastInsertRowid), JSON.parse(norm), false)
      if (ix.geo) this.db.exec(`CREATE VIRTUAL TABLE ${ix.table} USING rtree(id, minX, maxX, minY, maxY, +cx, +cy)`)
      else if (ix.unique) this.db.exec(`CREATE TABLE ${ix.table} (k BLOB PRIMARY KEY, rid INTEGER NOT NULL) WITHOUT ROWID`)
      else this.db.exec(`CREATE TABLE ${ix.table} (k BLOB NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY (k, rid)) WITHOUT ROWID`)
      c.indexes.push(ix)
      // Paged reads: better-sqlite3 cannot write while a statement is still iterating.
      const page = this.db.prepare(`SELECT rid, doc FROM ${c.table} WHERE rid > ? ORDER BY rid LIMIT 1000`)
      for (let last = 0; ; ) {
        const rows = page.all(last) as Row[]
        if (rows.length === 0) break
        for (const row of rows) this.addIndexEntries(c, ix, row.rid, decodeStored(row.doc))
        last = rows[rows.length - 1].rid
      }
    })
    this.stmts.clear()
  }

  private dropIndex(c: CollectionInfo, ix: IndexInfo): void {
    this.db.exec(`DROP TABLE IF EXISTS ${ix.table}`)
    this.db.prepare('DELETE FROM _indexes WHERE id = ?').run(ix.id)
    c.indexes = c.indexes.filter((i) => i !== ix)
  }

  /** Keys of a document in an ordered index; array values give one key per element (multikey). */
  indexKeys(c: CollectionInfo, ix: IndexInfo, doc: Doc): { keys: Buffer[]; multikey: boolean } {
    let combos: Buffer[] = [Buffer.alloc(0)]
    let multikey = false
    let arrays = 0
    for (let i = 0; i < ix.parts.length; i++) {
      const raw = collect(doc, ix.parts[i])
      let vals: unknown[]
      // Per part: MongoDB refuses a compound key only when two of its parts are arrays ("parallel arrays").
      let partIsArray = false
      if (raw.length === 1) {
        const iv = indexValues(raw[0])
        vals = iv.values
        partIsArray = iv.multikey
      } else {
        partIsArray = true
        vals = raw.flatMap((v) => (Array.isArray(v) ? (v.length ? v : [undefined]) : [v]))
      }
      if (partIsArray) multikey = true
      if (vals.length > 1 || partIsArray) arrays++
      if (arrays > 1 && ix.parts.length > 1) {
        throw new EmulatorError(PlatformCode.DATABASE_REQUEST_FAILED, `cannot index parallel arrays in index ${ix.name} of ${c.name}`)
      }
      const next: Buffer[] = []
      const parts = vals.map((v) => keyOf(v, ix.desc[i]))
      for (const prefix of combos) for (const p of parts) next.push(prefix.length ? Buffer.concat([prefix, p]) : p)
      combos = next
    }
    if (combos.length > 1) {
      const seen = new Set<string>()
      combos = combos.filter((k) => {
        const h = k.toString('latin1')
        if (seen.has(h)) return false
        seen.add(h)
        return true
      })
    }
    return { keys: combos, multikey }
  }

  /** The stored geometry's bounding box and, for points, the exact point (kept in the R*Tree's aux columns). */
  geoEntry(c: CollectionInfo, ix: IndexInfo, doc: Doc): { box: geo.BBox; point: geo.Pos | null } | null {
    const v = collect(doc, ix.parts[0])[0]
    if (v === undefined || v === null) return null
    let shape: geo.Shape
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') shape = geo.parseGeometry({ type: 'Point', coordinates: v })
    else {
      try {
        shape = geo.parseGeometry(v)
      } catch (e) {
        throw new EmulatorError(PlatformCode.DATABASE_REQUEST_FAILED, `Can't extract geo keys for index ${ix.name} of ${c.name}: ${(e as Error).message}`)
      }
    }
    const point = shape.points.length === 1 && shape.lines.length === 0 && shape.polygons.length === 0 ? shape.points[0] : null
    return { box: geo.bboxOf(shape), point }
  }

  private markMultikey(ix: IndexInfo): void {
    if (ix.multikey) return
    ix.multikey = true
    this.stmt('UPDATE _indexes SET multikey = 1 WHERE id = ?').run(ix.id)
  }

  private addIndexEntries(c: CollectionInfo, ix: IndexInfo, rid: number, doc: Doc): void {
    if (ix.geo) {
      const g = this.geoEntry(c, ix, doc)
      if (g) this.stmt(`INSERT INTO ${ix.table} (id, minX, maxX, minY, maxY, cx, cy) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(rid, g.box.minX, g.box.maxX, g.box.minY, g.box.maxY, g.point?.[0] ?? null, g.point?.[1] ?? null)
      return
    }
    const { keys, multikey } = this.indexKeys(c, ix, doc)
    if (multikey) this.markMultikey(ix)
    const ins = this.stmt(`INSERT INTO ${ix.table} (k, rid) VALUES (?, ?)`)
    for (const k of keys) {
      try {
        ins.run(k, rid)
      } catch (e) {
        if (isUniqueViolation(e)) dup(c.name, ix.name, describeKey(ix, doc))
        throw e
      }
    }
  }

  private removeIndexEntries(c: CollectionInfo, ix: IndexInfo, rid: number, doc: Doc): void {
    if (ix.geo) {
      this.stmt(`DELETE FROM ${ix.table} WHERE id = ?`).run(rid)
      return
    }
    const del = this.stmt(`DELETE FROM ${ix.table} WHERE k = ? AND rid = ?`)
    for (const k of this.indexKeys(c, ix, doc).keys) del.run(k, rid)
  }

  getById(c: CollectionInfo, key: string): Row | undefined {
    return this.stmt(`SELECT rid, doc FROM ${c.table} WHERE id = ?`).get(key) as Row | undefined
  }

  getByRid(c: CollectionInfo, rid: number): string | undefined {
    return (this.stmt(`SELECT doc FROM ${c.table} WHERE rid = ?`).get(rid) as { doc: string } | undefined)?.doc
  }

  insert(c: CollectionInfo, doc: Doc): number {
    const key = idKey(doc._id)
    let rid: number
    try {
      rid = Number(this.stmt(`INSERT INTO ${c.table} (id, doc) VALUES (?, ?)`).run(key, encode(doc)).lastInsertRowid)
    } catch (e) {
      if (isUniqueViolation(e)) dup(c.name, '_id_', `{ _id: ${JSON.stringify(doc._id)} }`)
      throw e
    }
    for (const ix of c.indexes) this.addIndexEntries(c, ix, rid, doc)
    this.onWrite?.(c.name, key, null)
    return rid
  }

  update(c: CollectionInfo, rid: number, oldDoc: Doc, newDoc: Doc): void {
    this.stmt(`UPDATE ${c.table} SET doc = ? WHERE rid = ?`).run(encode(newDoc), rid)
    for (const ix of c.indexes) {
      if (ix.geo) {
        const a = this.geoEntry(c, ix, oldDoc)
        const b = this.geoEntry(c, ix, newDoc)
        if (JSON.stringify(a) === JSON.stringify(b)) continue
      } else {
        const a = this.indexKeys(c, ix, oldDoc).keys
        const b = this.indexKeys(c, ix, newDoc).keys
        if (a.length === b.length && a.every((k, i) => k.equals(b[i]))) continue
      }
      this.removeIndexEntries(c, ix, rid, oldDoc)
      this.addIndexEntries(c, ix, rid, newDoc)
    }
    this.onWrite?.(c.name, idKey(oldDoc._id), oldDoc)
  }

  remove(c: CollectionInfo, rid: number, oldDoc: Doc): void {
    this.stmt(`DELETE FROM ${c.table} WHERE rid = ?`).run(rid)
    for (const ix of c.indexes) this.removeIndexEntries(c, ix, rid, oldDoc)
    this.onWrite?.(c.name, idKey(oldDoc._id), oldDoc)
  }

  count(c: CollectionInfo): number {
    return (this.stmt(`SELECT count(*) AS n FROM ${c.table}`).get() as { n: number }).n
  }

  scan(c: CollectionInfo): IterableIterator<Row> {
    return this.stmt(`SELECT rid, doc FROM ${c.table} ORDER BY rid`).iterate() as IterableIterator<Row>
  }

  page(c: CollectionInfo, offset: number, limit: number): Row[] {
    return this.stmt(`SELECT rid, doc FROM ${c.table} ORDER BY rid LIMIT ? OFFSET ?`).all(limit, offset) as Row[]
  }

  /** Ordered scan of an index range joined to the documents; `limit`/`offset` only for exact plans. */
  indexScan(c: CollectionInfo, ix: IndexInfo, r: KeyRange, desc: boolean, limit = -1, offset = 0): IterableIterator<Row> {
    const where: string[] = []
    const params: unknown[] = []
    if (r.lo) {
      where.push(r.loInc ? 'x.k >= ?' : 'x.k > ?')
      params.push(r.lo)
    }
    if (r.hi) {
      where.push(r.hiInc ? 'x.k <= ?' : 'x.k < ?')
      params.push(r.hi)
    }
    const dir = desc ? 'DESC' : 'ASC'
    const sql = `SELECT d.rid AS rid, d.doc AS doc FROM ${ix.table} x JOIN ${c.table} d ON d.rid = x.rid${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY x.k ${dir}${ix.unique ? '' : `, x.rid ${dir}`} LIMIT ? OFFSET ?`
    return this.stmt(sql).iterate(...params, limit, offset) as IterableIterator<Row>
  }

  indexCount(ix: IndexInfo, r: KeyRange): number {
    const where: string[] = []
    const params: unknown[] = []
    if (r.lo) {
      where.push(r.loInc ? 'k >= ?' : 'k > ?')
      params.push(r.lo)
    }
    if (r.hi) {
      where.push(r.hiInc ? 'k <= ?' : 'k < ?')
      params.push(r.hi)
    }
    return (this.stmt(`SELECT count(*) AS n FROM ${ix.table}${where.length ? ' WHERE ' + where.join(' AND ') : ''}`).get(...params) as { n: number }).n
  }

  /** Candidates whose bounding box meets `box`; exact points come back in cx/cy. */
  geoScan(ix: IndexInfo, box: geo.BBox): Array<{ rid: number; cx: number | null; cy: number | null }> {
    return this.stmt(`SELECT id AS rid, cx, cy FROM ${ix.table} WHERE maxX >= ? AND minX <= ? AND maxY >= ? AND minY <= ?`).all(box.minX, box.maxX, box.minY, box.maxY) as Array<{
      rid: number
      cx: number | null
      cy: number | null
    }>
  }
}

export interface KeyRange {
  lo?: Buffer
  loInc?: boolean
  hi?: Buffer
  hiInc?: boolean
}

function describeKey(ix: IndexInfo, doc: Doc): string {
  return `{ ${ix.spec.keys.map((k, i) => `${k.field}: ${JSON.stringify(collect(doc, ix.parts[i])[0] ?? null)}`).join(', ')} }`
}
