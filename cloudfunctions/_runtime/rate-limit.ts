/**
 * Per-user rate limits (OWASP API4/API6: check-in farming, report floods, content-check quota burn).
 * One counter document per (user, limit name, fixed window) in `rate_limits`; the increment is a
 * guarded atomic update (`count < limit`), so concurrent calls can never push a user past the limit,
 * and the window's first call creates the counter with a deterministic `_id` (a racing create loses
 * with a duplicate key and falls back to the guarded increment).
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { addOnce, type Database } from './db'

export interface RateLimit {
  /** Stable name, e.g. `reports.submit`. */
  name: string
  /** Calls allowed per window. */
  limit: number
  windowSec: number
  /** Shown to the user when refused; default from errorText.RATE_LIMITED. */
  message?: string
}

/** Counts one call against the limit or throws RATE_LIMITED; answers the calls left in this window. */
export async function consumeRateLimit(db: Database, userId: string, rule: RateLimit, now: Date): Promise<number> {
  const windowMs = rule.windowSec * 1000
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs
  const id = `${userId}:${rule.name}:${windowStart}`
  const _ = db.command
  const bump = async () => (await db.collection(Collection.rateLimits).where({ _id: id, count: _.lt(rule.limit) }).update({ data: { count: _.inc(1) } })).stats.updated === 1
  if (await bump()) return -1
  if (rule.limit < 1) throw new AppError('RATE_LIMITED', rule.message)
  if (await addOnce(db, Collection.rateLimits, { _id: id, userId, name: rule.name, count: 1, windowStart: new Date(windowStart), expiresAt: new Date(windowStart + windowMs) })) return rule.limit - 1
  // A concurrent first call opened the window: count against theirs.
  if (await bump()) return -1
  throw new AppError('RATE_LIMITED', rule.message)
}
