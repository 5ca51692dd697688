/**
 * Pure volunteers rules: roster transitions, sign-up eligibility and waitlist order, hours, the
 * activity scene, every attendance rejection path, captain marks, certificate numbers and CSV export.
 */
import { AppError } from '../../src/core/errors'
import { offsetM, toPoint } from '../../src/core/geo'
import { formatActivityScene, parseActivityScene } from '../../src/volunteers/activity-scene'
import {
  activityScene,
  creditKeyFor,
  evaluateAttendanceScan,
  evaluateCaptainMark,
  newActivityCodeKey,
  noShowsAt,
  verifyActivityScene,
  type AttendanceScan,
} from '../../src/volunteers/attendance'
import { certificateNumber, maskName, verifyCertificateNumber, volunteerNumber } from '../../src/volunteers/certificate'
import { creditableMinutes, formatHours, hoursFromMinutes } from '../../src/volunteers/hours'
import { decideJoin, handOverCaptaincy, leaveTeam, removeMember, requestToJoin, requireCaptain } from '../../src/volunteers/membership'
import type { ActivityDoc, SignupDoc, TeamMemberDoc } from '../../src/volunteers/model'
import { csvCell, rosterCsv, UTF8_BOM } from '../../src/volunteers/roster-csv'
import { checkActivityTimes, checkCancelAllowed, checkSignupAllowed, compareWaitlist, waitlistPosition } from '../../src/volunteers/signup'

const now = new Date('2025-06-02T02:00:00.000Z')
const min = (n: number) => new Date(now.getTime() + n * 60_000)

function expectError(fn: () => unknown, code: AppError['code'], text?: RegExp | string): AppError {
  let caught: unknown
  try {
    fn()
  } catch (e) {
    caught = e
  }
  expect(caught).toBeInstanceOf(AppError)
  const err = caught as AppError
  expect(err.code).toBe(code)
  if (text) expect(err.message).toMatch(text)
  return err
}

const member = (over: Partial<TeamMemberDoc> = {}): TeamMemberDoc => ({ _id: 't1:u2', teamId: 't1', userId: 'u2', state: 'pending', role: 'member', joinedAt: now, ...over })

