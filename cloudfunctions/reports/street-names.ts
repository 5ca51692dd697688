/**
 * Street display names for the routing preview (`suggest`), kept briefly in a warm instance so the
 * check a rider runs on every location fix does not pay a database round trip for a label. Staleness
 * is acceptable: streets are created and renamed only by an admin, rarely, and the name here is shown,
 * never stored or used for scope — the stored report keeps the street id. Misses are not cached, so a
 * newly added street is seen on the next call.
 */
import { Collection } from '../../src/core/collections'
import { getById, type Database } from '../_runtime/db'

const TTL_MS = 5 * 60_000
const MAX_ENTRIES = 500

const cache = new Map<string, { name: string; until: number }>()

/** The street's name, or undefined when there is no such street. */
export async function streetName(db: Database, id: string, nowMs = Date.now()): Promise<string | undefined> {
  const hit = cache.get(id)
  if (hit && hit.until > nowMs) return hit.name
  const doc = await getById<{ name: string }>(db, Collection.streets, id)
  if (!doc) {
    cache.delete(id)
    return undefined
  }
  // Bounded: a district has tens of streets; clearing on overflow keeps an odd caller from growing it.
  if (cache.size >= MAX_ENTRIES) cache.clear()
  cache.set(id, { name: doc.name, until: nowMs + TTL_MS })
  return doc.name
}
