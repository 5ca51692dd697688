/**
 * Reports on a map: the native <Map> with markers in the mini-program, the shell's offline SVG plot on
 * H5 (never a remote map script). Each target requires only its own piece, so the other is dropped from
 * its bundle. Pins come from `at` (rounded to ~100 m for the public, exact for staff in scope).
 */
import type { ComponentType } from 'react'
import type { LngLat } from '../../core/geo'
import type { PlotPoint } from '../../shell/components/NearbyPlot'
import type { ReportSummary } from '../contract'
import { closedStates, type ReportState } from '../vocabulary'
import './reports-components.scss'

const WeappMap: ComponentType<Record<string, unknown>> | null =
  process.env.TARO_ENV === 'weapp' ? (require('@tarojs/components') as { Map: ComponentType<Record<string, unknown>> }).Map : null
type PlotProps = { centre: LngLat; points: PlotPoint[]; onOpen: (key: string) => void; label: string; className?: string; showCentre?: boolean }
const Plot: ComponentType<PlotProps> | null = process.env.TARO_ENV === 'h5' ? (require('../../shell/components/NearbyPlot') as typeof import('../../shell/components/NearbyPlot')).NearbyPlot : null

/** Still open: brand red; fixed, waiting for the reporter: amber; done: green. */
function colourOf(state: ReportState, overdue?: boolean): string {
  if (overdue) return '#a61b1b'
  if (state === 'resolved') return '#8a5300'
  return closedStates.includes(state) ? '#16703a' : '#b93a0b'
}

function centroid(points: LngLat[]): LngLat {
  const n = points.length || 1
  return { lng: points.reduce((a, p) => a + p.lng, 0) / n, lat: points.reduce((a, p) => a + p.lat, 0) / n }
}

export function ReportsMap({ items, centre, label, onOpen }: { items: Array<ReportSummary & { overdue?: boolean }>; centre?: LngLat; label: string; onOpen: (id: string) => void }) {
  const pinned = items.filter((r): r is typeof r & { at: LngLat } => !!r.at)
  if (!pinned.length) return null
  const middle = centre ?? centroid(pinned.map((r) => r.at))
  if (WeappMap) {
    return (
      <WeappMap
        className='rp-map'
        longitude={middle.lng}
        latitude={middle.lat}
        scale={15}
        showLocation={!!centre}
        markers={pinned.map((r, i) => ({ id: i, longitude: r.at.lng, latitude: r.at.lat, title: r.categoryName, width: 28, height: 28, callout: { content: `${i + 1}. ${r.categoryName}`, display: 'BYCLICK' } }))}
        onMarkerTap={(e: { detail: { markerId: number } }) => pinned[e.detail.markerId] && onOpen(pinned[e.detail.markerId].id)}
      />
    )
  }
  if (Plot) {
    return <Plot className='nx-plot rp-plot' label={label} centre={middle} showCentre={!!centre} points={pinned.map((r) => ({ key: r.id, location: r.at, color: colourOf(r.state, r.overdue) }))} onOpen={onOpen} />
  }
  return null
}