describe('roster transitions', () => {
  const team = { captainIds: ['u1'] }

  it('asks to join, refuses a second ask or a current member, and lets declined/left/removed ask again', () => {
    const fresh = requestToJoin(null, { teamId: 't1', userId: 'u2', note: '想参加' }, now)
    expect(fresh).toMatchObject({ _id: 't1:u2', state: 'pending', role: 'member', note: '想参加' })
    expectError(() => requestToJoin(fresh, { teamId: 't1', userId: 'u2' }, now), 'CONFLICT', /等待队长审核/)
    expectError(() => requestToJoin(member({ state: 'member' }), { teamId: 't1', userId: 'u2' }, now), 'CONFLICT', /已经是/)
    for (const state of ['declined', 'left', 'removed'] as const) expect(requestToJoin(member({ state }), { teamId: 't1', userId: 'u2' }, now).state).toBe('pending')
  })

  it('approves or declines only pending requests, with a reason to decline, never one’s own', () => {
    expect(decideJoin(member(), { decision: 'approve', actorId: 'u1' }, min(5))).toMatchObject({ state: 'member', decidedBy: 'u1', joinedAt: min(5) })
    expect(decideJoin(member(), { decision: 'decline', reason: '不在本街道', actorId: 'u1' }, now)).toMatchObject({ state: 'declined', reason: '不在本街道' })
    expect(expectError(() => decideJoin(member(), { decision: 'decline', actorId: 'u1' }, now), 'INVALID_ARGUMENT').field).toBe('reason')
    expectError(() => decideJoin(member({ state: 'member' }), { decision: 'approve', actorId: 'u1' }, now), 'CONFLICT')
    expectError(() => decideJoin(member({ userId: 'u1' }), { decision: 'approve', actorId: 'u1' }, now), 'FORBIDDEN')
  })

  it('lets members leave, but not the only captain', () => {
    expect(leaveTeam(member({ state: 'member' }), team, now).state).toBe('left')
    expect(leaveTeam(member({ state: 'pending' }), team, now).state).toBe('left')
    expectError(() => leaveTeam(null, team, now), 'CONFLICT')
    expectError(() => leaveTeam(member({ state: 'removed' }), team, now), 'CONFLICT')
    expectError(() => leaveTeam(member({ userId: 'u1', state: 'member', role: 'captain' }), team, now), 'CONFLICT', /移交/)
    expect(leaveTeam(member({ userId: 'u1', state: 'member', role: 'captain' }), { captainIds: ['u1', 'u9'] }, now).state).toBe('left')
  })

  it('removes members with a reason; never oneself or a captain', () => {
    expect(removeMember(member({ state: 'member' }), team, { actorId: 'u1', reason: '长期未参加活动' }, now)).toMatchObject({ state: 'removed', reason: '长期未参加活动', decidedBy: 'u1' })
    expectError(() => removeMember(member({ state: 'member' }), team, { actorId: 'u1', reason: ' ' }, now), 'INVALID_ARGUMENT')
    expectError(() => removeMember(member({ state: 'pending' }), team, { actorId: 'u1', reason: '原因原因' }, now), 'NOT_FOUND')
    expectError(() => removeMember(member({ userId: 'u1', state: 'member' }), team, { actorId: 'u1', reason: '原因原因' }, now), 'FORBIDDEN')
    expectError(() => removeMember(member({ userId: 'u9', state: 'member' }), { captainIds: ['u1', 'u9'] }, { actorId: 'u1', reason: '原因原因' }, now), 'FORBIDDEN', /队长/)
  })

  it('hands the captaincy to a current member only', () => {
    const from = member({ userId: 'u1', state: 'member', role: 'captain' })
    const to = member({ userId: 'u2', state: 'member' })
    const r = handOverCaptaincy(team, from, to, now)
    expect(r.captainIds).toEqual(['u2'])
    expect(r.from.role).toBe('member')
    expect(r.to.role).toBe('captain')
    expectError(() => handOverCaptaincy(team, to, from, now), 'FORBIDDEN')
    expectError(() => handOverCaptaincy(team, from, member({ state: 'pending' }), now), 'INVALID_ARGUMENT')
    expectError(() => handOverCaptaincy(team, from, from, now), 'INVALID_ARGUMENT')
    expectError(() => handOverCaptaincy({ captainIds: ['u1', 'u2'] }, from, to, now), 'CONFLICT')
  })

  it('only captains (or admins) manage a team', () => {
    expect(() => requireCaptain(team, 'u1', false)).not.toThrow()
    expect(() => requireCaptain(team, 'u5', true)).not.toThrow()
    expectError(() => requireCaptain(team, 'u5', false), 'FORBIDDEN')
  })
})

