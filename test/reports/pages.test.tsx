/**
 * Reports pages in the H5 build with the backend faked at the transport seam: the figures screen (办理
 * 统计: totals, per grid and department, period and street filters, grid workers' own grids, refused
 * for riders), the public 附近的问题 list on the 随手拍 tab (category, status, offline plot, no reporter,
 * and a refused location that leaves the tab working), and the subscribe request that never blocks a send.
 */
import '../pages/support/h5-build'
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ok } from '../../src/core/envelope'
import type { FiguresView, QueueItem, ReportSummary } from '../../src/reports/contract'
import type { Figures } from '../../src/reports/figures'
import { askForProgressMessages } from '../../src/reports/subscribe'
import type { Me } from '../../src/users/contract'
import { installFakeBackend } from '../setup/fake-backend'
import { agreePrivacy, rendered, resetPageTest } from '../setup/page-test'
import { __setRouterParams } from '../setup/taro-shim'

// eslint-disable-next-line @typescript-eslint/no-var-requires
const FiguresPage = require('../../src/reports/pages/figures/index').default as () => JSX.Element
// eslint-disable-next-line @typescript-eslint/no-var-requires
const QueuePage = require('../../src/reports/pages/queue/index').default as () => JSX.Element
// eslint-disable-next-line @typescript-eslint/no-var-requires
const ReportHome = require('../../src/pages/report/index').default as () => JSX.Element

const meAs = (role: Me['roles'][number], nickname = '网格员陈晨'): Me => ({ userId: 'u1', nickname, roles: role === 'worker' ? ['worker'] : ['worker', role], grants: [], createdAt: '2025-03-01T08:00:00+08:00', unreadMessages: 0 })

const fig = (o: Partial<Figures>): Figures => ({ received: 0, accepted: 0, resolved: 0, overdue: 0, medianHoursToResolve: null, resolutionRate: null, rated: 0, satisfaction: null, meanRating: null, ...o })

function figuresView(payload: { street?: string; days?: number }, scope: FiguresView['scope'] = 'street'): FiguresView {
  const street = payload.street ?? 'street-lf'
  const name = street === 'street-lf' ? '娄葑街道' : '斜塘街道'
  const grid = fig({ received: 8, accepted: 6, resolved: 3, overdue: 1, medianHoursToResolve: 20.5, resolutionRate: 0.5, rated: 3, satisfaction: 2 / 3, meanRating: 4 })
  return {
    from: '2025-06-01T00:00:00.000Z',
    to: '2025-07-01T00:00:00.000Z',
    street: { id: street, name },
    streets: scope === 'grids' ? [{ id: 'street-lf', name: '娄葑街道' }] : [{ id: 'street-lf', name: '娄葑街道' }, { id: 'street-xt', name: '斜塘街道' }],
    scope,
    total: fig({ received: 12, accepted: 9, resolved: 3, overdue: 2, medianHoursToResolve: 20.5, resolutionRate: 1 / 3, rated: 3, satisfaction: 2 / 3, meanRating: 4 }),
    byGrid: [
      { id: 'grid-lf-1', name: `${name}第1网格`, figures: grid },
      { id: '', name: '街道直派（无网格）', figures: fig({ received: 4, accepted: 3 }) },
    ],
    byDepartment: [{ id: 'dept-lf-city_management', name: '园区城市管理局娄葑片区', figures: fig({ received: 6, accepted: 6, resolved: 3, resolutionRate: 0.5 }) }],
  }
}

beforeEach(() => {
  agreePrivacy()
})

afterEach(() => {
  resetPageTest()
  delete (Taro as unknown as Record<string, unknown>).requestSubscribeMessage
})

