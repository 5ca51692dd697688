/**
 * The checkins function through the emulator with the real wx-server-sdk and the demo data: every
 * rejection path of a check-in with its error code and Chinese message, idempotency under retries and
 * concurrent duplicates, the cooldown, identity only from the platform, Party reports only for approved
 * members, history, figures per role and scope, and Party registration with the admin's review.
 */
import { buildScene } from '../../src/checkins/signature'
import type { CheckinPreview, CheckinResult, VisitFigures, DistrictFigures } from '../../src/checkins/contract'
import type { MyPartyStatus } from '../../src/checkins/party'
import { periodKeyOf } from '../../src/checkins/figures'
import { Collection } from '../../src/core/collections'
import { offsetM, type LngLat } from '../../src/core/geo'
import { chinaDateKey } from '../../src/core/time'
import type { Envelope } from '../../src/core/envelope'
import { demoStationSecret } from '../../scripts/seed/checkins-data'
import { startProject, type Project } from '../support/project'

jest.setTimeout(120_000)

let app: Project
const at: Record<string, LngLat> = {}

const sceneOf = (stationId: string, code: string, keyVersion = 1) => buildScene({ stationCode: code, keyVersion, secret: demoStationSecret(stationId) })
const near = (stationId: string, eastM = 20) => ({ ...offsetM(at[stationId], eastM, 0), accuracy: 25 })
let seq = 0
const key = () => `test-key-${Date.now().toString(36)}-${++seq}`

function visit(stationId: string, code: string, extra: Record<string, unknown> = {}) {
  return { scene: sceneOf(stationId, code), entry: { method: 'launch', launchScene: 1047 }, location: near(stationId), purpose: 'visit', idempotencyKey: key(), ...extra }
}

function expectError(res: Envelope<unknown>, code: string, message?: RegExp | string) {
  expect(res.ok).toBe(false)
  if (res.ok) return
  expect(res.error.code).toBe(code)
  if (message instanceof RegExp) expect(res.error.message).toMatch(message)
  else if (message) expect(res.error.message).toBe(message)
}

async function countCheckins(where: Record<string, unknown>): Promise<number> {
  return (await app.db.collection(Collection.checkins).where(where).count()).total
}

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['stations', 'checkins', 'passbook'] })
  const ids = ['st-lf-001', 'st-lf-002', 'st-lf-003', 'st-lf-004', 'rp-lf-001', 'st-hj-001', 'st-hj-002']
  for (const id of ids) {
    // Known live status whatever the seed drew; hours do not block check-ins (outside hours is only flagged).
    await app.db.collection(Collection.stations).doc(id).update({ data: { liveStatus: 'open', liveStatusUntil: null } })
    const doc = (await app.db.collection(Collection.stations).doc(id).get()).data
    at[id] = { lng: doc.location.longitude ?? doc.location.coordinates[0], lat: doc.location.latitude ?? doc.location.coordinates[1] }
  }
})

afterAll(async () => {
  await app?.close()
})

