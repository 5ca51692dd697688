/**
 * Suggestions (建议) contract: posting and "+1", the public board, the street's answers (owner
 * department, state, promised date, public reply; internal notes stay internal; answer templates),
 * and the published figures computed from the suggestions. No view carries the author.
 */
import { action } from '../core/contract'
import { s } from '../core/schema'
import type { SuggestionFigures } from './figures'
import type { SuggestionCard, SuggestionDetail } from './views'
import { allNotAdoptedReasons, allSuggestionCategories, allSuggestionStates, answerTemplates } from './vocabulary'

const suggestionId = () => s.id()
const reply = () => s.string({ min: 2, max: 500 })

export interface BoardPage {
  items: SuggestionCard[]
  hasMore: boolean
}

export interface FiguresAnswer {
  from: string
  to: string
  answerDays: number
  total: SuggestionFigures
  byStreet: Array<{ id: string; name: string; figures: SuggestionFigures }>
}

export const suggestionsContract = {
  post: action<{ suggestion: SuggestionDetail; replayed: boolean }>()(
    s.object({
      idempotencyKey: s.idempotencyKey(),
      categoryId: s.oneOf(allSuggestionCategories),
      text: s.string({ min: 5, max: 500 }),
      place: s.optional(s.string({ max: 60 })),
      photo: s.optional(s.fileId('suggestions')),
      street: s.id(),
    }),
  ),
  /** "+1": once per user; a second +1 answers the same count. */
  support: action<{ supportCount: number; supported: boolean }>()(s.object({ suggestionId: suggestionId() })),
  board: action<BoardPage>()(
    s.object({ street: s.optional(s.id()), state: s.optional(s.oneOf(allSuggestionStates)), sort: s.optional(s.oneOf(['newest', 'supported'] as const)), page: s.optional(s.page()) }),
  ),
  detail: action<SuggestionDetail>()(s.object({ suggestionId: suggestionId() })),
  mine: action<{ items: SuggestionCard[] }>()(s.object({ page: s.optional(s.page()) })),
  /** Street staff: their streets' suggestions waiting for an answer (received and evaluating) or by state. */
  queue: action<{ items: SuggestionCard[]; total: number }>()(s.object({ state: s.optional(s.oneOf(allSuggestionStates)), page: s.optional(s.page()) })),
  templates: action<typeof answerTemplates>()(s.object({})),
  departments: action<Array<{ id: string; name: string }>>()(s.object({ suggestionId: suggestionId() })),
  evaluate: action<SuggestionDetail>()(s.object({ suggestionId: suggestionId(), reply: s.optional(reply()) })),
  adopt: action<SuggestionDetail>()(
    s.object({ suggestionId: suggestionId(), reply: reply(), promisedDate: s.string({ pattern: /^\d{4}-\d{2}-\d{2}$/ }), cost: s.optional(s.integer({ min: 0, max: 100_000_000 })) }),
  ),
  decline: action<SuggestionDetail>()(s.object({ suggestionId: suggestionId(), reason: s.oneOf(allNotAdoptedReasons), reply: reply() })),
  solve: action<SuggestionDetail>()(s.object({ suggestionId: suggestionId(), reply: reply() })),
  assign: action<SuggestionDetail>()(s.object({ suggestionId: suggestionId(), departmentId: s.id() })),
  addNote: action<SuggestionDetail>()(s.object({ suggestionId: suggestionId(), note: s.string({ min: 1, max: 300 }) })),
  /** Street staff: their streets' suggestions of the last N days as CSV (answered_at included). */
  export: action<{ fileName: string; csv: string; rows: number }>()(s.object({ days: s.optional(s.integer({ min: 1, max: 366 })) })),
  /** The published figures, by street and period; anyone may read them. */
  figures: action<FiguresAnswer>()(s.object({ district: s.optional(s.string({ max: 30, pattern: /^[\u4e00-\u9fa5A-Za-z0-9]+$/ })), days: s.optional(s.integer({ min: 1, max: 366 })) })),
}
