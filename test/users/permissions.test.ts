/** Role and scope checks over a user's grants (the object-level authorisation every action uses). */
import { Permissions } from '../../cloudfunctions/_runtime/auth'
import { AppError } from '../../src/core/errors'
import { roleNeedsScope, roleScopeKinds, grantableRoles } from '../../src/core/roles'
import type { RoleGrantDoc } from '../../src/users/model'

const at = new Date('2025-06-01T00:00:00Z')
const grant = (role: RoleGrantDoc['role'], scopes: RoleGrantDoc['scopes'] = []): RoleGrantDoc => ({ _id: `u1:${role}`, userId: 'u1', role, scopes, scopeIds: scopes.map((s) => s.id), grantedBy: 'u0', grantedAt: at, updatedAt: at })

describe('Permissions', () => {
  it('makes every user a worker and nothing more without grants', () => {
    const p = new Permissions([])
    expect(p.roles).toEqual(['worker'])
    expect(p.isAdmin).toBe(false)
    expect(() => p.requireRole('admin')).toThrow(AppError)
    expect(p.inScope('station', 'st-1')).toBe(false)
  })

  it('limits a manager to the stations named in the grant', () => {
    const p = new Permissions([grant('station_manager', [{ kind: 'station', id: 'st-lf-001' }, { kind: 'station', id: 'st-lf-002' }]), grant('party_member')])
    expect(p.roles).toEqual(['worker', 'station_manager', 'party_member'])
    expect(p.scopeIds('station')).toEqual(['st-lf-001', 'st-lf-002'])
    expect(p.inScope('station', 'st-lf-002')).toBe(true)
    expect(p.inScope('station', 'st-hj-001')).toBe(false)
    expect(p.inScope('grid', 'st-lf-001')).toBe(false)
    const err = (() => {
      try {
        p.requireScope('station', 'st-hj-001')
      } catch (e) {
        return e as AppError
      }
    })()
    expect(err?.code).toBe('FORBIDDEN')
    expect(err?.message).toBe('这不在您负责的范围内')
  })

  it('filters scopes by the role that grants them', () => {
    const p = new Permissions([grant('grid_worker', [{ kind: 'street', id: 'street-lf' }]), grant('dispatcher', [{ kind: 'street', id: 'street-hj-xc' }])])
    expect(p.scopeIds('street', 'dispatcher')).toEqual(['street-hj-xc'])
    expect(p.inScope('street', 'street-lf', 'dispatcher')).toBe(false)
    expect(p.inScope('street', 'street-lf', 'grid_worker')).toBe(true)
  })

  it('puts admins in scope of everything', () => {
    const p = new Permissions([grant('admin')])
    expect(p.isAdmin).toBe(true)
    expect(p.inScope('department', 'dept-anything')).toBe(true)
    expect(() => p.requireRole('dispatcher', 'admin')).not.toThrow()
  })

  it('declares scope kinds for every grantable role', () => {
    expect(grantableRoles).not.toContain('worker')
    for (const role of grantableRoles) expect(Array.isArray(roleScopeKinds[role])).toBe(true)
    expect(roleNeedsScope('station_manager')).toBe(true)
    expect(roleNeedsScope('admin')).toBe(false)
  })
})
