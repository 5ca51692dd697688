/**
 * Pure report rules: grid routing (inside, on a shared edge, on the outer edge, in overlapping grids,
 * outside every grid but near, far away), due times and overdue, urgency order, duplicate suggestions,
 * auto-close, figures — using the seeded grid layout (2 × 2 rectangles per street).
 */
import { offsetM, rectangle, toPoint, type LngLat } from '../../src/core/geo'
import { computeFigures, figuresBy, median } from '../../src/reports/figures'
import { routeLocation, type GridShape } from '../../src/reports/routing'
import { defaultReportPolicy } from '../../src/reports/model'
import { byUrgency, dueAt, hoursLeft, isOverdue, pinReachM, pinTooFarMessage, pinWithinReach, shouldAutoClose, suggestDuplicates, type DuplicateCandidate } from '../../src/reports/rules'
import type { ReportState } from '../../src/reports/vocabulary'

const centre: LngLat = { lng: 120.66, lat: 31.3 }
const size = 1600
// As scripts/seed/demo-data.ts draws them: 1 = NW, 2 = NE, 3 = SW, 4 = SE of the street centre.
const cells: Array<[number, number]> = [[-1, 0], [0, 0], [-1, -1], [0, -1]]
const grids: GridShape[] = cells.map(([ix, iy], i) => ({
  _id: `grid-lf-${i + 1}`,
  street: 'street-lf',
  district: '苏州工业园区',
  polygon: rectangle(offsetM(centre, ix * size, iy * size), offsetM(centre, (ix + 1) * size, (iy + 1) * size)),
}))

describe('routeLocation', () => {
  it('inside one grid, clear of its edges: that grid', () => {
    expect(routeLocation(offsetM(centre, -800, 800), grids)).toMatchObject({ gridId: 'grid-lf-1', street: 'street-lf', reason: 'inside' })
    expect(routeLocation(offsetM(centre, 800, -800), grids)).toMatchObject({ gridId: 'grid-lf-4', reason: 'inside' })
    // 6 m from the shared edge is still clearly inside (tolerance 5 m).
    expect(routeLocation(offsetM(centre, 6, 800), grids)).toMatchObject({ gridId: 'grid-lf-2', reason: 'inside' })
  })

  it('on the edge shared by two grids, and at the corner of four: the street dispatcher, no grid', () => {
    for (const p of [offsetM(centre, 0, 800), offsetM(centre, 2, 800), offsetM(centre, -3, -400), centre]) {
      expect(routeLocation(p, grids)).toMatchObject({ gridId: null, street: 'street-lf', reason: 'boundary' })
    }
  })

  it('on the street’s outer edge: the street dispatcher', () => {
    expect(routeLocation(offsetM(centre, -size, 500), grids)).toMatchObject({ gridId: null, reason: 'boundary' })
  })

  it('inside two overlapping grids: the street dispatcher', () => {
    const overlapping = [...grids, { ...grids[0], _id: 'grid-lf-x', polygon: rectangle(offsetM(centre, -1000, 200), offsetM(centre, -200, 1000)) }]
    expect(routeLocation(offsetM(centre, -600, 600), overlapping)).toMatchObject({ gridId: null, reason: 'boundary' })
  })

  it('outside every grid but near: the nearest grid’s street dispatcher, never lost', () => {
    const other: GridShape = { _id: 'grid-xx-1', street: 'street-xx', district: '别区', polygon: rectangle(offsetM(centre, 5000, 0), offsetM(centre, 6000, 1000)) }
    expect(routeLocation(offsetM(centre, 2000, 500), [...grids, other])).toMatchObject({ gridId: null, street: 'street-lf', reason: 'outside' })
    expect(routeLocation(offsetM(centre, 4500, 500), [...grids, other])).toMatchObject({ gridId: null, street: 'street-xx', reason: 'outside' })
  })

  it('far from every grid, or no grid at all: OUT_OF_RANGE with what to do instead', () => {
    expect(() => routeLocation(offsetM(centre, 30_000, 0), grids)).toThrow(/不在暖新服务的街道范围内.*12345/)
    expect(() => routeLocation(centre, [])).toThrow(/12345/)
  })
})

