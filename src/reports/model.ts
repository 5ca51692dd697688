/**
 * Stored shapes of the reports domain (ADMINONLY collections, read only by the reports function) and
 * the policy numbers its rules use. Pages see the projections in ./contract, never these documents:
 * a report's reporterId, exact location and pending photos stay on the server.
 */
import type { GeoPoint, GeoPolygon } from '../core/geo'
import type { Role } from '../core/roles'
import type { PhotoKind, PhotoReview, RejectionReason, ReportCategory, ReportEventKind, ReportState, RouteReason, SendBackReason } from './vocabulary'

export interface ReportPhoto {
  fileId: string
  kind: PhotoKind
  review: PhotoReview
  /** userId of whoever added it. */
  by: string
  at: Date
}

export interface ReportDoc {
  _id: string
  /** `${reporterId}:${client key}`: unique, so a retried submission finds the first report. */
  idempotencyKey: string
  /** 受理编号 (`20261205-0007`, rules.receiptNumber): assigned once at submission, unique, shown to the reporter. */
  receiptNo: string
  reporterId: string
  categoryId: ReportCategory
  description: string
  location: GeoPoint
  /**
   * The device's own fix when the report was made, kept beside the (possibly moved) pin in `location` so
   * staff can see that and how far the pin was moved. Server-only: it is where the reporter stood.
   * Absent on reports from clients that sent no fix.
   */
  deviceFix?: { lng: number; lat: number; accuracy: number }
  address: string
  district: string
  /** Street id (dispatcher scope); always set, so a report is never in nobody's queue. */
  street: string
  /** Grid id, or null while it sits in the street dispatcher's queue. */
  gridId: string | null
  routeReason: RouteReason
  departmentId: string | null
  state: ReportState
  /** Number of events; the next event's id is `${_id}:${version + 1}` (concurrent writers collide). */
  version: number
  slaHours: number
  dueAt: Date
  overdue: boolean
  overdueAt?: Date
  photos: ReportPhoto[]
  mergedInto?: string
  /** Reports merged into this one. */
  duplicateCount: number
  rejection?: { reason: RejectionReason; note?: string }
  sendBack?: { reason: SendBackReason; note?: string }
  rating?: number
  /** Points credited to the reporter at acceptance (0 when capped). */
  pointsCredited?: number
  createdAt: Date
  updatedAt: Date
  acceptedAt?: Date
  dispatchedAt?: Date
  resolvedAt?: Date
  /** Department that resolved it last (kept for figures when a reopen clears departmentId). */
  resolvedBy?: string | null
  closedAt?: Date
}

/** Append-only: one per transition (and per note), `_id = ${reportId}:${seq}`. Never updated or removed. */
export interface ReportEventDoc {
  _id: string
  reportId: string
  seq: number
  kind: ReportEventKind
  from: ReportState | null
  to: ReportState
  actorId: string
  /** The role the actor acted in; `system` for timers. */
  actorRole: Role | 'system'
  at: Date
  note?: string
  reason?: string
  photos?: string[]
  /** Command-specific facts: department, grids of a transfer, rating, merge target, photo decisions. */
  data?: Record<string, unknown>
}

/** Grid and category documents as seeded (scripts/seed/demo-data.ts) and admin-maintained. */
export interface GridRef {
  _id: string
  name: string
  street: string
  district: string
  polygon: GeoPolygon
  streetName?: string
  /** [west, south, east, north] of the polygon, for tests and the admin list. */
  bbox?: [number, number, number, number]
  order?: number
  /** Absent on seeded grids, which are active; a deactivated grid routes no new reports (never deleted: reports name it). */
  active?: boolean
  updatedAt?: Date
}

export interface CategoryDoc {
  _id: string
  name: string
  departmentKind: string
  slaHours: number
  points: number
  order: number
  active: boolean
  hint: string
  updatedAt?: Date
}

export interface DepartmentRef {
  _id: string
  name: string
  kind: string
  district: string
  active: boolean
  phone?: string
  updatedAt?: Date
}

/** An outbox row (fixmystreet style: retries are data): one subscribe message to send. */
export interface OutboxDoc {
  _id: string
  kind: 'subscribe'
  userId: string
  reportId: string
  template: 'accepted' | 'rejected' | 'resolved' | 'overdue'
  data: Record<string, { value: string }>
  page: string
  sendState: 'pending' | 'sent' | 'failed'
  attempts: number
  nextAttemptAt: Date
  lastError?: string
  sentAt?: Date
  createdAt: Date
}

export interface ReportPolicy {
  /** Reports of the same category within this distance that are still open are suggested as duplicates. */
  duplicateRadiusM: number
  /** A point this close to a grid edge is on the boundary and goes to the street dispatcher. */
  boundaryToleranceM: number
  /** Beyond this distance from every grid a location is outside the served area. */
  maxOutsideDistanceM: number
  /** Unconfirmed resolutions close automatically after this. */
  autoCloseHours: number
  /** The reporter may reopen a resolution for this long. */
  reopenDays: number
  /** Where an added photo may be taken from, relative to the report. */
  addPhotoRadiusM: number
  /**
   * How far the reporter may move the pin from the device's fix before sending: enough to put it on the
   * other side of a road or at the right gate, not to report a place they are not at (the photos are
   * taken on the spot). The fix's own accuracy, up to `pinAccuracyAllowanceM`, is added on top.
   */
  pinAdjustMaxM: number
  pinAccuracyAllowanceM: number
}

export const defaultReportPolicy: ReportPolicy = {
  duplicateRadiusM: 50,
  boundaryToleranceM: 5,
  maxOutsideDistanceM: 10_000,
  autoCloseHours: 72,
  reopenDays: 7,
  addPhotoRadiusM: 100,
  pinAdjustMaxM: 300,
  pinAccuracyAllowanceM: 200,
}
