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

/** A point read back through the SDK, as GeoJSON: the SDK hands back `{ type, coordinates }` or a Geo.Point (longitude/latitude); anything else gives NaN coordinates. */
export function toGeoPoint(raw: unknown): GeoPoint {
  const v = raw as { coordinates?: unknown; longitude?: unknown; latitude?: unknown; toJSON?: () => unknown } | null
  if (v && Array.isArray(v.coordinates)) return { type: 'Point', coordinates: [Number(v.coordinates[0]), Number(v.coordinates[1])] }
  if (v && typeof v.longitude === 'number' && typeof v.latitude === 'number') return { type: 'Point', coordinates: [v.longitude, v.latitude] }
  return { type: 'Point', coordinates: [NaN, NaN] }
}

/** A polygon read back through the SDK, as GeoJSON: plain `{ type, coordinates }` or a Geo.Polygon (lines of points); anything else is empty. */
export function toGeoPolygon(raw: unknown): GeoPolygon {
  const v = raw as { coordinates?: unknown; lines?: Array<{ points: Array<{ longitude: number; latitude: number }> }> } | null
  if (v && Array.isArray(v.coordinates)) return { type: 'Polygon', coordinates: v.coordinates as GeoPolygon['coordinates'] }
  if (v && Array.isArray(v.lines)) return { type: 'Polygon', coordinates: v.lines.map((l) => l.points.map((p) => [p.longitude, p.latitude] as [number, number])) }
  return { type: 'Polygon', coordinates: [] }
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

// ---- WGS-84 → GCJ-02 (the browser's datum → the one WeChat and the station data use) ----

const GCJ_A = 6378245.0
const GCJ_EE = 0.006693421622965943

function outsideChina(p: LngLat): boolean {
  return p.lng < 72.004 || p.lng > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271
}

function gcjLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}

function gcjLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}

/**
 * A browser's GPS fix (WGS-84) in GCJ-02, the published offset formula (accurate to a few metres
 * inside China). Without it an H5 fix lands ~300–600 m from GCJ-02 stations and every geofence fails.
 * Outside China GCJ-02 equals WGS-84.
 */
export function wgs84ToGcj02(p: LngLat): LngLat {
  if (outsideChina(p)) return { lng: p.lng, lat: p.lat }
  const x = p.lng - 105
  const y = p.lat - 35
  const radLat = (p.lat / 180) * Math.PI
  let magic = Math.sin(radLat)
  magic = 1 - GCJ_EE * magic * magic
  const sqrtMagic = Math.sqrt(magic)
  const dLat = (gcjLat(x, y) * 180) / (((GCJ_A * (1 - GCJ_EE)) / (magic * sqrtMagic)) * Math.PI)
  const dLng = (gcjLng(x, y) * 180) / ((GCJ_A / sqrtMagic) * Math.cos(radLat) * Math.PI)
  return { lng: p.lng + dLng, lat: p.lat + dLat }
}

/** Inverse of wgs84ToGcj02 by fixed-point iteration (sub-metre after a few rounds); used by tests and dev tools. */
export function gcj02ToWgs84(p: LngLat): LngLat {
  let guess = { lng: p.lng, lat: p.lat }
  for (let i = 0; i < 6; i++) {
    const fwd = wgs84ToGcj02(guess)
    guess = { lng: guess.lng - (fwd.lng - p.lng), lat: guess.lat - (fwd.lat - p.lat) }
  }
  return guess
}
