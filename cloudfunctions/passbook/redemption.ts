/**
 * Redeem, fulfil (核销), cancel and expire. Each is one transaction over single documents: the reward
 * (stock, pending, fulfilled), the account's balance and its ledger entry, and the redemption. Points
 * and stock move together or not at all; cancel and expiry give them back with a reverse entry that
 * points at the redeem entry, never by editing it. Redemption ids derive from (user, client key), so a
 * retried redeem returns the first result.
 */
import { randomInt } from 'node:crypto'
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { addHours, chinaParts, formatHhMm } from '../../src/core/time'
import type { RedemptionDoc, RewardDoc } from '../../src/passbook/model'
import { decideFulfil, type ClosedPickup } from '../../src/passbook/fulfilment'
import { generatePickupCode } from '../../src/passbook/pickup-code'
import { currentUse, isPickupExpired, limitRefusal, releaseUse, rewardUnavailable, takeUse } from '../../src/passbook/rules'
import { EntryType, RedemptionState, SourceType, redemptionStateLabel } from '../../src/passbook/vocabulary'
import { NoticeKind } from '../../src/users/notices'
import { isDuplicateKeyError, txGet, type Database } from '../_runtime/db'
import { noticeData } from '../_runtime/notices'
import { runInTransaction } from '../_runtime/transactions'
import { redeemEntryId, redemptionId, reverseEntryId } from './ids'
import { appendEntry, asRetryable, readBalance } from './ledger'

const random = () => randomInt(0, 2 ** 47) / 2 ** 47

function strip<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _omit, ...rest } = doc
  return rest
}


export interface RedeemOutcome {
  redemption: RedemptionDoc
  duplicate: boolean
}

/** The message that says the item waits at the station, with its code and deadline in China time. */
function pickupNotice(r: RedemptionDoc, now: Date) {
  const until = chinaParts(r.expiresAt)
  const deadline = `${until.month}月${until.day}日 ${formatHhMm(until.minuteOfDay)}`
  return noticeData(
    { _id: `n:redeem:${r._id}`, userId: r.userId, kind: NoticeKind.pickup_ready, title: '兑换成功，请到驿站领取', body: `${r.rewardName}：取货码 ${r.pickupCode}，请在 ${deadline} 前到指定驿站出示领取。`, page: `/passbook/pages/redemption/index?id=${r._id}`, refType: 'redemption', refId: r._id },
    now,
  )
}

export async function redeem(db: Database, input: { userId: string; rewardId: string; idempotencyKey: string; now: Date }): Promise<RedeemOutcome> {
  const { userId, rewardId, now } = input
  const id = redemptionId(userId, input.idempotencyKey)
  for (let attempt = 0; ; attempt++) {
    try {
      return await runInTransaction(db, async (t): Promise<RedeemOutcome> => {
        const existing = await txGet<RedemptionDoc>(t, Collection.redemptions, id)
        if (existing) {
          if (existing.rewardId !== rewardId) throw new AppError('CONFLICT', '同一次兑换请求的礼品不一致，请刷新后重试', 'idempotencyKey')
          return { redemption: existing, duplicate: true }
        }
        const reward = await txGet<RewardDoc>(t, Collection.rewards, rewardId)
        if (!reward) throw new AppError('NOT_FOUND', '没有找到该礼品，可能已下架', 'rewardId')
        const why = rewardUnavailable(reward, now)
        if (why) throw new AppError('OUT_OF_RANGE', why, 'rewardId')
        if (reward.stock <= 0) throw new AppError('OUT_OF_STOCK')
        const balance = await readBalance(t, userId, now)
        const use = currentUse(balance.rewardUse?.[rewardId], now)
        const refusal = limitRefusal(reward, use)
        if (refusal) throw new AppError('OUT_OF_RANGE', refusal, 'rewardId')
        if (balance.points < reward.cost) throw new AppError('INSUFFICIENT_POINTS', `积分不足：兑换需要 ${reward.cost} 分，您现有 ${balance.points} 分`)
        const entry = await appendEntry(
          t,
          balance,
          {
            _id: redeemEntryId(id),
            delta: -reward.cost,
            type: EntryType.redeem,
            reason: `兑换：${reward.name}`,
            source: { type: SourceType.redemption, id },
            actorId: userId,
            idempotencyKey: `redeem:${id}`,
            params: { rewardId },
            createdAt: now,
          },
          { rewardUse: { ...(balance.rewardUse ?? {}), [rewardId]: takeUse(use) } },
        )
        await t.collection(Collection.rewards).doc(rewardId).set({ data: strip({ ...reward, stock: reward.stock - 1, pending: reward.pending + 1, updatedAt: now }) })
        const redemption: RedemptionDoc = {
          _id: id,
          userId,
          rewardId,
          rewardName: reward.name,
          cost: reward.cost,
          state: RedemptionState.pending,
          pickupCode: generatePickupCode(random),
          pickupStationIds: reward.pickupStationIds,
          idempotencyKey: `redeem:${id}`,
          entryId: entry._id,
          expiresAt: addHours(now, reward.pickupHours),
          createdAt: now,
          updatedAt: now,
        }
        await t.collection(Collection.redemptions).doc(id).set({ data: strip(redemption) })
        await t.collection(Collection.notifications).doc(`n:redeem:${id}`).set({ data: pickupNotice(redemption, now) })
        return { redemption, duplicate: false }
      })
    } catch (err) {
      // A pickup-code collision with an older redemption fails the commit on the unique index: draw again.
      if (isDuplicateKeyError(err) && attempt < 3) continue
      return asRetryable(err)
    }
  }
}

export type CloseState = typeof RedemptionState.cancelled | typeof RedemptionState.expired

