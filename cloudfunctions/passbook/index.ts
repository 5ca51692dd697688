/**
 * `passbook` function: a worker's balance, entries and redemptions; redeem and cancel; the station
 * manager's fulfilment; the admin's rules, catalogue, adjustments and reconciliation; and the periodic
 * jobs (expire redemptions, reconcile, expire points) that its one timer trigger runs when due (./scheduled.ts). Earning happens only
 * through ./credit.ts (imported by other functions, or the internal `credit` action).
 */
import QRCode from 'qrcode'
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { Role } from '../../src/core/roles'
import { passbookContract, type EntryPage, type RedemptionDetail } from '../../src/passbook/contract'
import { expiringSoon } from '../../src/passbook/expiry'
import { closedPickupMessage } from '../../src/passbook/fulfilment'
import { PASSBOOK_TRIGGER } from '../../src/passbook/schedule'
import type { BalanceDoc, LedgerEntryDoc, PointRuleDoc, RedemptionDoc, RewardDoc } from '../../src/passbook/model'
import { isValidPickupCode, normalizePickupInput, pickupQrText } from '../../src/passbook/pickup-code'
import { creditableKinds, pointRuleKindLabel, RedemptionState } from '../../src/passbook/vocabulary'
import type { UserDoc } from '../../src/users/model'
import { requireCleanTexts } from '../_runtime/content'
import { findAll, getById, type Database } from '../_runtime/db'
import { tempFileUrls } from '../_runtime/files'
import { requestMediaChecks } from '../_runtime/media-check'
import { createHandler } from '../_runtime/router'
import { addStock, adjust, saveReward, saveRule } from './admin'
import { creditPoints } from './credit'
import { expirePointsChunk } from './expire-points'
import { reconcileChunk } from './reconcile'
import { closeRedemption, expireDue, fulfil, PickupClosedError, redeem } from './redemption'
import { runScheduled } from './scheduled'
import { adminRewardView, cataloguePhoto, entryView, redemptionView, rewardView, ruleView, stationRefs } from './views'

/**
 * A page of entries in (createdAt desc, _id desc) order, starting strictly after the cursor entry. Entries
 * written in the same millisecond are told apart by id, so paging never skips or repeats one. Two indexed
 * reads (the cursor's own millisecond, then older ones) rather than one $or, which no index serves.
 */
async function entriesPage(db: Database, userId: string, cursor: { before?: string; beforeId?: string }, limit = 20): Promise<EntryPage> {
  const _ = db.command
  const ledger = db.collection<LedgerEntryDoc>(Collection.ledger)
  const want = limit + 1
  let rows: LedgerEntryDoc[] = []
  if (cursor.before && cursor.beforeId) {
    const at = new Date(cursor.before)
    rows = (await ledger.where({ userId, createdAt: at, _id: _.lt(cursor.beforeId) }).orderBy('_id', 'desc').limit(want).get()).data
  }
  if (rows.length < want) {
    const where = cursor.before ? { userId, createdAt: _.lt(new Date(cursor.before)) } : { userId }
    rows = rows.concat((await ledger.where(where).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(want - rows.length).get()).data)
  }
  return { items: rows.slice(0, limit).map(entryView), hasMore: rows.length > limit }
}

async function ownRedemption(db: Database, id: string, userId: string): Promise<RedemptionDoc> {
  const r = await getById<RedemptionDoc>(db, Collection.redemptions, id)
  // Someone else's redemption is answered exactly like a missing one: ids reveal nothing.
  if (!r || r.userId !== userId) throw new AppError('NOT_FOUND', '没有找到该兑换记录')
  return r
}

async function activeRewards(db: Database, all: boolean): Promise<RewardDoc[]> {
  return findAll<RewardDoc>(db, Collection.rewards, all ? {} : { active: true }, 500)
}

