/**
 * H5 plot of the warm circle: the scope's hexagon cells on a plain SVG, north up, coloured by how far a
 * walk reaches (10 minutes / 15 minutes / neither) and shaded by rider activity, open stations as dark
 * dots and the ranked gaps numbered as in the list. No map script, no chart library. Only H5 builds
 * require this file (the mini-program shows the native <Map>).
 */
import type { LngLat } from '../../core/geo'
import type { CoverageView } from '../contract'
import { reachColour, ringOf } from './coverage-style'

const WIDTH = 340
const PAD = 10

export function CoveragePlot({ view, label }: { view: CoverageView; label: string }) {
  const cells = view.plot.cells
  let west = Infinity
  let east = -Infinity
  let south = Infinity
  let north = -Infinity
  const rings = cells.map(ringOf)
  for (const ring of rings)
    for (const [lng, lat] of ring) {
      west = Math.min(west, lng)
      east = Math.max(east, lng)
      south = Math.min(south, lat)
      north = Math.max(north, lat)
    }
  if (!Number.isFinite(west)) return null
  // Equirectangular around the middle latitude: at district scale the distortion is invisible.
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180)
  const spanX = Math.max((east - west) * kx, 1e-9)
  const spanY = Math.max(north - south, 1e-9)
  const scale = (WIDTH - 2 * PAD) / Math.max(spanX, spanY)
  const height = Math.ceil(spanY * scale + 2 * PAD)
  const x = (lng: number) => PAD + (lng - west) * kx * scale
  const y = (lat: number) => PAD + (north - lat) * scale
  const maxWeight = Math.max(1, ...cells.map((c) => c.weight))
  const inView = (p: LngLat) => p.lng >= west && p.lng <= east && p.lat >= south && p.lat <= north
  const gapNo = new Map(view.gaps.map((g, i) => [g.cellId, i + 1]))
  const gapCentre = new Map(view.gaps.map((g) => [g.cellId, g.centre]))
  return (
    <svg className='nx-plot dt-plot' viewBox={`0 0 ${WIDTH} ${height}`} role='img' aria-label={label}>
      {cells.map((c, k) => {
        const points = rings[k].map(([lng, lat]) => `${x(lng).toFixed(1)},${y(lat).toFixed(1)}`)
        // Cells without activity stay pale; busy ones dark, so the eye goes to where riders are.
        const opacity = c.weight ? 0.35 + 0.6 * (c.weight / maxWeight) : 0.12
        return <polygon key={c.id} data-reach={c.reach} points={points.join(' ')} fill={reachColour[c.reach]} fillOpacity={opacity} stroke='#ffffff' strokeWidth={0.5} />
      })}
      {view.stations.filter((s) => inView(s.location)).map((s) => (
        <circle key={s.stationId} cx={x(s.location.lng)} cy={y(s.location.lat)} r={3.5} fill='#141414' stroke='#ffffff' strokeWidth={1} />
      ))}
      {[...gapNo].map(([id, n]) => {
        const p = gapCentre.get(id) as LngLat
        return (
          <g key={id}>
            <circle cx={x(p.lng)} cy={y(p.lat)} r={11} fill='#ffffff' stroke='#141414' strokeWidth={1.5} />
            <text x={x(p.lng)} y={y(p.lat) + 5} textAnchor='middle' fontSize='14' fontWeight='700' fill='#141414'>
              {n}
            </text>
          </g>
        )
      })}
      <text x={WIDTH - PAD} y={PAD + 14} textAnchor='end' fontSize='14' fill='#3d3d3d'>
        北↑
      </text>
    </svg>
  )
}
