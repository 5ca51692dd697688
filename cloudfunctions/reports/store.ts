/**
 * Persistence around the pure report rules: who the caller is for the state machine (from their
 * grants), loading a report, finding the grids near a point, and committing one command through the
 * shared workflow commit (../_runtime/workflow.ts): the report's new fields and its event in one
 * transaction, so two staff acting at once cannot both win.
 */
import { createHash } from 'node:crypto'
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { offsetM, toGeoPoint, toGeoPolygon, type LngLat } from '../../src/core/geo'
import { applyCommand, type Actor, type Command } from '../../src/reports/machine'
import { defaultReportPolicy, type GridRef, type ReportDoc, type ReportEventDoc } from '../../src/reports/model'
import { dateOf, getById, type Database, type Transaction } from '../_runtime/db'
import type { ActionContext } from '../_runtime/router'
import { commitCommand, type Committed as WorkflowCommitted, type WorkflowStore } from '../_runtime/workflow'


/** A report as read through the SDK, with its geo point and dates in the shapes the pure rules read. */
export function normaliseReport(raw: ReportDoc): ReportDoc {
  const r = { ...raw, location: toGeoPoint(raw.location) }
  for (const k of ['createdAt', 'updatedAt', 'dueAt', 'acceptedAt', 'dispatchedAt', 'resolvedAt', 'closedAt', 'overdueAt'] as const) {
    const d = dateOf(r[k])
    if (d) (r as Record<string, unknown>)[k] = d
  }
  return r
}

export function actorOf(ctx: Pick<ActionContext, 'userId' | 'roles' | 'scopeIds'>): Actor {
  return {
    userId: ctx.userId,
    roles: ctx.roles,
    gridIds: ctx.scopeIds('grid', 'grid_worker'),
    gridWorkerStreetIds: ctx.scopeIds('street', 'grid_worker'),
    streetIds: ctx.scopeIds('street', 'dispatcher'),
    departmentIds: ctx.scopeIds('department', 'department_handler'),
  }
}

/** The report's `_id` from the reporter's idempotency key: a retried insert collides instead of duplicating. */
export function reportIdFor(scopedKey: string): string {
  return 'rp' + createHash('sha256').update(`nuanxin:report:${scopedKey}`).digest('hex').slice(0, 22)
}

export async function loadReport(db: Database, id: string): Promise<ReportDoc> {
  const doc = await getById<ReportDoc>(db, Collection.reports, id)
  if (!doc) throw new AppError('NOT_FOUND', '没有找到这件问题，可能已被合并或删除', 'reportId')
  return normaliseReport(doc)
}

/** A square of ±`m` metres around a point, as the SDK's Geo polygon. */
function box(db: Database, p: LngLat, m: number): unknown {
  const sw = offsetM(p, -m, -m)
  const ne = offsetM(p, m, m)
  const ring = [
    [sw.lng, sw.lat],
    [ne.lng, sw.lat],
    [ne.lng, ne.lat],
    [sw.lng, ne.lat],
    [sw.lng, sw.lat],
  ].map(([lng, lat]) => new db.Geo.Point(lng, lat))
  return new db.Geo.Polygon([new db.Geo.LineString(ring)])
}

/** Grids that could hold a point: those touching a small box around it, else those within the served radius. */
export async function gridsNear(db: Database, p: LngLat): Promise<GridRef[]> {
  const _ = db.command
  const fields = { _id: true, name: true, street: true, district: true, polygon: true }
  // A deactivated grid routes nothing new (seeded grids carry no flag, hence neq rather than true).
  const active = _.neq(false)
  const near = await db.collection<GridRef>(Collection.grids).where({ polygon: _.geoIntersects({ geometry: box(db, p, 2 * defaultReportPolicy.boundaryToleranceM) }), active }).field(fields).limit(20).get()
  const shaped = (list: GridRef[]) => list.map((g) => ({ ...g, polygon: toGeoPolygon(g.polygon) }))
  if (near.data.length) return shaped(near.data)
  const wide = await db.collection<GridRef>(Collection.grids).where({ polygon: _.geoIntersects({ geometry: box(db, p, defaultReportPolicy.maxOutsideDistanceM) }), active }).field(fields).limit(100).get()
  return shaped(wide.data)
}

export type Committed = WorkflowCommitted<ReportDoc, ReportEventDoc>

/** How reports are stored for the shared workflow commit (../_runtime/workflow.ts). */
const reportStore: WorkflowStore<ReportDoc> = {
  collection: Collection.reports,
  eventCollection: Collection.reportEvents,
  normalise: normaliseReport,
  notFound: { message: '没有找到这件问题，可能已被合并或删除', field: 'reportId' },
  conflict: '这件问题刚刚有了新进展，请刷新后再操作',
}

/**
 * Runs one command on a report inside a transaction. `also` writes what must commit together with the
 * transition (points credit, outbox rows); it may run more than once if the transaction retries.
 */
export async function runCommand(
  ctx: Pick<ActionContext, 'db' | 'now'>,
  reportId: string,
  command: Command | ((report: ReportDoc) => Command),
  actor: Actor,
  also?: (t: Transaction, c: Committed) => Promise<void>,
): Promise<Committed> {
  return commitCommand(ctx.db, reportStore, reportId, (before) => applyCommand(before, typeof command === 'function' ? command(before) : command, actor, ctx.now), also)
}
