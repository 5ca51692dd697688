/**
 * Volunteers domain contract: teams and rosters, activities with capacity and waitlist, attendance by
 * code or by a captain's mark, service hours with points and certificates. Every input is bounded;
 * identity, roles and captaincy come from the server, never from these payloads. Times travel as ISO
 * strings.
 */
import { action } from '../core/contract'
import { s } from '../core/schema'
import { SCENE_MAX_LENGTH } from '../checkins/scene'
import { EntryMethod } from '../checkins/vocabulary'
import {
  ActivityState,
  AttendanceMark,
  AttendancePhase,
  AttendanceSource,
  AttendanceState,
  Audience,
  JoinDecision,
  MemberRole,
  MemberState,
  SignupState,
  TeamType,
} from './vocabulary'

// ---- outputs ----

export interface TeamSummary {
  teamId: string
  name: string
  type: TeamType
  district: string
  street: string
  community?: string
  memberCount: number
  captainNames: string[]
}

export interface MyMembership {
  state: MemberState
  role: MemberRole
  /** ISO; when they joined (or asked, while pending). */
  since: string
  reason?: string
}

export interface TeamView extends TeamSummary {
  description: string
  /** Null when the caller never asked to join. */
  me: MyMembership | null
  /** The caller runs this team (captain, or admin). */
  canManage: boolean
  pendingCount?: number
  upcoming: ActivitySummary[]
}

export interface RosterItem {
  userId: string
  nickname: string
  volunteerNo: string
  state: MemberState
  role: MemberRole
  since: string
  note?: string
  reason?: string
  hours: number
}

export interface ActivitySummary {
  activityId: string
  teamId: string
  teamName: string
  title: string
  startAt: string
  endAt: string
  signupDeadline: string
  address: string
  capacity: number
  signedUp: number
  state: ActivityState
  audience: Audience
  /** Metres from the caller, when a location was given. */
  distanceM?: number
}

export interface MySignup {
  state: SignupState
  /** 1-based place in the waitlist, while waiting. */
  waitlistPosition: number | null
  attendance: AttendanceState
  checkInAt?: string
  checkOutAt?: string
  hours?: number
  points?: number
  certificateNo?: string
}

export interface ActivityView extends ActivitySummary {
  description: string
  lng: number
  lat: number
  radiusM: number
  waitlistCount: number
  me: MySignup | null
  canManage: boolean
  /** The caller is a member of the activity's team. */
  isTeamMember: boolean
}

export interface MyActivityItem extends ActivitySummary {
  me: MySignup
}

export interface ServiceTotals {
  activities: number
  hours: number
  points: number
}

export interface ScanPreview {
  activity: ActivitySummary
  me: MySignup | null
  /** What a scan now would record; null when there is nothing to do (explained by `hint`). */
  nextPhase: AttendancePhase | null
  hint: string
}

export interface AttendResult {
  activityId: string
  title: string
  phase: AttendancePhase
  /** False when this phase was already recorded (a retry): nothing new happened. */
  recorded: boolean
  attendance: AttendanceState
  checkInAt?: string
  checkOutAt?: string
  hours?: number
  points?: number
  /** Points were not credited because the monthly cap was reached. */
  capped?: boolean
  message: string
}

export interface AttendanceRow {
  userId: string
  nickname: string
  state: SignupState
  attendance: AttendanceState
  checkInAt?: string
  checkOutAt?: string
  hours?: number
  points?: number
  source?: AttendanceSource
  reason?: string
}

export interface AttendanceSheet {
  activity: ActivitySummary
  rows: AttendanceRow[]
  waitlist: Array<{ userId: string; nickname: string; position: number }>
}

export interface CertificateView {
  certificateNo: string
  volunteerName: string
  volunteerNo: string
  activityTitle: string
  serviceContent: string
  serviceDate: string
  hours: number
  issuerName: string
  issuedAt: string
  freeOfCharge: string
}

/** A certificate over a date range: every attended activity in it, hours summed. */
export interface PeriodCertificateView {
  certificateNo: string
  volunteerName: string
  volunteerNo: string
  from: string
  to: string
  hours: number
  activityCount: number
  serviceContent: string
  items: Array<{ title: string; serviceDate: string; hours: number; issuerName: string }>
  issuerName: string
  issuedAt: string
  freeOfCharge: string
}

export type CertificateVerification =
  | {
      valid: true
      certificateNo: string
      volunteerName: string
      activityTitle: string
      serviceDate: string
      hours: number
      issuerName: string
      issuedAt: string
      /** Present on a period certificate: the range it covers and how many activities. */
      period?: { from: string; to: string; activityCount: number }
    }
  | { valid: false; reason: string }

export interface SeatRecount {
  checked: number
  /** Activities whose counter was corrected (each audited). */
  fixed: Array<{ activityId: string; before: number; after: number }>
  /** Activities left alone because sign-ups were changing just now. */
  busy: number
  promoted: number
}

