/**
 * The volunteers function through the emulator and the real wx-server-sdk: many parallel sign-ups
 * never overfill an activity and the waitlist promotes in order (telling the promoted person);
 * attendance by the activity's QR with every rejection the function adds to the pure rules; hours and
 * points credited exactly once under retries; certificates; and authorization per role and per team.
 */
import { Collection } from '../../src/core/collections'
import { offsetM } from '../../src/core/geo'
import type { AttendResult, AttendanceRow, CertificateView, CertificateVerification, MySignup, RosterItem, ScanPreview, TeamView, MyMembership, ActivityView } from '../../src/volunteers/contract'
import type { SignupDoc } from '../../src/volunteers/model'
import { startProject, type Project } from '../support/project'
import { PLACE, code, createActivity, data, decodeQr, readAll, setHourRule, signedUpCounter, signups, startActivity } from './support'

jest.setTimeout(180_000)

let app: Project
let seq = 0
const key = () => `vol-key-${process.pid}-${++seq}`
const entry = { method: 'scan_code' as const }
const here = { ...PLACE, accuracy: 15 }

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['volunteers'] })
  await setHourRule(app)
})
afterAll(async () => {
  await app?.close()
})

async function ledgerFor(userId: string) {
  return readAll<{ _id: string; delta: number; kind?: string; source?: { id: string } }>(app.db, Collection.ledger, { userId })
}
async function balanceOf(userId: string): Promise<number> {
  const res = await app.db.collection(Collection.balances).where({ _id: userId }).get()
  return res.data[0]?.points ?? 0
}

