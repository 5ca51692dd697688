/**
 * The stored shape of a station (驿站) or community report point (报到点) in the `stations`
 * collection, and the opening-hours rule every reader of that document shares. The collection is
 * public-read (ADMINWRITE), so nothing private may live here: managers are referenced by userId only.
 */
import type { PhotoChecked } from '../core/media-check'
import type { GeoPoint } from '../core/geo'
import { chinaParts, parseHhMm, type Weekday } from '../core/time'
import type { Amenity, LiveStatus, StationType } from './vocabulary'

/** One opening interval in China time; `close` may be `24:00`, and `close < open` spans midnight. */
export interface TimeRange {
  open: string
  close: string
}

/**
 * Opening hours: either round the clock, or intervals per weekday (0 = Sunday … 6 = Saturday; a
 * missing or empty day is closed). `note` is free text such as "法定节假日照常开放".
 */
export type OpeningHours =
  | { always: true; note?: string }
  | { always: false; weekly: Partial<Record<Weekday, TimeRange[]>>; note?: string }

export interface StationAddress {
  province: string
  city: string
  /** 区/县, e.g. 惠济区. */
  district: string
  /** 街道/乡镇, e.g. 娄葑街道. */
  street: string
  /** Street address a rider can navigate by, e.g. "文萃路 18 号（万寶商业广场北门）". */
  detail: string
}

export interface StationDoc extends PhotoChecked {
  _id: string
  /** Short printable code carried in the check-in QR `scene` (≤ 12 chars, [A-Z0-9]). */
  code: string
  name: string
  type: StationType
  /** Network brand as districts name it: 惠家·暖心驿站, 铜心驿站, 暖"新"服务站 … */
  network: string
  /** True for the hub of a 1+N network (e.g. 沙湾区市场监管局总站). */
  hub: boolean
  location: GeoPoint
  address: StationAddress
  /** Denormalised for filters and grants: `address.district` / `address.street`. */
  district: string
  street: string
  /** Who hosts the site: 社区党群服务中心, 加油站, 药店, 图书馆 … */
  host: string
  amenities: Amenity[]
  hours: OpeningHours
  /** Set by the station manager; `closed` overrides the hours, `full` means no seats right now. */
  liveStatus: LiveStatus
  liveStatusUpdatedAt: Date
  /** Public phone of the site (landline or the site's service mobile), never a manager's private number. */
  phone: string
  /** Cloud fileIDs of the station's photos; riders see those in `passedPhotos` (WeChat's image check passed them). */
  photos: string[]
  description: string
  /** Last time a manager confirmed the data on site; pages show "信息核实于 …". */
  lastVerifiedAt: Date
  /** Check-in geofence radius in metres. */
  checkinRadiusM: number
  /** Grid the site lies in, when known. */
  gridId?: string
  visitCount: number
  createdAt: Date
  updatedAt: Date
}

/** Default check-in radius when a station sets none. */
export const DEFAULT_CHECKIN_RADIUS_M = 200

function minutesIn(range: TimeRange): { open: number; close: number } | null {
  const open = parseHhMm(range.open)
  const close = parseHhMm(range.close)
  return Number.isNaN(open) || Number.isNaN(close) ? null : { open, close }
}

/**
 * Whether the hours say "open" at `at` (China time). Intervals that cross midnight (e.g. 20:00–02:00)
 * are honoured from the previous day's entry. Live status is applied by `isOpenNow`, not here.
 */
export function isWithinHours(hours: OpeningHours, at: Date): boolean {
  if (hours.always) return true
  const { weekday, minuteOfDay } = chinaParts(at)
  for (const range of hours.weekly[weekday] ?? []) {
    const m = minutesIn(range)
    if (!m) continue
    if (m.close > m.open ? minuteOfDay >= m.open && minuteOfDay < m.close : minuteOfDay >= m.open) return true
  }
  const yesterday = ((weekday + 6) % 7) as Weekday
  for (const range of hours.weekly[yesterday] ?? []) {
    const m = minutesIn(range)
    if (m && m.close < m.open && minuteOfDay < m.close) return true
  }
  return false
}

/** What "open now" means on the map: within hours and not closed by the manager (full still counts as open). */
export function isOpenNow(station: Pick<StationDoc, 'hours' | 'liveStatus'>, at: Date): boolean {
  return station.liveStatus !== 'closed' && isWithinHours(station.hours, at)
}