describe('sign-up rules', () => {
  const activity = { state: 'open' as const, signupDeadline: min(60), startAt: min(120), audience: 'team' as const }

  it('accepts team members before the deadline and answers a live sign-up as existing', () => {
    expect(checkSignupAllowed({ activity, isTeamMember: true, existing: null, now })).toBe('new')
    expect(checkSignupAllowed({ activity, isTeamMember: true, existing: { state: 'cancelled' }, now })).toBe('new')
    expect(checkSignupAllowed({ activity, isTeamMember: false, existing: { state: 'waitlisted' }, now: min(500) })).toBe('existing')
    expect(checkSignupAllowed({ activity: { ...activity, audience: 'all' }, isTeamMember: false, existing: null, now })).toBe('new')
  })

  it('refuses after the deadline, once started, when closed or cancelled, and non-members of team activities', () => {
    expectError(() => checkSignupAllowed({ activity, isTeamMember: true, existing: null, now: min(61) }), 'CONFLICT', /截止/)
    expectError(() => checkSignupAllowed({ activity: { ...activity, signupDeadline: min(200) }, isTeamMember: true, existing: null, now: min(120) }), 'CONFLICT', /开始/)
    expectError(() => checkSignupAllowed({ activity: { ...activity, state: 'closed' }, isTeamMember: true, existing: null, now }), 'CONFLICT')
    expectError(() => checkSignupAllowed({ activity: { ...activity, state: 'cancelled' }, isTeamMember: true, existing: null, now }), 'CONFLICT', /取消/)
    expectError(() => checkSignupAllowed({ activity, isTeamMember: false, existing: null, now }), 'FORBIDDEN', /仅限本队/)
  })

  it('cancels only a live sign-up before the start and before check-in', () => {
    expect(() => checkCancelAllowed({ startAt: min(120) }, { state: 'signed_up', attendance: 'none' }, now)).not.toThrow()
    expectError(() => checkCancelAllowed({ startAt: min(120) }, null, now), 'CONFLICT')
    expectError(() => checkCancelAllowed({ startAt: min(120) }, { state: 'cancelled', attendance: 'none' }, now), 'CONFLICT')
    expectError(() => checkCancelAllowed({ startAt: min(120) }, { state: 'signed_up', attendance: 'checked_in' }, now), 'CONFLICT')
    expectError(() => checkCancelAllowed({ startAt: min(-1) }, { state: 'signed_up', attendance: 'none' }, now), 'CONFLICT', /联系队长/)
  })

  it('orders the waitlist by waiting time, then id, and gives 1-based positions', () => {
    const w = [
      { _id: 'a:3', waitlistedAt: min(3) },
      { _id: 'a:1', waitlistedAt: min(1) },
      { _id: 'a:2', waitlistedAt: min(1) },
    ]
    expect([...w].sort(compareWaitlist).map((x) => x._id)).toEqual(['a:1', 'a:2', 'a:3'])
    expect(waitlistPosition({ ...w[0], state: 'waitlisted' }, w)).toBe(3)
    expect(waitlistPosition({ ...w[1], state: 'waitlisted' }, w)).toBe(1)
    expect(waitlistPosition({ ...w[1], state: 'signed_up' }, w)).toBeNull()
  })

  it('checks a new activity’s times', () => {
    expect(() => checkActivityTimes({ startAt: min(60), endAt: min(180), signupDeadline: min(30) }, now)).not.toThrow()
    expect(expectError(() => checkActivityTimes({ startAt: min(60), endAt: min(60), signupDeadline: min(30) }, now), 'INVALID_ARGUMENT').field).toBe('endAt')
    expect(expectError(() => checkActivityTimes({ startAt: min(60), endAt: min(60 + 13 * 60), signupDeadline: min(30) }, now), 'INVALID_ARGUMENT').field).toBe('endAt')
    expect(expectError(() => checkActivityTimes({ startAt: min(-1), endAt: min(60), signupDeadline: min(-2) }, now), 'INVALID_ARGUMENT').field).toBe('startAt')
    expect(expectError(() => checkActivityTimes({ startAt: min(60), endAt: min(120), signupDeadline: min(61) }, now), 'INVALID_ARGUMENT').field).toBe('signupDeadline')
  })
})

describe('hours', () => {
  const activity = { startAt: min(0), endAt: min(120) }
  it('counts time between check-in and check-out inside the activity window only', () => {
    expect(creditableMinutes(min(10), min(100), activity)).toBe(90)
    expect(creditableMinutes(min(-30), min(200), activity)).toBe(120) // early and late add nothing
    expect(creditableMinutes(min(100), min(10), activity)).toBe(0)
    expect(creditableMinutes(min(130), min(150), activity)).toBe(0)
  })
  it('certifies half-hour steps rounded down', () => {
    expect([0, 29, 30, 59, 60, 89, 90, 120].map(hoursFromMinutes)).toEqual([0, 0, 0.5, 0.5, 1, 1, 1.5, 2])
    expect(hoursFromMinutes(NaN)).toBe(0)
    expect(formatHours(1.5)).toBe('1.5 小时')
    expect(formatHours(2)).toBe('2 小时')
  })
})

