/**
 * Handing out a redeemed item (核销) without ever handing it out twice. A scan carries an idempotency
 * key: the same scan sent again (a retry after a dropped answer) gets the original success; any other
 * scan of a code that is already fulfilled, cancelled or expired gets a warning that says when, where
 * and by whom, so the screen can never show a second 核销成功. Pure: the function supplies the names.
 */
import { chinaParts, formatHhMm } from '../core/time'
import { isPickupExpired } from './rules'
import { RedemptionState } from './vocabulary'

export interface FulfilTarget {
  state: RedemptionState
  expiresAt: Date
  fulfilledAt?: Date
  fulfilledBy?: string
  fulfilledStationId?: string
  fulfilKey?: string
  closedAt?: Date
}

export interface ClosedPickup {
  state: typeof RedemptionState.fulfilled | typeof RedemptionState.cancelled | typeof RedemptionState.expired
  at?: Date
  stationId?: string
  by?: string
}

export type FulfilDecision = { kind: 'fulfil' } | { kind: 'replay' } | { kind: 'closed'; closed: ClosedPickup }

export function decideFulfil(r: FulfilTarget, key: string, now: Date): FulfilDecision {
  if (r.state === RedemptionState.fulfilled) {
    return r.fulfilKey === key ? { kind: 'replay' } : { kind: 'closed', closed: { state: r.state, at: r.fulfilledAt, stationId: r.fulfilledStationId, by: r.fulfilledBy } }
  }
  if (r.state === RedemptionState.cancelled || r.state === RedemptionState.expired) return { kind: 'closed', closed: { state: r.state, at: r.closedAt } }
  // Past its pickup window but not yet swept: as good as expired.
  if (isPickupExpired(r.expiresAt, now)) return { kind: 'closed', closed: { state: RedemptionState.expired, at: r.expiresAt } }
  return { kind: 'fulfil' }
}

function when(at: Date | undefined): string {
  if (!at) return ''
  const p = chinaParts(at)
  return `于 ${p.month}月${p.day}日 ${formatHhMm(p.minuteOfDay)} `
}

/** The warning a station manager reads instead of a success. */
export function closedPickupMessage(c: ClosedPickup, names: { station?: string; by?: string } = {}): string {
  switch (c.state) {
    case RedemptionState.fulfilled:
      return `这个取货码已${when(c.at)}在「${names.station ?? '其他站点'}」由 ${names.by ?? '其他管理员'} 核销，礼品已经发出，请勿再次发放`
    case RedemptionState.cancelled:
      return `这个兑换已${when(c.at)}被兑换人取消，积分已退回，请勿发放`
    case RedemptionState.expired:
      return `这个取货码已${when(c.at)}过期，积分会退回兑换人，请勿发放；如需领取请对方重新兑换`
  }
}
