/**
 * The dashboard's trend charts as the H5 build renders them: a plot named for screen readers, the y ticks
 * and day labels as text, one line per series made of segments in its colour (the second dashed) with a
 * dot per day, the legend and the figures in words beneath. jsdom has no layout, so the plot's width is
 * stubbed (320 px); the workbench shows the charts under the dashboard figures.
 */
import '../pages/support/h5-build'
import { render, screen, waitFor } from '@testing-library/react'
import { ok } from '../../src/core/envelope'
import { layoutChart } from '../../src/district/chart'
import type { DashboardView } from '../../src/district/contract'
import { countKeys, threeRates, type Counts, type DayCounts, type Totals } from '../../src/district/dashboard'
import { installFakeBackend } from '../setup/fake-backend'
import { agreePrivacy, resetPageTest } from '../setup/page-test'

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { DashboardTrends } = require('../../src/district/components/DashboardTrends') as typeof import('../../src/district/components/DashboardTrends')
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { CHART_HEIGHT_PX, segmentStyle } = require('../../src/district/components/TrendChart') as typeof import('../../src/district/components/TrendChart')

const WIDTH = 320

function stubPlotWidth(): void {
  jest.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    const w = this.classList.contains('dt-trend__plot') ? WIDTH : 0
    return { width: w, height: 0, x: 0, y: 0, top: 0, left: 0, right: w, bottom: 0, toJSON: () => ({}) } as DOMRect
  })
}

const texts = (root: Element, selector: string) => Array.from(root.querySelectorAll(selector)).map((n) => n.textContent)

const zero = Object.fromEntries(countKeys.map((k) => [k, 0])) as Counts
const day = (d: string, f: Partial<Counts> = {}): DayCounts => ({ day: d, ...zero, ...f })
const totals = (c: Partial<Counts> = {}): Totals => ({ ...zero, ...c, medianHoursToResolve: null, rates: threeRates({ ...zero, ...c }) })

const week: DayCounts[] = [
  day('2026-11-29', { received: 3, resolved: 1, visits: 12 }),
  day('2026-11-30', { received: 0, resolved: 2, visits: 9 }),
  day('2026-12-01', { received: 7, resolved: 2, visits: 15 }),
  day('2026-12-02', { received: 2, resolved: 6, visits: 4 }),
  day('2026-12-03', { received: 5, resolved: 0, visits: 11 }),
  day('2026-12-04', { received: 1, resolved: 3, visits: 20 }),
  day('2026-12-05', { received: 4, resolved: 2, visits: 7 }),
]

beforeEach(() => agreePrivacy())
afterEach(resetPageTest)

test('two charts, each with its legend, its figures in words and a name for screen readers', async () => {
  stubPlotWidth()
  const { container } = render(<DashboardTrends days={week} />)
  expect(screen.getByText('随手拍每日收到与办结')).toBeTruthy()
  expect(screen.getByText('驿站每日到访')).toBeTruthy()
  expect(screen.getByText('共 7 天，随手拍收到合计 22，随手拍办结合计 16')).toBeTruthy()
  expect(screen.getByText('共 7 天，驿站到访合计 78')).toBeTruthy()
  expect(texts(container, '.dt-trend__name')).toEqual(['随手拍收到', '随手拍办结', '驿站到访'])
  const plots = Array.from(container.querySelectorAll('.dt-trend__plot'))
  expect(plots.map((c) => [c.id, c.getAttribute('role'), c.getAttribute('aria-label')])).toEqual([
    ['dt-trend-reports', 'img', '随手拍每日收到与办结：共 7 天，随手拍收到合计 22，随手拍办结合计 16'],
    ['dt-trend-visits', 'img', '驿站每日到访：共 7 天，驿站到访合计 78'],
  ])
  await waitFor(() => expect(container.querySelectorAll('.dt-trend__seg').length).toBeGreaterThan(0))
})

test('draws the axis, the day labels and one line per series in its colour, the second dashed', async () => {
  stubPlotWidth()
  const { container } = render(<DashboardTrends days={week} />)
  const reports = container.querySelector('#dt-trend-reports') as HTMLElement
  await waitFor(() => expect(reports.querySelectorAll('.dt-trend__seg')).toHaveLength(12))
  expect(reports.style.height).toBe(`${CHART_HEIGHT_PX}px`)
  // y ticks 0–8 by 2 (the top value is 7); the day labels every other day, first and last included.
  expect(texts(reports, '.dt-trend__tick')).toEqual(['0', '2', '4', '6', '8'])
  expect(texts(reports, '.dt-trend__day')).toEqual(['11/29', '12/1', '12/3', '12/5'])
  const received = reports.querySelector('[data-series="随手拍收到"]') as HTMLElement
  const resolved = reports.querySelector('[data-series="随手拍办结"]') as HTMLElement
  const segs = (el: HTMLElement) => Array.from(el.querySelectorAll<HTMLElement>('.dt-trend__seg'))
  expect(new Set(segs(received).map((s) => `${s.style.backgroundColor}|${s.style.borderTopStyle}`))).toEqual(new Set(['rgb(185, 58, 11)|']))
  expect(new Set(segs(resolved).map((s) => `${s.style.backgroundColor}|${s.style.borderTopStyle}|${s.style.borderTopColor}`))).toEqual(new Set(['|dashed|#16703a']))
  expect(received.querySelectorAll('.dt-trend__dot')).toHaveLength(7)
  // Each segment starts at its day's point of the layout for this width: 3 received on 11/29, 0 on 11/30.
  const layout = layoutChart({ labels: week.map((d) => d.day), series: [week.map((d) => d.received), week.map((d) => d.resolved)], width: WIDTH, height: CHART_HEIGHT_PX })
  const first = segs(received)[0]
  expect(parseFloat(first.style.left)).toBeCloseTo(layout.lines[0][0].x, 1)
  expect(parseFloat(first.style.top)).toBeCloseTo(layout.lines[0][0].y - 1.25, 1)
  expect(first.style.transform).toBe(segmentStyle(layout.lines[0][0], layout.lines[0][1], '#b93a0b', false).transform)
  const visits = container.querySelector('#dt-trend-visits') as HTMLElement
  await waitFor(() => expect(visits.querySelectorAll('.dt-trend__seg')).toHaveLength(6))
  expect(texts(visits, '.dt-trend__tick')).toEqual(['0', '5', '10', '15', '20'])
})