describe('check-in rejection paths, each with its clear error', () => {
  test('a scene that is not a station code', async () => {
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-lf-001', 'LF001', { scene: 'hello-world' })), 'INVALID_ARGUMENT', /无法识别这个二维码/)
  })

  test('a well-formed scene for a station that does not exist', async () => {
    const scene = buildScene({ stationCode: 'ZZ999', keyVersion: 1, secret: demoStationSecret('nope') })
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-lf-001', 'LF001', { scene })), 'NOT_FOUND', /没有找到这个站点/)
  })

  test('a forged signature', async () => {
    const real = sceneOf('st-lf-001', 'LF001')
    const forged = real.slice(0, -4) + (real.endsWith('AAAA') ? 'BBBB' : 'AAAA')
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-lf-001', 'LF001', { scene: forged })), 'FORBIDDEN', /校验未通过/)
    // Signed with another station's secret.
    const other = buildScene({ stationCode: 'LF001', keyVersion: 1, secret: demoStationSecret('st-lf-002') })
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-lf-001', 'LF001', { scene: other })), 'FORBIDDEN', /校验未通过/)
  })

  test.each([1048, 1049, 1012, 1013, 1001])('launch scene %i is not a live camera scan', async (launchScene) => {
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-lf-001', 'LF001', { entry: { method: 'launch', launchScene } })), 'FORBIDDEN', /不能识别相册或转发的图片/)
  })

  test('a launch without a scene value is refused too', async () => {
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-lf-001', 'LF001', { entry: { method: 'launch' } })), 'FORBIDDEN', /微信扫一扫/)
  })

  test('a visit at a report point, and a party report at a station', async () => {
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('rp-lf-001', 'LFB01')), 'INVALID_ARGUMENT', /社区党员报到点/)
    expectError(await app.callAs('party_member', 'checkins', 'checkIn', visit('st-lf-001', 'LF001', { purpose: 'party_report' })), 'INVALID_ARGUMENT', /不是党员报到点/)
  })

  test('activity attendance is not open through station codes', async () => {
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-lf-001', 'LF001', { purpose: 'activity' })), 'INVALID_ARGUMENT', /活动签到暂未开放/)
  })

  test('a worker without Party approval cannot report to a report point', async () => {
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('rp-lf-001', 'LFB01', { purpose: 'party_report' })), 'FORBIDDEN', /仅限已认证的党员/)
    expect(await countCheckins({ userId: app.userIdOf('dev-worker'), purpose: 'party_report' })).toBe(0)
  })

  test('a station its manager closed', async () => {
    await app.db.collection(Collection.stations).doc('st-hj-002').update({ data: { liveStatus: 'closed' } })
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-hj-002', 'HJ002')), 'FORBIDDEN', /暂停开放/)
    await app.db.collection(Collection.stations).doc('st-hj-002').update({ data: { liveStatus: 'open' } })
  })

  test('impossible and vague locations', async () => {
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-lf-001', 'LF001', { location: { lng: 0, lat: 0, accuracy: 10 } })), 'INVALID_ARGUMENT', /定位信息异常/)
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-lf-001', 'LF001', { location: { ...near('st-lf-001'), accuracy: 800 } })), 'OUT_OF_RANGE', /定位精度太低（约 800 米）/)
  })

  test('too far from the station, with the distance and the radius in the message', async () => {
    const far = { ...offsetM(at['st-lf-001'], 600, 0), accuracy: 20 }
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-lf-001', 'LF001', { location: far })), 'OUT_OF_RANGE', '距离驿站 600 米，请到站点 200 米内再扫码')
    // st-lf-004 has a 150 m fence.
    const justOut = { ...offsetM(at['st-lf-004'], 170, 0), accuracy: 20 }
    expectError(await app.callAs('worker', 'checkins', 'checkIn', visit('st-lf-004', 'LF004', { location: justOut })), 'OUT_OF_RANGE', /请到站点 150 米内再扫码/)
  })

  test('a malformed payload names the field and changes nothing', async () => {
    const before = await countCheckins({})
    const res = await app.callAs('worker', 'checkins', 'checkIn', { ...visit('st-lf-001', 'LF001'), location: { lng: 'x', lat: 1, accuracy: 1 } })
    expectError(res, 'INVALID_ARGUMENT')
    expect(!res.ok && res.error.field).toBe('location.lng')
    expect(await countCheckins({})).toBe(before)
  })

  test('the daily cap refuses the 21st counted visit of the day', async () => {
    const openid = 'o-cap-tester'
    const userId = app.userIdOf(openid)
    const now = new Date()
    const docs = Array.from({ length: 20 }, (_v, i) => ({
      _id: `visit:${userId}:seed-cap-${i}:x`,
      userId,
      stationId: `seed-cap-${i}`,
      purpose: 'visit',
      at: new Date(now.getTime() - i * 1000),
      day: chinaDateKey(now),
      month: periodKeyOf(now, 'month'),
      idempotencyKey: `cap-${i}-xxxxxx`,
    }))
    for (const { _id, ...data } of docs) await app.db.collection(Collection.checkins).doc(_id).set({ data })
    expectError(await app.call('checkins', 'checkIn', visit('st-hj-001', 'HJ001'), openid), 'RATE_LIMITED', /已达上限（20 次）/)
  })
})

