/**
 * Reports (随手拍) contract: what a worker sends and sees, what staff queues and commands take, and the
 * public view. Pages import it for types and the service; the `reports` function attaches roles and
 * handlers. No view carries the reporter's identity: a reporter sees `mine: true` on their own reports,
 * everyone else sees nothing about who reported.
 */
import { action } from '../core/contract'
import type { LngLat } from '../core/geo'
import { s } from '../core/schema'
import { category, photos, reportsPublicContract } from './public-contract'
import type { Figures } from './figures'
import type { PinMove } from './place'
import {
  allRejectionReasons,
  allReportStates,
  allSendBackReasons,
  allDepartmentKinds,
  QueueRole,
  SLA_HOURS_MAX,
  SLA_HOURS_MIN,
  type DepartmentKind,
  type PhotoKind,
  type ReportCategory,
  type ReportCommand,
  type ReportEventKind,
  type ReportState,
  type RouteReason,
} from './vocabulary'

export interface CategoryView {
  id: ReportCategory
  name: string
  icon: string
  hint: string
  slaHours: number
  departmentKind: string
}

export interface PhotoView {
  /** Display URL (temporary on H5, cloud fileID in the mini-program). */
  url: string
  kind: PhotoKind
  /** Only staff and the reporter see photos still waiting for review. */
  pending?: boolean
  /** Position in the report's photo list, for reviewPhotos decisions (pending photos only). */
  index?: number
}

/** rules.handlingPromise as pages receive it: promised by `at` while open, resolved at `at` after. */
export interface HandlingPromiseView {
  kind: 'promised' | 'resolved'
  /** ISO time. */
  at: string
  /** Promised and past due. */
  overdue?: boolean
}

export interface ReportSummary {
  id: string
  /** 受理编号, e.g. 20261205-0007. */
  receiptNo: string
  categoryId: ReportCategory
  categoryName: string
  state: ReportState
  address: string
  createdAt: string
  updatedAt: string
  /** Distance from the asking position, when there was one. */
  distanceM?: number
  /** First reviewed photo, if any. */
  cover?: string
  /** Where to put it on a map: exact in staff queues, rounded to ~100 m in the public list. */
  at?: LngLat
  /** The reporter's own list and detail, and staff: by when it will be handled, or when it was. */
  promise?: HandlingPromiseView
}

/** One of my reports as 我上报的 and 我的 list it: what, state, receipt number and promise. */
export type MyReportLine = Pick<ReportSummary, 'id' | 'receiptNo' | 'categoryName' | 'state' | 'createdAt' | 'promise'>

export interface QueueItem extends ReportSummary {
  dueAt: string
  overdue: boolean
  hoursLeft: number
  gridId: string | null
  gridName?: string
  departmentId: string | null
  routeReason: RouteReason
  pendingPhotos: number
  description: string
}

export interface EventView {
  seq: number
  kind: ReportEventKind
  label: string
  to: ReportState
  at: string
  /** Role label of the actor (never their name); `系统` for timers. */
  actor: string
  note?: string
  reason?: string
  photos?: PhotoView[]
}

export interface ReportDetail extends ReportSummary {
  description: string
  photos: PhotoView[]
  /** Public location, rounded to ~100 m unless the caller is staff in scope or the reporter. */
  location: { lng: number; lat: number }
  /** Staff in scope and the reporter: where it is in words (street · grid · nearest station, direction, distance). */
  place?: string
  /** Staff in scope and the reporter: the reporter moved the pin off the device's fix, this far and this way. */
  pinMove?: PinMove
  streetName?: string
  gridName?: string
  departmentName?: string
  routeReason?: RouteReason
  dueAt?: string
  overdue?: boolean
  rating?: number
  mergedInto?: string
  /** The caller reported it. */
  mine: boolean
  /** Points the reporter received at acceptance (reporter only). */
  pointsCredited?: number
  /** How many of the caller's own photos are hidden (WeChat's image check or staff); only to the one who took them. */
  hiddenPhotos?: number
  /** Commands the caller may run now (the server re-checks each). */
  can: ReportCommand[]
  events: EventView[]
}

export interface Suggestion {
  /** Where a report at this position would go. */
  route: { reason: RouteReason; streetName: string; gridName?: string }
  /** The nearest known place in words (offline reverse geocode, src/reports/place.ts), for the pin. */
  place?: string
  /** Open reports of the same category within ~50 m: "same problem? add your photo to it". */
  duplicates: ReportSummary[]
}

