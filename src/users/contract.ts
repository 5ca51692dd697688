/**
 * Users domain contract: who am I (profile, roles, scopes) and the admin's audited role grants.
 */
import { action } from '../core/contract'
import { Role, ScopeKind } from '../core/roles'
import { s } from '../core/schema'

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
  /** True once the user has been shown and accepted the privacy notice. */
  privacyAcceptedAt?: string
  createdAt: string
}

export interface GrantResult {
  userId: string
  grants: RoleGrant[]
}

const scope = s.object({ kind: s.oneOf(Object.values(ScopeKind)), id: s.id() })

export const usersContract = {
  me: action<Me>()(s.object({})),
  updateProfile: action<Me>()(s.object({ nickname: s.string({ min: 1, max: 20 }) })),
  grantRole: action<GrantResult>()(
    s.object({
      userId: s.id(),
      role: s.oneOf(Object.values(Role).filter((r) => r !== Role.worker)),
      scopes: s.array(scope, { max: 50 }),
      reason: s.string({ min: 2, max: 200 }),
    }),
  ),
  revokeRole: action<GrantResult>()(
    s.object({
      userId: s.id(),
      role: s.oneOf(Object.values(Role).filter((r) => r !== Role.worker)),
      reason: s.string({ min: 2, max: 200 }),
    }),
  ),
  listUsers: action<{ items: Array<Pick<Me, 'userId' | 'nickname' | 'roles'>>; total: number }>()(
    s.object({ role: s.optional(s.oneOf(Object.values(Role))), page: s.optional(s.page(50)) }),
  ),
}
