/**
 * The only code that writes ledger entries and balances. Every write happens inside the caller's
 * transaction: the entry is inserted and the balance document rewritten together, so neither exists
 * without the other; a debit that would take the balance below zero throws instead. Entries are never
 * updated or removed. Callers read the entry id first (idempotency), then call `appendEntry`.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import type { BalanceDoc, LedgerEntryDoc } from '../../src/passbook/model'
import { MAX_ENTRY_POINTS } from '../../src/passbook/rules'
import { txGet, type Transaction } from '../_runtime/db'

export function emptyBalance(userId: string, now: Date): BalanceDoc {
  return { _id: userId, userId, points: 0, entries: 0, earned: 0, caps: {}, rewardUse: {}, updatedAt: now }
}

export async function readBalance(t: Transaction, userId: string, now: Date): Promise<BalanceDoc> {
  const doc = await txGet<BalanceDoc>(t, Collection.balances, userId)
  return doc ? { ...emptyBalance(userId, now), ...doc } : emptyBalance(userId, now)
}

export function readEntry(t: Transaction, entryId: string): Promise<LedgerEntryDoc | null> {
  return txGet<LedgerEntryDoc>(t, Collection.ledger, entryId)
}

function without_id<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _omit, ...rest } = doc
  return rest
}

export type NewEntry = Omit<LedgerEntryDoc, 'balanceAfter' | 'refType' | 'refId' | 'userId'>

/**
 * Appends `entry` to `balance`'s account and writes both. `patch` carries other balance fields changed
 * by the same operation (cap usage, reward use). Returns the stored entry.
 */
export async function appendEntry(t: Transaction, balance: BalanceDoc, entry: NewEntry, patch: Partial<BalanceDoc> = {}): Promise<LedgerEntryDoc> {
  if (!Number.isSafeInteger(entry.delta) || Math.abs(entry.delta) > MAX_ENTRY_POINTS) throw new AppError('INVALID_ARGUMENT', '积分必须是整数且不超过上限', 'points')
  const points = balance.points + entry.delta
  if (points < 0) throw new AppError('INSUFFICIENT_POINTS', `积分不足：当前 ${balance.points} 分`)
  const stored: LedgerEntryDoc = { ...entry, userId: balance.userId, refType: entry.source.type, refId: entry.source.id, balanceAfter: points }
  const next: BalanceDoc = {
    ...balance,
    ...patch,
    points,
    entries: balance.entries + 1,
    earned: balance.earned + (entry.delta > 0 && (entry.type === 'earn' || entry.type === 'adjust') ? entry.delta : 0),
    updatedAt: entry.createdAt,
  }
  await t.collection(Collection.ledger).doc(stored._id).set({ data: without_id(stored) })
  await t.collection(Collection.balances).doc(balance._id).set({ data: without_id(next) })
  return stored
}

/** Maps a transaction that kept conflicting (or a platform hiccup) to a retryable error the client can act on. */
export function asRetryable(err: unknown): never {
  if (err instanceof AppError) throw err
  const e = err as { code?: unknown; errCode?: unknown; message?: unknown }
  const text = `${String(e?.code ?? '')} ${String(e?.errCode ?? '')} ${String(e?.message ?? '')}`
  if (/TRANSACTION|CONFLICT/i.test(text)) throw new AppError('UNAVAILABLE', '操作的人较多，请稍后重试')
  throw err
}
