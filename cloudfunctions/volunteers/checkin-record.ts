/**
 * Counting activity attendance in the check-in figures: after an arrival is stored on the sign-up,
 * write its `activity`-purpose check-in (src/checkins/activity-record.ts) into the checkins
 * collection, by id, so it is counted once however often it is written. A captain's later no-show mark
 * takes it back out: figures are counts of arrivals, not a ledger.
 */
import { activityCheckinId, activityCheckinRecord } from '../../src/checkins/activity-record'
import { Collection } from '../../src/core/collections'
import type { ActivityDoc, SignupDoc } from '../../src/volunteers/model'
import type { ActionContext } from '../_runtime/router'
import { findStation } from '../stations/store'
import { requireTeam } from './store'

export async function countArrival(ctx: ActionContext, activity: ActivityDoc, signup: Pick<SignupDoc, 'userId' | 'checkInAt' | 'attendanceSource'>): Promise<void> {
  if (!signup.checkInAt) return
  const station = activity.stationId ? await findStation(ctx.db, activity.stationId) : null
  const district = station?.district ?? (await requireTeam(ctx.db, activity.teamId)).district
  const record = activityCheckinRecord({
    userId: signup.userId,
    activityId: activity._id,
    activityStartAt: activity.startAt,
    checkInAt: new Date(signup.checkInAt),
    district,
    station: station ? { _id: station._id, code: station.code, type: station.type } : null,
    source: signup.attendanceSource === 'captain' ? 'captain' : 'scan',
  })
  // Set by id: a retry rewrites the same document, a captain's corrected start time replaces it.
  const { _id, ...data } = record
  await ctx.db.collection(Collection.checkins).doc(_id).set({ data })
}

export async function uncountArrival(ctx: ActionContext, activity: ActivityDoc, userId: string): Promise<void> {
  await ctx.db.collection(Collection.checkins).where({ _id: activityCheckinId(userId, activity._id, activity.startAt) }).remove()
}
