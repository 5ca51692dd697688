/**
 * What pages see of a report. Nobody is told who reported it (the reporter sees `mine`); the public
 * sees reviewed photos only and a location rounded to ~100 m; staff in scope and the reporter see
 * photos still under review and the exact point. Photo fileIDs become display URLs in one batched call.
 */
import { Collection } from '../../src/core/collections'
import { roleLabel } from '../../src/core/roles'
import { fromPoint } from '../../src/core/geo'
import type { EventView, PhotoView, QueueItem, ReportDetail, ReportSummary } from '../../src/reports/contract'
import { availableCommands, authorize, type Actor } from '../../src/reports/machine'
import type { ReportDoc, ReportEventDoc, ReportPhoto } from '../../src/reports/model'
import { describePlace, pinMoveOf, placeWithAddress } from '../../src/reports/place'
import { handlingPromiseView, hoursLeft, isOverdue } from '../../src/reports/rules'
import { categoryLabel, eventLabel, rejectionLabel, sendBackLabel, type RejectionReason, type SendBackReason } from '../../src/reports/vocabulary'
import { getById } from '../_runtime/db'
import { tempFileUrls } from '../_runtime/files'
import type { ActionContext } from '../_runtime/router'
import { landmarksNear, reverseGeocode } from './place'

/** Staff of this report: may see pending photos, internal notes and the exact location. */
export function isStaffFor(report: ReportDoc, actor: Actor): boolean {
  try {
    authorize({ ...report, state: 'submitted' }, 'note', actor)
    return true
  } catch {
    try {
      authorize({ ...report, state: 'dispatched' }, 'note', actor)
      return true
    } catch {
      return false
    }
  }
}

/** fileID → display URL for every id given (unknown ids map to themselves). */
export async function photoUrls(ctx: Pick<ActionContext, 'cloud'>, fileIds: string[]): Promise<Map<string, string>> {
  const out = await tempFileUrls(ctx, fileIds)
  // The mini-program can show cloud:// ids itself; H5 shows the photo as missing rather than failing the page.
  for (const id of fileIds) if (!out.has(id)) out.set(id, id)
  return out
}

function visiblePhotos(report: ReportDoc, privileged: boolean): ReportPhoto[] {
  return report.photos.filter((p) => p.review === 'visible' || (privileged && p.review === 'pending_review'))
}

const coarse = (n: number) => Math.round(n * 1000) / 1000

/** The location strangers may see: rounded to ~100 m, so a map pin never points at a doorway. */
export function publicLocation(report: ReportDoc): { lng: number; lat: number } {
  const at = fromPoint(report.location)
  return { lng: coarse(at.lng), lat: coarse(at.lat) }
}

export function summaryOf(report: ReportDoc, urls: Map<string, string>, distance?: number): ReportSummary {
  const cover = report.photos.find((p) => p.review === 'visible')
  const out: ReportSummary = {
    id: report._id,
    receiptNo: report.receiptNo,
    categoryId: report.categoryId,
    categoryName: categoryLabel[report.categoryId],
    state: report.state,
    address: report.address,
    createdAt: new Date(report.createdAt).toISOString(),
    updatedAt: new Date(report.updatedAt).toISOString(),
  }
  if (distance !== undefined) out.distanceM = Math.round(distance)
  if (cover) out.cover = urls.get(cover.fileId) ?? cover.fileId
  return out
}

export function queueItemOf(report: ReportDoc, urls: Map<string, string>, now: Date, gridNames: Map<string, string>): QueueItem {
  const item: QueueItem = {
    ...summaryOf(report, urls),
    dueAt: new Date(report.dueAt).toISOString(),
    overdue: report.overdue || isOverdue(report, now),
    hoursLeft: hoursLeft(report, now),
    gridId: report.gridId,
    departmentId: report.departmentId,
    routeReason: report.routeReason,
    pendingPhotos: report.photos.filter((p) => p.review === 'pending_review').length,
    description: report.description,
    at: fromPoint(report.location),
  }
  const first = report.photos.find((p) => p.review !== 'rejected')
  if (first) item.cover = urls.get(first.fileId) ?? first.fileId
  if (report.gridId && gridNames.has(report.gridId)) item.gridName = gridNames.get(report.gridId)
  return item
}

function actorText(e: ReportEventDoc): string {
  if (e.actorRole === 'system') return '系统'
  if (e.actorRole === 'worker') return e.kind === 'add_photos' ? '热心群众' : '上报人'
  return roleLabel[e.actorRole]
}

function reasonText(e: ReportEventDoc): string | undefined {
  if (!e.reason) return undefined
  if (e.kind === 'reject') return rejectionLabel[e.reason as RejectionReason] ?? e.reason
  if (e.kind === 'send_back') return sendBackLabel[e.reason as SendBackReason] ?? e.reason
  return e.reason
}

