/**
 * The suggestion state machine, pure, on the shared workflow (src/core/workflow.ts): street staff of
 * the suggestion's street answer it — received → evaluating → adopted (owner department, promised date,
 * public reply) / not adopted (reason, public reply) → solved — assign the owner department and keep
 * internal notes. Each command answers the patch and ONE append-only event; the first public answer
 * stamps `answeredAt`, from which the published "answered within N days" figure is computed.
 */
import { AppError } from '../core/errors'
import type { Role } from '../core/roles'
import { authorizeTransition, createdEvent, transitionEvent, type PartyTests, type TransitionTable, type WorkflowLabels } from '../core/workflow'
import type { SuggestionDoc, SuggestionEventDoc } from './model'
import { allSuggestionStates, suggestionCommandLabel, suggestionStateLabel, type NotAdoptedReason, type SuggestionCommand, type SuggestionState } from './vocabulary'

export interface SuggestionActor {
  userId: string
  roles: readonly Role[]
  /** Streets whose suggestions this person answers (dispatcher and street-wide grid worker scopes). */
  streetIds: readonly string[]
}

export interface SuggestionCommandArgs {
  evaluate: { reply?: string }
  adopt: { reply: string; promisedDate: string; cost?: number }
  decline: { reason: NotAdoptedReason; reply: string }
  solve: { reply: string }
  assign: { departmentId: string; departmentName: string }
  note: { note: string }
}

export type SuggestionCommandInput = { [K in SuggestionCommand]: { type: K } & SuggestionCommandArgs[K] }[SuggestionCommand]

type Party = 'street_staff'

export const suggestionRules: TransitionTable<SuggestionCommand, SuggestionState, Party> = {
  evaluate: { from: ['received'], to: 'evaluating', by: ['street_staff'] },
  adopt: { from: ['received', 'evaluating'], to: 'adopted', by: ['street_staff'] },
  decline: { from: ['received', 'evaluating'], to: 'not_adopted', by: ['street_staff'] },
  solve: { from: ['adopted'], to: 'solved', by: ['street_staff'] },
  assign: { from: ['received', 'evaluating', 'adopted'], to: null, by: ['street_staff'] },
  note: { from: allSuggestionStates, to: null, by: ['street_staff'] },
}

const partyTests: PartyTests<Party, SuggestionDoc, SuggestionActor> = {
  holds: (_p, a) => a.roles.includes('dispatcher') || a.roles.includes('grid_worker'),
  actsAs: (_p, s, a) => (a.streetIds.includes(s.street) ? (a.roles.includes('dispatcher') ? 'dispatcher' : 'grid_worker') : null),
}

const labels: WorkflowLabels<SuggestionCommand, SuggestionState, Party> = {
  command: suggestionCommandLabel,
  state: suggestionStateLabel,
  party: { street_staff: '建议所在街道的工作人员' },
  outOfScope: { street_staff: '这条建议不在您负责的街道，请由所在街道答复' },
  noun: '这条建议',
}

export function authorizeSuggestion(s: SuggestionDoc, type: SuggestionCommand, actor: SuggestionActor): Role | 'system' {
  return authorizeTransition(suggestionRules, partyTests, labels, s, type, actor)
}

function requireReply(reply: string | undefined): string {
  const r = (reply ?? '').trim()
  if (!r) throw new AppError('INVALID_ARGUMENT', '请填写公开答复', 'reply')
  return r
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

export function applySuggestionCommand(s: SuggestionDoc, command: SuggestionCommandInput, actor: SuggestionActor, now: Date): { patch: Partial<SuggestionDoc>; event: SuggestionEventDoc } {
  const role = authorizeSuggestion(s, command.type, actor)
  const patch: Partial<SuggestionDoc> = {}
  const data: Record<string, unknown> = {}
  let note: string | undefined
  let reason: string | undefined
  let reply: string | undefined
  switch (command.type) {
    case 'evaluate':
      reply = (command.reply ?? '').trim() || undefined
      break
    case 'adopt': {
      reply = requireReply(command.reply)
      if (!DATE.test(command.promisedDate)) throw new AppError('INVALID_ARGUMENT', '请选择承诺完成日期', 'promisedDate')
      if (!s.departmentId) throw new AppError('INVALID_ARGUMENT', '请先指定责任部门', 'departmentId')
      patch.promisedDate = command.promisedDate
      if (command.cost !== undefined) patch.cost = command.cost
      patch.adoptedAt = now
      data.promisedDate = command.promisedDate
      break
    }
    case 'decline':
      reply = requireReply(command.reply)
      patch.reason = command.reason
      reason = command.reason
      break
    case 'solve':
      reply = requireReply(command.reply)
      patch.solvedAt = now
      break
    case 'assign':
      if (command.departmentId === s.departmentId) throw new AppError('INVALID_ARGUMENT', '已经是这个部门了', 'departmentId')
      patch.departmentId = command.departmentId
      patch.departmentName = command.departmentName
      data.departmentId = command.departmentId
      break
    case 'note': {
      const text = command.note.trim()
      if (!text) throw new AppError('INVALID_ARGUMENT', '请填写备注', 'note')
      patch.internalNotes = [...(s.internalNotes ?? []), { by: actor.userId, text, at: now }]
      // The event keeps the fact of a note, not its text: events are replayed into the public history.
      data.internal = true
      break
    }
  }
  // Any state change by staff is a public answer; so is a reply. The first stamps answeredAt.
  const to = suggestionRules[command.type].to ?? s.state
  if (reply) {
    patch.publicReply = reply
    note = reply
  }
  if (!s.answeredAt && (reply || to !== s.state)) patch.answeredAt = now
  const event = transitionEvent<SuggestionState, SuggestionCommand>(s, command.type, to, actor, role, now, { note, reason, data })
  Object.assign(patch, { state: to, version: event.seq, updatedAt: now })
  return { patch, event }
}

export function postEvent(s: Pick<SuggestionDoc, '_id' | 'authorId' | 'createdAt'>): SuggestionEventDoc {
  return createdEvent<SuggestionState, 'post'>(s._id, 'post', 'received', s.authorId, 'worker', s.createdAt)
}
