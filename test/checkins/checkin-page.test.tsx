/**
 * The check-in landing page (H5 build) with the backend faked at the transport seam: it names the station
 * before anything is recorded, sends the launch scene WeChat reported, shows the server's refusal in plain
 * Chinese, and a retry reuses the same idempotency key so it can never count twice.
 */
import '../pages/support/h5-build'
import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { CheckinPreview, CheckinResult } from '../../src/checkins/contract'
import { ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import { installFakeBackend } from '../setup/fake-backend'
import { agreePrivacy, resetPageTest } from '../setup/page-test'

const scene = 'LF004.1.q3Jx0_a9Lk2bV-7mPz1w'
const params: Record<string, string> = {}

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../setup/taro-shim')
  return { __esModule: true, ...actual, default: { ...actual.default, redirectTo: async () => ({ errMsg: 'ok' }) }, useRouter: () => ({ params }) }
})

// eslint-disable-next-line @typescript-eslint/no-var-requires
const CheckinPage = require('../../src/checkins/pages/checkin/index').default as () => JSX.Element

const preview: CheckinPreview = {
  station: { stationId: 'st-lf-004', stationCode: 'LF004', name: '暖"新"服务站·星海街', type: 'station', address: '星海街 9 号' },
  valid: true,
  purposes: ['visit'],
}

const result: CheckinResult = {
  outcome: 'counted',
  checkinId: 'visit:u1:st-lf-004:20250701-1200',
  purpose: 'visit',
  station: preview.station,
  countedAt: new Date().toISOString(),
  distanceM: 30,
  nextCountableAt: new Date(Date.now() + 3_600_000).toISOString(),
  message: '到访成功，欢迎来到驿站',
}

beforeEach(() => {
  Object.assign(params, { scene: encodeURIComponent(scene), launchScene: '1047' })
  agreePrivacy()
  jest.spyOn(Taro, 'getLocation').mockResolvedValue({ longitude: 120.6678, latitude: 31.2951, accuracy: 20, errMsg: 'getLocation:ok' } as never)
})

afterEach(() => {
  resetPageTest()
  for (const k of Object.keys(params)) delete params[k]
})

test('a counted visit shows the points it earned; a capped one says the day’s points are used up', async () => {
  installFakeBackend({ 'checkins.preview': () => ok(preview), 'checkins.checkIn': () => ok({ ...result, points: 2, pointsCapped: false }) })
  const { unmount } = render(<CheckinPage />)
  fireEvent.click(await screen.findByText('确认报到'))
  expect(await screen.findByText('+2 积分已存入你的存折')).toBeTruthy()
  expect(screen.queryByText(/已到上限/)).toBeNull()
  unmount()
  resetPageTest()
  agreePrivacy()
  jest.spyOn(Taro, 'getLocation').mockResolvedValue({ longitude: 120.6678, latitude: 31.2951, accuracy: 20, errMsg: 'getLocation:ok' } as never)
  installFakeBackend({ 'checkins.preview': () => ok(preview), 'checkins.checkIn': () => ok({ ...result, points: 0, pointsCapped: true }) })
  render(<CheckinPage />)
  fireEvent.click(await screen.findByText('确认报到'))
  expect(await screen.findByText('今天的签到积分已到上限，本次不再加分')).toBeTruthy()
  expect(screen.queryByText(/积分已存入/)).toBeNull()
})

test('names the station first, then a refusal says why and the retry reuses the idempotency key', async () => {
  let attempt = 0
  const backend = installFakeBackend({
    'checkins.preview': () => ok(preview),
    'checkins.checkIn': () => {
      attempt++
      if (attempt === 1) throw new AppError('OUT_OF_RANGE', '距离驿站 350 米，请到站点 200 米内再扫码')
      return ok(result)
    },
  })
  render(<CheckinPage />)
  expect(await screen.findByText('暖"新"服务站·星海街')).toBeTruthy()
  expect(backend.count('checkins.checkIn')).toBe(0)
  expect(backend.calls[0].payload).toEqual({ scene })

  fireEvent.click(screen.getByText('确认报到'))
  expect(await screen.findByText('距离驿站 350 米，请到站点 200 米内再扫码')).toBeTruthy()
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('到访成功，欢迎来到驿站')).toBeTruthy()

  const sent = backend.calls.filter((c) => c.key === 'checkins.checkIn').map((c) => c.payload as { idempotencyKey: string; entry: unknown; location: unknown; purpose: string })
  expect(sent).toHaveLength(2)
  expect(sent[0].idempotencyKey).toBe(sent[1].idempotencyKey)
  // H5 has no WeChat: the GCJ-02 conversion of the browser's fix happens before sending.
  expect(sent[0]).toMatchObject({ scene, purpose: 'visit', entry: { method: 'launch', launchScene: 1047 } })
  const loc = sent[0].location as { lng: number; lat: number; accuracy: number }
  expect(loc.accuracy).toBe(20)
  expect(loc.lng).not.toBe(120.6678)
})

test('a revoked code is shown as unusable and offers no confirm button', async () => {
  installFakeBackend({ 'checkins.preview': () => ok({ ...preview, valid: false, purposes: [], problem: { code: 'scene_revoked', message: '这张二维码已停用（站点已更换新码），请扫描现场张贴的最新二维码' } }) })
  render(<CheckinPage />)
  expect(await screen.findByText(/这张二维码已停用/)).toBeTruthy()
  expect(screen.queryByText('确认报到')).toBeNull()
})

test('a worker at a report point is sent to Party registration instead of a confirm button', async () => {
  installFakeBackend({ 'checkins.preview': () => ok({ ...preview, station: { ...preview.station, type: 'report_point', name: '文萃社区党群服务中心' }, purposes: [] }) })
  render(<CheckinPage />)
  expect(await screen.findByText('党员报到仅限已认证的党员')).toBeTruthy()
  expect(screen.getByText('去申请党员认证')).toBeTruthy()
  expect(screen.queryByText('确认报到')).toBeNull()
})

test('without a scene it asks for a scan', async () => {
  delete params.scene
  installFakeBackend({})
  render(<CheckinPage />)
  expect(screen.getByText('没有读到驿站二维码')).toBeTruthy()
})
