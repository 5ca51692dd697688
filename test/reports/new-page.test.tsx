/**
 * 随手拍上报 (reports/pages/new) in the H5 build with the backend faked at the transport seam: the pin
 * starts at the device fix, moves by the 10 m nudges and by a tap on the offline plot; the address
 * follows the pin from suggest until the reporter types one; a pin beyond reach is explained and never
 * sent; the submitted payload carries the moved pin and the fix; a draft kept offline keeps both.
 */
import '../pages/support/h5-build'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import { distanceM, offsetM, wgs84ToGcj02, type LngLat } from '../../src/core/geo'
import type { CategoryView, Suggestion } from '../../src/reports/contract'
import type { Draft, SubmitPayload } from '../../src/reports/drafts'
import { draftQueue } from '../../src/reports/draft-queue'
import { offsetToMetres } from '../../src/shell/components/plot-math'
import { installFakeBackend } from '../setup/fake-backend'
import { agreePrivacy, rendered, resetPageTest } from '../setup/page-test'

const params: Record<string, string> = {}
jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../setup/taro-shim')
  return { __esModule: true, ...actual, default: { ...actual.default, redirectTo: async () => ({ errMsg: 'redirectTo:ok' }), chooseImage: async () => ({ tempFilePaths: ['blob:photo-1'], errMsg: 'chooseImage:ok' }) }, useRouter: () => ({ params }) }
})

// eslint-disable-next-line @typescript-eslint/no-var-requires
const NewReport = require('../../src/reports/pages/new/index').default as () => JSX.Element

const wgs = { longitude: 120.6631, latitude: 31.2975, accuracy: 25 }
// The page converts the browser's WGS-84 fix to GCJ-02 once, as stations and grids are stored.
const fix = wgs84ToGcj02({ lng: wgs.longitude, lat: wgs.latitude })
const categories: CategoryView[] = [{ id: 'cat-garbage', name: '暴露垃圾', icon: '🗑️', hint: '', slaHours: 24, departmentKind: 'city_management' }]

/** A place that names where the pin is relative to the fix, so the test can tell which pin it was for. */
function placeFor(p: LngLat): string {
  const o = offsetToMetres(fix, p)
  return `娄葑街道 · 第1网格 · 东 ${Math.round(o.east)} 北 ${Math.round(o.north)}`
}

function backendWith(submit: (p: SubmitPayload) => unknown) {
  return installFakeBackend({
    'reports.categories': () => ok(categories),
    // West of the fix is another grid, so the page shows which pin the last answer was for.
    'reports.suggest': (p: { location: LngLat }): ReturnType<typeof ok<Suggestion>> => {
      const gridName = offsetToMetres(fix, p.location).east < -5 ? '第2网格' : '第1网格'
      return ok({ route: { reason: 'inside', streetName: '娄葑街道', gridName }, place: placeFor(p.location).replace('第1网格', gridName), duplicates: [] })
    },
    'reports.submit': submit,
  })
}

const submitted = (payload: SubmitPayload) => ok({ report: { id: `rp-${payload.idempotencyKey}` }, replayed: false })

async function address(): Promise<string> {
  return (await rendered<HTMLInputElement>('.rp-address input')).value
}

async function ready() {
  render(<NewReport />)
  fireEvent.click(await screen.findByText('暴露垃圾'))
  fireEvent.click(await screen.findByText('拍照'))
  await screen.findByText('2. 现场照片（1/9）')
  await waitFor(async () => expect(await address()).toBe(placeFor(fix)))
}

const near = (a: LngLat, b: LngLat) => expect(distanceM(a, b)).toBeLessThan(0.01)

let fetchMock: jest.Mock
let redirect: jest.SpyInstance
beforeEach(() => {
  agreePrivacy()
  redirect = jest.spyOn(Taro, 'redirectTo')
  jest.spyOn(Taro, 'getLocation').mockResolvedValue({ ...wgs, errMsg: 'getLocation:ok' } as never)
  // H5 photo upload: read the camera blob, post it to the emulator's dev upload route.
  fetchMock = jest.fn(async (url: string, init?: { body?: FormData }) => {
    if (url === '/__dev/upload') return { json: async () => ({ fileID: `cloud://local-dev.bucket/${String(init?.body?.get('cloudPath'))}` }) }
    return { blob: async () => new Blob(['jpeg']) }
  })
  ;(globalThis as { fetch?: unknown }).fetch = fetchMock
})
afterEach(() => {
  resetPageTest()
  delete (globalThis as { fetch?: unknown }).fetch
})

