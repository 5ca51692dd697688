/**
 * The `database.*` wire actions: validates and decodes each request as wx-server-sdk sends it
 * (wire-protocol reference §5), runs it on the engine, and answers the response shape the SDK reads.
 */
import { randomBytes } from 'node:crypto'
import type { ActionContext, ActionResult, ActionTable } from '../actions'
import { EmulatorError, PlatformCode } from '../errors'
import { Aggregator, type Stage } from './aggregate'
import { decodeStored, encode, isPlainObject, parseWire, type Doc } from './ejson'
import { compileQuery } from './match'
import { comparator, compileProjection, compileSort, type Projector } from './projection'
import { QueryEngine, type Hit, type SortSpec } from './query'
import { idKey, type CollectionInfo, type Store } from './store'
import type { TransactionManager } from './transactions'
import { applyUpdate, isOperatorUpdate, replaceDoc, validateStoredDoc, validateUpdate } from './update'
import { clone } from './values'

export interface DbContext {
  store: Store
  engine: QueryEngine
  aggregator: Aggregator
  txs: TransactionManager
  strict: boolean
  /**
   * Applied when a pipeline has no $limit stage. The platform is reported to return 20 documents from an
   * un-limited aggregate (wire-protocol reference §3.4); the emulator does the same so code that forgets
   * `.limit()` fails locally the way it would in production.
   */
  aggregateDefaultLimit: number
}

/** The SDK clamps `limit` to 1000; the emulator holds direct HTTP callers to the same ceiling. */
const MAX_LIMIT = 1000

function bad(msg: string): never {
  throw new EmulatorError(PlatformCode.INVALID_PARAM, msg)
}

function queryOf(body: Record<string, unknown>, now: number): Doc | undefined {
  if (body.query === undefined || body.query === null || body.query === '') return undefined
  const q = parseWire(body.query, 'query', now)
  if (!isPlainObject(q)) bad('query must be an EJSON object')
  return q
}

function optionalInt(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) bad(`${name} must be a non-negative integer`)
  return v
}

/** `doc(id)` requests carry `{_id: id}`; the id is what transactions and upserts key on. */
function docId(q: Doc | undefined): unknown {
  const id = q?._id
  if (typeof id !== 'string' && typeof id !== 'number') bad('a DOC request needs query {_id: string | number}')
  return id
}

function duplicateId(c: CollectionInfo, id: unknown): EmulatorError {
  return new EmulatorError(PlatformCode.DATABASE_DUPLICATE_WRITE, `E11000 duplicate key error collection: ${c.name} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`)
}

function newId(): string {
  return randomBytes(16).toString('hex')
}

function checkId(id: unknown): void {
  if (typeof id === 'string') {
    if (id.length === 0 || id.length > 256) bad('_id must be a nonempty string of at most 256 characters')
  } else if (typeof id !== 'number' || !Number.isFinite(id)) bad('_id must be a string or a finite number')
}

function invocation(ctx: ActionContext): string {
  // Requests from outside any function (tests, scripts) share one scope, so strict mode still applies to them.
  return ctx.caller?.invocationId ?? ''
}

function strictCheck(db: DbContext, ctx: ActionContext, c: CollectionInfo, what: string): void {
  if (db.strict && db.txs.openOn(invocation(ctx), c.name)) {
    throw new EmulatorError(
      PlatformCode.DATABASE_REQUEST_FAILED,
      `strict mode: ${what} on collection ${c.name} would run OUTSIDE the open transaction of this invocation (the SDK sends no transactionId for query-level operations); use doc(id) operations inside the transaction`,
    )
  }
}

function listOf(hits: Hit[], projector: Projector | null): string[] {
  return hits.map((h) => (projector ? encode(projector(QueryEngine.docOf(h))) : h.text))
}