/**
 * Cancels (by its owner) or expires (by the sweep) a pending redemption: reverse entry, stock back,
 * the user's limit slot back. Repeating the same close returns the closed redemption.
 */
export async function closeRedemption(db: Database, input: { id: string; to: CloseState; actorId: string; ownerId?: string; now: Date }): Promise<RedemptionDoc> {
  const { id, to, now } = input
  try {
    return await runInTransaction(db, async (t) => {
      const r = await txGet<RedemptionDoc>(t, Collection.redemptions, id)
      if (!r || (input.ownerId !== undefined && r.userId !== input.ownerId)) throw new AppError('NOT_FOUND', '没有找到该兑换记录')
      if (r.state === to) return r
      if (r.state !== RedemptionState.pending) throw new AppError('CONFLICT', `该兑换${redemptionStateLabel[r.state]}，不能再${to === 'cancelled' ? '取消' : '作废'}`)
      if (to === RedemptionState.expired && !isPickupExpired(r.expiresAt, now)) throw new AppError('CONFLICT', '该兑换尚未过期')
      const reward = await txGet<RewardDoc>(t, Collection.rewards, r.rewardId)
      if (!reward) throw new Error(`reward ${r.rewardId} of redemption ${id} is missing`)
      const balance = await readBalance(t, r.userId, now)
      await appendEntry(
        t,
        balance,
        {
          _id: reverseEntryId(id),
          delta: r.cost,
          type: EntryType.reverse,
          reverses: r.entryId,
          reason: `${to === RedemptionState.cancelled ? '取消兑换' : '逾期未领'}，退回积分：${r.rewardName}`,
          source: { type: SourceType.redemption, id },
          actorId: input.actorId,
          idempotencyKey: `reverse:${id}`,
          createdAt: now,
        },
        { rewardUse: { ...(balance.rewardUse ?? {}), [r.rewardId]: releaseUse(balance.rewardUse?.[r.rewardId], new Date(r.createdAt), now) } },
      )
      await t.collection(Collection.rewards).doc(r.rewardId).set({ data: strip({ ...reward, stock: reward.stock + 1, pending: reward.pending - 1, updatedAt: now }) })
      const closed: RedemptionDoc = { ...r, state: to, closedAt: now, updatedAt: now }
      await t.collection(Collection.redemptions).doc(id).set({ data: strip(closed) })
      return closed
    })
  } catch (err) {
    return asRetryable(err)
  }
}

/** Thrown inside the fulfil transaction when the code was already used, cancelled or expired. */
export class PickupClosedError extends Error {
  constructor(readonly closed: ClosedPickup) {
    super(`pickup ${closed.state}`)
  }
}

/**
 * Fulfils the pending redemption with this pickup code at `stationId`. The caller has already checked
 * that `stationId` is one of the manager's stations; here the redemption must allow that station. The
 * same scan retried (same key) answers the first result; any other scan of a closed code throws
 * PickupClosedError (see src/passbook/fulfilment.ts).
 */
export async function fulfil(db: Database, input: { code: string; stationId: string; actorId: string; idempotencyKey: string; now: Date }): Promise<RedemptionDoc> {
  const { code, stationId, now } = input
  const found = await db.collection<RedemptionDoc>(Collection.redemptions).where({ pickupCode: code }).field({ _id: true }).limit(1).get()
  if (found.data.length === 0) throw new AppError('NOT_FOUND', '没有找到该取货码，请核对后重新输入', 'code')
  const id = found.data[0]._id
  try {
    return await runInTransaction(db, async (t) => {
      const r = await txGet<RedemptionDoc>(t, Collection.redemptions, id)
      if (!r) throw new AppError('NOT_FOUND', '没有找到该取货码，请核对后重新输入', 'code')
      const decision = decideFulfil(r, input.idempotencyKey, now)
      if (decision.kind === 'replay') return r
      if (decision.kind === 'closed') throw new PickupClosedError(decision.closed)
      if (!r.pickupStationIds.includes(stationId)) throw new AppError('FORBIDDEN', '该礼品不在本站领取，请引导对方到兑换页面列出的站点')
      const reward = await txGet<RewardDoc>(t, Collection.rewards, r.rewardId)
      if (!reward) throw new Error(`reward ${r.rewardId} of redemption ${id} is missing`)
      await t.collection(Collection.rewards).doc(r.rewardId).set({ data: strip({ ...reward, pending: reward.pending - 1, fulfilled: reward.fulfilled + 1, updatedAt: now }) })
      const done: RedemptionDoc = { ...r, state: RedemptionState.fulfilled, fulfilledAt: now, fulfilledBy: input.actorId, fulfilledStationId: stationId, fulfilKey: input.idempotencyKey, updatedAt: now }
      await t.collection(Collection.redemptions).doc(id).set({ data: strip(done) })
      return done
    })
  } catch (err) {
    if (err instanceof PickupClosedError) throw err
    return asRetryable(err)
  }
}

/** Expires pending redemptions whose pickup window has passed; each in its own transaction. */
export async function expireDue(db: Database, now: Date, limit = 100): Promise<number> {
  const due = await db
    .collection<RedemptionDoc>(Collection.redemptions)
    .where({ state: RedemptionState.pending, expiresAt: db.command.lte(now) })
    .orderBy('expiresAt', 'asc')
    .field({ _id: true })
    .limit(limit)
    .get()
  let expired = 0
  for (const { _id } of due.data) {
    try {
      const r = await closeRedemption(db, { id: _id, to: RedemptionState.expired, actorId: 'system', now })
      if (r.state === RedemptionState.expired) expired++
    } catch (err) {
      // Fulfilled or cancelled meanwhile: nothing to expire. Anything else waits for the next sweep.
      if (!(err instanceof AppError)) throw err
    }
  }
  return expired
}
