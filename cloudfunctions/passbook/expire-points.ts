/**
 * The yearly points expiry job: for each account with points, replays its entries (oldest lots first,
 * src/passbook/expiry.ts) and writes one expire entry for the unspent points that have lapsed. The
 * entries are read outside the transaction; inside it the balance's entry count must be unchanged, so a
 * redemption in between makes this account wait for the next run instead of expiring the wrong lots.
 * In the weeks before a lapse the daily notice job tells each owner of lapsing points, once per lapse: the
 * message id is derived from the account and the lapse, so a second run (or a retried firing) adds nothing.
 */
import { Collection } from '../../src/core/collections'
import { addDays, chinaDateKey, chinaParts } from '../../src/core/time'
import { lapsedPoints, lapseToWarnAbout, pointsLapsingAt, remainingLots } from '../../src/passbook/expiry'
import type { BalanceDoc, LedgerEntryDoc } from '../../src/passbook/model'
import { EntryType, SourceType } from '../../src/passbook/vocabulary'
import { NoticeKind } from '../../src/users/notices'
import { findAll, getById, type Database } from '../_runtime/db'
import { addNotice } from '../_runtime/notices'
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

/** The notice of `userId`'s points lapsing at `lapsesAt`: one id per account and lapse. */
export function expiringNoticeId(userId: string, lapsesAt: Date): string {
  return `n:points_expiring:${userId}:${chinaDateKey(lapsesAt)}`
}

const dayText = (d: Date) => {
  const p = chinaParts(d)
  return `${p.year}年${p.month}月${p.day}日`
}

/** Tells one account about its points lapsing at `lapsesAt`; answers whether a new message was added. */
export async function warnAccount(db: Database, userId: string, lapsesAt: Date, now: Date): Promise<boolean> {
  const id = expiringNoticeId(userId, lapsesAt)
  // Already told: skip the ledger replay (the job runs daily through the window).
  if (await getById(db, Collection.notifications, id)) return false
  const points = pointsLapsingAt(await findAll<LedgerEntryDoc>(db, Collection.ledger, { userId }, MAX_ENTRIES), lapsesAt)
  if (points <= 0) return false
  // The last day to spend them, China time: the day before the lapse instant (a China midnight).
  const lastDay = dayText(addDays(lapsesAt, -1))
  return addNotice(
    db,
    {
      _id: id,
      userId,
      kind: NoticeKind.points_expiring,
      title: '积分即将到期',
      body: `你有 ${points} 积分将于 ${dayText(lapsesAt)} 零点失效，请在 ${lastDay} 前兑换。`,
      page: '/passbook/pages/catalogue/index',
      refType: 'points_expiry',
      refId: chinaDateKey(lapsesAt),
    },
    now,
  )
}

/** One page of accounts with points: each whose points lapse at the coming lapse is told once. Nothing to do outside the notice window. */
export async function warnExpiringChunk(db: Database, now: Date, cursor: string | undefined, accounts = 100): Promise<{ accounts: number; notified: number; nextCursor?: string }> {
  const lapsesAt = lapseToWarnAbout(now)
  if (!lapsesAt) return { accounts: 0, notified: 0 }
  const _ = db.command
  const size = Math.min(accounts, 100)
  const where = cursor === undefined ? { points: _.gt(0) } : { points: _.gt(0), _id: _.gt(cursor) }
  const page = await db.collection<BalanceDoc>(Collection.balances).where(where).orderBy('_id', 'asc').field({ _id: true }).limit(size).get()
  let notified = 0
  for (const b of page.data) if (await warnAccount(db, b._id, lapsesAt, now)) notified++
  const out: { accounts: number; notified: number; nextCursor?: string } = { accounts: page.data.length, notified }
  if (page.data.length === size) out.nextCursor = page.data[page.data.length - 1]._id
  return out
}
