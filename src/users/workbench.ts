/**
 * The staff workbench (工作台): for each staff role, the kinds of work that wait for someone, with the
 * label a 60-year-old grid worker reads and the queue one tap opens. Shared by the `users.workbench`
 * action (which counts them within the caller's scopes) and the home tab (which shows them and the
 * tab badge). Riders have no workbench; their home tab stays the station finder.
 */
import { Role } from '../core/roles'

export const WaitingKind = {
  grid_new: 'grid_new',
  grid_overdue: 'grid_overdue',
  street_unassigned: 'street_unassigned',
  street_to_dispatch: 'street_to_dispatch',
  street_overdue: 'street_overdue',
  wishes_to_screen: 'wishes_to_screen',
  suggestions_to_answer: 'suggestions_to_answer',
  department_todo: 'department_todo',
  department_overdue: 'department_overdue',
  pickups_pending: 'pickups_pending',
  station_problems: 'station_problems',
  join_requests: 'join_requests',
  party_applications: 'party_applications',
  enterprise_links: 'enterprise_links',
  enterprises_stale: 'enterprises_stale',
  station_services_today: 'station_services_today',
  provided_services_today: 'provided_services_today',
} as const
export type WaitingKind = (typeof WaitingKind)[keyof typeof WaitingKind]

export interface WaitingInfo {
  role: Exclude<Role, 'worker' | 'party_member'>
  label: string
  /** The queue that shows exactly these items. */
  page: string
  /** Overdue work is shown in the danger colour. */
  urgent?: boolean
}

const queue = (as: string, extra = '') => `/reports/pages/queue/index?as=${as}${extra}`

/** In the order a workbench lists them: per role, new work first, then what is late. */
export const waitingInfo: Record<WaitingKind, WaitingInfo> = {
  grid_new: { role: Role.grid_worker, label: '网格内新上报的问题', page: queue('grid_worker', '&state=submitted') },
  grid_overdue: { role: Role.grid_worker, label: '网格内已超期的问题', page: queue('grid_worker', '&overdue=1'), urgent: true },
  street_unassigned: { role: Role.dispatcher, label: '不在任何网格、待街道受理', page: queue('dispatcher', '&unassigned=1') },
  street_to_dispatch: { role: Role.dispatcher, label: '已立案、待派给部门', page: queue('dispatcher', '&state=accepted') },
  street_overdue: { role: Role.dispatcher, label: '街道内已超期的问题', page: queue('dispatcher', '&overdue=1'), urgent: true },
  wishes_to_screen: { role: Role.dispatcher, label: '待审核的微心愿', page: '/wishes/pages/queue/index' },
  suggestions_to_answer: { role: Role.dispatcher, label: '待答复的建议', page: '/suggestions/pages/queue/index' },
  department_todo: { role: Role.department_handler, label: '派给本部门待处理', page: queue('department_handler') },
  department_overdue: { role: Role.department_handler, label: '本部门已超期', page: queue('department_handler', '&overdue=1'), urgent: true },
  pickups_pending: { role: Role.station_manager, label: '待核销的兑换', page: '/passbook/pages/fulfil/index' },
  station_problems: { role: Role.station_manager, label: '骑手反映的驿站问题', page: '/stations/pages/manage/index' },
  join_requests: { role: Role.team_captain, label: '待审批的入队申请', page: '/volunteers/pages/teams/index' },
  party_applications: { role: Role.admin, label: '待审核的党员认证', page: '/checkins/pages/review/index' },
  enterprise_links: { role: Role.street_officer, label: '待确认的党员企业登记', page: '/district/pages/workbench/index' },
  enterprises_stale: { role: Role.district_officer, label: '超过 90 天未核实的企业档案', page: '/district/pages/workbench/index' },
  station_services_today: { role: Role.station_manager, label: '今天驿站服务的预约', page: '/services/pages/kept/index' },
  provided_services_today: { role: Role.service_provider, label: '今天我开设的服务的预约', page: '/services/pages/kept/index' },
}

export const waitingKinds = Object.keys(waitingInfo) as WaitingKind[]

/** Roles whose holders open on the workbench. */
export const workbenchRoles = [...new Set(waitingKinds.map((k) => waitingInfo[k].role))]

export function hasWorkbench(roles: readonly Role[]): boolean {
  return roles.some((r) => (workbenchRoles as readonly Role[]).includes(r))
}

/** The kinds this person's roles make them responsible for, in display order. */
export function kindsFor(roles: readonly Role[]): WaitingKind[] {
  return waitingKinds.filter((k) => roles.includes(waitingInfo[k].role))
}

export interface WaitingItem {
  kind: WaitingKind
  label: string
  count: number
  page: string
  urgent: boolean
}

export interface Workbench {
  items: WaitingItem[]
  /** Sum of the counts: the home tab's badge. */
  total: number
}

export function workbenchOf(counts: Partial<Record<WaitingKind, number>>, roles: readonly Role[]): Workbench {
  const items = kindsFor(roles).map((kind) => ({ kind, label: waitingInfo[kind].label, count: Math.max(0, counts[kind] ?? 0), page: waitingInfo[kind].page, urgent: !!waitingInfo[kind].urgent }))
  return { items, total: items.reduce((sum, i) => sum + i.count, 0) }
}
