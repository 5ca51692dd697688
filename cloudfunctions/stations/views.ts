/**
 * What pages see of a station: the summary for lists (with distance and travel time when the request
 * carried a location, and the open state evaluated on the server at request time) and the detail. Both
 * are projections: managers' ids and anything else not meant for the public never leave the function.
 */
import { fromPoint, type LngLat } from '../../src/core/geo'
import { photoVisible } from '../../src/core/media-check'
import type { StationDetail, StationSummary } from '../../src/stations/contract'
import { estimateTravel } from '../../src/stations/distance'
import { dayHoursText, stationStatusAt, weeklyHoursLines } from '../../src/stations/hours'
import type { Station } from './store'

/** Fields a list needs; the nearby/search queries read only these. */
export const summaryFields = {
  _id: true,
  code: true,
  name: true,
  type: true,
  address: true,
  district: true,
  street: true,
  location: true,
  amenities: true,
  liveStatus: true,
  liveStatusUntil: true,
  hours: true,
  photos: true,
  passedPhotos: true,
} as const

/** The photos riders see: those WeChat's image check passed (managers see all of theirs). */
export function publicPhotos(station: Pick<Station, 'photos' | 'passedPhotos'>): string[] {
  return station.photos.filter((p) => photoVisible(p, station, { author: false, staff: false }))
}

export function toSummary(station: Station, now: Date, from?: LngLat): StationSummary {
  const status = stationStatusAt(station, now)
  const out: StationSummary = {
    stationId: station._id,
    code: station.code,
    name: station.name,
    type: station.type,
    address: station.address?.detail ?? '',
    district: station.district,
    street: station.street,
    location: fromPoint(station.location),
    amenities: station.amenities,
    liveStatus: station.liveStatus,
    openState: status.state,
    openText: status.text,
  }
  if (from) Object.assign(out, estimateTravel(from, out.location))
  const cover = publicPhotos(station)[0]
  if (cover) out.coverPhoto = cover
  return out
}

export function toDetail(
  station: Station,
  now: Date,
  extra: { from?: LngLat; photoUrls: string[]; visitsThisMonth: number; canManage: boolean },
): StationDetail {
  const detail: StationDetail = {
    ...toSummary(station, now, extra.from),
    network: station.network ?? '',
    host: station.host ?? '',
    phone: station.phone ?? '',
    photos: extra.canManage ? station.photos : publicPhotos(station),
    photoUrls: extra.photoUrls,
    description: station.description ?? '',
    hours: station.hours,
    todayHours: dayHoursText(station.hours, now),
    weeklyHours: weeklyHoursLines(station.hours),
    lastVerifiedAt: station.lastVerifiedAt.toISOString(),
    visitsThisMonth: extra.visitsThisMonth,
    checkinRadiusM: station.checkinRadiusM,
    canManage: extra.canManage,
  }
  if (station.liveStatusUntil && station.liveStatus !== 'open') detail.liveStatusUntil = station.liveStatusUntil.toISOString()
  if (extra.canManage) {
    const shown = publicPhotos(station)
    const checking = station.photos.filter((p) => !shown.includes(p))
    if (checking.length) detail.checkingPhotos = checking
  }
  return detail
}
