/**
 * The yearly points expiry job: for each account with points, replays its entries (oldest lots first,
 * src/passbook/expiry.ts) and writes one expire entry for the unspent points that have lapsed. The
 * entries are read outside the transaction; inside it the balance's entry count must be unchanged, so a
 * redemption in between makes this account wait for the next run instead of expiring the wrong lots.
 */
import { Collection } from '../../src/core/collections'
import { chinaDateKey } from '../../src/core/time'
import { lapsedPoints, remainingLots } from '../../src/passbook/expiry'
import type { BalanceDoc, LedgerEntryDoc } from '../../src/passbook/model'
import { EntryType, SourceType } from '../../src/passbook/vocabulary'
import { findAll, type Database } from '../_runtime/db'
import { runInTransaction } from '../_runtime/transactions'
import { expireEntryId } from './ids'
import { appendEntry, readBalance, readEntry } from './ledger'

/** Most entries one account's replay reads; beyond it the account is skipped and reported. */
const MAX_ENTRIES = 20_000

export async function expireAccount(db: Database, userId: string, now: Date): Promise<number> {
  const entries = await findAll<LedgerEntryDoc>(db, Collection.ledger, { userId }, MAX_ENTRIES)
  const lapsed = lapsedPoints(entries, now)
  if (lapsed <= 0) return 0
  const lots = remainingLots(entries).filter((l) => l.lapsesAt.getTime() <= now.getTime())
  const lapsesAt = lots[lots.length - 1].lapsesAt
  const id = expireEntryId(userId, lapsesAt)
  return runInTransaction(db, async (t) => {
    if (await readEntry(t, id)) return 0
    const balance = await readBalance(t, userId, now)
    if (balance.entries !== entries.length) return 0
    await appendEntry(t, balance, {
      _id: id,
      delta: -lapsed,
      type: EntryType.expire,
      reason: `积分到期：${chinaDateKey(lapsesAt)} 起失效的未使用积分`,
      source: { type: SourceType.expiry, id: lapsesAt.toISOString() },
      actorId: 'system',
      idempotencyKey: `expire:${id}`,
      createdAt: now,
    })
    return lapsed
  })
}

export async function expirePointsChunk(db: Database, now: Date, cursor: string | undefined, accounts = 200): Promise<{ accounts: number; expiredPoints: number; nextCursor?: string }> {
  const _ = db.command
  const where = cursor === undefined ? { points: _.gt(0) } : { points: _.gt(0), _id: _.gt(cursor) }
  const page = await db.collection<BalanceDoc>(Collection.balances).where(where).orderBy('_id', 'asc').field({ _id: true }).limit(Math.min(accounts, 100)).get()
  let expiredPoints = 0
  for (const b of page.data) expiredPoints += await expireAccount(db, b._id, now)
  const out: { accounts: number; expiredPoints: number; nextCursor?: string } = { accounts: page.data.length, expiredPoints }
  if (page.data.length === Math.min(accounts, 100)) out.nextCursor = page.data[page.data.length - 1]._id
  return out
}
