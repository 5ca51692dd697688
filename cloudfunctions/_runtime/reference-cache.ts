/**
 * Reference data kept in the warm instance for a short time: report categories, point rules, departments
 * are read by many actions, change rarely and only by an admin, so a read saved is a round trip saved on
 * every call. An admin's change shows within the TTL. Never use it inside a transaction (a transaction
 * must read what it writes against).
 */

/** How long a warm instance trusts what it read. */
export const REFERENCE_TTL_MS = 60_000

const entries = new Map<string, { at: number; value: Promise<unknown> }>()

/** The value under `key`, loading it when absent or older than `ttlMs`; a failed load is not kept. */
export function cachedReference<T>(key: string, load: () => Promise<T>, options: { ttlMs?: number; now?: number } = {}): Promise<T> {
  const now = options.now ?? Date.now()
  const hit = entries.get(key)
  if (hit && now - hit.at < (options.ttlMs ?? REFERENCE_TTL_MS)) return hit.value as Promise<T>
  const value = load()
  entries.set(key, { at: now, value })
  value.catch(() => {
    if (entries.get(key)?.value === value) entries.delete(key)
  })
  return value
}

/** Drops one key (after this instance changed it itself), or everything. */
export function forgetReference(key?: string): void {
  if (key === undefined) entries.clear()
  else entries.delete(key)
}