describe('activity scene', () => {
  const key = newActivityCodeKey()
  it('fits WeChat’s 32 characters and parses back strictly', () => {
    const scene = activityScene(key)
    expect(scene.length).toBeLessThanOrEqual(32)
    expect(parseActivityScene(scene)).toMatchObject({ code: key.code, keyVersion: 1 })
    expect(formatActivityScene({ code: 'ABCDEFGHJK', keyVersion: 1295, signature: 'A'.repeat(16) })).toHaveLength(32)
    for (const bad of ['', 'HJ001.1.' + 'A'.repeat(16), `b.${key.code}.1.${'A'.repeat(16)}`, `a.${key.code}.01.${'A'.repeat(16)}`, `a.abc.1.${'A'.repeat(16)}`, `a.${key.code}.1.short`, 42]) {
      expect(parseActivityScene(bad)).toBeNull()
    }
  })
  it('verifies the signature, the code and the key version', () => {
    const scene = activityScene(key)
    expect(() => verifyActivityScene(scene, key)).not.toThrow()
    expectError(() => verifyActivityScene('garbage', key), 'INVALID_ARGUMENT')
    expectError(() => verifyActivityScene(scene, null), 'NOT_FOUND')
    expectError(() => verifyActivityScene(scene, { ...key, code: 'ZZZZZZZZ' }), 'NOT_FOUND')
    expectError(() => verifyActivityScene(scene, { ...key, keyVersion: 2 }), 'FORBIDDEN', /停用/)
    expectError(() => verifyActivityScene(scene, { ...key, secret: newActivityCodeKey().secret }), 'FORBIDDEN', /校验/)
    const tampered = scene.slice(0, -1) + (scene.endsWith('A') ? 'B' : 'A')
    expectError(() => verifyActivityScene(tampered, key), 'FORBIDDEN')
    expectError(() => verifyActivityScene(activityScene({ ...key, keyVersion: 3 }), key), 'FORBIDDEN')
  })
})

