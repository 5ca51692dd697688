/**
 * 问题详情 (reports subpackage): the receipt number and promised handling time; the photos card — pending
 * photos tagged 审核中, and the person whose photos were hidden (WeChat's image check or staff) told so
 * instead of seeing them vanish.
 */
import '../pages/support/h5-build'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ok } from '../../src/core/envelope'
import type { ReportDetail } from '../../src/reports/contract'
import { installFakeBackend } from '../setup/fake-backend'
import { agreePrivacy, resetPageTest } from '../setup/page-test'

const params: Record<string, string> = {}
jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../setup/taro-shim')
  return { __esModule: true, ...actual, useRouter: () => ({ params }) }
})

// eslint-disable-next-line @typescript-eslint/no-var-requires
const DetailPage = require('../../src/reports/pages/detail/index').default as () => JSX.Element

const detail = (extra: Partial<ReportDetail>): ReportDetail => ({
  id: 'rp-1',
  receiptNo: '20250630-0001',
  categoryId: 'cat-garbage',
  categoryName: '暴露垃圾',
  state: 'submitted',
  address: '星港街 9 号',
  createdAt: '2025-06-02T02:00:00.000Z',
  updatedAt: '2025-06-02T02:00:00.000Z',
  description: '垃圾桶满了',
  photos: [{ url: 'https://files.example/a.jpg', kind: 'report', pending: true, index: 1 }],
  location: { lng: 120.67, lat: 31.3 },
  mine: true,
  can: [],
  events: [],
  ...extra,
})

beforeEach(() => {
  agreePrivacy()
  params.id = 'rp-1'
})
afterEach(resetPageTest)

test('the reporter is told how many of their photos were hidden, beside the ones still under review', async () => {
  installFakeBackend({ 'reports.detail': () => ok(detail({ hiddenPhotos: 2 })) })
  render(<DetailPage />)
  expect(await screen.findByText('你拍的 2 张照片未通过内容审核，已隐藏，其他人看不到')).toBeTruthy()
  expect(screen.getByText('审核中')).toBeTruthy()
})

test('with every photo hidden the card still says so; with none hidden it says nothing', async () => {
  installFakeBackend({ 'reports.detail': () => ok(detail({ photos: [], hiddenPhotos: 1 })) })
  const { unmount } = render(<DetailPage />)
  expect(await screen.findByText(/你拍的 1 张照片未通过内容审核/)).toBeTruthy()
  unmount()
  resetPageTest()
  agreePrivacy()
  installFakeBackend({ 'reports.detail': () => ok(detail({})) })
  render(<DetailPage />)
  expect(await screen.findByText('审核中')).toBeTruthy()
  expect(screen.queryByText(/未通过内容审核/)).toBeNull()
})

test('the receipt number and the promise in China time (the device here is in UTC); resolved reports say when', async () => {
  expect(new Date('2025-06-03T02:00:00.000Z').getHours()).toBe(2) // the device zone really is UTC
  installFakeBackend({ 'reports.detail': () => ok(detail({ promise: { kind: 'promised', at: '2025-06-03T02:00:00.000Z', overdue: false } })) })
  const { unmount } = render(<DetailPage />)
  expect(await screen.findByText('受理编号 20250630-0001')).toBeTruthy()
  expect(screen.getByText('承诺 6月3日 10:00 前办结')).toBeTruthy()
  unmount()
  resetPageTest()
  agreePrivacy()
  installFakeBackend({ 'reports.detail': () => ok(detail({ state: 'resolved', promise: { kind: 'resolved', at: '2025-06-02T17:30:00.000Z' } })) })
  render(<DetailPage />)
  expect(await screen.findByText('已于 6月3日 01:30 办结')).toBeTruthy()
  expect(screen.queryByText(/前办结/)).toBeNull()
})

describe('where it is, for staff and the reporter', () => {
  const env = process.env.TARO_ENV
  afterEach(() => {
    process.env.TARO_ENV = env
  })

  test('the place in words with 导航到现场; on H5 it opens Tencent Maps at the exact point, and says where when the browser blocks it', async () => {
    process.env.TARO_ENV = 'h5'
    const place = '娄葑街道 · 第1网格 · 娄葑暖新驿站 东北 120 米'
    installFakeBackend({ 'reports.detail': () => ok(detail({ place, location: { lng: 120.671234, lat: 31.301234 } })) })
    const open = jest.spyOn(window, 'open').mockReturnValueOnce({} as Window).mockReturnValueOnce(null)
    const modal = jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'showModal:ok' } as never)
    render(<DetailPage />)
    expect(await screen.findByText(place)).toBeTruthy()
    fireEvent.click(screen.getByText('导航到现场'))
    await waitFor(() => expect(open).toHaveBeenCalledTimes(1))
    const url = decodeURIComponent(String(open.mock.calls[0][0]))
    expect(url).toContain('https://apis.map.qq.com/uri/v1/marker?marker=coord:31.301234,120.671234;title:暴露垃圾')
    expect(modal).not.toHaveBeenCalled()
    fireEvent.click(screen.getByText('导航到现场'))
    await waitFor(() => expect(modal).toHaveBeenCalledTimes(1))
    expect(String((modal.mock.calls[0][0] as { content: string }).content)).toContain('坐标 31.30123, 120.67123')
  })

  test('the public view has no place line and no navigation', async () => {
    installFakeBackend({ 'reports.detail': () => ok(detail({ mine: false })) })
    render(<DetailPage />)
    expect(await screen.findByText('星港街 9 号')).toBeTruthy()
    expect(screen.queryByText('导航到现场')).toBeNull()
  })
})

test('staff see that the reporter moved the pin off the phone’s fix, how far and which way; an unmoved pin says nothing', async () => {
  installFakeBackend({ 'reports.detail': () => ok(detail({ mine: false, place: '娄葑街道 · 第1网格 · 娄葑暖新驿站 东北 120 米', pinMove: { distanceM: 42, direction: '东北', fixAccuracyM: 19 } })) })
  const { unmount } = render(<DetailPage />)
  expect(await screen.findByText('上报人把位置从手机定位向东北挪了约 42 米（手机定位精度约 19 米）')).toBeTruthy()
  unmount()
  resetPageTest()
  agreePrivacy()
  installFakeBackend({ 'reports.detail': () => ok(detail({ mine: false, place: '娄葑街道 · 第1网格' })) })
  render(<DetailPage />)
  expect(await screen.findByText('娄葑街道 · 第1网格')).toBeTruthy()
  expect(screen.queryByText(/上报人把位置/)).toBeNull()
})