describe('capacity and waitlist under concurrency', () => {
  it('never overfills: 16 parallel sign-ups for 3 places give 3 places and a 13-long ordered waitlist', async () => {
    const act = await createActivity(app, { capacity: 3 })
    const people = Array.from({ length: 16 }, (_, i) => `o-vol-rush-${i}`)
    const results = await Promise.all(people.map((p) => app.call<MySignup>('volunteers', 'signUp', { activityId: act.activityId }, p)))
    const states = results.map((r) => data(r).state)
    expect(states.filter((s) => s === 'signed_up')).toHaveLength(3)
    expect(states.filter((s) => s === 'waitlisted')).toHaveLength(13)
    const docs = await signups(app, act.activityId)
    expect(docs.filter((d) => d.state === 'signed_up')).toHaveLength(3)
    expect(await signedUpCounter(app, act.activityId)).toBe(3)
    const positions = results.map((r) => data(r).waitlistPosition).filter((p): p is number => p !== null)
    expect(Math.max(...positions)).toBeLessThanOrEqual(13)

    // The same person tapping five times at once still has one sign-up.
    const twice = await Promise.all(Array.from({ length: 5 }, () => app.call<MySignup>('volunteers', 'signUp', { activityId: act.activityId }, 'o-vol-rush-0')))
    expect(new Set(twice.map((r) => data(r).state)).size).toBe(1)
    expect((await signups(app, act.activityId)).filter((d) => d.userId === app.userIdOf('o-vol-rush-0'))).toHaveLength(1)
  })

  it('promotes the earliest waiting people when places free up, and tells them', async () => {
    const act = await createActivity(app, { capacity: 2 })
    const order = ['o-vol-p-a', 'o-vol-p-b', 'o-vol-p-c', 'o-vol-p-d', 'o-vol-p-e']
    for (const p of order) data(await app.call('volunteers', 'signUp', { activityId: act.activityId }, p))
    const detail = data(await app.call<ActivityView>('volunteers', 'activityDetail', { activityId: act.activityId }, 'o-vol-p-e'))
    expect(detail.me?.waitlistPosition).toBe(3)
    expect(detail.waitlistCount).toBe(3)
    const outboxBefore = app.emu.outbox.length

    // Both people holding places cancel at the same moment.
    const cancels = await Promise.all(['o-vol-p-a', 'o-vol-p-b'].map((p) => app.call<MySignup>('volunteers', 'cancelSignup', { activityId: act.activityId }, p)))
    for (const c of cancels) expect(data(c).state).toBe('cancelled')
    const docs = await signups(app, act.activityId)
    const holding = docs.filter((d) => d.state === 'signed_up').map((d) => d.userId)
    expect(holding.sort()).toEqual([app.userIdOf('o-vol-p-c'), app.userIdOf('o-vol-p-d')].sort())
    expect(await signedUpCounter(app, act.activityId)).toBe(2)
    expect(data(await app.call<ActivityView>('volunteers', 'activityDetail', { activityId: act.activityId }, 'o-vol-p-e')).me?.waitlistPosition).toBe(1)

    const notices = await readAll<{ userId: string; kind: string; refId: string }>(app.db, Collection.notifications, { refId: act.activityId })
    expect(notices.map((n) => n.userId).sort()).toEqual([app.userIdOf('o-vol-p-c'), app.userIdOf('o-vol-p-d')].sort())
    const sent = app.emu.outbox.slice(outboxBefore).filter((m) => m.api === 'subscribeMessage.send')
    expect(sent.map((m) => m.touser).sort()).toEqual(['o-vol-p-c', 'o-vol-p-d'])
    const startChina = new Date(new Date(act.startAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
    expect(sent[0]).toMatchObject({ page: `volunteers/pages/activity/index?id=${act.activityId}`, data: { thing1: { value: act.title }, time2: { value: startChina } } })

    // Re-signing after a cancellation joins the back of the queue.
    expect(data(await app.call<MySignup>('volunteers', 'signUp', { activityId: act.activityId }, 'o-vol-p-a'))).toMatchObject({ state: 'waitlisted', waitlistPosition: 2 })
  })

  it('keeps the counter equal to the places held through a storm of sign-ups and cancellations', async () => {
    const act = await createActivity(app, { capacity: 4 })
    const people = Array.from({ length: 12 }, (_, i) => `o-vol-storm-${i}`)
    await Promise.all(people.map((p) => app.call('volunteers', 'signUp', { activityId: act.activityId }, p)))
    const ops = people.flatMap((p, i) => (i % 2 === 0 ? [app.call('volunteers', 'cancelSignup', { activityId: act.activityId }, p)] : [app.call('volunteers', 'signUp', { activityId: act.activityId }, p)]))
    ops.push(...people.slice(0, 4).map((p) => app.call('volunteers', 'signUp', { activityId: act.activityId }, p)))
    await Promise.all(ops)
    const docs = await signups(app, act.activityId)
    const held = docs.filter((d) => d.state === 'signed_up').length
    const counter = await signedUpCounter(app, act.activityId)
    expect(counter).toBeLessThanOrEqual(4)
    expect(held).toBe(counter)
    // Nobody waits while a place is free.
    if (docs.some((d) => d.state === 'waitlisted')) expect(counter).toBe(4)
  })

  it('refuses sign-ups after the deadline and non-members of a team-only activity', async () => {
    const teamOnly = await createActivity(app, { audience: 'team' })
    expect(code(await app.call('volunteers', 'signUp', { activityId: teamOnly.activityId }, 'o-vol-outsider'))).toBe('FORBIDDEN')
    expect(data(await app.callAs<MySignup>('worker', 'volunteers', 'signUp', { activityId: teamOnly.activityId })).state).toBe('signed_up')
    await app.db.collection(Collection.activities).doc(teamOnly.activityId).update({ data: { signupDeadline: new Date(Date.now() - 1000) } })
    const late = await app.callAs('party_member', 'volunteers', 'signUp', { activityId: teamOnly.activityId })
    expect(code(late)).toBe('CONFLICT')
    expect(late.ok ? '' : late.error.message).toMatch(/截止/)
  })
})

describe('attendance by code', () => {
  let activityId: string
  let scene: string

  beforeAll(async () => {
    const act = await createActivity(app, { capacity: 5 })
    activityId = act.activityId
    for (const p of ['o-vol-att-1', 'o-vol-att-2', 'o-vol-att-3']) data(await app.call('volunteers', 'signUp', { activityId }, p))
    await startActivity(app, activityId, 5, 120)
    const qr = data(await app.callAs<{ scene: string; page: string; image: string }>('team_captain', 'volunteers', 'activityCode', { activityId }))
    scene = qr.scene
    expect(scene.length).toBeLessThanOrEqual(32)
    const text = await decodeQr(qr.image)
    expect(text).toContain('volunteers/pages/attend/index')
    expect(decodeURIComponent(new URL(text.replace('wxacode://', 'https://')).searchParams.get('scene') ?? '')).toBe(scene)
  })

  const attend = (openid: string, over: Record<string, unknown> = {}) =>
    app.call<AttendResult>('volunteers', 'attend', { scene, phase: 'in', entry, location: here, idempotencyKey: key(), ...over }, openid)

  it('previews, checks in once, and answers a repeated check-in without recording it again', async () => {
    const preview = data(await app.call<ScanPreview>('volunteers', 'scanPreview', { scene }, 'o-vol-att-1'))
    expect(preview).toMatchObject({ nextPhase: 'in', activity: { activityId } })
    const first = data(await attend('o-vol-att-1'))
    expect(first).toMatchObject({ phase: 'in', recorded: true, attendance: 'checked_in' })
    const again = data(await attend('o-vol-att-1'))
    expect(again).toMatchObject({ recorded: false, attendance: 'checked_in', checkInAt: first.checkInAt })
    expect(data(await app.call<ScanPreview>('volunteers', 'scanPreview', { scene }, 'o-vol-att-1')).nextPhase).toBe('out')
  })

  it('refuses every bad scan and changes nothing', async () => {
    const before = JSON.stringify(await signups(app, activityId))
    const last = scene.slice(-1)
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['o-vol-att-2', { scene: 'HJ001.1.AAAAAAAAAAAAAAAA' }, 'INVALID_ARGUMENT', /无法识别/],
      ['o-vol-att-2', { scene: scene.slice(0, -1) + (last === 'A' ? 'B' : 'A') }, 'FORBIDDEN', /校验未通过/],
      ['o-vol-att-2', { scene: 'a.ZZZZZZZZ.1.AAAAAAAAAAAAAAAA' }, 'NOT_FOUND', /没有找到/],
      ['o-vol-att-2', { entry: { method: 'launch', launchScene: 1048 } }, 'FORBIDDEN', /相册或转发/],
      ['o-vol-att-2', { location: { ...offsetM(PLACE, 400, 0), accuracy: 15 } }, 'OUT_OF_RANGE', /活动地点 200 米内/],
      ['o-vol-att-2', { location: { ...PLACE, accuracy: 2000 } }, 'OUT_OF_RANGE', /精度/],
      ['o-vol-att-2', { phase: 'out' }, 'CONFLICT', /先签到/],
      ['o-vol-nobody', {}, 'FORBIDDEN', /没有报名/],
      ['o-vol-att-2', { phase: 'sideways' }, 'INVALID_ARGUMENT', /phase/],
      ['o-vol-att-2', { idempotencyKey: 'x' }, 'INVALID_ARGUMENT', /idempotencyKey/],
    ]
    for (const [who, over, expected, text] of cases) {
      const res = await attend(who, over)
      expect([over, code(res)]).toEqual([over, expected])
      expect(res.ok ? '' : res.error.message).toMatch(text)
    }
    expect(JSON.stringify(await signups(app, activityId))).toBe(before)
  })

  it('checks out with hours = time between (capped by the activity) and credits points exactly once under retries', async () => {
    const user = app.userIdOf('o-vol-att-2')
    data(await attend('o-vol-att-2'))
    // 95 minutes pass: move the activity and the check-in back instead of waiting.
    await startActivity(app, activityId, 100, 120)
    await app.db.collection(Collection.activitySignups).doc(`${activityId}:${user}`).update({ data: { checkInAt: new Date(Date.now() - 95 * 60_000) } })
    const outs = await Promise.all(Array.from({ length: 6 }, () => attend('o-vol-att-2', { phase: 'out' })))
    const results = outs.map((r) => data(r))
    expect(results.filter((r) => r.recorded)).toHaveLength(1)
    for (const r of results) expect(r).toMatchObject({ attendance: 'attended', hours: 1.5, points: 15 })
    const entries = (await ledgerFor(user)).filter((e) => e.source?.id === activityId)
    expect(entries).toHaveLength(1)
    expect(entries[0].delta).toBe(15)
    expect(await balanceOf(user)).toBe(15)
    // A later retry of the whole check-out still changes nothing.
    expect(data(await attend('o-vol-att-2', { phase: 'out' }))).toMatchObject({ recorded: false, points: 15 })
    expect(await balanceOf(user)).toBe(15)

    const mine = data(await app.call<{ items: Array<{ activityId: string; me: MySignup }>; totals: { hours: number; points: number } }>('volunteers', 'myActivities', {}, 'o-vol-att-2'))
    expect(mine.totals).toMatchObject({ hours: 1.5, points: 15, activities: 1 })
    const item = mine.items.find((i) => i.activityId === activityId)!
    expect(item.me.certificateNo).toMatch(/^NX-\d{8}-[0-9A-Z]{6}-[0-9A-Z]{4}$/)

    const cert = data(await app.call<CertificateView>('volunteers', 'certificate', { activityId }, 'o-vol-att-2'))
    expect(cert).toMatchObject({ certificateNo: item.me.certificateNo, hours: 1.5, activityTitle: '文明骑行劝导（测试）', freeOfCharge: '本证明免费出具' })
    expect(cert.issuerName).toContain('小葑哥先锋服务队')
    expect(cert.volunteerNo).toMatch(/^NXV/)
    const verified = data(await app.call<CertificateVerification>('volunteers', 'verifyCertificate', { certificateNo: cert.certificateNo.toLowerCase() }, 'o-vol-someone'))
    expect(verified).toMatchObject({ valid: true, hours: 1.5, serviceDate: cert.serviceDate })
    const forged = cert.certificateNo.slice(0, -1) + (cert.certificateNo.endsWith('A') ? 'B' : 'A')
    expect(data(await app.call<CertificateVerification>('volunteers', 'verifyCertificate', { certificateNo: forged }, 'o-vol-someone'))).toMatchObject({ valid: false })
    expect(code(await app.call('volunteers', 'certificate', { activityId }, 'o-vol-att-3'))).toBe('NOT_FOUND')
  })
})

describe('captain marks and closing attendance', () => {
  let activityId: string
  beforeAll(async () => {
    const act = await createActivity(app, { capacity: 5 })
    activityId = act.activityId
    for (const p of ['o-vol-mark-1', 'o-vol-mark-2', 'dev-team-captain']) data(await app.call('volunteers', 'signUp', { activityId }, p))
    await startActivity(app, activityId, 150, 120)
  })

  it('nobody marks their own attendance; a reason is required; workers cannot mark', async () => {
    const self = await app.callAs('team_captain', 'volunteers', 'markAttendance', { activityId, userId: app.userIdOf('dev-team-captain'), mark: 'attended', reason: '我自己来了' })
    expect(code(self)).toBe('FORBIDDEN')
    expect(code(await app.callAs('team_captain', 'volunteers', 'markAttendance', { activityId, userId: app.userIdOf('o-vol-mark-1'), mark: 'attended' }))).toBe('INVALID_ARGUMENT')
    expect(code(await app.call('volunteers', 'markAttendance', { activityId, userId: app.userIdOf('o-vol-mark-1'), mark: 'attended', reason: '帮队友记一下' }, 'o-vol-mark-2'))).toBe('FORBIDDEN')
    // The admin may mark the captain.
    expect(data(await app.callAs<AttendanceRow>('admin', 'volunteers', 'markAttendance', { activityId, userId: app.userIdOf('dev-team-captain'), mark: 'attended', reason: '队长带队全程在场' }))).toMatchObject({ attendance: 'attended', hours: 2, source: 'captain' })
  })

  it('entered times outside the activity are refused naming the field, and nothing changes', async () => {
    const user = app.userIdOf('o-vol-mark-2')
    const before = (await app.db.collection(Collection.activitySignups).doc(`${activityId}:${user}`).get()).data
    const early = await app.callAs('team_captain', 'volunteers', 'markAttendance', { activityId, userId: user, mark: 'attended', reason: '手机没电，现场核实', checkInAt: new Date(Date.now() - 200 * 60_000).toISOString(), checkOutAt: new Date(Date.now() - 60 * 60_000).toISOString() })
    expect(early).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'checkInAt', message: expect.stringContaining('活动时间') } })
    expect((await app.db.collection(Collection.activitySignups).doc(`${activityId}:${user}`).get()).data).toEqual(before)
  })

  it('credits a marked attendance exactly once when the captain’s tap is retried', async () => {
    const user = app.userIdOf('o-vol-mark-1')
    const payload = { activityId, userId: user, mark: 'attended', reason: '手机没电，现场核实', checkInAt: new Date(Date.now() - 140 * 60_000).toISOString(), checkOutAt: new Date(Date.now() - 60 * 60_000).toISOString() }
    const tries = await Promise.all(Array.from({ length: 4 }, () => app.callAs<AttendanceRow>('team_captain', 'volunteers', 'markAttendance', payload)))
    const ok = tries.filter((t) => t.ok)
    expect(ok.length).toBeGreaterThanOrEqual(1)
    for (const t of tries) if (!t.ok) expect(t.error.code).toBe('CONFLICT')
    expect(data(ok[0])).toMatchObject({ attendance: 'attended', hours: 1, points: 10 })
    expect((await ledgerFor(user)).filter((e) => e.source?.id === activityId)).toHaveLength(1)
    expect(await balanceOf(user)).toBe(10)
    // Hours already credited cannot be re-marked.
    const again = await app.callAs('team_captain', 'volunteers', 'markAttendance', { ...payload, mark: 'no_show' })
    expect(code(again)).toBe('CONFLICT')
    const audit = await readAll<{ action: string; targetId: string }>(app.db, Collection.auditLog, { action: 'activity.mark_attendance' })
    expect(audit.some((a) => a.targetId === `${activityId}:${user}`)).toBe(true)
  })

  it('closes attendance after the end: sign-ups with nothing recorded become no-shows', async () => {
    const res = data(await app.callAs<{ noShows: number }>('team_captain', 'volunteers', 'closeAttendance', { activityId }))
    expect(res.noShows).toBe(1)
    const sheet = data(await app.callAs<{ rows: AttendanceRow[] }>('team_captain', 'volunteers', 'attendanceSheet', { activityId }))
    expect(sheet.rows.find((r) => r.userId === app.userIdOf('o-vol-mark-2'))?.attendance).toBe('no_show')
    expect(JSON.stringify(sheet)).not.toMatch(/o-vol-|openid|secret/)
  })
})

