/**
 * Activity actions: upcoming activities (near the caller when a location is given), detail with the
 * caller's sign-up and waitlist place, creation by a captain, sign-up and cancellation through the
 * guarded seat counter (./seats), and the caller's own service record.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { distanceM, fromPoint, toPoint } from '../../src/core/geo'
import type { ActivityView, MySignup, VolunteersContract } from '../../src/volunteers/contract'
import { newActivityCodeKey } from '../../src/volunteers/attendance'
import type { ActivityDoc, SignupDoc } from '../../src/volunteers/model'
import { audienceOf, checkActivityTimes, checkCancelAllowed, checkSignupAllowed, signupDocId } from '../../src/volunteers/signup'
import { addOnce, findAll, type Database } from '../_runtime/db'
import type { ActionContext, ActionTable } from '../_runtime/router'
import { findStation } from '../stations/store'
import { requireCleanTexts } from '../_runtime/content'
import { notifyPromoted } from './notify'
import { fillSeats, releaseSeat } from './seats'
import { addressesOf, findSignup, isMemberOf, managedTeam, normaliseActivity, normaliseSignup, requireActivity, requireTeam, teamNames } from './store'
import { activityPlace, activitySummary, mySignup } from './views'

type ActivityActions = Pick<ActionTable<VolunteersContract>, 'listActivities' | 'activityDetail' | 'createActivity' | 'signUp' | 'cancelSignup' | 'myActivities'>

const NEAR_RADIUS_M = 30_000

/** 1-based place among the waitlisted (earlier waits first), or null when not waiting. */
export async function positionOf(db: Database, signup: SignupDoc): Promise<number | null> {
  if (signup.state !== 'waitlisted' || !signup.waitlistedAt) return null
  const _ = db.command
  const ahead = await db.collection(Collection.activitySignups).where({ activityId: signup.activityId, state: 'waitlisted', waitlistedAt: _.lt(signup.waitlistedAt) }).count()
  return ahead.total + 1
}

export async function mySignupView(db: Database, signup: SignupDoc): Promise<MySignup> {
  return mySignup(signup, await positionOf(db, signup))
}

export async function activityView(ctx: ActionContext, activity: ActivityDoc): Promise<ActivityView> {
  // The team is read alongside the rest (one round trip less); a missing team still refuses.
  const [team, addresses, signup, waitlist, isTeamMember] = await Promise.all([
    requireTeam(ctx.db, activity.teamId),
    addressesOf(ctx.db, [activity]),
    findSignup(ctx.db, signupDocId(activity._id, ctx.userId)),
    ctx.db.collection(Collection.activitySignups).where({ activityId: activity._id, state: 'waitlisted' }).count(),
    isMemberOf(ctx.db, activity.teamId, ctx.userId),
  ])
  const place = activityPlace(activity)
  return {
    ...activitySummary(activity, team.name, addresses.get(activity._id) ?? ''),
    description: activity.description,
    ...place,
    waitlistCount: waitlist.total,
    me: signup ? await mySignupView(ctx.db, signup) : null,
    canManage: ctx.perms.isAdmin || team.captainIds.includes(ctx.userId),
    isTeamMember,
  }
}

/**
 * Cancels one live sign-up (guarded on its state, before any attendance), gives its place back and
 * promotes the queue. Shared by the person's own cancellation and by leaving or removal from the team.
 */
export async function cancelOne(ctx: ActionContext, activity: ActivityDoc, signup: Pick<SignupDoc, '_id' | 'state'>): Promise<boolean> {
  const res = await ctx.db
    .collection(Collection.activitySignups)
    .where({ _id: signup._id, state: signup.state, attendance: 'none' })
    .update({ data: { state: 'cancelled', cancelledAt: ctx.now, updatedAt: ctx.now } })
  if (res.stats.updated !== 1) return false
  if (signup.state === 'signed_up') {
    await releaseSeat(ctx.db, activity._id)
    const promoted = await fillSeats(ctx.db, activity, ctx.now)
    if (promoted.length) await notifyPromoted(ctx, promoted, activity)
  }
  return true
}

