/**
 * Volunteers persistence: reading teams, roster lines, activities and sign-ups in their stored shape
 * (dates and geo points as the SDK returns them), names for display, and the object-level checks
 * "is this caller a member / a captain of THIS team".
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { toGeoPoint } from '../../src/core/geo'
import type { UserDoc } from '../../src/users/model'
import { requireCaptain } from '../../src/volunteers/membership'
import type { ActivityDoc, SignupDoc, TeamDoc, TeamMemberDoc } from '../../src/volunteers/model'
import { memberDocId } from '../../src/volunteers/membership'
import { getById, type Database } from '../_runtime/db'
import type { ActionContext } from '../_runtime/router'
import { normaliseStation } from '../stations/store'

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string))
const optDate = (v: unknown): Date | undefined => (v === undefined || v === null ? undefined : asDate(v))

export async function findTeam(db: Database, teamId: string): Promise<TeamDoc | null> {
  const t = await getById<TeamDoc>(db, Collection.teams, teamId)
  return t ? { ...t, captainIds: Array.isArray(t.captainIds) ? t.captainIds : [], memberCount: t.memberCount ?? 0, createdAt: asDate(t.createdAt) } : null
}

export async function requireTeam(db: Database, teamId: string): Promise<TeamDoc> {
  const team = await findTeam(db, teamId)
  if (!team) throw new AppError('NOT_FOUND', '没有找到这支队伍', 'teamId')
  return team
}

/** The team, after checking the caller captains it (or is an admin). */
export async function managedTeam(ctx: ActionContext, teamId: string): Promise<TeamDoc> {
  const team = await requireTeam(ctx.db, teamId)
  requireCaptain(team, ctx.userId, ctx.perms.isAdmin)
  return team
}

export function normaliseMember(m: TeamMemberDoc): TeamMemberDoc {
  return { ...m, joinedAt: asDate(m.joinedAt), requestedAt: optDate(m.requestedAt), decidedAt: optDate(m.decidedAt), updatedAt: optDate(m.updatedAt) }
}

export async function findMember(db: Database, teamId: string, userId: string): Promise<TeamMemberDoc | null> {
  const m = await getById<TeamMemberDoc>(db, Collection.teamMembers, memberDocId(teamId, userId))
  return m ? normaliseMember(m) : null
}

export async function isMemberOf(db: Database, teamId: string, userId: string): Promise<boolean> {
  return (await findMember(db, teamId, userId))?.state === 'member'
}

export function normaliseActivity(raw: Record<string, unknown>): ActivityDoc {
  const a = raw as unknown as ActivityDoc
  return {
    ...a,
    location: toGeoPoint(raw.location),
    startAt: asDate(a.startAt),
    endAt: asDate(a.endAt),
    signupDeadline: asDate(a.signupDeadline),
    createdAt: asDate(a.createdAt),
    signedUp: a.signedUp ?? 0,
  }
}

export async function findActivity(db: Database, activityId: string): Promise<ActivityDoc | null> {
  const raw = await getById<Record<string, unknown>>(db, Collection.activities, activityId)
  return raw ? normaliseActivity(raw) : null
}

export async function requireActivity(db: Database, activityId: string): Promise<ActivityDoc> {
  const a = await findActivity(db, activityId)
  if (!a) throw new AppError('NOT_FOUND', '没有找到这个活动，可能已被取消', 'activityId')
  return a
}

export function normaliseSignup(s: SignupDoc): SignupDoc {
  return {
    ...s,
    attendance: s.attendance ?? 'none',
    signedUpAt: optDate(s.signedUpAt),
    waitlistedAt: optDate(s.waitlistedAt),
    promotedAt: optDate(s.promotedAt),
    cancelledAt: optDate(s.cancelledAt),
    checkInAt: optDate(s.checkInAt),
    checkOutAt: optDate(s.checkOutAt),
    creditedAt: optDate(s.creditedAt),
    createdAt: asDate(s.createdAt),
    updatedAt: asDate(s.updatedAt),
  }
}

export async function findSignup(db: Database, signupId: string): Promise<SignupDoc | null> {
  const s = await getById<SignupDoc>(db, Collection.activitySignups, signupId)
  return s ? normaliseSignup(s) : null
}

/** Nicknames by userId (bounded reads of 100); unknown users read as 志愿者. */
export async function nicknames(db: Database, userIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)].slice(0, 2000)
  const out = new Map<string, string>()
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100)
    const res = await db.collection<UserDoc>(Collection.users).where({ _id: db.command.in(chunk) }).field({ _id: true, nickname: true }).limit(chunk.length).get()
    for (const u of res.data) out.set(u._id, u.nickname)
  }
  return out
}

/** Where to meet: the activity's own address, else its station's name. */
export async function addressesOf(db: Database, activities: ActivityDoc[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const needStation = activities.filter((a) => !a.address && a.stationId)
  const stationIds = [...new Set(needStation.map((a) => a.stationId as string))]
  const stations = new Map<string, string>()
  const ids = stationIds.slice(0, 50)
  // One batched read, not one round trip per station.
  const found = ids.length ? (await db.collection<Record<string, unknown>>(Collection.stations).where({ _id: db.command.in(ids) }).limit(ids.length).get()).data : []
  for (const st of found.map(normaliseStation)) stations.set(st._id, `${st.name}（${st.address.detail}）`)
  for (const a of activities) out.set(a._id, a.address ?? (a.stationId ? stations.get(a.stationId) : undefined) ?? '活动地点见详情')
  return out
}

export async function teamNames(db: Database, teamIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(teamIds)].slice(0, 100)
  const out = new Map<string, string>()
  if (ids.length === 0) return out
  const res = await db.collection<TeamDoc>(Collection.teams).where({ _id: db.command.in(ids) }).field({ _id: true, name: true }).limit(ids.length).get()
  for (const t of res.data) out.set(t._id, t.name)
  return out
}
