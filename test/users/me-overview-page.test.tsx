/**
 * 我的 at a glance (H5 build, backend faked at the transport seam): one call answers the first screen —
 * my points (→ 存折), my latest reports with receipt number and promised handling time (→ 随手拍), my
 * coming activities (→ each activity, 我的活动), my unread messages (→ 消息中心) — with every time in China
 * time while the device is in UTC; a new rider is told what to do instead. The 随手拍 tab's 我上报的 list
 * shows the same receipt number and promise.
 */
import '../pages/support/h5-build'
import { fireEvent, render, screen, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ok } from '../../src/core/envelope'
import MeHome from '../../src/pages/me/index'
import type { ReportSummary } from '../../src/reports/contract'
import type { Me, MeOverview } from '../../src/users/contract'
import { installFakeBackend } from '../setup/fake-backend'
import { resetPageTest } from '../setup/page-test'

// eslint-disable-next-line @typescript-eslint/no-var-requires
const ReportHome = require('../../src/pages/report/index').default as () => JSX.Element

afterEach(resetPageTest)

const rider = (overview: MeOverview, unreadMessages = 0): Me => ({
  userId: 'u-rider',
  nickname: '骑手小王',
  roles: ['worker'],
  grants: [{ role: 'worker', scopes: [] }],
  createdAt: '2025-03-01T08:00:00+08:00',
  unreadMessages,
  overview,
})

const overview: MeOverview = {
  points: 120,
  reports: [
    // Promised by 15:30 on 6 December China time = 07:30 UTC.
    { id: 'rp-1', receiptNo: '20261205-0007', categoryName: '暴露垃圾', state: 'accepted', createdAt: '2026-12-05T07:30:00.000Z', promise: { kind: 'promised', at: '2026-12-06T07:30:00.000Z', overdue: false } },
    // Resolved at 00:05 on 5 December China time = 16:05 UTC the day before.
    { id: 'rp-2', receiptNo: '20261203-0012', categoryName: '路灯不亮', state: 'resolved', createdAt: '2026-12-03T01:00:00.000Z', promise: { kind: 'resolved', at: '2026-12-04T16:05:00.000Z' } },
  ],
  moreReports: true,
  // 09:00–11:00 on Sunday 6 December China time = 01:00–03:00 UTC.
  activities: [{ id: 'act-1', title: '驿站义务理发', startAt: '2026-12-06T01:00:00.000Z', endAt: '2026-12-06T03:00:00.000Z', signup: 'signed_up', signupLabel: '已报名' }],
}

test('the device really is in UTC here, so China time on screen is the app’s doing', () => {
  // The witness for the tests below: 07:30 UTC reads as 07:30 on this device, as 15:30 in China.
  expect(new Date('2026-12-06T07:30:00.000Z').getHours()).toBe(7)
})

test('one call shows my points, reports with receipt number and promise, activities and unread messages, in China time', async () => {
  const backend = installFakeBackend({ 'users.me': () => ok(rider(overview, 2)) })
  const tab = jest.spyOn(Taro, 'switchTab')
  const go = jest.spyOn(Taro, 'navigateTo')
  render(<MeHome />)

  const points = await screen.findByLabelText('我的积分 120，打开存折')
  expect(within(points).getByText('120')).toBeTruthy()
  const reports = screen.getByText('我上报的').closest('.me-reports') as HTMLElement
  expect(within(reports).getByText('受理编号 20261205-0007')).toBeTruthy()
  expect(within(reports).getByText('承诺 12月6日 15:30 前办结')).toBeTruthy()
  expect(within(reports).getByText('受理编号 20261203-0012')).toBeTruthy()
  expect(within(reports).getByText('已于 12月5日 00:05 办结')).toBeTruthy()
  expect(within(reports).getByText('已立案')).toBeTruthy()
  expect(within(reports).getByText('待你确认')).toBeTruthy()
  const activities = screen.getByText('我的活动').closest('.me-activities') as HTMLElement
  expect(within(activities).getByText('驿站义务理发')).toBeTruthy()
  expect(within(activities).getByText('12月6日 星期日 09:00–11:00')).toBeTruthy()
  expect(within(activities).getByText('已报名')).toBeTruthy()
  expect(screen.getByText('2 条未读 ›')).toBeTruthy()

  // The whole first screen came from one request.
  expect(backend.calls.map((c) => [c.key, c.payload])).toEqual([['users.me', { overview: true }]])

  fireEvent.click(points)
  expect(tab).toHaveBeenLastCalledWith({ url: '/pages/passbook/index' })
  fireEvent.click(within(reports).getByText('查看全部 ›'))
  expect(tab).toHaveBeenLastCalledWith({ url: '/pages/report/index' })
  fireEvent.click(within(reports).getByText('受理编号 20261205-0007'))
  expect(go).toHaveBeenLastCalledWith({ url: '/reports/pages/detail/index?id=rp-1' })
  fireEvent.click(within(activities).getByText('驿站义务理发'))
  expect(go).toHaveBeenLastCalledWith({ url: '/volunteers/pages/activity/index?id=act-1' })
  fireEvent.click(within(activities).getByText('我的活动 ›'))
  expect(go).toHaveBeenLastCalledWith({ url: '/volunteers/pages/mine/index' })
  fireEvent.click(screen.getByText('消息中心'))
  expect(go).toHaveBeenLastCalledWith({ url: '/users/pages/messages/index' })
})

test('an overdue promise says so; a new rider is pointed at 随手拍 and the activities list', async () => {
  const late: MeOverview = { ...overview, reports: [{ ...overview.reports[0], promise: { kind: 'promised', at: '2026-12-04T16:10:00.000Z', overdue: true } }], moreReports: false }
  installFakeBackend({ 'users.me': () => ok(rider(late)) })
  const { unmount } = render(<MeHome />)
  expect(await screen.findByText('承诺 12月5日 00:10 前办结（已超期，正在督办）')).toBeTruthy()
  expect(screen.getByText('全部已读 ›')).toBeTruthy()
  unmount()
  resetPageTest()

  const tab = jest.spyOn(Taro, 'switchTab')
  const go = jest.spyOn(Taro, 'navigateTo')
  installFakeBackend({ 'users.me': () => ok(rider({ points: 0, reports: [], moreReports: false, activities: [] })) })
  render(<MeHome />)
  expect(await screen.findByText('还没有上报过。看到问题拍下来，街道会处理并告诉你进展。')).toBeTruthy()
  expect(screen.getByText('没有即将开始的活动。')).toBeTruthy()
  fireEvent.click(screen.getByText('去随手拍'))
  expect(tab).toHaveBeenLastCalledWith({ url: '/pages/report/index' })
  fireEvent.click(screen.getByText('找活动'))
  expect(go).toHaveBeenLastCalledWith({ url: '/volunteers/pages/activities/index' })
})

test('我上报的 on the 随手拍 tab shows each report’s receipt number and promise in China time', async () => {
  const mine: ReportSummary[] = overview.reports.map((r) => ({ ...r, categoryId: 'cat-garbage', address: '东港路 21 号', updatedAt: r.createdAt }))
  installFakeBackend({ 'users.me': () => ok(rider(overview)), 'reports.mine': () => ok({ items: mine }) })
  render(<ReportHome />)
  const list = (await screen.findByText('我上报的')).closest('.nx-card') as HTMLElement
  expect(within(list).getByText('受理编号 20261205-0007')).toBeTruthy()
  expect(within(list).getByText('承诺 12月6日 15:30 前办结')).toBeTruthy()
  expect(within(list).getByText('已于 12月5日 00:05 办结')).toBeTruthy()
})
