/**
 * H5 stand-in for the map: the nearby stations plotted around "you" on a plain SVG, north up, scaled to
 * the farthest one shown. No third-party map script, no tiles: works offline and in tests. Only the H5
 * build requires this file (the mini-program shows the native <Map>).
 */
import { offsetToMetres } from './plot-math'
import type { LngLat } from '../../core/geo'
import type { StationSummary } from '../contract'

const SIZE = 300
const PAD = 24

export function NearbyPlot({ me, stations, onOpen }: { me: LngLat; stations: StationSummary[]; onOpen: (s: StationSummary) => void }) {
  const points = stations.map((s) => ({ s, ...offsetToMetres(me, s.location) }))
  const reach = Math.max(200, ...points.map((p) => Math.max(Math.abs(p.east), Math.abs(p.north))))
  const scale = (SIZE / 2 - PAD) / reach
  const c = SIZE / 2
  return (
    <svg className='st-plot' viewBox={`0 0 ${SIZE} ${SIZE}`} role='img' aria-label='附近驿站示意图'>
      <circle cx={c} cy={c} r={SIZE / 2 - PAD} fill='none' stroke='#d9d6cf' strokeDasharray='4 4' />
      <text x={c} y={14} textAnchor='middle' fontSize='11' fill='#3d3d3d'>
        北
      </text>
      <text x={SIZE - 4} y={SIZE - 6} textAnchor='end' fontSize='11' fill='#3d3d3d'>
        {reach >= 1000 ? `半径 ${(reach / 1000).toFixed(1)} 公里` : `半径 ${Math.round(reach)} 米`}
      </text>
      {points.map(({ s, east, north }, i) => (
        <g key={s.stationId} onClick={() => onOpen(s)} style={{ cursor: 'pointer' }}>
          <circle cx={c + east * scale} cy={c - north * scale} r={11} fill={s.openState === 'closed' ? '#3d3d3d' : s.openState === 'full' ? '#8a5300' : '#16703a'} />
          <text x={c + east * scale} y={c - north * scale + 4} textAnchor='middle' fontSize='11' fill='#fff'>
            {i + 1}
          </text>
        </g>
      ))}
      <circle cx={c} cy={c} r={8} fill='#b93a0b' stroke='#fff' strokeWidth='3' />
    </svg>
  )
}
