/**
 * Volunteer-activity attendance as a check-in, so visit figures (per district, and per station when
 * the activity meets at one) count the people who turned up to activities too. The volunteers
 * function writes one `activity`-purpose document per person per activity when it counts an arrival
 * (a scan or a captain's mark). Same id scheme as station check-ins — checkinIdFor(purpose, user,
 * place, window) — with the activity as the place and the activity's start day as the window, so a
 * retried scan, a captain's later correction or a crash-and-retry all land on the same id. Pure.
 */
import type { StationType } from '../stations/vocabulary'
import { periodKeyOf } from './figures'
import { checkinIdFor, defaultCheckinPolicy, windowStartOf } from './rules'

export interface ActivityCheckinRecord {
  _id: string
  userId: string
  purpose: 'activity'
  activityId: string
  /** Present when the activity meets at a station: then the station's own figures count it. */
  stationId?: string
  stationCode?: string
  stationType?: StationType
  district: string
  windowStart: Date
  /** When the person arrived (their check-in, or the captain's recorded start). */
  at: Date
  day: string
  month: string
  /** A scan by the person, or a captain's mark with a reason (kept on the sign-up). */
  source: 'scan' | 'captain'
  idempotencyKey: string
}

export interface ActivityArrival {
  userId: string
  activityId: string
  activityStartAt: Date
  checkInAt: Date
  district: string
  station?: { _id: string; code: string; type: StationType } | null
  source: 'scan' | 'captain'
}

export function activityCheckinId(userId: string, activityId: string, activityStartAt: Date): string {
  return checkinIdFor('activity', userId, activityId, windowStartOf(activityStartAt, defaultCheckinPolicy.purposes.activity.windowMinutes))
}

export function activityCheckinRecord(a: ActivityArrival): ActivityCheckinRecord {
  const id = activityCheckinId(a.userId, a.activityId, a.activityStartAt)
  const record: ActivityCheckinRecord = {
    _id: id,
    userId: a.userId,
    purpose: 'activity',
    activityId: a.activityId,
    district: a.district,
    windowStart: windowStartOf(a.activityStartAt, defaultCheckinPolicy.purposes.activity.windowMinutes),
    at: a.checkInAt,
    day: periodKeyOf(a.checkInAt, 'day'),
    month: periodKeyOf(a.checkInAt, 'month'),
    source: a.source,
    // One arrival per person per activity: the id is the key, whatever request carried it.
    idempotencyKey: id,
  }
  if (a.station) {
    record.stationId = a.station._id
    record.stationCode = a.station.code
    record.stationType = a.station.type
  }
  return record
}