test('a segment is a View of the segment\'s length turned from its start towards its end', () => {
  expect(segmentStyle({ x: 10, y: 20 }, { x: 13, y: 24 }, '#16703a', false)).toEqual({ left: '10px', top: '18.8px', width: '5px', height: '2.5px', backgroundColor: '#16703a', transform: 'rotate(53.13deg)' })
  expect(segmentStyle({ x: 0, y: 50 }, { x: 40, y: 10 }, '#b93a0b', true)).toMatchObject({ width: '56.6px', height: 0, borderTop: '2.5px dashed #b93a0b', transform: 'rotate(-45deg)' })
})

test('until the plot has a width only the words are shown; a period without days shows no chart', async () => {
  const { container, unmount } = render(<DashboardTrends days={week} />)
  expect(screen.getByText('共 7 天，驿站到访合计 78')).toBeTruthy()
  // The measurement (0 wide in jsdom) has come back and nothing was drawn from it.
  await new Promise((resolve) => setTimeout(resolve, 20))
  expect(container.querySelectorAll('.dt-trend__plot *')).toHaveLength(0)
  unmount()
  expect(render(<DashboardTrends days={[]} />).container.querySelector('.dt-trends')).toBeNull()
})

test('the workbench dashboard shows the trends of the period it read', async () => {
  stubPlotWidth()
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Workbench = require('../../src/district/pages/workbench/index').default as () => JSX.Element
  const empty = () => ok({ items: [], total: 0, hasMore: false })
  const ledger = { enterprises: 0, workers: 0, partyRegistered: 0, partyConfirmed: 0, partyReporting: 0, covered: 0, instructors: 0, unionMembers: 0, organisations: { formed_alone: 0, formed_jointly: 0, helper_dispatched: 0, instructor_assigned: 0, none: 0 }, stale: [], membersWithoutOrg: [] }
  const dashboard: DashboardView = {
    from: '2026-11-29',
    to: '2026-12-05',
    current: totals({ received: 22, resolved: 16, visits: 78, responseDue: 8, respondedInTime: 7 }),
    previous: totals({ responseDue: 4, respondedInTime: 4 }),
    previousFrom: '2026-11-22',
    previousTo: '2026-11-28',
    days: week,
    now: { stations: { station: { total: 25, open: 8 }, report_point: { total: 3, open: 1 } }, overdue: 2, teams: 3, members: 14 },
    points: { current: { issued: 1521, redeemed: 100, reversed: 0 }, previous: { issued: 330, redeemed: 0, reversed: 0 } },
    storedDays: 6,
    liveDays: 1,
  }
  installFakeBackend({
    'district.myScope': () => ok({ streets: [{ street: 'street-lf', streetName: '娄葑街道', district: '苏州工业园区' }], canEdit: false }),
    'district.ledger': () => ok({ total: ledger, rows: [], asOf: '2026-12-05T00:00:00.000Z' }),
    'district.dashboard': () => ok(dashboard),
    'district.pendingLinks': empty,
    'district.listEnterprises': empty,
  })
  render(<Workbench />)
  expect(await screen.findByText('共 7 天，随手拍收到合计 22，随手拍办结合计 16')).toBeTruthy()
  expect(screen.getByText('共 7 天，驿站到访合计 78')).toBeTruthy()
  await waitFor(() => expect(document.querySelectorAll('#dt-trend-visits .dt-trend__seg')).toHaveLength(6))
  // The figures beside the charts: the 三率 as shares with their change in points, the figures of now, points.
  const row = (label: string) => Array.from(document.querySelectorAll('.nx-row')).find((r) => r.querySelector('.nx-row__label')?.textContent === label)?.querySelector('.nx-row__value')?.textContent
  expect(row('响应率（24 小时内）')).toBe('87.5%（-12.5 个百分点）')
  expect(row('解决率（按时办结）')).toBe('—（—）')
  expect(row('随手拍收到')).toBe('22（+22）')
  expect(row('驿站（此刻开放 / 总数）')).toBe('8 / 25')
  expect(row('此刻超期未办结')).toBe('2 件')
  expect(row('志愿队伍 / 队员（此刻）')).toBe('3 支 / 14 人')
  expect(row('积分发放')).toBe('1521（+1191）')
})
