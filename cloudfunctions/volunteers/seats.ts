/**
 * Places and the waitlist. The activity's `signedUp` counter is the only thing that grants a place,
 * and it only moves by guarded updates: `where({ _id, capacity, signedUp: _.lt(capacity) })` with
 * `_.inc(1)`, accepted only when `stats.updated === 1`. So however many sign-ups race, the counter
 * never exceeds the capacity. Everyone who asks is first queued (`waitlisted`, stamped with the time),
 * then `fillSeats` promotes the queue in order while places are free; a newcomer is simply the last in
 * the queue, so there is one path for signing up and for promotion after a cancellation, and nobody
 * jumps the queue.
 */
import { Collection } from '../../src/core/collections'
import type { ActivityDoc, SignupDoc } from '../../src/volunteers/model'
import type { Database } from '../_runtime/db'

/** Takes one place if one is free. */
export async function takeSeat(db: Database, activity: Pick<ActivityDoc, '_id' | 'capacity'>): Promise<boolean> {
  const _ = db.command
  const res = await db
    .collection(Collection.activities)
    .where({ _id: activity._id, capacity: activity.capacity, signedUp: _.lt(activity.capacity) })
    .update({ data: { signedUp: _.inc(1) } })
  return res.stats.updated === 1
}

export async function releaseSeat(db: Database, activityId: string): Promise<void> {
  const _ = db.command
  await db.collection(Collection.activities).where({ _id: activityId, signedUp: _.gt(0) }).update({ data: { signedUp: _.inc(-1) } })
}

const PROMOTE_BATCH = 10

/**
 * Promotes waitlisted sign-ups in queue order while places are free; answers the promoted user ids.
 * Bounded: at most `max` promotions per call (a cancellation frees one place; a capacity raise a few).
 */
export async function fillSeats(db: Database, activity: Pick<ActivityDoc, '_id' | 'capacity'>, now: Date, max = 20): Promise<string[]> {
  const promoted: string[] = []
  const skipped = new Set<string>()
  while (promoted.length < max) {
    const queue = await db
      .collection<SignupDoc>(Collection.activitySignups)
      .where({ activityId: activity._id, state: 'waitlisted' })
      .orderBy('waitlistedAt', 'asc')
      .orderBy('_id', 'asc')
      .limit(PROMOTE_BATCH + skipped.size)
      .get()
    const candidates = queue.data.filter((c) => !skipped.has(c._id))
    if (candidates.length === 0) break
    let progressed = false
    for (const candidate of candidates) {
      if (!(await takeSeat(db, activity))) return promoted
      const won = await db
        .collection(Collection.activitySignups)
        .where({ _id: candidate._id, state: 'waitlisted' })
        .update({ data: { state: 'signed_up', signedUpAt: now, promotedAt: now, updatedAt: now } })
      if (won.stats.updated === 1) {
        promoted.push(candidate.userId)
        progressed = true
      } else {
        // Someone else promoted or cancelled this one first: give the place back and try the next.
        await releaseSeat(db, activity._id)
        skipped.add(candidate._id)
      }
      if (promoted.length >= max) break
    }
    if (!progressed && candidates.length < PROMOTE_BATCH) break
  }
  return promoted
}
