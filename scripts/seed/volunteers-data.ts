/**
 * Demo data of the volunteers domain, on top of the teams and activities demo-data.ts seeds: team
 * types and audiences, a 助老 team led by the dev captain that the dev worker has not joined yet (the
 * join → approve → sign up → attend story starts there), an activity of it tomorrow, sign-up documents
 * behind every seeded `signedUp` counter (so counters equal places held), attended history with hours
 * for the finished activities, a pending join request for the captain's screen, and a deterministic
 * attendance code key per activity. Deterministic for a given `now`.
 */
import { createHmac } from 'node:crypto'
import { Collection } from '../../src/core/collections'
import { startOfChinaDay } from '../../src/core/time'
import type { RoleGrantDoc } from '../../src/users/model'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import type { ActivityCodeKey, ActivityDoc, SignupDoc, TeamDoc, TeamMemberDoc } from '../../src/volunteers/model'
import { creditableMinutes, hoursFromMinutes } from '../../src/volunteers/hours'
import type { DemoData } from './demo-data'

const DEMO_KEY = 'nuanxin-local-demo-only'
const DAY = 86_400_000
const HOUR = 3_600_000
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

export const DEMO_TEAM_ID = 'team-lf-zl'
export const DEMO_ACTIVITY_ID = 'act-lf-zl-001'

/** The seeded attendance code key of an activity: stable so printed demo codes keep working. */
export function demoActivityKey(activityId: string): ActivityCodeKey {
  const mac = createHmac('sha256', DEMO_KEY).update(`activity-key|${activityId}`).digest()
  let code = ''
  for (const b of mac.subarray(0, 8)) code += CODE_ALPHABET[b % CODE_ALPHABET.length]
  return { code, keyVersion: 1, secret: mac.subarray(8).toString('base64url') }
}

export function buildVolunteersDemo(data: DemoData, now: Date): DemoData {
  const today = startOfChinaDay(now)
  const captain = userIdFor('dev-team-captain')
  const baseTeams = (data[Collection.teams] ?? []) as unknown as TeamDoc[]
  const baseMembers = (data[Collection.teamMembers] ?? []) as unknown as TeamMemberDoc[]
  const baseActivities = (data[Collection.activities] ?? []) as unknown as ActivityDoc[]
  const grants = (data[Collection.roleGrants] ?? []) as unknown as RoleGrantDoc[]

  const teams: TeamDoc[] = baseTeams.map((t) => ({ ...t, type: t.name.includes('先锋') ? 'pioneer' : 'volunteer' }))
  const zl: TeamDoc = {
    _id: DEMO_TEAM_ID,
    name: '娄葑助老志愿服务队',
    type: 'volunteer',
    district: '苏州工业园区',
    street: '娄葑街道',
    community: '文萃社区',
    description: '为社区独居老人送餐、陪伴聊天、代买药品；利用送单间隙就近服务。',
    captainIds: [captain],
    memberCount: 1,
    createdAt: new Date(today.getTime() - 30 * DAY),
  }
  teams.push(zl)

  const members: TeamMemberDoc[] = baseMembers.map((m) => ({ ...m, requestedAt: m.joinedAt }))
  members.push({ _id: `${zl._id}:${captain}`, teamId: zl._id, userId: captain, state: 'member', role: 'captain', joinedAt: zl.createdAt, requestedAt: zl.createdAt })
  const asker = userIdFor('seed-worker-07')
  members.push({ _id: `${zl._id}:${asker}`, teamId: zl._id, userId: asker, state: 'pending', role: 'member', joinedAt: new Date(today.getTime() - DAY), requestedAt: new Date(today.getTime() - DAY), note: '每天下午三点后有空' })

  const roleGrants = grants.map((g) =>
    g.userId === captain && g.role === 'team_captain'
      ? { ...g, scopes: [...g.scopes, { kind: 'team' as const, id: zl._id, name: zl.name }], scopeIds: [...g.scopeIds, zl._id] }
      : g,
  )

  const lfStation = ((data[Collection.stations] ?? []) as unknown as Array<{ _id: string; location: ActivityDoc['location'] }>).find((s) => s._id === 'st-lf-002')
  // `today` is China midnight, so adding the hour gives that hour in China time.
  const at = (days: number, hour: number) => new Date(today.getTime() + days * DAY + hour * HOUR)
  const activities: ActivityDoc[] = baseActivities.map((a) => ({ ...a, audience: a._id === 'act-sw-001' ? 'all' : 'team', radiusM: 200 }))
  if (lfStation) {
    activities.push({
      _id: DEMO_ACTIVITY_ID,
      teamId: zl._id,
      title: '独居老人助餐陪伴',
      description: '到文萃社区独居老人家中送午餐，陪老人聊聊天，检查燃气和用电安全。',
      stationId: 'st-lf-002',
      location: lfStation.location,
      startAt: at(1, 10),
      endAt: at(1, 12),
      signupDeadline: at(1, 8),
      capacity: 6,
      signedUp: 0,
      hoursCredit: 2,
      state: 'open',
      audience: 'team',
      radiusM: 200,
      createdBy: captain,
      createdAt: new Date(today.getTime() - 2 * DAY),
    })
  }

  // Sign-ups behind each counter: team members first, never more than the counter says.
  const signups: SignupDoc[] = []
  for (const a of activities) {
    const roster = members.filter((m) => m.teamId === a.teamId && m.state === 'member').map((m) => m.userId)
    const finished = a.endAt.getTime() < now.getTime()
    const held = roster.slice(0, Math.min(a.signedUp, a.capacity))
    a.signedUp = held.length
    for (const [i, userId] of held.entries()) {
      const signedAt = new Date(a.createdAt.getTime() + (i + 1) * HOUR)
      const s: SignupDoc = { _id: `${a._id}:${userId}`, activityId: a._id, teamId: a.teamId, userId, state: 'signed_up', signedUpAt: signedAt, waitlistedAt: signedAt, attendance: 'none', createdAt: signedAt, updatedAt: signedAt }
      if (finished) {
        if (i % 5 === 4) Object.assign(s, { attendance: 'no_show', attendanceSource: 'captain', markedBy: a.createdBy, markReason: '结束考勤时未签到' })
        else {
          const checkInAt = new Date(a.startAt.getTime() + (i % 3) * 10 * 60_000)
          const minutes = creditableMinutes(checkInAt, a.endAt, a)
          const hours = hoursFromMinutes(minutes)
          // demo-data.ts credits these hours under the key the volunteers function uses: mark them credited so nothing credits twice.
          Object.assign(s, { attendance: 'attended', attendanceSource: 'scan', checkInAt, checkOutAt: a.endAt, minutes, hours, creditedAt: a.endAt })
        }
      }
      signups.push(s)
    }
    const key = demoActivityKey(a._id)
    a.codeKey = key
    a.code = key.code
  }

  return {
    [Collection.teams]: teams as unknown as DemoData['teams'],
    [Collection.teamMembers]: members as unknown as DemoData['team_members'],
    [Collection.activities]: activities as unknown as DemoData['activities'],
    [Collection.activitySignups]: signups as unknown as DemoData['activity_signups'],
    [Collection.roleGrants]: roleGrants as unknown as DemoData['role_grants'],
  }
}
