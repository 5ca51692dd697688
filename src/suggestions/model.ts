/**
 * The stored shapes of suggestions: the suggestion (public text, the street's answer, the internal
 * notes that stay internal, and the author who is never shown) and its append-only events.
 */
import type { PhotoChecked } from '../core/media-check'
import type { WorkflowEvent } from '../core/workflow'
import type { NotAdoptedReason, SuggestionCategory, SuggestionCommand, SuggestionState } from './vocabulary'

export interface SuggestionDoc extends PhotoChecked {
  _id: string
  idempotencyKey: string
  /** Never in a view. */
  authorId: string
  categoryId: SuggestionCategory
  text: string
  photo?: string
  place?: string
  district: string
  street: string
  streetName: string
  state: SuggestionState
  version: number
  supportCount: number
  departmentId?: string
  departmentName?: string
  /** China date YYYY-MM-DD the street promised an adopted one by. */
  promisedDate?: string
  /** Cost estimate in yuan for adopted ones, as Decidim's accepted answers carry. */
  cost?: number
  publicReply?: string
  reason?: NotAdoptedReason
  /** Staff only. */
  internalNotes?: Array<{ by: string; text: string; at: Date }>
  /** First public answer (any reply or state change by staff). */
  answeredAt?: Date
  adoptedAt?: Date
  solvedAt?: Date
  createdAt: Date
  updatedAt: Date
}

export type SuggestionEventKind = SuggestionCommand | 'post'
export type SuggestionEventDoc = WorkflowEvent<SuggestionState, SuggestionEventKind>
