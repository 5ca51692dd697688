/**
 * Stored shapes of the passbook. All live in ADMINONLY collections written only by cloud functions;
 * pages see the projections in ./contract. Invariants the functions keep and reconciliation proves:
 *   balance.points = Σ ledger.delta of the account ≥ 0, balance.entries = count of its entries;
 *   reward.stock = reward.stockInitial − reward.fulfilled − reward.pending ≥ 0, with pending/fulfilled
 *   equal to the counts of the reward's redemptions in those states.
 */
import type { PhotoChecked } from '../core/media-check'
import type { EntryType, PointRuleKind, RedemptionState } from './vocabulary'

export interface SourceRef {
  type: string
  id: string
}

/** One append-only ledger entry; `_id` is derived from its idempotency key, so it can exist only once. */
export interface LedgerEntryDoc {
  _id: string
  userId: string
  /** Integer points: + earn/reverse-of-debit/positive adjust, − redeem/expire/negative adjust. */
  delta: number
  type: EntryType
  /** Rule kind for earn entries. */
  kind?: PointRuleKind
  reason: string
  source: SourceRef
  /** Flat copies of source for the `ref` index. */
  refType: string
  refId: string
  /** userId of whoever caused it, or `system` for jobs. */
  actorId: string
  idempotencyKey: string
  /** Parameters a retry with the same key must repeat exactly (Stripe semantics). */
  params?: Record<string, string | number>
  /** Earn entries limited by a daily/monthly cap (delta may be 0: recorded honestly, not dropped). */
  capped?: boolean
  /** For reverse entries: the entry this one undoes. */
  reverses?: string
  balanceAfter: number
  createdAt: Date
}

export interface CapUsage {
  day: string
  dayPoints: number
  month: string
  monthPoints: number
}

export interface RewardUse {
  day: string
  dayCount: number
  month: string
  monthCount: number
  total: number
}

/** One per account (`_id` = userId); changed only in the same transaction as its entry. */
export interface BalanceDoc {
  _id: string
  userId: string
  points: number
  /** Number of ledger entries of the account (a version: changes with every entry). */
  entries: number
  /** Lifetime points earned (earn + positive adjust). */
  earned: number
  caps?: Partial<Record<PointRuleKind, CapUsage>>
  rewardUse?: Record<string, RewardUse>
  updatedAt: Date
}

export interface PointRuleDoc {
  /** `rule-${kind}` */
  _id: string
  kind: PointRuleKind
  label: string
  /** Points per unit (per event, or per hour for volunteer_hour). */
  pointsPerUnit: number
  /** 0 = no cap. */
  dailyCap: number
  monthlyCap: number
  active: boolean
  updatedAt: Date
  updatedBy: string
}

export interface RewardDoc extends PhotoChecked {
  _id: string
  name: string
  description: string
  photo?: string
  cost: number
  /** Every unit ever put in the catalogue (initial stock plus admin additions). */
  stockInitial: number
  /** Units still available to redeem. */
  stock: number
  pending: number
  fulfilled: number
  /** 0 = no limit. */
  limitPerDay: number
  limitPerMonth: number
  limitTotal: number
  validFrom?: Date
  validUntil?: Date
  /** How long a pickup code is valid after redeeming. */
  pickupHours: number
  pickupStationIds: string[]
  active: boolean
  order: number
  createdAt: Date
  updatedAt: Date
}

export interface RedemptionDoc {
  _id: string
  userId: string
  rewardId: string
  rewardName: string
  cost: number
  state: RedemptionState
  pickupCode: string
  pickupStationIds: string[]
  idempotencyKey: string
  /** The redeem ledger entry, reversed on cancel/expiry. */
  entryId: string
  expiresAt: Date
  createdAt: Date
  updatedAt: Date
  fulfilledAt?: Date
  fulfilledBy?: string
  fulfilledStationId?: string
  /** Idempotency key of the scan that fulfilled it: the same scan retried gets the same answer. */
  fulfilKey?: string
  closedAt?: Date
}