export async function detailOf(ctx: Pick<ActionContext, 'db' | 'cloud' | 'now'>, report: ReportDoc, actor: Actor): Promise<ReportDetail> {
  const { db } = ctx
  const mine = report.reporterId === actor.userId
  const staff = isStaffFor(report, actor)
  const privileged = staff || mine
  const at = fromPoint(report.location)
  // The names around the report need only the report: read them alongside its history (one round trip less).
  const places = Promise.all([
    getById<{ name: string }>(db, Collection.streets, report.street),
    report.gridId ? getById<{ name: string }>(db, Collection.grids, report.gridId) : Promise.resolve(null),
    report.departmentId ?? report.resolvedBy ? getById<{ name: string }>(db, Collection.departments, (report.departmentId ?? report.resolvedBy) as string) : Promise.resolve(null),
    // Where exactly, in words: only for those who see the exact location.
    // A hint: a failed landmark lookup leaves street and grid, never the whole view.
    privileged ? Promise.all([landmarksNear(db, at).catch(() => []), reverseGeocode(at)]) : Promise.resolve(null),
  ])
  // A failure is answered below, where it was awaited before; this only keeps it from being unhandled meanwhile.
  places.catch(() => undefined)
  const events = (await db.collection<ReportEventDoc>(Collection.reportEvents).where({ reportId: report._id }).orderBy('seq', 'asc').limit(100).get()).data
  const shownEvents = events.filter((e) => staff || (e.kind !== 'note' && e.kind !== 'review_photos' && e.kind !== 'media_check' && e.kind !== 'transfer'))
  const photos = visiblePhotos(report, privileged)
  const status = new Map(report.photos.map((p) => [p.fileId, p.review]))
  const eventPhotoIds = shownEvents.flatMap((e) => e.photos ?? []).filter((id) => status.get(id) === 'visible' || (privileged && status.get(id) === 'pending_review'))
  const urls = await photoUrls(ctx, [...photos.map((p) => p.fileId), ...eventPhotoIds])
  const toPhoto = (p: Pick<ReportPhoto, 'fileId' | 'kind' | 'review'>): PhotoView =>
    p.review === 'pending_review' ? { url: urls.get(p.fileId) ?? p.fileId, kind: p.kind, pending: true, index: report.photos.findIndex((x) => x.fileId === p.fileId) } : { url: urls.get(p.fileId) ?? p.fileId, kind: p.kind }
  const byId = new Map(report.photos.map((p) => [p.fileId, p]))

  const [streetDoc, gridDoc, deptDoc, nearby] = await places
  const detail: ReportDetail = {
    ...summaryOf(report, urls),
    description: report.description,
    photos: photos.map(toPhoto),
    location: privileged ? at : publicLocation(report),
    mine,
    can: availableCommands(report, actor, ctx.now),
    events: shownEvents.map((e) => {
      const v: EventView = { seq: e.seq, kind: e.kind, label: eventLabel[e.kind], to: e.to, at: new Date(e.at).toISOString(), actor: actorText(e) }
      if (e.note && (staff || e.kind !== 'note')) v.note = e.note
      const reason = reasonText(e)
      if (reason) v.reason = reason
      const ps = (e.photos ?? []).map((id) => byId.get(id)).filter((p): p is ReportPhoto => !!p && (p.review === 'visible' || (privileged && p.review === 'pending_review')))
      if (ps.length) v.photos = ps.map(toPhoto)
      return v
    }),
  }
  // Whoever took a photo is told it was hidden, rather than seeing it vanish; nobody else learns it existed.
  const hidden = report.photos.filter((p) => p.review === 'rejected' && p.by === actor.userId).length
  if (hidden) detail.hiddenPhotos = hidden
  if (streetDoc) detail.streetName = streetDoc.name
  if (gridDoc) detail.gridName = gridDoc.name
  if (nearby) detail.place = placeWithAddress(describePlace(at, { streetName: streetDoc?.name, gridName: gridDoc?.name, landmarks: nearby[0] }), nearby[1]).text
  // Only a distance and a compass point: the fix itself (where the reporter stood) never leaves the server.
  const moved = privileged && report.deviceFix ? pinMoveOf(report.deviceFix, at) : null
  if (moved) detail.pinMove = moved
  if (deptDoc) detail.departmentName = deptDoc.name
  if (report.rating !== undefined) detail.rating = report.rating
  if (report.mergedInto) detail.mergedInto = report.mergedInto
  if (staff || mine) {
    detail.dueAt = new Date(report.dueAt).toISOString()
    detail.overdue = report.overdue || isOverdue(report, ctx.now)
    detail.routeReason = report.routeReason
    const promise = handlingPromiseView(report, ctx.now)
    if (promise) detail.promise = promise
  }
  if (mine && report.pointsCredited !== undefined) detail.pointsCredited = report.pointsCredited
  return detail
}
