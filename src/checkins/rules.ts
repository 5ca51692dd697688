/**
 * Check-in verification rules (server side; imports ./signature, which uses node:crypto). Each rule is a
 * pure function answering ok or a typed rejection with Chinese a rider can act on; `evaluateCheckin`
 * composes them. The function around it supplies what needs I/O — the station and its key looked up by
 * the scene's code, the user's party status, their last counted check-in here, today's count, server time
 * — and writes the returned record with `_id = checkinId`.
 *
 * Trust: the scene, launch scene, location and accuracy all come from the client and are claims. The
 * signature proves the code is a real, current poster; the launch scene is a claim an honest WeChat
 * client reports truthfully and a tampered client can fake, so it is a first filter that gives the
 * common case (a forwarded photo of the poster) a clear message, never proof on its own; the geofence
 * on the reported location is the second, independent claim a cheat must also fake; cooldown windows,
 * the daily cap and per-user rate limits bound what a successful fake can earn.
 */
import { AppError } from '../core/errors'
import { distanceM, type GeoPoint, type LngLat } from '../core/geo'
import { CHINA_OFFSET_MIN } from '../core/time'
import { distanceText } from '../stations/distance'
import { effectiveLiveStatus, isWithinOpeningHours, type HoursWithExceptions } from '../stations/hours'
import { DEFAULT_CHECKIN_RADIUS_M } from '../stations/model'
import type { LiveStatus, StationType } from '../stations/vocabulary'
import { parseScene } from './scene'
import { verifyScene, type StationKey } from './signature'
import {
  CheckinRejectionCode,
  liveScanScenes,
  rejectionErrorCode,
  rejectionText,
  type CheckinOutcome,
  type CheckinPurpose,
  type EntryMethod,
} from './vocabulary'

// ---- policy ----

export interface PurposePolicy {
  /** Length of the fixed cooldown window, aligned to China midnight; must divide 1440. */
  windowMinutes: number
  /** Also acknowledge (not count) a repeat this soon after the last counted one across a window edge. */
  minGapMinutes: number
  /** Counted check-ins of this purpose per user per China day. */
  dailyCap: number
}

export interface CheckinPolicy {
  purposes: Record<CheckinPurpose, PurposePolicy>
  /** Reported accuracy (metres) above which the fix is too vague to judge a geofence. */
  maxAccuracyM: number
  /** Bounds applied to a station's configured radius (bad data must not open a 50 km fence). */
  minRadiusM: number
  maxRadiusM: number
}

/**
 * Visits: one per 4-hour window (00–04, 04–08 … China time) and at least an hour apart, so a lunch
 * stop and an evening stop are two visits but hanging around is one. Party reports: one per point per
 * China day, which is what the organisations count.
 */
export const defaultCheckinPolicy: CheckinPolicy = {
  purposes: {
    visit: { windowMinutes: 240, minGapMinutes: 60, dailyCap: 20 },
    party_report: { windowMinutes: 1440, minGapMinutes: 0, dailyCap: 5 },
    activity: { windowMinutes: 1440, minGapMinutes: 0, dailyCap: 10 },
    service: { windowMinutes: 60, minGapMinutes: 0, dailyCap: 10 },
  },
  maxAccuracyM: 500,
  minRadiusM: 50,
  maxRadiusM: 1000,
}

/** China's bounding box (GCJ-02 is only defined inside it); anything outside is a broken or faked fix. */
export const CHINA_BOUNDS = { minLng: 73.4, maxLng: 135.1, minLat: 3.8, maxLat: 53.6 } as const

// ---- results ----

export interface CheckinRejection {
  ok: false
  code: CheckinRejectionCode
  errorCode: AppError['code']
  message: string
  /** Numbers a page can show next to the message (e.g. on a map). */
  details?: { distanceM?: number; radiusM?: number; accuracyM?: number; dailyCap?: number; nextCountableAt?: Date }
}

