/**
 * Users domain contract: who am I (profile, roles, scopes), privacy consent, and the admin's audited
 * role grants. Pages import it for types; the `users` cloud function attaches roles and handlers.
 */
import { action } from '../core/contract'
import { grantableRoles, Role, ScopeKind } from '../core/roles'
import { s } from '../core/schema'
import type { MyReportLine } from '../reports/contract'
import type { SignupState } from '../volunteers/vocabulary'
import type { MessagePage } from './notices'
import type { Workbench } from './workbench'

export interface Scope {
  kind: ScopeKind
  id: string
  /** Display name of the scoped object (station, grid, team, department, street). */
  name?: string
}

export interface RoleGrant {
  role: Role
  scopes: Scope[]
}

export interface Me {
  /** Stable app user id (not the OPENID, which is never sent to pages). */
  userId: string
  nickname: string
  /** Every user is a worker; other roles come from grants. */
  roles: Role[]
  grants: RoleGrant[]
  /** ISO time the user accepted the privacy notice, if ever. */
  privacyAcceptedAt?: string
  createdAt: string
  /** Unread in-app messages, for the 我的 badge. */
  unreadMessages: number
  /** Only when asked for (`overview: true`, the 我的 tab): the rest of its first screen in the same call. */
  overview?: MeOverview
}

/** 我的 at a glance: points, my latest reports with their progress, my coming activities. */
export interface MeOverview {
  /** Passbook balance. */
  points: number
  /** My latest reports, newest first (at most OVERVIEW_REPORTS). */
  reports: MyReportLine[]
  /** I have more reports than these. */
  moreReports: boolean
  /** Activities I signed up for (or wait for) that have not ended, soonest first (at most OVERVIEW_ACTIVITIES). */
  activities: Array<{ id: string; title: string; startAt: string; endAt: string; signup: SignupState; /** signupStateLabel, sent so the tab does not bundle the volunteers vocabulary. */ signupLabel: string }>
}

export const OVERVIEW_REPORTS = 3
export const OVERVIEW_ACTIVITIES = 2

export interface MarkReadResult {
  /** Messages marked read by this call. */
  marked: number
  unread: number
}

export interface GrantResult {
  userId: string
  grants: RoleGrant[]
}

export interface UserSummary {
  userId: string
  nickname: string
  roles: Role[]
  /** Each granted role with its scopes, for the admin's grants screen. */
  grants: RoleGrant[]
  createdAt: string
}

export interface UserList {
  items: UserSummary[]
  total: number
  limit: number
  offset: number
}

/** One entry of the append-only audit log as the admin screens show it. */
export interface AuditView {
  id: string
  action: string
  actorId: string
  /** The actor's nickname when known (`system` for jobs). */
  actorName?: string
  targetKind: string
  targetId: string
  before: unknown
  after: unknown
  reason: string
  /** ISO time. */
  at: string
}

export interface AuditPage {
  items: AuditView[]
  hasMore: boolean
}

/** Message ids are derived from their event (report, seq, template, user) and run longer than object ids. */
const messageId = s.string({ min: 1, max: 200, pattern: /^[A-Za-z0-9_\-:.]+$/ })
const scope = s.object({ kind: s.oneOf(Object.values(ScopeKind)), id: s.id() })
const grantable = s.oneOf(grantableRoles)

export const usersContract = {
  /** Creates the caller's record on first call. With `overview` also 我的's points, latest reports and coming activities (one round trip for the tab). */
  me: action<Me>()(s.object({ overview: s.optional(s.literal(true)) })),
  updateProfile: action<Me>()(s.object({ nickname: s.string({ min: 1, max: 20 }) })),
  acceptPrivacy: action<Me>()(s.object({ version: s.string({ min: 1, max: 20, pattern: /^[A-Za-z0-9._-]+$/ }) })),
  /** Admin: gives `role` to `userId` with exactly these scopes (replacing any earlier scopes of that role). */
  grantRole: action<GrantResult>()(
    s.object({
      userId: s.id(),
      role: grantable,
      scopes: s.array(scope, { max: 50, unique: true }),
      reason: s.string({ min: 2, max: 200 }),
    }),
  ),
  revokeRole: action<GrantResult>()(s.object({ userId: s.id(), role: grantable, reason: s.string({ min: 2, max: 200 }) })),
  /** Admin: users, newest first; `role` keeps holders of that role, `q` matches the nickname or the exact user id. */
  listUsers: action<UserList>()(s.object({ role: s.optional(s.oneOf(Object.values(Role))), q: s.optional(s.string({ min: 1, max: 64 })), page: s.optional(s.page(50)) })),
  /** Admin: the audit trail, newest first; with `targetKind`+`targetId` only that object's entries (e.g. a user's grants). */
  auditLog: action<AuditPage>()(
    s.object({
      targetKind: s.optional(s.string({ min: 1, max: 20, pattern: /^[a-z_]+$/ })),
      targetId: s.optional(s.id()),
      page: s.optional(s.page(50)),
    }),
  ),
  /** Staff: how much work waits for the caller in each of their queues (empty for riders). */
  workbench: action<Workbench>()(s.object({})),
  /** The caller's own messages, newest first. */
  messages: action<MessagePage>()(s.object({ unreadOnly: s.optional(s.boolean()), page: s.optional(s.page(50)) })),
  /** Marks the caller's messages read: these ids (others' ids are ignored), or all of them. */
  markMessagesRead: action<MarkReadResult>()(s.object({ ids: s.optional(s.array(messageId, { min: 1, max: 50, unique: true })), all: s.optional(s.literal(true)) })),
}
export type UsersContract = typeof usersContract
