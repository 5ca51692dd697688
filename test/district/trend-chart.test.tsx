/**
 * The dashboard's trend charts as the H5 build renders them: a canvas per chart named for screen readers,
 * the legend as text, the figures in words beneath, and what is drawn on the canvas (recorded from a
 * stand-in 2D context, since jsdom has no canvas drawing): grid and tick labels, day labels, one line per
 * series in its colour, the second dashed. The workbench shows them under the dashboard figures.
 */
import '../pages/support/h5-build'
import { render, screen } from '@testing-library/react'
import { ok } from '../../src/core/envelope'
import type { DashboardView } from '../../src/district/contract'
import type { DayFigures } from '../../src/district/dashboard'
import { installFakeBackend } from '../setup/fake-backend'
import { agreePrivacy, resetPageTest } from '../setup/page-test'

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { DashboardTrends } = require('../../src/district/components/DashboardTrends') as typeof import('../../src/district/components/DashboardTrends')

type Call = { canvas: string; op: string; args: unknown[] }

/** Records every call and property set on each canvas's 2D context, tagged with the canvas id. */
function recordCanvases(): Call[] {
  const calls: Call[] = []
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (this: HTMLCanvasElement) {
    const canvas = this.id
    const target: Record<string, unknown> = {}
    return new Proxy(target, {
      get: (_, op: string) => (...args: unknown[]) => void calls.push({ canvas, op, args }),
      set: (_, op: string, value: unknown) => {
        calls.push({ canvas, op: `${op}=`, args: [value] })
        return true
      },
    }) as unknown as CanvasRenderingContext2D
  } as typeof HTMLCanvasElement.prototype.getContext)
  return calls
}

const day = (d: string, f: Partial<DayFigures> = {}): DayFigures => ({ day: d, received: 0, accepted: 0, resolved: 0, visits: 0, visitors: 0, partyReports: 0, ...f })

const week: DayFigures[] = [
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

test('two charts, each with its legend, its figures in words and a name for screen readers', () => {
  recordCanvases()
  const { container } = render(<DashboardTrends days={week} />)
  expect(screen.getByText('随手拍每日收到与办结')).toBeTruthy()
  expect(screen.getByText('驿站每日到访')).toBeTruthy()
  expect(screen.getByText('共 7 天，随手拍收到合计 22，随手拍办结合计 16')).toBeTruthy()
  expect(screen.getByText('共 7 天，驿站到访合计 78')).toBeTruthy()
  expect(Array.from(container.querySelectorAll('.dt-trend__name')).map((n) => n.textContent)).toEqual(['随手拍收到', '随手拍办结', '驿站到访'])
  const canvases = Array.from(container.querySelectorAll('canvas'))
  expect(canvases.map((c) => [c.id, c.getAttribute('role'), c.getAttribute('aria-label')])).toEqual([
    ['dt-trend-reports', 'img', '随手拍每日收到与办结：共 7 天，随手拍收到合计 22，随手拍办结合计 16'],
    ['dt-trend-visits', 'img', '驿站每日到访：共 7 天，驿站到访合计 78'],
  ])
})

test('draws the axis, the day labels and one line per series in its colour, the second dashed', () => {
  const calls = recordCanvases()
  const { container } = render(<DashboardTrends days={week} />)
  const on = (id: string) => calls.filter((c) => c.canvas === id)
  const reports = on('dt-trend-reports')
  const texts = reports.filter((c) => c.op === 'fillText').map((c) => c.args[0])
  // y ticks 0–8 by 2 (the top value is 7), then the day labels every other day, first and last included.
  expect(texts).toEqual(['0', '2', '4', '6', '8', '11/29', '12/1', '12/3', '12/5'])
  const colours = reports.filter((c) => c.op === 'strokeStyle=').map((c) => c.args[0])
  expect(colours.slice(-2)).toEqual(['#b93a0b', '#16703a'])
  const dashes = reports.filter((c) => c.op === 'setLineDash').map((c) => c.args[0])
  expect(dashes).toContainEqual([6, 4])
  // One path through the 7 days per series: moveTo then 6 lineTo after each series' colour is set.
  const lastStroke = reports.map((c) => c.op).lastIndexOf('strokeStyle=')
  expect(reports.slice(lastStroke).filter((c) => c.op === 'lineTo')).toHaveLength(6)
  // The backing store is the CSS size times the pixel ratio (the fallback 320×180 in jsdom, ratio 1).
  const canvas = container.querySelector('#dt-trend-reports') as HTMLCanvasElement
  expect([canvas.width, canvas.height]).toEqual([320, 180])
  expect(reports.find((c) => c.op === 'scale')?.args).toEqual([1, 1])
  const visits = on('dt-trend-visits')
  expect(visits.filter((c) => c.op === 'fillText').map((c) => c.args[0])).toEqual(['0', '5', '10', '15', '20', '11/29', '12/1', '12/3', '12/5'])
  expect(visits.filter((c) => c.op === 'setLineDash').every((c) => (c.args[0] as number[]).length === 0)).toBe(true)
})

test('a period without days shows no chart', () => {
  const { container } = render(<DashboardTrends days={[]} />)
  expect(container.querySelector('.dt-trends')).toBeNull()
})

test('the workbench dashboard shows the trends of the period it read', async () => {
  recordCanvases()
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const Workbench = require('../../src/district/pages/workbench/index').default as () => JSX.Element
  const empty = () => ok({ items: [], total: 0, hasMore: false })
  const totals = { enterprises: 0, workers: 0, partyRegistered: 0, partyConfirmed: 0, partyReporting: 0, covered: 0, instructors: 0, unionMembers: 0, organisations: { formed_alone: 0, formed_jointly: 0, helper_dispatched: 0, instructor_assigned: 0, none: 0 }, stale: [], membersWithoutOrg: [] }
  const zero = { received: 0, accepted: 0, resolved: 0, visits: 0, visitors: 0, partyReports: 0 }
  const dashboard: DashboardView = { from: '2026-11-29', to: '2026-12-05', current: { ...zero, received: 22, resolved: 16, visits: 78 }, previous: zero, previousFrom: '2026-11-22', previousTo: '2026-11-28', days: week, storedDays: 6, liveDays: 1 }
  installFakeBackend({
    'district.myScope': () => ok({ streets: [{ street: 'street-lf', streetName: '娄葑街道', district: '苏州工业园区' }], canEdit: false }),
    'district.ledger': () => ok({ total: totals, rows: [], asOf: '2026-12-05T00:00:00.000Z' }),
    'district.dashboard': () => ok(dashboard),
    'district.pendingLinks': empty,
    'district.listEnterprises': empty,
  })
  render(<Workbench />)
  expect(await screen.findByText('共 7 天，随手拍收到合计 22，随手拍办结合计 16')).toBeTruthy()
  expect(screen.getByText('共 7 天，驿站到访合计 78')).toBeTruthy()
})
