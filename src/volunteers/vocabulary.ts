/**
 * Volunteers' closed vocabularies, shared by the volunteers function and the pages: team types,
 * roster states and roles, activity states and audiences, sign-up and attendance states, and the
 * Chinese a person reads for each. No I/O and no node imports (bundled into the mini-program).
 */

export const TeamType = {
  /** 志愿服务队 */
  volunteer: 'volunteer',
  /** 先锋服务队 (Party-led "pioneer" teams of riders) */
  pioneer: 'pioneer',
} as const
export type TeamType = (typeof TeamType)[keyof typeof TeamType]
export const teamTypeLabel: Record<TeamType, string> = { volunteer: '志愿服务队', pioneer: '先锋服务队' }

/** One roster document per (team, user); the state says where the person stands now. */
export const MemberState = {
  /** Asked to join, waiting for a captain. */
  pending: 'pending',
  member: 'member',
  declined: 'declined',
  left: 'left',
  removed: 'removed',
} as const
export type MemberState = (typeof MemberState)[keyof typeof MemberState]
export const memberStateLabel: Record<MemberState, string> = { pending: '待审核', member: '队员', declined: '未通过', left: '已退出', removed: '已移出' }

export const MemberRole = { captain: 'captain', member: 'member' } as const
export type MemberRole = (typeof MemberRole)[keyof typeof MemberRole]
export const memberRoleLabel: Record<MemberRole, string> = { captain: '队长', member: '队员' }

export const JoinDecision = { approve: 'approve', decline: 'decline' } as const
export type JoinDecision = (typeof JoinDecision)[keyof typeof JoinDecision]

export const ActivityState = {
  open: 'open',
  /** No more sign-ups (captain closed it); attendance still possible. */
  closed: 'closed',
  cancelled: 'cancelled',
  /** Attendance closed: no-shows recorded, hours final. */
  finished: 'finished',
} as const
export type ActivityState = (typeof ActivityState)[keyof typeof ActivityState]
export const activityStateLabel: Record<ActivityState, string> = { open: '报名中', closed: '报名截止', cancelled: '已取消', finished: '已结束' }

/** Who may sign up. */
export const Audience = { team: 'team', all: 'all' } as const
export type Audience = (typeof Audience)[keyof typeof Audience]
export const audienceLabel: Record<Audience, string> = { team: '仅限本队队员', all: '所有人可报名' }

export const SignupState = {
  signed_up: 'signed_up',
  waitlisted: 'waitlisted',
  cancelled: 'cancelled',
} as const
export type SignupState = (typeof SignupState)[keyof typeof SignupState]
export const signupStateLabel: Record<SignupState, string> = { signed_up: '已报名', waitlisted: '候补中', cancelled: '已取消' }

export const AttendanceState = {
  /** Nothing recorded yet. */
  none: 'none',
  checked_in: 'checked_in',
  /** Checked out (or marked) with hours. */
  attended: 'attended',
  no_show: 'no_show',
} as const
export type AttendanceState = (typeof AttendanceState)[keyof typeof AttendanceState]
export const attendanceStateLabel: Record<AttendanceState, string> = { none: '未签到', checked_in: '已签到', attended: '已完成', no_show: '缺席' }

/** How an attendance record came about: the person's own scans, or a captain's mark with a reason. */
export const AttendanceSource = { scan: 'scan', captain: 'captain' } as const
export type AttendanceSource = (typeof AttendanceSource)[keyof typeof AttendanceSource]

export const AttendancePhase = { in: 'in', out: 'out' } as const
export type AttendancePhase = (typeof AttendancePhase)[keyof typeof AttendancePhase]
export const attendancePhaseLabel: Record<AttendancePhase, string> = { in: '签到', out: '签退' }

/** What a captain can mark. */
export const AttendanceMark = { attended: 'attended', no_show: 'no_show' } as const
export type AttendanceMark = (typeof AttendanceMark)[keyof typeof AttendanceMark]

/** Why an attendance scan was refused (beyond the shared check-in rejections). */
export const AttendanceRejection = {
  not_signed_up: 'not_signed_up',
  too_early: 'too_early',
  too_late: 'too_late',
  not_checked_in: 'not_checked_in',
  already_done: 'already_done',
  activity_cancelled: 'activity_cancelled',
} as const
export type AttendanceRejection = (typeof AttendanceRejection)[keyof typeof AttendanceRejection]

/** Point-rule kind the passbook credits volunteer hours under (src/passbook/vocabulary.ts PointRuleKind). */
export const VOLUNTEER_HOUR_KIND = 'volunteer_hour' as const
