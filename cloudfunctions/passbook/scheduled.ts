/**
 * The passbook's timer trigger (`passbookTimer`, every 10 minutes): runs the jobs src/passbook/schedule.ts
 * says are due and records each run in `job_runs`, so the daily reconciliation, the daily "points
 * expiring" notices and the yearly points expiry run once per slot and catch up after a missed firing.
 */
import { Collection } from '../../src/core/collections'
import { dueJobs, PassbookJob } from '../../src/passbook/schedule'
import type { Database } from '../_runtime/db'
import type { SystemContext } from '../_runtime/router'
import { expirePointsChunk, warnExpiringChunk } from './expire-points'
import { reconcileAll } from './reconcile'
import { expireDue } from './redemption'

interface JobRunDoc {
  _id: string
  lastRunAt: Date
  result: unknown
}

const runId = (job: PassbookJob) => `passbook:${job}`

/** Runs a job that walks the accounts in chunks to the end, adding up the chunks' counts. */
async function sumChunks<K extends string>(chunk: (cursor?: string) => Promise<Record<K, number> & { nextCursor?: string }>, keys: readonly K[]): Promise<Record<K, number>> {
  const total = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
  let cursor: string | undefined
  do {
    const r = await chunk(cursor)
    for (const k of keys) total[k] += r[k]
    cursor = r.nextCursor
  } while (cursor)
  return total
}

const jobs: Record<PassbookJob, (db: Database, now: Date) => Promise<unknown>> = {
  expireRedemptions: async (db, now) => {
    let total = 0
    for (let i = 0; i < 20; i++) {
      const n = await expireDue(db, now, 100)
      total += n
      if (n < 100) break
    }
    return { expired: total }
  },
  reconcile: async (db, now) => {
    const r = await reconcileAll(db, 'system', now)
    return { accountsChecked: r.accountsChecked, rewardsChecked: r.rewardsChecked, mismatches: r.mismatches.length }
  },
  expirePoints: (db, now) => sumChunks((cursor) => expirePointsChunk(db, now, cursor, 100), ['accounts', 'expiredPoints']),
  warnExpiringPoints: (db, now) => sumChunks((cursor) => warnExpiringChunk(db, now, cursor, 100), ['accounts', 'notified']),
}

/** One firing: every due job in turn; a failing job is reported and retried at the next firing. */
export async function runScheduled(sys: Pick<SystemContext, 'db' | 'now'>): Promise<Partial<Record<PassbookJob, unknown>>> {
  const { db, now } = sys
  const runs = (await db.collection<JobRunDoc>(Collection.jobRuns).where({ _id: db.command.in(Object.values(PassbookJob).map(runId)) }).limit(10).get()).data
  const last: Partial<Record<PassbookJob, Date>> = {}
  for (const job of Object.values(PassbookJob)) {
    const run = runs.find((r) => r._id === runId(job))
    if (run) last[job] = new Date(run.lastRunAt)
  }
  const out: Partial<Record<PassbookJob, unknown>> = {}
  for (const job of dueJobs(now, last)) {
    try {
      out[job] = await jobs[job](db, now)
      await db.collection(Collection.jobRuns).doc(runId(job)).set({ data: { lastRunAt: now, result: out[job] } })
    } catch (err) {
      out[job] = { failed: String((err as Error)?.message ?? err).slice(0, 300) }
    }
  }
  return out
}
