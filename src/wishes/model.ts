/**
 * The stored shapes of micro-wishes: the wish (one document, its live claim inside it so a claim is a
 * single-document transaction) and its append-only events. The beneficiary's identity, phone and
 * photo live only here and in views for the beneficiary, staff and (the phone, with consent) the claimer;
 * the public view (src/wishes/views.ts) is built from a whitelist.
 */
import type { PhotoChecked } from '../core/media-check'
import type { WorkflowEvent } from '../core/workflow'
import type { ClaimKind, DeclineReason, ValueBand, WishCategory, WishCommand, WishFor, WishState } from './vocabulary'

export interface WishClaim {
  kind: ClaimKind
  /**
   * Who claimed and acts on the claim (contact, messages, delivery): a party member, the captain for a
   * team claim, the enterprise's contact person for a company claim. Credited with points, except for
   * a company claim (see `creditedClaimer` in ./machine.ts).
   */
  claimerId: string
  teamId?: string
  teamName?: string
  /** Company claims: the registry record (一企一档) and its name, copied for views (a public registry fact). */
  enterpriseId?: string
  enterpriseName?: string
  /** Team claims: how many members take part (quota); members are `participants`, the claimer first. */
  parts: number
  participants: string[]
  claimedAt: Date
  /** Contact must be marked by then or the claim lapses. */
  contactBy: Date
  contactedAt?: Date
}

export interface WishDoc extends PhotoChecked {
  _id: string
  idempotencyKey: string
  beneficiaryId: string
  forWhom: WishFor
  categoryId: WishCategory
  title: string
  description: string
  /** Private: shown to the beneficiary, the screening staff and the claimer; never on the wall. */
  photo?: string
  valueBand: ValueBand
  district: string
  /** Street id (streets collection): the scope of the staff who screen it. */
  street: string
  streetName: string
  /** Community name as the beneficiary wrote it (content-checked, public). */
  community: string
  /** Private. Revealed to the claimer only while `phoneConsent` is true. */
  phone?: string
  phoneConsent: boolean
  state: WishState
  version: number
  /** Lapsed claims so far: a returned wish sorts first on the longest-waiting wall. */
  priority: number
  /** When it first went up on the wall (kept across lapses: waiting time counts from here). */
  publishedAt?: Date
  screening?: { ok: boolean; reason?: DeclineReason; note?: string; by: string; at: Date }
  claim?: WishClaim
  delivery?: { photo: string; note?: string; at: Date }
  fulfilledAt?: Date
  autoConfirmed?: boolean
  thanks?: { text: string; public: boolean; at: Date }
  staleFlagged?: boolean
  pointsCredited?: number
  createdAt: Date
  updatedAt: Date
}

export type WishEventKind = WishCommand | 'post'
export type WishEventDoc = WorkflowEvent<WishState, WishEventKind>
