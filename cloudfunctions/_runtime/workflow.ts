/**
 * The persistence half of the shared state machine (src/core/workflow.ts): one command committed as the
 * subject's new fields and its append-only event in one transaction (the one retry policy of
 * ./transactions), re-reading the subject inside it, so a transition never exists without its event and
 * racing commands serialise — the loser re-reads and its guard answers from the state it finds. Reports,
 * wishes and suggestions commit through it; each supplies its collections, its normaliser, its pure
 * `apply` and its words for "not found" and "someone else just changed it".
 */
import { AppError } from '../../src/core/errors'
import { isDuplicateKeyError, txGet, type Database, type Transaction } from './db'
import { isTransactionConflict, runInTransaction } from './transactions'

export interface WorkflowStore<T> {
  collection: string
  eventCollection: string
  /** The subject as the pure rules read it (dates as Dates, geo points as plain objects). */
  normalise(raw: T): T
  notFound: { message: string; field: string }
  /** Said when other writers still win after every retry, e.g. 这件问题刚刚有了新进展，请刷新后再操作. */
  conflict: string
}

export interface Committed<T, E> {
  before: T
  after: T
  event: E
}

/** A patch as an update: a field set to undefined is removed from the stored document. */
function updateData(db: Database, patch: object): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(patch)) out[k] = v === undefined ? db.command.remove() : v
  return out
}

/**
 * Runs `apply` on the subject as stored now and commits its patch and event. `also` writes what must
 * commit with the transition (a points credit, messages, outbox rows); like `apply` it may run more than
 * once if the transaction retries, so both stay free of effects outside the database.
 */
export async function commitCommand<T extends object, E extends { _id: string }>(
  db: Database,
  store: WorkflowStore<T>,
  id: string,
  apply: (before: T) => { patch: Partial<T>; event: E },
  also?: (t: Transaction, c: Committed<T, E>) => Promise<void>,
): Promise<Committed<T, E>> {
  try {
    return await runInTransaction(db, async (t) => {
      const raw = await txGet<T>(t, store.collection, id)
      if (!raw) throw new AppError('NOT_FOUND', store.notFound.message, store.notFound.field)
      const before = store.normalise(raw)
      const { patch, event } = apply(before)
      await t.collection(store.collection).doc(id).update({ data: updateData(db, patch) })
      const { _id, ...eventData } = event
      await t.collection(store.eventCollection).doc(_id).set({ data: eventData })
      const after = { ...before, ...patch } as T
      for (const [k, v] of Object.entries(patch)) if (v === undefined) delete (after as Record<string, unknown>)[k]
      const committed = { before, after, event }
      if (also) await also(t, committed)
      return committed
    })
  } catch (err) {
    if (err instanceof AppError) throw err
    if (isTransactionConflict(err) || isDuplicateKeyError(err)) throw new AppError('CONFLICT', store.conflict)
    throw err
  }
}
