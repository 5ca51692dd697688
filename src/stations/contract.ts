/**
 * Stations domain contract: nearby and name/district search for riders (also without location),
 * station detail, the manager's upkeep actions (field whitelist, live status, verification, photos,
 * the printable check-in code and its secret rotation) and the admin's create. Every input is bounded.
 * Visit figures are check-in data and live in ../checkins/contract (stationFigures, districtFigures).
 */
import { action } from '../core/contract'
import { AppError } from '../core/errors'
import type { LngLat } from '../core/geo'
import { s, type Schema } from '../core/schema'
import { openingHoursSchema, type HoursWithExceptions, type OpenState } from './hours'
import { allAmenities, LiveStatus, StationType, type Amenity } from './vocabulary'

/** Adds a cross-field check to a schema; the error names `field` so forms can point at it. */
function refine<T>(inner: Schema<T>, check: (value: T) => boolean, field: string, message: string): Schema<T> {
  return {
    optional: inner.optional,
    shape: inner.shape,
    parse(value, path = '') {
      const out = inner.parse(value, path)
      if (out !== undefined && !check(out)) {
        const at = path ? `${path}.${field}` : field
        throw new AppError('INVALID_ARGUMENT', `${at}${message}`, at)
      }
      return out
    },
  }
}

export const MAX_PHOTOS = 9
export const MIN_RADIUS_M = 50
export const MAX_RADIUS_M = 1000
/** Nearby search radius bounds; the geo query is always limited and paged on top of this. */
export const MAX_NEARBY_RADIUS_M = 50_000
export const DEFAULT_NEARBY_RADIUS_M = 5_000

/** What a rider can report about a station from its detail page; goes to the station's managers. */
export const StationProblemKind = {
  wrong_info: 'wrong_info',
  closed_but_shown_open: 'closed_but_shown_open',
  amenity_missing: 'amenity_missing',
  wrong_location: 'wrong_location',
  other: 'other',
} as const
export type StationProblemKind = (typeof StationProblemKind)[keyof typeof StationProblemKind]
export const stationProblemLabel: Record<StationProblemKind, string> = {
  wrong_info: '信息有误',
  closed_but_shown_open: '显示开放但实际关门',
  amenity_missing: '设施没有或不能用',
  wrong_location: '位置不对',
  other: '其他问题',
}

// ---- outputs ----

export interface StationSummary {
  stationId: string
  code: string
  name: string
  type: StationType
  /** One line: street address a rider can navigate by. */
  address: string
  district: string
  street: string
  location: LngLat
  amenities: Amenity[]
  liveStatus: LiveStatus
  /** Evaluated by the server at request time (China time): state for badges, text like "营业至 22:00". */
  openState: OpenState
  openText: string
  /** Present when the request carried a location. */
  distanceM?: number
  walkMin?: number
  rideMin?: number
  /** First published photo (cloud fileID), for the list thumbnail. */
  coverPhoto?: string
}

export interface StationDetail extends StationSummary {
  network: string
  host: string
  phone: string
  /** Cloud fileIDs (what removePhoto takes). */
  photos: string[]
  /** Temporary URLs of `photos`, same order, for <Image>. */
  photoUrls: string[]
  /** To managers: photos riders do not see yet, waiting for WeChat's image check (or refused by it). */
  checkingPhotos?: string[]
  description: string
  hours: HoursWithExceptions
  /** Today's hours, e.g. "08:00–22:00", "休息", "24小时". */
  todayHours: string
  /** e.g. ["周一至周五 08:00–22:00", "周六、周日 休息"]. */
  weeklyHours: string[]
  lastVerifiedAt: string
  visitsThisMonth: number
  checkinRadiusM: number
  /** When a temporary closed/full status lapses back to the hours. */
  liveStatusUntil?: string
  /** Whether the caller may use the manager actions on this station. */
  canManage: boolean
}

export interface StationPage<T = StationSummary> {
  items: T[]
  hasMore: boolean
}

export interface DistrictEntry {
  district: string
  streets: string[]
  stationCount: number
}

export interface StationCode {
  stationId: string
  stationCode: string
  keyVersion: number
  /** The ≤ 32-character scene baked into the code. */
  scene: string
  /** The page the code opens. */
  page: string
  /** Cloud fileID of the printable poster PNG. */
  posterFileId: string
  /** Temporary download URL of the PNG (valid about a day), for showing, printing and saving. */
  posterUrl: string
}

/** A problem a rider reported, as the station's managers see it (never the reporter's identity). */
export interface StationProblem {
  problemId: string
  kind: StationProblemKind
  note?: string
  at: string
}

export interface RotatedSecret {
  stationId: string
  keyVersion: number
  rotatedAt: string
}

// ---- input pieces ----

const name = () => s.string({ min: 2, max: 40 })
const amenityList = () => s.array(s.oneOf(allAmenities), { max: allAmenities.length, unique: true })
const phone = () => s.string({ min: 5, max: 20, pattern: /^[0-9+\-() ]+$/ })
/** Cloud storage file ids as wx.cloud.uploadFile returns them. */
const address = () =>
  s.object({
    province: s.string({ min: 2, max: 20 }),
    city: s.string({ min: 2, max: 20 }),
    district: s.string({ min: 2, max: 20 }),
    street: s.string({ min: 2, max: 30 }),
    detail: s.string({ min: 2, max: 100 }),
  })
const stationCode = () => s.string({ min: 2, max: 12, pattern: /^[A-Z0-9]+$/ })

