/**
 * The figures districts publish about suggestions — received, answered, answered within N days,
 * adopted, not adopted, solved — computed from the suggestions themselves, never typed in.
 */
import type { SuggestionState } from './vocabulary'

export interface SuggestionFigureInput {
  state: SuggestionState
  createdAt: Date
  answeredAt?: Date
}

export interface SuggestionFigures {
  received: number
  answered: number
  answeredWithinDays: number
  /** Adopted, including those since solved. */
  adopted: number
  notAdopted: number
  solved: number
}

const DAY = 86_400_000

export function computeSuggestionFigures(rows: readonly SuggestionFigureInput[], answerDays: number): SuggestionFigures {
  const f: SuggestionFigures = { received: 0, answered: 0, answeredWithinDays: 0, adopted: 0, notAdopted: 0, solved: 0 }
  for (const r of rows) {
    f.received++
    if (r.answeredAt) {
      f.answered++
      if (new Date(r.answeredAt).getTime() - new Date(r.createdAt).getTime() <= answerDays * DAY) f.answeredWithinDays++
    }
    if (r.state === 'adopted' || r.state === 'solved') f.adopted++
    if (r.state === 'not_adopted') f.notAdopted++
    if (r.state === 'solved') f.solved++
  }
  return f
}
