/**
 * Attendance rules (server side: verifies signatures with node:crypto). A volunteer checks in at the
 * start and out at the end by scanning the activity's code, under the station check-in rules reused
 * from src/checkins (signed scene, live camera scan, sane location, geofence around the activity's
 * place); or a captain marks attendance with a reason. Nobody marks their own attendance.
 *
 * Windows: check-in opens 30 minutes before the start and closes at the end; check-out is possible
 * until an hour after the end. Hours are computed by ./hours (clipped to the activity window).
 */
import { randomBytes } from 'node:crypto'
import { timingSafeEqual } from 'node:crypto'
import { AppError } from '../core/errors'
import type { GeoPoint } from '../core/geo'
import { chinaParts, formatHhMm } from '../core/time'
import { checkEntry, checkGeofence, checkLocation, rejectionToAppError, type CheckinEntry, type ReportedLocation } from '../checkins/rules'
import { generateStationSecret, signatureFor } from '../checkins/signature'
import { formatActivityScene, parseActivityScene } from './activity-scene'
import { creditableMinutes, hoursFromMinutes } from './hours'
import type { ActivityCodeKey, ActivityDoc, SignupDoc } from './model'
import type { AttendanceMark, AttendancePhase } from './vocabulary'

export const CHECKIN_OPENS_BEFORE_MIN = 30
export const CHECKOUT_CLOSES_AFTER_MIN = 60
export const DEFAULT_ACTIVITY_RADIUS_M = 200
const MINUTE_MS = 60_000
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A fresh code key for an activity: 8 unambiguous characters and a random secret. */
export function newActivityCodeKey(): ActivityCodeKey {
  const bytes = randomBytes(8)
  let code = ''
  for (const b of bytes) code += CODE_ALPHABET[b % CODE_ALPHABET.length]
  return { code, keyVersion: 1, secret: generateStationSecret() }
}

export function activityScene(key: ActivityCodeKey): string {
  return formatActivityScene({ code: key.code, keyVersion: key.keyVersion, signature: signatureFor(key.code, key.keyVersion, key.secret) })
}

/** The scene is well formed, names this activity's code and carries its current signature. */
export function verifyActivityScene(scene: string, key: ActivityCodeKey | null | undefined): void {
  const parts = parseActivityScene(scene)
  if (!parts) throw new AppError('INVALID_ARGUMENT', '无法识别这个二维码，请扫描活动现场的签到码')
  if (!key || parts.code !== key.code) throw new AppError('NOT_FOUND', '没有找到这个活动，请扫描现场出示的最新签到码')
  if (parts.keyVersion < key.keyVersion) throw new AppError('FORBIDDEN', '这张签到码已停用，请扫描队长出示的最新签到码')
  const expected = Buffer.from(signatureFor(key.code, key.keyVersion, key.secret))
  const given = Buffer.from(parts.signature)
  if (parts.keyVersion !== key.keyVersion || given.length !== expected.length || !timingSafeEqual(expected, given)) {
    throw new AppError('FORBIDDEN', '签到码校验未通过，请扫描活动现场的签到码')
  }
}

export interface AttendanceScan {
  phase: AttendancePhase
  entry: CheckinEntry
  location: ReportedLocation
  now: Date
}

type ScanActivity = Pick<ActivityDoc, 'state' | 'startAt' | 'endAt' | 'location' | 'radiusM'>
type ScanSignup = Pick<SignupDoc, 'state' | 'attendance' | 'checkInAt' | 'checkOutAt'>

const fmt = (d: Date) => {
  const china = new Date(d.getTime() + 8 * 60 * MINUTE_MS)
  return `${String(china.getUTCHours()).padStart(2, '0')}:${String(china.getUTCMinutes()).padStart(2, '0')}`
}

export type ScanOutcome =
  | { kind: 'check_in'; checkInAt: Date }
  | { kind: 'check_out'; checkOutAt: Date; minutes: number; hours: number }
  /** The same phase was already recorded (a retry or a second tap): answer it again, change nothing. */
  | { kind: 'repeat' }

/**
 * Everything but the signature (checked first by verifyActivityScene). Order as for station
 * check-ins: live scan, then things moving cannot fix (activity state, sign-up, time window), then
 * location sanity and the geofence, then the attendance state machine.
 */
