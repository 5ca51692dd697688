/**
 * A small daily trend chart drawn by hand on Canvas 2D (no chart library: the whole chart costs a few
 * KB of the district subpackage), with its legend as real text and its figures in words beneath, so
 * the picture is never the only carrier of the numbers. The geometry comes from ../chart (pure, tested);
 * this file only strokes it.
 *
 * Mini-program: Taro's <Canvas type='2d'>, its node fetched with a selector query after the render
 * reaches the page, the backing store scaled by the pixel ratio. H5: a plain <canvas> element. Taro's H5
 * Canvas (the taro-canvas-core web component) resets the inner canvas's width and height to its CSS
 * size every time it renders, which drops the pixel ratio and clears whatever was drawn, and it renders
 * asynchronously after React; an element of our own has neither problem.
 */
import { Canvas, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef } from 'react'
import { chartSummary, layoutChart, type ChartLayout } from '../chart'
import './trend-chart.scss'

const H5 = process.env.TARO_ENV === 'h5'

export interface TrendSeries {
  name: string
  values: readonly number[]
  /** Stroke colour, ≥ 4.5:1 on white (the theme's brand, ok and text colours). */
  colour: string
  /** A dashed line, so two series differ by more than colour. */
  dashed?: boolean
}

/** The CanvasRenderingContext2D calls the drawing makes (the mini-program's 2D context has the same). */
export type Ctx2D = Pick<CanvasRenderingContext2D, 'scale' | 'clearRect' | 'beginPath' | 'moveTo' | 'lineTo' | 'stroke' | 'arc' | 'fill' | 'fillText' | 'setLineDash'> & {
  strokeStyle: unknown
  fillStyle: unknown
  lineWidth: number
  font: string
  textAlign: string
  textBaseline: string
}

interface CanvasLike {
  width: number
  height: number
  getContext(kind: '2d'): unknown
}

const AXIS_TEXT = '#3d3d3d' // $nx-text-2, 10:1 on white
const GRID = '#d9d6cf' // $nx-line
const HEIGHT_PX = 180
const FALLBACK_WIDTH_PX = 320

export function drawChart(ctx: Ctx2D, layout: ChartLayout, series: readonly TrendSeries[]): void {
  const { plot, fontPx } = layout
  ctx.clearRect(0, 0, layout.width, layout.height)
  ctx.font = `${fontPx}px sans-serif`
  ctx.lineWidth = 1
  ctx.setLineDash([])
  ctx.fillStyle = AXIS_TEXT
  ctx.textAlign = 'right'
  ctx.textBaseline = 'middle'
  for (const t of layout.yTicks) {
    ctx.strokeStyle = GRID
    ctx.beginPath()
    ctx.moveTo(plot.left, t.y)
    ctx.lineTo(plot.right, t.y)
    ctx.stroke()
    ctx.fillText(t.label, plot.left - 6, t.y)
  }
  ctx.textBaseline = 'top'
  for (const l of layout.xLabels) {
    ctx.textAlign = l.align
    ctx.fillText(l.label, l.x, plot.bottom + 6)
  }
  layout.lines.forEach((points, k) => {
    const s = series[k]
    ctx.strokeStyle = s.colour
    ctx.fillStyle = s.colour
    ctx.lineWidth = 2.5
    ctx.setLineDash(s.dashed ? [6, 4] : [])
    ctx.beginPath()
    points.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)))
    ctx.stroke()
    // Dots while the days are few enough to tell apart; a single day has nothing else to show.
    if (points.length <= 31)
      for (const p of points) {
        ctx.beginPath()
        ctx.arc(p.x, p.y, points.length === 1 ? 4 : 2.5, 0, 2 * Math.PI)
        ctx.fill()
      }
  })
  ctx.setLineDash([])
}

function paint(canvas: CanvasLike, width: number, height: number, ratio: number, labels: readonly string[], series: readonly TrendSeries[]): void {
  canvas.width = Math.round(width * ratio)
  canvas.height = Math.round(height * ratio)
  const ctx = canvas.getContext('2d') as Ctx2D | null
  if (!ctx) return
  ctx.scale(ratio, ratio)
  drawChart(ctx, layoutChart({ labels, series: series.map((s) => s.values), width, height }), series)
}

export function TrendChart({ id, title, labels, series }: { id: string; title: string; labels: readonly string[]; series: readonly TrendSeries[] }) {
  const summary = chartSummary(labels, series)
  const ref = useRef<HTMLCanvasElement>(null)
  // Redraw when the figures change, not on every render of the page around the chart.
  const dataKey = JSON.stringify([labels, series.map((s) => [s.values, s.colour, s.dashed])])
  const latest = useRef({ labels, series })
  latest.current = { labels, series }

  useEffect(() => {
    if (!H5) return undefined
    const canvas = ref.current
    if (!canvas) return undefined
    const draw = () => paint(canvas, canvas.clientWidth || FALLBACK_WIDTH_PX, canvas.clientHeight || HEIGHT_PX, window.devicePixelRatio || 1, latest.current.labels, latest.current.series)
    draw()
    // A page Taro's H5 router keeps hidden has no size yet, and a rotated phone has a new one.
    if (typeof ResizeObserver === 'undefined') return undefined
    let seen = `${canvas.clientWidth}x${canvas.clientHeight}`
    const watch = new ResizeObserver(() => {
      const now = `${canvas.clientWidth}x${canvas.clientHeight}`
      if (now !== seen && canvas.clientWidth) draw()
      seen = now
    })
    watch.observe(canvas)
    return () => watch.disconnect()
  }, [dataKey])

  useEffect(() => {
    if (H5) return undefined
    let cancelled = false
    // The canvas node exists once Taro has sent this render to the page.
    Taro.nextTick(() => {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: Array<{ node?: CanvasLike; width?: number; height?: number } | null>) => {
          const hit = res?.[0]
          if (cancelled || !hit?.node || !hit.width || !hit.height) return
          paint(hit.node, hit.width, hit.height, Taro.getWindowInfo().pixelRatio || 1, latest.current.labels, latest.current.series)
        })
    })
    return () => {
      cancelled = true
    }
  }, [id, dataKey])

  return (
    <View className='dt-trend'>
      <Text className='dt-trend__title'>{title}</Text>
      {H5 ? <canvas ref={ref} id={id} className='dt-trend__canvas' role='img' aria-label={`${title}：${summary}`} /> : <Canvas type='2d' id={id} className='dt-trend__canvas' aria-label={`${title}：${summary}`} />}
      <View className='dt-trend__legend'>
        {series.map((s) => (
          <View key={s.name} className='dt-trend__key'>
            <View className={`dt-trend__swatch ${s.dashed ? 'dt-trend__swatch--dashed' : ''}`} style={{ borderTopColor: s.colour }} />
            <Text className='dt-trend__name'>{s.name}</Text>
          </View>
        ))}
      </View>
      <Text className='dt-trend__summary'>{summary}</Text>
    </View>
  )
}
