/**
 * Helpers for passbook function tests: invariants read straight from the database (never through the
 * function under test), and envelope unwrapping with readable failures.
 */
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import type { BalanceDoc, LedgerEntryDoc, RedemptionDoc, RewardDoc } from '../../src/passbook/model'

/* eslint-disable @typescript-eslint/no-explicit-any */
export function data<T>(env: Envelope<T>): T {
  if (!env.ok) throw new Error(`expected ok, got ${env.error.code}: ${env.error.message}`)
  return env.data
}

export function code(env: Envelope<unknown>): string {
  return env.ok ? 'OK' : env.error.code
}

export async function readAll<T>(db: any, collection: string, where: Record<string, unknown> = {}): Promise<T[]> {
  const out: T[] = []
  for (let offset = 0; ; offset += 1000) {
    const res = await db.collection(collection).where(where).orderBy('_id', 'asc').skip(offset).limit(1000).get()
    out.push(...res.data)
    if (res.data.length < 1000) return out
  }
}

export interface Invariants {
  accounts: number
  entries: number
  problems: string[]
}

/** balance = Σ entries ≥ 0 for every account, entry counts, stock identity per reward, unique idempotency keys. */
export async function checkInvariants(db: any): Promise<Invariants> {
  const [balances, ledger, rewards, redemptions] = await Promise.all([
    readAll<BalanceDoc>(db, Collection.balances),
    readAll<LedgerEntryDoc>(db, Collection.ledger),
    readAll<RewardDoc>(db, Collection.rewards),
    readAll<RedemptionDoc>(db, Collection.redemptions),
  ])
  const problems: string[] = []
  const sums = new Map<string, { sum: number; n: number }>()
  for (const e of ledger) {
    const s = sums.get(e.userId) ?? { sum: 0, n: 0 }
    s.sum += e.delta
    s.n++
    sums.set(e.userId, s)
    if (!Number.isInteger(e.delta)) problems.push(`entry ${e._id} has a non-integer delta ${e.delta}`)
  }
  for (const b of balances) {
    const s = sums.get(b._id) ?? { sum: 0, n: 0 }
    if (s.sum !== b.points) problems.push(`account ${b._id}: balance ${b.points} ≠ Σ entries ${s.sum}`)
    if (s.n !== b.entries) problems.push(`account ${b._id}: ${b.entries} counted ≠ ${s.n} entries`)
    if (b.points < 0) problems.push(`account ${b._id}: negative balance ${b.points}`)
    sums.delete(b._id)
  }
  for (const [userId] of sums) problems.push(`entries of ${userId} have no balance`)
  const keys = new Set(ledger.map((e) => e.idempotencyKey))
  if (keys.size !== ledger.length) problems.push(`${ledger.length - keys.size} idempotency keys applied twice`)
  for (const r of rewards) {
    const pending = redemptions.filter((x) => x.rewardId === r._id && x.state === 'pending').length
    const fulfilled = redemptions.filter((x) => x.rewardId === r._id && x.state === 'fulfilled').length
    if (r.stock !== r.stockInitial - fulfilled - pending) problems.push(`reward ${r._id}: stock ${r.stock} ≠ ${r.stockInitial} − ${fulfilled} − ${pending}`)
    if (r.stock < 0) problems.push(`reward ${r._id} oversold: stock ${r.stock}`)
    if (r.pending !== pending || r.fulfilled !== fulfilled) problems.push(`reward ${r._id}: counters ${r.pending}/${r.fulfilled} ≠ ${pending}/${fulfilled}`)
  }
  for (const r of redemptions) {
    const redeemEntry = ledger.find((e) => e._id === r.entryId)
    if (!redeemEntry || redeemEntry.delta !== -r.cost) problems.push(`redemption ${r._id} has no matching redeem entry`)
    const reversals = ledger.filter((e) => e.reverses === r.entryId)
    const expected = r.state === 'cancelled' || r.state === 'expired' ? 1 : 0
    if (reversals.length !== expected) problems.push(`redemption ${r._id} (${r.state}) has ${reversals.length} reversals`)
  }
  return { accounts: balances.length, entries: ledger.length, problems }
}
