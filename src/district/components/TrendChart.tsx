/**
 * A small daily trend chart drawn by hand with plain Views (no chart library, no canvas), with its legend
 * as real text and its figures in words beneath, so the picture is never the only carrier of the
 * numbers. The geometry comes from ../chart (pure, tested); this file only places it: grid lines and
 * labels, each line segment a thin View rotated from one day's point to the next, dots while days are few.
 *
 * Why not <Canvas type='2d'>: Taro renders every element of every page through templates in the main
 * package's base.wxml, and a Canvas anywhere in the app adds one there (measured: base.wxml +456 B,
 * taro.js +35 B; Taro's compile mode still adds an import to base.wxml). The main package must not grow
 * for a district-only chart, and View and Text templates are there already. The same code serves H5.
 */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState, type CSSProperties } from 'react'
import { chartSummary, labelWidth, layoutChart, type ChartPoint } from '../chart'
import './trend-chart.scss'

const H5 = process.env.TARO_ENV === 'h5'

export interface TrendSeries {
  name: string
  values: readonly number[]
  /** Line colour, ≥ 4.5:1 on white (the theme's brand and ok colours). */
  colour: string
  /** A dashed line, so two series differ by more than colour. */
  dashed?: boolean
}

const AXIS_TEXT = '#3d3d3d' // $nx-text-2, 10:1 on white
const GRID = '#d9d6cf' // $nx-line
/** Chart height in px (inline, so the mini-program does not scale it as rpx while the layout is in px). */
export const CHART_HEIGHT_PX = 180
const FONT_PX = 14
const LINE_PX = 2.5
const DOT_PX = 6
/** Dots only while the days are few enough to tell apart (two weeks); a month reads better as a line. */
const MAX_DOTTED_DAYS = 14

const px = (n: number) => `${Math.round(n * 10) / 10}px`

/** A segment from a to b: a View of the segment's length, rotated about its left end. */
export function segmentStyle(a: ChartPoint, b: ChartPoint, colour: string, dashed: boolean): CSSProperties {
  const length = Math.hypot(b.x - a.x, b.y - a.y)
  const angle = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI
  const line = dashed ? { height: 0, borderTop: `${px(LINE_PX)} dashed ${colour}` } : { height: px(LINE_PX), backgroundColor: colour }
  return { left: px(a.x), top: px(a.y - LINE_PX / 2), width: px(length), transform: `rotate(${Math.round(angle * 100) / 100}deg)`, ...line }
}

function Plot({ width, labels, series }: { width: number; labels: readonly string[]; series: readonly TrendSeries[] }) {
  const layout = layoutChart({ labels, series: series.map((s) => s.values), width, height: CHART_HEIGHT_PX, fontPx: FONT_PX })
  const { plot } = layout
  const text: CSSProperties = { fontSize: px(FONT_PX), lineHeight: px(FONT_PX + 2), color: AXIS_TEXT }
  return (
    <View>
      {layout.yTicks.map((t) => (
        <View key={`g${t.value}`}>
          <View className='dt-trend__abs' style={{ left: px(plot.left), top: px(t.y), width: px(plot.right - plot.left), height: '1px', backgroundColor: GRID }} />
          <Text className='dt-trend__abs dt-trend__tick' style={{ ...text, left: 0, top: px(t.y - (FONT_PX + 2) / 2), width: px(plot.left - 6), textAlign: 'right' }}>
            {t.label}
          </Text>
        </View>
      ))}
      {layout.xLabels.map((l) => {
        // A box as wide as the estimated text, placed by the label's alignment, so what the layout kept apart stays apart.
        const w = labelWidth(l.label, FONT_PX)
        const left = l.align === 'left' ? l.x : l.align === 'right' ? l.x - w : l.x - w / 2
        return (
          <Text key={`x${l.index}`} className='dt-trend__abs dt-trend__day' style={{ ...text, left: px(left), top: px(plot.bottom + 6), width: px(w), textAlign: l.align }}>
            {l.label}
          </Text>
        )
      })}
      {layout.lines.map((points, k) => {
        const s = series[k]
        return (
          <View key={s.name} className='dt-trend__series' data-series={s.name}>
            {points.slice(1).map((p, i) => (
              <View key={`s${i}`} className='dt-trend__abs dt-trend__seg' style={segmentStyle(points[i], p, s.colour, Boolean(s.dashed))} />
            ))}
            {points.length <= MAX_DOTTED_DAYS
              ? points.map((p, i) => {
                  const d = points.length === 1 ? DOT_PX + 2 : DOT_PX
                  return <View key={`d${i}`} className='dt-trend__abs dt-trend__dot' style={{ left: px(p.x - d / 2), top: px(p.y - d / 2), width: px(d), height: px(d), backgroundColor: s.colour }} />
                })
              : null}
          </View>
        )
      })}
    </View>
  )
}

export function TrendChart({ id, title, labels, series }: { id: string; title: string; labels: readonly string[]; series: readonly TrendSeries[] }) {
  const summary = chartSummary(labels, series)
  // The layout is in px, so it waits for the box's measured width (the card's, minus its padding),
  // measured again when the period changes under a chart that stayed mounted.
  const [width, setWidth] = useState<number>()
  const period = `${labels[0] ?? ''}..${labels[labels.length - 1] ?? ''}`
  const box = useRef<HTMLElement>(null)
  useEffect(() => {
    let cancelled = false
    const take = (w: number | undefined) => {
      if (!cancelled && w) setWidth(Math.floor(w))
    }
    // On H5 the element itself: Taro's H5 selector query searches the page Taro holds as current, which
    // after a navigateBack can still be the page that was left (the e2e saw no width there).
    if (H5) take(box.current?.getBoundingClientRect().width)
    else
      // The node exists once Taro has sent this render to the page.
      Taro.nextTick(() => {
        Taro.createSelectorQuery()
          .select(`#${id}`)
          .boundingClientRect((rect) => take((Array.isArray(rect) ? rect[0] : rect)?.width))
          .exec()
      })
    return () => {
      cancelled = true
    }
  }, [id, period])
  return (
    <View className='dt-trend'>
      <Text className='dt-trend__title'>{title}</Text>
      <View id={id} ref={box} className='dt-trend__plot' style={{ height: px(CHART_HEIGHT_PX) }} role='img' aria-label={`${title}：${summary}`}>
        {width ? <Plot width={width} labels={labels} series={series} /> : null}
      </View>
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