/** Someone who leaves or is removed from a team gives up their places in its activities that have not started. */
export async function withdrawFromTeamActivities(ctx: ActionContext, teamId: string, userId: string): Promise<number> {
  const _ = ctx.db.command
  const live = (await ctx.db.collection<SignupDoc>(Collection.activitySignups).where({ teamId, userId, state: _.in(['signed_up', 'waitlisted']), attendance: 'none' }).limit(50).get()).data
  let n = 0
  for (const s of live) {
    const activity = await requireActivity(ctx.db, s.activityId)
    if (activity.startAt.getTime() <= ctx.now.getTime() || audienceOf(activity) !== 'team') continue
    if (await cancelOne(ctx, activity, s)) n++
  }
  return n
}

export const activityActions: ActivityActions = {
  listActivities: {
    roles: 'any',
    handler: async ({ near, teamId, limit }, ctx) => {
      const _ = ctx.db.command
      const where: Record<string, unknown> = { endAt: _.gt(ctx.now), state: _.in(['open', 'closed']) }
      if (teamId) where.teamId = teamId
      const n = limit ?? 20
      let docs: ActivityDoc[]
      if (near) {
        // Nearest first within 30 km (geo index), then shown soonest first.
        where.location = _.geoNear({ geometry: ctx.db.Geo.Point(near.lng, near.lat), maxDistance: NEAR_RADIUS_M })
        docs = (await ctx.db.collection(Collection.activities).where(where).limit(n).get()).data.map(normaliseActivity)
        docs.sort((a, b) => a.startAt.getTime() - b.startAt.getTime())
      } else {
        docs = (await ctx.db.collection(Collection.activities).where(where).orderBy('startAt', 'asc').limit(n).get()).data.map(normaliseActivity)
      }
      const [names, addresses] = await Promise.all([teamNames(ctx.db, docs.map((a) => a.teamId)), addressesOf(ctx.db, docs)])
      return {
        items: docs.map((a) => activitySummary(a, names.get(a.teamId) ?? '', addresses.get(a._id) ?? '', near ? distanceM(near, fromPoint(a.location)) : undefined)),
      }
    },
  },

  activityDetail: {
    roles: 'any',
    handler: async ({ activityId }, ctx) => activityView(ctx, await requireActivity(ctx.db, activityId)),
  },

  createActivity: {
    roles: 'any',
    handler: async (input, ctx) => {
      const team = await managedTeam(ctx, input.teamId)
      const startAt = new Date(input.startAt)
      const endAt = new Date(input.endAt)
      const signupDeadline = new Date(input.signupDeadline)
      checkActivityTimes({ startAt, endAt, signupDeadline }, ctx.now)
      let location = input.location
      let address = input.address
      if (input.stationId) {
        const st = await findStation(ctx.db, input.stationId)
        if (!st) throw new AppError('NOT_FOUND', '没有找到这个驿站', 'stationId')
        location ??= fromPoint(st.location)
        address ??= `${st.name}（${st.address.detail}）`
      }
      if (!location) throw new AppError('INVALID_ARGUMENT', '请选择活动地点（驿站或地图位置）', 'location')
      if (!address) throw new AppError('INVALID_ARGUMENT', '请填写集合地址', 'address')
      // A station's own name and address passed its check when the station was saved.
      await requireCleanTexts(ctx, [
        { text: input.title, field: 'title', scene: 1, message: '活动标题里有不适宜的内容（如广告、辱骂），请修改标题后再发布' },
        { text: input.description, field: 'description', scene: 1, message: '活动介绍里有不适宜的内容（如广告、辱骂），请修改介绍后再发布' },
        { text: input.address, field: 'address', scene: 1, message: '集合地址里有不适宜的内容，请改成具体的地点后再发布' },
      ])
      const codeKey = newActivityCodeKey()
      const data: Omit<ActivityDoc, '_id'> & { location: unknown } = {
        teamId: team._id,
        title: input.title,
        description: input.description,
        location: ctx.db.Geo.Point(location.lng, location.lat),
        address,
        startAt,
        endAt,
        signupDeadline,
        capacity: input.capacity,
        signedUp: 0,
        hoursCredit: Math.round(((endAt.getTime() - startAt.getTime()) / 3_600_000) * 2) / 2,
        state: 'open',
        audience: input.audience,
        radiusM: input.radiusM ?? 200,
        codeKey,
        code: codeKey.code,
        createdBy: ctx.userId,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      }
      if (input.stationId) data.stationId = input.stationId
      const { _id } = await ctx.db.collection(Collection.activities).add({ data: data as unknown as Record<string, unknown> })
      return activityView(ctx, { ...(data as unknown as ActivityDoc), _id, location: toPoint(location) })
    },
  },

  signUp: {
    roles: 'any',
    handler: async ({ activityId }, ctx) => {
      const activity = await requireActivity(ctx.db, activityId)
      const id = signupDocId(activityId, ctx.userId)
      const existing = await findSignup(ctx.db, id)
      const isTeamMember = await isMemberOf(ctx.db, activity.teamId, ctx.userId)
      if (checkSignupAllowed({ activity, isTeamMember, existing, now: ctx.now }) === 'existing') return mySignupView(ctx.db, existing as SignupDoc)

      // Join the back of the queue first; the guarded seat counter then promotes in queue order.
      const queued = { state: 'waitlisted', waitlistedAt: ctx.now, attendance: 'none', updatedAt: ctx.now }
      if (!existing) {
        // A concurrent tap stored the sign-up first: answer that one.
        if (!(await addOnce(ctx.db, Collection.activitySignups, { _id: id, activityId, teamId: activity.teamId, userId: ctx.userId, ...queued, createdAt: ctx.now }))) {
          return mySignupView(ctx.db, (await findSignup(ctx.db, id)) as SignupDoc)
        }
      } else {
        const _ = ctx.db.command
        const res = await ctx.db.collection(Collection.activitySignups).where({ _id: id, state: 'cancelled' }).update({ data: { ...queued, cancelledAt: _.remove(), promotedAt: _.remove() } })
        if (res.stats.updated !== 1) return mySignupView(ctx.db, (await findSignup(ctx.db, id)) as SignupDoc)
      }
      const promoted = await fillSeats(ctx.db, activity, ctx.now)
      const others = promoted.filter((u) => u !== ctx.userId)
      if (others.length) await notifyPromoted(ctx, others, activity)
      return mySignupView(ctx.db, (await findSignup(ctx.db, id)) as SignupDoc)
    },
  },

  cancelSignup: {
    roles: 'any',
    handler: async ({ activityId }, ctx) => {
      const activity = await requireActivity(ctx.db, activityId)
      const id = signupDocId(activityId, ctx.userId)
      const signup = await findSignup(ctx.db, id)
      checkCancelAllowed(activity, signup, ctx.now)
      await cancelOne(ctx, activity, signup as SignupDoc)
      return mySignupView(ctx.db, (await findSignup(ctx.db, id)) as SignupDoc)
    },
  },

  myActivities: {
    roles: 'any',
    handler: async ({ page }, ctx) => {
      const _ = ctx.db.command
      const limit = page?.limit ?? 20
      const offset = page?.offset ?? 0
      // Reads that wait on nothing else start together: the page of signups and the attended totals, then
      // the activities and each signup's waitlist place, then the team names and meeting places.
      const [res, attended] = await Promise.all([
        ctx.db
          .collection<SignupDoc>(Collection.activitySignups)
          .where({ userId: ctx.userId, state: _.in(['signed_up', 'waitlisted']) })
          .orderBy('createdAt', 'desc')
          .orderBy('_id', 'asc')
          .skip(offset)
          .limit(limit + 1)
          .get(),
        findAll<SignupDoc>(ctx.db, Collection.activitySignups, { userId: ctx.userId, attendance: 'attended' }, 2000),
      ])
      const signups = res.data.slice(0, limit).map(normaliseSignup)
      const [acts, mine] = await Promise.all([
        signups.length
          ? ctx.db
              .collection(Collection.activities)
              .where({ _id: _.in(signups.map((s) => s.activityId)) })
              .limit(signups.length)
              .get()
              .then((r) => r.data.map(normaliseActivity))
          : Promise.resolve([]),
        Promise.all(signups.map((s) => mySignupView(ctx.db, s))),
      ])
      const byId = new Map(acts.map((a) => [a._id, a]))
      const [names, addresses] = await Promise.all([teamNames(ctx.db, acts.map((a) => a.teamId)), addressesOf(ctx.db, acts)])
      const items = []
      for (const [i, s] of signups.entries()) {
        const a = byId.get(s.activityId)
        if (!a) continue
        items.push({ ...activitySummary(a, names.get(a.teamId) ?? '', addresses.get(a._id) ?? ''), me: mine[i] })
      }
      const totals = {
        activities: attended.length,
        hours: attended.reduce((sum, s) => sum + (s.hours ?? 0), 0),
        points: attended.reduce((sum, s) => sum + (s.points ?? 0), 0),
      }
      return { items, totals, hasMore: res.data.length > limit }
    },
  },
}
