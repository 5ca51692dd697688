/**
 * Stored shapes of the users domain. These documents live in ADMINONLY collections and are read only
 * by cloud functions; pages see the projections in ./contract (never `openid`).
 */
import type { Role, ScopeKind } from '../core/roles'

export interface UserDoc {
  /** userId: derived from the OPENID by a one-way hash, so creation is idempotent and the OPENID is not exposed. */
  _id: string
  openid: string
  nickname: string
  privacyAcceptedAt?: Date
  /** Version of the privacy notice accepted. */
  privacyVersion?: string
  /** Blocked users are refused every action (abuse handling). */
  blocked?: boolean
  createdAt: Date
  updatedAt: Date
}

export interface ScopeRef {
  kind: ScopeKind
  id: string
  name?: string
}

/** One role held by one user: `_id` = `${userId}:${role}`, so a user holds each role at most once. */
export interface RoleGrantDoc {
  _id: string
  userId: string
  role: Exclude<Role, 'worker'>
  scopes: ScopeRef[]
  /** Flat copy of `scopes[].id` for indexed "who is responsible for X" queries. */
  scopeIds: string[]
  grantedBy: string
  grantedAt: Date
  updatedAt: Date
}

export const AuditAction = {
  roleGrant: 'role.grant',
  roleRevoke: 'role.revoke',
} as const
export type AuditAction = (typeof AuditAction)[keyof typeof AuditAction]

/** Append-only: never updated or removed by any function. */
export interface AuditEntryDoc {
  _id?: string
  action: AuditAction | string
  /** userId of whoever did it (or `system` for jobs). */
  actorId: string
  targetKind: string
  targetId: string
  before: unknown
  after: unknown
  reason: string
  /** Function and action that wrote the entry. */
  origin: string
  at: Date
}

export function grantDocId(userId: string, role: Role): string {
  return `${userId}:${role}`
}