describe('attendance scans: every rejection path', () => {
  const place = { lng: 120.66, lat: 31.3 }
  const activity: Pick<ActivityDoc, 'state' | 'startAt' | 'endAt' | 'location' | 'radiusM'> = { state: 'open', startAt: min(0), endAt: min(120), location: toPoint(place), radiusM: 200 }
  const signedUp: Pick<SignupDoc, 'state' | 'attendance' | 'checkInAt' | 'checkOutAt'> = { state: 'signed_up', attendance: 'none' }
  const checkedIn = { ...signedUp, attendance: 'checked_in' as const, checkInAt: min(5) }
  const scan = (over: Partial<AttendanceScan> = {}): AttendanceScan => ({ phase: 'in', entry: { method: 'scan_code' }, location: { ...place, accuracy: 20 }, now: min(5), ...over })

  it('checks in at the start and out at the end with hours', () => {
    expect(evaluateAttendanceScan(activity, signedUp, scan())).toEqual({ kind: 'check_in', checkInAt: min(5) })
    expect(evaluateAttendanceScan(activity, signedUp, scan({ now: min(-30) })).kind).toBe('check_in')
    expect(evaluateAttendanceScan(activity, signedUp, scan({ entry: { method: 'launch', launchScene: 1047 } })).kind).toBe('check_in')
    expect(evaluateAttendanceScan(activity, checkedIn, scan({ phase: 'out', now: min(125) }))).toEqual({ kind: 'check_out', checkOutAt: min(125), minutes: 115, hours: 1.5 })
  })

  it('answers repeats of a recorded phase without changing anything', () => {
    expect(evaluateAttendanceScan(activity, checkedIn, scan()).kind).toBe('repeat')
    expect(evaluateAttendanceScan(activity, { ...checkedIn, attendance: 'attended' }, scan({ phase: 'out', now: min(130) })).kind).toBe('repeat')
  })

  it('refuses forwarded images and other non-live entries', () => {
    for (const launchScene of [1048, 1049, 1012, 1013, 1001, undefined]) {
      expectError(() => evaluateAttendanceScan(activity, signedUp, scan({ entry: { method: 'launch', launchScene } })), 'FORBIDDEN', /扫一扫/)
    }
  })

  it('refuses a cancelled activity, people not signed up, waitlisted and no-shows', () => {
    expectError(() => evaluateAttendanceScan({ ...activity, state: 'cancelled' }, signedUp, scan()), 'CONFLICT', /取消/)
    expectError(() => evaluateAttendanceScan(activity, null, scan()), 'FORBIDDEN', /没有报名/)
    expectError(() => evaluateAttendanceScan(activity, { ...signedUp, state: 'cancelled' }, scan()), 'FORBIDDEN', /没有报名/)
    expectError(() => evaluateAttendanceScan(activity, { ...signedUp, state: 'waitlisted' }, scan()), 'FORBIDDEN', /候补/)
    expectError(() => evaluateAttendanceScan(activity, { ...signedUp, attendance: 'no_show' }, scan()), 'CONFLICT', /缺席/)
  })

  it('refuses check-in too early and after the end, check-out before check-in and too late', () => {
    expectError(() => evaluateAttendanceScan(activity, signedUp, scan({ now: min(-31) })), 'OUT_OF_RANGE', /还没到签到时间/)
    expectError(() => evaluateAttendanceScan(activity, signedUp, scan({ now: min(120) })), 'OUT_OF_RANGE', /已结束/)
    expectError(() => evaluateAttendanceScan({ ...activity, state: 'finished' }, signedUp, scan()), 'OUT_OF_RANGE')
    expectError(() => evaluateAttendanceScan(activity, signedUp, scan({ phase: 'out' })), 'CONFLICT', /先签到/)
    expectError(() => evaluateAttendanceScan(activity, checkedIn, scan({ phase: 'out', now: min(181) })), 'OUT_OF_RANGE', /签退时间/)
    expectError(() => evaluateAttendanceScan({ ...activity, state: 'finished' }, checkedIn, scan({ phase: 'out', now: min(60) })), 'OUT_OF_RANGE')
  })

  it('refuses broken, vague and distant locations (geofence around the activity place)', () => {
    expectError(() => evaluateAttendanceScan(activity, signedUp, scan({ location: { lng: 0, lat: 0, accuracy: 10 } })), 'INVALID_ARGUMENT')
    expectError(() => evaluateAttendanceScan(activity, signedUp, scan({ location: { ...place, accuracy: 900 } })), 'OUT_OF_RANGE', /精度/)
    const far = offsetM(place, 350, 0)
    const err = expectError(() => evaluateAttendanceScan(activity, signedUp, scan({ location: { ...far, accuracy: 20 } })), 'OUT_OF_RANGE', /活动地点 200 米内/)
    expect(err.message).toMatch(/35\d 米/)
    const near = offsetM(place, 150, 0)
    expect(evaluateAttendanceScan(activity, signedUp, scan({ location: { ...near, accuracy: 20 } })).kind).toBe('check_in')
    expect(evaluateAttendanceScan({ ...activity, radiusM: undefined }, signedUp, scan({ location: { ...near, accuracy: 20 } })).kind).toBe('check_in')
  })
})