export interface SubmitResult {
  report: ReportDetail
  /** True when this idempotency key had already created the report (a retried send). */
  replayed: boolean
}

export interface QueuePage {
  items: QueueItem[]
  total: number
  limit: number
  offset: number
}

export interface BulkResult {
  results: Array<{ id: string; ok: boolean; code?: string; message?: string }>
}

export interface FiguresView {
  from: string
  to: string
  /** The street shown, and the streets the caller may choose from. */
  street: { id: string; name: string }
  streets: Array<{ id: string; name: string }>
  /** `grids`: a grid worker without the whole street sees only their own grids' reports. */
  scope: 'street' | 'grids'
  total: Figures
  byGrid: Array<{ id: string; name: string; figures: Figures }>
  byDepartment: Array<{ id: string; name: string; figures: Figures }>
}

export interface TimerResult {
  overdue: number
  autoClosed: number
  sent: number
  failed: number
}

export interface DepartmentOption {
  id: string
  name: string
  kind: string
  /** The report category's usual department: marked for the dispatcher, never chosen for them. */
  suggested: boolean
}

export interface GridOption {
  id: string
  name: string
  street: string
}

// ---- admin: reference data (categories, departments, grids) ----

export interface AdminCategoryView {
  id: ReportCategory
  name: string
  icon: string
  hint: string
  slaHours: number
  departmentKind: DepartmentKind | string
  order: number
  active: boolean
}

export interface AdminDepartmentView {
  id: string
  name: string
  kind: DepartmentKind | string
  district: string
  active: boolean
}

export interface AdminGridView {
  id: string
  name: string
  street: string
  streetName: string
  district: string
  active: boolean
  /** [west, south, east, north]; the polygon itself is not edited here. */
  bbox?: [number, number, number, number]
}

export interface AdminPage<T> {
  items: T[]
  total: number
  limit: number
  offset: number
}

export interface AdminCategoryPage extends AdminPage<AdminCategoryView> {
  /** Categories of the closed list that have no stored settings yet: the only ones 新增 can add. */
  missing: ReportCategory[]
}

export interface StreetOption {
  id: string
  name: string
  district: string
}

/** A district name as stored on streets and departments (Chinese characters only; checked against the streets). */
const district = () => s.string({ min: 2, max: 20, pattern: /^[\u4e00-\u9fa5]+$/ })
/** Why an admin changed reference data: kept in the audit log. */
const adminReason = () => s.string({ min: 2, max: 200 })

// ---- input pieces ----

const note = () => s.optional(s.string({ max: 300 }))
const reportId = () => s.id()

