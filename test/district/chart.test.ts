/**
 * The dashboard trend chart's layout: a round y axis from 0 with 3–5 integer ticks, points spread over
 * the plot, polylines that stay inside it, and 'M/D' day labels that never overlap (first and last
 * always, at most six), for all-zero data, one day, a week, a month and 62 days.
 */
import { chartSummary, dayLabel, layoutChart, MAX_X_LABELS, niceAxis, xLabelExtent, type ChartLayout } from '../../src/district/chart'
import { daysBetween } from '../../src/district/dashboard'

const days = (from: string, to: string) => daysBetween(from, to)

/** Every invariant a drawn chart relies on, whatever the input. */
function expectSound(l: ChartLayout, n: number) {
  const { plot } = l
  expect(plot.left).toBeGreaterThan(0)
  expect(plot.right).toBeLessThanOrEqual(l.width)
  expect(plot.top).toBeGreaterThan(0)
  expect(plot.bottom).toBeLessThan(l.height)
  // y ticks: 0 first, integers rising evenly to the maximum, 3–5 of them, the top one at the plot's top.
  const values = l.yTicks.map((t) => t.value)
  expect(values[0]).toBe(0)
  expect(values.length).toBeGreaterThanOrEqual(3)
  expect(values.length).toBeLessThanOrEqual(5)
  expect(values.every(Number.isInteger)).toBe(true)
  expect(values[values.length - 1]).toBe(l.yMax)
  expect(new Set(values.slice(1).map((v, i) => v - values[i])).size).toBe(1)
  expect(l.yTicks[0].y).toBeCloseTo(plot.bottom)
  expect(l.yTicks[l.yTicks.length - 1].y).toBeCloseTo(plot.top)
  // x: one per day, rising, inside the plot.
  expect(l.xs).toHaveLength(n)
  l.xs.forEach((x, i) => {
    expect(x).toBeGreaterThanOrEqual(plot.left)
    expect(x).toBeLessThanOrEqual(plot.right)
    if (i) expect(x).toBeGreaterThan(l.xs[i - 1])
  })
  for (const line of l.lines) {
    expect(line).toHaveLength(n)
    for (const p of line) {
      expect(p.y).toBeGreaterThanOrEqual(plot.top - 1e-9)
      expect(p.y).toBeLessThanOrEqual(plot.bottom + 1e-9)
    }
  }
  // Day labels: first and last, at most six, in order, none overlapping, none outside the chart.
  const shown = l.xLabels.map((x) => x.index)
  expect(shown[0]).toBe(0)
  expect(shown[shown.length - 1]).toBe(n - 1)
  expect(shown.length).toBeLessThanOrEqual(MAX_X_LABELS)
  const extents = l.xLabels.map((x) => xLabelExtent(x, l.fontPx))
  extents.forEach(([a, b], i) => {
    expect(a).toBeGreaterThanOrEqual(0)
    expect(b).toBeLessThanOrEqual(l.width)
    if (i) expect(a).toBeGreaterThan(extents[i - 1][1])
  })
}

test('the y axis: the smallest round step covering the maximum in 2–4 intervals', () => {
  expect(niceAxis(0).ticks).toEqual([0, 1, 2])
  expect(niceAxis(1).ticks).toEqual([0, 1, 2])
  expect(niceAxis(3).ticks).toEqual([0, 1, 2, 3])
  expect(niceAxis(4).ticks).toEqual([0, 1, 2, 3, 4])
  expect(niceAxis(5).ticks).toEqual([0, 2, 4, 6])
  expect(niceAxis(8).ticks).toEqual([0, 2, 4, 6, 8])
  expect(niceAxis(9).ticks).toEqual([0, 5, 10])
  expect(niceAxis(17).ticks).toEqual([0, 5, 10, 15, 20])
  expect(niceAxis(21).ticks).toEqual([0, 10, 20, 30])
  expect(niceAxis(1234)).toEqual({ yMax: 1500, step: 500, ticks: [0, 500, 1000, 1500] })
  expect(niceAxis(2.5).ticks).toEqual([0, 1, 2, 3])
  expect(niceAxis(Number.NaN).ticks).toEqual([0, 1, 2])
})