describe('counted, idempotent, cooldown', () => {
  test('a visit counts once; a retry with the same key answers counted again; another attempt is acknowledged', async () => {
    const userId = app.userIdOf('dev-worker')
    const payload = visit('st-lf-002', 'LF002')
    const first = await app.callAs<CheckinResult>('worker', 'checkins', 'checkIn', payload)
    expect(first.ok).toBe(true)
    if (!first.ok) return
    expect(first.data).toMatchObject({ outcome: 'counted', purpose: 'visit', station: { stationId: 'st-lf-002', name: expect.stringContaining('暖"新"服务站') }, message: '到访成功，欢迎来到驿站' })
    expect(first.data.distanceM).toBe(20)

    const retry = await app.callAs<CheckinResult>('worker', 'checkins', 'checkIn', payload)
    expect(retry.ok && retry.data).toMatchObject({ outcome: 'counted', checkinId: first.data.checkinId, countedAt: first.data.countedAt })

    const again = await app.callAs<CheckinResult>('worker', 'checkins', 'checkIn', { ...payload, idempotencyKey: key() })
    expect(again.ok && again.data).toMatchObject({ outcome: 'acknowledged', checkinId: first.data.checkinId, message: expect.stringContaining('不重复计数') })
    expect(await countCheckins({ userId, stationId: 'st-lf-002', purpose: 'visit', day: chinaDateKey(new Date()) })).toBe(1)

    const stored = (await app.db.collection(Collection.checkins).doc(first.data.checkinId).get()).data
    expect(stored).toMatchObject({ userId, stationId: 'st-lf-002', entryMethod: 'launch', launchScene: 1047, distanceM: 20, keyVersion: 1 })
    // No raw coordinates are kept, only the rounded distance.
    expect(JSON.stringify(stored)).not.toContain(String(near('st-lf-002').lng).slice(0, 8))
  })

  test('concurrent duplicates from one user: exactly one is counted', async () => {
    const openid = 'o-concurrent'
    const base = visit('st-lf-003', 'LF003')
    const results = await Promise.all([0, 1, 2, 3].map((i) => app.call<CheckinResult>('checkins', 'checkIn', { ...base, idempotencyKey: `${base.idempotencyKey}-${i}` }, openid)))
    const outcomes = results.map((r) => (r.ok ? r.data.outcome : r.error.code))
    expect(outcomes.filter((o) => o === 'counted')).toHaveLength(1)
    expect(outcomes.filter((o) => o === 'acknowledged')).toHaveLength(3)
    expect(await countCheckins({ userId: app.userIdOf(openid), stationId: 'st-lf-003' })).toBe(1)
  })

  test('an in-app scan (wx.scanCode, camera only) needs no launch scene', async () => {
    const res = await app.call<CheckinResult>('checkins', 'checkIn', visit('st-lf-004', 'LF004', { entry: { method: 'scan_code' } }), 'o-in-app-scan')
    expect(res.ok && res.data.outcome).toBe('counted')
  })

  test('identity comes only from the platform: a userId in the payload is ignored', async () => {
    const victim = app.userIdOf('dev-team-captain')
    const res = await app.call<CheckinResult>('checkins', 'checkIn', { ...visit('st-hj-001', 'HJ001'), userId: victim, openid: 'dev-team-captain' }, 'o-impostor')
    expect(res.ok).toBe(true)
    if (!res.ok) return
    const stored = (await app.db.collection(Collection.checkins).doc(res.data.checkinId).get()).data
    expect(stored.userId).toBe(app.userIdOf('o-impostor'))
    expect(await countCheckins({ userId: victim, stationId: 'st-hj-001' })).toBe(0)
  })

  test('an approved Party member reports to a report point, with the organisation recorded', async () => {
    const res = await app.callAs<CheckinResult>('party_member', 'checkins', 'checkIn', visit('rp-lf-001', 'LFB01', { purpose: 'party_report' }))
    expect(res.ok && res.data).toMatchObject({ outcome: 'counted', purpose: 'party_report', message: '报到成功，感谢你的参与' })
    if (!res.ok) return
    const stored = (await app.db.collection(Collection.checkins).doc(res.data.checkinId).get()).data
    expect(stored).toMatchObject({ stationId: 'rp-lf-001', stationType: 'report_point', organisation: '娄葑街道新业态联合党支部' })
  })
})

