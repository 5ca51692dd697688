/**
 * H5 stand-in for a map: points plotted around a centre on a plain SVG, north up, scaled to the
 * farthest one. No third-party map script, no tiles: works offline and in tests. Only H5 builds should
 * require this file (the mini-program shows the native <Map>); it is not exported from ./index.
 */
import type { LngLat } from '../../core/geo'
import { offsetToMetres } from './plot-math'

export interface PlotPoint {
  key: string
  location: LngLat
  color: string
}

const SIZE = 300
const PAD = 24

export function NearbyPlot({ centre, points, onOpen, label, className = 'nx-plot', showCentre = true }: { centre: LngLat; points: PlotPoint[]; onOpen: (key: string) => void; label: string; className?: string; showCentre?: boolean }) {
  const placed = points.map((p) => ({ p, ...offsetToMetres(centre, p.location) }))
  const reach = Math.max(200, ...placed.map((p) => Math.max(Math.abs(p.east), Math.abs(p.north))))
  const scale = (SIZE / 2 - PAD) / reach
  const c = SIZE / 2
  return (
    <svg className={className} viewBox={`0 0 ${SIZE} ${SIZE}`} role='img' aria-label={label}>
      <circle cx={c} cy={c} r={SIZE / 2 - PAD} fill='none' stroke='#d9d6cf' strokeDasharray='4 4' />
      <text x={c} y={14} textAnchor='middle' fontSize='11' fill='#3d3d3d'>
        北
      </text>
      <text x={SIZE - 4} y={SIZE - 6} textAnchor='end' fontSize='11' fill='#3d3d3d'>
        {reach >= 1000 ? `半径 ${(reach / 1000).toFixed(1)} 公里` : `半径 ${Math.round(reach)} 米`}
      </text>
      {placed.map(({ p, east, north }, i) => (
        <g key={p.key} onClick={() => onOpen(p.key)} style={{ cursor: 'pointer' }}>
          <circle cx={c + east * scale} cy={c - north * scale} r={11} fill={p.color} />
          <text x={c + east * scale} y={c - north * scale + 4} textAnchor='middle' fontSize='11' fill='#fff'>
            {i + 1}
          </text>
        </g>
      ))}
      {showCentre ? <circle cx={c} cy={c} r={8} fill='#b93a0b' stroke='#fff' strokeWidth='3' /> : null}
    </svg>
  )
}
