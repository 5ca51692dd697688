/**
 * 十分钟暖新服务圈 page (H5): the two covered shares, the ranked gaps with place, activity and nearest
 * station, and the SVG plot of the cells (one hexagon per cell, coloured by reach, gaps numbered);
 * choosing a detour factor or a street asks the server again with it. The workbench links to the page.
 */
import '../pages/support/h5-build'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ok } from '../../src/core/envelope'
import type { CoverageView, MyDistrictScope } from '../../src/district/contract'
import { installFakeBackend } from '../setup/fake-backend'
import { agreePrivacy, resetPageTest } from '../setup/page-test'
import { __setRouterParams } from '../setup/taro-shim'

// eslint-disable-next-line @typescript-eslint/no-var-requires
const CoveragePage = require('../../src/district/pages/coverage/index').default as () => JSX.Element

const hex = (lng: number, lat: number) => ({ centre: [lng, lat] as [number, number], ring: [0, 1, 2, 3, 4, 5].flatMap((k) => [Math.round(100 * Math.cos((k * Math.PI) / 3)), Math.round(100 * Math.sin((k * Math.PI) / 3))]) })

const view = (over: Partial<CoverageView> = {}): CoverageView => ({
  from: '2026-11-06',
  to: '2026-12-05',
  detour: 1.3,
  reach10M: 500 / 1.3,
  reach15M: 1000 / 1.3,
  grids: 4,
  cells: 3,
  activity: 100,
  activityByKind: { checkin: 50, report: 40, booking: 10 },
  outside: 7,
  covered10: { cells: 1, activity: 61, share: 0.61 },
  covered15: { cells: 2, activity: 87, share: 0.87 },
  gaps: [
    { cellId: '89aaa', gridName: '星港社区第2网格', weight: 26, centre: { lng: 120.66123, lat: 31.30045 }, nearest: { stationId: 'st-1', name: '娄葑驿站（星港街）', distanceM: 640 }, within15: true },
    { cellId: '89bbb', gridName: '金鸡湖社区第4网格', weight: 13, centre: { lng: 120.672, lat: 31.311 }, nearest: null, within15: false },
  ],
  stations: [{ stationId: 'st-1', name: '娄葑驿站（星港街）', location: { lng: 120.656, lat: 31.3 } }],
  plot: {
    cells: [
      { id: '89aaa', ...hex(120.66123, 31.30045), weight: 26, reach: 'r15' },
      { id: '89bbb', ...hex(120.672, 31.311), weight: 13, reach: 'none' },
      { id: '89ccc', ...hex(120.656, 31.3), weight: 61, reach: 'r10' },
    ],
    truncated: false,
  },
  ...over,
})

const twoStreets: MyDistrictScope = {
  streets: [
    { street: 'street-lf', streetName: '娄葑街道', district: '苏州工业园区' },
    { street: 'street-xt', streetName: '斜塘街道', district: '苏州工业园区' },
  ],
  canEdit: false,
}

beforeEach(() => agreePrivacy())
afterEach(resetPageTest)

test('shows the 10- and 15-minute shares, the ranked gaps and the plot', async () => {
  installFakeBackend({ 'district.myScope': () => ok(twoStreets), 'district.coverage': () => ok(view()) })
  const { container } = render(<CoveragePage />)
  expect(await screen.findByText('61.0%')).toBeTruthy()
  expect(screen.getByText('覆盖率 10 分钟')).toBeTruthy()
  expect(screen.getByText('87.0%')).toBeTruthy()
  expect(screen.getByText('覆盖率 15 分钟')).toBeTruthy()
  expect(screen.getByText(/其中 7 次在网格以外/)).toBeTruthy()
  // The gaps in the server's order, each with its place, activity and nearest station.
  const names = screen.getAllByText(/^\d\. /).map((n) => n.textContent)
  expect(names).toEqual(['1. 星港社区第2网格', '2. 金鸡湖社区第4网格'])
  expect(screen.getByText('建议点位：东经 120.66123，北纬 31.30045')).toBeTruthy()
  expect(screen.getByText('活跃度 26 次 · 仅 15 分钟可达')).toBeTruthy()
  expect(screen.getByText('最近驿站：娄葑驿站（星港街），直线 640 米')).toBeTruthy()
  expect(screen.getByText('最近驿站：3 公里内没有开放驿站')).toBeTruthy()
  // The plot: a hexagon per cell coloured by reach, the station and the two numbered gaps.
  const svg = container.querySelector('svg[role="img"]') as SVGElement
  expect(svg.getAttribute('aria-label')).toBe('覆盖分布图：3 个网格单元，2 处缺口已编号')
  expect(Array.from(svg.querySelectorAll('polygon')).map((p) => [p.getAttribute('data-reach'), p.getAttribute('fill')])).toEqual([
    ['r15', '#8a5300'],
    ['none', '#b3261e'],
    ['r10', '#16703a'],
  ])
  expect(Array.from(svg.querySelectorAll('text')).map((t) => t.textContent)).toEqual(['1', '2', '北↑'])
})

