/**
 * What each person sees of a wish. The public card is built from a whitelist — category, generic
 * icon, title, description, community, street, value band, state, days waiting, claim kind, team or
 * enterprise name (a public registry fact; never the contact person) and a public thank-you — so the
 * beneficiary's name, phone, ids and photo, and a company claimer's person, cannot leak by a new field.
 * The detail adds, per viewer: the private photo (beneficiary, screening staff, claimer), the phone
 * (claimer, only with consent), the delivery receipt, and the buttons the machine allows.
 */
import { photoVisible } from '../core/media-check'
import { claimKindsFor, hasLiveClaim, wishCommandsFor, type WishActor } from './machine'
import type { WishDoc, WishEventDoc } from './model'
import {
  claimKindLabel,
  valueBandLabel,
  wishCategoryIcon,
  wishCategoryLabel,
  wishCommandLabel,
  wishForLabel,
  wishStateLabel,
  type ClaimKind,
  type ValueBand,
  type WishCategory,
  type WishCommand,
  type WishState,
} from './vocabulary'

const DAY_MS = 86_400_000

export interface WishCard {
  id: string
  categoryId: WishCategory
  categoryLabel: string
  icon: string
  title: string
  description: string
  community: string
  streetName: string
  valueBand: ValueBand
  valueLabel: string
  forLabel: string
  state: WishState
  stateLabel: string
  /** Whole days on the wall since it was first published. */
  waitingDays: number
  /** Returned after a lapsed or released claim: shown first and marked 优先. */
  priority: boolean
  claim?: { kind: ClaimKind; label: string; teamName?: string; enterpriseName?: string; parts: number; taken: number }
  /** The beneficiary's public thank-you (only when they chose to publish it). */
  story?: string
  publishedAt?: string
}

export interface WishHistoryItem {
  kind: string
  label: string
  at: string
}

export interface WishDetail extends WishCard {
  /** The viewer's relation to the wish: what the page shows and which buttons it offers. */
  viewer: { mine: boolean; claimer: boolean; participant: boolean; staff: boolean }
  commands: WishCommand[]
  /** The kinds of claim this viewer may make, when `commands` offers claim (which claim buttons show). */
  claimKinds: ClaimKind[]
  photoUrl?: string
  /** The wish has a photo this viewer will see once WeChat's image check passes it. */
  photoChecking?: boolean
  /** Only to the claimer, and only while the beneficiary consents. */
  phone?: string
  phoneConsent?: boolean
  contactBy?: string
  /** The receipt photo shows the beneficiary only once WeChat's image check passes it (`photoChecking` till then). */
  delivery?: { photoUrl?: string; photoChecking?: boolean; note?: string; at: string }
  screening?: { ok: boolean; reason?: string; note?: string }
  thanks?: { text: string; public: boolean }
  history: WishHistoryItem[]
}

export function cardOf(w: WishDoc, now: Date): WishCard {
  const card: WishCard = {
    id: w._id,
    categoryId: w.categoryId,
    categoryLabel: wishCategoryLabel[w.categoryId],
    icon: wishCategoryIcon[w.categoryId],
    title: w.title,
    description: w.description,
    community: w.community,
    streetName: w.streetName,
    valueBand: w.valueBand,
    valueLabel: valueBandLabel[w.valueBand],
    forLabel: wishForLabel[w.forWhom],
    state: w.state,
    stateLabel: wishStateLabel[w.state],
    waitingDays: w.publishedAt ? Math.max(0, Math.floor((now.getTime() - new Date(w.publishedAt).getTime()) / DAY_MS)) : 0,
    priority: w.priority > 0,
  }
  if (w.publishedAt) card.publishedAt = new Date(w.publishedAt).toISOString()
  if (w.claim && hasLiveClaim(w)) {
    card.claim = { kind: w.claim.kind, label: claimKindLabel[w.claim.kind], parts: w.claim.parts, taken: w.claim.participants.length }
    if (w.claim.teamName) card.claim.teamName = w.claim.teamName
    if (w.claim.kind === 'company' && w.claim.enterpriseName) card.claim.enterpriseName = w.claim.enterpriseName
  }
  if (w.thanks?.public) card.story = w.thanks.text
  return card
}

/** A photo shows its author and the street's staff (who screen it) at once, anyone else it is meant for once WeChat passed it. */
export function detailOf(w: WishDoc, actor: WishActor, now: Date, events: readonly WishEventDoc[], urls: ReadonlyMap<string, string>): WishDetail {
  const mine = w.beneficiaryId === actor.userId
  const claimer = !!w.claim && hasLiveClaim(w) && w.claim.claimerId === actor.userId
  const participant = !!w.claim && hasLiveClaim(w) && w.claim.participants.includes(actor.userId)
  const staff = actor.streetIds.includes(w.street)
  const commands = wishCommandsFor(w, actor)
  const d: WishDetail = {
    ...cardOf(w, now),
    viewer: { mine, claimer, participant, staff },
    commands,
    claimKinds: commands.includes('claim') ? claimKindsFor(actor) : [],
    history: [...events].sort((a, b) => a.seq - b.seq).map((e) => ({ kind: e.kind, label: e.kind === 'post' ? '提交心愿' : wishCommandLabel[e.kind], at: new Date(e.at).toISOString() })),
  }
  const shown = (fileId: string, author: boolean) => photoVisible(fileId, w, { author, staff })
  if (w.photo && (mine || staff || participant)) {
    if (shown(w.photo, mine)) d.photoUrl = urls.get(w.photo) ?? w.photo
    else d.photoChecking = true
  }
  if (mine) d.phoneConsent = w.phoneConsent
  if (claimer && w.phoneConsent && w.phone) d.phone = w.phone
  if (w.claim && hasLiveClaim(w) && (mine || participant || staff)) d.contactBy = new Date(w.claim.contactBy).toISOString()
  if (w.delivery && (mine || participant || staff)) {
    const photo = w.delivery.photo
    d.delivery = shown(photo, claimer) ? { photoUrl: urls.get(photo) ?? photo, at: new Date(w.delivery.at).toISOString() } : { photoChecking: true, at: new Date(w.delivery.at).toISOString() }
    if (w.delivery.note) d.delivery.note = w.delivery.note
  }
  if (w.screening && (mine || staff)) {
    d.screening = { ok: w.screening.ok }
    if (w.screening.reason) d.screening.reason = w.screening.reason
    if (w.screening.note) d.screening.note = w.screening.note
  }
  if (w.thanks && (mine || participant || w.thanks.public)) d.thanks = { text: w.thanks.text, public: w.thanks.public }
  return d
}
