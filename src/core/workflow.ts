/**
 * The shared "state machine + events" idea, generic and pure: a transition table typed by state,
 * command and party (who may act), one guard that checks in a fixed order — holds the role at all,
 * is a party of THIS object (own street, own wish, own claim), is the object in a state that allows
 * it — and answers the role acted in or a typed AppError, and the append-only event record every
 * transition writes (`_id = ${subjectId}:${seq}`, seq = the object's version after the change), with
 * a replay that proves the stored state equals the events. Wishes and suggestions are built on it;
 * each domain supplies only its table, its party tests and its Chinese labels.
 */
import { AppError } from './errors'
import type { Role } from './roles'

export interface TransitionRule<S extends string, P extends string> {
  from: readonly S[]
  /** null: the state does not change (notes, joins, flags). */
  to: S | null
  by: readonly P[]
}

export type TransitionTable<C extends string, S extends string, P extends string> = Record<C, TransitionRule<S, P>>

/** How a domain tells who an actor is for one object. */
export interface PartyTests<P extends string, T, A> {
  /** Does the actor hold the kind of role this party needs anywhere (else FORBIDDEN: wrong role)? */
  holds(party: P, actor: A): boolean
  /** The role acted in when the actor is this party FOR THIS OBJECT, or null (else FORBIDDEN: out of scope). */
  actsAs(party: P, subject: T, actor: A): Role | 'system' | null
}

export interface WorkflowLabels<C extends string, S extends string, P extends string> {
  command: Record<C, string>
  state: Record<S, string>
  party: Record<P, string>
  /** Said to someone who holds the role but not for this object. */
  outOfScope: Record<P, string>
  /** What the object is called in messages, e.g. 这个微心愿. */
  noun: string
}

/** Why a guard refused: wrong role, not theirs, wrong state. Tests assert on it; pages show the message. */
export type RefusalKind = 'role' | 'scope' | 'state'

export class TransitionRefused extends AppError {
  readonly refusal: RefusalKind
  constructor(refusal: RefusalKind, code: 'FORBIDDEN' | 'CONFLICT', message: string) {
    super(code, message)
    this.refusal = refusal
  }
}

/** The guard: role, then scope, then state. Answers the role acted in. */
export function authorizeTransition<C extends string, S extends string, P extends string, T extends { state: S }, A>(
  table: TransitionTable<C, S, P>,
  tests: PartyTests<P, T, A>,
  labels: WorkflowLabels<C, S, P>,
  subject: T,
  command: C,
  actor: A,
): Role | 'system' {
  const rule = table[command]
  const label = labels.command[command]
  const held = rule.by.filter((p) => tests.holds(p, actor))
  if (!held.length) throw new TransitionRefused('role', 'FORBIDDEN', `只有${rule.by.map((p) => labels.party[p]).join('或')}可以执行「${label}」`)
  let role: Role | 'system' | null = null
  for (const p of rule.by) {
    role = tests.actsAs(p, subject, actor)
    if (role) break
  }
  if (!role) throw new TransitionRefused('scope', 'FORBIDDEN', labels.outOfScope[held[0]])
  if (!rule.from.includes(subject.state)) {
    throw new TransitionRefused('state', 'CONFLICT', `${labels.noun}现在是「${labels.state[subject.state]}」，不能${label}；请刷新查看最新进展`)
  }
  return role
}

/** The append-only record of one transition. */
export interface WorkflowEvent<S extends string, K extends string> {
  _id: string
  subjectId: string
  seq: number
  kind: K
  from: S | null
  to: S
  actorId: string
  actorRole: Role | 'system'
  at: Date
  note?: string
  reason?: string
  data?: Record<string, unknown>
}

export interface Versioned<S extends string> {
  _id: string
  state: S
  version: number
}

/** The event of a transition from `subject` (at its current version) to `to`. */
export function transitionEvent<S extends string, K extends string>(
  subject: Versioned<S>,
  kind: K,
  to: S,
  actor: { userId: string },
  role: Role | 'system',
  at: Date,
  extra: { note?: string; reason?: string; data?: Record<string, unknown> } = {},
): WorkflowEvent<S, K> {
  const seq = subject.version + 1
  const event: WorkflowEvent<S, K> = { _id: `${subject._id}:${seq}`, subjectId: subject._id, seq, kind, from: subject.state, to, actorId: actor.userId, actorRole: role, at }
  if (extra.note) event.note = extra.note
  if (extra.reason) event.reason = extra.reason
  if (extra.data && Object.keys(extra.data).length) event.data = extra.data
  return event
}

/** The event that opens an object's history (version 1). */
export function createdEvent<S extends string, K extends string>(subjectId: string, kind: K, to: S, actorId: string, role: Role | 'system', at: Date): WorkflowEvent<S, K> {
  return { _id: `${subjectId}:1`, subjectId, seq: 1, kind, from: null, to, actorId, actorRole: role, at }
}

/** Replays events: the state they lead to (a stored object's state must equal it). Throws on a gap or a broken chain. */
export function replayState<S extends string>(events: ReadonlyArray<{ seq: number; from: S | null; to: S }>): S | null {
  const sorted = [...events].sort((a, b) => a.seq - b.seq)
  let state: S | null = null
  for (const [i, e] of sorted.entries()) {
    if (e.seq !== i + 1) throw new Error(`event ${i + 1} is missing`)
    if (e.from !== state) throw new Error(`event ${e.seq} starts from ${String(e.from)}, the object was ${String(state)}`)
    state = e.to
  }
  return state
}

/** Commands an actor could run now (for buttons; the server re-checks). */
export function allowedCommands<C extends string, S extends string, P extends string, T extends { state: S }, A>(
  table: TransitionTable<C, S, P>,
  tests: PartyTests<P, T, A>,
  labels: WorkflowLabels<C, S, P>,
  subject: T,
  actor: A,
  skip: readonly C[] = [],
): C[] {
  return (Object.keys(table) as C[]).filter((c) => {
    if (skip.includes(c)) return false
    try {
      authorizeTransition(table, tests, labels, subject, c, actor)
      return true
    } catch {
      return false
    }
  })
}