describe('办理统计', () => {
  test('a dispatcher sees totals and a dense table per grid and department; period and street filters ask again', async () => {
    const backend = installFakeBackend({ 'users.me': () => ok(meAs('dispatcher')), 'reports.figures': (p) => ok(figuresView(p)) })
    render(<FiguresPage />)
    const gridRow = (await screen.findByText('娄葑街道第1网格')).closest('.rp-fig-row') as HTMLElement
    // 收到 立案 办结 超期 用时中位 解决率 满意率
    expect(Array.from(gridRow.querySelectorAll('.rp-table__cell')).map((c) => c.textContent)).toEqual(['8', '6', '3', '1', '20.5', '50%', '67%'])
    const noGrid = screen.getByText('街道直派（无网格）').closest('.rp-fig-row') as HTMLElement
    expect(Array.from(noGrid.querySelectorAll('.rp-table__cell')).map((c) => c.textContent)).toEqual(['4', '3', '0', '0', '—', '—', '—'])
    const dept = screen.getByText('园区城市管理局娄葑片区').closest('.rp-fig-row') as HTMLElement
    expect(within(dept).getByText('50%')).toBeTruthy()
    for (const head of ['收到', '立案', '办结', '超期', '用时中位(时)', '解决率', '满意率']) expect(screen.getAllByText(head).length).toBeGreaterThan(0)
    // Totals as big numbers.
    const tiles = screen.getByText('合计').closest('.nx-card') as HTMLElement
    expect(within(tiles).getByText('33%')).toBeTruthy()
    expect(within(tiles).getByText('20.5 时')).toBeTruthy()
    expect(screen.getByText(/娄葑街道 · .* 至 /)).toBeTruthy()
    expect(backend.calls.find((c) => c.key === 'reports.figures')?.payload).toEqual({ days: 30 })

    fireEvent.click(screen.getByText('近 7 天'))
    await waitFor(() => expect(backend.calls.filter((c) => c.key === 'reports.figures').at(-1)?.payload).toEqual({ days: 7 }))
    fireEvent.click(await screen.findByText('斜塘街道'))
    expect(await screen.findByText('斜塘街道第1网格')).toBeTruthy()
    expect(backend.calls.filter((c) => c.key === 'reports.figures').at(-1)?.payload).toEqual({ street: 'street-xt', days: 7 })
  })

  test('a grid worker is told the figures cover only their grids, with no street choice', async () => {
    installFakeBackend({ 'users.me': () => ok(meAs('grid_worker')), 'reports.figures': (p) => ok(figuresView(p, 'grids')) })
    render(<FiguresPage />)
    expect(await screen.findByText(/仅您负责的网格/)).toBeTruthy()
    expect(screen.queryByText('斜塘街道')).toBeNull()
  })

  test('a rider is told who the figures are for, and the figures are never asked for', async () => {
    const backend = installFakeBackend({ 'users.me': () => ok(meAs('worker', '骑手小王')) })
    render(<FiguresPage />)
    expect(await screen.findByText('没有可查看的统计')).toBeTruthy()
    expect(backend.count('reports.figures')).toBe(0)
  })
})

