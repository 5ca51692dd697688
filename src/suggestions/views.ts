/**
 * What people see of a suggestion. The public card is a whitelist (category, text, place, street,
 * state, owner department, promised date, public reply, +1 count, dates) — never the author, never the
 * internal notes. Staff additionally see the internal notes; the author sees `mine`.
 */
import { photoVisible } from '../core/media-check'
import type { SuggestionDoc, SuggestionEventDoc } from './model'
import { notAdoptedReasonLabel, suggestionCategoryLabel, suggestionCommandLabel, suggestionStateLabel, type SuggestionCategory, type SuggestionState } from './vocabulary'

export interface SuggestionCard {
  id: string
  categoryId: SuggestionCategory
  categoryLabel: string
  text: string
  place?: string
  streetName: string
  state: SuggestionState
  stateLabel: string
  supportCount: number
  departmentName?: string
  promisedDate?: string
  reply?: string
  reasonLabel?: string
  createdAt: string
  answeredAt?: string
}

export interface SuggestionDetail extends SuggestionCard {
  mine: boolean
  supported: boolean
  staff: boolean
  internalNotes?: Array<{ text: string; at: string }>
  photoUrl?: string
  /** There is a photo this viewer sees once WeChat's image check passes it. */
  photoChecking?: boolean
  history: Array<{ label: string; at: string; reply?: string }>
}

export function suggestionCardOf(s: SuggestionDoc): SuggestionCard {
  const c: SuggestionCard = {
    id: s._id,
    categoryId: s.categoryId,
    categoryLabel: suggestionCategoryLabel[s.categoryId],
    text: s.text,
    streetName: s.streetName,
    state: s.state,
    stateLabel: suggestionStateLabel[s.state],
    supportCount: s.supportCount,
    createdAt: new Date(s.createdAt).toISOString(),
  }
  if (s.place) c.place = s.place
  if (s.departmentName) c.departmentName = s.departmentName
  if (s.promisedDate) c.promisedDate = s.promisedDate
  if (s.publicReply) c.reply = s.publicReply
  if (s.reason) c.reasonLabel = notAdoptedReasonLabel[s.reason]
  if (s.answeredAt) c.answeredAt = new Date(s.answeredAt).toISOString()
  return c
}

/** `urls`: display URLs of stored file ids (the photo shows others only once WeChat's image check passed it). */
export function suggestionDetailOf(s: SuggestionDoc, viewer: { userId: string; staff: boolean; supported: boolean }, events: readonly SuggestionEventDoc[], urls: ReadonlyMap<string, string> = new Map()): SuggestionDetail {
  const d: SuggestionDetail = {
    ...suggestionCardOf(s),
    mine: s.authorId === viewer.userId,
    supported: viewer.supported,
    staff: viewer.staff,
    history: [...events]
      .sort((a, b) => a.seq - b.seq)
      .filter((e) => e.kind !== 'note')
      .map((e) => {
        const item: { label: string; at: string; reply?: string } = { label: e.kind === 'post' ? '提出建议' : suggestionCommandLabel[e.kind], at: new Date(e.at).toISOString() }
        if (e.note) item.reply = e.note
        return item
      }),
  }
  if (viewer.staff) d.internalNotes = (s.internalNotes ?? []).map((n) => ({ text: n.text, at: new Date(n.at).toISOString() }))
  if (s.photo) {
    if (photoVisible(s.photo, s, { author: d.mine, staff: viewer.staff })) d.photoUrl = urls.get(s.photo) ?? s.photo
    else d.photoChecking = true
  }
  return d
}
