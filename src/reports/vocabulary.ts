/**
 * Reports' (随手拍) closed vocabularies, shared by the reports function and the pages: categories with
 * their icons, states and how they group (open / triage / closed), the commands that move a report,
 * rejection and send-back reasons, photo review states. Category SLA hours and default departments are
 * data (report_categories, admin-set); which categories exist is this list. No I/O, no node imports.
 */

export const ReportCategory = {
  garbage: 'cat-garbage',
  ebike_parking: 'cat-ebike_parking',
  ebike_upstairs: 'cat-ebike_upstairs',
  illegal_parking: 'cat-illegal_parking',
  road_damage: 'cat-road_damage',
  manhole: 'cat-manhole',
  fire_passage: 'cat-fire_passage',
  public_facility: 'cat-public_facility',
  streetlight: 'cat-streetlight',
  street_vendor: 'cat-street_vendor',
  food_safety: 'cat-food_safety',
  other: 'cat-other',
} as const
export type ReportCategory = (typeof ReportCategory)[keyof typeof ReportCategory]
export const allReportCategories: readonly ReportCategory[] = Object.values(ReportCategory)

export const categoryLabel: Record<ReportCategory, string> = {
  'cat-garbage': '暴露垃圾',
  'cat-ebike_parking': '非机动车乱停放',
  'cat-ebike_upstairs': '电动车上楼入户',
  'cat-illegal_parking': '机动车违停',
  'cat-road_damage': '道路破损',
  'cat-manhole': '井盖缺失破损',
  'cat-fire_passage': '消防通道堵塞',
  'cat-public_facility': '公共设施损坏',
  'cat-streetlight': '路灯不亮',
  'cat-street_vendor': '占道经营',
  'cat-food_safety': '食品安全隐患',
  'cat-other': '其他问题',
}

/** One glyph per category: no image files, so the picker costs nothing in the package. */
export const categoryIcon: Record<ReportCategory, string> = {
  'cat-garbage': '🗑',
  'cat-ebike_parking': '🛵',
  'cat-ebike_upstairs': '🔌',
  'cat-illegal_parking': '🚗',
  'cat-road_damage': '🚧',
  'cat-manhole': '⭕',
  'cat-fire_passage': '🧯',
  'cat-public_facility': '🪑',
  'cat-streetlight': '💡',
  'cat-street_vendor': '🛒',
  'cat-food_safety': '🍱',
  'cat-other': '📝',
}

export const ReportState = {
  /** Sent by a worker, waiting for the grid worker / dispatcher (待受理). */
  submitted: 'submitted',
  /** 立案: the street takes it on; points are credited to the reporter. */
  accepted: 'accepted',
  rejected: 'rejected',
  /** Closed as a duplicate of another open report. */
  merged: 'merged',
  dispatched: 'dispatched',
  in_progress: 'in_progress',
  /** The department sent it back to the dispatcher (wrong department, needs more info). */
  returned: 'returned',
  /** Fixed, with an after-photo; waiting for the reporter to confirm (72 h, then auto-closed). */
  resolved: 'resolved',
  confirmed: 'confirmed',
  /** Auto-closed 72 h after resolution without the reporter's answer. */
  closed: 'closed',
  /** The reporter said it was not fixed (within 7 days); back to triage. */
  reopened: 'reopened',
} as const
export type ReportState = (typeof ReportState)[keyof typeof ReportState]
export const allReportStates: readonly ReportState[] = Object.values(ReportState)

export const stateLabel: Record<ReportState, string> = {
  submitted: '待受理',
  accepted: '已立案',
  rejected: '未受理',
  merged: '已合并',
  dispatched: '已派单',
  in_progress: '处理中',
  returned: '已退回',
  resolved: '已处理待确认',
  confirmed: '已确认解决',
  closed: '已办结',
  reopened: '重新处理',
}

/** States in the grid worker's / dispatcher's hands. */
export const triageStates: readonly ReportState[] = ['submitted', 'accepted', 'returned', 'reopened']
/** States in a department's hands. */
export const departmentStates: readonly ReportState[] = ['dispatched', 'in_progress']
/** Not yet fixed: counted for SLA, overdue and duplicate suggestions. */
export const openStates: readonly ReportState[] = [...triageStates, ...departmentStates]
/** Terminal for staff (reopen is the reporter's, within its window). */
export const closedStates: readonly ReportState[] = ['rejected', 'merged', 'confirmed', 'closed']
/** Past triage: the street accepted it (what "accepted" counts in the figures). */
export const acceptedStates: readonly ReportState[] = ['accepted', 'dispatched', 'in_progress', 'returned', 'resolved', 'confirmed', 'closed', 'reopened']
export const fixedStates: readonly ReportState[] = ['resolved', 'confirmed', 'closed']

export function isOpenState(state: ReportState): boolean {
  return openStates.includes(state)
}

/** What can be done to a report; each is one transition (or a recorded no-state-change event). */
export const ReportCommand = {
  accept: 'accept',
  reject: 'reject',
  merge: 'merge',
  dispatch: 'dispatch',
  transfer: 'transfer',
  note: 'note',
  start: 'start',
  resolve: 'resolve',
  send_back: 'send_back',
  confirm: 'confirm',
  reopen: 'reopen',
  auto_close: 'auto_close',
  mark_overdue: 'mark_overdue',
  review_photos: 'review_photos',
  /** "Same problem? add your photo to it": another worker's photos on an open report, instead of a duplicate. */
  add_photos: 'add_photos',
  /** WeChat's asynchronous image check (security.mediaCheckAsync) answered for one photo. */
  media_check: 'media_check',
} as const
export type ReportCommand = (typeof ReportCommand)[keyof typeof ReportCommand]

