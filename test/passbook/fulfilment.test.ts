/** The fulfil decision and its warnings: one hand-out per code; the same scan replays; China time in the words. */
import { closedPickupMessage, decideFulfil, type FulfilTarget } from '../../src/passbook/fulfilment'

const now = new Date('2025-06-02T02:00:00Z')
const pending: FulfilTarget = { state: 'pending', expiresAt: new Date('2025-06-03T02:00:00Z') }
const fulfilled: FulfilTarget = { state: 'fulfilled', expiresAt: pending.expiresAt, fulfilledAt: new Date('2025-06-02T02:05:00Z'), fulfilledBy: 'u-m', fulfilledStationId: 'st-1', fulfilKey: 'scan-key-1' }

test('pending and in time: fulfil', () => {
  expect(decideFulfil(pending, 'k-00000001', now)).toEqual({ kind: 'fulfil' })
})

test('fulfilled: the same scan replays; any other scan is closed, with where, when and who', () => {
  expect(decideFulfil(fulfilled, 'scan-key-1', now)).toEqual({ kind: 'replay' })
  expect(decideFulfil(fulfilled, 'scan-key-2', now)).toEqual({ kind: 'closed', closed: { state: 'fulfilled', at: fulfilled.fulfilledAt, stationId: 'st-1', by: 'u-m' } })
  // A fulfilled code without a recorded key (before keys existed) is never replayed.
  expect(decideFulfil({ ...fulfilled, fulfilKey: undefined }, 'scan-key-1', now).kind).toBe('closed')
})

test('cancelled, expired, and pending past its window are all closed', () => {
  const closedAt = new Date('2025-06-01T12:00:00Z')
  expect(decideFulfil({ ...pending, state: 'cancelled', closedAt }, 'k', now)).toEqual({ kind: 'closed', closed: { state: 'cancelled', at: closedAt } })
  expect(decideFulfil({ ...pending, state: 'expired', closedAt }, 'k', now)).toEqual({ kind: 'closed', closed: { state: 'expired', at: closedAt } })
  expect(decideFulfil({ ...pending, expiresAt: now }, 'k', now)).toEqual({ kind: 'closed', closed: { state: 'expired', at: now } })
})

test('the warnings say what happened in China time and never sound like a success', () => {
  const used = closedPickupMessage({ state: 'fulfilled', at: fulfilled.fulfilledAt, stationId: 'st-1', by: 'u-m' }, { station: '娄葑驿站', by: '刘姐' })
  expect(used).toBe('这个取货码已于 6月2日 10:05 在「娄葑驿站」由 刘姐 核销，礼品已经发出，请勿再次发放')
  expect(closedPickupMessage({ state: 'cancelled', at: new Date('2025-06-01T16:30:00Z') })).toBe('这个兑换已于 6月2日 00:30 被兑换人取消，积分已退回，请勿发放')
  expect(closedPickupMessage({ state: 'expired' })).toBe('这个取货码已过期，积分会退回兑换人，请勿发放；如需领取请对方重新兑换')
  for (const m of [used, closedPickupMessage({ state: 'expired' })]) expect(m).not.toMatch(/成功/)
})
