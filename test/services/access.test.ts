/**
 * Who keeps a service: the station's managers keep all of its services, a provider organisation's
 * staff only the ones they created at a station granted to them; nobody else keeps any.
 */
import { figuresScope, keepsService, mayCreateServiceAt, providerOfNew, type ServiceKeeper } from '../../src/services/access'

const keeper = (userId: string, manages: string[], provides: string[]): ServiceKeeper => ({ userId, managesStation: (id) => manages.includes(id), providesAt: (id) => provides.includes(id) })
const manager = keeper('u-mgr', ['st-1'], [])
const doctor = keeper('u-doc', [], ['st-1'])
const otherDoctor = keeper('u-doc2', [], ['st-1'])
const rider = keeper('u-rider', [], [])

test('a manager keeps every service of the station; a provider only their own there', () => {
  const managers = { stationId: 'st-1' }
  const doctors = { stationId: 'st-1', providedBy: 'u-doc' }
  expect([keepsService(managers, manager), keepsService(doctors, manager)]).toEqual([true, true])
  expect([keepsService(managers, doctor), keepsService(doctors, doctor)]).toEqual([false, true])
  expect(keepsService(doctors, otherDoctor)).toBe(false)
  expect(keepsService({ stationId: 'st-2', providedBy: 'u-doc' }, doctor)).toBe(false)
  expect(keepsService(doctors, rider)).toBe(false)
})

test('creating: managers and the station\'s providers; the provider is recorded only for a provider', () => {
  expect([mayCreateServiceAt('st-1', manager), mayCreateServiceAt('st-1', doctor), mayCreateServiceAt('st-2', doctor), mayCreateServiceAt('st-1', rider)]).toEqual([true, true, false, false])
  expect(providerOfNew('st-1', manager)).toBeUndefined()
  expect(providerOfNew('st-1', doctor)).toBe('u-doc')
})

test('figures: the whole station for its manager, the provider\'s own services for a provider, nothing for others', () => {
  expect(figuresScope('st-1', manager)).toEqual({ stationId: 'st-1' })
  expect(figuresScope('st-1', doctor)).toEqual({ stationId: 'st-1', providedBy: 'u-doc' })
  expect(figuresScope('st-2', doctor)).toBeNull()
  expect(figuresScope('st-1', rider)).toBeNull()
})
