/**
 * Geometry on the sphere for the geo operators: GeoJSON validation, great-circle distances in metres,
 * bounding boxes for the R*Tree, and the within / intersects / near predicates.
 * Polygon edges are treated as straight in lng/lat (fine at city scale; MongoDB uses geodesic edges).
 */
import { EmulatorError, PlatformCode } from '../errors'
import { isPlainObject } from './ejson'

/** Earth radius MongoDB uses for 2dsphere distances. */
export const EARTH_RADIUS_M = 6378100

export type Pos = [number, number]
export interface Geometry {
  type: 'Point' | 'LineString' | 'Polygon' | 'MultiPoint' | 'MultiLineString' | 'MultiPolygon'
  coordinates: unknown
}
export interface BBox {
  minX: number
  maxX: number
  minY: number
  maxY: number
}

function bad(msg: string): never {
  throw new EmulatorError(PlatformCode.INVALID_PARAM, msg)
}

function pos(v: unknown): Pos {
  if (!Array.isArray(v) || v.length < 2 || typeof v[0] !== 'number' || typeof v[1] !== 'number') bad('invalid GeoJSON position')
  const [x, y] = v as number[]
  if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) bad(`longitude/latitude out of bounds: [${x}, ${y}]`)
  return [x, y]
}

/** A GeoJSON geometry as stored, or null when the value is not one (MongoDB ignores such docs in geo queries). */
export function asGeometry(v: unknown): Geometry | null {
  if (!isPlainObject(v) || typeof v.type !== 'string' || !Array.isArray(v.coordinates)) return null
  try {
    normalize(v as unknown as Geometry)
    return v as unknown as Geometry
  } catch {
    return null
  }
}

/** Flattened view: points, segments (from lines and rings) and polygons (each a list of rings). */
export interface Shape {
  points: Pos[]
  lines: Pos[][]
  polygons: Pos[][][]
}

export function normalize(g: Geometry): Shape {
  const c = g.coordinates as unknown[]
  const ring = (r: unknown): Pos[] => {
    if (!Array.isArray(r) || r.length < 4) bad('a polygon ring needs at least 4 positions')
    return (r as unknown[]).map(pos)
  }
  const line = (l: unknown): Pos[] => {
    if (!Array.isArray(l) || l.length < 2) bad('a LineString needs at least 2 positions')
    return (l as unknown[]).map(pos)
  }
  const poly = (p: unknown): Pos[][] => {
    if (!Array.isArray(p) || p.length < 1) bad('a Polygon needs at least one ring')
    return (p as unknown[]).map(ring)
  }
  switch (g.type) {
    case 'Point':
      return { points: [pos(c)], lines: [], polygons: [] }
    case 'MultiPoint':
      return { points: c.map(pos), lines: [], polygons: [] }
    case 'LineString':
      return { points: [], lines: [line(c)], polygons: [] }
    case 'MultiLineString':
      return { points: [], lines: c.map(line), polygons: [] }
    case 'Polygon':
      return { points: [], lines: [], polygons: [poly(c)] }
    case 'MultiPolygon':
      return { points: [], lines: [], polygons: c.map(poly) }
    default:
      return bad(`unsupported GeoJSON type: ${String((g as { type: unknown }).type)}`)
  }
}

export function parseGeometry(v: unknown): Shape {
  if (!isPlainObject(v) || typeof v.type !== 'string' || !Array.isArray(v.coordinates)) bad('invalid GeoJSON geometry')
  return normalize(v as unknown as Geometry)
}

export function allPositions(s: Shape): Pos[] {
  const out: Pos[] = [...s.points]
  for (const l of s.lines) out.push(...l)
  for (const p of s.polygons) for (const r of p) out.push(...r)
  return out
}

export function bboxOf(s: Shape): BBox {
  let minX = Infinity
  let maxX = -Infinity
  let minY = Infinity
  let maxY = -Infinity
  for (const [x, y] of allPositions(s)) {
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  return { minX, maxX, minY, maxY }
}

const RAD = Math.PI / 180

/**
 * Great-circle distances in metres from `a`, computed as S2 (which the platform's MongoDB uses) does: the
 * angle atan2(|a×b|, a·b) between the points' unit vectors, times MongoDB's radius. Haversine agrees only
 * to ~10 significant digits, and the platform's figures are reproduced exactly by this form. A nearest-N
 * query measures one centre against many points, so the centre's unit vector is computed once here.
 */
export function distanceFrom(a: Pos): (lng: number, lat: number) => number {
  const pa = a[1] * RAD
  const ta = a[0] * RAD
  const ca = Math.cos(pa)
  const ax = Math.cos(ta) * ca
  const ay = Math.sin(ta) * ca
  const az = Math.sin(pa)
  return (lng, lat) => {
    const pb = lat * RAD
    const tb = lng * RAD
    const cb = Math.cos(pb)
    const bx = Math.cos(tb) * cb
    const by = Math.sin(tb) * cb
    const bz = Math.sin(pb)
    const cx = ay * bz - az * by
    const cy = az * bx - ax * bz
    const cz = ax * by - ay * bx
    return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz) * EARTH_RADIUS_M
  }
}

/** Great-circle distance in metres between two points (symmetric, as S2 computes it). */
export function distance(a: Pos, b: Pos): number {
  return distanceFrom(a)(b[0], b[1])
}