// ---- input pieces ----

const iso = () => s.string({ min: 20, max: 30, pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/ })
const reason = () => s.string({ min: 2, max: 200 })
const teamRef = () => s.object({ teamId: s.id() })
const activityRef = () => s.object({ activityId: s.id() })
const day = () => s.string({ min: 10, max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/ })
const scene = () => s.string({ min: 1, max: SCENE_MAX_LENGTH, trim: false })

export const volunteersContract = {
  // teams
  listTeams: action<{ items: TeamSummary[]; hasMore: boolean }>()(s.object({ street: s.optional(s.string({ min: 1, max: 20 })), page: s.optional(s.page(50)) })),
  teamDetail: action<TeamView>()(teamRef()),
  myTeams: action<{ items: Array<TeamSummary & { me: MyMembership; canManage: boolean }> }>()(s.object({})),
  requestJoin: action<MyMembership>()(s.object({ teamId: s.id(), note: s.optional(s.string({ max: 100 })) })),
  leaveTeam: action<MyMembership>()(teamRef()),
  roster: action<{ items: RosterItem[]; total: number }>()(s.object({ teamId: s.id(), state: s.optional(s.oneOf(Object.values(MemberState))), page: s.optional(s.page(100)) })),
  decideJoin: action<RosterItem>()(s.object({ teamId: s.id(), userId: s.id(), decision: s.oneOf(Object.values(JoinDecision)), reason: s.optional(reason()) })),
  removeMember: action<RosterItem>()(s.object({ teamId: s.id(), userId: s.id(), reason: reason() })),
  handOver: action<{ captainIds: string[] }>()(s.object({ teamId: s.id(), toUserId: s.id(), reason: s.optional(reason()) })),
  exportRoster: action<{ fileName: string; csv: string; rows: number }>()(teamRef()),

  // activities
  listActivities: action<{ items: ActivitySummary[] }>()(s.object({ near: s.optional(s.lngLat()), teamId: s.optional(s.id()), limit: s.optional(s.integer({ min: 1, max: 50 })) })),
  activityDetail: action<ActivityView>()(activityRef()),
  createActivity: action<ActivityView>()(
    s.object({
      teamId: s.id(),
      title: s.string({ min: 2, max: 40 }),
      description: s.string({ min: 2, max: 500 }),
      stationId: s.optional(s.id()),
      location: s.optional(s.lngLat()),
      address: s.optional(s.string({ min: 2, max: 100 })),
      startAt: iso(),
      endAt: iso(),
      signupDeadline: iso(),
      capacity: s.integer({ min: 1, max: 500 }),
      audience: s.oneOf(Object.values(Audience)),
      radiusM: s.optional(s.integer({ min: 50, max: 1000 })),
    }),
  ),
  signUp: action<MySignup>()(activityRef()),
  cancelSignup: action<MySignup>()(activityRef()),
  myActivities: action<{ items: MyActivityItem[]; totals: ServiceTotals; hasMore: boolean }>()(s.object({ page: s.optional(s.page(50)) })),

  // attendance
  activityCode: action<{ scene: string; page: string; image: string }>()(activityRef()),
  scanPreview: action<ScanPreview>()(s.object({ scene: scene() })),
  attend: action<AttendResult>()(
    s.object({
      scene: scene(),
      phase: s.oneOf(Object.values(AttendancePhase)),
      entry: s.object({ method: s.oneOf(Object.values(EntryMethod)), launchScene: s.optional(s.integer({ min: 1000, max: 9999 })) }),
      location: s.object({ lng: s.number({ min: -180, max: 180 }), lat: s.number({ min: -90, max: 90 }), accuracy: s.number({ min: 0, max: 100_000 }) }),
      idempotencyKey: s.idempotencyKey(),
    }),
  ),
  attendanceSheet: action<AttendanceSheet>()(activityRef()),
  markAttendance: action<AttendanceRow>()(
    s.object({
      activityId: s.id(),
      userId: s.id(),
      mark: s.oneOf(Object.values(AttendanceMark)),
      reason: reason(),
      checkInAt: s.optional(iso()),
      checkOutAt: s.optional(iso()),
    }),
  ),
  closeAttendance: action<{ noShows: number }>()(activityRef()),

  // certificates
  certificate: action<CertificateView>()(activityRef()),
  verifyCertificate: action<CertificateVerification>()(s.object({ certificateNo: s.string({ min: 10, max: 40 }) })),
  /** The caller's own certificate over [from, to] (China dates), e.g. a year. */
  periodCertificate: action<PeriodCertificateView>()(s.object({ from: day(), to: day() })),

  // internal (timers)
  /** Recounts each upcoming activity's `signedUp` from its sign-ups; drift fixed is audited. */
  recountSeats: action<SeatRecount>()(s.object({ limit: s.optional(s.integer({ min: 1, max: 500 })) })),
}

export type VolunteersContract = typeof volunteersContract
