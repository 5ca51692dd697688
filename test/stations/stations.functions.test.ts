/**
 * The stations function through the emulator with the real wx-server-sdk and the demo data: nearby
 * search (nearest first, amenity filters in the geo query, open-now at request time, paging), search
 * without location, detail, and an authorization test per manager/admin action: a manager keeps only
 * their own stations, a worker none, the admin all; manager edits are whitelisted.
 */
import type { StationCode, StationDetail, StationPage, StationProblem } from '../../src/stations/contract'
import { Collection } from '../../src/core/collections'
import { offsetM, type LngLat } from '../../src/core/geo'
import type { Envelope } from '../../src/core/envelope'
import { parseScene } from '../../src/checkins/scene'
import { startProject, type Project } from '../support/project'

jest.setTimeout(120_000)

let app: Project
/** A quiet spot far from the demo districts, where this suite places its own stations. */
const origin: LngLat = { lng: 87.6, lat: 43.8 }

function expectError(res: Envelope<unknown>, code: string, message?: RegExp) {
  expect(res.ok).toBe(false)
  if (!res.ok) {
    expect(res.error.code).toBe(code)
    if (message) expect(res.error.message).toMatch(message)
  }
}

function station(id: string, eastM: number, extra: Record<string, unknown> = {}) {
  const p = offsetM(origin, eastM, 0)
  return {
    _id: id,
    code: id.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12),
    name: `测试驿站${id}`,
    type: 'station',
    network: '测试网络',
    hub: false,
    location: app.db.Geo.Point(p.lng, p.lat),
    address: { province: '新疆', city: '乌鲁木齐', district: '测试区', street: '测试街道', detail: `测试路${eastM}号` },
    district: '测试区',
    street: '测试街道',
    host: '测试',
    amenities: ['drinking_water'],
    hours: { always: true },
    liveStatus: 'open',
    liveStatusUpdatedAt: new Date(),
    phone: '0991-1234567',
    photos: [],
    description: '',
    lastVerifiedAt: new Date(),
    checkinRadiusM: 200,
    visitCount: 0,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...extra,
  }
}

beforeAll(async () => {
  // reports receives WeChat's image-check verdicts (cloudfunctions/message-push.ts).
  app = await startProject({ seed: true, functions: ['stations', 'reports'] })
  const docs = [
    station('t-a', 100, { amenities: ['battery_swap', 'ebike_charging', 'drinking_water'] }),
    station('t-b', 300, { amenities: ['battery_swap'] }),
    station('t-c', 500, { amenities: ['battery_swap', 'ebike_charging'], liveStatus: 'closed' }),
    station('t-d', 700, { amenities: ['battery_swap', 'ebike_charging'], hours: null }),
    station('t-e', 900, { amenities: ['battery_swap', 'ebike_charging'], liveStatus: 'full' }),
    station('t-f', 1100, { amenities: ['battery_swap', 'ebike_charging', 'toilet'] }),
    station('t-g', 40_000, { amenities: ['battery_swap', 'ebike_charging'] }),
  ]
  for (const { _id, ...data } of docs) await app.db.collection(Collection.stations).doc(_id).set({ data })
})

afterAll(async () => {
  await app?.close()
})

const ids = (res: Envelope<StationPage>) => (res.ok ? res.data.items.map((s) => s.stationId) : [res.error.code])

