/** Stations contract inputs: bounded, whitelisted, and bad input answered with the field named. */
import { AppError } from '../../src/core/errors'
import { stationsContract as c } from '../../src/stations/contract'

const location = { lng: 113.62, lat: 34.87 }
const failure = (parse: () => unknown): AppError => {
  try {
    parse()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected INVALID_ARGUMENT')
}
const expectInvalid = (parse: () => unknown, field: string) => {
  const e = failure(parse)
  expect(e.code).toBe('INVALID_ARGUMENT')
  expect(e.field).toBe(field)
}

describe('stations contract', () => {
  it('nearby accepts filters and paging, and drops unknown keys', () => {
    expect(c.nearby.input.parse({ location, amenities: ['battery_swap', 'phone_charging'], openNow: true, page: { limit: 20 }, admin: true })).toEqual({
      location,
      amenities: ['battery_swap', 'phone_charging'],
      openNow: true,
      page: { limit: 20 },
    })
  })

  it.each([
    ['missing location', {}, 'location'],
    ['latitude out of range', { location: { lng: 113, lat: 95 } }, 'location.lat'],
    ['unknown amenity', { location, amenities: ['spa'] }, 'amenities[0]'],
    ['duplicate amenities', { location, amenities: ['toilet', 'toilet'] }, 'amenities'],
    ['radius too large', { location, radiusM: 100_000 }, 'radiusM'],
    ['page too large', { location, page: { limit: 500 } }, 'page.limit'],
    ['offset beyond the bound', { location, page: { offset: 20_000 } }, 'page.offset'],
    ['openNow not boolean', { location, openNow: 'yes' }, 'openNow'],
  ])('nearby rejects %s', (_label, payload, field) => expectInvalid(() => c.nearby.input.parse(payload), field))

  it('search needs a name or a district', () => {
    expect(c.search.input.parse({ district: '惠济区' })).toEqual({ district: '惠济区' })
    expectInvalid(() => c.search.input.parse({ openNow: true }), 'q')
    expectInvalid(() => c.search.input.parse({ q: 'x'.repeat(31) }), 'q')
  })

  it('update is limited to the manager whitelist and needs at least one field', () => {
    const parsed = c.update.input.parse({ stationId: 'st-1', patch: { phone: '0371-12345678', checkinRadiusM: 5000, managerIds: ['me'], location } })
    expect(parsed).toEqual({ stationId: 'st-1', patch: { phone: '0371-12345678' } })
    expectInvalid(() => c.update.input.parse({ stationId: 'st-1', patch: { checkinRadiusM: 5000 } }), 'patch.name')
    expectInvalid(() => c.update.input.parse({ stationId: 'st-1', patch: { hours: { always: false, weekly: { 1: [{ open: '9', close: '18:00' }] } } } }), 'patch.hours.weekly.1[0].open')
    expectInvalid(() => c.update.input.parse({ stationId: 'st 1', patch: { name: '新名字' } }), 'stationId')
  })

  it('admin updates bound the geofence radius and need a reason', () => {
    expect(c.adminUpdate.input.parse({ stationId: 'st-1', patch: { checkinRadiusM: 300 }, reason: '站点门口较大' })).toMatchObject({ patch: { checkinRadiusM: 300 } })
    expectInvalid(() => c.adminUpdate.input.parse({ stationId: 'st-1', patch: { checkinRadiusM: 5000 }, reason: '扩大' }), 'patch.checkinRadiusM')
    expectInvalid(() => c.adminUpdate.input.parse({ stationId: 'st-1', patch: { checkinRadiusM: 300 } }), 'reason')
  })

  it.each([
    ['setLiveStatus unknown status', () => c.setLiveStatus.input.parse({ stationId: 's', status: 'busy' }), 'status'],
    ['setLiveStatus duration too long', () => c.setLiveStatus.input.parse({ stationId: 's', status: 'full', durationMinutes: 99_999 }), 'durationMinutes'],
    ['addPhoto not a cloud file', () => c.addPhoto.input.parse({ stationId: 's', fileId: 'https://evil.example/x.png' }), 'fileId'],
    ['generateCode width out of range', () => c.generateCode.input.parse({ stationId: 's', width: 5000 }), 'width'],
    ['rotateSecret without reason', () => c.rotateSecret.input.parse({ stationId: 's' }), 'reason'],
    ['reportProblem unknown kind', () => c.reportProblem.input.parse({ stationId: 's', kind: 'spam' }), 'kind'],
  ])('rejects %s', (_label, parse, field) => expectInvalid(parse, field))

  it('create validates the whole station, including hours and a printable code', () => {
    const station = {
      type: 'report_point',
      name: '娄葑街道党群服务中心',
      location: { lng: 120.66, lat: 31.3 },
      address: { province: '江苏省', city: '苏州市', district: '工业园区', street: '娄葑街道', detail: '东环路 1 号' },
      amenities: ['drinking_water', 'toilet'],
      hours: { always: true },
    }
    expect(c.create.input.parse(station)).toMatchObject({ type: 'report_point', hours: { always: true } })
    expectInvalid(() => c.create.input.parse({ ...station, type: 'shop' }), 'type')
    expectInvalid(() => c.create.input.parse({ ...station, code: 'lf-01' }), 'code')
    expectInvalid(() => c.create.input.parse({ ...station, hours: undefined }), 'hours')
    expectInvalid(() => c.create.input.parse({ ...station, address: { ...station.address, detail: '' } }), 'address.detail')
    // Who manages a station is a role grant: a managers list in the input is dropped, never stored.
    expect(c.create.input.parse({ ...station, managerIds: ['u1'] })).not.toHaveProperty('managerIds')
    expect(c.adminUpdate.input.parse({ stationId: 'st-1', patch: { network: '惠家', managerIds: ['u1'] }, reason: '更正' }).patch).not.toHaveProperty('managerIds')
  })
})
