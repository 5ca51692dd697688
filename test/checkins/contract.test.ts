/** Check-ins contract inputs: bounded, and bad input answered with the field named. */
import { checkinsContract as c } from '../../src/checkins/contract'
import { AppError } from '../../src/core/errors'

const expectInvalid = (parse: () => unknown, field: string) => {
  try {
    parse()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    expect((e as AppError).code).toBe('INVALID_ARGUMENT')
    expect((e as AppError).field).toBe(field)
    return
  }
  throw new Error('expected INVALID_ARGUMENT')
}

const checkIn = {
  scene: 'HJ0012.2.q3Jx0_a9Lk2bV-7m',
  entry: { method: 'launch', launchScene: 1047 },
  location: { lng: 113.62, lat: 34.87, accuracy: 25 },
  purpose: 'visit',
  idempotencyKey: 'c0ffee00-0000-4000-8000-000000000001',
}

describe('checkins contract', () => {
  it('accepts a check-in and drops what the client may not claim', () => {
    expect(c.checkIn.input.parse({ ...checkIn, userId: 'someone-else', points: 100 })).toEqual(checkIn)
  })

  it.each([
    ['scene over 32 characters', { ...checkIn, scene: 'A'.repeat(33) }, 'scene'],
    ['empty scene', { ...checkIn, scene: '' }, 'scene'],
    ['unknown entry method', { ...checkIn, entry: { method: 'album' } }, 'entry.method'],
    ['launch scene not a scene number', { ...checkIn, entry: { method: 'launch', launchScene: 47 } }, 'entry.launchScene'],
    ['missing accuracy', { ...checkIn, location: { lng: 113.62, lat: 34.87 } }, 'location.accuracy'],
    ['negative accuracy', { ...checkIn, location: { ...checkIn.location, accuracy: -3 } }, 'location.accuracy'],
    ['longitude out of range', { ...checkIn, location: { ...checkIn.location, lng: 200 } }, 'location.lng'],
    ['unknown purpose', { ...checkIn, purpose: 'party' }, 'purpose'],
    ['short idempotency key', { ...checkIn, idempotencyKey: 'abc' }, 'idempotencyKey'],
    ['missing idempotency key', { ...checkIn, idempotencyKey: undefined }, 'idempotencyKey'],
  ])('checkIn rejects %s', (_label, payload, field) => expectInvalid(() => c.checkIn.input.parse(payload), field))

  it('bounds history paging', () => {
    expect(c.myHistory.input.parse({ page: { limit: 20, offset: 40 } })).toEqual({ page: { limit: 20, offset: 40 } })
    expectInvalid(() => c.myHistory.input.parse({ page: { limit: 51 } }), 'page.limit')
  })

  it('bounds figures ranges', () => {
    const ok = { stationId: 'st-1', granularity: 'day', from: '2025-06-01', to: '2025-06-30' }
    expect(c.stationFigures.input.parse(ok)).toEqual(ok)
    expectInvalid(() => c.stationFigures.input.parse({ ...ok, to: '2025-12-31' }), 'to')
    expectInvalid(() => c.stationFigures.input.parse({ ...ok, from: '2025-07-01' }), 'to')
    expectInvalid(() => c.stationFigures.input.parse({ ...ok, granularity: 'week' }), 'granularity')
    expectInvalid(() => c.districtFigures.input.parse({ district: '惠济区', granularity: 'month', from: '2025-02-30', to: '2025-03-01' }), 'to')
    expectInvalid(() => c.districtFigures.input.parse({ district: '', granularity: 'month', from: '2025-01-01', to: '2025-03-01' }), 'district')
  })

  it('party registration inputs are bounded', () => {
    expect(c.partyApply.input.parse({ organisation: ' 娄葑街道第一党支部 ', contact: '138 0000 0000' })).toEqual({ organisation: '娄葑街道第一党支部', contact: '138 0000 0000' })
    expectInvalid(() => c.partyApply.input.parse({ organisation: '党', contact: '13800000000' }), 'organisation')
    expectInvalid(() => c.partyApply.input.parse({ organisation: '娄葑街道第一党支部', contact: 'call me' }), 'contact')
    expectInvalid(() => c.partyReview.input.parse({ applicationId: 'u-li', decision: 'maybe' }), 'decision')
    expectInvalid(() => c.partyReview.input.parse({ applicationId: 'u-li', decision: 'reject', reason: 'x'.repeat(201) }), 'reason')
    expectInvalid(() => c.partyApplications.input.parse({ status: 'archived' }), 'status')
  })
})