/** Boxes (split at the antimeridian) that contain every point within `r` metres of `c`. */
export function capBoxes(c: Pos, r: number): BBox[] {
  const ang = r / EARTH_RADIUS_M
  const dLat = ang / RAD
  const minY = c[1] - dLat
  const maxY = c[1] + dLat
  if (ang >= Math.PI / 2 || minY <= -90 || maxY >= 90) {
    return [{ minX: -180, maxX: 180, minY: Math.max(-90, minY), maxY: Math.min(90, maxY) }]
  }
  const dLng = Math.asin(Math.min(1, Math.sin(ang) / Math.cos(c[1] * RAD))) / RAD
  const minX = c[0] - dLng
  const maxX = c[0] + dLng
  if (minX < -180) return [{ minX: minX + 360, maxX: 180, minY, maxY }, { minX: -180, maxX, minY, maxY }]
  if (maxX > 180) return [{ minX, maxX: 180, minY, maxY }, { minX: -180, maxX: maxX - 360, minY, maxY }]
  return [{ minX, maxX, minY, maxY }]
}

function pointInRing(p: Pos, ring: Pos[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

function onSegment(p: Pos, a: Pos, b: Pos): boolean {
  const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])
  if (Math.abs(cross) > 1e-12) return false
  return p[0] >= Math.min(a[0], b[0]) - 1e-12 && p[0] <= Math.max(a[0], b[0]) + 1e-12 && p[1] >= Math.min(a[1], b[1]) - 1e-12 && p[1] <= Math.max(a[1], b[1]) + 1e-12
}

function pointInPolygon(p: Pos, poly: Pos[][]): boolean {
  for (const r of poly) for (let i = 1; i < r.length; i++) if (onSegment(p, r[i - 1], r[i])) return true
  if (!pointInRing(p, poly[0])) return false
  for (let i = 1; i < poly.length; i++) if (pointInRing(p, poly[i])) return false
  return true
}

function segmentsIntersect(a: Pos, b: Pos, c: Pos, d: Pos): boolean {
  const o = (p: Pos, q: Pos, r: Pos) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))
  const o1 = o(a, b, c)
  const o2 = o(a, b, d)
  const o3 = o(c, d, a)
  const o4 = o(c, d, b)
  if (o1 !== o2 && o3 !== o4) return true
  return onSegment(c, a, b) || onSegment(d, a, b) || onSegment(a, c, d) || onSegment(b, c, d)
}

function segments(s: Shape): Array<[Pos, Pos]> {
  const out: Array<[Pos, Pos]> = []
  const add = (l: Pos[]) => {
    for (let i = 1; i < l.length; i++) out.push([l[i - 1], l[i]])
  }
  s.lines.forEach(add)
  for (const p of s.polygons) p.forEach(add)
  return out
}

/** Whether every part of `s` lies inside the polygons of `container` (vertex test; fine for convex-ish areas). */
export function within(s: Shape, container: Shape): boolean {
  const pts = allPositions(s)
  return pts.length > 0 && pts.every((p) => container.polygons.some((poly) => pointInPolygon(p, poly)))
}

export function withinCap(s: Shape, centre: Pos, radiusM: number): boolean {
  const pts = allPositions(s)
  const from = distanceFrom(centre)
  return pts.length > 0 && pts.every((p) => from(p[0], p[1]) <= radiusM)
}

export function intersects(a: Shape, b: Shape): boolean {
  for (const p of a.points) {
    if (b.points.some((q) => q[0] === p[0] && q[1] === p[1])) return true
    if (b.polygons.some((poly) => pointInPolygon(p, poly))) return true
    if (segments({ points: [], lines: b.lines, polygons: [] }).some(([x, y]) => onSegment(p, x, y))) return true
  }
  for (const p of b.points) {
    if (a.polygons.some((poly) => pointInPolygon(p, poly))) return true
    if (segments({ points: [], lines: a.lines, polygons: [] }).some(([x, y]) => onSegment(p, x, y))) return true
  }
  const sa = segments(a)
  const sb = segments(b)
  for (const [p, q] of sa) for (const [r, t] of sb) if (segmentsIntersect(p, q, r, t)) return true
  // One shape entirely inside the other's polygon without edge crossings.
  for (const l of [...a.lines, ...a.polygons.map((p) => p[0])]) if (b.polygons.some((poly) => pointInPolygon(l[0], poly))) return true
  for (const l of [...b.lines, ...b.polygons.map((p) => p[0])]) if (a.polygons.some((poly) => pointInPolygon(l[0], poly))) return true
  return false
}

/** Distance from a point to a stored geometry: exact for points, nearest vertex/inside test otherwise. */
export function distanceTo(centre: Pos, s: Shape): number {
  if (s.polygons.some((poly) => pointInPolygon(centre, poly))) return 0
  let best = Infinity
  const from = distanceFrom(centre)
  for (const p of allPositions(s)) {
    const d = from(p[0], p[1])
    if (d < best) best = d
  }
  return best
}

/** `$nearSphere` / `$geoNear` centre: a GeoJSON Point or a legacy [lng, lat] pair. */
export function nearCentre(v: unknown): Pos {
  if (Array.isArray(v)) return pos(v)
  if (isPlainObject(v) && isPlainObject(v.$geometry)) return nearCentre(v.$geometry)
  if (isPlainObject(v) && v.type === 'Point') return pos(v.coordinates)
  return bad('$nearSphere / $geoNear needs a GeoJSON Point')
}
