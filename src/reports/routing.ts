/**
 * Grid routing, pure: which queue a reported location belongs to. Inside exactly one grid and clear of
 * its edges → that grid's worker. On an edge (within the GPS tolerance), inside overlapping grids, or
 * outside every grid but near one → the street dispatcher of the nearest grid's street, with no grid, so
 * a report near a boundary is never sent to the wrong grid and never lost. Farther than the policy's
 * limit from every grid → outside the served area (the rider is told so before anything is stored).
 */
import { AppError } from '../core/errors'
import { pointInPolygon, type GeoPolygon, type LngLat } from '../core/geo'
import { defaultReportPolicy, type ReportPolicy } from './model'
import type { RouteReason } from './vocabulary'

export interface GridShape {
  _id: string
  street: string
  district: string
  polygon: GeoPolygon
}

export interface Route {
  gridId: string | null
  street: string
  district: string
  reason: Exclude<RouteReason, 'transferred'>
  /** Distance to the nearest grid edge (m), for the record. */
  edgeDistanceM: number
}

const M_PER_DEG_LAT = 111_320

/** Distance (m) from `p` to the segment a–b, on a local flat projection around `p` (fine at street scale). */
function segmentDistanceM(p: LngLat, a: [number, number], b: [number, number]): number {
  const kx = M_PER_DEG_LAT * Math.cos((p.lat * Math.PI) / 180)
  const ax = (a[0] - p.lng) * kx
  const ay = (a[1] - p.lat) * M_PER_DEG_LAT
  const bx = (b[0] - p.lng) * kx
  const by = (b[1] - p.lat) * M_PER_DEG_LAT
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2))
  return Math.hypot(ax + t * dx, ay + t * dy)
}

/** Distance (m) from `p` to the outline of a polygon's outer ring. */
export function edgeDistanceM(p: LngLat, polygon: GeoPolygon): number {
  const ring = polygon.coordinates[0] ?? []
  let best = Infinity
  for (let i = 1; i < ring.length; i++) best = Math.min(best, segmentDistanceM(p, ring[i - 1], ring[i]))
  return best
}

/** Routes a location among candidate grids (those near it; the function fetches them by geo query). */
export function routeLocation(p: LngLat, grids: readonly GridShape[], policy: ReportPolicy = defaultReportPolicy): Route {
  if (grids.length === 0) throw new AppError('OUT_OF_RANGE', '这个位置不在暖新服务的街道范围内，请拨打 12345 反映')
  const measured = grids.map((g) => ({ g, inside: pointInPolygon(p, g.polygon), edge: edgeDistanceM(p, g.polygon) })).sort((a, b) => a.edge - b.edge)
  const nearest = measured[0]
  const containing = measured.filter((m) => m.inside)
  const onEdge = nearest.edge <= policy.boundaryToleranceM
  if (containing.length === 1 && !onEdge) {
    const g = containing[0].g
    return { gridId: g._id, street: g.street, district: g.district, reason: 'inside', edgeDistanceM: containing[0].edge }
  }
  if (containing.length > 1 || onEdge) {
    const g = (containing[0] ?? nearest).g
    return { gridId: null, street: g.street, district: g.district, reason: 'boundary', edgeDistanceM: nearest.edge }
  }
  if (nearest.edge > policy.maxOutsideDistanceM) throw new AppError('OUT_OF_RANGE', '这个位置不在暖新服务的街道范围内，请拨打 12345 反映')
  return { gridId: null, street: nearest.g.street, district: nearest.g.district, reason: 'outside', edgeDistanceM: nearest.edge }
}