test('a detour factor or a street asks again with it', async () => {
  const backend = installFakeBackend({ 'district.myScope': () => ok(twoStreets), 'district.coverage': (p: { detour: number }) => ok(view({ detour: p.detour, covered10: { cells: 1, activity: p.detour === 2 ? 40 : 61, share: p.detour === 2 ? 0.4 : 0.61 } })) })
  render(<CoveragePage />)
  expect(await screen.findByText('61.0%')).toBeTruthy()
  const first = backend.calls.find((c) => c.key === 'district.coverage')?.payload
  expect(first).toMatchObject({ detour: 1.3 })
  expect(first).not.toHaveProperty('street')
  fireEvent.click(screen.getByText('2.0'))
  expect(await screen.findByText('40.0%')).toBeTruthy()
  fireEvent.click(screen.getByText('斜塘街道'))
  await waitFor(() => expect(backend.calls.filter((c) => c.key === 'district.coverage').at(-1)?.payload).toMatchObject({ street: 'street-xt', detour: 2 }))
})

test('says so when there are no gaps, no activity or no grids', async () => {
  installFakeBackend({ 'district.myScope': () => ok({ ...twoStreets, streets: twoStreets.streets.slice(0, 1) }), 'district.coverage': () => ok(view({ activity: 0, covered10: { cells: 0, activity: 0, share: null }, covered15: { cells: 0, activity: 0, share: null }, gaps: [] })) })
  const { unmount } = render(<CoveragePage />)
  expect(await screen.findByText('这段时间没有骑手活跃记录，覆盖率无法计算。')).toBeTruthy()
  expect(screen.getAllByText('—')).toHaveLength(2)
  expect(screen.getByText('没有覆盖缺口')).toBeTruthy()
  unmount()
  resetPageTest()
  agreePrivacy()
  installFakeBackend({ 'district.myScope': () => ok(twoStreets), 'district.coverage': () => ok(view({ grids: 0, cells: 0 })) })
  render(<CoveragePage />)
  expect(await screen.findByText('还没有划分网格')).toBeTruthy()
})

test('opened from the workbench for the street in view', async () => {
  __setRouterParams({ street: 'street-xt' })
  const backend = installFakeBackend({ 'district.myScope': () => ok(twoStreets), 'district.coverage': () => ok(view()) })
  render(<CoveragePage />)
  expect(await screen.findByText('61.0%')).toBeTruthy()
  expect(backend.calls.find((c) => c.key === 'district.coverage')?.payload).toMatchObject({ street: 'street-xt' })
})

test('the workbench links to the coverage page', async () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Workbench = require('../../src/district/pages/workbench/index').default as () => JSX.Element
  const empty = () => ok({ items: [], total: 0, hasMore: false })
  const totals = { enterprises: 0, workers: 0, partyRegistered: 0, partyConfirmed: 0, partyReporting: 0, covered: 0, instructors: 0, unionMembers: 0, organisations: { formed_alone: 0, formed_jointly: 0, helper_dispatched: 0, instructor_assigned: 0, none: 0 }, stale: [], membersWithoutOrg: [] }
  installFakeBackend({
    'district.myScope': () => ok({ ...twoStreets, streets: twoStreets.streets.slice(0, 1) }),
    'district.ledger': () => ok({ total: totals, rows: [], asOf: '2026-12-05T00:00:00.000Z' }),
    'district.dashboard': () => new Promise(() => undefined),
    'district.pendingLinks': empty,
    'district.listEnterprises': empty,
  })
  const navigate = jest.spyOn(Taro, 'navigateTo')
  render(<Workbench />)
  fireEvent.click(await screen.findByText('查看覆盖缺口'))
  expect(navigate).toHaveBeenCalledWith({ url: '/district/pages/coverage/index' })
})