test('a week of counts: every other day labelled, points where the values are', () => {
  const labels = days('2026-11-30', '2026-12-06')
  const received = [3, 0, 7, 2, 5, 1, 4]
  const resolved = [1, 1, 2, 6, 0, 3, 2]
  const l = layoutChart({ labels, series: [received, resolved], width: 340, height: 180 })
  expectSound(l, 7)
  expect(l.yMax).toBe(8)
  expect(l.xLabels.map((x) => x.label)).toEqual(['11/30', '12/2', '12/4', '12/6'])
  expect(l.xLabels[0]).toMatchObject({ label: '11/30', align: 'left', x: l.plot.left })
  expect(l.xLabels[l.xLabels.length - 1]).toMatchObject({ label: '12/6', align: 'right', x: l.plot.right })
  const h = l.plot.bottom - l.plot.top
  // 7 of 8 is 7/8 of the way up; 0 sits on the baseline.
  expect(l.lines[0][2].y).toBeCloseTo(l.plot.bottom - (7 / 8) * h)
  expect(l.lines[0][1].y).toBeCloseTo(l.plot.bottom)
  expect(l.lines[1][3].y).toBeCloseTo(l.plot.bottom - (6 / 8) * h)
  expect(l.lines[0].map((p) => p.x)).toEqual(l.xs)
})

test('all-zero data still has an axis, and the lines lie on the baseline', () => {
  const labels = days('2026-11-01', '2026-11-30')
  const l = layoutChart({ labels, series: [labels.map(() => 0), labels.map(() => 0)], width: 340, height: 180 })
  expectSound(l, 30)
  expect(l.yTicks.map((t) => t.label)).toEqual(['0', '1', '2'])
  expect(l.lines.flat().every((p) => Math.abs(p.y - l.plot.bottom) < 1e-9)).toBe(true)
})

test('a single day is one centred point with its one label', () => {
  const l = layoutChart({ labels: ['2026-12-05'], series: [[4]], width: 340, height: 180 })
  expectSound(l, 1)
  expect(l.xs[0]).toBeCloseTo((l.plot.left + l.plot.right) / 2)
  expect(l.xLabels).toEqual([{ index: 0, x: l.xs[0], label: '12/5', align: 'center' }])
})

test('62 days (two months) show at most six day labels, first and last included, none overlapping', () => {
  const labels = days('2026-10-05', '2026-12-05')
  expect(labels).toHaveLength(62)
  const visits = labels.map((_, i) => (i * 37) % 23)
  const l = layoutChart({ labels, series: [visits], width: 340, height: 180 })
  expectSound(l, 62)
  expect(l.xLabels.length).toBeGreaterThanOrEqual(3)
  expect(l.xLabels[0].label).toBe('10/5')
  expect(l.xLabels[l.xLabels.length - 1].label).toBe('12/5')
})

test('labels never overlap at any period length and width the page can have', () => {
  const problems: string[] = []
  for (const width of [240, 288, 320, 340, 375, 480, 700])
    for (let n = 1; n <= 62; n++) {
      const labels = days('2026-12-01', '2027-01-31').slice(0, n)
      const l = layoutChart({ labels, series: [labels.map((_, i) => i % 5), labels.map(() => 1), labels.map((_, i) => 60 - i)], width, height: 160 })
      const shown = l.xLabels.map((x) => x.index)
      const extents = l.xLabels.map((x) => xLabelExtent(x, l.fontPx))
      const bad =
        shown[0] !== 0 ||
        shown[shown.length - 1] !== n - 1 ||
        shown.length > MAX_X_LABELS ||
        extents.some(([a, b], i) => a < 0 || b > width || (i > 0 && a <= extents[i - 1][1])) ||
        l.yTicks.length < 3 ||
        l.yTicks.length > 5
      if (bad) problems.push(`${n} days at ${width}px: ${l.xLabels.map((x) => x.label).join(' ')}`)
    }
  expect(problems).toEqual([])
})

test('at most three series are laid out; missing, negative and non-finite values draw as 0', () => {
  const labels = days('2026-12-01', '2026-12-03')
  const l = layoutChart({ labels, series: [[1, -4, Number.NaN], [2], [3, 3, 3], [99, 99, 99]], width: 320, height: 160 })
  expect(l.lines).toHaveLength(3)
  expect(l.yMax).toBe(3)
  expect(l.lines[0].map((p) => p.y)).toEqual([l.yTicks[1].y, l.plot.bottom, l.plot.bottom])
  expect(l.lines[1][1].y).toBe(l.plot.bottom)
})

test('day labels and the summary in words', () => {
  expect(dayLabel('2026-01-09')).toBe('1/9')
  expect(dayLabel('2026-12-31')).toBe('12/31')
  const labels = days('2026-11-30', '2026-12-02')
  expect(chartSummary(labels, [{ name: '随手拍收到', values: [3, 0, 7] }, { name: '随手拍办结', values: [1, 2, -1] }])).toBe('共 3 天，随手拍收到合计 10，随手拍办结合计 3')
  expect(chartSummary(['2026-12-05'], [{ name: '驿站到访', values: [12] }])).toBe('12/5 当天，驿站到访 12')
})