export const reportsContract = {
  ...reportsPublicContract,
  categories: action<CategoryView[]>()(s.object({})),
  /** Before submitting: where it would go and open duplicates nearby. */
  suggest: action<Suggestion>()(s.object({ categoryId: category(), location: s.lngLat() })),
  /** Adds the caller's photos to an open report instead of reporting it again. */
  addPhotos: action<ReportDetail>()(s.object({ reportId: reportId(), location: s.lngLat(), photos: photos(1) })),
  detail: action<ReportDetail>()(s.object({ reportId: reportId() })),
  queue: action<QueuePage>()(
    s.object({
      as: s.oneOf(Object.values(QueueRole)),
      state: s.optional(s.oneOf(allReportStates)),
      categoryId: s.optional(category()),
      gridId: s.optional(s.id()),
      overdue: s.optional(s.boolean()),
      /** Dispatcher: only reports without a grid (boundary / outside). */
      unassigned: s.optional(s.boolean()),
      /** Include closed reports (default: only those still needing someone). */
      all: s.optional(s.boolean()),
      page: s.optional(s.page(50)),
    }),
  ),
  departments: action<DepartmentOption[]>()(s.object({ reportId: reportId() })),
  grids: action<GridOption[]>()(s.object({ reportId: reportId() })),

  accept: action<ReportDetail>()(s.object({ reportId: reportId(), note: note(), hidePhotos: s.optional(s.array(s.integer({ min: 0, max: 40 }), { max: 40, unique: true })) })),
  reject: action<ReportDetail>()(s.object({ reportId: reportId(), reason: s.oneOf(allRejectionReasons), note: note() })),
  merge: action<ReportDetail>()(s.object({ reportId: reportId(), targetId: reportId(), note: note() })),
  dispatch: action<ReportDetail>()(s.object({ reportId: reportId(), departmentId: s.optional(s.id()), note: note() })),
  transfer: action<ReportDetail>()(s.object({ reportId: reportId(), gridId: s.id(), note: note() })),
  addNote: action<ReportDetail>()(s.object({ reportId: reportId(), note: s.string({ min: 1, max: 300 }) })),
  reviewPhotos: action<ReportDetail>()(s.object({ reportId: reportId(), decisions: s.array(s.object({ index: s.integer({ min: 0, max: 40 }), ok: s.boolean() }), { min: 1, max: 40 }) })),
  start: action<ReportDetail>()(s.object({ reportId: reportId(), note: note() })),
  resolve: action<ReportDetail>()(s.object({ reportId: reportId(), photos: photos(1), note: s.string({ min: 2, max: 300 }) })),
  sendBack: action<ReportDetail>()(s.object({ reportId: reportId(), reason: s.oneOf(allSendBackReasons), note: note() })),
  confirm: action<ReportDetail>()(s.object({ reportId: reportId(), rating: s.integer({ min: 1, max: 5 }), note: note() })),
  reopen: action<ReportDetail>()(s.object({ reportId: reportId(), photos: photos(1), note: note() })),
  /** Dispatcher: the same command on up to 50 reports; each succeeds or fails on its own. */
  bulk: action<BulkResult>()(
    s.object({
      reportIds: s.array(reportId(), { min: 1, max: 50, unique: true }),
      command: s.oneOf(['accept', 'reject', 'dispatch'] as const),
      reason: s.optional(s.oneOf(allRejectionReasons)),
      departmentId: s.optional(s.id()),
      note: note(),
    }),
  ),
  /** Subscribe-message templates the reporter is asked for before sending (only those configured). */
  subscribeTemplates: action<{ templateIds: string[] }>()(s.object({})),
  figures: action<FiguresView>()(s.object({ street: s.optional(s.id()), days: s.optional(s.integer({ min: 1, max: 366 })) })),
  /** Admin: every category's settings (SLA hours, default department kind, order, on/off), paged. */
  adminCategories: action<AdminCategoryPage>()(s.object({ page: s.optional(s.page(50)) })),
  /**
   * Admin: create or edit one category of the closed list; `active: false` stops it being offered (never
   * deleted). Its name is the closed list's label (reports, notices and points show that label), so it is not edited.
   */
  saveCategory: action<AdminCategoryView>()(
    s.object({
      id: category(),
      hint: s.string({ max: 40 }),
      slaHours: s.integer({ min: SLA_HOURS_MIN, max: SLA_HOURS_MAX }),
      departmentKind: s.oneOf(allDepartmentKinds),
      order: s.optional(s.integer({ min: 1, max: 99 })),
      active: s.boolean(),
      reason: adminReason(),
    }),
  ),
  /** Admin: departments, optionally of one district, paged. */
  adminDepartments: action<AdminPage<AdminDepartmentView>>()(s.object({ district: s.optional(district()), page: s.optional(s.page(50)) })),
  /** Admin: create (no id) or edit a department; names are unique within a district. */
  saveDepartment: action<AdminDepartmentView>()(
    s.object({ id: s.optional(s.id()), name: s.string({ min: 2, max: 30 }), kind: s.oneOf(allDepartmentKinds), district: district(), active: s.boolean(), reason: adminReason() }),
  ),
  /** Admin: grids, optionally of one street, paged. */
  adminGrids: action<AdminPage<AdminGridView>>()(s.object({ street: s.optional(s.id()), page: s.optional(s.page(50)) })),
  /**
   * Admin: create or edit a grid; names are unique within a street. A new grid needs its extent as a
   * rectangle (`bounds`); an existing grid's polygon is kept (name, street within the district, on/off).
   */
  saveGrid: action<AdminGridView>()(
    s.object({
      id: s.optional(s.id()),
      name: s.string({ min: 2, max: 30 }),
      street: s.id(),
      active: s.boolean(),
      bounds: s.optional(s.object({ west: s.number({ min: -180, max: 180 }), south: s.number({ min: -90, max: 90 }), east: s.number({ min: -180, max: 180 }), north: s.number({ min: -90, max: 90 }) })),
      reason: adminReason(),
    }),
  ),
  /** Admin: the streets (and so the districts) grids and departments belong to. */
  adminStreets: action<StreetOption[]>()(s.object({})),
  /** Timer: mark overdue (and notify), auto-close after 72 h, retry the notification outbox. */
  runTimers: action<TimerResult>()(s.object({ limit: s.optional(s.integer({ min: 1, max: 500 })) })),
}
export type ReportsContract = typeof reportsContract