const T0 = new Date('2025-06-10T00:00:00.000Z')
const H = 3_600_000

describe('due times, overdue, urgency', () => {
  it('due = reported + SLA hours; overdue only while open', () => {
    const due = dueAt(T0, 8)
    expect(due.toISOString()).toBe('2025-06-10T08:00:00.000Z')
    expect(isOverdue({ state: 'dispatched', dueAt: due }, new Date(due.getTime() + 1))).toBe(true)
    expect(isOverdue({ state: 'dispatched', dueAt: due }, due)).toBe(false)
    expect(isOverdue({ state: 'resolved', dueAt: due }, new Date(due.getTime() + H))).toBe(false)
    expect(hoursLeft({ dueAt: due }, new Date(T0.getTime() + 2.5 * H))).toBe(5)
    expect(hoursLeft({ dueAt: due }, new Date(due.getTime() + 1.5 * H))).toBe(-2)
  })

  it('queue order: overdue first, then nearest due, then oldest', () => {
    const now = new Date(T0.getTime() + 10 * H)
    const r = (id: string, state: ReportState, due: number, created: number) => ({ id, state, dueAt: new Date(T0.getTime() + due * H), createdAt: new Date(T0.getTime() + created * H) })
    const list = [r('later', 'accepted', 30, 0), r('overdue-b', 'dispatched', 9, 2), r('soon', 'submitted', 12, 5), r('overdue-a', 'submitted', 4, 1), r('soon-older', 'submitted', 12, 3)]
    expect(list.sort(byUrgency(now)).map((x) => x.id)).toEqual(['overdue-a', 'overdue-b', 'soon-older', 'soon', 'later'])
  })
})

describe('suggestDuplicates', () => {
  const at = offsetM(centre, -800, 800)
  const c = (id: string, east: number, state: ReportState = 'accepted', categoryId: DuplicateCandidate['categoryId'] = 'cat-garbage'): DuplicateCandidate => ({
    _id: id,
    categoryId,
    state,
    location: toPoint(offsetM(at, east, 0)),
    createdAt: T0,
  })
  it('same category, still open, within 50 m, nearest first', () => {
    const found = suggestDuplicates(at, 'cat-garbage', [c('far', 60), c('near', 10), c('edge', 49), c('other-cat', 5, 'accepted', 'cat-manhole'), c('fixed', 5, 'resolved'), c('closed', 5, 'closed'), c('rejected', 5, 'rejected'), c('new', 30, 'submitted')])
    expect(found.map((d) => d._id)).toEqual(['near', 'new', 'edge'])
    expect(found[0].distanceM).toBeCloseTo(10, 0)
  })
})