describe('附近的问题 on the 随手拍 tab', () => {
  const near: ReportSummary[] = [
    { id: 'rp-1', receiptNo: '20250630-0001', categoryId: 'cat-ebike_parking', categoryName: '非机动车乱停放', state: 'dispatched', address: '星港街 18 号', createdAt: '2025-06-30T02:00:00.000Z', updatedAt: '2025-06-30T02:00:00.000Z', distanceM: 120, at: { lng: 120.668, lat: 31.295 } },
    { id: 'rp-2', receiptNo: '20250629-0001', categoryId: 'cat-garbage', categoryName: '暴露垃圾', state: 'confirmed', address: '苏虹路口', createdAt: '2025-06-29T02:00:00.000Z', updatedAt: '2025-06-29T02:00:00.000Z', distanceM: 640, at: { lng: 120.672, lat: 31.297 }, cover: 'https://files.example/after.jpg' },
  ]
  const base = () => ({ 'users.me': () => ok(meAs('worker', '骑手小王')), 'reports.mine': () => ok({ items: [] }) })

  test('after consent and a location fix it lists nearby reports with category and status, on the offline plot, without the reporter', async () => {
    jest.spyOn(Taro, 'getLocation').mockResolvedValue({ longitude: 120.6631, latitude: 31.2975, accuracy: 25, errMsg: 'getLocation:ok' } as never)
    const navigate = jest.spyOn(Taro, 'navigateTo')
    const backend = installFakeBackend({ ...base(), 'reports.nearby': () => ok({ items: near }) })
    render(<ReportHome />)
    expect(backend.count('reports.nearby')).toBe(0)
    fireEvent.click(await screen.findByText('查看附近的问题'))
    const first = (await screen.findByText(/非机动车乱停放/)).closest('.rp-nearby-item') as HTMLElement
    expect(within(first).getByText('已派单')).toBeTruthy()
    expect(within(first).getByText(/120 ?米/)).toBeTruthy()
    const second = screen.getByText(/暴露垃圾/).closest('.rp-nearby-item') as HTMLElement
    expect(within(second).getByText('已确认解决')).toBeTruthy()
    expect((await rendered('img', second)).getAttribute('src')).toBe('https://files.example/after.jpg')
    // H5: the offline SVG plot, no map script.
    const plot = screen.getByRole('img', { name: '附近问题示意图' })
    expect(plot.querySelectorAll('g')).toHaveLength(2)
    expect(document.querySelector('script[src*="map"]')).toBeNull()
    const sent = backend.calls.find((c) => c.key === 'reports.nearby')?.payload as { location: { lng: number; lat: number }; radiusM: number }
    expect(sent.radiusM).toBe(1000)
    // The browser's WGS-84 fix is converted to GCJ-02 before it is sent.
    expect(sent.location.lng).not.toBe(120.6631)
    expect(Math.abs(sent.location.lng - 120.6631)).toBeLessThan(0.01)
    expect(screen.getByText('附近的问题').closest('.nx-card')?.textContent).not.toMatch(/上报人|骑手小王/)
    fireEvent.click(first)
    expect(navigate).toHaveBeenCalledWith({ url: '/reports/pages/detail/index?id=rp-1' })
  })

  test('a refused location says why and what to do; nothing is asked of the server; reporting still works', async () => {
    const getLocation = jest.spyOn(Taro, 'getLocation').mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    const backend = installFakeBackend({ ...base(), 'reports.nearby': () => ok({ items: near }) })
    render(<ReportHome />)
    fireEvent.click(await screen.findByText('查看附近的问题'))
    expect(await screen.findByText('没能获取位置')).toBeTruthy()
    expect(screen.getByText(/没有位置权限：请在右上角「…」→「设置」中允许使用位置信息/)).toBeTruthy()
    expect(screen.getByText('不开定位也能拍照上报、查看自己上报的问题。')).toBeTruthy()
    expect(backend.count('reports.nearby')).toBe(0)
    expect(screen.getByText('📷 拍照上报问题')).toBeTruthy()
    // Allowing it afterwards and trying again shows the list.
    getLocation.mockResolvedValue({ longitude: 120.6631, latitude: 31.2975, accuracy: 25, errMsg: 'getLocation:ok' } as never)
    fireEvent.click(screen.getByText('重新定位'))
    expect(await screen.findByText(/非机动车乱停放/)).toBeTruthy()
    expect(screen.queryByText('没能获取位置')).toBeNull()
  })

  test('nothing nearby is an empty state, not a blank card', async () => {
    jest.spyOn(Taro, 'getLocation').mockResolvedValue({ longitude: 120.6631, latitude: 31.2975, accuracy: 25, errMsg: 'getLocation:ok' } as never)
    installFakeBackend({ ...base(), 'reports.nearby': () => ok({ items: [] }) })
    render(<ReportHome />)
    fireEvent.click(await screen.findByText('查看附近的问题'))
    expect(await screen.findByText('附近 1 公里内没有上报的问题')).toBeTruthy()
  })
})

describe('staff queue opened from the workbench', () => {
  test('the link’s role and filters are the first request; an unknown role in the link falls back to the person’s own', async () => {
    __setRouterParams({ as: 'dispatcher', state: 'accepted', overdue: '1' })
    const backend = installFakeBackend({ 'users.me': () => ok({ ...meAs('grid_worker'), roles: ['worker', 'grid_worker', 'dispatcher'] }), 'reports.queue': () => ok({ items: [], total: 0, limit: 50, offset: 0 }) })
    render(<QueuePage />)
    await waitFor(() => expect(backend.count('reports.queue')).toBeGreaterThan(0))
    expect(backend.calls.find((c) => c.key === 'reports.queue')?.payload).toMatchObject({ as: 'dispatcher', state: 'accepted', overdue: true })
  })

  test('a role the person does not hold is not used', async () => {
    __setRouterParams({ as: 'department_handler', state: 'nonsense' })
    const backend = installFakeBackend({ 'users.me': () => ok(meAs('grid_worker')), 'reports.queue': () => ok({ items: [], total: 0, limit: 50, offset: 0 }) })
    render(<QueuePage />)
    await waitFor(() => expect(backend.count('reports.queue')).toBeGreaterThan(0))
    const payload = backend.calls.find((c) => c.key === 'reports.queue')?.payload as Record<string, unknown>
    expect(payload.as).toBe('grid_worker')
    expect(payload.state).toBeUndefined()
  })
})