describe('captain marks', () => {
  const activity = { state: 'open' as const, startAt: min(0), endAt: min(120) }
  const signup = { state: 'signed_up' as const, attendance: 'none' as const }
  const mark = { actorId: 'cap', targetUserId: 'u2', mark: 'attended' as const, reason: '手机没电，现场核实', now: min(130) }

  it('records attended with hours (defaults: the activity window) and no-shows', () => {
    expect(evaluateCaptainMark(activity, signup, mark)).toEqual({ attendance: 'attended', checkInAt: min(0), checkOutAt: min(120), minutes: 120, hours: 2 })
    expect(evaluateCaptainMark(activity, { ...signup, attendance: 'checked_in', checkInAt: min(30) }, mark)).toMatchObject({ minutes: 90, hours: 1.5 })
    expect(evaluateCaptainMark(activity, signup, { ...mark, checkInAt: min(10), checkOutAt: min(55) })).toMatchObject({ minutes: 45, hours: 0.5 })
    expect(evaluateCaptainMark(activity, signup, { ...mark, mark: 'no_show' })).toEqual({ attendance: 'no_show' })
  })

  it('entered times must lie within the activity and run forwards', () => {
    const before = expectError(() => evaluateCaptainMark(activity, signup, { ...mark, checkInAt: min(-10), checkOutAt: min(60) }), 'INVALID_ARGUMENT')
    expect(before.field).toBe('checkInAt')
    expect(before.message).toMatch(/^签到时间要在活动时间 \d{2}:\d{2}–\d{2}:\d{2} 之内$/)
    expect(expectError(() => evaluateCaptainMark(activity, signup, { ...mark, checkInAt: min(10), checkOutAt: min(125) }), 'INVALID_ARGUMENT').field).toBe('checkOutAt')
    const reversed = expectError(() => evaluateCaptainMark(activity, signup, { ...mark, checkInAt: min(60), checkOutAt: min(30) }), 'INVALID_ARGUMENT')
    expect([reversed.field, reversed.message]).toEqual(['checkOutAt', '签退时间要晚于签到时间'])
    // At the edges is fine: the whole activity.
    expect(evaluateCaptainMark(activity, signup, { ...mark, checkInAt: min(0), checkOutAt: min(120) })).toMatchObject({ minutes: 120, hours: 2 })
  })

  it('never for oneself, always with a reason, only for confirmed sign-ups, after the start, before crediting', () => {
    expectError(() => evaluateCaptainMark(activity, signup, { ...mark, targetUserId: 'cap' }), 'FORBIDDEN', /自己/)
    expect(expectError(() => evaluateCaptainMark(activity, signup, { ...mark, reason: ' ' }), 'INVALID_ARGUMENT').field).toBe('reason')
    expectError(() => evaluateCaptainMark({ ...activity, state: 'cancelled' }, signup, mark), 'CONFLICT')
    expectError(() => evaluateCaptainMark(activity, null, mark), 'NOT_FOUND')
    expectError(() => evaluateCaptainMark(activity, { ...signup, state: 'waitlisted' }, mark), 'NOT_FOUND')
    expectError(() => evaluateCaptainMark(activity, signup, { ...mark, now: min(-1) }), 'CONFLICT', /还没开始/)
    expectError(() => evaluateCaptainMark(activity, { ...signup, creditedAt: min(125) }, mark), 'CONFLICT', /积分/)
    expect(expectError(() => evaluateCaptainMark(activity, signup, { ...mark, checkOutAt: min(140) }), 'INVALID_ARGUMENT').field).toBe('checkOutAt')
    expect(expectError(() => evaluateCaptainMark(activity, signup, { ...mark, checkInAt: min(60), checkOutAt: min(50) }), 'INVALID_ARGUMENT').field).toBe('checkOutAt')
  })

  it('closes attendance after the end, listing sign-ups with nothing recorded', () => {
    const rows = [
      { _id: 'a:1', state: 'signed_up' as const, attendance: 'none' as const },
      { _id: 'a:2', state: 'signed_up' as const, attendance: 'attended' as const },
      { _id: 'a:3', state: 'waitlisted' as const, attendance: 'none' as const },
      { _id: 'a:4', state: 'cancelled' as const, attendance: 'none' as const },
    ]
    expect(noShowsAt(activity, rows, min(121))).toEqual(['a:1'])
    expectError(() => noShowsAt(activity, rows, min(100)), 'CONFLICT')
  })

  it('uses one passbook key per person per activity', () => {
    expect(creditKeyFor('act-1', 'u2')).toBe(creditKeyFor('act-1', 'u2'))
    expect(creditKeyFor('act-1', 'u2')).not.toBe(creditKeyFor('act-1', 'u3'))
  })
})