export type RuleResult<T = true> = { ok: true; value: T } | CheckinRejection

function reject(code: CheckinRejectionCode, message?: string, details?: CheckinRejection['details']): CheckinRejection {
  const r: CheckinRejection = { ok: false, code, errorCode: rejectionErrorCode[code], message: message ?? rejectionText[code] }
  if (details) r.details = details
  return r
}

const pass = <T>(value: T): RuleResult<T> => ({ ok: true, value })

/** The envelope error for a rejection (the function throws it; the router turns it into `fail`). */
export function rejectionToAppError(rejection: CheckinRejection): AppError {
  return new AppError(rejection.errorCode, rejection.message)
}

// ---- the rules ----

/** Exactly the station fields check-in rules read (structural: any StationDoc fits). */
export interface CheckinStation {
  _id: string
  code: string
  name: string
  type: StationType
  location: GeoPoint
  district?: string
  checkinRadiusM?: number | null
  liveStatus: LiveStatus
  liveStatusUntil?: Date | null
  hours?: HoursWithExceptions | null
}

export type CheckinEntry = { method: EntryMethod; launchScene?: number }

/** The scene names this station and is signed with its current key. */
export function checkScene(scene: string, station: CheckinStation | null, key: StationKey | null): RuleResult<{ keyVersion: number }> {
  const parsed = parseScene(scene)
  if (!parsed.ok) return reject('scene_malformed')
  if (!station || !key || station.code !== parsed.parts.stationCode) return reject('station_not_found')
  const verdict = verifyScene(scene, key)
  if (verdict.ok) return pass({ keyVersion: verdict.parts.keyVersion })
  if (verdict.error === 'revoked') return reject('scene_revoked')
  if (verdict.error === 'station_mismatch') return reject('station_not_found')
  return reject('scene_invalid')
}

/**
 * Live camera scan only. A launch must report 1047/1011; the long-press and album scenes
 * (1048/1049/1012/1013) and any other scene (a shared card, the recent list, a missing value) get the
 * same message, since none of them is a scan at the station. `scan_code` is wx.scanCode inside the app, which the page calls with
 * `onlyFromCamera: true`, so it cannot read an album image.
 */
export function checkEntry(entry: CheckinEntry): RuleResult {
  if (entry.method === 'scan_code') return pass(true)
  if (entry.method === 'launch' && typeof entry.launchScene === 'number' && liveScanScenes.includes(entry.launchScene)) return pass(true)
  return reject('not_live_scan')
}

/** Party membership as the function found it (approved = holds the party_member role). */
export interface PartyStanding {
  approved: boolean
  /** An application is waiting for review (changes only the message). */
  pending?: boolean
  organisation?: string
}

/** The purpose fits the station type, and party reports come only from approved members. */
export function checkPurpose(purpose: CheckinPurpose, station: Pick<CheckinStation, 'type'>, party: PartyStanding): RuleResult {
  if (purpose === 'activity') return reject('purpose_unsupported')
  if (purpose === 'visit' && station.type === 'report_point') {
    return reject('purpose_mismatch', '这里是社区党员报到点，党员请选择“党员报到”；到访驿站请扫描驿站的二维码')
  }
  if (purpose === 'party_report' && station.type !== 'report_point') {
    return reject('purpose_mismatch', '这里是驿站，不是党员报到点；党员报到请扫描社区报到点的二维码')
  }
  if (purpose === 'party_report' && !party.approved) {
    return reject('party_not_approved', party.pending ? '你的党员认证正在审核中，审核通过后即可报到' : undefined)
  }
  return pass(true)
}

/** A station its manager has closed takes no check-ins (outside posted hours is allowed but flagged). */
export function checkStationOpen(station: Pick<CheckinStation, 'liveStatus' | 'liveStatusUntil'>, now: Date): RuleResult {
  return effectiveLiveStatus(station, now) === 'closed' ? reject('station_closed') : pass(true)
}

