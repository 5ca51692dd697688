/**
 * Layout of the dashboard's small trend charts, pure (no drawing): from China day keys and one to three
 * series of daily counts, the y axis (0 up to a round maximum, 3–5 integer ticks), each day's x, each
 * series' polyline, and which 'M/D' day labels fit without overlapping (first and last always). The
 * drawing (src/district/components/TrendChart.tsx) only places what this returns, so every rule of the
 * picture is tested here.
 */

export interface ChartInput {
  /** China day keys 'YYYY-MM-DD', one per point, oldest first. */
  labels: readonly string[]
  /** 1–3 series, each with one value per label (counts; negative or non-finite values draw as 0). */
  series: ReadonlyArray<readonly number[]>
  /** Chart size in CSS px. */
  width: number
  height: number
  /** Axis label font size in CSS px (the design's minimum text size by default). */
  fontPx?: number
}

export interface ChartPoint {
  x: number
  y: number
}

export interface ChartTick {
  value: number
  y: number
  label: string
}

export interface ChartXLabel {
  index: number
  x: number
  label: string
  /** Text alignment at x: the first label starts at its point and the last ends at it, so neither is cut off. */
  align: 'left' | 'center' | 'right'
}

export interface ChartLayout {
  width: number
  height: number
  fontPx: number
  /** The plot area inside the axis labels. */
  plot: { left: number; top: number; right: number; bottom: number }
  yMax: number
  yTicks: ChartTick[]
  xs: number[]
  lines: ChartPoint[][]
  xLabels: ChartXLabel[]
}

export const MAX_SERIES = 3
/** At most this many day labels however wide the chart (a 62-day period reads as weeks, not days). */
export const MAX_X_LABELS = 6
const MIN_TICK_INTERVALS = 2
const MAX_TICK_INTERVALS = 4
/** Average glyph advance of digits and '/' relative to the font size, slightly generous so estimates never undercut. */
const GLYPH_EM = 0.62
const LABEL_GAP_PX = 10

const clean = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0)

/** Estimated width in px of a short digit label (a pure layout cannot measure text; the estimate errs wide). */
export const labelWidth = (text: string, fontPx: number) => Math.ceil(text.length * fontPx * GLYPH_EM)

/** 'YYYY-MM-DD' → 'M/D'. */
export function dayLabel(day: string): string {
  return `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`
}

/**
 * A round axis maximum and integer step for values up to `max`: the smallest step of 1, 2 or 5 × 10^k
 * that covers `max` in at most 4 intervals, and at least 2 intervals (so all-zero data still has an axis).
 */
export function niceAxis(max: number): { yMax: number; step: number; ticks: number[] } {
  const top = clean(max)
  let step = 1
  for (let magnitude = 1; ; magnitude *= 10) {
    const found = [1, 2, 5].map((m) => m * magnitude).find((s) => Math.ceil(top / s) <= MAX_TICK_INTERVALS)
    if (found !== undefined) {
      step = found
      break
    }
  }
  const intervals = Math.max(MIN_TICK_INTERVALS, Math.ceil(top / step))
  const ticks = Array.from({ length: intervals + 1 }, (_, i) => i * step)
  return { yMax: intervals * step, step, ticks }
}

const alignOf = (index: number, n: number): ChartXLabel['align'] => (n === 1 ? 'center' : index === 0 ? 'left' : index === n - 1 ? 'right' : 'center')

/** True when no two labels (in x order) come closer than the gap. */
function apart(labels: readonly ChartXLabel[], fontPx: number): boolean {
  for (let i = 1; i < labels.length; i++) if (xLabelExtent(labels[i - 1], fontPx)[1] + LABEL_GAP_PX > xLabelExtent(labels[i], fontPx)[0]) return false
  return true
}

/**
 * The day labels to draw: every k-th day from the first plus the last, with the smallest k that keeps to
 * MAX_X_LABELS and leaves every pair apart (a regular label crowding the last one is dropped). When even
 * the first and last cannot both fit, the last alone (the period's newest day).
 */
function pickXLabels(xs: readonly number[], texts: readonly string[], fontPx: number): ChartXLabel[] {
  const n = xs.length
  const at = (index: number): ChartXLabel => ({ index, x: xs[index], label: texts[index], align: alignOf(index, n) })
  if (n <= 1) return n ? [at(0)] : []
  for (let every = Math.max(1, Math.ceil((n - 1) / (MAX_X_LABELS - 1))); every < n; every++) {
    const picked: ChartXLabel[] = []
    for (let i = 0; i < n - 1; i += every) picked.push(at(i))
    const last = at(n - 1)
    while (picked.length > 1 && !apart([picked[picked.length - 1], last], fontPx)) picked.pop()
    picked.push(last)
    if (picked.length <= MAX_X_LABELS && apart(picked, fontPx)) return picked
  }
  return [at(n - 1)]
}

export function layoutChart(input: ChartInput): ChartLayout {
  const { labels, width, height } = input
  const fontPx = input.fontPx ?? 14
  const series = input.series.slice(0, MAX_SERIES).map((s) => labels.map((_, i) => clean(s[i] ?? 0)))
  const { yMax, ticks } = niceAxis(Math.max(0, ...series.flat()))
  const left = Math.max(...ticks.map((t) => labelWidth(String(t), fontPx))) + 8
  const plot = { left, top: Math.ceil(fontPx / 2) + 2, right: width - 8, bottom: height - fontPx - 10 }
  const plotW = Math.max(plot.right - plot.left, 1)
  const plotH = Math.max(plot.bottom - plot.top, 1)
  const n = labels.length
  const xs = labels.map((_, i) => (n === 1 ? plot.left + plotW / 2 : plot.left + (i * plotW) / (n - 1)))
  const yOf = (v: number) => plot.bottom - (v / yMax) * plotH
  const texts = labels.map(dayLabel)
  return {
    width,
    height,
    fontPx,
    plot,
    yMax,
    yTicks: ticks.map((value) => ({ value, y: yOf(value), label: String(value) })),
    xs,
    lines: series.map((values) => values.map((v, i) => ({ x: xs[i], y: yOf(v) }))),
    xLabels: pickXLabels(xs, texts, fontPx),
  }
}

/** The horizontal extent a drawn x label covers, for overlap checks. */
export function xLabelExtent(l: ChartXLabel, fontPx: number): [number, number] {
  const w = labelWidth(l.label, fontPx)
  if (l.align === 'left') return [l.x, l.x + w]
  if (l.align === 'right') return [l.x - w, l.x]
  return [l.x - w / 2, l.x + w / 2]
}

/**
 * The chart's figures in words, shown under it and given to screen readers, so the picture is never the
 * only carrier: 「共 N 天，随手拍收到合计 X，随手拍办结合计 Y」 (单日 names the day instead).
 */
export function chartSummary(labels: readonly string[], series: ReadonlyArray<{ name: string; values: readonly number[] }>): string {
  const span = labels.length === 1 ? `${dayLabel(labels[0])} 当天` : `共 ${labels.length} 天`
  const totals = series.map((s) => `${s.name}${labels.length === 1 ? '' : '合计'} ${labels.reduce((sum, _, i) => sum + clean(s.values[i] ?? 0), 0)}`)
  return [span, ...totals].join('，')
}
