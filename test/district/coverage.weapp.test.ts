/**
 * The compiled 十分钟暖新服务圈 page (dist/weapp) under miniprogram-simulate: the shares and the ranked
 * gaps render from wx.cloud.callFunction's answer, and the mini-program shows the native <map> instead
 * of the H5 SVG plot (the map's polygons and circles are WeChat's to draw; the simulator does not).
 */
import type { CoverageView } from '../../src/district/contract'
import { installWeapp, openPage, until } from '../weapp/support/sim'

const view: CoverageView = {
  from: '2026-11-06',
  to: '2026-12-05',
  detour: 1.3,
  reach10M: 500 / 1.3,
  reach15M: 1000 / 1.3,
  grids: 4,
  cells: 2,
  activity: 100,
  activityByKind: { checkin: 50, report: 40, booking: 10 },
  outside: 0,
  covered10: { cells: 1, activity: 61, share: 0.61 },
  covered15: { cells: 1, activity: 61, share: 0.61 },
  gaps: [{ cellId: '89aaa', gridName: '星港社区第2网格', weight: 39, centre: { lng: 120.66123, lat: 31.30045 }, nearest: { stationId: 'st-1', name: '娄葑驿站', distanceM: 1640 }, within15: false }],
  stations: [{ stationId: 'st-1', name: '娄葑驿站', location: { lng: 120.656, lat: 31.3 } }],
  plot: {
    cells: [
      { id: '89aaa', centre: [120.66123, 31.30045], ring: [100, 0, 50, 87, -50, 87, -100, 0, -50, -87, 50, -87], weight: 39, reach: 'none' },
      { id: '89ccc', centre: [120.656, 31.3], ring: [100, 0, 50, 87, -50, 87, -100, 0, -50, -87, 50, -87], weight: 61, reach: 'r10' },
    ],
    truncated: false,
  },
}

const callFunction = jest.fn((options: { name: string; data: { action: string } }) => {
  if (options.name === 'district' && options.data.action === 'myScope') return Promise.resolve({ result: { ok: true, data: { streets: [{ street: 'street-lf', streetName: '娄葑街道', district: '苏州工业园区' }], canEdit: true } } })
  if (options.name === 'district' && options.data.action === 'coverage') return Promise.resolve({ result: { ok: true, data: view } })
  return Promise.resolve({ result: { ok: false, error: { code: 'UNAVAILABLE', message: '网络不稳定，请稍后重试' } } })
})

jest.setTimeout(60_000)

beforeAll(() => {
  installWeapp({ cloud: { init: jest.fn(), callFunction }, getStorageSync: jest.fn(() => '2025-03-01T08:00:00Z'), setStorage: jest.fn((o: { success?: () => void }) => o.success?.()) })
})

test('shows the shares and the gaps, and the native map instead of the SVG plot', async () => {
  const page = await openPage('district/pages/coverage/index')
  await until(() => page.text().includes('61.0%'), 'the 10-minute share')
  expect(page.text()).toContain('覆盖率 10 分钟')
  expect(page.text()).toContain('1. 星港社区第2网格')
  expect(page.text()).toContain('最近驿站：娄葑驿站，直线 1.6 公里')
  expect(page.root.querySelectorAll('wx-map')).toHaveLength(1)
  // No SVG plot in the mini-program.
  expect(page.root.querySelector('svg')).toBeNull()
})
