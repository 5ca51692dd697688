/**
 * Geometry shared by functions, pages and the seed: GeoJSON points as the database stores them,
 * great-circle distances, and point-in-polygon for finding a report's grid. Coordinates are GCJ-02
 * (what WeChat's location APIs and maps use); at street scale the datum offset does not matter for
 * distances, so no conversion happens here.
 */

export interface LngLat {
  lng: number
  lat: number
}

/** GeoJSON point: `coordinates` is [lng, lat], the order the database's 2dsphere index expects. */
export interface GeoPoint {
  type: 'Point'
  coordinates: [number, number]
}

/** GeoJSON polygon: one outer ring of [lng, lat] positions, closed (first === last). */
export interface GeoPolygon {
  type: 'Polygon'
  coordinates: Array<Array<[number, number]>>
}

/** Mean Earth radius used by MongoDB-style spherical distances. */
export const EARTH_RADIUS_M = 6_371_008.8

export function isValidLngLat(p: LngLat): boolean {
  return Number.isFinite(p.lng) && Number.isFinite(p.lat) && Math.abs(p.lng) <= 180 && Math.abs(p.lat) <= 90
}

export function toPoint(p: LngLat): GeoPoint {
  return { type: 'Point', coordinates: [p.lng, p.lat] }
}

export function fromPoint(point: GeoPoint): LngLat {
  return { lng: point.coordinates[0], lat: point.coordinates[1] }
}

const rad = (deg: number) => (deg * Math.PI) / 180

/** Haversine distance in metres. */
export function distanceM(a: LngLat, b: LngLat): number {
  const dLat = rad(b.lat - a.lat)
  const dLng = rad(b.lng - a.lng)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** The point `eastM` metres east and `northM` metres north of `origin` (flat-earth; fine below ~50 km). */
export function offsetM(origin: LngLat, eastM: number, northM: number): LngLat {
  const lat = origin.lat + (northM / EARTH_RADIUS_M) * (180 / Math.PI)
  const lng = origin.lng + (eastM / (EARTH_RADIUS_M * Math.cos(rad(origin.lat)))) * (180 / Math.PI)
  return { lng, lat }
}

/**
 * Ray casting on the outer ring (holes are not used by grids). Points exactly on an edge may fall
 * either way; grids are drawn to tile a street, so that ambiguity only shifts a report to a neighbour.
 */
export function pointInPolygon(p: LngLat, polygon: GeoPolygon): boolean {
  const ring = polygon.coordinates[0]
  if (!ring || ring.length < 4) return false
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** An axis-aligned rectangle as a closed GeoJSON polygon (how the seed draws grids). */
export function rectangle(southWest: LngLat, northEast: LngLat): GeoPolygon {
  const { lng: w, lat: s } = southWest
  const { lng: e, lat: n } = northEast
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] }
}

/** Rounds a distance for display and for privacy-preserving storage (e.g. check-in distance buckets). */
export function roundDistanceM(m: number, step = 10): number {
  return Math.round(m / step) * step
}

/** "350 米" / "1.2 公里": how distances read in the UI. */
export function formatDistance(m: number): string {
  if (m < 1000) return `${Math.max(0, Math.round(m))} 米`
  return `${(m / 1000).toFixed(m < 10_000 ? 1 : 0)} 公里`
}
