/**
 * Bounded reads for the district function: every document matching a query in pages of 100, a few
 * pages at a time, up to a cap the caller names — never one unbounded read.
 */
import type { Database } from '../_runtime/db'

export const PAGE = 100
/** The server SDK's largest page (CloudBase answers at most 1 000 documents per query from a function). */
const MAX_PAGE = 1000
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
  const out: T[] = []
  for (let i = 0; i < offsets.length; i += PARALLEL) {
    const pages = await Promise.all(
      offsets.slice(i, i + PARALLEL).map((offset) => {
        let q = db.collection<T>(collection).where(where).orderBy(order[0], order[1])
        if (fields) q = q.field(fields)
        return q.skip(offset).limit(Math.min(size, total - offset)).get()
      }),
    )
    for (const page of pages) out.push(...page.data)
  }
  return out
}
