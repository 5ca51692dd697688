/**
 * The volunteers demo data is consistent: every seat counter equals the places held, nobody is
 * credited twice, the dev worker has a team left to join (led by the dev captain, whose grant names
 * it), and every activity's code key makes a valid, verifiable scene.
 */
import { Collection } from '../../src/core/collections'
import type { RoleGrantDoc } from '../../src/users/model'
import { activityScene, verifyActivityScene } from '../../src/volunteers/attendance'
import type { ActivityDoc, SignupDoc, TeamDoc, TeamMemberDoc } from '../../src/volunteers/model'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { buildDemoData } from '../../scripts/seed/demo-data'
import { DEMO_ACTIVITY_ID, DEMO_TEAM_ID, demoActivityKey } from '../../scripts/seed/volunteers-data'

const now = new Date('2025-06-02T02:00:00.000Z')
const data = buildDemoData({ now })
const teams = data[Collection.teams] as unknown as TeamDoc[]
const members = data[Collection.teamMembers] as unknown as TeamMemberDoc[]
const activities = data[Collection.activities] as unknown as ActivityDoc[]
const signups = data[Collection.activitySignups] as unknown as SignupDoc[]

describe('volunteers demo data', () => {
  it('backs every seat counter with exactly that many places held, within capacity', () => {
    for (const a of activities) {
      const held = signups.filter((s) => s.activityId === a._id && s.state === 'signed_up')
      expect([a._id, held.length]).toEqual([a._id, a.signedUp])
      expect(a.signedUp).toBeLessThanOrEqual(a.capacity)
      for (const s of held) expect(members.some((m) => m.teamId === a.teamId && m.userId === s.userId && m.state === 'member')).toBe(true)
    }
  })

  it('keeps member counts equal to members, and every team typed with a captain on its roster', () => {
    for (const t of teams) {
      expect(['volunteer', 'pioneer']).toContain(t.type)
      expect(members.filter((m) => m.teamId === t._id && m.state === 'member')).toHaveLength(t.memberCount)
      for (const c of t.captainIds) expect(members.find((m) => m._id === `${t._id}:${c}`)?.role).toBe('captain')
    }
  })

  it('leaves the dev worker a team to join, led by the dev captain whose grant names it', () => {
    expect(members.find((m) => m.teamId === DEMO_TEAM_ID && m.userId === userIdFor('dev-worker'))).toBeUndefined()
    expect(teams.find((t) => t._id === DEMO_TEAM_ID)?.captainIds).toEqual([userIdFor('dev-team-captain')])
    const grant = (data[Collection.roleGrants] as unknown as RoleGrantDoc[]).find((g) => g.userId === userIdFor('dev-team-captain') && g.role === 'team_captain')
    expect(grant?.scopeIds).toEqual(expect.arrayContaining(['team-lf-xfg', DEMO_TEAM_ID]))
    const act = activities.find((a) => a._id === DEMO_ACTIVITY_ID)!
    expect(act.startAt.getTime()).toBeGreaterThan(now.getTime())
    expect(act.signupDeadline.getTime()).toBeGreaterThan(now.getTime())
  })

  it('marks finished activities’ attendance as already credited, and gives every activity a working code', () => {
    for (const s of signups.filter((x) => x.attendance === 'attended')) {
      expect(s.creditedAt).toBeDefined()
      expect(s.hours).toBeGreaterThan(0)
    }
    for (const a of activities) {
      expect(a.codeKey).toEqual(demoActivityKey(a._id))
      expect(() => verifyActivityScene(activityScene(a.codeKey!), a.codeKey)).not.toThrow()
    }
    expect(new Set(activities.map((a) => a.code)).size).toBe(activities.length)
  })
})
