/**
 * Content security on the volunteer texts other people read, through the emulator's msgSecCheck (its
 * word list, and errors injected the way the platform answers them): an activity's title, description
 * and address, a join note, a captain's decline and removal reasons, a captain's 补记 (attendance) reason. A risky text is refused naming its
 * field with a message saying what to change, and nothing is written; a check that cannot run is
 * UNAVAILABLE (retry), never a silent pass.
 */
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import type { MyMembership, RosterItem } from '../../src/volunteers/contract'
import type { TeamMemberDoc } from '../../src/volunteers/model'
import { startProject, type Project } from '../support/project'
import { PLACE, HOUR, code, createActivity, data, iso, startActivity } from './support'

jest.setTimeout(180_000)

const TEAM = 'team-lf-xfg'
const RISKY = '加微信领红包'

let app: Project

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['volunteers'] })
})
afterAll(async () => {
  await app?.close()
})

function refusal(res: Envelope<unknown>): { code: string; field?: string; message: string } {
  if (res.ok) throw new Error('expected a refusal')
  return { code: res.error.code, field: res.error.field, message: res.error.message }
}

async function activityCount(): Promise<number> {
  return (await app.db.collection(Collection.activities).where({ teamId: TEAM }).count()).total
}

async function line(openid: string): Promise<TeamMemberDoc | undefined> {
  const res = await app.db.collection(Collection.teamMembers).where({ teamId: TEAM, userId: app.userIdOf(openid) }).get()
  return res.data[0] as TeamMemberDoc | undefined
}

function activityInput(over: Record<string, unknown>) {
  return {
    teamId: TEAM,
    title: '文明骑行劝导',
    description: '在路口劝导非机动车规范停放。',
    location: PLACE,
    address: '双湖广场东路口',
    startAt: iso(2 * HOUR),
    endAt: iso(4 * HOUR),
    signupDeadline: iso(HOUR),
    capacity: 5,
    audience: 'all',
    ...over,
  }
}

describe('activities', () => {
  it('refuses a risky title, description or address naming the field, and creates nothing', async () => {
    const before = await activityCount()
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ title: `${RISKY}骑行活动` }, 'title', /修改标题/],
      [{ description: `报名后${RISKY}` }, 'description', /修改介绍/],
      [{ address: `${RISKY}的路口` }, 'address', /地点/],
    ]
    for (const [over, field, message] of cases) {
      const r = refusal(await app.callAs('team_captain', 'volunteers', 'createActivity', activityInput(over)))
      expect(r).toMatchObject({ code: 'CONTENT_REJECTED', field })
      expect(r.message).toMatch(message)
    }
    expect(await activityCount()).toBe(before)
  })

  it('treats the platform’s 87014 as a refusal and a failed check as UNAVAILABLE; clean text is published', async () => {
    const before = await activityCount()
    app.emu.injectOpenApiError('security.msgSecCheck', 87014, 'risky content', 1)
    expect(code(await app.callAs('team_captain', 'volunteers', 'createActivity', activityInput({})))).toBe('CONTENT_REJECTED')
    app.emu.injectOpenApiError('security.msgSecCheck', 45009, 'quota', 1)
    expect(code(await app.callAs('team_captain', 'volunteers', 'createActivity', activityInput({})))).toBe('UNAVAILABLE')
    expect(await activityCount()).toBe(before)
    const act = await createActivity(app, { title: '周末驿站清洁' })
    expect(act.title).toBe('周末驿站清洁')
    expect(await activityCount()).toBe(before + 1)
  })
})

describe('team roster texts', () => {
  it('refuses a risky join note and records no request; the same person asks cleanly afterwards', async () => {
    const r = refusal(await app.call('volunteers', 'requestJoin', { teamId: TEAM, note: `${RISKY}，周末有空` }, 'o-vol-sec-1'))
    expect(r).toMatchObject({ code: 'CONTENT_REJECTED', field: 'note' })
    expect(r.message).toMatch(/留言/)
    expect(await line('o-vol-sec-1')).toBeUndefined()
    expect(data(await app.call<MyMembership>('volunteers', 'requestJoin', { teamId: TEAM, note: '周末有空' }, 'o-vol-sec-1')).state).toBe('pending')
  })

  it('refuses a risky decline reason and leaves the request pending', async () => {
    data(await app.call('volunteers', 'requestJoin', { teamId: TEAM }, 'o-vol-sec-2'))
    const uid = app.userIdOf('o-vol-sec-2')
    const r = refusal(await app.callAs('team_captain', 'volunteers', 'decideJoin', { teamId: TEAM, userId: uid, decision: 'decline', reason: `你是${RISKY}的吧` }))
    expect(r).toMatchObject({ code: 'CONTENT_REJECTED', field: 'reason' })
    expect(r.message).toMatch(/理由/)
    expect((await line('o-vol-sec-2'))?.state).toBe('pending')
    const declined = data(await app.callAs<RosterItem>('team_captain', 'volunteers', 'decideJoin', { teamId: TEAM, userId: uid, decision: 'decline', reason: '本队暂不招募新队员' }))
    expect(declined).toMatchObject({ state: 'declined', reason: '本队暂不招募新队员' })
  })

  it('refuses a risky removal reason: the member stays, with no audit entry', async () => {
    data(await app.call('volunteers', 'requestJoin', { teamId: TEAM }, 'o-vol-sec-3'))
    const uid = app.userIdOf('o-vol-sec-3')
    data(await app.callAs('team_captain', 'volunteers', 'decideJoin', { teamId: TEAM, userId: uid, decision: 'approve' }))
    const audits = async () => (await app.db.collection(Collection.auditLog).where({ action: 'team.remove_member', targetId: (await line('o-vol-sec-3'))?._id }).count()).total
    const r = refusal(await app.callAs('team_captain', 'volunteers', 'removeMember', { teamId: TEAM, userId: uid, reason: `${RISKY}不干活` }))
    expect(r).toMatchObject({ code: 'CONTENT_REJECTED', field: 'reason' })
    expect((await line('o-vol-sec-3'))?.state).toBe('member')
    expect(await audits()).toBe(0)
  })
})

describe('attendance sheet', () => {
  it('refuses a risky 补记 reason naming reason: the sign-up keeps its attendance, no audit entry; a clean reason marks it', async () => {
    const act = await createActivity(app, { title: '补记理由检查', capacity: 5 })
    data(await app.call('volunteers', 'signUp', { activityId: act.activityId }, 'o-vol-sec-4'))
    await startActivity(app, act.activityId, 70, 60)
    const uid = app.userIdOf('o-vol-sec-4')
    const id = `${act.activityId}:${uid}`
    const before = (await app.db.collection(Collection.activitySignups).doc(id).get()).data
    const r = refusal(await app.callAs('team_captain', 'volunteers', 'markAttendance', { activityId: act.activityId, userId: uid, mark: 'attended', reason: `${RISKY}，现场核实` }))
    expect(r).toMatchObject({ code: 'CONTENT_REJECTED', field: 'reason' })
    expect(r.message).toMatch(/补记理由/)
    expect((await app.db.collection(Collection.activitySignups).doc(id).get()).data).toEqual(before)
    expect((await app.db.collection(Collection.auditLog).where({ action: 'activity.mark_attendance', targetId: id }).count()).total).toBe(0)
    expect(data(await app.callAs<{ attendance: string }>('team_captain', 'volunteers', 'markAttendance', { activityId: act.activityId, userId: uid, mark: 'attended', reason: '手机没电，现场核实' })).attendance).toBe('attended')
  })
})
