/**
 * Sign-up rules: who may sign up for an activity and until when, what a cancellation does, and how
 * the waitlist is ordered (the shared queue rules of src/core/capacity.ts). Seats themselves are taken
 * by a guarded increment in the function (`signedUp < capacity`), never by counting here, so concurrent
 * sign-ups cannot overfill; these rules decide everything that does not depend on that race.
 */
import { compareQueue, queuePosition, seatsLeft, type QueueEntry } from '../core/capacity'
import { AppError } from '../core/errors'
import type { ActivityDoc, SignupDoc } from './model'
import type { Audience } from './vocabulary'

export function signupDocId(activityId: string, userId: string): string {
  return `${activityId}:${userId}`
}

export function audienceOf(activity: Pick<ActivityDoc, 'audience'>): Audience {
  return activity.audience ?? 'team'
}

export interface SignupEligibility {
  activity: Pick<ActivityDoc, 'state' | 'signupDeadline' | 'startAt' | 'audience'>
  isTeamMember: boolean
  existing: Pick<SignupDoc, 'state'> | null
  now: Date
}

/**
 * May this person take (or queue for) a place now? Throws the reason otherwise. An existing live
 * sign-up is not an error: the function answers it as-is (a retried tap).
 */
export function checkSignupAllowed({ activity, isTeamMember, existing, now }: SignupEligibility): 'new' | 'existing' {
  if (existing && existing.state !== 'cancelled') return 'existing'
  if (activity.state === 'cancelled') throw new AppError('CONFLICT', '活动已取消')
  if (activity.state !== 'open') throw new AppError('CONFLICT', '活动报名已截止')
  if (now.getTime() > new Date(activity.signupDeadline).getTime()) throw new AppError('CONFLICT', '已过报名截止时间，下次早点报名吧')
  if (now.getTime() >= new Date(activity.startAt).getTime()) throw new AppError('CONFLICT', '活动已经开始，不能再报名')
  if (audienceOf(activity) === 'team' && !isTeamMember) throw new AppError('FORBIDDEN', '这个活动仅限本队队员报名，请先申请加入队伍')
  return 'new'
}

/** Cancelling is allowed until the activity starts; after that a captain records a no-show instead. */
export function checkCancelAllowed(activity: Pick<ActivityDoc, 'startAt'>, signup: Pick<SignupDoc, 'state' | 'attendance'> | null, now: Date): void {
  if (!signup || signup.state === 'cancelled') throw new AppError('CONFLICT', '你没有报名这个活动')
  if (signup.attendance !== 'none') throw new AppError('CONFLICT', '已签到的活动不能取消')
  if (now.getTime() >= new Date(activity.startAt).getTime()) throw new AppError('CONFLICT', '活动已开始，不能取消报名；如不能到场请联系队长')
}

/** Waitlist order: who waited first; ties (same millisecond) by id so the order is total (src/core/capacity). */
export function compareWaitlist(a: Pick<SignupDoc, '_id' | 'waitlistedAt'>, b: Pick<SignupDoc, '_id' | 'waitlistedAt'>): number {
  return compareQueue(asQueueEntry(a), asQueueEntry(b))
}

/** 1-based place in the queue of `me` among the waitlisted, or null when not waiting. */
export function waitlistPosition(me: Pick<SignupDoc, '_id' | 'waitlistedAt' | 'state'>, waitlisted: Array<Pick<SignupDoc, '_id' | 'waitlistedAt'>>): number | null {
  return queuePosition(asQueueEntry(me), me.state === 'waitlisted', waitlisted.map(asQueueEntry))
}

export function placesLeft(activity: Pick<ActivityDoc, 'capacity' | 'signedUp'>): number {
  return seatsLeft(activity.capacity, activity.signedUp)
}

function asQueueEntry(s: Pick<SignupDoc, '_id' | 'waitlistedAt'>): QueueEntry {
  return { id: s._id, queuedAt: s.waitlistedAt }
}

/** Checks a captain's new activity: a real window, a deadline before the start, a sane capacity. */
export function checkActivityTimes(input: { startAt: Date; endAt: Date; signupDeadline: Date }, now: Date): void {
  const { startAt, endAt, signupDeadline } = input
  if (!(endAt.getTime() > startAt.getTime())) throw new AppError('INVALID_ARGUMENT', '结束时间要晚于开始时间', 'endAt')
  if (endAt.getTime() - startAt.getTime() > 12 * 3_600_000) throw new AppError('INVALID_ARGUMENT', '单次活动不能超过 12 小时，请拆成多次活动', 'endAt')
  if (startAt.getTime() <= now.getTime()) throw new AppError('INVALID_ARGUMENT', '开始时间要晚于现在', 'startAt')
  if (signupDeadline.getTime() > startAt.getTime()) throw new AppError('INVALID_ARGUMENT', '报名截止时间不能晚于活动开始', 'signupDeadline')
}
