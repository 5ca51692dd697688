/**
 * Derived identifiers that several modules (functions, seed, tests) must compute identically and
 * that must not pull in wx-server-sdk.
 */
import { createHash } from 'node:crypto'

/**
 * The userId for an OPENID: a one-way hash, so the first-call create is idempotent under concurrency
 * (two racing inserts of the same `_id` cannot both succeed) and pages never learn the OPENID.
 */
export function userIdFor(openid: string): string {
  return 'u' + createHash('sha256').update(`nuanxin:user:${openid}`).digest('hex').slice(0, 24)
}

export function defaultNickname(userId: string): string {
  return `新朋友${userId.slice(-4).toUpperCase()}`
}