describe('teams: join, approve, remove, hand over, export', () => {
  it('a worker asks to join, the captain approves, the roster and CSV show them', async () => {
    const asked = data(await app.call<MyMembership>('volunteers', 'requestJoin', { teamId: 'team-lf-xfg', note: '周末有空' }, 'o-vol-join-1'))
    expect(asked.state).toBe('pending')
    expect(code(await app.call('volunteers', 'requestJoin', { teamId: 'team-lf-xfg' }, 'o-vol-join-1'))).toBe('CONFLICT')
    const before = data(await app.callAs<TeamView>('team_captain', 'volunteers', 'teamDetail', { teamId: 'team-lf-xfg' }))
    expect(before.canManage).toBe(true)
    expect(before.pendingCount).toBeGreaterThanOrEqual(1)
    const pending = data(await app.callAs<{ items: RosterItem[] }>('team_captain', 'volunteers', 'roster', { teamId: 'team-lf-xfg', state: 'pending' }))
    const line = pending.items.find((i) => i.userId === app.userIdOf('o-vol-join-1'))!
    expect(line.note).toBe('周末有空')
    const decided = await Promise.all([1, 2].map(() => app.callAs<RosterItem>('team_captain', 'volunteers', 'decideJoin', { teamId: 'team-lf-xfg', userId: line.userId, decision: 'approve' })))
    expect(decided.filter((d) => d.ok)).toHaveLength(1)
    const after = data(await app.callAs<TeamView>('team_captain', 'volunteers', 'teamDetail', { teamId: 'team-lf-xfg' }))
    expect(after.memberCount).toBe(before.memberCount + 1)
    expect(data(await app.call<TeamView>('volunteers', 'teamDetail', { teamId: 'team-lf-xfg' }, 'o-vol-join-1')).me).toMatchObject({ state: 'member', role: 'member' })

    const csv = data(await app.callAs<{ fileName: string; csv: string; rows: number }>('team_captain', 'volunteers', 'exportRoster', { teamId: 'team-lf-xfg' }))
    expect(csv.csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv.csv).toContain('先锋队长张师傅')
    expect(csv.csv.split('\r\n')[1]).toMatch(/^1,先锋队长张师傅,NXV[0-9A-F]+,队长,队员,/)
    expect(csv.fileName).toMatch(/^小葑哥先锋服务队-队员名单-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(csv.csv).not.toMatch(/o-vol-|dev-/)
  })

  it('declines need a reason; removal needs a reason and is audited; the person can ask again', async () => {
    data(await app.call('volunteers', 'requestJoin', { teamId: 'team-lf-xfg' }, 'o-vol-join-2'))
    const uid = app.userIdOf('o-vol-join-2')
    expect(code(await app.callAs('team_captain', 'volunteers', 'decideJoin', { teamId: 'team-lf-xfg', userId: uid, decision: 'decline' }))).toBe('INVALID_ARGUMENT')
    data(await app.callAs('team_captain', 'volunteers', 'decideJoin', { teamId: 'team-lf-xfg', userId: uid, decision: 'approve' }))
    expect(code(await app.callAs('team_captain', 'volunteers', 'removeMember', { teamId: 'team-lf-xfg', userId: uid }))).toBe('INVALID_ARGUMENT')
    expect(data(await app.callAs<RosterItem>('team_captain', 'volunteers', 'removeMember', { teamId: 'team-lf-xfg', userId: uid, reason: '长期未参加活动' }))).toMatchObject({ state: 'removed', reason: '长期未参加活动' })
    const audit = await readAll<{ targetId: string; reason: string }>(app.db, Collection.auditLog, { action: 'team.remove_member' })
    expect(audit.find((a) => a.targetId === `team-lf-xfg:${uid}`)?.reason).toBe('长期未参加活动')
    expect(data(await app.call<MyMembership>('volunteers', 'teamDetail', { teamId: 'team-lf-xfg' }, 'o-vol-join-2'))).toMatchObject({ me: { state: 'removed', reason: '长期未参加活动' } })
    expect(data(await app.call<MyMembership>('volunteers', 'requestJoin', { teamId: 'team-lf-xfg' }, 'o-vol-join-2')).state).toBe('pending')
  })

  it('removal or leaving gives up places in the team’s coming activities, and the queue moves up', async () => {
    const act = await createActivity(app, { capacity: 1, audience: 'team' })
    for (const p of ['o-vol-leave-1', 'o-vol-leave-2']) {
      data(await app.call('volunteers', 'requestJoin', { teamId: 'team-lf-xfg' }, p))
      data(await app.callAs('team_captain', 'volunteers', 'decideJoin', { teamId: 'team-lf-xfg', userId: app.userIdOf(p), decision: 'approve' }))
    }
    expect(data(await app.call<MySignup>('volunteers', 'signUp', { activityId: act.activityId }, 'o-vol-leave-1')).state).toBe('signed_up')
    expect(data(await app.call<MySignup>('volunteers', 'signUp', { activityId: act.activityId }, 'o-vol-leave-2')).state).toBe('waitlisted')
    expect(data(await app.callAs<MySignup>('party_member', 'volunteers', 'signUp', { activityId: act.activityId })).state).toBe('waitlisted')
    data(await app.callAs('team_captain', 'volunteers', 'removeMember', { teamId: 'team-lf-xfg', userId: app.userIdOf('o-vol-leave-1'), reason: '已离开本街道' }))
    let docs = await signups(app, act.activityId)
    expect(docs.find((d) => d.userId === app.userIdOf('o-vol-leave-1'))?.state).toBe('cancelled')
    expect(docs.find((d) => d.userId === app.userIdOf('o-vol-leave-2'))?.state).toBe('signed_up')
    data(await app.call('volunteers', 'leaveTeam', { teamId: 'team-lf-xfg' }, 'o-vol-leave-2'))
    docs = await signups(app, act.activityId)
    expect(docs.find((d) => d.userId === app.userIdOf('o-vol-leave-2'))?.state).toBe('cancelled')
    expect(docs.find((d) => d.userId === app.userIdOf('dev-party-member'))?.state).toBe('signed_up')
    expect(await signedUpCounter(app, act.activityId)).toBe(1)
  })

  it('only captains of THIS team manage it', async () => {
    const worker = app.devOpenid('worker')
    const tries: Array<[string, Record<string, unknown>]> = [
      ['roster', { teamId: 'team-lf-xfg' }],
      ['decideJoin', { teamId: 'team-lf-xfg', userId: app.userIdOf('o-vol-join-2'), decision: 'approve' }],
      ['removeMember', { teamId: 'team-lf-xfg', userId: app.userIdOf('o-vol-join-1'), reason: '试试看能不能' }],
      ['handOver', { teamId: 'team-lf-xfg', toUserId: app.userIdOf(worker) }],
      ['exportRoster', { teamId: 'team-lf-xfg' }],
    ]
    for (const [action, payload] of tries) expect([action, code(await app.callAs('worker', 'volunteers', action, payload))]).toEqual([action, 'FORBIDDEN'])
    // The captain of the 沙湾 team has no say over 娄葑's team.
    const otherCaptain = 'seed-worker-03'
    const other = data(await app.call<TeamView>('volunteers', 'teamDetail', { teamId: 'team-sw-thxg' }, otherCaptain))
    expect(other.canManage).toBe(true)
    expect(code(await app.call('volunteers', 'roster', { teamId: 'team-lf-xfg' }, otherCaptain))).toBe('FORBIDDEN')
    expect(code(await app.callAs('team_captain', 'volunteers', 'activityCode', { activityId: 'act-sw-001' }))).toBe('FORBIDDEN')
    expect(code(await app.callAs('worker', 'volunteers', 'attendanceSheet', { activityId: 'act-lf-001' }))).toBe('FORBIDDEN')
    expect(code(await app.callAs('worker', 'volunteers', 'closeAttendance', { activityId: 'act-lf-001' }))).toBe('FORBIDDEN')
    expect(code(await app.callAs('worker', 'volunteers', 'createActivity', { teamId: 'team-lf-xfg', title: '测试活动', description: '测试说明', location: PLACE, address: '某地', startAt: new Date(Date.now() + 7200e3).toISOString(), endAt: new Date(Date.now() + 9000e3).toISOString(), signupDeadline: new Date(Date.now() + 3600e3).toISOString(), capacity: 5, audience: 'all' }))).toBe('FORBIDDEN')
  })

  it('hands over the captaincy with the role grant and an audit entry', async () => {
    const teamId = 'team-lf-wc'
    const team = data(await app.callAs<TeamView>('admin', 'volunteers', 'teamDetail', { teamId }))
    const roster = data(await app.callAs<{ items: RosterItem[] }>('admin', 'volunteers', 'roster', { teamId, state: 'member' }))
    const oldCaptain = roster.items.find((r) => r.role === 'captain')!
    const next = roster.items.find((r) => r.role === 'member')!
    const oldOpenid = Array.from({ length: 30 }, (_, i) => `seed-worker-${String(i + 1).padStart(2, '0')}`).find((o) => app.userIdOf(o) === oldCaptain.userId)!
    const nextOpenid = Array.from({ length: 30 }, (_, i) => `seed-worker-${String(i + 1).padStart(2, '0')}`).find((o) => app.userIdOf(o) === next.userId)!
    expect(team.captainNames).toHaveLength(1)
    expect(code(await app.call('volunteers', 'handOver', { teamId, toUserId: app.userIdOf('o-vol-stranger') }, oldOpenid))).toBe('INVALID_ARGUMENT')
    expect(data(await app.call<{ captainIds: string[] }>('volunteers', 'handOver', { teamId, toUserId: next.userId, reason: '工作调动' }, oldOpenid)).captainIds).toEqual([next.userId])
    expect(code(await app.call('volunteers', 'roster', { teamId }, oldOpenid))).toBe('FORBIDDEN')
    expect(data(await app.call<TeamView>('volunteers', 'teamDetail', { teamId }, nextOpenid)).canManage).toBe(true)
    const grant = (await app.db.collection(Collection.roleGrants).where({ userId: next.userId, role: 'team_captain' }).get()).data[0]
    expect(grant.scopeIds).toContain(teamId)
    const oldGrant = (await app.db.collection(Collection.roleGrants).where({ userId: oldCaptain.userId, role: 'team_captain' }).get()).data[0]
    expect(oldGrant?.scopeIds ?? []).not.toContain(teamId)
    const audit = await readAll<{ targetId: string; reason: string }>(app.db, Collection.auditLog, { action: 'team.hand_over' })
    expect(audit.find((a) => a.targetId === teamId)?.reason).toBe('工作调动')
    // The only captain cannot simply leave.
    expect(code(await app.call('volunteers', 'leaveTeam', { teamId }, nextOpenid))).toBe('CONFLICT')
  })
})

describe('bad input', () => {
  it('refuses malformed payloads with the field named, and changes nothing', async () => {
    const before = (await readAll(app.db, Collection.activities)).length
    const cases: Array<[string, unknown, string]> = [
      ['signUp', {}, 'activityId'],
      ['signUp', { activityId: 'bad id!' }, 'activityId'],
      ['createActivity', { teamId: 'team-lf-xfg', title: 'x' }, 'title'],
      ['createActivity', { teamId: 'team-lf-xfg', title: '合法标题', description: '说明说明', location: PLACE, address: '某地某地', startAt: 'tomorrow', endAt: 'x', signupDeadline: 'y', capacity: 5, audience: 'all' }, 'startAt'],
      ['markAttendance', { activityId: 'act-lf-001', userId: 'u1', mark: 'present', reason: '原因原因' }, 'mark'],
      ['attend', { scene: 'a'.repeat(40), phase: 'in', entry, location: here, idempotencyKey: key() }, 'scene'],
      ['requestJoin', { teamId: 'team-lf-xfg', note: '长'.repeat(101) }, 'note'],
    ]
    for (const [action, payload, field] of cases) {
      const res = await app.callAs('team_captain', 'volunteers', action, payload)
      expect([action, code(res), res.ok ? undefined : res.error.field]).toEqual([action, 'INVALID_ARGUMENT', field])
    }
    const times = await app.callAs('team_captain', 'volunteers', 'createActivity', { teamId: 'team-lf-xfg', title: '合法标题', description: '说明说明', location: PLACE, address: '某地某地', startAt: new Date(Date.now() + 7200e3).toISOString(), endAt: new Date(Date.now() + 3600e3).toISOString(), signupDeadline: new Date(Date.now() + 1800e3).toISOString(), capacity: 5, audience: 'all' })
    expect([code(times), times.ok ? '' : times.error.field]).toEqual(['INVALID_ARGUMENT', 'endAt'])
    expect(code(await app.callRaw('volunteers', { action: 'dropTables', payload: {} }, 'o-x'))).toBe('INVALID_ARGUMENT')
    expect(code(await app.call('volunteers', 'signUp', { activityId: 'act-missing' }, 'o-x'))).toBe('NOT_FOUND')
    expect((await readAll(app.db, Collection.activities)).length).toBe(before)
  })

  it('never shows secrets or openids in activity answers', async () => {
    const act = await createActivity(app)
    const text = JSON.stringify(data(await app.callAs<ActivityView>('worker', 'volunteers', 'activityDetail', { activityId: act.activityId })))
    expect(text).not.toMatch(/secret|codeKey|openid|dev-/)
    const list = JSON.stringify(data(await app.callAs('worker', 'volunteers', 'listActivities', { near: PLACE })))
    expect(list).toContain(act.activityId)
    expect(list).not.toMatch(/secret|codeKey/)
    const docs = await readAll<SignupDoc>(app.db, Collection.activitySignups)
    expect(docs.length).toBeGreaterThan(0)
  })
})
