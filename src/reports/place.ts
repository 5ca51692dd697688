/**
 * Where a report is, in words a grid worker can walk to, from the district's own data: the street and
 * grid it was routed to and the nearest known place (a station or landmark) with distance and compass
 * direction — "娄葑街道 · 第1网格 · 娄葑暖新驿站 东北 120 米". This is the offline answer (emulator, demo, or
 * no map-service key); with a key the function asks Tencent's reverse geocoder first and keeps this as
 * the fallback. Also how far the reporter moved the pin from the device fix, for staff. Pure.
 */
import { distanceM, type LngLat } from '../core/geo'

export interface Landmark {
  name: string
  at: LngLat
}

export interface PlaceFacts {
  streetName?: string
  gridName?: string
  /** Candidates near the point; the nearest within `LANDMARK_RADIUS_M` is named. */
  landmarks: readonly Landmark[]
}

export interface Place {
  text: string
  landmark?: { name: string; distanceM: number; direction: Compass }
  /** Which source the text came from. */
  source: 'offline' | 'geocoder'
}

/** Farther than this, a "nearest station" no longer helps anyone find the spot. */
export const LANDMARK_RADIUS_M = 1500
/** Closer than this, the point is "at" the landmark. */
export const BESIDE_M = 20

export const COMPASS = ['北', '东北', '东', '东南', '南', '西南', '西', '西北'] as const
export type Compass = (typeof COMPASS)[number]

/** Initial bearing from `from` to `to`, degrees clockwise from north, 0…360. */
export function bearingDeg(from: LngLat, to: LngLat): number {
  const φ1 = (from.lat * Math.PI) / 180
  const φ2 = (to.lat * Math.PI) / 180
  const Δλ = ((to.lng - from.lng) * Math.PI) / 180
  const y = Math.sin(Δλ) * Math.cos(φ2)
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ)
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360
}

export function compassOf(deg: number): Compass {
  return COMPASS[Math.round((((deg % 360) + 360) % 360) / 45) % 8]
}

/** Distances a person can use: tens of metres nearby, fifties farther out. */
export function roundForWalking(m: number): number {
  return m < 200 ? Math.max(10, Math.round(m / 10) * 10) : Math.round(m / 50) * 50
}

/** With a geocoded address: the address first, the district's walking hint after it. */
export function placeWithAddress(offline: Place, address: string | null): Place {
  if (!address) return offline
  const hint = offline.landmark ? `（${offline.landmark.name} ${offline.landmark.direction} ${roundForWalking(offline.landmark.distanceM)} 米）` : ''
  return { ...offline, text: `${address}${hint}`, source: 'geocoder' }
}

export function describePlace(p: LngLat, facts: PlaceFacts): Place {
  const parts = [facts.streetName, facts.gridName].filter((x): x is string => !!x)
  let landmark: Place['landmark']
  let best = Infinity
  for (const l of facts.landmarks) {
    const d = distanceM(l.at, p)
    if (d < best && d <= LANDMARK_RADIUS_M) {
      best = d
      landmark = { name: l.name, distanceM: Math.round(d), direction: compassOf(bearingDeg(l.at, p)) }
    }
  }
  if (landmark) parts.push(landmark.distanceM <= BESIDE_M ? `${landmark.name}旁` : `${landmark.name} ${landmark.direction} ${roundForWalking(landmark.distanceM)} 米`)
  return { text: parts.join(' · ') || '未知位置', landmark, source: 'offline' }
}

/** How far and which way the reporter moved the pin from the device's fix (staff only: it hints at where the reporter stood). */
export interface PinMove {
  distanceM: number
  direction: Compass
  /** The fix's own accuracy as the device reported it, metres. */
  fixAccuracyM: number
}

/** Null when the pin is the fix (under a metre apart): nothing to tell staff. */
export function pinMoveOf(fix: LngLat & { accuracy: number }, pin: LngLat): PinMove | null {
  const d = distanceM(fix, pin)
  if (d < 1) return null
  return { distanceM: Math.round(d), direction: compassOf(bearingDeg(fix, pin)), fixAccuracyM: Math.round(Math.max(0, fix.accuracy)) }
}

export function pinMoveText(m: PinMove): string {
  return `上报人把位置从手机定位向${m.direction}挪了约 ${m.distanceM} 米（手机定位精度约 ${m.fixAccuracyM} 米）`
}