export interface ReportedLocation extends LngLat {
  /** Horizontal accuracy in metres as wx.getLocation reports it. */
  accuracy: number
}

/** Rejects fixes no phone at a Chinese station produces: out of range, (0,0), outside China, absurd accuracy. */
export function checkLocation(location: ReportedLocation, policy: CheckinPolicy = defaultCheckinPolicy): RuleResult {
  const { lng, lat, accuracy } = location
  const finite = [lng, lat, accuracy].every((n) => typeof n === 'number' && Number.isFinite(n))
  if (!finite || accuracy < 0) return reject('location_invalid')
  if (lng < CHINA_BOUNDS.minLng || lng > CHINA_BOUNDS.maxLng || lat < CHINA_BOUNDS.minLat || lat > CHINA_BOUNDS.maxLat) {
    return reject('location_invalid')
  }
  if (accuracy > policy.maxAccuracyM) {
    return reject('location_imprecise', `定位精度太低（约 ${distanceText(accuracy)}），请到室外或打开 GPS 后重新扫码`, { accuracyM: Math.round(accuracy) })
  }
  return pass(true)
}

/** The station's geofence radius: its own setting within policy bounds, else the default 200 m. */
export function radiusOf(station: Pick<CheckinStation, 'checkinRadiusM'>, policy: CheckinPolicy = defaultCheckinPolicy): number {
  const r = station.checkinRadiusM
  if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0) return DEFAULT_CHECKIN_RADIUS_M
  return Math.min(policy.maxRadiusM, Math.max(policy.minRadiusM, Math.round(r)))
}

/**
 * Within the radius (inclusive). The reported accuracy does not widen the fence: it is a claim too,
 * and 200 m already covers a fix drifting inside a building. The distance in the message is rounded
 * up to 10 m so it never reads as "200 米" next to "200 米内".
 */
export function checkGeofence(
  location: LngLat,
  station: Pick<CheckinStation, 'location' | 'checkinRadiusM'> & { type?: StationType },
  policy: CheckinPolicy = defaultCheckinPolicy,
): RuleResult<{ distanceM: number; radiusM: number }> {
  const [lng, lat] = station.location.coordinates
  const d = distanceM(location, { lng, lat })
  const radiusM = radiusOf(station, policy)
  if (d <= radiusM) return pass({ distanceM: Math.round(d), radiusM })
  const shown = Math.ceil(d / 10) * 10
  const place = station.type === 'report_point' ? '报到点' : '驿站'
  return reject('out_of_range', `距离${place} ${distanceText(shown)}，请到站点 ${radiusM} 米内再扫码`, { distanceM: Math.round(d), radiusM })
}

// ---- cooldown windows and ids ----

const MINUTE_MS = 60_000
const OFFSET_MS = CHINA_OFFSET_MIN * MINUTE_MS

/** Start of the fixed window containing `at`, windows aligned to China midnight. */
export function windowStartOf(at: Date, windowMinutes: number): Date {
  if (!Number.isInteger(windowMinutes) || windowMinutes <= 0 || 1440 % windowMinutes !== 0) {
    throw new RangeError(`window must divide a day: ${windowMinutes}`)
  }
  const w = windowMinutes * MINUTE_MS
  return new Date(Math.floor((at.getTime() + OFFSET_MS) / w) * w - OFFSET_MS)
}

