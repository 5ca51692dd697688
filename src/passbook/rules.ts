/**
 * Pure passbook rules: how many points an event earns under its rule and caps, per-user reward limits,
 * the reward's availability window, redemption state transitions and the idempotency parameter check.
 * No I/O: cloud functions load documents, call these, and write the results in one transaction.
 */
import { chinaDateKey } from '../core/time'
import type { CapUsage, PointRuleDoc, RewardDoc, RewardUse } from './model'
import { RedemptionState } from './vocabulary'

/** Largest points one entry may move; well inside safe integers so sums never lose precision. */
export const MAX_ENTRY_POINTS = 1_000_000
/** Largest quantity (e.g. service hours) one credit may carry. */
export const MAX_QUANTITY = 1000

export function dayKey(now: Date): string {
  return chinaDateKey(now)
}

export function monthKey(now: Date): string {
  return chinaDateKey(now).slice(0, 7)
}

/** Points before caps: per-unit points × quantity, rounded down to whole points. */
export function basePoints(rule: Pick<PointRuleDoc, 'pointsPerUnit'>, quantity: number): number {
  // The epsilon keeps 1.1 h × 10 = 11, not 10.999… → 10.
  return Math.max(0, Math.floor(rule.pointsPerUnit * quantity + 1e-9))
}

export interface CapResult {
  points: number
  capped: boolean
  usage: CapUsage
}

/**
 * Applies the rule's daily and monthly caps to `points` given what the user already earned under this
 * kind. A capped credit is granted the remainder (possibly 0) and marked capped.
 */
export function applyCaps(rule: Pick<PointRuleDoc, 'dailyCap' | 'monthlyCap'>, used: CapUsage | undefined, points: number, now: Date): CapResult {
  const day = dayKey(now)
  const month = monthKey(now)
  const dayPoints = used && used.day === day ? used.dayPoints : 0
  const monthPoints = used && used.month === month ? used.monthPoints : 0
  let granted = points
  if (rule.dailyCap > 0) granted = Math.min(granted, Math.max(0, rule.dailyCap - dayPoints))
  if (rule.monthlyCap > 0) granted = Math.min(granted, Math.max(0, rule.monthlyCap - monthPoints))
  return { points: granted, capped: granted < points, usage: { day, dayPoints: dayPoints + granted, month, monthPoints: monthPoints + granted } }
}

/** Why a reward cannot be redeemed right now (Chinese, actionable), or null when it can. */
export function rewardUnavailable(reward: Pick<RewardDoc, 'active' | 'validFrom' | 'validUntil' | 'stock'>, now: Date): string | null {
  if (!reward.active) return '该礼品已下架，请选择其他礼品'
  if (reward.validFrom && now < new Date(reward.validFrom)) return '该礼品尚未开始兑换，请留意开始时间'
  if (reward.validUntil && now >= new Date(reward.validUntil)) return '该礼品兑换已结束，请选择其他礼品'
  return null
}

/** The user's counts for this reward, rolled over to the current day/month. */
export function currentUse(use: RewardUse | undefined, now: Date): RewardUse {
  const day = dayKey(now)
  const month = monthKey(now)
  return {
    day,
    dayCount: use && use.day === day ? use.dayCount : 0,
    month,
    monthCount: use && use.month === month ? use.monthCount : 0,
    total: use?.total ?? 0,
  }
}

/** Why the per-user limit refuses one more redemption, or null. */
export function limitRefusal(reward: Pick<RewardDoc, 'limitPerDay' | 'limitPerMonth' | 'limitTotal'>, use: RewardUse): string | null {
  if (reward.limitTotal > 0 && use.total >= reward.limitTotal) return `每人限兑 ${reward.limitTotal} 次，您已兑完`
  if (reward.limitPerMonth > 0 && use.monthCount >= reward.limitPerMonth) return `每人每月限兑 ${reward.limitPerMonth} 次，请下月再来`
  if (reward.limitPerDay > 0 && use.dayCount >= reward.limitPerDay) return `每人每天限兑 ${reward.limitPerDay} 次，请明天再来`
  return null
}

export function takeUse(use: RewardUse): RewardUse {
  return { ...use, dayCount: use.dayCount + 1, monthCount: use.monthCount + 1, total: use.total + 1 }
}

/**
 * Gives a cancelled or expired redemption's slot back. Day/month counts are returned only if the
 * redemption was made in the current day/month (otherwise that period's count is already gone).
 */
export function releaseUse(use: RewardUse | undefined, redeemedAt: Date, now: Date): RewardUse {
  const cur = currentUse(use, now)
  return {
    ...cur,
    dayCount: dayKey(redeemedAt) === cur.day ? Math.max(0, cur.dayCount - 1) : cur.dayCount,
    monthCount: monthKey(redeemedAt) === cur.month ? Math.max(0, cur.monthCount - 1) : cur.monthCount,
    total: Math.max(0, cur.total - 1),
  }
}

const transitions: Record<RedemptionState, readonly RedemptionState[]> = {
  pending: [RedemptionState.fulfilled, RedemptionState.cancelled, RedemptionState.expired],
  fulfilled: [],
  cancelled: [],
  expired: [],
}

export function canTransition(from: RedemptionState, to: RedemptionState): boolean {
  return transitions[from].includes(to)
}

/** A pending redemption whose pickup window has passed counts as expired even before the sweep runs. */
export function isPickupExpired(expiresAt: Date, now: Date): boolean {
  return now.getTime() >= new Date(expiresAt).getTime()
}

/**
 * Idempotency: a retry must repeat the original parameters exactly. Returns the names of parameters
 * that differ (empty = same request).
 */
export function differingParams(stored: Record<string, string | number> | undefined, incoming: Record<string, string | number>): string[] {
  const keys = new Set([...Object.keys(stored ?? {}), ...Object.keys(incoming)])
  return [...keys].filter((k) => (stored ?? {})[k] !== incoming[k]).sort()
}