describe('nearby', () => {
  test('nearest first with distance and travel time; two amenity filters are both required', async () => {
    const res = await app.callAs<StationPage>('worker', 'stations', 'nearby', { location: origin, amenities: ['battery_swap', 'ebike_charging'] })
    expect(ids(res)).toEqual(['t-a', 't-c', 't-d', 't-e', 't-f'])
    if (!res.ok) return
    expect(res.data.items[0]).toMatchObject({ name: '测试驿站t-a', distanceM: 100, walkMin: 2, rideMin: 1, openState: 'open', openText: '24小时' })
    expect(JSON.stringify(res.data)).not.toMatch(/managerIds|openid/)
  })

  test('open now drops the station its manager closed and the one without hours, keeps a full one', async () => {
    const res = await app.callAs<StationPage>('worker', 'stations', 'nearby', { location: origin, amenities: ['battery_swap', 'ebike_charging'], openNow: true })
    expect(ids(res)).toEqual(['t-a', 't-e', 't-f'])
    expect(res.ok && res.data.items[1]).toMatchObject({ openState: 'full', openText: '已满 · 24小时' })
  })

  test('paging is stable and bounded; the radius bounds the search', async () => {
    const first = await app.callAs<StationPage>('worker', 'stations', 'nearby', { location: origin, openNow: true, page: { limit: 2 } })
    expect(ids(first)).toEqual(['t-a', 't-b'])
    expect(first.ok && first.data.hasMore).toBe(true)
    const second = await app.callAs<StationPage>('worker', 'stations', 'nearby', { location: origin, openNow: true, page: { limit: 2, offset: 2 } })
    expect(ids(second)).toEqual(['t-e', 't-f'])
    expect(second.ok && second.data.hasMore).toBe(false)
    const wide = await app.callAs<StationPage>('worker', 'stations', 'nearby', { location: origin, radiusM: 50_000, amenities: ['battery_swap'] })
    expect(ids(wide)).toContain('t-g')
    expectError(await app.callAs('worker', 'stations', 'nearby', { location: origin, page: { limit: 500 } }), 'INVALID_ARGUMENT')
    expectError(await app.callAs('worker', 'stations', 'nearby', { location: origin, amenities: ['sauna'] }), 'INVALID_ARGUMENT')
  })

  test('the demo districts answer around their centres', async () => {
    const res = await app.callAs<StationPage>('worker', 'stations', 'nearby', { location: { lng: 120.66, lat: 31.3 }, page: { limit: 5 } })
    expect(res.ok && res.data.items.length).toBe(5)
    if (!res.ok) return
    const d = res.data.items.map((s) => s.distanceM as number)
    expect([...d].sort((a, b) => a - b)).toEqual(d)
  })
})

describe('without location', () => {
  test('search by name or by district, and the district picker', async () => {
    const byName = await app.callAs<StationPage>('worker', 'stations', 'search', { q: '铜心驿站' })
    expect(byName.ok && byName.data.items.length).toBeGreaterThan(3)
    expect(byName.ok && byName.data.items.every((s) => s.name.includes('铜心驿站'))).toBe(true)
    const byDistrict = await app.callAs<StationPage>('worker', 'stations', 'search', { district: '宁远县', page: { limit: 50 } })
    expect(byDistrict.ok && byDistrict.data.items.length).toBe(11)
    const regexChars = await app.callAs<StationPage>('worker', 'stations', 'search', { q: '.*' })
    expect(ids(regexChars)).toEqual([])
    expectError(await app.callAs('worker', 'stations', 'search', {}), 'INVALID_ARGUMENT', /请输入站点名称或选择区县/)
    const districts = await app.callAs<{ items: Array<{ district: string; stationCount: number; streets: string[] }> }>('worker', 'stations', 'districts', {})
    expect(districts.ok && districts.data.items.find((d) => d.district === '惠济区')?.stationCount).toBe(44)
  })
})

describe('detail and problem reports', () => {
  test('detail: hours, today, verified date, visits this month, and no manager identities', async () => {
    const res = await app.callAs<StationDetail>('worker', 'stations', 'detail', { stationId: 'st-lf-001', location: { lng: 120.66, lat: 31.3 } })
    expect(res.ok).toBe(true)
    if (!res.ok) return
    expect(res.data).toMatchObject({ stationId: 'st-lf-001', canManage: false, checkinRadiusM: 200, weeklyHours: expect.arrayContaining([expect.stringContaining('周一至周五')]) })
    expect(typeof res.data.todayHours).toBe('string')
    expect(typeof res.data.visitsThisMonth).toBe('number')
    expect(JSON.stringify(res.data)).not.toMatch(/managerIds|u[0-9a-f]{24}/)
    const mgr = await app.callAs<StationDetail>('station_manager', 'stations', 'detail', { stationId: 'st-lf-001' })
    expect(mgr.ok && mgr.data.canManage).toBe(true)
    expectError(await app.callAs('worker', 'stations', 'detail', { stationId: 'no-such' }), 'NOT_FOUND')
  })

  test("a rider's problem report reaches that station's managers only, without the reporter", async () => {
    const sent = await app.callAs('worker', 'stations', 'reportProblem', { stationId: 'st-lf-001', kind: 'closed_but_shown_open', note: '下午三点去的时候门关着' })
    expect(sent.ok).toBe(true)
    // The same person again today: no second entry.
    await app.callAs('worker', 'stations', 'reportProblem', { stationId: 'st-lf-001', kind: 'closed_but_shown_open' })
    const list = await app.callAs<{ items: StationProblem[] }>('station_manager', 'stations', 'problems', { stationId: 'st-lf-001' })
    expect(list.ok && list.data.items).toEqual([expect.objectContaining({ kind: 'closed_but_shown_open', note: '下午三点去的时候门关着' })])
    expect(JSON.stringify(list)).not.toMatch(/reporter|u[0-9a-f]{24}/)
    expectError(await app.call('stations', 'problems', { stationId: 'st-lf-001' }, 'seed-manager-hj'), 'FORBIDDEN')
    expectError(await app.callAs('worker', 'stations', 'problems', { stationId: 'st-lf-001' }), 'FORBIDDEN')
  })
})