describe('points for counted check-ins, through the passbook’s shared credit path', () => {
  const ledgerOf = async (openid: string) => (await app.db.collection(Collection.ledger).where({ userId: app.userIdOf(openid) }).limit(100).get()).data as Array<{ delta: number; source: { type: string; id: string }; capped?: boolean }>
  const balanceOf = async (openid: string) => (await app.db.collection(Collection.balances).where({ _id: app.userIdOf(openid) }).get()).data[0]?.points ?? 0

  test('each counted visit earns the rule’s points once; a retry and an acknowledged visit earn nothing; the daily cap holds', async () => {
    const who = 'o-checkin-points'
    const payload = visit('st-lf-001', 'LF001')
    const first = await app.call<CheckinResult>('checkins', 'checkIn', payload, who)
    expect(first.ok && first.data).toMatchObject({ outcome: 'counted', points: 2, pointsCapped: false })
    if (!first.ok) return
    // The same request again (lost answer) and a second scan inside the cooldown: no more points.
    expect((await app.call<CheckinResult>('checkins', 'checkIn', payload, who)).ok).toBe(true)
    const ack = await app.call<CheckinResult>('checkins', 'checkIn', { ...payload, idempotencyKey: key() }, who)
    expect(ack.ok && ack.data.outcome).toBe('acknowledged')
    expect(ack.ok && ack.data.points).toBeUndefined()
    let ledger = await ledgerOf(who)
    expect(ledger.map((e) => [e.delta, e.source.type, e.source.id])).toEqual([[2, 'checkin', first.data.checkinId]])

    // The seeded rule: 2 points a visit, at most 4 a day. A second station earns 2, a third is capped at 0.
    const second = await app.call<CheckinResult>('checkins', 'checkIn', visit('st-lf-002', 'LF002'), who)
    expect(second.ok && second.data).toMatchObject({ outcome: 'counted', points: 2, pointsCapped: false })
    const third = await app.call<CheckinResult>('checkins', 'checkIn', visit('st-lf-004', 'LF004'), who)
    expect(third.ok && third.data).toMatchObject({ outcome: 'counted', points: 0, pointsCapped: true })
    ledger = await ledgerOf(who)
    expect(ledger.map((e) => e.delta).sort()).toEqual([0, 2, 2])
    expect(ledger.find((e) => e.delta === 0)?.capped).toBe(true)
    expect(await balanceOf(who)).toBe(4)
  })

  test('concurrent twins of one visit credit once', async () => {
    const who = 'o-checkin-twins'
    const base = visit('st-hj-002', 'HJ002')
    const results = await Promise.all([0, 1, 2, 3].map((i) => app.call<CheckinResult>('checkins', 'checkIn', { ...base, idempotencyKey: `${base.idempotencyKey}-${i}` }, who)))
    expect(results.filter((r) => r.ok && r.data.outcome === 'counted')).toHaveLength(1)
    expect((await ledgerOf(who)).map((e) => e.delta)).toEqual([2])
    expect(await balanceOf(who)).toBe(2)
  })

  test('with the rule switched off a counted visit earns 0 points, recorded honestly', async () => {
    const rules = await app.callAs<Array<{ kind: string; label: string; pointsPerUnit: number; dailyCap: number; monthlyCap: number }>>('admin', 'passbook', 'rules', {})
    if (!rules.ok) throw new Error('rules')
    const rule = rules.data.find((r) => r.kind === 'checkin_visit')!
    const saved = await app.callAs('admin', 'passbook', 'saveRule', { kind: rule.kind, label: rule.label, pointsPerUnit: rule.pointsPerUnit, dailyCap: rule.dailyCap, monthlyCap: rule.monthlyCap, active: false, reason: '测试：暂停驿站签到积分' })
    expect(saved.ok).toBe(true)
    try {
      const who = 'o-checkin-no-rule'
      const res = await app.call<CheckinResult>('checkins', 'checkIn', visit('st-hj-001', 'HJ001'), who)
      expect(res.ok && res.data).toMatchObject({ outcome: 'counted', points: 0 })
      expect((await ledgerOf(who)).map((e) => e.delta)).toEqual([0])
    } finally {
      await app.callAs('admin', 'passbook', 'saveRule', { kind: rule.kind, label: rule.label, pointsPerUnit: rule.pointsPerUnit, dailyCap: rule.dailyCap, monthlyCap: rule.monthlyCap, active: true, reason: '测试：恢复驿站签到积分' })
    }
  })
})

describe('preview before confirming', () => {
  test('shows the station name and the purposes this person may choose', async () => {
    const worker = await app.callAs<CheckinPreview>('worker', 'checkins', 'preview', { scene: sceneOf('st-lf-001', 'LF001') })
    expect(worker.ok && worker.data).toMatchObject({ valid: true, purposes: ['visit'], station: { stationId: 'st-lf-001', name: '娄葑街道暖"新"服务中心', type: 'station' } })
    const point = await app.callAs<CheckinPreview>('worker', 'checkins', 'preview', { scene: sceneOf('rp-lf-001', 'LFB01') })
    expect(point.ok && point.data).toMatchObject({ valid: true, purposes: [] })
    const member = await app.callAs<CheckinPreview>('party_member', 'checkins', 'preview', { scene: sceneOf('rp-lf-001', 'LFB01') })
    expect(member.ok && member.data.purposes).toEqual(['party_report'])
  })

  test('a tampered code is shown as invalid with the reason', async () => {
    const scene = buildScene({ stationCode: 'LF001', keyVersion: 1, secret: demoStationSecret('other') })
    const res = await app.callAs<CheckinPreview>('worker', 'checkins', 'preview', { scene })
    expect(res.ok && res.data).toMatchObject({ valid: false, purposes: [], problem: { code: 'scene_invalid' } })
  })
})

