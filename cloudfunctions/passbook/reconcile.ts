/**
 * Reconciliation: proves, account by account, balance.points = Σ entries.delta ≥ 0 and balance.entries
 * = count(entries), and per reward stock = stockInitial − fulfilled − pending with pending/fulfilled equal
 * to the counts of its redemptions. Pages through accounts in `_id` order with a cursor so one call stays
 * bounded; the last page also checks that no entry belongs to an account without a balance. Mismatches are
 * reported and written to the audit log — never fixed here: a wrong balance needs a person to look.
 */
import { Collection } from '../../src/core/collections'
import type { Mismatch, ReconcileResult } from '../../src/passbook/contract'
import type { BalanceDoc, RewardDoc } from '../../src/passbook/model'
import { PassbookAudit } from '../../src/passbook/vocabulary'
import { writeAudit } from '../_runtime/audit'
import { findAll, type Database } from '../_runtime/db'

const PAGE = 100

interface Group {
  _id: string | null
  sum: number
  n: number
}

async function sumsByUser(db: Database, userIds: string[]): Promise<Map<string, Group>> {
  const $ = db.command.aggregate
  const res = await db
    .collection(Collection.ledger)
    .aggregate()
    .match({ userId: db.command.in(userIds) })
    .group({ _id: '$userId', sum: $.sum('$delta'), n: $.sum(1) })
    .limit(userIds.length + 1)
    .end()
  return new Map((res.list as Group[]).map((g) => [String(g._id), g]))
}

async function totals(db: Database, collection: string, field: string, countField?: string): Promise<{ sum: number; n: number }> {
  const $ = db.command.aggregate
  const res = await db
    .collection(collection)
    .aggregate()
    .group({ _id: null, sum: $.sum(`$${field}`), n: countField ? $.sum(`$${countField}`) : $.sum(1) })
    .end()
  const g = (res.list as Group[])[0]
  return { sum: g?.sum ?? 0, n: g?.n ?? 0 }
}

async function checkRewards(db: Database): Promise<{ checked: number; mismatches: Mismatch[] }> {
  const $ = db.command.aggregate
  const rewards = await findAll<RewardDoc>(db, Collection.rewards, {}, 5000)
  const res = await db
    .collection(Collection.redemptions)
    .aggregate()
    .match({ state: db.command.in(['pending', 'fulfilled']) })
    .group({ _id: { rewardId: '$rewardId', state: '$state' }, n: $.sum(1) })
    .limit(20_000)
    .end()
  const counts = new Map<string, number>()
  for (const g of res.list as Array<{ _id: { rewardId: string; state: string }; n: number }>) counts.set(`${g._id.rewardId}:${g._id.state}`, g.n)
  const out: Mismatch[] = []
  for (const r of rewards) {
    const pending = counts.get(`${r._id}:pending`) ?? 0
    const fulfilled = counts.get(`${r._id}:fulfilled`) ?? 0
    const expected = r.stockInitial - fulfilled - pending
    if (r.stock !== expected || r.stock < 0) out.push({ kind: 'stock', id: r._id, expected, actual: r.stock, detail: `库存 ${r.stock}，应为 初始 ${r.stockInitial} − 已领 ${fulfilled} − 待领 ${pending}` })
    if (r.pending !== pending) out.push({ kind: 'stock', id: r._id, expected: pending, actual: r.pending, detail: '待领取计数与兑换记录不符' })
    if (r.fulfilled !== fulfilled) out.push({ kind: 'stock', id: r._id, expected: fulfilled, actual: r.fulfilled, detail: '已领取计数与兑换记录不符' })
  }
  return { checked: rewards.length, mismatches: out }
}

export async function reconcileChunk(db: Database, options: { cursor?: string; accounts?: number; actorId: string; now: Date; audit?: boolean }): Promise<ReconcileResult> {
  const budget = options.accounts ?? 2000
  const mismatches: Mismatch[] = []
  let cursor = options.cursor
  let checked = 0
  let done = false
  let rewardsChecked = 0
  if (cursor === undefined) {
    const r = await checkRewards(db)
    rewardsChecked = r.checked
    mismatches.push(...r.mismatches)
  }
  while (checked < budget) {
    const where = cursor === undefined ? {} : { _id: db.command.gt(cursor) }
    const want = Math.min(PAGE, budget - checked)
    const page = await db.collection<BalanceDoc>(Collection.balances).where(where).orderBy('_id', 'asc').field({ _id: true, points: true, entries: true }).limit(want).get()
    if (page.data.length === 0) {
      done = true
      break
    }
    const sums = await sumsByUser(db, page.data.map((b) => b._id))
    for (const b of page.data) {
      const g = sums.get(b._id) ?? { _id: b._id, sum: 0, n: 0 }
      if (g.sum !== b.points) mismatches.push({ kind: 'balance', id: b._id, expected: g.sum, actual: b.points, detail: `余额 ${b.points}，明细合计 ${g.sum}` })
      if (g.n !== b.entries) mismatches.push({ kind: 'entries', id: b._id, expected: g.n, actual: b.entries, detail: `记录数 ${b.entries}，明细 ${g.n} 条` })
      if (b.points < 0) mismatches.push({ kind: 'negative', id: b._id, expected: 0, actual: b.points, detail: '余额为负' })
    }
    checked += page.data.length
    cursor = page.data[page.data.length - 1]._id
    if (page.data.length < want) {
      done = true
      break
    }
  }
  if (done) {
    // Entries whose account has no balance document would escape the per-account check: compare totals.
    const [ledger, balances] = await Promise.all([totals(db, Collection.ledger, 'delta'), totals(db, Collection.balances, 'points', 'entries')])
    if (ledger.sum !== balances.sum || ledger.n !== balances.n) {
      mismatches.push({ kind: 'orphan', id: '*', expected: ledger.sum, actual: balances.sum, detail: `全部明细 ${ledger.n} 条合计 ${ledger.sum}；全部余额合计 ${balances.sum}，记录数 ${balances.n}` })
    }
  }
  if (options.audit !== false) {
    for (const m of mismatches.slice(0, 100)) {
      await writeAudit(db, { action: PassbookAudit.mismatch, actorId: options.actorId, targetKind: m.kind === 'stock' ? 'reward' : 'account', targetId: m.id, before: m.expected, after: m.actual, reason: m.detail, origin: 'passbook.reconcile' }, options.now)
    }
  }
  const result: ReconcileResult = { accountsChecked: checked, rewardsChecked, mismatches, done }
  if (!done && cursor !== undefined) result.nextCursor = cursor
  return result
}

/** A whole pass, chunk after chunk (the timer job and the benchmark). */
export async function reconcileAll(db: Database, actorId: string, now: Date, chunk = 2000): Promise<ReconcileResult> {
  const all: ReconcileResult = { accountsChecked: 0, rewardsChecked: 0, mismatches: [], done: false }
  let cursor: string | undefined
  for (;;) {
    const r = await reconcileChunk(db, { cursor, accounts: chunk, actorId, now })
    all.accountsChecked += r.accountsChecked
    all.rewardsChecked += r.rewardsChecked
    all.mismatches.push(...r.mismatches)
    if (r.done || !r.nextCursor) break
    cursor = r.nextCursor
  }
  all.done = true
  return all
}
