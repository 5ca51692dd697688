/**
 * The one retry policy for transactions. wx-server-sdk's runTransaction re-runs a conflicting callback at
 * once (up to its own count), which on a hot document — one report six staff tap at the same moment, one
 * reward's stock — collides again and again until every contender has given up. Between rounds this waits
 * a jittered, exponentially growing time so contenders spread out and one of them gets through; the
 * others then re-read and answer from the state they find (e.g. "已立案"). Every transactional command in
 * every function goes through `runInTransaction`; it also retries the conflicts wx-server-sdk's own
 * runTransaction does not (a write refused at the write, see isTransactionConflict). The callback must stay
 * free of side effects outside the database: it can run several times.
 */
import { AppError } from '../../src/core/errors'
import type { Database, Transaction } from './db'

export interface RetryPolicy {
  /** Rounds after the first (each round is one runTransaction call with the SDK's own quick retries). */
  rounds: number
  /** The first wait's upper bound, ms; each round doubles it. */
  baseMs: number
  /** No wait longer than this, ms. */
  capMs: number
}

/**
 * A conflicting write is refused at the write, and wx-server-sdk's runTransaction does not retry that (it
 * only retries a conflict answered at commit), so each round is usually one attempt and these rounds are the
 * whole budget: up to 11 attempts over at most ~4.3 s of waiting, enough for the ledger's hottest document
 * (one account with 18 simultaneous credits) to let every contender through.
 */
export const defaultRetryPolicy: RetryPolicy = { rounds: 10, baseMs: 10, capMs: 1000 }

/** Full jitter: a uniformly random wait in [0, min(cap, base·2^round)) plus 1 ms, so no two contenders wait alike. */
export function backoffMs(round: number, policy: RetryPolicy = defaultRetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** round)
  return 1 + Math.floor(random() * ceiling)
}

/**
 * A transaction conflict as the SDK surfaces it. At commit it arrives raw with `code`
 * DATABASE_TRANSACTION_CONFLICT. A conflicting write is refused at the write itself, and wx-server-sdk
 * rewraps a document call's error as errCode −501001 with the server's message and no string code (so its
 * own runTransaction does not retry it); only the message says "WriteConflict" / "write conflict".
 */
export function isTransactionConflict(err: unknown): boolean {
  if (err instanceof AppError) return false
  const e = err as { code?: unknown; errCode?: unknown; message?: unknown }
  return /TRANSACTION_CONFLICT|write ?conflict/i.test(`${String(e?.code ?? '')} ${String(e?.errCode ?? '')} ${String(e?.message ?? '')}`)
}

export async function runInTransaction<R>(db: Pick<Database, 'runTransaction'>, fn: (t: Transaction) => Promise<R>, policy: RetryPolicy = defaultRetryPolicy): Promise<R> {
  for (let round = 0; ; round++) {
    try {
      return await db.runTransaction(fn, 3)
    } catch (err) {
      if (round >= policy.rounds || !isTransactionConflict(err)) throw err
      await new Promise((resolve) => setTimeout(resolve, backoffMs(round, policy)))
    }
  }
}
