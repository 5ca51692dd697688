/**
 * The emulator's database service: wires the SQLite store, query engine, aggregation and transactions
 * into the `database.*` action table, applies the project's schema, and offers read-only helpers for the
 * dev console.
 */
import { randomBytes } from 'node:crypto'
import type { ActionTable } from '../actions'
import type { DatabaseSchema } from '../schema'
import { databaseActions } from './actions'
import { Aggregator } from './aggregate'
import { decodeStored, type Doc } from './ejson'
import { QueryEngine } from './query'
import { Store } from './store'
import { TransactionManager } from './transactions'

export interface DatabaseOptions {
  /** Folder holding `db.sqlite`; undefined = in-memory. */
  dataDir?: string
  /** Refuse query-level writes/counts that the SDK would silently run outside an open transaction. */
  strict?: boolean
  /** An open transaction is aborted this long after it started (default 30 s). */
  transactionTimeoutMs?: number
  /** Limit applied to aggregations without a $limit stage (default 20, as the platform is reported to do). */
  aggregateDefaultLimit?: number
}

export class DatabaseService {
  readonly actions: ActionTable
  readonly store: Store
  readonly engine: QueryEngine
  readonly aggregator: Aggregator
  readonly transactions: TransactionManager

  constructor(options: DatabaseOptions = {}) {
    this.store = new Store(options.dataDir)
    this.engine = new QueryEngine(this.store)
    this.aggregator = new Aggregator(this.store, this.engine)
    this.transactions = new TransactionManager(this.store, options.transactionTimeoutMs ?? 30_000)
    this.actions = databaseActions({
      store: this.store,
      engine: this.engine,
      aggregator: this.aggregator,
      txs: this.transactions,
      strict: options.strict ?? false,
      aggregateDefaultLimit: options.aggregateDefaultLimit ?? 20,
    })
  }

  /** Creates missing collections and indexes (rebuilding an index whose definition changed). Idempotent. */
  applySchema(schema: DatabaseSchema): void {
    for (const spec of schema.collections) {
      const c = this.store.collection(spec.name) ?? this.store.createCollection(spec.name, spec)
      for (const ix of spec.indexes ?? []) this.store.ensureIndex(c, ix)
    }
  }

  close(): void {
    this.transactions.close()
    this.store.close()
  }

  listCollections(): Array<{ name: string; count: number }> {
    return this.store
      .collections()
      .map((c) => ({ name: c.name, count: this.store.count(c) }))
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  /** Documents in insertion order as plain JSON (dates as ISO strings, regexes as strings). */
  sampleDocuments(collection: string, limit = 20, offset = 0): Doc[] {
    const c = this.store.require(collection)
    const n = Math.max(0, Math.min(1000, Math.floor(limit)))
    return this.store.page(c, Math.max(0, Math.floor(offset)), n).map((r) => JSON.parse(JSON.stringify(decodeStored(r.doc), (_k, v) => (v instanceof RegExp ? String(v) : v))) as Doc)
  }

  /**
   * Bulk load straight into the store (seeding, benchmarks): one SQLite transaction per call, indexes
   * maintained, no wire decoding. Documents must already be engine values (Dates as Date).
   */
  insertMany(collection: string, docs: Iterable<object>): number {
    const c = this.store.require(collection)
    let n = 0
    this.store.transaction(() => {
      for (const d of docs as Iterable<Doc>) {
        this.store.insert(c, d._id === undefined ? { _id: randomBytes(16).toString('hex'), ...d } : d)
        n++
      }
    })
    return n
  }
}