test('the nudges move the pin 10 m at a time; the address follows the pin; the payload carries the moved pin and the fix', async () => {
  const backend = backendWith(submitted)
  await ready()
  expect(screen.getByRole('img', { name: /问题位置示意图/ })).toBeTruthy()
  // Nothing moved yet: no distance line, no way back needed.
  expect(screen.queryByText('回到我的定位')).toBeNull()

  for (let i = 0; i < 3; i++) fireEvent.click(screen.getByText('↑ 上'))
  fireEvent.click(screen.getByText('右 →'))
  const pin = offsetM(offsetM(fix, 0, 30), 10, 0)
  expect(await screen.findByText('标记离你的定位约 32 米（最多可挪 325 米）')).toBeTruthy()
  await waitFor(async () => expect(await address()).toBe('娄葑街道 · 第1网格 · 东 10 北 30'))
  // The burst of nudges asked for the place of the resting pin; nothing was shown for a pin since moved.
  const asked = backend.calls.filter((c) => c.key === 'reports.suggest').map((c) => (c.payload as { location: LngLat }).location)
  near(asked[asked.length - 1], pin)

  fireEvent.click(screen.getByText('提交上报'))
  await waitFor(() => expect(backend.count('reports.submit')).toBe(1))
  const sent = backend.calls.find((c) => c.key === 'reports.submit')?.payload as SubmitPayload
  near(sent.location, pin)
  expect(sent.deviceFix).toEqual({ lng: fix.lng, lat: fix.lat, accuracy: 25 })
  expect(sent.address).toBe('娄葑街道 · 第1网格 · 东 10 北 30')
  expect(sent.photos).toEqual([`cloud://local-dev.bucket/reports/${sent.idempotencyKey}/0.jpg`])
  await waitFor(() => expect(redirect).toHaveBeenCalledWith({ url: `/reports/pages/detail/index?id=rp-${sent.idempotencyKey}&new=1` }))
})

test('a typed address is kept when the pin moves afterwards', async () => {
  backendWith(submitted)
  await ready()
  const input = await rendered<HTMLInputElement>('.rp-address input')
  fireEvent.input(input, { target: { value: '星港街 18 号门口' } })
  fireEvent.click(screen.getByText('← 左'))
  expect(await screen.findByText('标记离你的定位约 10 米（最多可挪 325 米）')).toBeTruthy()
  // The moved pin's place has arrived (another grid), and the typed address stays.
  await waitFor(() => expect(screen.getByText(/已定位/).textContent).toMatch(/第2网格/))
  expect(await address()).toBe('星港街 18 号门口')
})

test('a pin tapped beyond reach on the plot is explained before sending and nothing is uploaded or sent; back to the fix sends the fix', async () => {
  const backend = backendWith(submitted)
  await ready()
  const plot = screen.getByRole('img', { name: /问题位置示意图/ })
  jest.spyOn(plot, 'getBoundingClientRect').mockReturnValue({ left: 0, top: 0, width: 300, height: 300, right: 300, bottom: 300, x: 0, y: 0, toJSON: () => ({}) })
  // The right edge of the plot: 1.25 × the reach east of the fix (reach 300 + 25 m accuracy).
  fireEvent.click(plot, { clientX: 300, clientY: 150 })
  const far = await screen.findByText(/问题位置离你的手机定位约 40[56] 米，最多只能挪动 325 米/)
  expect(far.className).toMatch(/rp-pin__status--far/)
  fireEvent.click(screen.getByText('提交上报'))
  expect(await screen.findByRole('alert')).toHaveProperty('textContent', expect.stringMatching(/最多只能挪动 325 米/))
  expect(backend.count('reports.submit')).toBe(0)
  expect(fetchMock).not.toHaveBeenCalled()
  expect(draftQueue.list()).toEqual([])

  // A tap inside the circle: 150 px right of centre on a 300 px plot is 406 m; 60 px is ~162 m east.
  fireEvent.click(plot, { clientX: 210, clientY: 150 })
  expect(screen.queryByRole('alert')).toBeNull()
  expect(await screen.findByText(/标记离你的定位约 16[23] 米/)).toBeTruthy()
  fireEvent.click(screen.getByText('回到我的定位'))
  await waitFor(() => expect(screen.queryByText('回到我的定位')).toBeNull())
  fireEvent.click(screen.getByText('提交上报'))
  await waitFor(() => expect(backend.count('reports.submit')).toBe(1))
  const sent = backend.calls.find((c) => c.key === 'reports.submit')?.payload as SubmitPayload
  expect(sent.location).toEqual(fix)
  expect(sent.deviceFix).toEqual({ ...fix, accuracy: 25 })
  await waitFor(() => expect(redirect).toHaveBeenCalledTimes(1))
})

test('offline, the draft keeps the moved pin and the fix, and sends both when the network returns', async () => {
  let online = false
  const backend = backendWith((p: SubmitPayload) => {
    if (!online) throw new AppError('UNAVAILABLE')
    return submitted(p)
  })
  await ready()
  fireEvent.click(screen.getByText('↓ 下'))
  fireEvent.click(screen.getByText('↓ 下'))
  const pin = offsetM(fix, 0, -20)
  expect(await screen.findByText('标记离你的定位约 20 米（最多可挪 325 米）')).toBeTruthy()
  fireEvent.click(screen.getByText('提交上报'))
  expect(await screen.findByText(/已存为草稿/)).toBeTruthy()
  await waitFor(() => expect(screen.queryByText(/上传中/)).toBeNull())
  const kept = Taro.getStorageSync('nx.reports.drafts') as Draft[]
  expect(kept).toHaveLength(1)
  near(kept[0].input.location, pin)
  expect(kept[0].input.deviceFix).toEqual({ ...fix, accuracy: 25 })

  online = true
  const flushed = await draftQueue.flush()
  expect(flushed.sent).toEqual([`rp-${kept[0].key}`])
  const last = backend.calls.filter((c) => c.key === 'reports.submit').at(-1)?.payload as SubmitPayload
  expect(last.idempotencyKey).toBe(kept[0].key)
  near(last.location, pin)
  expect(last.deviceFix).toEqual({ ...fix, accuracy: 25 })
  expect(draftQueue.list()).toEqual([])
})