describe('staff queue map', () => {
  test('地图 shows the page’s reports on the offline plot (overdue marked), each pin opens the report; 办理统计 is one tap away', async () => {
    const item = (id: string, lng: number, overdue: boolean): QueueItem => ({ id, receiptNo: `20250630-${id}`, categoryId: 'cat-garbage', categoryName: '暴露垃圾', state: 'submitted', address: `地址${id}`, createdAt: '2025-06-30T02:00:00.000Z', updatedAt: '2025-06-30T02:00:00.000Z', at: { lng, lat: 31.295 }, dueAt: '2025-07-01T02:00:00.000Z', overdue, hoursLeft: overdue ? -3 : 20, gridId: 'grid-lf-1', gridName: '娄葑街道第1网格', departmentId: null, routeReason: 'inside', pendingPhotos: 0, description: '' })
    const navigate = jest.spyOn(Taro, 'navigateTo')
    installFakeBackend({ 'users.me': () => ok(meAs('grid_worker')), 'reports.queue': () => ok({ items: [item('rp-a', 120.668, true), item('rp-b', 120.671, false)], total: 2, limit: 50, offset: 0 }) })
    render(<QueuePage />)
    expect(await screen.findByText(/地址rp-a/)).toBeTruthy()
    // The number a reporter quotes on the phone is on each row.
    expect(screen.getByText('受理编号 20250630-rp-a')).toBeTruthy()
    expect(screen.queryByRole('img', { name: '待办问题示意图' })).toBeNull()
    fireEvent.click(screen.getByText('地图'))
    const plot = await screen.findByRole('img', { name: '待办问题示意图' })
    const pins = Array.from(plot.querySelectorAll('g circle')).map((c) => c.getAttribute('fill'))
    expect(pins).toEqual(['#a61b1b', '#b93a0b'])
    fireEvent.click(plot.querySelectorAll('g')[1])
    expect(navigate).toHaveBeenLastCalledWith({ url: '/reports/pages/detail/index?id=rp-b' })
    fireEvent.click(screen.getByText('办理统计'))
    expect(navigate).toHaveBeenLastCalledWith({ url: '/reports/pages/figures/index' })
  })
})

describe('subscribe request before sending', () => {
  const env = process.env.TARO_ENV
  afterEach(() => {
    process.env.TARO_ENV = env
  })

  test('H5 skips it without calling WeChat', async () => {
    const request = jest.fn()
    Object.assign(Taro, { requestSubscribeMessage: request })
    expect(await askForProgressMessages(['tpl-progress'])).toBe('skipped')
    expect(request).not.toHaveBeenCalled()
  })

  test('in the mini-program it asks for the configured templates; declining or failing never throws', async () => {
    process.env.TARO_ENV = 'weapp'
    const request = jest.fn().mockResolvedValueOnce({ 'tpl-progress': 'accept', 'tpl-resolved': 'reject', errMsg: 'requestSubscribeMessage:ok' })
    Object.assign(Taro, { requestSubscribeMessage: request })
    expect(await askForProgressMessages(['tpl-progress', 'tpl-resolved'])).toBe('accepted')
    expect(request).toHaveBeenCalledWith({ tmplIds: ['tpl-progress', 'tpl-resolved'] })
    request.mockResolvedValueOnce({ 'tpl-progress': 'reject', 'tpl-resolved': 'reject', errMsg: 'requestSubscribeMessage:ok' })
    expect(await askForProgressMessages(['tpl-progress', 'tpl-resolved'])).toBe('declined')
    request.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.', errCode: 20004 })
    expect(await askForProgressMessages(['tpl-progress'])).toBe('declined')
    // No configured templates (local placeholders are filtered by the function): nothing to ask.
    expect(await askForProgressMessages([])).toBe('skipped')
    expect(request).toHaveBeenCalledTimes(3)
  })
})