/** Event kinds: every command, plus the report's creation. */
export type ReportEventKind = ReportCommand | 'submit'

export const eventLabel: Record<ReportEventKind, string> = {
  submit: '提交上报',
  accept: '立案受理',
  reject: '不予受理',
  merge: '合并为重复问题',
  dispatch: '派单',
  transfer: '转交网格',
  note: '内部备注',
  start: '开始处理',
  resolve: '处理完成',
  send_back: '退回派单员',
  confirm: '确认解决',
  reopen: '未解决，重新处理',
  auto_close: '超过 72 小时未确认，自动办结',
  mark_overdue: '已超期',
  review_photos: '审核照片',
  add_photos: '补充照片',
  media_check: '照片安全检测',
}

export const RejectionReason = {
  not_in_scope: 'not_in_scope',
  insufficient_info: 'insufficient_info',
  photo_unclear: 'photo_unclear',
  already_fixed: 'already_fixed',
  not_a_problem: 'not_a_problem',
  inappropriate: 'inappropriate',
} as const
export type RejectionReason = (typeof RejectionReason)[keyof typeof RejectionReason]
export const allRejectionReasons: readonly RejectionReason[] = Object.values(RejectionReason)

export const rejectionLabel: Record<RejectionReason, string> = {
  not_in_scope: '不属于街道管理范围',
  insufficient_info: '信息不全，无法定位问题',
  photo_unclear: '照片看不清问题',
  already_fixed: '现场问题已解决',
  not_a_problem: '经核实不存在该问题',
  inappropriate: '内容不当',
}

export const SendBackReason = {
  wrong_department: 'wrong_department',
  need_info: 'need_info',
  cannot_locate: 'cannot_locate',
  outside_authority: 'outside_authority',
} as const
export type SendBackReason = (typeof SendBackReason)[keyof typeof SendBackReason]
export const allSendBackReasons: readonly SendBackReason[] = Object.values(SendBackReason)

export const sendBackLabel: Record<SendBackReason, string> = {
  wrong_department: '不属于本部门职责',
  need_info: '需要补充信息',
  cannot_locate: '现场找不到问题',
  outside_authority: '超出处理权限，需协调',
}

/** Photos taken by workers show to others only after review (wechat-platform-and-security.md §3). */
export const PhotoReview = {
  pending_review: 'pending_review',
  visible: 'visible',
  rejected: 'rejected',
} as const
export type PhotoReview = (typeof PhotoReview)[keyof typeof PhotoReview]

/** security.mediaCheckAsync v2 verdicts, shared with every slice that checks photos. */
export { MediaVerdict } from '../core/media-check'

/** Which part of the story a photo belongs to. */
export const PhotoKind = { report: 'report', after: 'after', reopen: 'reopen' } as const
export type PhotoKind = (typeof PhotoKind)[keyof typeof PhotoKind]

/** Where a report sits for staff: its grid's queue, or the street dispatcher's (no grid, or on a boundary). */
export const RouteReason = { inside: 'inside', boundary: 'boundary', outside: 'outside', transferred: 'transferred' } as const
export type RouteReason = (typeof RouteReason)[keyof typeof RouteReason]

export const routeReasonLabel: Record<RouteReason, string> = {
  inside: '按位置分到网格',
  boundary: '位于网格边界，由街道派单',
  outside: '不在任何网格内，由街道派单',
  transferred: '已转交',
}

/** The staff role a queue is viewed as. */
export const QueueRole = { grid_worker: 'grid_worker', dispatcher: 'dispatcher', department_handler: 'department_handler' } as const
export type QueueRole = (typeof QueueRole)[keyof typeof QueueRole]

export const MAX_PHOTOS = 9
export const MIN_RATING = 1
export const MAX_RATING = 5

/**
 * Kinds of department a category is routed to by default; each district has (at most) one active
 * department of a kind that the dispatcher is offered first. Departments themselves are data.
 */
export const DepartmentKind = {
  city_management: 'city_management',
  sanitation: 'sanitation',
  traffic_police: 'traffic_police',
  housing: 'housing',
  fire: 'fire',
  market_supervision: 'market_supervision',
} as const
export type DepartmentKind = (typeof DepartmentKind)[keyof typeof DepartmentKind]
export const allDepartmentKinds: readonly DepartmentKind[] = Object.values(DepartmentKind)

// Chinese labels: ./admin-vocabulary.ts (only the admin page shows them, so they stay out of the main package).

/** Bounds of a category's promised handling time (hours): at least one hour, at most 30 days. */
export const SLA_HOURS_MIN = 1
export const SLA_HOURS_MAX = 720

/** Audit actions of the admin's reference-data changes (categories, departments, grids). */
export const ReportsAudit = {
  categorySave: 'reports.category.save',
  departmentSave: 'reports.department.save',
  gridSave: 'reports.grid.save',
} as const
export type ReportsAudit = (typeof ReportsAudit)[keyof typeof ReportsAudit]
