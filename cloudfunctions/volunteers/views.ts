/**
 * Projections: what pages see of teams, roster lines, activities and sign-ups. No openids, no other
 * person's details beyond a nickname, no code secrets.
 */
import { fromPoint } from '../../src/core/geo'
import type { ActivitySummary, AttendanceRow, MyMembership, MySignup, RosterItem, TeamSummary } from '../../src/volunteers/contract'
import { volunteerNumber } from '../../src/volunteers/certificate'
import type { ActivityDoc, SignupDoc, TeamDoc, TeamMemberDoc } from '../../src/volunteers/model'
import { audienceOf } from '../../src/volunteers/signup'
import { DEFAULT_ACTIVITY_RADIUS_M } from '../../src/volunteers/attendance'

const isoOf = (d: Date | undefined) => (d ? new Date(d).toISOString() : undefined)

function compact<T extends object>(obj: T): T {
  for (const k of Object.keys(obj) as Array<keyof T>) if (obj[k] === undefined) delete obj[k]
  return obj
}

export function teamSummary(team: TeamDoc, names: Map<string, string>): TeamSummary {
  return compact({
    teamId: team._id,
    name: team.name,
    type: team.type ?? (team.name.includes('先锋') ? 'pioneer' : 'volunteer'),
    district: team.district,
    street: team.street,
    community: team.community,
    memberCount: team.memberCount,
    captainNames: team.captainIds.map((id) => names.get(id) ?? '队长'),
  })
}

export function membershipView(m: TeamMemberDoc): MyMembership {
  return compact({ state: m.state, role: m.role, since: new Date(m.state === 'pending' ? m.requestedAt ?? m.joinedAt : m.joinedAt).toISOString(), reason: m.reason })
}

export function rosterItem(m: TeamMemberDoc, names: Map<string, string>, hours: number, team: Pick<TeamDoc, 'captainIds'>): RosterItem {
  return compact({
    userId: m.userId,
    nickname: names.get(m.userId) ?? '志愿者',
    volunteerNo: volunteerNumber(m.userId),
    state: m.state,
    role: team.captainIds.includes(m.userId) ? 'captain' : 'member',
    since: new Date(m.state === 'pending' ? m.requestedAt ?? m.joinedAt : m.joinedAt).toISOString(),
    note: m.note,
    reason: m.reason,
    hours,
  })
}

export function activitySummary(a: ActivityDoc, teamName: string, address: string, distanceM?: number): ActivitySummary {
  return compact({
    activityId: a._id,
    teamId: a.teamId,
    teamName,
    title: a.title,
    startAt: a.startAt.toISOString(),
    endAt: a.endAt.toISOString(),
    signupDeadline: a.signupDeadline.toISOString(),
    address,
    capacity: a.capacity,
    signedUp: Math.min(a.signedUp, a.capacity),
    state: a.state,
    audience: audienceOf(a),
    distanceM: distanceM === undefined ? undefined : Math.round(distanceM),
  })
}

export function activityPlace(a: ActivityDoc): { lng: number; lat: number; radiusM: number } {
  const { lng, lat } = fromPoint(a.location)
  return { lng, lat, radiusM: a.radiusM ?? DEFAULT_ACTIVITY_RADIUS_M }
}

export function mySignup(s: SignupDoc, waitlistPosition: number | null): MySignup {
  return compact({
    state: s.state,
    waitlistPosition,
    attendance: s.attendance,
    checkInAt: isoOf(s.checkInAt),
    checkOutAt: isoOf(s.checkOutAt),
    hours: s.hours,
    points: s.points,
    certificateNo: s.certificateNo,
  })
}

export function attendanceRow(s: SignupDoc, names: Map<string, string>): AttendanceRow {
  return compact({
    userId: s.userId,
    nickname: names.get(s.userId) ?? '志愿者',
    state: s.state,
    attendance: s.attendance,
    checkInAt: isoOf(s.checkInAt),
    checkOutAt: isoOf(s.checkOutAt),
    hours: s.hours,
    points: s.points,
    source: s.attendanceSource,
    reason: s.markReason,
  })
}
