/**
 * Bounded reads for the district function: every document matching a query in pages of 100, a few
 * pages at a time, up to a cap the caller names — never one unbounded read; reads by chunks of ids.
 */
import type { Database } from '../_runtime/db'

export const PAGE = 100
/**
 * The server SDK's largest page (CloudBase answers at most 1 000 documents per query from a function). Small
 * documents (grids, stations, a report's dates) come in these: each skip re-reads what it skips, so fewer
 * pages cost less (measured: 3 000 stations in 30 pages 2.3 s, far less in 3).
 */
export const MAX_PAGE = 1000
/** Pages read at once by an export, the ledger or the coverage. */
export const PARALLEL = 4

/**
 * Every document matching, in bounded pages of 100, up to `max`: the count first, then PARALLEL pages
 * at a time, so a 3 000-record street is ~8 rounds of reads, not 30. `fields` keeps only what is used;
 * small documents may come in bigger pages (each skip re-reads what it skips, so fewer pages cost less).
 */
export async function pagedRead<T>(
  db: Database,
  collection: string,
  where: Record<string, unknown>,
  max: number,
  order: [string, 'asc' | 'desc'] = ['_id', 'asc'],
  fields?: Record<string, boolean>,
  pageSize = PAGE,
): Promise<T[]> {
  const size = Math.min(MAX_PAGE, pageSize)
  const total = Math.min(max, (await db.collection(collection).where(where).count()).total)
  const offsets: number[] = []
  for (let offset = 0; offset < total; offset += size) offsets.push(offset)
  const pages = await inBatches(offsets, PARALLEL, (offset) => {
    let q = db.collection<T>(collection).where(where).orderBy(order[0], order[1])
    if (fields) q = q.field(fields)
    return q.skip(offset).limit(Math.min(size, total - offset)).get()
  })
  return pages.flatMap((page) => page.data)
}

/** `fn` over `items`, `n` at a time, results in order. */
export async function inBatches<T, R>(items: readonly T[], n: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += n) out.push(...(await Promise.all(items.slice(i, i + n).map((item, j) => fn(item, i + j)))))
  return out
}

/** A read per chunk of PAGE ids (a `where` with `_.in(chunk)`), PARALLEL chunks at a time, the rows together. */
export async function byChunks<T>(ids: readonly string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const chunks: string[][] = []
  for (let i = 0; i < ids.length; i += PAGE) chunks.push(ids.slice(i, i + PAGE))
  return (await inBatches(chunks, PARALLEL, read)).flat()
}
