/**
 * H5 stand-in for the map: the nearby stations around "you" on the shell's offline SVG plot, coloured
 * by whether they are open. Only the H5 build requires this file (the mini-program shows the native <Map>).
 */
import type { LngLat } from '../../core/geo'
import { NearbyPlot as Plot } from '../../shell/components/NearbyPlot'
import type { StationSummary } from '../contract'

export function NearbyPlot({ me, stations, onOpen }: { me: LngLat; stations: StationSummary[]; onOpen: (s: StationSummary) => void }) {
  const points = stations.map((s) => ({ key: s.stationId, location: s.location, color: s.openState === 'closed' ? '#3d3d3d' : s.openState === 'full' ? '#8a5300' : '#16703a' }))
  return <Plot className='st-plot' label='附近驿站示意图' centre={me} points={points} onOpen={(key) => { const s = stations.find((x) => x.stationId === key); if (s) onOpen(s) }} />
}