export function evaluateAttendanceScan(activity: ScanActivity, signup: ScanSignup | null, scan: AttendanceScan): ScanOutcome {
  const entry = checkEntry(scan.entry)
  if (!entry.ok) throw rejectionToAppError({ ...entry, message: '请用微信扫一扫现场扫描活动签到码，不能识别相册或转发的图片' })
  if (activity.state === 'cancelled') throw new AppError('CONFLICT', '活动已取消，无需签到')
  if (!signup || signup.state !== 'signed_up') {
    throw new AppError('FORBIDDEN', signup?.state === 'waitlisted' ? '你还在候补名单中，递补成功后才能签到' : '你没有报名这个活动，请先报名')
  }
  const now = scan.now.getTime()
  const start = new Date(activity.startAt).getTime()
  const end = new Date(activity.endAt).getTime()
  if (scan.phase === 'in') {
    if (signup.attendance === 'checked_in' || signup.attendance === 'attended') return { kind: 'repeat' }
    if (signup.attendance === 'no_show') throw new AppError('CONFLICT', '队长已将你记为缺席，如有疑问请联系队长')
    if (now < start - CHECKIN_OPENS_BEFORE_MIN * MINUTE_MS) {
      throw new AppError('OUT_OF_RANGE', `还没到签到时间，活动开始前 ${CHECKIN_OPENS_BEFORE_MIN} 分钟（${fmt(new Date(start - CHECKIN_OPENS_BEFORE_MIN * MINUTE_MS))}）起可以签到`)
    }
    if (now >= end || activity.state === 'finished') throw new AppError('OUT_OF_RANGE', '活动已结束，不能再签到；如确实参加了请联系队长补记')
  } else {
    if (signup.attendance === 'attended') return { kind: 'repeat' }
    if (signup.attendance !== 'checked_in' || !signup.checkInAt) throw new AppError('CONFLICT', '你还没有签到，请先签到，结束时再签退')
    if (now > end + CHECKOUT_CLOSES_AFTER_MIN * MINUTE_MS || activity.state === 'finished') {
      throw new AppError('OUT_OF_RANGE', '已过签退时间，请联系队长补记时长')
    }
  }
  const location = checkLocation(scan.location)
  if (!location.ok) throw rejectionToAppError(location)
  const fence = checkGeofence(scan.location, { location: activity.location as GeoPoint, checkinRadiusM: activity.radiusM ?? DEFAULT_ACTIVITY_RADIUS_M })
  if (!fence.ok) throw rejectionToAppError({ ...fence, message: `距离活动地点 ${Math.ceil((fence.details?.distanceM ?? 0) / 10) * 10} 米，请到活动地点 ${fence.details?.radiusM ?? DEFAULT_ACTIVITY_RADIUS_M} 米内再扫码` })
  if (scan.phase === 'in') return { kind: 'check_in', checkInAt: scan.now }
  const minutes = creditableMinutes(signup.checkInAt as Date, scan.now, activity)
  return { kind: 'check_out', checkOutAt: scan.now, minutes, hours: hoursFromMinutes(minutes) }
}

export interface CaptainMark {
  actorId: string
  targetUserId: string
  mark: AttendanceMark
  reason: string
  checkInAt?: Date
  checkOutAt?: Date
  now: Date
}

export type MarkOutcome =
  | { attendance: 'attended'; checkInAt: Date; checkOutAt: Date; minutes: number; hours: number }
  | { attendance: 'no_show' }

/**
 * A captain records attendance: after the activity has started, for a confirmed sign-up, with a
 * reason; never for themselves, and never over hours already credited (a correction would need a
 * passbook reversal, which is the admin's).
 */
export function evaluateCaptainMark(activity: Pick<ActivityDoc, 'startAt' | 'endAt' | 'state'>, signup: Pick<SignupDoc, 'state' | 'attendance' | 'checkInAt' | 'creditedAt'> | null, mark: CaptainMark): MarkOutcome {
  if (mark.actorId === mark.targetUserId) throw new AppError('FORBIDDEN', '不能给自己记考勤，请让另一位队长或管理员记录')
  const reason = mark.reason.trim()
  if (reason.length < 2) throw new AppError('INVALID_ARGUMENT', '请填写记录原因，例如“手机没电，现场核实”', 'reason')
  if (activity.state === 'cancelled') throw new AppError('CONFLICT', '活动已取消')
  if (!signup || signup.state !== 'signed_up') throw new AppError('NOT_FOUND', '该队员没有报名这个活动（或仍在候补）')
  if (signup.creditedAt) throw new AppError('CONFLICT', '该队员的时长已记入积分，不能再修改；如需更正请联系管理员')
  const start = new Date(activity.startAt)
  const end = new Date(activity.endAt)
  if (mark.now.getTime() < start.getTime()) throw new AppError('CONFLICT', '活动还没开始，开始后才能记考勤')
  if (mark.mark === 'no_show') return { attendance: 'no_show' }
  const checkInAt = mark.checkInAt ?? (signup.checkInAt ? new Date(signup.checkInAt) : start)
  const checkOutAt = mark.checkOutAt ?? (mark.now.getTime() < end.getTime() ? mark.now : end)
  // Entered times belong to this activity: hours outside its span are not this activity's service.
  const span = `${formatHhMm(chinaParts(start).minuteOfDay)}–${formatHhMm(chinaParts(end).minuteOfDay)}`
  for (const [field, at, label] of [['checkInAt', mark.checkInAt, '签到'], ['checkOutAt', mark.checkOutAt, '签退']] as const) {
    if (at && (at.getTime() < start.getTime() || at.getTime() > end.getTime())) throw new AppError('INVALID_ARGUMENT', `${label}时间要在活动时间 ${span} 之内`, field)
  }
  if (checkOutAt.getTime() > mark.now.getTime()) throw new AppError('INVALID_ARGUMENT', '签退时间不能晚于现在', 'checkOutAt')
  if (checkOutAt.getTime() <= checkInAt.getTime()) throw new AppError('INVALID_ARGUMENT', '签退时间要晚于签到时间', 'checkOutAt')
  const minutes = creditableMinutes(checkInAt, checkOutAt, activity)
  return { attendance: 'attended', checkInAt, checkOutAt, minutes, hours: hoursFromMinutes(minutes) }
}

/** When a captain closes attendance after the end: who is recorded absent. */
export function noShowsAt(activity: Pick<ActivityDoc, 'endAt'>, signups: Array<Pick<SignupDoc, '_id' | 'state' | 'attendance'>>, now: Date): string[] {
  if (now.getTime() < new Date(activity.endAt).getTime()) throw new AppError('CONFLICT', '活动结束后才能结束考勤')
  return signups.filter((s) => s.state === 'signed_up' && s.attendance === 'none').map((s) => s._id)
}

/** The passbook idempotency key for one person's hours at one activity: the same on every retry. */
export function creditKeyFor(activityId: string, userId: string): string {
  return `volunteer_hour:${activityId}:${userId}`
}
