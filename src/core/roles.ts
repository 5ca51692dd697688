/**
 * Roles a user can hold. Every user is a worker; the others are granted by admins and stored in the
 * database with their scopes (which stations, grids, teams, departments).
 */
export const Role = {
  worker: 'worker',
  party_member: 'party_member',
  team_captain: 'team_captain',
  station_manager: 'station_manager',
  grid_worker: 'grid_worker',
  dispatcher: 'dispatcher',
  department_handler: 'department_handler',
  /** Street office (街道党工委/办事处) staff: keep their street's enterprise registry (一企一档). */
  street_officer: 'street_officer',
  /** District organisation department / trade union staff: read the registry and ledger of the streets granted. */
  district_officer: 'district_officer',
  /** A registered enterprise's contact person: acts for the enterprise (e.g. claims micro-wishes in its name). */
  enterprise_contact: 'enterprise_contact',
  /** Staff of an organisation providing services at stations (hospital, law firm, union): keep their own services. */
  service_provider: 'service_provider',
  admin: 'admin',
} as const

export type Role = (typeof Role)[keyof typeof Role]

export const allRoles: readonly Role[] = Object.values(Role)

export const roleLabel: Record<Role, string> = {
  worker: '骑手/快递员',
  party_member: '党员',
  team_captain: '队长',
  station_manager: '驿站管理员',
  grid_worker: '网格员',
  dispatcher: '街道派单员',
  department_handler: '部门处理人',
  street_officer: '街道工作人员',
  district_officer: '区级工作人员',
  enterprise_contact: '企业联络人',
  service_provider: '服务机构人员',
  admin: '管理员',
}

/** The kinds of object a role's scope can name. */
export const ScopeKind = {
  station: 'station',
  grid: 'grid',
  team: 'team',
  department: 'department',
  street: 'street',
  enterprise: 'enterprise',
} as const
export type ScopeKind = (typeof ScopeKind)[keyof typeof ScopeKind]

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (allRoles as readonly string[]).includes(value)
}

/**
 * Which kinds of object each role's scopes may name. An empty list means the role is held globally
 * (admin) or carries no scope (party_member: a verified status, not a responsibility).
 */
export const roleScopeKinds: Record<Role, readonly ScopeKind[]> = {
  worker: [],
  party_member: [],
  team_captain: ['team'],
  station_manager: ['station'],
  grid_worker: ['grid', 'street'],
  dispatcher: ['street'],
  department_handler: ['department'],
  street_officer: ['street'],
  // A district officer is granted every street of the district: "sees all" stays an explicit, server-checked scope.
  district_officer: ['street'],
  enterprise_contact: ['enterprise'],
  service_provider: ['station'],
  admin: [],
}

/** Roles that are meaningless without at least one scope. */
export function roleNeedsScope(role: Role): boolean {
  return roleScopeKinds[role].length > 0
}

/** Roles an admin can grant (worker is implicit for everyone). */
export const grantableRoles: readonly Exclude<Role, 'worker'>[] = allRoles.filter((r): r is Exclude<Role, 'worker'> => r !== 'worker')