describe('a rotated secret retires old posters', () => {
  test('after rotateSecret the old scene is revoked and the new code works', async () => {
    const old = sceneOf('st-hj-001', 'HJ001')
    const rotated = await app.call('stations', 'rotateSecret', { stationId: 'st-hj-001', reason: '海报被拍照转发到群里' }, 'seed-manager-hj')
    expect(rotated.ok && rotated.data).toMatchObject({ stationId: 'st-hj-001', keyVersion: 2 })
    expectError(await app.call('checkins', 'checkIn', visit('st-hj-001', 'HJ001', { scene: old }), 'o-after-rotation'), 'FORBIDDEN', /已停用/)
    const code = await app.call<{ scene: string; keyVersion: number }>('stations', 'generateCode', { stationId: 'st-hj-001' }, 'seed-manager-hj')
    expect(code.ok && code.data.keyVersion).toBe(2)
    if (!code.ok) return
    const res = await app.call<CheckinResult>('checkins', 'checkIn', visit('st-hj-001', 'HJ001', { scene: code.data.scene }), 'o-after-rotation')
    expect(res.ok && res.data.outcome).toBe('counted')
  })
})

describe('history and figures', () => {
  test('my history lists my own check-ins, newest first, paged', async () => {
    const res = await app.callAs<{ items: Array<{ stationId: string; stationName: string; at: string }>; hasMore: boolean }>('worker', 'checkins', 'myHistory', { page: { limit: 2 } })
    expect(res.ok).toBe(true)
    if (!res.ok) return
    expect(res.data.items).toHaveLength(2)
    expect(res.data.hasMore).toBe(true)
    expect(res.data.items[0]).toMatchObject({ stationId: 'st-lf-002', stationName: expect.stringContaining('服务站') })
    expect(Date.parse(res.data.items[0].at)).toBeGreaterThan(Date.parse(res.data.items[1].at))
    expect(JSON.stringify(res.data)).not.toMatch(/userId|openid/)
  })

  test('a manager sees figures of their own station by day, with zero days filled in', async () => {
    const today = chinaDateKey(new Date())
    const from = chinaDateKey(new Date(Date.now() - 6 * 86_400_000))
    const res = await app.callAs<VisitFigures>('station_manager', 'checkins', 'stationFigures', { stationId: 'st-lf-002', granularity: 'day', from, to: today })
    expect(res.ok).toBe(true)
    if (!res.ok) return
    expect(res.data.buckets).toHaveLength(7)
    expect(res.data.buckets[6]).toMatchObject({ period: today })
    expect(res.data.buckets[6].checkins).toBeGreaterThanOrEqual(1)
    expect(res.data.total).toBe(res.data.buckets.reduce((n, b) => n + b.checkins, 0))
  })

  test("a manager cannot see another manager's station, a worker sees no figures, and an admin sees a district", async () => {
    const range = { granularity: 'month', from: '2025-01-01', to: chinaDateKey(new Date()).slice(0, 8) + '01' }
    expectError(await app.callAs('station_manager', 'checkins', 'stationFigures', { stationId: 'st-hj-001', ...range }), 'FORBIDDEN')
    expectError(await app.callAs('worker', 'checkins', 'stationFigures', { stationId: 'st-lf-001', ...range }), 'FORBIDDEN')
    expectError(await app.callAs('station_manager', 'checkins', 'districtFigures', { district: '苏州工业园区', granularity: 'day', from: chinaDateKey(new Date()), to: chinaDateKey(new Date()) }), 'FORBIDDEN')
    const today = chinaDateKey(new Date())
    const from = chinaDateKey(new Date(Date.now() - 40 * 86_400_000))
    const admin = await app.callAs<DistrictFigures>('admin', 'checkins', 'districtFigures', { district: '苏州工业园区', granularity: 'month', from, to: today })
    expect(admin.ok).toBe(true)
    if (!admin.ok) return
    expect(admin.data.total).toBeGreaterThan(0)
    expect(admin.data.byStation[0].checkins).toBeGreaterThanOrEqual(admin.data.byStation[admin.data.byStation.length - 1].checkins)
    expect(admin.data.byStation.reduce((n, s) => n + s.checkins, 0)).toBe(admin.data.total)
  })
})

