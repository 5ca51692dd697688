/**
 * Projections from stored documents to what pages see: ISO times, no other person's identity, pickup
 * codes only for their owner while pending, station names instead of bare ids.
 */
import { photoVisible } from '../../src/core/media-check'
import { Collection } from '../../src/core/collections'
import type { AdminRewardView, EntryView, RedemptionView, RewardView, RuleView, StationRef } from '../../src/passbook/contract'
import type { LedgerEntryDoc, PointRuleDoc, RedemptionDoc, RewardDoc } from '../../src/passbook/model'
import { rewardUnavailable } from '../../src/passbook/rules'
import type { Database } from '../_runtime/db'

const iso = (d: Date | string | undefined) => (d === undefined ? undefined : new Date(d).toISOString())

export function entryView(e: LedgerEntryDoc): EntryView {
  return { id: e._id, delta: e.delta, type: e.type, reason: e.reason, capped: e.capped === true, balanceAfter: e.balanceAfter, createdAt: new Date(e.createdAt).toISOString() }
}

/** Names of the given stations, in the order asked (unknown ids keep the id as the name). */
export async function stationRefs(db: Database, ids: readonly string[]): Promise<Map<string, StationRef>> {
  const unique = [...new Set(ids)].slice(0, 100)
  const out = new Map<string, StationRef>()
  if (unique.length === 0) return out
  const res = await db.collection<{ _id: string; name: string }>(Collection.stations).where({ _id: db.command.in(unique) }).field({ _id: true, name: true }).limit(100).get()
  for (const st of res.data) out.set(st._id, { id: st._id, name: st.name })
  return out
}

const refsOf = (ids: readonly string[], names: Map<string, StationRef>) => ids.map((id) => names.get(id) ?? { id, name: id })

/** The catalogue shows a reward's picture only once WeChat's image check passed it. */
export function cataloguePhoto(r: RewardDoc): string | undefined {
  return r.photo && photoVisible(r.photo, r, { author: false, staff: false }) ? r.photo : undefined
}

export function rewardView(r: RewardDoc, names: Map<string, StationRef>, now: Date): RewardView {
  const view: RewardView = {
    id: r._id,
    name: r.name,
    description: r.description,
    cost: r.cost,
    stock: r.stock,
    limitPerDay: r.limitPerDay,
    limitPerMonth: r.limitPerMonth,
    limitTotal: r.limitTotal,
    pickupHours: r.pickupHours,
    stations: refsOf(r.pickupStationIds, names),
  }
  const photo = cataloguePhoto(r)
  if (photo) view.photo = photo
  if (r.validFrom) view.validFrom = iso(r.validFrom)
  if (r.validUntil) view.validUntil = iso(r.validUntil)
  const why = rewardUnavailable(r, now) ?? (r.stock <= 0 ? '已兑完，请选择其他礼品' : null)
  if (why) view.unavailable = why
  return view
}

export function adminRewardView(r: RewardDoc, names: Map<string, StationRef>, now: Date): AdminRewardView {
  const view: AdminRewardView = { ...rewardView(r, names, now), stockInitial: r.stockInitial, pending: r.pending, fulfilled: r.fulfilled, active: r.active, order: r.order }
  if (r.photo && !view.photo) Object.assign(view, { photo: r.photo, photoChecking: true })
  return view
}

export function redemptionView(r: RedemptionDoc, names: Map<string, StationRef>, forOwner: boolean): RedemptionView {
  const view: RedemptionView = {
    id: r._id,
    rewardId: r.rewardId,
    rewardName: r.rewardName,
    cost: r.cost,
    state: r.state,
    expiresAt: new Date(r.expiresAt).toISOString(),
    createdAt: new Date(r.createdAt).toISOString(),
    stations: refsOf(r.pickupStationIds, names),
  }
  if (forOwner && r.state === 'pending') view.pickupCode = r.pickupCode
  if (r.fulfilledAt) view.fulfilledAt = iso(r.fulfilledAt)
  if (r.fulfilledStationId) view.fulfilledStation = names.get(r.fulfilledStationId)?.name ?? r.fulfilledStationId
  return view
}

export function ruleView(r: PointRuleDoc): RuleView {
  return { kind: r.kind, label: r.label, pointsPerUnit: r.pointsPerUnit, dailyCap: r.dailyCap, monthlyCap: r.monthlyCap, active: r.active, updatedAt: iso(r.updatedAt) }
}
