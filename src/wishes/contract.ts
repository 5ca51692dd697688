/**
 * Micro-wishes (微心愿) contract: posting, the public wall and stories, the detail each person sees,
 * staff screening, claiming (party member, team with a quota, or a registered enterprise through its
 * contact person), contact through relayed in-app
 * messages, delivery with a photo receipt, confirmation and thanks. No public view carries the
 * beneficiary's identity (src/wishes/views.ts builds cards from a whitelist).
 */
import { action } from '../core/contract'
import { s } from '../core/schema'
import type { WishCard, WishDetail } from './views'
import { allClaimKinds, allDeclineReasons, allValueBands, allWishCategories, allWishStates, WishFor, wishPolicy, type WishState } from './vocabulary'

const wishId = () => s.id()
const note = () => s.optional(s.string({ max: 300 }))

export interface WishPage {
  items: WishCard[]
  hasMore: boolean
}

export interface MyWishItem extends WishCard {
  /** Staff's screening outcome, for the beneficiary's own list. */
  declinedReason?: string
}

export interface StaffWishItem extends WishCard {
  createdAt: string
  stale: boolean
  state: WishState
}

export interface StreetOption {
  id: string
  name: string
  district: string
}

export interface TeamOption {
  id: string
  name: string
}

/** An enterprise the caller is the contact of, as the registry (一企一档) names it. */
export interface EnterpriseOption {
  id: string
  name: string
}

export interface TimerResult {
  lapsed: number
  autoConfirmed: number
  flagged: number
}

export const wishesContract = {
  streets: action<StreetOption[]>()(s.object({})),
  /** Teams the caller captains (for a team claim). */
  myTeams: action<TeamOption[]>()(s.object({})),
  /** Registered enterprises the caller is the contact of (for a company claim). */
  myEnterprises: action<EnterpriseOption[]>()(s.object({})),
  post: action<{ wish: WishDetail; replayed: boolean }>()(
    s.object({
      idempotencyKey: s.idempotencyKey(),
      categoryId: s.oneOf(allWishCategories),
      title: s.string({ min: 2, max: 30 }),
      description: s.string({ min: 5, max: 300 }),
      photo: s.optional(s.fileId('wishes')),
      valueBand: s.oneOf(allValueBands),
      street: s.id(),
      community: s.string({ min: 2, max: 30 }),
      forWhom: s.oneOf(Object.values(WishFor)),
      phone: s.optional(s.string({ min: 11, max: 11, pattern: /^1\d{10}$/ })),
      phoneConsent: s.optional(s.boolean()),
    }),
  ),
  /** The public wall: screened wishes waiting for a claimer, by street and category. */
  wall: action<WishPage>()(
    s.object({
      street: s.optional(s.id()),
      categoryId: s.optional(s.oneOf(allWishCategories)),
      sort: s.optional(s.oneOf(['newest', 'waiting'] as const)),
      page: s.optional(s.page()),
    }),
  ),
  /** Fulfilled wishes whose beneficiary published a thank-you. */
  stories: action<WishPage>()(s.object({ street: s.optional(s.id()), page: s.optional(s.page()) })),
  detail: action<WishDetail>()(s.object({ wishId: wishId() })),
  mine: action<{ items: MyWishItem[] }>()(s.object({ page: s.optional(s.page()) })),
  /** Wishes the caller claimed or takes part in. */
  claimed: action<{ items: WishCard[] }>()(s.object({ page: s.optional(s.page()) })),
  /** Street staff: wishes in their streets, unscreened first. */
  queue: action<{ items: StaffWishItem[]; total: number }>()(
    s.object({ street: s.optional(s.id()), state: s.optional(s.oneOf(allWishStates)), page: s.optional(s.page()) }),
  ),
  screen: action<WishDetail>()(s.object({ wishId: wishId(), ok: s.boolean(), reason: s.optional(s.oneOf(allDeclineReasons)), note: note() })),
  withdraw: action<WishDetail>()(s.object({ wishId: wishId() })),
  /** `teamId` (and `parts`) for a team claim; `enterpriseId`, one of the caller's enterprises, for a company claim. */
  claim: action<WishDetail>()(
    s.object({
      wishId: wishId(),
      kind: s.oneOf(allClaimKinds),
      teamId: s.optional(s.id()),
      parts: s.optional(s.integer({ min: 1, max: wishPolicy.maxParts })),
      enterpriseId: s.optional(s.id()),
    }),
  ),
  join: action<WishDetail>()(s.object({ wishId: wishId() })),
  markContacted: action<WishDetail>()(s.object({ wishId: wishId(), note: note() })),
  release: action<WishDetail>()(s.object({ wishId: wishId(), note: note() })),
  deliver: action<WishDetail>()(s.object({ wishId: wishId(), photo: s.fileId('wishes'), note: note() })),
  confirm: action<WishDetail>()(s.object({ wishId: wishId(), note: note() })),
  notArrived: action<WishDetail>()(s.object({ wishId: wishId(), note: s.string({ min: 2, max: 300 }) })),
  thank: action<WishDetail>()(s.object({ wishId: wishId(), text: s.string({ min: 2, max: 200 }), public: s.boolean() })),
  setPhoneConsent: action<WishDetail>()(s.object({ wishId: wishId(), consent: s.boolean() })),
  /** A relayed in-app message between the beneficiary and the claimer's people; no numbers exchanged. */
  message: action<{ sent: number }>()(s.object({ wishId: wishId(), text: s.string({ min: 1, max: 200 }) })),
  runTimers: action<TimerResult>()(s.object({ limit: s.optional(s.integer({ min: 1, max: 500 })) })),
}
