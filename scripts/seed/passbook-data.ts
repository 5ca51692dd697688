/**
 * Passbook demo documents in the shapes the passbook function reads (src/passbook/model.ts): point
 * rules for every creditable kind, the rewards catalogue with stock counters, and each demo earner's
 * ledger rebuilt as typed entries with running balances. Credits go through the rules the way the
 * shared credit path does — the rule's points per unit, its daily and monthly caps in time order (a
 * capped credit is recorded with what still fits), the entry id and key the function would derive — so
 * a seeded balance's cap usage is what live credits continue from. Seeded redemptions become
 * fulfilled redemptions (only where the balance covered them), so stock = initial − fulfilled −
 * pending holds from the start. Deterministic.
 */
import { Collection } from '../../src/core/collections'
import type { BalanceDoc, LedgerEntryDoc, PointRuleDoc, RedemptionDoc, RewardDoc } from '../../src/passbook/model'
import { EntryType, PointRuleKind, pointRuleKindLabel, SourceType, type PointRuleKind as Kind } from '../../src/passbook/vocabulary'
import { addHours } from '../../src/core/time'
import { applyCaps, basePoints } from '../../src/passbook/rules'
import { creditEntryId } from '../../cloudfunctions/passbook/ids'
import { generatePickupCode } from '../../src/passbook/pickup-code'
import type { DemoData } from './demo-data'
import { prng } from './synthetic-stations'

interface BaseReward { _id: string; name: string; description: string; photo?: string; passedPhotos?: string[]; cost: number; stock: number; perUserLimit: number; pickupStationIds: string[]; active: boolean; order: number; createdAt: Date }
/** A demo ledger entry as demo-data.ts proposes it: a credit names its rule kind and quantity (its delta is worked out here), a redemption its debit. */
interface BaseEntry { _id: string; userId: string; delta: number; reason: string; refType: string; refId: string; idempotencyKey: string; actorId: string; createdAt: Date; kind?: Kind; quantity?: number }

const ruleSpecs: Array<[Kind, number, number, number]> = [
  // kind, points per unit, daily cap, monthly cap
  [PointRuleKind.checkin_visit, 2, 4, 60],
  [PointRuleKind.party_report, 5, 5, 20],
  [PointRuleKind.report_accepted, 20, 60, 200],
  [PointRuleKind.volunteer_hour, 10, 80, 400],
  [PointRuleKind.wish_fulfilled, 30, 60, 150],
  [PointRuleKind.service_attended, 3, 6, 30],
]

export function buildPassbookDemo(data: DemoData, now: Date): DemoData {
  const admin = 'system'
  const rules: PointRuleDoc[] = ruleSpecs.map(([kind, pointsPerUnit, dailyCap, monthlyCap]) => ({
    _id: `rule-${kind}`, kind, label: pointRuleKindLabel[kind], pointsPerUnit, dailyCap, monthlyCap, active: true, updatedAt: now, updatedBy: admin,
  }))

  const base = (data[Collection.rewards] ?? []) as unknown as BaseReward[]
  const rewards: RewardDoc[] = base.map((r) => ({
    _id: r._id, name: r.name, description: r.description, ...(r.photo ? { photo: r.photo, passedPhotos: r.passedPhotos ?? [] } : {}), cost: r.cost,
    stockInitial: r.stock, stock: r.stock, pending: 0, fulfilled: 0,
    limitPerDay: 1, limitPerMonth: r.perUserLimit, limitTotal: 0,
    pickupHours: 72, pickupStationIds: r.pickupStationIds, active: r.active, order: r.order, createdAt: r.createdAt, updatedAt: r.createdAt,
  }))
  const water = rewards[0]

  const entries = [...((data[Collection.ledger] ?? []) as unknown as BaseEntry[])].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : 1))
  const balances = new Map<string, BalanceDoc>()
  const ledger: LedgerEntryDoc[] = []
  const redemptions: RedemptionDoc[] = []
  const codeRandom = prng(5150)
  for (const e of entries) {
    const b = balances.get(e.userId) ?? { _id: e.userId, userId: e.userId, points: 0, entries: 0, earned: 0, caps: {}, rewardUse: {}, updatedAt: e.createdAt }
    const isRedeem = e.refType === 'redemption' && water
    // A redemption the balance could not cover at the time never happened.
    if (isRedeem && b.points + e.delta < 0) continue
    const redemptionId = `rd_seed_${e.refId}`
    let entry: LedgerEntryDoc = {
      _id: e._id, userId: e.userId, delta: e.delta,
      type: isRedeem ? EntryType.redeem : EntryType.earn,
      reason: e.reason,
      source: isRedeem ? { type: SourceType.redemption, id: redemptionId } : { type: e.refType, id: e.refId },
      refType: isRedeem ? SourceType.redemption : e.refType, refId: isRedeem ? redemptionId : e.refId,
      actorId: e.actorId, idempotencyKey: e.idempotencyKey, balanceAfter: b.points + e.delta, createdAt: e.createdAt,
    }
    const rule = e.kind && !isRedeem ? rules.find((r) => r.kind === e.kind) : undefined
    if (e.kind && rule) {
      // As creditInTransaction writes it (cloudfunctions/passbook/credit.ts).
      const quantity = e.quantity ?? 1
      const r = applyCaps(rule, b.caps?.[e.kind], basePoints(rule, quantity), e.createdAt)
      const note = r.capped ? (r.points > 0 ? '（已达上限，部分计入）' : '（已达上限，本次不计分）') : ''
      entry = {
        ...entry, _id: creditEntryId(e.idempotencyKey), delta: r.points, kind: e.kind, reason: `${e.reason.slice(0, 100)}${note}`,
        idempotencyKey: `credit:${e.idempotencyKey}`, params: { userId: e.userId, kind: e.kind, sourceType: e.refType, sourceId: e.refId, quantity }, capped: r.capped, balanceAfter: b.points + r.points,
      }
      b.caps = { ...b.caps, [e.kind]: r.usage }
    }
    ledger.push(entry)
    if (isRedeem) {
      water.stockInitial += 1
      water.fulfilled += 1
      redemptions.push({
        _id: redemptionId, userId: e.userId, rewardId: water._id, rewardName: water.name, cost: -e.delta, state: 'fulfilled',
        pickupCode: generatePickupCode(codeRandom), pickupStationIds: water.pickupStationIds,
        idempotencyKey: `redeem:${redemptionId}`, entryId: e._id, expiresAt: addHours(e.createdAt, 72), createdAt: e.createdAt, updatedAt: addHours(e.createdAt, 5),
        fulfilledAt: addHours(e.createdAt, 5), fulfilledBy: admin, fulfilledStationId: water.pickupStationIds[0],
      })
    }
    balances.set(e.userId, { ...b, points: b.points + entry.delta, entries: b.entries + 1, earned: b.earned + Math.max(0, entry.delta), updatedAt: e.createdAt })
  }
  return {
    [Collection.pointRules]: rules as unknown as DemoData['point_rules'],
    [Collection.rewards]: rewards as unknown as DemoData['rewards'],
    [Collection.ledger]: ledger as unknown as DemoData['ledger'],
    [Collection.balances]: [...balances.values()] as unknown as DemoData['balances'],
    [Collection.redemptions]: redemptions as unknown as DemoData['redemptions'],
  }
}