export const main = createHandler(
  passbookContract,
  {
    summary: {
      roles: 'any',
      handler: async (_input, ctx) => {
        // The recent page needs nothing from the balance: one round trip less.
        const [balance, recent] = await Promise.all([getById<BalanceDoc>(ctx.db, Collection.balances, ctx.userId), entriesPage(ctx.db, ctx.userId, {}, 10)])
        // Expiry needs the account's lots; accounts are small (hundreds of entries a year), and bounded here.
        const entries = balance && balance.points > 0 ? await findAll<LedgerEntryDoc>(ctx.db, Collection.ledger, { userId: ctx.userId }, 5000) : []
        return {
          points: balance?.points ?? 0,
          earned: balance?.earned ?? 0,
          expiringSoon: expiringSoon(entries, ctx.now).map((x) => ({ points: x.points, lapsesAt: x.lapsesAt.toISOString() })),
          recent: recent.items,
        }
      },
    },

    entries: {
      roles: 'any',
      handler: async ({ before, beforeId, limit }, ctx) => entriesPage(ctx.db, ctx.userId, { before, beforeId }, limit),
    },

    catalogue: {
      roles: 'any',
      handler: async (_input, ctx) => {
        const rewards = (await activeRewards(ctx.db, false)).sort((a, b) => a.order - b.order || a.cost - b.cost)
        const [names, photoUrls] = await Promise.all([stationRefs(ctx.db, rewards.flatMap((r) => r.pickupStationIds)), tempFileUrls(ctx, rewards.map((r) => cataloguePhoto(r) ?? ''))])
        return rewards.map((r) => {
          const view = rewardView(r, names, ctx.now)
          const url = view.photo && photoUrls.get(view.photo)
          return url ? { ...view, photoUrl: url } : view
        })
      },
    },

    redeem: {
      roles: 'any',
      handler: async ({ rewardId, idempotencyKey }, ctx) => {
        const { redemption } = await redeem(ctx.db, { userId: ctx.userId, rewardId, idempotencyKey, now: ctx.now })
        return redemptionView(redemption, await stationRefs(ctx.db, redemption.pickupStationIds), true)
      },
    },

    myRedemptions: {
      roles: 'any',
      handler: async ({ limit }, ctx) => {
        const res = await ctx.db.collection<RedemptionDoc>(Collection.redemptions).where({ userId: ctx.userId }).orderBy('createdAt', 'desc').limit(limit ?? 20).get()
        const names = await stationRefs(ctx.db, res.data.flatMap((r) => [...r.pickupStationIds, ...(r.fulfilledStationId ? [r.fulfilledStationId] : [])]))
        return res.data.map((r) => redemptionView(r, names, true))
      },
    },

    redemption: {
      roles: 'any',
      handler: async ({ id }, ctx): Promise<RedemptionDetail> => {
        const r = await ownRedemption(ctx.db, id, ctx.userId)
        const view: RedemptionDetail = redemptionView(r, await stationRefs(ctx.db, [...r.pickupStationIds, ...(r.fulfilledStationId ? [r.fulfilledStationId] : [])]), true)
        if (r.state === RedemptionState.pending) view.qr = await QRCode.toDataURL(pickupQrText(r.pickupCode), { errorCorrectionLevel: 'M', margin: 2, width: 240 })
        return view
      },
    },

    cancelRedemption: {
      roles: 'any',
      handler: async ({ id }, ctx) => {
        const r = await closeRedemption(ctx.db, { id, to: RedemptionState.cancelled, actorId: ctx.userId, ownerId: ctx.userId, now: ctx.now })
        return redemptionView(r, await stationRefs(ctx.db, r.pickupStationIds), true)
      },
    },

    fulfil: {
      roles: [Role.station_manager, Role.admin],
      handler: async ({ code, stationId, idempotencyKey }, ctx) => {
        ctx.requireScope('station', stationId, Role.station_manager)
        const digits = normalizePickupInput(code)
        if (!digits || !isValidPickupCode(digits)) throw new AppError('INVALID_ARGUMENT', '取货码有误（应为 10 位数字），请核对后重新输入', 'code')
        const r = await fulfil(ctx.db, { code: digits, stationId, actorId: ctx.userId, idempotencyKey, now: ctx.now }).catch(async (err) => {
          if (!(err instanceof PickupClosedError)) throw err
          // Who handed it out and where, so the manager can tell the person in front of them.
          const { stationId: at, by } = err.closed
          const [stations, user] = await Promise.all([at ? stationRefs(ctx.db, [at]) : undefined, by ? getById<UserDoc>(ctx.db, Collection.users, by) : undefined])
          throw new AppError('ALREADY_CLOSED', closedPickupMessage(err.closed, { station: at ? stations?.get(at)?.name : undefined, by: user?.nickname }), 'code')
        })
        const station = (await stationRefs(ctx.db, [stationId])).get(stationId) ?? { id: stationId, name: stationId }
        return { id: r._id, rewardName: r.rewardName, cost: r.cost, state: r.state, fulfilledAt: new Date(r.fulfilledAt ?? ctx.now).toISOString(), station }
      },
    },

    rules: {
      roles: [Role.admin],
      handler: async (_input, ctx) => {
        const docs = await findAll<PointRuleDoc>(ctx.db, Collection.pointRules, {}, 100)
        const byKind = new Map(docs.map((d) => [d.kind, d]))
        return creditableKinds.map((kind) => (byKind.has(kind) ? ruleView(byKind.get(kind)!) : { kind, label: pointRuleKindLabel[kind], pointsPerUnit: 0, dailyCap: 0, monthlyCap: 0, active: false }))
      },
    },

    saveRule: {
      roles: [Role.admin],
      handler: async (input, ctx) => {
        await requireCleanTexts(ctx, [{ text: input.label, field: 'label', scene: 1, message: '规则名称里有不适宜的内容，所有人都会在积分规则和存折记录里看到它，请修改后再保存' }])
        return ruleView(await saveRule(ctx.db, input, ctx.userId, ctx.now))
      },
    },

    adminRewards: {
      roles: [Role.admin],
      handler: async (_input, ctx) => {
        const rewards = (await activeRewards(ctx.db, true)).sort((a, b) => a.order - b.order)
        const names = await stationRefs(ctx.db, rewards.flatMap((r) => r.pickupStationIds))
        return rewards.map((r) => adminRewardView(r, names, ctx.now))
      },
    },

    saveReward: {
      roles: [Role.admin],
      handler: async (input, ctx) => {
        await requireCleanTexts(ctx, [
          { text: input.name, field: 'name', scene: 1, message: '礼品名称里有不适宜的内容，所有人都会在礼品目录里看到它，请修改后再保存' },
          { text: input.description, field: 'description', scene: 1, message: '礼品介绍里有不适宜的内容，所有人都会在礼品目录里看到它，请修改后再保存' },
        ])
        const r = await saveReward(ctx.db, input, ctx.userId, ctx.now)
        if (r.photo && !r.passedPhotos?.includes(r.photo)) await requestMediaChecks(ctx, 'passbook', { collection: Collection.rewards, docId: r._id }, [r.photo])
        return adminRewardView(r, await stationRefs(ctx.db, r.pickupStationIds), ctx.now)
      },
    },

    addStock: {
      roles: [Role.admin],
      handler: async (input, ctx) => {
        const r = await addStock(ctx.db, input, ctx.userId, ctx.now)
        return adminRewardView(r, await stationRefs(ctx.db, r.pickupStationIds), ctx.now)
      },
    },

    adjust: {
      roles: [Role.admin],
      handler: async (input, ctx) => {
        await requireCleanTexts(ctx, [{ text: input.reason, field: 'reason', scene: 2, message: '调整原因里有不适宜的内容，被调整的人会在存折记录里看到它，请修改后再提交' }])
        return adjust(ctx.db, input, ctx.userId, ctx.now)
      },
    },

    accountEntries: {
      roles: [Role.admin],
      handler: async ({ userId, before, beforeId, limit }, ctx) => entriesPage(ctx.db, userId, { before, beforeId }, limit),
    },

    reconcile: {
      roles: [Role.admin],
      handler: async ({ cursor, accounts }, ctx) => reconcileChunk(ctx.db, { cursor, accounts: accounts ?? 2000, actorId: ctx.userId, now: ctx.now }),
    },

    credit: {
      roles: 'any',
      internal: true,
      handler: async (input, ctx) => creditPoints(ctx.db, { ...input, actorId: ctx.userId, now: ctx.now }),
    },

    expireRedemptions: {
      roles: 'any',
      internal: true,
      handler: async ({ limit }, ctx) => ({ expired: await expireDue(ctx.db, ctx.now, limit) }),
    },

    expirePoints: {
      roles: 'any',
      internal: true,
      handler: async ({ cursor, accounts }, ctx) => expirePointsChunk(ctx.db, ctx.now, cursor, accounts),
    },
  },
  { name: 'passbook', timers: { [PASSBOOK_TRIGGER]: runScheduled } },
)
