/**
 * Admin writes: point rules, the rewards catalogue and stock, manual point adjustments. Each change is
 * written together with its audit entry in one transaction. Stock only grows through `addStock`
 * (stockInitial and stock together), so the reconciliation identity keeps holding.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { parseChinaDate } from '../../src/core/time'
import type { InputOf } from '../../src/core/contract'
import type { AdjustResult, PassbookContract } from '../../src/passbook/contract'
import type { PointRuleDoc, RewardDoc } from '../../src/passbook/model'
import { differingParams } from '../../src/passbook/rules'
import { EntryType, PassbookAudit, SourceType } from '../../src/passbook/vocabulary'
import { writeAudit } from '../_runtime/audit'
import { getById, txGet, type Database } from '../_runtime/db'
import { runInTransaction } from '../_runtime/transactions'
import { randomBytes } from 'node:crypto'
import { adjustEntryId, ruleId } from './ids'
import { appendEntry, asRetryable, readBalance, readEntry } from './ledger'

function strip<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _omit, ...rest } = doc
  return rest
}

export async function saveRule(db: Database, input: InputOf<PassbookContract['saveRule']>, actorId: string, now: Date): Promise<PointRuleDoc> {
  const id = ruleId(input.kind)
  const { reason, ...fields } = input
  return runInTransaction(db, async (t) => {
    const before = await txGet<PointRuleDoc>(t, Collection.pointRules, id)
    const after: PointRuleDoc = { _id: id, ...fields, updatedAt: now, updatedBy: actorId }
    await t.collection(Collection.pointRules).doc(id).set({ data: strip(after) })
    await writeAudit(t, { action: PassbookAudit.ruleSave, actorId, targetKind: 'point_rule', targetId: id, before, after: fields, reason, origin: 'passbook.saveRule' }, now)
    return after
  })
}

async function checkStations(db: Database, ids: string[]): Promise<void> {
  const res = await db.collection(Collection.stations).where({ _id: db.command.in(ids) }).field({ _id: true }).limit(100).get()
  const known = new Set(res.data.map((d: { _id: string }) => d._id))
  const missing = ids.find((id) => !known.has(id))
  if (missing) throw new AppError('NOT_FOUND', `没有找到领取站点 ${missing}`, 'pickupStationIds')
}

export async function saveReward(db: Database, input: InputOf<PassbookContract['saveReward']>, actorId: string, now: Date): Promise<RewardDoc> {
  const validFrom = input.validFrom ? parseChinaDate(input.validFrom) : undefined
  const validUntil = input.validUntil ? parseChinaDate(input.validUntil) : undefined
  if ((validFrom && Number.isNaN(validFrom.getTime())) || (validUntil && Number.isNaN(validUntil.getTime()))) throw new AppError('INVALID_ARGUMENT', '日期格式不正确', 'validFrom')
  if (validFrom && validUntil && validFrom >= validUntil) throw new AppError('INVALID_ARGUMENT', '兑换结束时间应晚于开始时间', 'validUntil')
  await checkStations(db, input.pickupStationIds)
  const id = input.id ?? `reward-${randomBytes(6).toString('hex')}`
  return runInTransaction(db, async (t) => {
    const before = await txGet<RewardDoc>(t, Collection.rewards, id)
    if (input.id && !before) throw new AppError('NOT_FOUND', '没有找到该礼品', 'id')
    const editable = {
      name: input.name,
      description: input.description,
      cost: input.cost,
      limitPerDay: input.limitPerDay,
      limitPerMonth: input.limitPerMonth,
      limitTotal: input.limitTotal,
      pickupHours: input.pickupHours,
      pickupStationIds: input.pickupStationIds,
      active: input.active,
      order: input.order ?? before?.order ?? 100,
    }
    const after: RewardDoc = before
      ? { ...before, ...editable, updatedAt: now }
      : { _id: id, ...editable, stockInitial: input.stock ?? 0, stock: input.stock ?? 0, pending: 0, fulfilled: 0, createdAt: now, updatedAt: now }
    if (input.photo) after.photo = input.photo
    if (validFrom) after.validFrom = validFrom
    else delete after.validFrom
    if (validUntil) after.validUntil = validUntil
    else delete after.validUntil
    await t.collection(Collection.rewards).doc(id).set({ data: strip(after) })
    await writeAudit(t, { action: PassbookAudit.rewardSave, actorId, targetKind: 'reward', targetId: id, before, after: editable, reason: before ? '编辑礼品' : '新增礼品', origin: 'passbook.saveReward' }, now)
    return after
  })
}

export async function addStock(db: Database, input: { rewardId: string; quantity: number; reason: string }, actorId: string, now: Date): Promise<RewardDoc> {
  try {
    return await runInTransaction(db, async (t) => {
      const r = await txGet<RewardDoc>(t, Collection.rewards, input.rewardId)
      if (!r) throw new AppError('NOT_FOUND', '没有找到该礼品', 'rewardId')
      const after = { ...r, stockInitial: r.stockInitial + input.quantity, stock: r.stock + input.quantity, updatedAt: now }
      await t.collection(Collection.rewards).doc(r._id).set({ data: strip(after) })
      await writeAudit(t, { action: PassbookAudit.rewardStock, actorId, targetKind: 'reward', targetId: r._id, before: r.stock, after: after.stock, reason: input.reason, origin: 'passbook.addStock' }, now)
      return after
    })
  } catch (err) {
    return asRetryable(err)
  }
}

/** Manual correction by an admin: an adjust entry with a mandatory reason, audited in the same transaction. */
export async function adjust(db: Database, input: { userId: string; points: number; reason: string; idempotencyKey: string }, actorId: string, now: Date): Promise<AdjustResult> {
  if (input.points === 0) throw new AppError('INVALID_ARGUMENT', '调整积分不能为 0', 'points')
  if (!(await getById(db, Collection.users, input.userId))) throw new AppError('NOT_FOUND', '没有找到该用户', 'userId')
  const entryId = adjustEntryId(`${actorId}:${input.idempotencyKey}`)
  const params = { userId: input.userId, points: input.points }
  try {
    return await runInTransaction(db, async (t): Promise<AdjustResult> => {
      const existing = await readEntry(t, entryId)
      if (existing) {
        if (differingParams(existing.params, params).length > 0) throw new AppError('CONFLICT', '同一幂等键的调整参数不一致', 'idempotencyKey')
        return { entryId, points: existing.delta, duplicate: true }
      }
      const balance = await readBalance(t, input.userId, now)
      const entry = await appendEntry(t, balance, {
        _id: entryId,
        delta: input.points,
        type: EntryType.adjust,
        kind: 'admin_adjust',
        reason: `人工调整：${input.reason}`,
        source: { type: SourceType.adjustment, id: entryId },
        actorId,
        idempotencyKey: `adjust:${entryId}`,
        params,
        createdAt: now,
      })
      await writeAudit(t, { action: PassbookAudit.adjust, actorId, targetKind: 'account', targetId: input.userId, before: balance.points, after: entry.balanceAfter, reason: input.reason, origin: 'passbook.adjust' }, now)
      return { entryId, points: entry.delta, duplicate: false }
    })
  } catch (err) {
    return asRetryable(err)
  }
}
