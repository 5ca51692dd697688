/**
 * Activity places and the waitlist: the shared seat mechanics (cloudfunctions/_runtime/capacity.ts) on
 * activities (`capacity`, `signedUp`) and activity_signups (`waitlisted` → `signed_up`), with the
 * `promote` policy — a freed place goes straight to the first in the queue. Everyone who asks is first
 * queued (`waitlisted`, stamped with the time), then `fillSeats` promotes the queue in order while
 * places are free; so however many sign-ups race, the counter never exceeds the capacity and nobody
 * jumps the queue.
 */
import { promotePolicy } from '../../src/core/capacity'
import { Collection } from '../../src/core/collections'
import type { ActivityDoc, SignupDoc } from '../../src/volunteers/model'
import * as capacity from '../_runtime/capacity'
import type { Database } from '../_runtime/db'

export const activitySeats: capacity.CapacitySpec = {
  counter: { collection: Collection.activities, capacityField: 'capacity', takenField: 'signedUp' },
  claims: {
    collection: Collection.activitySignups,
    scopeField: 'activityId',
    queuedAtField: 'waitlistedAt',
    states: { waiting: 'waitlisted', holding: 'signed_up' },
    grantedAtFields: ['signedUpAt', 'promotedAt'],
  },
}

/** Takes one place if one is free. */
export function takeSeat(db: Database, activity: Pick<ActivityDoc, '_id' | 'capacity'>): Promise<boolean> {
  return capacity.takeSeat(db, activitySeats, activity)
}

export function releaseSeat(db: Database, activityId: string): Promise<void> {
  return capacity.releaseSeat(db, activitySeats, activityId)
}

/** Promotes waitlisted sign-ups in queue order while places are free; answers the promoted user ids. */
export async function fillSeats(db: Database, activity: Pick<ActivityDoc, '_id' | 'capacity'>, now: Date, max = 20): Promise<string[]> {
  const promoted = await capacity.fillSeats<SignupDoc & { state: string; [field: string]: unknown }>(db, activitySeats, activity, promotePolicy, now, max)
  return promoted.map((s) => s.userId)
}
