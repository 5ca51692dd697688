/**
 * The reporter's pin on the new-report page, pure: the 10 m nudges (上 = north, as on any map), and the
 * geometry of the H5 plot (the fix at the centre, the reach circle inside the view, a tap turned into
 * metres east and north of the fix). How far the pin may go is the rule in ./rules (pinWithinReach).
 */
import { offsetM, type LngLat } from '../core/geo'

export const NUDGE_M = 10

export const Nudge = { north: 'north', south: 'south', west: 'west', east: 'east' } as const
export type Nudge = (typeof Nudge)[keyof typeof Nudge]

/** Button text and what a screen reader says, in the pad's order (left, up, down, right). */
export const nudgeLabel: Record<Nudge, { text: string; aria: string }> = {
  west: { text: '← 左', aria: `向西挪 ${NUDGE_M} 米` },
  north: { text: '↑ 上', aria: `向北挪 ${NUDGE_M} 米` },
  south: { text: '↓ 下', aria: `向南挪 ${NUDGE_M} 米` },
  east: { text: '右 →', aria: `向东挪 ${NUDGE_M} 米` },
}
export const nudgeOrder: readonly Nudge[] = [Nudge.west, Nudge.north, Nudge.south, Nudge.east]

const step: Record<Nudge, [east: number, north: number]> = { north: [0, NUDGE_M], south: [0, -NUDGE_M], west: [-NUDGE_M, 0], east: [NUDGE_M, 0] }

export function nudgePin(pin: LngLat, dir: Nudge): LngLat {
  const [east, north] = step[dir]
  return offsetM(pin, east, north)
}

/** Half the plot's width in metres: the reach circle fills 80 % of it, so a pin just beyond still shows. */
export function plotSpanM(reachM: number): number {
  return Math.max(50, reachM) * 1.25
}

/** A tap at (x, y) inside a w×h box showing ±spanM around its centre, as metres east and north of the centre. */
export function tapToOffsetM(x: number, y: number, w: number, h: number, spanM: number): { east: number; north: number } {
  if (w <= 0 || h <= 0) return { east: 0, north: 0 }
  return { east: ((x - w / 2) / (w / 2)) * spanM, north: ((h / 2 - y) / (h / 2)) * spanM }
}

/** Where an offset sits on a size×size plot (y down); a point beyond the view is drawn on its edge. */
export function offsetToPlot(east: number, north: number, spanM: number, size: number): { x: number; y: number; clipped: boolean } {
  const half = size / 2
  const k = Math.max(Math.abs(east), Math.abs(north)) / spanM
  const f = k > 1 ? 1 / k : 1
  return { x: half + (east * f * half) / spanM, y: half - (north * f * half) / spanM, clipped: k > 1 }
}
