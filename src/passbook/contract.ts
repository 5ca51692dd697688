/**
 * Passbook contract: the worker's balance, entries and redemptions; the catalogue; the station manager's
 * fulfilment (核销); the admin's rules, catalogue, manual adjustments and reconciliation. There is no
 * action through which a client names a number of points to credit itself: earning is server-side only
 * (cloudfunctions/passbook/credit.ts) and the `credit` action is internal.
 */
import { action } from '../core/contract'
import { s } from '../core/schema'
import { MAX_ENTRY_POINTS, MAX_QUANTITY } from './rules'
import { creditableKinds, type EntryType, type PointRuleKind, type RedemptionState } from './vocabulary'

export interface EntryView {
  id: string
  delta: number
  type: EntryType
  reason: string
  capped: boolean
  balanceAfter: number
  createdAt: string
}

export interface Summary {
  points: number
  earned: number
  expiringSoon: Array<{ points: number; lapsesAt: string }>
  recent: EntryView[]
}

export interface EntryPage {
  items: EntryView[]
  hasMore: boolean
}

export interface StationRef {
  id: string
  name: string
}

export interface RewardView {
  id: string
  name: string
  description: string
  photo?: string
  /** A temporary https URL of `photo`, for <Image> (H5 cannot load cloud:// ids). */
  photoUrl?: string
  cost: number
  stock: number
  limitPerDay: number
  limitPerMonth: number
  limitTotal: number
  validFrom?: string
  validUntil?: string
  pickupHours: number
  stations: StationRef[]
  /** Why it cannot be redeemed now (inactive, window, sold out), for the button's hint. */
  unavailable?: string
}

export interface RedemptionView {
  id: string
  rewardId: string
  rewardName: string
  cost: number
  state: RedemptionState
  /** Shown to its owner only while pending. */
  pickupCode?: string
  expiresAt: string
  createdAt: string
  fulfilledAt?: string
  fulfilledStation?: string
  stations: StationRef[]
}

export interface RedemptionDetail extends RedemptionView {
  /** PNG data URL of a QR holding the pickup code (pending only). */
  qr?: string
}

export interface FulfilResult {
  id: string
  rewardName: string
  cost: number
  state: RedemptionState
  fulfilledAt: string
  station: StationRef
}

export interface RuleView {
  kind: PointRuleKind
  label: string
  pointsPerUnit: number
  dailyCap: number
  monthlyCap: number
  active: boolean
  updatedAt?: string
}

export interface AdminRewardView extends RewardView {
  /** The picture waits for WeChat's image check and is not in the catalogue yet. */
  photoChecking?: boolean
  stockInitial: number
  pending: number
  fulfilled: number
  active: boolean
  order: number
}

export interface AdjustResult {
  entryId: string
  points: number
  duplicate: boolean
}

export interface Mismatch {
  kind: 'balance' | 'entries' | 'negative' | 'stock' | 'orphan'
  id: string
  expected: number
  actual: number
  detail: string
}

export interface ReconcileResult {
  accountsChecked: number
  rewardsChecked: number
  mismatches: Mismatch[]
  /** Resume point for the next call; absent when the pass is complete. */
  nextCursor?: string
  done: boolean
}

export interface CreditOutput {
  entryId: string
  points: number
  capped: boolean
  duplicate: boolean
}

const dateText = s.string({ min: 10, max: 30, pattern: /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/ })

export const rewardInput = s.object({
  id: s.optional(s.id()),
  name: s.string({ min: 1, max: 40 }),
  description: s.string({ max: 300 }),
  photo: s.optional(s.fileId()),
  cost: s.integer({ min: 1, max: MAX_ENTRY_POINTS }),
  /** Initial stock when creating; ignored on update (stock changes only through addStock). */
  stock: s.optional(s.integer({ min: 0, max: 1_000_000 })),
  limitPerDay: s.integer({ min: 0, max: 1000 }),
  limitPerMonth: s.integer({ min: 0, max: 1000 }),
  limitTotal: s.integer({ min: 0, max: 1000 }),
  validFrom: s.optional(dateText),
  validUntil: s.optional(dateText),
  pickupHours: s.integer({ min: 1, max: 24 * 90 }),
  pickupStationIds: s.array(s.id(), { min: 1, max: 100, unique: true }),
  active: s.boolean(),
  order: s.optional(s.integer({ min: 0, max: 10_000 })),
})

