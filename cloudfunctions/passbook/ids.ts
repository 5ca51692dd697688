/**
 * Deterministic document ids of the passbook. Ids derived from an idempotency key make "apply once" a
 * property of the database: a second write of the same id inside a transaction reads the first and
 * returns it instead of adding another.
 */
import { createHash } from 'node:crypto'

const h = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32)

/** Ledger entry of a credit: one per idempotency key, across all callers and accounts. */
export const creditEntryId = (idempotencyKey: string) => `cr_${h(`credit:${idempotencyKey}`)}`
/** Ledger entry of an admin adjustment. */
export const adjustEntryId = (idempotencyKey: string) => `aj_${h(`adjust:${idempotencyKey}`)}`
/** A redemption: one per (user, client key) so one person's key cannot collide with another's. */
export const redemptionId = (userId: string, idempotencyKey: string) => `rd_${h(`redeem:${userId}:${idempotencyKey}`)}`
export const redeemEntryId = (redemption: string) => `rde_${redemption.slice(3)}`
export const reverseEntryId = (redemption: string) => `rve_${redemption.slice(3)}`
/** At most one expire entry per account and lapse instant. */
export const expireEntryId = (userId: string, lapsesAt: Date) => `ex_${h(`expire:${userId}:${lapsesAt.toISOString()}`)}`
export const ruleId = (kind: string) => `rule-${kind}`
