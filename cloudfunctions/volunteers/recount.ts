/**
 * Timer job (and internal action) `recountSeats`: for each upcoming activity, compare `signedUp` with
 * the sign-ups actually holding places, and correct drift the pure rule allows (src/volunteers/
 * recount.ts) with a compare-and-set on the value read — a seat taken or given back meanwhile makes
 * the update miss, and the next run looks again. Every correction is written to the audit log; places
 * it frees go to the waitlist in order, and those people are told.
 */
import { Collection } from '../../src/core/collections'
import type { SeatRecount } from '../../src/volunteers/contract'
import type { ActivityDoc, SignupDoc } from '../../src/volunteers/model'
import { recountVerdict } from '../../src/volunteers/recount'
import { writeAudit } from '../_runtime/audit'
import { countHeldSeats } from '../_runtime/capacity'
import type { Database } from '../_runtime/db'
import type { SystemContext } from '../_runtime/router'
import { notifyPromoted, type NotifyContext } from './notify'
import { activitySeats, fillSeats } from './seats'
import { normaliseActivity } from './store'

const PAGE = 100
export const RECOUNT_ORIGIN = 'volunteers.recountSeats'

async function lastChangeAt(db: Database, activityId: string): Promise<Date | null> {
  const res = await db.collection<SignupDoc>(Collection.activitySignups).where({ activityId }).orderBy('updatedAt', 'desc').limit(1).field({ updatedAt: true }).get()
  const at = res.data[0]?.updatedAt
  return at ? new Date(at) : null
}

export async function recountSeats(sys: Pick<SystemContext, 'db' | 'cloud' | 'now' | 'fn'>, limit = 500): Promise<SeatRecount> {
  const { db, now } = sys
  const _ = db.command
  const out: SeatRecount = { checked: 0, fixed: [], busy: 0, promoted: 0 }
  const notifyCtx: NotifyContext = { db, cloud: sys.cloud, now, fn: sys.fn, action: 'recountSeats', userId: 'system' }
  for (let offset = 0; offset < limit; offset += PAGE) {
    const page = (
      await db
        .collection(Collection.activities)
        .where({ endAt: _.gt(now), state: _.in(['open', 'closed']) })
        .orderBy('startAt', 'asc')
        .orderBy('_id', 'asc')
        .skip(offset)
        .limit(Math.min(PAGE, limit - offset))
        .get()
    ).data.map(normaliseActivity) as ActivityDoc[]
    for (const activity of page) {
      out.checked++
      const counted = await countHeldSeats(db, activitySeats, activity._id)
      const verdict = recountVerdict({ counter: activity.signedUp, signedUp: counted, lastChangeAt: await lastChangeAt(db, activity._id), now })
      if (verdict.kind === 'busy') out.busy++
      if (verdict.kind !== 'fix') continue
      const res = await db.collection(Collection.activities).where({ _id: activity._id, signedUp: activity.signedUp }).update({ data: { signedUp: verdict.after, updatedAt: now } })
      if (res.stats.updated !== 1) continue
      out.fixed.push({ activityId: activity._id, before: activity.signedUp, after: verdict.after })
      await writeAudit(
        db,
        {
          action: 'activity.recount_seats',
          actorId: 'system',
          targetKind: 'activity',
          targetId: activity._id,
          before: { signedUp: activity.signedUp },
          after: { signedUp: verdict.after, capacity: activity.capacity },
          reason: `报名人数计数与实际报名不符（计数 ${activity.signedUp}，实际 ${verdict.after}），已按实际报名更正`,
          origin: RECOUNT_ORIGIN,
        },
        now,
      )
      const promoted = await fillSeats(db, activity, now)
      if (promoted.length) await notifyPromoted(notifyCtx, promoted, activity)
      out.promoted += promoted.length
    }
    if (page.length < PAGE) break
  }
  return out
}