describe('how far a pin may move from the device fix', () => {
  const fix = { ...centre, accuracy: 20 }

  it('the reach is 300 m plus the fix accuracy, the accuracy counted up to 200 m', () => {
    expect(pinReachM({ ...centre, accuracy: 0 })).toBe(300)
    expect(pinReachM(fix)).toBe(320)
    expect(pinReachM({ ...centre, accuracy: 200 })).toBe(500)
    // A vague fix does not licence a pin anywhere in town.
    expect(pinReachM({ ...centre, accuracy: 3000 })).toBe(500)
    // Nonsense accuracy adds nothing rather than widening or shrinking the bound.
    expect(pinReachM({ ...centre, accuracy: -50 })).toBe(300)
    expect(pinReachM({ ...centre, accuracy: Number.NaN })).toBe(300)
  })

  it('a pin at the fix, or moved within reach in any direction, is accepted with its distance', () => {
    expect(pinWithinReach(centre, fix)).toEqual({ ok: true, distanceM: 0, reachM: 320 })
    expect(pinWithinReach(offsetM(centre, 0, 40), fix)).toEqual({ ok: true, distanceM: 40, reachM: 320 })
    expect(pinWithinReach(offsetM(centre, -200, -200), fix)).toMatchObject({ ok: true, distanceM: 283 })
  })

  it('the edge: exactly at the reach is in, a metre beyond is out (whole metres, as the reporter is told)', () => {
    expect(pinWithinReach(offsetM(centre, 320, 0), fix)).toEqual({ ok: true, distanceM: 320, reachM: 320 })
    expect(pinWithinReach(offsetM(centre, 320.4, 0), fix)).toMatchObject({ ok: true, distanceM: 320 })
    expect(pinWithinReach(offsetM(centre, 321, 0), fix)).toEqual({ ok: false, distanceM: 321, reachM: 320 })
    expect(pinWithinReach(offsetM(centre, 0, -500), { ...centre, accuracy: 999 })).toMatchObject({ ok: true, reachM: 500 })
    expect(pinWithinReach(offsetM(centre, 0, -501), { ...centre, accuracy: 999 })).toMatchObject({ ok: false, reachM: 500 })
  })

  it('without a fix the pin is the fix: nothing to bound', () => {
    expect(pinWithinReach(offsetM(centre, 5000, 0), undefined)).toEqual({ ok: true, distanceM: 0, reachM: 0 })
  })

  it('follows the policy, and the refusal names both distances', () => {
    const strict = { ...defaultReportPolicy, pinAdjustMaxM: 50, pinAccuracyAllowanceM: 10 }
    expect(pinWithinReach(offsetM(centre, 61, 0), fix, strict)).toEqual({ ok: false, distanceM: 61, reachM: 60 })
    expect(pinTooFarMessage({ ok: false, distanceM: 412, reachM: 320 })).toMatch(/约 412 米，最多只能挪动 320 米/)
  })
})

describe('auto-close', () => {
  it('closes a resolution unanswered for 72 h, not before, and only resolved ones', () => {
    const resolvedAt = T0
    expect(shouldAutoClose({ state: 'resolved', resolvedAt }, new Date(T0.getTime() + 72 * H - 1))).toBe(false)
    expect(shouldAutoClose({ state: 'resolved', resolvedAt }, new Date(T0.getTime() + 72 * H))).toBe(true)
    expect(shouldAutoClose({ state: 'confirmed', resolvedAt }, new Date(T0.getTime() + 100 * H))).toBe(false)
  })
})

describe('figures', () => {
  const f = (state: ReportState, gridId: string, hoursToResolve?: number, rating?: number, overdue = false, departmentId: string | null = 'dept-a') => ({
    state,
    gridId,
    departmentId,
    createdAt: T0,
    resolvedAt: hoursToResolve === undefined ? undefined : new Date(T0.getTime() + hoursToResolve * H),
    overdue,
    rating,
  })
  const list = [
    f('submitted', 'g1', undefined, undefined, false, null),
    f('rejected', 'g1', undefined, undefined, false, null),
    f('merged', 'g1', undefined, undefined, false, null),
    f('dispatched', 'g1', undefined, undefined, true),
    f('resolved', 'g1', 10),
    f('confirmed', 'g2', 4, 5),
    f('confirmed', 'g2', 30, 2, true),
    f('closed', 'g2', 20),
  ]
  it('received, accepted, resolved, overdue, median hours, resolution rate, satisfaction', () => {
    expect(computeFigures(list)).toEqual({ received: 8, accepted: 5, resolved: 4, overdue: 2, medianHoursToResolve: 15, resolutionRate: 0.8, rated: 2, satisfaction: 0.5, meanRating: 3.5 })
    expect(computeFigures([])).toEqual({ received: 0, accepted: 0, resolved: 0, overdue: 0, medianHoursToResolve: null, resolutionRate: null, rated: 0, satisfaction: null, meanRating: null })
  })
  it('per grid and per department', () => {
    const byGrid = figuresBy(list, 'gridId')
    expect(byGrid.g1).toMatchObject({ received: 5, accepted: 2, resolved: 1 })
    expect(byGrid.g2).toMatchObject({ received: 3, resolved: 3, medianHoursToResolve: 20, satisfaction: 0.5 })
    const byDept = figuresBy(list, 'departmentId')
    expect(byDept['dept-a']).toMatchObject({ received: 5, resolved: 4 })
    expect(byDept['']).toMatchObject({ received: 3, accepted: 0 })
  })
  it('median of even and odd lists', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNull()
  })
})
