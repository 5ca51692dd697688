/** The new-report pin's nudges and H5 plot geometry (src/reports/pin.ts). */
import { distanceM, type LngLat } from '../../src/core/geo'
import { offsetToMetres } from '../../src/shell/components/plot-math'
import { NUDGE_M, nudgeOrder, nudgePin, offsetToPlot, plotSpanM, tapToOffsetM } from '../../src/reports/pin'

const fix: LngLat = { lng: 120.66, lat: 31.3 }

test('each nudge moves the pin 10 m the way its arrow points (上 = north)', () => {
  const moved = Object.fromEntries(nudgeOrder.map((d) => [d, offsetToMetres(fix, nudgePin(fix, d))]))
  expect(moved.north.north).toBeCloseTo(NUDGE_M, 3)
  expect(moved.north.east).toBeCloseTo(0, 6)
  expect(moved.south.north).toBeCloseTo(-NUDGE_M, 3)
  expect(moved.east.east).toBeCloseTo(NUDGE_M, 3)
  expect(moved.west.east).toBeCloseTo(-NUDGE_M, 3)
  for (const d of nudgeOrder) expect(distanceM(fix, nudgePin(fix, d))).toBeCloseTo(NUDGE_M, 1)
  // Up then down is back where it started.
  const back = nudgePin(nudgePin(fix, 'north'), 'south')
  expect(distanceM(fix, back)).toBeLessThan(0.01)
})

test('the plot: the reach circle fills 80 % of the view; a tap maps to metres from the fix, north up', () => {
  expect(plotSpanM(320)).toBe(400)
  expect(plotSpanM(0)).toBe(62.5)
  expect(tapToOffsetM(150, 150, 300, 300, 400)).toEqual({ east: 0, north: 0 })
  expect(tapToOffsetM(300, 0, 300, 300, 400)).toEqual({ east: 400, north: 400 })
  expect(tapToOffsetM(75, 225, 300, 300, 400)).toEqual({ east: -200, north: -200 })
  // The same tap in a box drawn at another size is the same place.
  expect(tapToOffsetM(37.5, 112.5, 150, 150, 400)).toEqual({ east: -200, north: -200 })
  expect(tapToOffsetM(10, 10, 0, 0, 400)).toEqual({ east: 0, north: 0 })
})

test('offsetToPlot inverts a tap, and draws a pin beyond the view on its edge', () => {
  expect(offsetToPlot(-200, -200, 400, 300)).toEqual({ x: 75, y: 225, clipped: false })
  expect(offsetToPlot(0, 0, 400, 300)).toEqual({ x: 150, y: 150, clipped: false })
  expect(offsetToPlot(800, 0, 400, 300)).toEqual({ x: 300, y: 150, clipped: true })
  const far = offsetToPlot(-1200, 600, 400, 300)
  expect(far).toEqual({ x: 0, y: 75, clipped: true })
})
