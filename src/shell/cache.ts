/**
 * Last-good results of reads, so a rider in a basement sees what was there before instead of a blank
 * screen. Kept in memory and mirrored to local storage (asynchronously on write) so it survives a
 * cold start; results are per signed-in identity because the H5 dev switcher changes users.
 */
import Taro from '@tarojs/taro'

export interface CachedResult<T> {
  data: T
  /** Epoch ms when the result was received. */
  at: number
}

const PREFIX = 'nx.q.'
const memory = new Map<string, CachedResult<unknown>>()
/** Reads currently in flight by query key (see useQuery); an identity switch must not join another user's. */
export const inFlight = new Map<string, Promise<unknown>>()

export function readCache<T>(key: string): CachedResult<T> | undefined {
  const hit = memory.get(key)
  if (hit) return hit as CachedResult<T>
  try {
    // Synchronous on purpose: read once per query on first render so cached data paints immediately.
    const stored = Taro.getStorageSync(PREFIX + key) as CachedResult<T> | '' | undefined
    if (stored && typeof stored === 'object' && 'at' in stored) {
      memory.set(key, stored)
      return stored
    }
  } catch {
    // Storage unavailable (private mode, quota): run without the persistent copy.
  }
  return undefined
}

export function writeCache<T>(key: string, data: T): CachedResult<T> {
  const entry = { data, at: Date.now() }
  memory.set(key, entry)
  Taro.setStorage({ key: PREFIX + key, data: entry }).catch(() => undefined)
  return entry
}

export function clearQueryCache(): void {
  memory.clear()
  inFlight.clear()
  try {
    const { keys } = Taro.getStorageInfoSync()
    for (const key of keys) if (key.startsWith(PREFIX)) Taro.removeStorageSync(key)
  } catch {
    // Nothing persisted, or storage unavailable.
  }
}
