/**
 * Station-service pages (H5 build) with the backend faked at the transport seam: the service page offers
 * the waitlist on a full slot and says why a booking was refused; my bookings shows a held offer's
 * deadline in China time, takes it with the main button, and shows the no-show limit with its reason;
 * the edit page adds and removes the provider's absences in China time and saves them.
 */
import '../pages/support/h5-build'
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import type { MyBooking, ServiceView } from '../../src/services/contract'
import { installFakeBackend } from '../setup/fake-backend'
import { agreePrivacy, resetPageTest } from '../setup/page-test'

const params: Record<string, string> = {}
// A ceiling for waiting on renders when the machine is busy, not a speed check.
configure({ asyncUtilTimeout: 5000 })

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../setup/taro-shim')
  return { __esModule: true, ...actual, default: { ...actual.default, scanCode: async () => ({ errMsg: 'scanCode:fail cancel' }) }, useRouter: () => ({ params }) }
})

/* eslint-disable @typescript-eslint/no-var-requires */
const ServicePage = require('../../src/services/pages/service/index').default as () => JSX.Element
const MinePage = require('../../src/services/pages/mine/index').default as () => JSX.Element
const EditPage = require('../../src/services/pages/edit/index').default as () => JSX.Element
/* eslint-enable @typescript-eslint/no-var-requires */

const slot = (startAt: string, seatsLeft: number, waiting = 0) => ({ startAt, endAt: new Date(new Date(startAt).getTime() + 20 * 60_000).toISOString(), label: '12月8日 周二 14:00–14:20', seats: 1, seatsLeft, waiting, bookable: true })
const service: ServiceView = {
  serviceId: 'svc-1',
  stationId: 'st-1',
  stationName: '文萃驿站',
  street: '娄葑街道',
  type: 'haircut',
  typeLabel: '理发',
  provider: '王师傅',
  description: '免费理发',
  slotMinutes: 20,
  seatsPerSlot: 1,
  state: 'active',
  hoursText: ['每周二 14:00–16:00'],
  averageRating: null,
  ratingCount: 0,
  definition: { weekly: [{ weekdays: [2], ranges: [{ start: '14:00', end: '16:00' }] }], slotMinutes: 20, seatsPerSlot: 1, closedDates: [], absences: [], bookingWindowDays: 7, cutoffMinutes: 30 },
  slots: [slot('2026-12-08T06:00:00.000Z', 0, 2)],
  canManage: false,
  reminderTemplateIds: [],
}
const booking: MyBooking = {
  bookingId: 'svc-1:202612081400:u1',
  serviceId: 'svc-1',
  stationId: 'st-1',
  stationName: '文萃驿站',
  type: 'haircut',
  typeLabel: '理发',
  provider: '王师傅',
  startAt: '2026-12-08T06:00:00.000Z',
  endAt: '2026-12-08T06:20:00.000Z',
  label: '12月8日 周二 14:00–14:20',
  state: 'offered',
  stateLabel: '有空位待确认',
  attendance: 'none',
  waitlistPosition: null,
  // 13:45 China time, whatever zone the test machine is in.
  offerExpiresAt: '2026-12-08T05:45:00.000Z',
  canCancel: true,
  canRate: false,
}

beforeEach(() => {
  agreePrivacy()
})

afterEach(() => {
  resetPageTest()
  for (const k of Object.keys(params)) delete params[k]
})

test('service: a full slot offers the waitlist, and a refusal says why', async () => {
  params.id = 'svc-1'
  const backend = installFakeBackend({
    'services.serviceDetail': () => ok(service),
    'services.book': () => {
      throw new AppError('FORBIDDEN', '你在 30 天内有 3 次预约未到场，12月12日 10:00 前暂不能预约新的服务')
    },
  })
  render(<ServicePage />)
  await screen.findByText('已满，2 人候补')
  fireEvent.click(screen.getByText('候补'))
  await screen.findByText('你在 30 天内有 3 次预约未到场，12月12日 10:00 前暂不能预约新的服务')
  expect(backend.calls.find((c) => c.key === 'services.book')?.payload).toEqual({ serviceId: 'svc-1', startAt: '2026-12-08T06:00:00.000Z' })
})

test('my bookings: a held offer shows its China-time deadline; 确认预约 takes it; the no-show limit is explained', async () => {
  let current: MyBooking = booking
  const backend = installFakeBackend({
    'services.myBookings': () => ok({ items: [current], restriction: { until: '2026-12-12T02:00:00.000Z', message: '你在 30 天内有 3 次预约未到场，12月12日 10:00 前暂不能预约新的服务' } }),
    'services.acceptOffer': () => {
      current = { ...booking, state: 'booked', stateLabel: '已预约', offerExpiresAt: undefined }
      return ok(current)
    },
  })
  render(<MinePage />)
  await screen.findByText('有空位为你保留到 13:45，过时将让给下一位')
  expect(screen.getByText('你在 30 天内有 3 次预约未到场，12月12日 10:00 前暂不能预约新的服务')).toBeTruthy()
  expect(screen.getByText('不需要了，让给下一位')).toBeTruthy()
  fireEvent.click(screen.getByText('确认预约'))
  await screen.findByText('已预约')
  await waitFor(() => expect(screen.queryByText('确认预约')).toBeNull())
  expect(backend.calls.find((c) => c.key === 'services.acceptOffer')?.payload).toEqual({ bookingId: booking.bookingId })
})

test('edit: the provider\'s absences are listed in China time, removed with 删除 and added with 添加请假, and saved', async () => {
  params.id = 'svc-1'
  params.stationId = 'st-1'
  const withAbsence: ServiceView = { ...service, canManage: true, definition: { ...service.definition, absences: [{ from: '2026-12-08T06:00:00.000Z', to: '2026-12-08T08:00:00.000Z', note: '外出义诊' }] } }
  const backend = installFakeBackend({ 'services.serviceDetail': () => ok(withAbsence), 'services.saveService': () => ok(withAbsence) })
  render(<EditPage />)
  // 06:00Z is 14:00 in China, whatever zone the test machine is in.
  expect(await screen.findByText('12月8日 14:00–16:00（外出义诊）')).toBeTruthy()
  fireEvent.click(screen.getByLabelText('删除请假 12月8日 14:00–16:00（外出义诊）'))
  expect(screen.queryByText('12月8日 14:00–16:00（外出义诊）')).toBeNull()
  fireEvent.click(screen.getByText('添加请假'))
  fireEvent.click(screen.getByText('保存服务'))
  await waitFor(() => expect(backend.count('services.saveService')).toBe(1))
  const saved = backend.calls.find((c) => c.key === 'services.saveService')?.payload as { definition: { absences: Array<{ from: string; to: string }> } }
  // The default new absence: today 09:00–12:00 China time.
  expect(saved.definition.absences).toHaveLength(1)
  expect(new Date(saved.definition.absences[0].to).getTime() - new Date(saved.definition.absences[0].from).getTime()).toBe(3 * 3_600_000)
  expect(saved.definition.absences[0].from).toMatch(/T01:00:00\.000Z$/)
})