/** Seed of an upserted document: the query's plain equality fields, as MongoDB does. */
function upsertSeed(q: Doc | undefined): Doc {
  const out: Doc = {}
  if (!q) return out
  for (const k of Object.keys(q)) {
    if (k.startsWith('$') || k.includes('.')) continue
    const v = q[k]
    if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
      if ('$eq' in v) out[k] = clone(v.$eq)
      continue
    }
    out[k] = clone(v)
  }
  return out
}

function modified(before: string, after: Doc): string | null {
  const text = encode(after)
  return text === before ? null : text
}

export function databaseActions(db: DbContext): ActionTable {
  const { store, engine, txs } = db

  /** `query` is what matched `old`: the positional `$` names the array element it matched through. */
  function applyModify(old: Doc, data: Doc, merge: boolean, query: Doc | undefined): Doc {
    let next: Doc
    if (merge) {
      next = clone(old)
      // CloudBase's update always sends operators; a bare document under merge is read as field sets.
      applyUpdate(next, isOperatorUpdate(data) ? data : { $set: data }, { query })
    } else next = replaceDoc(old._id, data)
    validateStoredDoc(next)
    return next
  }

  /**
   * A condition query as a transaction sees it: the committed documents that the transaction has not
   * written and that did not change since its snapshot, plus its overlay (own writes, snapshot versions),
   * filtered, ordered (`order`, else insertion order with overlaid documents last), then paged.
   */
  function txFind(txId: unknown, c: CollectionInfo, q: Doc | undefined, opts: { order?: SortSpec[]; skip?: number; limit?: number } = {}): Doc[] {
    const overlay = txs.overlay(txId, c)
    const matcher = q && Object.keys(q).length > 0 ? compileQuery(q) : null
    const docs: Doc[] = []
    for (const h of engine.find(c, q)) {
      const d = QueryEngine.docOf(h)
      if (!overlay.has(idKey(d._id))) docs.push(d)
    }
    for (const d of overlay.values()) if (d && (!matcher || matcher(d))) docs.push(d)
    if (opts.order && opts.order.length > 0) {
      const cmp = comparator(opts.order)
      docs.sort(cmp)
    }
    const skip = opts.skip ?? 0
    return docs.slice(skip, opts.limit === undefined ? undefined : skip + opts.limit)
  }

  /** `doc(id)` requests name one document; condition requests (and the raw command form) any number. */
  function txTargets(txId: unknown, c: CollectionInfo, body: Record<string, unknown>, q: Doc | undefined, multi: boolean): Doc[] {
    if (body.queryType === 'DOC') {
      const doc = txs.read(txId, c, docId(q))
      return doc ? [doc] : []
    }
    return txFind(txId, c, q, { limit: multi ? undefined : 1 })
  }

  const actions: Record<string, (body: Record<string, unknown>, ctx: ActionContext) => ActionResult> = {
    'database.addCollection'(body) {
      const name = body.collectionName
      if (typeof name !== 'string' || name === '') bad('collectionName must be a nonempty string')
      store.createCollection(name)
      return {}
    },

    'database.insertDocument'(body) {
      const c = store.require(body.collectionName)
      const now = Date.now()
      if (!Array.isArray(body.data) || body.data.length === 0) bad('data must be a nonempty array of EJSON strings')
      const docs = body.data.map((text, i) => {
        const d = parseWire(text, `data[${i}]`, now)
        if (!isPlainObject(d)) bad('each document must be an object')
        validateStoredDoc(d)
        if (d._id === undefined) return { _id: newId(), ...d }
        checkId(d._id)
        return d
      })
      if (body.transactionId !== undefined) {
        for (const d of docs) {
          if (txs.read(body.transactionId, c, d._id)) throw duplicateId(c, d._id)
          txs.write(body.transactionId, c, d._id, d)
        }
      } else {
        // One request is all or nothing: a duplicate in an array add inserts none of it.
        store.transaction(() => {
          for (const d of docs) store.insert(c, d)
        })
      }
      return { data: { insertedIds: docs.map((d) => d._id) } }
    },

    'database.getDocument'(body) {
      const c = store.require(body.collectionName)
      const now = Date.now()
      const q = queryOf(body, now)
      const projector = body.projection !== undefined ? compileProjection(parseWire(body.projection, 'projection', now)) : null
      const order = body.order !== undefined ? (compileSort(parseWire(body.order, 'order', now)) as SortSpec[]) : []
      const offset = optionalInt(body.offset, 'offset') ?? 0
      let limit = optionalInt(body.limit, 'limit')
      if (body.queryType === 'DOC') limit = 1
      else limit = Math.min(limit || 100, MAX_LIMIT)
      if (body.transactionId !== undefined) {
        if (body.queryType === 'DOC') {
          const doc = txs.read(body.transactionId, c, docId(q))
          return { data: { list: doc ? [encode(projector ? projector(doc) : doc)] : [] } }
        }
        const docs = txFind(body.transactionId, c, q, { order, skip: offset, limit })
        return { data: { list: docs.map((d) => encode(projector ? projector(d) : d)) }, limit, offset }
      }
      const hits = engine.find(c, q, { order, skip: offset, limit })
      return { data: { list: listOf(hits, projector) }, limit, offset }
    },

    'database.calculateDocument'(body, ctx) {
      const c = store.require(body.collectionName)
      // The SDK never sends a transactionId with count(); a raw request that does is counted in the transaction.
      if (body.transactionId !== undefined) return { data: { total: txFind(body.transactionId, c, queryOf(body, Date.now())).length } }
      strictCheck(db, ctx, c, 'count()')
      return { data: { total: engine.count(c, queryOf(body, Date.now())) } }
    },

    'database.modifyDocument'(body, ctx) {
      const c = store.require(body.collectionName)
      const now = Date.now()
      const q = queryOf(body, now)
      const data = parseWire(body.data, 'data', now)
      if (!isPlainObject(data)) bad('data must be an EJSON object')
      const merge = body.merge !== false
      if (merge) validateUpdate(data)
      const upsert = body.upsert === true
      if (body.transactionId !== undefined) {
        const txId = body.transactionId
        const multi = body.queryType !== 'DOC' && body.multi !== false
        const targets = txTargets(txId, c, body, q, multi)
        if (targets.length === 0) {
          if (!upsert) return { data: { updated: 0 } }
          const seed = body.queryType === 'DOC' ? { _id: docId(q) } : upsertSeed(q)
          const fresh = merge ? seed : replaceDoc(seed._id, data)
          if (merge) applyUpdate(fresh, isOperatorUpdate(data) ? data : { $set: data }, { inserting: true })
          if (fresh._id === undefined) fresh._id = newId()
          checkId(fresh._id)
          validateStoredDoc(fresh)
          if (body.queryType !== 'DOC' && txs.read(txId, c, fresh._id)) throw duplicateId(c, fresh._id)
          txs.write(txId, c, fresh._id, fresh)
          return { data: { updated: 0, upsert_id: fresh._id } }
        }
        // Compute every change first so a bad update refuses the whole request before anything is buffered.
        const changes = targets.map((old) => ({ old, next: applyModify(old, data, merge, q) })).filter((x) => modified(encode(x.old), x.next) !== null)
        for (const x of changes) txs.write(txId, c, x.old._id, x.next)
        return { data: { updated: changes.length } }
      }
      if (body.queryType !== 'DOC') strictCheck(db, ctx, c, 'where().update()')
      const multi = body.queryType !== 'DOC' && body.multi !== false
      return store.transaction(() => {
        const hits = engine.find(c, q, { limit: multi ? undefined : 1 })
        let updated = 0
        for (const h of hits) {
          const old = QueryEngine.docOf(h)
          const next = applyModify(old, data, merge, q)
          // The platform counts a replaced document (set) even when the data is identical; operator
          // updates count only real changes (MongoDB nModified).
          if (modified(h.text, next) === null) {
            if (!merge) updated++
            continue
          }
          store.update(c, h.rid, decodeStored(h.text), next)
          updated++
        }
        if (hits.length === 0 && upsert) {
          const seed = body.queryType === 'DOC' ? { _id: docId(q) } : upsertSeed(q)
          const fresh = merge ? seed : replaceDoc(seed._id, data)
          if (merge) applyUpdate(fresh, isOperatorUpdate(data) ? data : { $set: data }, { inserting: true })
          if (fresh._id === undefined) fresh._id = newId()
          checkId(fresh._id)
          validateStoredDoc(fresh)
          store.insert(c, fresh)
          return { data: { updated: 0, upsert_id: fresh._id } }
        }
        return { data: { updated } }
      })
    },

    'database.modifyAndReturnDoc'(body, ctx) {
      const c = store.require(body.collectionName)
      const now = Date.now()
      const q = queryOf(body, now)
      const data = parseWire(body.data, 'data', now)
      if (!isPlainObject(data)) bad('data must be an EJSON object')
      validateUpdate(data)
      if (body.transactionId !== undefined) {
        const [old] = txTargets(body.transactionId, c, body, q, false)
        if (!old) return { data: { updated: 0, doc: null } }
        const next = applyModify(old, data, true, q)
        const changed = modified(encode(old), next) !== null
        if (changed) txs.write(body.transactionId, c, old._id, next)
        return { data: { updated: changed ? 1 : 0, doc: encode(next) } }
      }
      strictCheck(db, ctx, c, 'updateAndReturn()')
      return store.transaction(() => {
        const [h] = engine.find(c, q, { limit: 1 })
        if (!h) return { data: { updated: 0, doc: null } }
        const next = applyModify(QueryEngine.docOf(h), data, true, q)
        const text = modified(h.text, next)
        if (text !== null) store.update(c, h.rid, decodeStored(h.text), next)
        // findAndModify: the platform reports the matched document as updated, changed or not.
        return { data: { updated: 1, doc: encode(next) } }
      })
    },

    'database.removeDocument'(body, ctx) {
      const c = store.require(body.collectionName)
      const q = queryOf(body, Date.now())
      if (body.transactionId !== undefined) {
        const multi = body.queryType !== 'DOC' && body.multi !== false
        const targets = txTargets(body.transactionId, c, body, q, multi)
        for (const old of targets) txs.write(body.transactionId, c, old._id, null)
        return { data: { deleted: targets.length } }
      }
      if (body.queryType !== 'DOC') strictCheck(db, ctx, c, 'where().remove()')
      const multi = body.queryType !== 'DOC' && body.multi !== false
      return store.transaction(() => {
        const hits = engine.find(c, q, { limit: multi ? undefined : 1 })
        for (const h of hits) store.remove(c, h.rid, QueryEngine.docOf(h))
        return { data: { deleted: hits.length } }
      })
    },

    'database.aggregateDocuments'(body) {
      const c = store.require(body.collectionName)
      const now = Date.now()
      if (!Array.isArray(body.stages)) bad('stages must be an array')
      const pipeline: Stage[] = body.stages.map((s, i) => {
        if (!isPlainObject(s) || typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$')) bad(`stages[${i}] needs stageKey and stageValue`)
        return { [s.stageKey]: parseWire(s.stageValue, `stages[${i}].stageValue`, now) }
      })
      if (!pipeline.some((s) => '$limit' in s)) pipeline.push({ $limit: db.aggregateDefaultLimit })
      const docs = db.aggregator.run(c, pipeline)
      return { data: { list: docs.map(encode) } }
    },

    'database.startTransaction'(_body, ctx) {
      return { transactionId: txs.start(invocation(ctx)) }
    },

    'database.commitTransaction'(body) {
      txs.commit(body.transactionId)
      return {}
    },

    'database.abortTransaction'(body) {
      txs.abort(body.transactionId)
      return {}
    },
  }
  return actions
}