/** `20250701-1200`: the window start in China time, readable in the database and logs. */
export function windowKey(windowStart: Date): string {
  const iso = new Date(windowStart.getTime() + OFFSET_MS).toISOString()
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}`
}

/**
 * The check-in document id: one per (purpose, user, station, window). Retries and concurrent duplicates
 * compute the same id, so the second insert fails as a duplicate and the stored one is returned.
 */
export function checkinIdFor(purpose: CheckinPurpose, userId: string, stationId: string, windowStart: Date): string {
  return `${purpose}:${userId}:${stationId}:${windowKey(windowStart)}`
}

/** The user's last counted check-in of this purpose at this station, as the function found it. */
export interface LastCheckin {
  checkinId: string
  at: Date
}

export type CooldownVerdict =
  | { outcome: 'counted'; checkinId: string; windowStart: Date; nextCountableAt: Date }
  | { outcome: 'acknowledged'; checkinId: string; countedAt: Date; nextCountableAt: Date }

/**
 * Counted unless the last counted check-in is in the same window, less than minGap ago, or (clock skew)
 * in the future; then acknowledged with the existing id. Deterministic given its inputs.
 */
export function checkCooldown(
  args: { purpose: CheckinPurpose; userId: string; stationId: string; now: Date; last?: LastCheckin | null },
  policy: CheckinPolicy = defaultCheckinPolicy,
): CooldownVerdict {
  const { windowMinutes, minGapMinutes } = policy.purposes[args.purpose]
  const windowStart = windowStartOf(args.now, windowMinutes)
  const last = args.last
  if (last) {
    const lastWindowEnd = windowStartOf(last.at, windowMinutes).getTime() + windowMinutes * MINUTE_MS
    const nextCountable = Math.max(lastWindowEnd, last.at.getTime() + minGapMinutes * MINUTE_MS)
    if (args.now.getTime() < nextCountable) {
      return { outcome: 'acknowledged', checkinId: last.checkinId, countedAt: last.at, nextCountableAt: new Date(nextCountable) }
    }
  }
  const nextCountableAt = new Date(Math.max(windowStart.getTime() + windowMinutes * MINUTE_MS, args.now.getTime() + minGapMinutes * MINUTE_MS))
  return { outcome: 'counted', checkinId: checkinIdFor(args.purpose, args.userId, args.stationId, windowStart), windowStart, nextCountableAt }
}

export function checkDailyCap(purpose: CheckinPurpose, countedToday: number, policy: CheckinPolicy = defaultCheckinPolicy): RuleResult {
  const cap = policy.purposes[purpose].dailyCap
  if (countedToday >= cap) return reject('daily_cap', `今天的报到次数已达上限（${cap} 次），明天再来吧`, { dailyCap: cap })
  return pass(true)
}

// ---- orchestration ----

export interface CheckinInput {
  userId: string
  /** Server time (never the client's clock). */
  now: Date
  scene: string
  entry: CheckinEntry
  location: ReportedLocation
  purpose: CheckinPurpose
  idempotencyKey: string
  /** Looked up by the scene's station code; null when none. */
  station: CheckinStation | null
  stationKey: StationKey | null
  party: PartyStanding
  last?: LastCheckin | null
  /** Counted check-ins of this purpose by this user today (China day), all stations. */
  countedToday: number
  policy?: CheckinPolicy
}

/** The document to insert with `_id = checkinId`. Stores a rounded distance, not the user's coordinates. */
export interface CheckinRecord {
  _id: string
  userId: string
  stationId: string
  stationCode: string
  stationType: StationType
  district?: string
  purpose: CheckinPurpose
  windowStart: Date
  at: Date
  /** Distance to the station rounded to 10 m (minimised location data). */
  distanceM: number
  accuracyM: number
  entryMethod: EntryMethod
  launchScene?: number
  keyVersion: number
  /** Outside the posted hours (allowed; kept for figures and audits of suspicious patterns). */
  outsideHours: boolean
  idempotencyKey: string
  /** Party reports: the member's organisation at the time. */
  organisation?: string
}

export type CheckinDecision =
  | {
      ok: true
      outcome: 'counted'
      checkinId: string
      record: CheckinRecord
      distanceM: number
      nextCountableAt: Date
      message: string
    }
  | {
      ok: true
      outcome: 'acknowledged'
      checkinId: string
      countedAt: Date
      distanceM: number
      nextCountableAt: Date
      message: string
    }
  | CheckinRejection

export const countedText: Record<CheckinPurpose, string> = {
  visit: '到访成功，欢迎来到驿站',
  party_report: '报到成功，感谢你的参与',
  activity: '签到成功',
  service: '签到成功，已记录你到场',
}
export const acknowledgedText = '你刚刚已经在这里报到过了，本次不重复计数'

/**
 * Order, and why:
 *  1. scene format, station and signature — nothing else means anything for a code that is not a real,
 *     current poster, and a prober learns nothing about the station (not even its distance);
 *  2. live scan — a forwarded photo fails wherever the sender stands, so say so before asking for a walk;
 *  3. purpose and party membership, then the manager's closed status — things moving cannot fix;
 *  4. location sanity, then the geofence — fixable by moving closer or getting a better fix;
 *  5. cooldown — only now, so "already counted" is never said to someone who is not there;
 *  6. daily cap — after the cooldown, so a repeat within the window is acknowledged, not refused.
 */
export function evaluateCheckin(input: CheckinInput): CheckinDecision {
  const policy = input.policy ?? defaultCheckinPolicy
  const scene = checkScene(input.scene, input.station, input.stationKey)
  if (!scene.ok) return scene
  const station = input.station as CheckinStation
  const entry = checkEntry(input.entry)
  if (!entry.ok) return entry
  const purpose = checkPurpose(input.purpose, station, input.party)
  if (!purpose.ok) return purpose
  const open = checkStationOpen(station, input.now)
  if (!open.ok) return open
  const location = checkLocation(input.location, policy)
  if (!location.ok) return location
  const fence = checkGeofence(input.location, station, policy)
  if (!fence.ok) return fence

  const cooldown = checkCooldown({ purpose: input.purpose, userId: input.userId, stationId: station._id, now: input.now, last: input.last }, policy)
  if (cooldown.outcome === 'acknowledged') {
    return {
      ok: true,
      outcome: 'acknowledged',
      checkinId: cooldown.checkinId,
      countedAt: cooldown.countedAt,
      distanceM: fence.value.distanceM,
      nextCountableAt: cooldown.nextCountableAt,
      message: acknowledgedText,
    }
  }
  const cap = checkDailyCap(input.purpose, input.countedToday, policy)
  if (!cap.ok) return cap

  const record: CheckinRecord = {
    _id: cooldown.checkinId,
    userId: input.userId,
    stationId: station._id,
    stationCode: station.code,
    stationType: station.type,
    purpose: input.purpose,
    windowStart: cooldown.windowStart,
    at: input.now,
    distanceM: Math.round(fence.value.distanceM / 10) * 10,
    accuracyM: Math.round(input.location.accuracy),
    entryMethod: input.entry.method,
    keyVersion: scene.value.keyVersion,
    outsideHours: station.hours ? !isWithinOpeningHours(station.hours, input.now) : false,
    idempotencyKey: input.idempotencyKey,
  }
  if (station.district) record.district = station.district
  if (input.entry.method === 'launch' && input.entry.launchScene !== undefined) record.launchScene = input.entry.launchScene
  if (input.purpose === 'party_report' && input.party.organisation) record.organisation = input.party.organisation
  return {
    ok: true,
    outcome: 'counted',
    checkinId: cooldown.checkinId,
    record,
    distanceM: fence.value.distanceM,
    nextCountableAt: cooldown.nextCountableAt,
    message: countedText[input.purpose],
  }
}

/**
 * After a duplicate-id insert (a retry, or a concurrent twin): the same idempotency key means this very
 * request was already counted, so answer `counted` again; another key means a different attempt landed
 * first, so this one is `acknowledged`.
 */
export function outcomeForExisting(existing: Pick<CheckinRecord, 'idempotencyKey'>, idempotencyKey: string): CheckinOutcome {
  return existing.idempotencyKey === idempotencyKey ? 'counted' : 'acknowledged'
}