export const passbookContract = {
  summary: action<Summary>()(s.object({})),
  /** Newest first; the next page starts strictly after the last entry shown: `before` its time, `beforeId` its id (ties at one time go by id). */
  entries: action<EntryPage>()(s.object({ before: s.optional(dateText), beforeId: s.optional(s.id()), limit: s.optional(s.integer({ min: 1, max: 50 })) })),
  catalogue: action<RewardView[]>()(s.object({})),
  redeem: action<RedemptionView>()(s.object({ rewardId: s.id(), idempotencyKey: s.idempotencyKey() })),
  myRedemptions: action<RedemptionView[]>()(s.object({ limit: s.optional(s.integer({ min: 1, max: 50 })) })),
  redemption: action<RedemptionDetail>()(s.object({ id: s.id() })),
  cancelRedemption: action<RedemptionView>()(s.object({ id: s.id() })),
  /** Station manager: fulfil (核销) by the pickup code, typed or scanned, at one of their stations. */
  /** One scan, one key: the same scan retried answers the first result; a used, cancelled or expired code answers ALREADY_CLOSED. */
  fulfil: action<FulfilResult>()(s.object({ code: s.string({ min: 6, max: 40 }), stationId: s.id(), idempotencyKey: s.idempotencyKey() })),

  // admin
  rules: action<RuleView[]>()(s.object({})),
  saveRule: action<RuleView>()(
    s.object({
      kind: s.oneOf(creditableKinds),
      label: s.string({ min: 1, max: 30 }),
      pointsPerUnit: s.integer({ min: 0, max: 10_000 }),
      dailyCap: s.integer({ min: 0, max: MAX_ENTRY_POINTS }),
      monthlyCap: s.integer({ min: 0, max: MAX_ENTRY_POINTS }),
      active: s.boolean(),
      reason: s.string({ min: 2, max: 200 }),
    }),
  ),
  adminRewards: action<AdminRewardView[]>()(s.object({})),
  saveReward: action<AdminRewardView>()(rewardInput),
  addStock: action<AdminRewardView>()(s.object({ rewardId: s.id(), quantity: s.integer({ min: 1, max: 1_000_000 }), reason: s.string({ min: 2, max: 200 }) })),
  adjust: action<AdjustResult>()(
    s.object({ userId: s.id(), points: s.integer({ min: -MAX_ENTRY_POINTS, max: MAX_ENTRY_POINTS }), reason: s.string({ min: 4, max: 200 }), idempotencyKey: s.idempotencyKey() }),
  ),
  accountEntries: action<EntryPage>()(s.object({ userId: s.id(), before: s.optional(dateText), beforeId: s.optional(s.id()), limit: s.optional(s.integer({ min: 1, max: 50 })) })),
  reconcile: action<ReconcileResult>()(s.object({ cursor: s.optional(s.id()), accounts: s.optional(s.integer({ min: 1, max: 5000 })) })),

  // internal (other functions and timers; refused from the mini-program)
  credit: action<CreditOutput>()(
    s.object({
      userId: s.id(),
      kind: s.oneOf(creditableKinds),
      source: s.object({ type: s.string({ min: 1, max: 40 }), id: s.string({ min: 1, max: 128 }) }),
      idempotencyKey: s.string({ min: 4, max: 255 }),
      quantity: s.optional(s.number({ min: 0.01, max: MAX_QUANTITY })),
      reason: s.optional(s.string({ max: 100 })),
    }),
  ),
  expireRedemptions: action<{ expired: number }>()(s.object({ limit: s.optional(s.integer({ min: 1, max: 500 })) })),
  expirePoints: action<{ accounts: number; expiredPoints: number; nextCursor?: string }>()(s.object({ cursor: s.optional(s.id()), accounts: s.optional(s.integer({ min: 1, max: 1000 })) })),
}
export type PassbookContract = typeof passbookContract

