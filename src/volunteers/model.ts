/**
 * Stored shapes of the volunteers collections (teams, team_members, activities, activity_signups,
 * service_records). All are ADMINONLY: pages only see the projections the function returns. Fields
 * marked optional are absent on documents the demo seed wrote before this domain existed; readers
 * fall back to the documented defaults.
 */
import type { GeoPoint } from '../core/geo'
import type {
  ActivityState,
  AttendanceSource,
  AttendanceState,
  Audience,
  MemberRole,
  MemberState,
  SignupState,
  TeamType,
} from './vocabulary'

export interface TeamDoc {
  _id: string
  name: string
  /** Default `volunteer`. */
  type?: TeamType
  district: string
  street: string
  community?: string
  description: string
  captainIds: string[]
  /** Members in state `member` (captains included). */
  memberCount: number
  createdAt: Date
}

/** `_id = teamId:userId`, so a person has one roster line per team whatever they do. */
export interface TeamMemberDoc {
  _id: string
  teamId: string
  userId: string
  state: MemberState
  role: MemberRole
  /** When the person became a member (or asked, while pending). */
  joinedAt: Date
  requestedAt?: Date
  note?: string
  decidedAt?: Date
  decidedBy?: string
  /** Why a captain declined or removed (shown to the person). */
  reason?: string
  updatedAt?: Date
}

/** The secret behind an activity's attendance code; never leaves the function. */
export interface ActivityCodeKey {
  /** Short printable code in the scene, [A-Z0-9]{6,10}. */
  code: string
  keyVersion: number
  secret: string
}

export interface ActivityDoc {
  _id: string
  teamId: string
  title: string
  description: string
  stationId?: string
  location: GeoPoint
  /** Where to meet, as people say it; defaults to the station's name and address. */
  address?: string
  startAt: Date
  endAt: Date
  signupDeadline: Date
  capacity: number
  /** Places taken; only ever changed by guarded increments (never above capacity). */
  signedUp: number
  /** Length of the activity in hours (seeded); hours credited are computed per person. */
  hoursCredit?: number
  state: ActivityState
  /** Default `team`. */
  audience?: Audience
  /** Geofence radius for attendance scans, metres (default 200). */
  radiusM?: number
  codeKey?: ActivityCodeKey
  /** Printable code mirrored from codeKey for the lookup index. */
  code?: string
  createdBy: string
  createdAt: Date
  updatedAt?: Date
}

/** `_id = activityId:userId`: one line per person per activity, re-used on re-signing. */
export interface SignupDoc {
  _id: string
  activityId: string
  teamId: string
  userId: string
  state: SignupState
  signedUpAt?: Date
  /** Queue position key: earlier waits are promoted first. */
  waitlistedAt?: Date
  promotedAt?: Date
  cancelledAt?: Date
  attendance: AttendanceState
  checkInAt?: Date
  checkOutAt?: Date
  /** Creditable minutes (capped by the activity's length). */
  minutes?: number
  /** Half-hour steps derived from minutes. */
  hours?: number
  attendanceSource?: AttendanceSource
  markedBy?: string
  markReason?: string
  /** Points credited through the passbook (once; see creditKey). */
  points?: number
  creditedAt?: Date
  creditEntryId?: string
  certificateNo?: string
  idempotencyKey?: string
  createdAt: Date
  updatedAt: Date
}

/** An issued service-hour certificate (《志愿服务记录与证明出具办法》 fields), free of charge. */
export interface ServiceRecordDoc {
  _id: string
  certificateNo: string
  userId: string
  /** The name on the certificate as the volunteer had it when issued. */
  volunteerName: string
  /** Platform volunteer number (not the OPENID). */
  volunteerNo: string
  activityId: string
  activityTitle: string
  serviceContent: string
  serviceDate: string
  hours: number
  issuerName: string
  issuerTeamId: string
  issuedAt: Date
  issuedBy: string
}

/**
 * An issued period certificate (same collection and number scheme as ServiceRecordDoc): the hours of
 * every covered sign-up, as they stood when issued. `activityTitle`/`serviceDate` carry the summary
 * line and last service day so a number checks out the same way whichever kind it is.
 */
export interface PeriodServiceRecordDoc extends Omit<ServiceRecordDoc, 'activityId' | 'issuerTeamId'> {
  kind: 'period'
  periodFrom: string
  periodTo: string
  activityCount: number
  items: Array<{ signupId: string; activityId: string; title: string; serviceDate: string; hours: number; issuerName: string }>
  issuerTeamIds: string[]
}
