/**
 * H5 stand-in for moving the report's pin on a map: the device fix at the centre of a plain SVG (north
 * up), the circle the pin may move within, and the pin; a tap anywhere puts the pin there. No map script
 * or tiles (Taro's H5 <Map> needs a remote Baidu script; chooseLocation needs a Tencent key). Only H5
 * builds require this file (PinPicker); the mini-program uses the native <Map>.
 */
import type { MouseEvent } from 'react'
import { offsetM, type LngLat } from '../../core/geo'
import { offsetToMetres } from '../../shell/components/plot-math'
import { offsetToPlot, plotSpanM, tapToOffsetM } from '../pin'

const SIZE = 300

export function PinPlot({ fix, pin, reachM, tooFar, onMove }: { fix: LngLat; pin: LngLat; reachM: number; tooFar: boolean; onMove: (p: LngLat) => void }) {
  const span = plotSpanM(reachM)
  const c = SIZE / 2
  const off = offsetToMetres(fix, pin)
  const at = offsetToPlot(off.east, off.north, span, SIZE)
  const pinColour = tooFar ? '#b3261e' : '#b93a0b'
  const tap = (e: MouseEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect()
    const { east, north } = tapToOffsetM(e.clientX - box.left, e.clientY - box.top, box.width, box.height, span)
    onMove(offsetM(fix, east, north))
  }
  return (
    <svg className='nx-plot rp-pin-plot' viewBox={`0 0 ${SIZE} ${SIZE}`} role='img' aria-label='问题位置示意图，点一下把标记放到那里' onClick={tap}>
      <rect x={0} y={0} width={SIZE} height={SIZE} fill='#fff' />
      <line x1={c} y1={8} x2={c} y2={SIZE - 8} stroke='#ece9e2' />
      <line x1={8} y1={c} x2={SIZE - 8} y2={c} stroke='#ece9e2' />
      <circle className='rp-pin-plot__reach' cx={c} cy={c} r={(reachM / span) * c} fill='#fdebe2' fillOpacity={0.5} stroke='#b93a0b' strokeDasharray='6 5' />
      <line x1={c} y1={c} x2={at.x} y2={at.y} stroke={tooFar ? '#b3261e' : '#3d3d3d'} strokeWidth={2} />
      {/* A map pin whose tip is the point: its head stands above, so the fix stays visible under a small move. */}
      <g className='rp-pin-plot__pin'>
        <line x1={at.x} y1={at.y} x2={at.x} y2={at.y - 22} stroke={pinColour} strokeWidth={4} />
        <circle cx={at.x} cy={at.y - 28} r={11} fill={pinColour} stroke='#fff' strokeWidth={3} />
        <circle cx={at.x} cy={at.y} r={3} fill={pinColour} />
      </g>
      <circle className='rp-pin-plot__fix' cx={c} cy={c} r={7} fill='#1f5fbf' stroke='#fff' strokeWidth={2} />
    </svg>
  )
}