describe('management: authorization per action and role', () => {
  const own = 'st-lf-002'
  const others = 'st-hj-001'

  const managerActions: Array<[string, (id: string) => Record<string, unknown>]> = [
    ['update', (id) => ({ stationId: id, patch: { phone: '0512-66660000' } })],
    ['setLiveStatus', (id) => ({ stationId: id, status: 'full' })],
    ['markVerified', (id) => ({ stationId: id })],
    ['addPhoto', (id) => ({ stationId: id, fileId: `cloud://local-dev.bucket/stations/${id}/a.jpg` })],
    ['removePhoto', (id) => ({ stationId: id, fileId: `cloud://local-dev.bucket/stations/${id}/a.jpg` })],
    ['generateCode', (id) => ({ stationId: id })],
    ['rotateSecret', (id) => ({ stationId: id, reason: '测试更换' })],
    ['problems', (id) => ({ stationId: id })],
  ]

  test.each(managerActions)("%s: a manager cannot touch another manager's station, and nothing changes", async (action, payload) => {
    const before = (await app.db.collection(Collection.stations).doc(others).get()).data
    expectError(await app.callAs('station_manager', 'stations', action, payload(others)), 'FORBIDDEN', /不是你负责的站点/)
    const after = (await app.db.collection(Collection.stations).doc(others).get()).data
    expect(after).toEqual(before)
  })

  test.each(managerActions)('%s: a worker may not call it at all', async (action, payload) => {
    expectError(await app.callAs('worker', 'stations', action, payload(own)), 'FORBIDDEN')
  })

  test('the manager edits their own station; only whitelisted fields change', async () => {
    const res = await app.callAs<StationDetail>('station_manager', 'stations', 'update', {
      stationId: own,
      patch: { phone: '0512-66661234', amenities: ['drinking_water', 'battery_swap'], addressDetail: '星海街 9 号一楼', checkinRadiusM: 1000, type: 'report_point' },
    })
    expect(res.ok && res.data).toMatchObject({ phone: '0512-66661234', amenities: ['drinking_water', 'battery_swap'], address: '星海街 9 号一楼', type: 'station', checkinRadiusM: 200 })
    const doc = (await app.db.collection(Collection.stations).doc(own).get()).data
    expect(doc.address).toMatchObject({ detail: '星海街 9 号一楼', district: '苏州工业园区' })
    expect(doc.checkinRadiusM).toBe(200)
    // Admin-only fields alone are not a manager edit.
    expectError(await app.callAs('station_manager', 'stations', 'update', { stationId: own, patch: { checkinRadiusM: 1000 } }), 'INVALID_ARGUMENT', /至少需要修改一项/)
    expectError(await app.callAs('station_manager', 'stations', 'adminUpdate', { stationId: own, patch: { checkinRadiusM: 1000 }, reason: '扩大范围' }), 'FORBIDDEN')
  })

  test('live status with a duration lapses back to the hours; verification moves the date', async () => {
    const res = await app.callAs<StationDetail>('station_manager', 'stations', 'setLiveStatus', { stationId: own, status: 'closed', durationMinutes: 60, note: '临时停电' })
    expect(res.ok && res.data).toMatchObject({ liveStatus: 'closed', openState: 'closed', openText: expect.stringContaining('暂停开放') })
    expect(res.ok && Date.parse(res.data.liveStatusUntil as string) - Date.now()).toBeGreaterThan(50 * 60_000)
    const log = await app.db.collection(Collection.stationStatusLog).where({ stationId: own, to: 'closed' }).get()
    expect(log.data[0]).toMatchObject({ from: 'open', note: '临时停电', actorId: app.userIdOf('dev-station-manager') })
    const verified = await app.callAs<StationDetail>('station_manager', 'stations', 'markVerified', { stationId: own })
    expect(verified.ok && Date.now() - Date.parse(verified.data.lastVerifiedAt)).toBeLessThan(60_000)
  })

  test('photos: only files uploaded for this station, at most nine, as temp URLs', async () => {
    expectError(await app.callAs('station_manager', 'stations', 'addPhoto', { stationId: own, fileId: 'cloud://local-dev.bucket/reports/x/a.jpg' }), 'INVALID_ARGUMENT', /本站点页面上传/)
    const fileID = await app.upload(`stations/${own}/front.jpg`, 'dev-station-manager')
    const res = await app.callAs<StationDetail>('station_manager', 'stations', 'addPhoto', { stationId: own, fileId: fileID })
    expect(res.ok && res.data.photos).toEqual([fileID])
    expect(res.ok && res.data.photoUrls[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__files\//)
    // Riders see it once WeChat's image check passed it; a risky one never reaches them.
    const risky = await app.upload(`stations/${own}/risky-side.jpg`, 'dev-station-manager')
    const both = await app.callAs<StationDetail>('station_manager', 'stations', 'addPhoto', { stationId: own, fileId: risky })
    expect(both.ok && both.data.checkingPhotos).toEqual([fileID, risky])
    await app.emu.settlePushes()
    const seen = await app.callAs<StationDetail>('worker', 'stations', 'detail', { stationId: own })
    expect(seen.ok && seen.data.photos).toEqual([fileID])
    expect(seen.ok && seen.data.checkingPhotos).toBeUndefined()
    const managed = await app.callAs<StationDetail>('station_manager', 'stations', 'detail', { stationId: own })
    expect(managed.ok && managed.data.checkingPhotos).toEqual([risky])
    expect((await app.callAs<StationDetail>('station_manager', 'stations', 'removePhoto', { stationId: own, fileId: risky })).ok).toBe(true)
    const removed = await app.callAs<StationDetail>('station_manager', 'stations', 'removePhoto', { stationId: own, fileId: fileID })
    expect(removed.ok && removed.data.photos).toEqual([])
  })

  test('the printable code: a PNG in storage whose scene is ≤ 32 characters and names the check-in page', async () => {
    const res = await app.callAs<StationCode>('station_manager', 'stations', 'generateCode', { stationId: own })
    expect(res.ok).toBe(true)
    if (!res.ok) return
    expect(res.data.scene.length).toBeLessThanOrEqual(32)
    expect(parseScene(res.data.scene)).toMatchObject({ ok: true, parts: { stationCode: 'LF002' } })
    expect(res.data.page).toBe('checkins/pages/checkin/index')
    const png = Buffer.from(await (await fetch(res.data.posterUrl)).arrayBuffer())
    expect(png.subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]))
    // The secret never leaves the ADMINONLY collection.
    expect(JSON.stringify(res.data)).not.toContain((await app.db.collection(Collection.stationSecrets).doc(own).get()).data.secret)
  })

  test('the admin creates stations and report points; managers and workers cannot', async () => {
    const input = {
      type: 'report_point',
      name: '测试社区流动党员报到点',
      location: offsetM(origin, 0, 2000),
      address: { province: '新疆', city: '乌鲁木齐', district: '测试区', street: '测试街道', detail: '报到路 1 号' },
      amenities: ['books', 'toilet'],
      hours: { always: false, weekly: { 1: [{ open: '09:00', close: '17:00' }] } },
    }
    expectError(await app.callAs('station_manager', 'stations', 'create', input), 'FORBIDDEN')
    expectError(await app.callAs('worker', 'stations', 'create', input), 'FORBIDDEN')
    const res = await app.callAs<StationDetail>('admin', 'stations', 'create', input)
    expect(res.ok && res.data).toMatchObject({ type: 'report_point', name: '测试社区流动党员报到点', district: '测试区', liveStatus: 'open', checkinRadiusM: 200 })
    if (!res.ok) return
    expect(res.data.code).toMatch(/^RP[0-9A-Z]{6}$/)
    const key = (await app.db.collection(Collection.stationSecrets).doc(res.data.stationId).get()).data
    expect(key).toMatchObject({ stationCode: res.data.code, keyVersion: 1 })
    expectError(await app.callAs('admin', 'stations', 'create', { ...input, code: 'LF001' }), 'CONFLICT', /已被使用/)
    const moved = await app.callAs<StationDetail>('admin', 'stations', 'adminUpdate', { stationId: res.data.stationId, patch: { checkinRadiusM: 300 }, reason: '院子较大' })
    expect(moved.ok && moved.data.checkinRadiusM).toBe(300)
    const audit = await app.db.collection(Collection.auditLog).where({ targetId: res.data.stationId }).get()
    expect(audit.data.map((a: { action: string }) => a.action).sort()).toEqual(['station.adminUpdate', 'station.create'])
  })

  test('the managed list holds exactly my stations', async () => {
    const mine = await app.callAs<StationPage>('station_manager', 'stations', 'managed', {})
    expect(ids(mine).sort()).toEqual(['st-lf-001', 'st-lf-002', 'st-lf-004'])
    expectError(await app.callAs('worker', 'stations', 'managed', {}), 'FORBIDDEN')
  })
})