describe('certificate numbers', () => {
  const secret = 'test-certificate-key-0123456789'
  it('are stable per sign-up, carry the China service date and verify with the key', () => {
    const no = certificateNumber('act-1:u2', new Date('2025-06-01T17:00:00Z'), secret)
    expect(no).toMatch(/^NX-20250602-[0-9A-Z]{6}-[0-9A-Z]{4}$/)
    expect(certificateNumber('act-1:u2', new Date('2025-06-01T17:00:00Z'), secret)).toBe(no)
    expect(certificateNumber('act-1:u3', new Date('2025-06-01T17:00:00Z'), secret)).not.toBe(no)
    expect(verifyCertificateNumber(no, secret)).toEqual({ ok: true, serviceDate: '2025-06-02' })
    expect(verifyCertificateNumber(` ${no.toLowerCase()} `, secret).ok).toBe(true)
  })
  it('refuse typos, invented numbers and other keys', () => {
    const no = certificateNumber('act-1:u2', now, secret)
    const last = no.slice(-1)
    expect(verifyCertificateNumber(no.slice(0, -1) + (last === 'A' ? 'B' : 'A'), secret)).toEqual({ ok: false, reason: 'check' })
    expect(verifyCertificateNumber(no.replace('NX-2025', 'NX-2024'), secret)).toEqual({ ok: false, reason: 'check' })
    expect(verifyCertificateNumber(no, 'another-certificate-key-987654')).toEqual({ ok: false, reason: 'check' })
    expect(verifyCertificateNumber('NX-123', secret)).toEqual({ ok: false, reason: 'format' })
    expect(() => certificateNumber('x', now, 'short')).toThrow(/key/)
  })
  it('show a volunteer number and masked names', () => {
    expect(volunteerNumber('uabcdef0123456789abcdef01')).toBe('NXVABCDEF0123')
    expect(maskName('王')).toBe('*')
    expect(maskName('小王')).toBe('小*')
    expect(maskName('骑手小王')).toBe('骑**王')
  })
})

describe('roster CSV', () => {
  it('starts with a UTF-8 BOM, uses CRLF, keeps Chinese, quotes and defuses formulas', () => {
    const csv = rosterCsv([
      { nickname: '骑手小王', volunteerNo: 'NXV1', role: 'captain', state: 'member', joinedAt: now, hours: 3.5 },
      { nickname: '=HYPERLINK("x")', volunteerNo: 'NXV2', role: 'member', state: 'member', joinedAt: now, hours: 0 },
      { nickname: '张,三', volunteerNo: 'NXV3', role: 'member', state: 'pending', joinedAt: now, hours: 0 },
    ])
    expect(csv.startsWith(UTF8_BOM)).toBe(true)
    const bytes = Buffer.from(csv, 'utf8')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = csv.slice(1).split('\r\n')
    expect(lines[0]).toBe('序号,昵称,志愿者编号,角色,状态,入队日期,累计服务时长（小时）')
    expect(lines[1]).toBe('1,骑手小王,NXV1,队长,队员,2025-06-02,3.5')
    expect(lines[2]).toBe(`2,"'=HYPERLINK(""x"")",NXV2,队员,队员,2025-06-02,0`)
    expect(lines[3]).toBe('3,"张,三",NXV3,队员,待审核,2025-06-02,0')
    expect(lines[4]).toBe('')
    expect(csvCell('-1+1')).toBe("'-1+1")
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell(null)).toBe('')
  })
})