describe('Party-member registration', () => {
  const applicant = 'o-party-applicant'

  test('apply → pending; applying again is a conflict; a worker cannot review', async () => {
    const applied = await app.call<MyPartyStatus>('checkins', 'partyApply', { organisation: '娄葑街道快递行业党支部', contact: '13800001234' }, applicant)
    expect(applied.ok && applied.data).toMatchObject({ status: 'pending', label: '审核中', canApply: false })
    expectError(await app.call('checkins', 'partyApply', { organisation: '娄葑街道快递行业党支部', contact: '13800001234' }, applicant), 'CONFLICT', /正在审核中/)
    expectError(await app.callAs('worker', 'checkins', 'partyReview', { applicationId: app.userIdOf(applicant), decision: 'approve' }), 'FORBIDDEN')
    expectError(await app.callAs('worker', 'checkins', 'partyApplications', {}), 'FORBIDDEN')
    // While pending, a party report says so.
    expectError(await app.call('checkins', 'checkIn', visit('rp-lf-001', 'LFB01', { purpose: 'party_report' }), applicant), 'FORBIDDEN', /正在审核中/)
  })

  test('the admin sees the application with the contact, and a rejection needs a reason', async () => {
    const list = await app.callAs<{ items: Array<{ applicationId: string; contact: string; nickname: string }> }>('admin', 'checkins', 'partyApplications', { status: 'pending' })
    expect(list.ok && list.data.items.find((i) => i.applicationId === app.userIdOf(applicant))).toMatchObject({ contact: '13800001234' })
    const noReason = await app.callAs('admin', 'checkins', 'partyReview', { applicationId: app.userIdOf(applicant), decision: 'reject' })
    expectError(noReason, 'INVALID_ARGUMENT', /请填写原因/)
  })

  test('approval grants party_member with an audit entry, and the member can then report', async () => {
    const userId = app.userIdOf(applicant)
    const res = await app.callAs('admin', 'checkins', 'partyReview', { applicationId: userId, decision: 'approve' })
    expect(res.ok && res.data).toEqual({ applicationId: userId, status: 'approved' })
    const grant = (await app.db.collection(Collection.roleGrants).doc(`${userId}:party_member`).get()).data
    expect(grant).toMatchObject({ userId, role: 'party_member', grantedBy: app.userIdOf('dev-admin') })
    const audit = await app.db.collection(Collection.auditLog).where({ targetId: userId, origin: 'checkins.partyReview' }).get()
    expect(audit.data).toHaveLength(1)
    expect(audit.data[0]).toMatchObject({ action: 'role.grant', actorId: app.userIdOf('dev-admin') })
    expectError(await app.callAs('admin', 'checkins', 'partyReview', { applicationId: userId, decision: 'approve' }), 'CONFLICT')
    const report = await app.call<CheckinResult>('checkins', 'checkIn', visit('rp-lf-001', 'LFB01', { purpose: 'party_report' }), applicant)
    expect(report.ok && report.data.outcome).toBe('counted')
    const status = await app.call<MyPartyStatus>('checkins', 'partyMyStatus', {}, applicant)
    expect(status.ok && status.data).toMatchObject({ status: 'approved', label: '已认证' })
  })

  test('a rejection with a reason is shown to the applicant, who may apply again', async () => {
    const other = 'o-party-rejected'
    await app.call('checkins', 'partyApply', { organisation: '某支部', contact: '13900001111' }, other)
    const res = await app.callAs('admin', 'checkins', 'partyReview', { applicationId: app.userIdOf(other), decision: 'reject', reason: '请填写支部全称' })
    expect(res.ok).toBe(true)
    const status = await app.call<MyPartyStatus>('checkins', 'partyMyStatus', {}, other)
    expect(status.ok && status.data).toMatchObject({ status: 'rejected', reason: '请填写支部全称', canApply: true })
    const grant = await app.db.collection(Collection.roleGrants).where({ _id: `${app.userIdOf(other)}:party_member` }).count()
    expect(grant.total).toBe(0)
  })
})
