/**
 * Typed view of the wx-server-sdk database (its own typings return `Promise | void | string`) and the
 * helpers every domain uses: a by-id read that answers null instead of throwing, bounded paged queries
 * (the platform silently truncates unbounded reads), recognising a duplicate-key write, and an
 * insert-once that reads that error as "already there".
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface QueryResult<T> { data: T[] }
export interface CountResult { total: number }
export interface WriteStats { stats: { updated?: number; removed?: number } }

export interface Query<T = any> {
  where(condition: Record<string, unknown>): Query<T>
  orderBy(field: string, order: 'asc' | 'desc'): Query<T>
  skip(n: number): Query<T>
  limit(n: number): Query<T>
  field(projection: Record<string, boolean | 0 | 1>): Query<T>
  get(): Promise<QueryResult<T>>
  count(): Promise<CountResult>
  update(options: { data: Record<string, unknown> }): Promise<WriteStats>
  remove(): Promise<WriteStats>
}

export interface DocumentRef<T = any> {
  get(): Promise<{ data: T | null }>
  set(options: { data: Record<string, unknown> }): Promise<unknown>
  update(options: { data: Record<string, unknown> }): Promise<WriteStats>
  remove(): Promise<WriteStats>
}

export interface CollectionRef<T = any> extends Query<T> {
  doc(id: string): DocumentRef<T>
  add(options: { data: Record<string, unknown> }): Promise<{ _id: string }>
  aggregate(): any
}

export interface Transaction {
  collection<T = any>(name: string): CollectionRef<T>
  rollback(reason?: unknown): Promise<void>
}

export interface Database {
  collection<T = any>(name: string): CollectionRef<T>
  command: any
  Geo: any
  serverDate(options?: { offset?: number }): unknown
  /** Server-side regular expression for `where` (e.g. name search); keep patterns escaped and bounded. */
  RegExp(options: { regexp: string; options?: string }): unknown
  runTransaction<R>(fn: (t: Transaction) => Promise<R>, retries?: number): Promise<R>
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Largest page any action may read in one query. */
export const MAX_PAGE = 100

export function clampLimit(limit: number | undefined, fallback = 20, max = MAX_PAGE): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback
  return Math.max(1, Math.min(max, Math.floor(limit)))
}

/**
 * Reads one document by id, or null. `doc(id).get()` throws on a missing document, which would
 * turn "not found" into an INTERNAL error; a limited query does not.
 */
export async function getById<T>(db: Database, collection: string, id: string): Promise<T | null> {
  const res = await db.collection<T>(collection).where({ _id: id }).limit(1).get()
  return res.data[0] ?? null
}

/** A date field as read back through the SDK (a Date, or its ISO string on some paths); absent stays undefined. */
export function dateOf(v: unknown): Date | undefined {
  return v === undefined || v === null ? undefined : v instanceof Date ? v : new Date(v as string)
}

/**
 * One document read inside a transaction, or null. wx-server-sdk's `doc().get()` answers a missing
 * document with `data: null` in some call paths and throws "document with _id … does not exist" in
 * others (its own wrapper); both mean "absent" here. Unlike a `where()` query, this read is part of the
 * transaction (a concurrent change to the document makes the commit conflict and the callback re-run),
 * and unlike a blanket `.catch()` it lets every other error through.
 */
export async function txGet<T>(t: Transaction, collection: string, id: string): Promise<T | null> {
  try {
    const res = await t.collection<T>(collection).doc(id).get()
    return (res.data as T | null) ?? null
  } catch (err) {
    if (/does not exist/.test(String((err as { message?: string })?.message ?? err))) return null
    throw err
  }
}

export interface Paged<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}

export interface PageOptions {
  limit?: number
  offset?: number
  orderBy?: Array<[string, 'asc' | 'desc']>
  projection?: Record<string, boolean>
  /** Skip the count query when the caller does not show a total. */
  withTotal?: boolean
}

/** One bounded page of a query plus (optionally) its total; always ordered so pages are stable. */
export async function findPage<T>(db: Database, collection: string, where: Record<string, unknown>, options: PageOptions = {}): Promise<Paged<T>> {
  const limit = clampLimit(options.limit)
  const offset = Math.max(0, Math.floor(options.offset ?? 0))
  let q = db.collection<T>(collection).where(where)
  for (const [field, dir] of options.orderBy ?? [['_id', 'asc']]) q = q.orderBy(field, dir)
  if (options.projection) q = q.field(options.projection)
  const [page, count] = await Promise.all([
    q.skip(offset).limit(limit).get(),
    options.withTotal === false ? Promise.resolve({ total: -1 }) : db.collection(collection).where(where).count(),
  ])
  return { items: page.data, total: count.total, limit, offset }
}

/**
 * Reads every document matching `where` in bounded pages, refusing to go past `max` so a job never
 * loads an unbounded collection into memory by accident.
 */
export async function findAll<T>(db: Database, collection: string, where: Record<string, unknown>, max = 1000, pageSize = MAX_PAGE): Promise<T[]> {
  const out: T[] = []
  for (let offset = 0; offset < max; offset += pageSize) {
    const res = await db.collection<T>(collection).where(where).orderBy('_id', 'asc').skip(offset).limit(Math.min(pageSize, max - offset)).get()
    out.push(...res.data)
    if (res.data.length < pageSize) break
  }
  return out
}

/** True when a write failed because a document with that `_id` or unique key already exists. */
export function isDuplicateKeyError(err: unknown): boolean {
  const e = err as { code?: unknown; errCode?: unknown; message?: unknown; errMsg?: unknown } | null
  if (!e) return false
  const text = `${String(e.code ?? '')} ${String(e.message ?? '')} ${String(e.errMsg ?? '')}`
  return /DUPLICATE|duplicate key|E11000/i.test(text)
}

/**
 * Inserts a document whose `_id` is derived from what it records (a check-in, a certificate, a
 * notice, a first-seen user), so a retry or a concurrent twin cannot store it twice. Answers true
 * when this call stored it, false when a document with that `_id` was already there — the caller
 * decides what "already there" means (read the winner, answer the stored one, or nothing). `add()`
 * rather than `set()`, because `set()` would overwrite the first write. Not for use inside a
 * transaction: there the duplicate aborts the whole commit.
 */
export async function addOnce<T extends { _id: string }>(db: Pick<Database, 'collection'>, collection: string, doc: T): Promise<boolean> {
  try {
    // A copy: the caller often returns `doc` itself after the write.
    await db.collection(collection).add({ data: { ...doc } as Record<string, unknown> })
    return true
  } catch (err) {
    if (isDuplicateKeyError(err)) return false
    throw err
  }
}

/** A user's search text as a literal pattern for db.RegExp (no regex injection, no catastrophic patterns). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