/** Fields a station's own manager may change (type, location, radius and managers are the admin's). */
const managerPatch = s.object({
  name: s.optional(name()),
  phone: s.optional(phone()),
  amenities: s.optional(amenityList()),
  hours: s.optional(openingHoursSchema()),
  description: s.optional(s.string({ max: 500 })),
  host: s.optional(s.string({ min: 2, max: 40 })),
  addressDetail: s.optional(s.string({ min: 2, max: 100 })),
})

/** Fields only an admin may change: they move the geofence. Who manages a station is a role grant (users.grantRole), nothing here. */
const adminPatch = s.object({
  location: s.optional(s.lngLat()),
  address: s.optional(address()),
  checkinRadiusM: s.optional(s.integer({ min: MIN_RADIUS_M, max: MAX_RADIUS_M })),
  network: s.optional(s.string({ min: 2, max: 40 })),
  hub: s.optional(s.boolean()),
})

const nonEmpty = (o: object) => Object.keys(o).length > 0

export const stationsContract = {
  /** Home tab: nearest first within radiusM; `openNow` applies hours and live status at request time. */
  nearby: action<StationPage>()(
    s.object({
      location: s.lngLat(),
      radiusM: s.optional(s.integer({ min: 100, max: MAX_NEARBY_RADIUS_M })),
      amenities: s.optional(amenityList()),
      openNow: s.optional(s.boolean()),
      type: s.optional(s.oneOf(Object.values(StationType))),
      page: s.optional(s.page(50)),
    }),
  ),
  /** For riders who refuse location: by name and/or district/street. At least one of q or district. */
  search: action<StationPage>()(
    refine(
      s.object({
        q: s.optional(s.string({ min: 1, max: 30 })),
        district: s.optional(s.string({ min: 1, max: 20 })),
        street: s.optional(s.string({ min: 1, max: 30 })),
        amenities: s.optional(amenityList()),
        openNow: s.optional(s.boolean()),
        type: s.optional(s.oneOf(Object.values(StationType))),
        page: s.optional(s.page(50)),
      }),
      (v) => Boolean(v.q || v.district),
      'q',
      '请输入站点名称或选择区县',
    ),
  ),
  /** The district/street picker of the no-location path. */
  districts: action<{ items: DistrictEntry[] }>()(s.object({})),
  detail: action<StationDetail>()(s.object({ stationId: s.id(), location: s.optional(s.lngLat()) })),
  /** The stations the caller manages (admins: all), for the management list; `q` matches name or street. */
  managed: action<StationPage>()(s.object({ q: s.optional(s.string({ min: 1, max: 30 })), page: s.optional(s.page(50)) })),
  /** Open problems riders reported about one station; for its managers. */
  problems: action<{ items: StationProblem[]; hasMore: boolean }>()(s.object({ stationId: s.id(), page: s.optional(s.page(50)) })),
  reportProblem: action<{ received: true }>()(
    s.object({
      stationId: s.id(),
      kind: s.oneOf(Object.values(StationProblemKind)),
      note: s.optional(s.string({ max: 200 })),
    }),
  ),

  // manager (own stations) and admin
  update: action<StationDetail>()(
    s.object({ stationId: s.id(), patch: refine(managerPatch, nonEmpty, 'name', '至少需要修改一项') }),
  ),
  setLiveStatus: action<StationDetail>()(
    s.object({
      stationId: s.id(),
      status: s.oneOf(Object.values(LiveStatus)),
      /** For closed/full: lapse back to the hours after this long (absent = until changed). */
      durationMinutes: s.optional(s.integer({ min: 10, max: 7 * 1440 })),
      note: s.optional(s.string({ max: 50 })),
    }),
  ),
  markVerified: action<StationDetail>()(s.object({ stationId: s.id(), note: s.optional(s.string({ max: 100 })) })),
  addPhoto: action<StationDetail>()(s.object({ stationId: s.id(), fileId: s.fileId() })),
  removePhoto: action<StationDetail>()(s.object({ stationId: s.id(), fileId: s.fileId() })),
  /** Renders the poster through wxacode.getUnlimited with the signed scene of the current key. */
  generateCode: action<StationCode>()(s.object({ stationId: s.id(), width: s.optional(s.integer({ min: 280, max: 1280 })) })),
  /** New secret and key version: every printed poster of the station stops working. */
  rotateSecret: action<RotatedSecret>()(s.object({ stationId: s.id(), reason: s.string({ min: 2, max: 200 }) })),

  // admin
  create: action<StationDetail>()(
    s.object({
      type: s.oneOf(Object.values(StationType)),
      name: name(),
      /** Optional: the server assigns the next free code when absent. */
      code: s.optional(stationCode()),
      location: s.lngLat(),
      address: address(),
      amenities: amenityList(),
      hours: openingHoursSchema(),
      phone: s.optional(phone()),
      description: s.optional(s.string({ max: 500 })),
      network: s.optional(s.string({ min: 2, max: 40 })),
      host: s.optional(s.string({ min: 2, max: 40 })),
      hub: s.optional(s.boolean()),
      checkinRadiusM: s.optional(s.integer({ min: MIN_RADIUS_M, max: MAX_RADIUS_M })),
    }),
  ),
  adminUpdate: action<StationDetail>()(
    s.object({ stationId: s.id(), patch: refine(adminPatch, nonEmpty, 'location', '至少需要修改一项'), reason: s.string({ min: 2, max: 200 }) }),
  ),
}
