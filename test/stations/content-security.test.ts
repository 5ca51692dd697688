/**
 * Content security on the station texts everyone reads (station detail and lists), through the emulator's
 * msgSecCheck word list with the real wx-server-sdk: a manager's hours notes, host, address and live-status
 * note; the admin's new station (address, hours notes, network, host) and address/network corrections. Each
 * action checks all its shown texts in one go; a risky one is refused naming its field and nothing is
 * stored (no station change, no status log, no audit entry).
 */
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import { offsetM } from '../../src/core/geo'
import type { StationDetail } from '../../src/stations/contract'
import { startProject, type Project } from '../support/project'

jest.setTimeout(120_000)

const RISKY = '加微信领红包'
const OWN = 'st-lf-001'
let app: Project

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['stations'] })
})
afterAll(async () => {
  await app?.close()
})

function expectRefused(res: Envelope<unknown>, field: string) {
  expect(res.ok).toBe(false)
  if (res.ok) return
  expect({ code: res.error.code, field: res.error.field }).toEqual({ code: 'CONTENT_REJECTED', field })
  expect(res.error.message).toMatch(/不适宜.*驿站详情/)
}

const stationDoc = async (id: string) => (await app.db.collection(Collection.stations).doc(id).get()).data
const count = async (collection: string, where: Record<string, unknown>) => (await app.db.collection(collection).where(where).count()).total

describe('a manager’s edits', () => {
  test.each([
    [{ hours: { always: true, note: `节假日${RISKY}` } }, 'patch.hours.note'],
    [{ hours: { always: true, exceptions: [{ date: '2027-02-10', ranges: [], note: '春节休息' }, { date: '2027-02-11', ranges: [], note: RISKY }] } }, 'patch.hours.exceptions[1].note'],
    [{ host: `${RISKY}工会` }, 'patch.host'],
    [{ addressDetail: `星海街 9 号${RISKY}` }, 'patch.addressDetail'],
    [{ phone: '0512-66668888', name: `${RISKY}驿站` }, 'patch.name'],
  ])('update %j is refused naming %s; the station is unchanged', async (patch, field) => {
    const before = await stationDoc(OWN)
    expectRefused(await app.callAs('station_manager', 'stations', 'update', { stationId: OWN, patch }), field)
    expect(await stationDoc(OWN)).toEqual(before)
  })

  test('a clean edit of the same fields goes through', async () => {
    const res = await app.callAs<StationDetail>('station_manager', 'stations', 'update', { stationId: OWN, patch: { host: '星海社区工会', hours: { always: true, note: '节假日照常开放' } } })
    expect(res.ok).toBe(true)
    expect(await stationDoc(OWN)).toMatchObject({ host: '星海社区工会', hours: { note: '节假日照常开放' } })
  })

  test('a live-status note with a prohibited word is refused naming note: status and log unchanged', async () => {
    const before = await stationDoc(OWN)
    const logs = await count(Collection.stationStatusLog, { stationId: OWN })
    expectRefused(await app.callAs('station_manager', 'stations', 'setLiveStatus', { stationId: OWN, status: 'closed', durationMinutes: 30, note: RISKY }), 'note')
    expect(await stationDoc(OWN)).toEqual(before)
    expect(await count(Collection.stationStatusLog, { stationId: OWN })).toBe(logs)
    expect(await app.callAs('station_manager', 'stations', 'setLiveStatus', { stationId: OWN, status: 'closed', durationMinutes: 30, note: '临时停电' })).toMatchObject({ ok: true, data: { liveStatus: 'closed' } })
  })
})

describe('the admin’s stations', () => {
  const input = () => ({
    type: 'station',
    name: '内容检查测试驿站',
    location: offsetM({ lng: 87.6, lat: 43.8 }, 0, 3000),
    address: { province: '新疆', city: '乌鲁木齐', district: '测试区', street: '测试街道', detail: '检查路 1 号' },
    amenities: ['drinking_water'],
    hours: { always: true, note: '全天开放' },
    network: '暖新驿站',
    host: '测试社区',
  })

  test.each([
    ['address.detail', (i: ReturnType<typeof input>) => ({ ...i, address: { ...i.address, detail: `检查路${RISKY}` } })],
    ['address.street', (i: ReturnType<typeof input>) => ({ ...i, address: { ...i.address, street: `${RISKY}街道` } })],
    ['hours.note', (i: ReturnType<typeof input>) => ({ ...i, hours: { always: true, note: RISKY } })],
    ['network', (i: ReturnType<typeof input>) => ({ ...i, network: `${RISKY}网络` })],
    ['host', (i: ReturnType<typeof input>) => ({ ...i, host: `${RISKY}社区` })],
    ['description', (i: ReturnType<typeof input>) => ({ ...i, description: `欢迎${RISKY}` })],
  ])('create with a prohibited word in %s is refused naming it; no station, no audit', async (field, make) => {
    const stations = await count(Collection.stations, { name: '内容检查测试驿站' })
    const audits = await count(Collection.auditLog, { action: 'station.create' })
    expectRefused(await app.callAs('admin', 'stations', 'create', make(input())), field)
    expect(await count(Collection.stations, { name: '内容检查测试驿站' })).toBe(stations)
    expect(await count(Collection.auditLog, { action: 'station.create' })).toBe(audits)
  })

  test('adminUpdate refuses a prohibited address or network naming the field; nothing changes, no audit', async () => {
    const created = await app.callAs<StationDetail>('admin', 'stations', 'create', input())
    expect(created.ok).toBe(true)
    if (!created.ok) return
    const id = created.data.stationId
    const before = await stationDoc(id)
    const address = { province: '新疆', city: '乌鲁木齐', district: `${RISKY}区`, street: '测试街道', detail: '检查路 2 号' }
    expectRefused(await app.callAs('admin', 'stations', 'adminUpdate', { stationId: id, patch: { address }, reason: '地址更正' }), 'patch.address.district')
    expectRefused(await app.callAs('admin', 'stations', 'adminUpdate', { stationId: id, patch: { network: `${RISKY}驿站` }, reason: '调整网络' }), 'patch.network')
    expect(await stationDoc(id)).toEqual(before)
    expect(await count(Collection.auditLog, { targetId: id, action: 'station.adminUpdate' })).toBe(0)
    expect(await app.callAs('admin', 'stations', 'adminUpdate', { stationId: id, patch: { network: '流动党员报到点' }, reason: '调整网络' })).toMatchObject({ ok: true })
  })
})
