/** Check-in rules: every rejection path with its message, geofence, cooldown windows, ids, composition order. */
import { offsetM } from '../../src/core/geo'
import {
  checkCooldown,
  checkDailyCap,
  checkEntry,
  checkGeofence,
  checkinIdFor,
  checkLocation,
  checkPurpose,
  evaluateCheckin,
  outcomeForExisting,
  radiusOf,
  rejectionToAppError,
  windowKey,
  windowStartOf,
  type CheckinInput,
  type CheckinStation,
} from '../../src/checkins/rules'
import { buildScene, type StationKey } from '../../src/checkins/signature'
import { rejectionText } from '../../src/checkins/vocabulary'

const centre = { lng: 113.62, lat: 34.87 }
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`)
const NOW = at('2025-06-02', '12:10') // Monday

const station: CheckinStation = {
  _id: 'st-hj-12',
  code: 'HJ0012',
  name: '惠家·暖心驿站（文萃路）',
  type: 'station',
  location: { type: 'Point', coordinates: [centre.lng, centre.lat] },
  district: '惠济区',
  checkinRadiusM: 200,
  liveStatus: 'open',
  hours: { always: false, weekly: { 1: [{ open: '08:00', close: '22:00' }] } },
}
const reportPoint: CheckinStation = { ...station, _id: 'rp-1', code: 'LF0001', type: 'report_point', name: '娄葑街道党群服务中心' }
const key: StationKey = { stationCode: 'HJ0012', keyVersion: 2, secret: 'dGVzdC1zZWNyZXQtZm9yLXN0YXRpb24taGowMDEy' }
const rpKey: StationKey = { stationCode: 'LF0001', keyVersion: 1, secret: 'dGVzdC1zZWNyZXQtZm9yLXJlcG9ydC1wb2ludC0x' }

const near = (m: number) => ({ ...offsetM(centre, m, 0), accuracy: 20 })

function input(overrides: Partial<CheckinInput> = {}): CheckinInput {
  return {
    userId: 'u-wang',
    now: NOW,
    scene: buildScene(key),
    entry: { method: 'launch', launchScene: 1047 },
    location: near(50),
    purpose: 'visit',
    idempotencyKey: 'idem-0001',
    station,
    stationKey: key,
    party: { approved: false },
    last: null,
    countedToday: 0,
    ...overrides,
  }
}

describe('live scan', () => {
  it.each([1047, 1011])('accepts camera launch scene %i', (launchScene) => expect(checkEntry({ method: 'launch', launchScene }).ok).toBe(true))
  it('accepts the in-app camera scan', () => expect(checkEntry({ method: 'scan_code' }).ok).toBe(true))
  it.each([1048, 1049, 1012, 1013, 1007, 1001])('rejects launch scene %i with the scan-live message', (launchScene) => {
    expect(checkEntry({ method: 'launch', launchScene })).toMatchObject({
      ok: false,
      code: 'not_live_scan',
      errorCode: 'FORBIDDEN',
      message: '请使用微信扫一扫现场扫描驿站二维码，不能识别相册或转发的图片',
    })
  })
  it('rejects a launch that reports no scene', () => expect(checkEntry({ method: 'launch' })).toMatchObject({ ok: false, code: 'not_live_scan' }))
})

describe('geofence', () => {
  it('accepts inside and exactly at the radius', () => {
    expect(checkGeofence(near(0), station)).toEqual({ ok: true, value: { distanceM: 0, radiusM: 200 } })
    expect(checkGeofence(near(199.5), station).ok).toBe(true)
    expect(checkGeofence(offsetM(centre, 200 - 1e-6, 0), station).ok).toBe(true)
  })

  it('rejects outside with the distance and the radius in the message', () => {
    expect(checkGeofence(near(350), station)).toMatchObject({
      ok: false,
      code: 'out_of_range',
      errorCode: 'OUT_OF_RANGE',
      message: '距离驿站 350 米，请到站点 200 米内再扫码',
      details: { distanceM: 350, radiusM: 200 },
    })
    expect(checkGeofence(near(1234), station)).toMatchObject({ message: '距离驿站 1.2 公里，请到站点 200 米内再扫码' })
    expect(checkGeofence(near(400), reportPoint)).toMatchObject({ message: '距离报到点 400 米，请到站点 200 米内再扫码' })
  })

  it('never shows the radius itself as the distance of a refusal', () => {
    expect(checkGeofence(near(203), station)).toMatchObject({ ok: false, message: '距离驿站 210 米，请到站点 200 米内再扫码' })
  })

  it('uses a per-station radius, the 200 m default when unset, and policy bounds for bad data', () => {
    expect(checkGeofence(near(350), { ...station, checkinRadiusM: 500 }).ok).toBe(true)
    expect(checkGeofence(near(120), { ...station, checkinRadiusM: 100 })).toMatchObject({ message: '距离驿站 120 米，请到站点 100 米内再扫码' })
    expect(radiusOf({ checkinRadiusM: undefined })).toBe(200)
    expect(radiusOf({ checkinRadiusM: 0 })).toBe(200)
    expect(radiusOf({ checkinRadiusM: 10 })).toBe(50)
    expect(radiusOf({ checkinRadiusM: 50_000 })).toBe(1000)
  })
})

describe('location sanity', () => {
  it('accepts an ordinary fix, including accuracy 0', () => {
    expect(checkLocation(near(10)).ok).toBe(true)
    expect(checkLocation({ ...centre, accuracy: 0 }).ok).toBe(true)
  })
  it.each([
    ['null island', { lng: 0, lat: 0, accuracy: 10 }],
    ['outside China', { lng: -73.98, lat: 40.75, accuracy: 10 }],
    ['swapped lng/lat', { lng: 34.87, lat: 113.62, accuracy: 10 }],
    ['NaN', { lng: Number.NaN, lat: 34.87, accuracy: 10 }],
    ['negative accuracy', { ...centre, accuracy: -1 }],
    ['infinite accuracy', { ...centre, accuracy: Number.POSITIVE_INFINITY }],
  ])('rejects %s as invalid', (_label, location) => {
    expect(checkLocation(location)).toMatchObject({ ok: false, code: 'location_invalid', message: rejectionText.location_invalid })
  })
  it('rejects a fix too vague to judge the fence, saying how vague', () => {
    expect(checkLocation({ ...centre, accuracy: 500 }).ok).toBe(true)
    expect(checkLocation({ ...centre, accuracy: 1500 })).toMatchObject({
      ok: false,
      code: 'location_imprecise',
      message: '定位精度太低（约 1.5 公里），请到室外或打开 GPS 后重新扫码',
      details: { accuracyM: 1500 },
    })
  })
})

describe('purpose and Party permission', () => {
  it('visits happen at stations', () => expect(checkPurpose('visit', station, { approved: false }).ok).toBe(true))
  it('party reports need a report point and an approved member', () => {
    expect(checkPurpose('party_report', reportPoint, { approved: true }).ok).toBe(true)
    expect(checkPurpose('party_report', reportPoint, { approved: false })).toMatchObject({
      ok: false,
      code: 'party_not_approved',
      errorCode: 'FORBIDDEN',
      message: rejectionText.party_not_approved,
    })
    expect(checkPurpose('party_report', reportPoint, { approved: false, pending: true })).toMatchObject({ message: '你的党员认证正在审核中，审核通过后即可报到' })
  })
  it('refuses a purpose that does not fit the place', () => {
    expect(checkPurpose('party_report', station, { approved: true })).toMatchObject({ ok: false, code: 'purpose_mismatch', message: expect.stringContaining('不是党员报到点') })
    expect(checkPurpose('visit', reportPoint, { approved: true })).toMatchObject({ ok: false, code: 'purpose_mismatch', message: expect.stringContaining('党员报到点') })
  })
  it('keeps activity attendance for the volunteers domain', () => {
    expect(checkPurpose('activity', station, { approved: true })).toMatchObject({ ok: false, code: 'purpose_unsupported' })
  })
})

describe('cooldown windows and ids', () => {
  const args = { purpose: 'visit' as const, userId: 'u-wang', stationId: 'st-hj-12' }

  it('aligns windows to China midnight whatever the instant', () => {
    expect(windowStartOf(NOW, 240)).toEqual(at('2025-06-02', '12:00'))
    expect(windowStartOf(at('2025-06-02', '03:59'), 240)).toEqual(at('2025-06-02', '00:00'))
    expect(windowStartOf(at('2025-06-02', '07:30'), 1440)).toEqual(at('2025-06-02', '00:00'))
    expect(windowKey(at('2025-06-02', '12:00'))).toBe('20250602-1200')
    expect(() => windowStartOf(NOW, 7 * 60)).toThrow(RangeError)
  })

  it('gives retries and concurrent duplicates in one window the same id', () => {
    const a = checkCooldown({ ...args, now: at('2025-06-02', '12:00') })
    const b = checkCooldown({ ...args, now: at('2025-06-02', '15:59') })
    expect(a).toMatchObject({ outcome: 'counted', checkinId: 'visit:u-wang:st-hj-12:20250602-1200' })
    expect(b.checkinId).toBe(a.checkinId)
    expect(checkCooldown({ ...args, now: at('2025-06-02', '16:00') }).checkinId).toBe('visit:u-wang:st-hj-12:20250602-1600')
    expect(checkinIdFor('party_report', 'u-wang', 'st-hj-12', at('2025-06-02', '00:00'))).toBe('party_report:u-wang:st-hj-12:20250602-0000')
  })

  it('acknowledges a repeat in the same window with the earlier id, and says when it counts again', () => {
    const last = { checkinId: 'visit:u-wang:st-hj-12:20250602-1200', at: at('2025-06-02', '12:10') }
    expect(checkCooldown({ ...args, now: at('2025-06-02', '15:59'), last })).toEqual({
      outcome: 'acknowledged',
      checkinId: last.checkinId,
      countedAt: last.at,
      nextCountableAt: at('2025-06-02', '16:00'),
    })
    expect(checkCooldown({ ...args, now: at('2025-06-02', '16:00'), last })).toMatchObject({ outcome: 'counted' })
  })

  it('acknowledges a repeat across a window edge until the minimum gap has passed', () => {
    const last = { checkinId: 'visit:u-wang:st-hj-12:20250602-1200', at: at('2025-06-02', '15:50') }
    expect(checkCooldown({ ...args, now: at('2025-06-02', '16:49'), last })).toMatchObject({ outcome: 'acknowledged', nextCountableAt: at('2025-06-02', '16:50') })
    expect(checkCooldown({ ...args, now: at('2025-06-02', '16:50'), last })).toMatchObject({
      outcome: 'counted',
      checkinId: 'visit:u-wang:st-hj-12:20250602-1600',
    })
  })

  it('party reports count once per China day', () => {
    const last = { checkinId: 'party_report:u-li:rp-1:20250602-0000', at: at('2025-06-02', '08:00') }
    const p = { purpose: 'party_report' as const, userId: 'u-li', stationId: 'rp-1', last }
    expect(checkCooldown({ ...p, now: at('2025-06-02', '23:59') }).outcome).toBe('acknowledged')
    expect(checkCooldown({ ...p, now: at('2025-06-03', '00:00') })).toMatchObject({ outcome: 'counted', checkinId: 'party_report:u-li:rp-1:20250603-0000' })
  })

  it('treats a last check-in from the future (clock skew) as within the cooldown', () => {
    const last = { checkinId: 'x', at: at('2025-06-02', '18:00') }
    expect(checkCooldown({ ...args, now: NOW, last }).outcome).toBe('acknowledged')
  })

  it('caps counted check-ins per day', () => {
    expect(checkDailyCap('visit', 19).ok).toBe(true)
    expect(checkDailyCap('visit', 20)).toMatchObject({ ok: false, code: 'daily_cap', errorCode: 'RATE_LIMITED', message: '今天的报到次数已达上限（20 次），明天再来吧' })
  })

  it('answers a duplicate insert by who sent it', () => {
    expect(outcomeForExisting({ idempotencyKey: 'idem-0001' }, 'idem-0001')).toBe('counted')
    expect(outcomeForExisting({ idempotencyKey: 'idem-0001' }, 'idem-0002')).toBe('acknowledged')
  })
})

describe('evaluateCheckin', () => {
  it('counts a live scan inside the fence and returns the record to insert', () => {
    const d = evaluateCheckin(input())
    expect(d).toMatchObject({ ok: true, outcome: 'counted', checkinId: 'visit:u-wang:st-hj-12:20250602-1200', distanceM: 50, message: '到访成功，欢迎来到驿站' })
    if (!d.ok || d.outcome !== 'counted') throw new Error('expected counted')
    expect(d.record).toEqual({
      _id: d.checkinId,
      userId: 'u-wang',
      stationId: 'st-hj-12',
      stationCode: 'HJ0012',
      stationType: 'station',
      district: '惠济区',
      purpose: 'visit',
      windowStart: at('2025-06-02', '12:00'),
      at: NOW,
      distanceM: 50,
      accuracyM: 20,
      entryMethod: 'launch',
      launchScene: 1047,
      keyVersion: 2,
      outsideHours: false,
      idempotencyKey: 'idem-0001',
    })
    // No user coordinates are kept on the record.
    expect(JSON.stringify(d.record)).not.toContain(String(centre.lat))
  })

  it('flags, but counts, a check-in outside the posted hours', () => {
    const d = evaluateCheckin(input({ now: at('2025-06-02', '23:00') }))
    expect(d).toMatchObject({ ok: true, outcome: 'counted', record: { outsideHours: true } })
  })

  it('records the member organisation on a party report', () => {
    const d = evaluateCheckin(
      input({ scene: buildScene(rpKey), station: reportPoint, stationKey: rpKey, purpose: 'party_report', party: { approved: true, organisation: '娄葑街道第一党支部' } }),
    )
    expect(d).toMatchObject({ ok: true, outcome: 'counted', checkinId: 'party_report:u-wang:rp-1:20250602-0000', record: { organisation: '娄葑街道第一党支部' } })
  })

  it('acknowledges a repeat within the cooldown even once the daily cap is reached', () => {
    const last = { checkinId: 'visit:u-wang:st-hj-12:20250602-1200', at: at('2025-06-02', '12:01') }
    expect(evaluateCheckin(input({ last, countedToday: 20 }))).toMatchObject({ ok: true, outcome: 'acknowledged', checkinId: last.checkinId, countedAt: last.at })
    expect(evaluateCheckin(input({ countedToday: 20 }))).toMatchObject({ ok: false, code: 'daily_cap' })
  })

  it.each([
    ['a malformed scene', { scene: 'hello world' }, 'scene_malformed'],
    ['an unknown station', { station: null, stationKey: null }, 'station_not_found'],
    ['a scene of another station', { scene: buildScene(rpKey) }, 'station_not_found'],
    ['an old poster', { scene: buildScene({ ...key, keyVersion: 1 }) }, 'scene_revoked'],
    ['a forged signature', { scene: buildScene(key).slice(0, -1) + (buildScene(key).endsWith('A') ? 'B' : 'A') }, 'scene_invalid'],
    ['an album image', { entry: { method: 'launch' as const, launchScene: 1049 } }, 'not_live_scan'],
    ['activity', { purpose: 'activity' as const }, 'purpose_unsupported'],
    ['a party report at a station', { purpose: 'party_report' as const, party: { approved: true } }, 'purpose_mismatch'],
    ['a station the manager closed', { station: { ...station, liveStatus: 'closed' as const } }, 'station_closed'],
    ['null island', { location: { lng: 0, lat: 0, accuracy: 5 } }, 'location_invalid'],
    ['a vague fix', { location: { ...centre, accuracy: 2000 } }, 'location_imprecise'],
    ['a scan from 350 m', { location: near(350) }, 'out_of_range'],
  ])('rejects %s', (_label, overrides, code) => {
    expect(evaluateCheckin(input(overrides as Partial<CheckinInput>))).toMatchObject({ ok: false, code })
  })

  it('checks the code before how it was scanned, and both before the location', () => {
    const everythingWrong = input({ scene: buildScene({ ...key, keyVersion: 1 }), entry: { method: 'launch', launchScene: 1048 }, location: near(5000) })
    expect(evaluateCheckin(everythingWrong)).toMatchObject({ code: 'scene_revoked' })
    expect(evaluateCheckin({ ...everythingWrong, scene: buildScene(key) })).toMatchObject({ code: 'not_live_scan' })
    expect(evaluateCheckin({ ...everythingWrong, scene: buildScene(key), entry: { method: 'scan_code' } })).toMatchObject({ code: 'out_of_range' })
  })

  it('never acknowledges someone who is not there', () => {
    const last = { checkinId: 'visit:u-wang:st-hj-12:20250602-1200', at: at('2025-06-02', '12:01') }
    expect(evaluateCheckin(input({ last, location: near(3000) }))).toMatchObject({ ok: false, code: 'out_of_range' })
  })

  it('turns a rejection into the envelope error', () => {
    const d = evaluateCheckin(input({ location: near(350) }))
    if (d.ok) throw new Error('expected a rejection')
    const error = rejectionToAppError(d)
    expect(error.code).toBe('OUT_OF_RANGE')
    expect(error.message).toBe('距离驿站 350 米，请到站点 200 米内再扫码')
  })
})
