/**
 * How far a station is for a rider: straight-line metres (haversine from ../core/geo) turned into
 * walking and e-bike riding estimates and the Chinese text lists and detail pages show
 * ("350 米", "1.2 公里", "步行 5 分钟 · 骑行 2 分钟"). Pure; safe for pages and functions.
 *
 * Coordinates are GCJ-02 as WeChat returns them. GCJ-02 shifts WGS-84 by a smooth offset of a few
 * hundred metres that is nearly constant over a city, so both ends of a station-scale distance move
 * together and the error it adds is far below a metre per kilometre: no datum conversion is needed.
 * Mixing datums is what breaks distances, e.g. a browser's WGS-84 fix against GCJ-02 stations.
 */
import { distanceM, formatDistance, type LngLat } from '../core/geo'

/** Roads are not straight lines; ~1.3 is the usual urban detour factor for short trips. */
export const ROUTE_DETOUR_FACTOR = 1.3
/** 4.5 km/h: an unhurried walk, often pushing a bike or carrying a box. */
export const WALK_M_PER_MIN = 75
/** 15 km/h: an e-bike in city traffic with lights (the legal top speed is 25 km/h, GB 17761-2018). */
export const RIDE_M_PER_MIN = 250
/** Beyond this a walking estimate is noise to a rider; only the riding time is shown. */
export const MAX_WALK_SHOWN_MIN = 60

export interface TravelEstimate {
  /** Straight-line distance in metres, rounded to the metre. */
  distanceM: number
  walkMin: number
  rideMin: number
}

/** Whole minutes along the road at a given speed, never below 1 (a "0 分钟" station reads as a bug). */
function minutesFor(straightM: number, mPerMin: number): number {
  return Math.max(1, Math.ceil((straightM * ROUTE_DETOUR_FACTOR) / mPerMin))
}

export function estimateTravel(from: LngLat, to: LngLat): TravelEstimate {
  return travelForDistance(distanceM(from, to))
}

export function travelForDistance(straightM: number): TravelEstimate {
  const m = Math.max(0, straightM)
  return { distanceM: Math.round(m), walkMin: minutesFor(m, WALK_M_PER_MIN), rideMin: minutesFor(m, RIDE_M_PER_MIN) }
}

/** "5 分钟", "1 小时 20 分钟", "2 小时". */
export function durationText(minutes: number): string {
  if (minutes < 60) return `${minutes} 分钟`
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return m === 0 ? `${h} 小时` : `${h} 小时 ${m} 分钟`
}

/**
 * "350 米" / "1.2 公里" / "12 公里". Below 1 km rounds to 10 m (GPS is not better than that and the
 * rounder number reads faster); a value that rounds to 1000 m switches to kilometres.
 */
export function distanceText(m: number): string {
  const safe = Number.isFinite(m) ? Math.max(0, m) : 0
  if (safe < 100) return formatDistance(safe)
  const rounded = Math.round(safe / 10) * 10
  if (rounded < 1000) return formatDistance(rounded)
  return formatDistance(Math.max(1000, safe)).replace('.0 公里', ' 公里')
}

/** "步行 5 分钟 · 骑行 2 分钟"; only the riding time when the walk would exceed an hour. */
export function travelText(estimate: Pick<TravelEstimate, 'walkMin' | 'rideMin'>): string {
  const ride = `骑行 ${durationText(estimate.rideMin)}`
  return estimate.walkMin > MAX_WALK_SHOWN_MIN ? ride : `步行 ${durationText(estimate.walkMin)} · ${ride}`
}
