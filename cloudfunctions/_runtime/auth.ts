/**
 * Role and scope checks over the caller's grants. Every user is a worker; other roles come only from
 * role_grants written by admins. Scope checks are object-level authorisation (OWASP API1): an action
 * that touches station X asks `requireScope('station', X)`, not merely "is a station manager".
 */
import { AppError } from '../../src/core/errors'
import { Role, type ScopeKind } from '../../src/core/roles'
import type { RoleGrant } from '../../src/users/contract'
import type { RoleGrantDoc } from '../../src/users/model'

export class Permissions {
  readonly roles: Role[]
  readonly grants: RoleGrant[]

  constructor(grantDocs: RoleGrantDoc[]) {
    this.grants = grantDocs.map((g) => ({ role: g.role, scopes: g.scopes.map((sc) => ({ ...sc })) }))
    this.roles = [Role.worker, ...new Set(grantDocs.map((g) => g.role))]
  }

  get isAdmin(): boolean {
    return this.roles.includes(Role.admin)
  }

  hasRole(role: Role): boolean {
    return this.roles.includes(role)
  }

  hasAnyRole(roles: readonly Role[]): boolean {
    return roles.some((r) => this.roles.includes(r))
  }

  requireRole(...roles: Role[]): void {
    if (!this.hasAnyRole(roles)) throw new AppError('FORBIDDEN')
  }

  /** Ids of the objects of `kind` the caller is responsible for, optionally only through `role`. */
  scopeIds(kind: ScopeKind, role?: Role): string[] {
    const ids = new Set<string>()
    for (const g of this.grants) {
      if (role && g.role !== role) continue
      for (const sc of g.scopes) if (sc.kind === kind) ids.add(sc.id)
    }
    return [...ids]
  }

  /** Admins are in scope of everything; others only of what their grants name. */
  inScope(kind: ScopeKind, id: string, role?: Role): boolean {
    if (this.isAdmin) return true
    return this.scopeIds(kind, role).includes(id)
  }

  requireScope(kind: ScopeKind, id: string, role?: Role): void {
    if (!this.inScope(kind, id, role)) throw new AppError('FORBIDDEN', '这不在您负责的范围内')
  }
}
