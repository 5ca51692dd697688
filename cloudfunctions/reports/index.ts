/**
 * `reports` function (随手拍 and dispatch). Workers submit reports (text through msgSecCheck, photos held
 * until WeChat's image check or staff pass them, routed to a grid or the street dispatcher, exactly once per idempotency key), see their
 * own and the public ones nearby; grid workers and dispatchers triage, dispatch, transfer and merge;
 * department handlers resolve; the reporter confirms or reopens; a timer marks overdue reports and
 * auto-closes unanswered resolutions. Every change is one command of the pure state machine
 * (src/reports/machine.ts), committed with its event in one transaction (./store.ts).
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { distanceM, fromPoint, type LngLat } from '../../src/core/geo'
import { Role } from '../../src/core/roles'
import { PointRuleKind } from '../../src/passbook/vocabulary'
import { reportsContract, type CategoryView, type DepartmentOption, type FiguresView, type GridOption, type QueuePage, type ReportSummary, type TimerResult } from '../../src/reports/contract'
import { computeFigures, figuresBy, type FigureInput } from '../../src/reports/figures'
import { newReport, submitEvent, systemActor, type Command } from '../../src/reports/machine'
import { defaultReportPolicy, type CategoryDoc, type DepartmentRef, type GridRef, type ReportDoc, type ReportPhoto } from '../../src/reports/model'
import { routeLocation } from '../../src/reports/routing'
import { describePlace } from '../../src/reports/place'
import { autoCloseCutoff, handlingPromiseView, pinTooFarMessage, pinWithinReach, receiptCounterId, receiptNumber, suggestDuplicates } from '../../src/reports/rules'
import { allReportCategories, categoryIcon, categoryLabel, departmentStates, openStates, type ReportCategory } from '../../src/reports/vocabulary'
import { requireCleanTexts } from '../_runtime/content'
import { findAll, getById, isDuplicateKeyError, txGet, type Database } from '../_runtime/db'
import { createHandler, type ActionContext, type SystemContext } from '../_runtime/router'
import { cachedReference } from '../_runtime/reference-cache'
import { runInTransaction } from '../_runtime/transactions'
import { creditInTransaction } from '../passbook/credit'
import { ACTIVE_CATEGORIES_KEY, adminCategories, adminDepartments, adminGrids, adminStreets, saveCategory, saveDepartment, saveGrid } from './admin'
import { onMediaCheckPush, requestPhotoChecks } from './media-check'
import { landmarksNear } from './place'
import { deliver, queueMessage, staffFor, templateIds } from './notify'
import { actorOf, gridsNear, loadReport, normaliseReport, reportIdFor, runCommand, type Committed } from './store'
import { streetName } from './street-names'
import { detailOf, isStaffFor, photoUrls, publicLocation, queueItemOf, summaryOf } from './views'

const MAX_REPORTS_PER_DAY = 20

/** The active categories in display order, from the warm instance's reference cache. */
function activeCategories(db: Database): Promise<CategoryDoc[]> {
  return cachedReference(ACTIVE_CATEGORIES_KEY, async () => (await db.collection<CategoryDoc>(Collection.reportCategories).where({ active: true }).orderBy('order', 'asc').limit(50).get()).data)
}

async function loadCategory(db: Database, id: ReportCategory): Promise<CategoryDoc> {
  const cat = (await activeCategories(db)).find((c) => c._id === id)
  if (!cat || !cat.active) throw new AppError('INVALID_ARGUMENT', '这个类别暂不受理，请选择其他类别', 'categoryId')
  return cat
}

/** Photos must be files this flow uploaded (reports/ paths); a submission's own photos sit under its key. */
function requirePhotoPaths(photos: string[], key?: string): void {
  for (const [i, id] of photos.entries()) {
    const ok = key ? id.includes(`/reports/${key}/`) : id.includes('/reports/')
    if (!ok) throw new AppError('INVALID_ARGUMENT', '照片需要在本页用相机拍摄上传', `photos[${i}]`)
  }
}

/** A note goes into the report's history, which others read (the public sees every note but staff-only ones). */
function cleanNote(ctx: ActionContext, note: string | undefined): Promise<void> {
  return requireCleanTexts(ctx, [{ text: note, field: 'note', scene: 2, message: '说明里有不适宜的内容，其他人会在处理记录里看到它，请修改后再提交' }])
}

async function openDuplicates(db: Database, at: LngLat, categoryId: ReportCategory): Promise<Array<ReportDoc & { distanceM: number }>> {
  const _ = db.command
  const near = await db
    .collection<ReportDoc>(Collection.reports)
    .where({ location: _.geoNear({ geometry: new db.Geo.Point(at.lng, at.lat), maxDistance: defaultReportPolicy.duplicateRadiusM }), categoryId, state: _.in([...openStates]) })
    .limit(10)
    .get()
  return suggestDuplicates(at, categoryId, near.data.map(normaliseReport))
}

async function gridNames(db: Database, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))]
  if (!wanted.length) return new Map()
  const res = await db.collection<GridRef>(Collection.grids).where({ _id: db.command.in(wanted) }).field({ _id: true, name: true }).limit(wanted.length).get()
  return new Map(res.data.map((g) => [g._id, g.name]))
}

/** Staff-side department choice: the given one (active, same district) or the category's default. */
async function resolveDepartment(db: Database, report: ReportDoc, departmentId: string | undefined): Promise<DepartmentRef> {
  if (departmentId) {
    const d = await getById<DepartmentRef>(db, Collection.departments, departmentId)
    if (!d || !d.active) throw new AppError('NOT_FOUND', '没有找到这个部门', 'departmentId')
    if (d.district !== report.district) throw new AppError('INVALID_ARGUMENT', '只能派给本区的部门', 'departmentId')
    return d
  }
  const cat = await getById<CategoryDoc>(db, Collection.reportCategories, report.categoryId)
  const res = await db.collection<DepartmentRef>(Collection.departments).where({ district: report.district, kind: cat?.departmentKind ?? '', active: true }).limit(1).get()
  if (!res.data[0]) throw new AppError('NOT_FOUND', '该类别没有默认部门，请选择一个部门', 'departmentId')
  return res.data[0]
}

/** Runs a staff or reporter command and answers the caller's view of the report afterwards. */
async function act(ctx: ActionContext, reportId: string, command: Command | ((r: ReportDoc) => Command), also?: Parameters<typeof runCommand>[4]) {
  const actor = actorOf(ctx)
  const committed = await runCommand(ctx, reportId, command, actor, also)
  await afterCommit(ctx, committed)
  return detailOf(ctx, committed.after, actor)
}

/** Best-effort immediate delivery of the messages a transition queued (the timer retries the rest), and the image check of photos it added. */
async function afterCommit(ctx: ActionContext, c: Committed): Promise<void> {
  if (c.event.photos?.length) await requestPhotoChecks(ctx, c.after._id, c.event.photos)
  const pending = (await ctx.db.collection(Collection.dispatchOutbox).where({ reportId: c.after._id, sendState: 'pending' }).field({ _id: true }).limit(20).get()).data as Array<{ _id: string }>
  if (pending.length) await deliver(ctx, pending.map((p) => p._id))
}

async function acceptReport(ctx: ActionContext, reportId: string, note?: string, hidePhotos?: number[]) {
  return act(ctx, reportId, { type: 'accept', note, hidePhotos }, async (t, c) => {
    // Points only here: accepted (立案) is the one event that earns; rejected and merged never reach it.
    const credit = await creditInTransaction(t, {
      userId: c.after.reporterId,
      kind: PointRuleKind.report_accepted,
      source: { type: 'report', id: c.after._id },
      idempotencyKey: `report_accepted:${c.after._id}`,
      actorId: ctx.userId,
      now: ctx.now,
      reason: `随手拍被立案：${categoryLabel[c.after.categoryId]}`,
    })
    c.after.pointsCredited = credit.points
    await t.collection(Collection.reports).doc(c.after._id).update({ data: { pointsCredited: credit.points } })
    await queueMessage(t, c.after, c.after.reporterId, 'accepted', ctx.now, c.event.seq)
  })
}

async function rejectReport(ctx: ActionContext, reportId: string, reason: Extract<Command, { type: 'reject' }>['reason'], note?: string) {
  return act(ctx, reportId, { type: 'reject', reason, note }, async (t, c) => {
    await queueMessage(t, c.after, c.after.reporterId, 'rejected', ctx.now, c.event.seq, reason)
  })
}

async function dispatchReport(ctx: ActionContext, reportId: string, departmentId?: string, note?: string) {
  const report = await loadReport(ctx.db, reportId)
  const dept = await resolveDepartment(ctx.db, report, departmentId)
  return act(ctx, reportId, { type: 'dispatch', departmentId: dept._id, note })
}

/** The timer's job: mark overdue reports (and tell their staff), auto-close after 72 h, retry the outbox. */
async function runTimers(ctx: Pick<SystemContext, 'db' | 'cloud' | 'now' | 'fn'>, limit = 200): Promise<TimerResult> {
  const _ = ctx.db.command
  const jobCtx = { db: ctx.db, now: ctx.now }
  let overdue = 0
  let autoClosed = 0
  const late = (await ctx.db.collection<ReportDoc>(Collection.reports).where({ overdue: false, dueAt: _.lt(ctx.now), state: _.in([...openStates]) }).orderBy('dueAt', 'asc').limit(Math.min(100, limit)).get()).data
  for (const r of late) {
    const staff = await staffFor(ctx.db, r)
    try {
      await runCommand(jobCtx, r._id, { type: 'mark_overdue' }, systemActor, async (t, c) => {
        for (const userId of staff) await queueMessage(t, c.after, userId, 'overdue', ctx.now, c.event.seq)
      })
      overdue++
    } catch (err) {
      // Someone acted on it meanwhile; the next run sees the new state.
      if (!(err instanceof AppError)) throw err
    }
  }
  const stale = (await ctx.db.collection<ReportDoc>(Collection.reports).where({ state: 'resolved', resolvedAt: _.lte(autoCloseCutoff(ctx.now)) }).orderBy('resolvedAt', 'asc').limit(Math.min(100, limit)).get()).data
  for (const r of stale) {
    try {
      await runCommand(jobCtx, r._id, { type: 'auto_close' }, systemActor)
      autoClosed++
    } catch (err) {
      if (!(err instanceof AppError)) throw err
    }
  }
  const { sent, failed } = await deliver(ctx, undefined, limit)
  return { overdue, autoClosed, sent, failed }
}

function requireStaffRole(ctx: ActionContext, as: Role): void {
  if (!ctx.hasRole(as)) throw new AppError('FORBIDDEN', '您没有这个身份，不能查看该队列')
}

export const main = createHandler(
  reportsContract,
  {
    categories: {
      roles: 'any',
      handler: async (_input, ctx): Promise<CategoryView[]> => {
        return (await activeCategories(ctx.db))
          .filter((c) => (allReportCategories as readonly string[]).includes(c._id))
          .map((c) => ({ id: c._id as ReportCategory, name: c.name, icon: categoryIcon[c._id as ReportCategory], hint: c.hint, slaHours: c.slaHours, departmentKind: c.departmentKind }))
      },
    },

    suggest: {
      roles: 'any',
      handler: async ({ categoryId, location }, ctx) => {
        // Runs on every location fix of the report page, so it costs as few sequential round trips as it
        // can: the duplicate check does not depend on routing and starts at once; the grid's name comes
        // with the routing candidates; the street's name is cached briefly (./street-names.ts).
        const found = openDuplicates(ctx.db, location, categoryId).then(async (dups) => ({
          dups,
          urls: await photoUrls(ctx, dups.flatMap((d) => d.photos.filter((p) => p.review === 'visible').slice(0, 1).map((p) => p.fileId))),
        }))
        // An out-of-range location still answers OUT_OF_RANGE (routing's error wins, as when it ran first).
        found.catch(() => undefined)
        // The nearest known place for the (possibly moved) pin, from the district's own data only: this runs
        // on every pin move, so no geocoder round trip; a failed lookup leaves street and grid.
        const landmarks = landmarksNear(ctx.db, location).catch(() => [])
        const candidates = await gridsNear(ctx.db, location)
        const route = routeLocation(location, candidates)
        const [street, { dups, urls }, near] = await Promise.all([streetName(ctx.db, route.street), found, landmarks])
        const out = { route: { reason: route.reason, streetName: street ?? route.street } as { reason: typeof route.reason; streetName: string; gridName?: string }, duplicates: dups.map((d) => summaryOf(d, urls, d.distanceM)) }
        const name = route.gridId ? candidates.find((g) => g._id === route.gridId)?.name : undefined
        if (name) out.route.gridName = name
        return { ...out, place: describePlace(location, { streetName: out.route.streetName, gridName: name, landmarks: near }).text }
      },
    },

    submit: {
      roles: 'any',
      handler: async (input, ctx) => {
        const actor = actorOf(ctx)
        const scopedKey = `${ctx.userId}:${input.idempotencyKey}`
        const id = reportIdFor(scopedKey)
        const replay = async () => {
          const existing = await getById<ReportDoc>(ctx.db, Collection.reports, id)
          return existing ? { report: await detailOf(ctx, normaliseReport(existing), actor), replayed: true } : null
        }
        // A retried send (lost answer, draft flushed twice) answers the first report and changes nothing.
        const first = await replay()
        if (first) return first

        requirePhotoPaths(input.photos, input.idempotencyKey)
        // The reporter may move the pin off the device fix (the other side of the road, the right gate), but
        // only so far: the photos are taken on the spot, so a pin far from the fix is a slip of the finger.
        // Checked before the rate limit and every write, so a refused pin costs nothing and stores nothing.
        const reach = pinWithinReach(input.location, input.deviceFix)
        if (!reach.ok) throw new AppError('INVALID_ARGUMENT', pinTooFarMessage(reach), 'location')
        // After the replay check, so a retried send never counts twice.
        await ctx.rateLimit({ name: 'reports.submit', limit: MAX_REPORTS_PER_DAY, windowSec: 86_400, message: `今天已上报 ${MAX_REPORTS_PER_DAY} 条，谢谢你！明天再来吧` })
        const category = await loadCategory(ctx.db, input.categoryId)
        await requireCleanTexts(ctx, [
          { text: input.description, field: 'description', scene: 2, message: '问题描述里有不适宜的内容（如广告、辱骂），请删改描述后再提交；照片和位置已为你保留' },
          { text: input.address, field: 'address', scene: 2, message: '地址里有不适宜的内容，它会公开显示，请改写地址后再提交；照片和描述已为你保留' },
        ])
        const route = routeLocation(input.location, await gridsNear(ctx.db, input.location))

        const draft = {
          _id: id,
          idempotencyKey: scopedKey,
          reporterId: ctx.userId,
          categoryId: input.categoryId,
          description: input.description ?? '',
          location: input.location,
          deviceFix: input.deviceFix,
          address: input.address,
          route,
          slaHours: category.slaHours,
          photos: input.photos.map((fileId): ReportPhoto => ({ fileId, kind: 'report', review: 'pending_review', by: ctx.userId, at: ctx.now })),
          now: ctx.now,
        }
        let report: ReportDoc
        try {
          report = await runInTransaction(ctx.db, async (t) => {
            // The day's receipt counter moves in the same transaction as the insert: a send that loses a race
            // (or a replayed one) rolls its number back, and two sends at once conflict here and retry.
            const counterId = receiptCounterId(ctx.now)
            const counter = await txGet<{ seq?: number }>(t, Collection.counters, counterId)
            const seq = (counter?.seq ?? 0) + 1
            await t.collection(Collection.counters).doc(counterId).set({ data: { seq, updatedAt: ctx.now } })
            const made = newReport({ ...draft, receiptNo: receiptNumber(ctx.now, seq) })
            const { _id, ...data } = made
            // add() with the derived _id fails on a second insert, where set() would overwrite.
            await t.collection(Collection.reports).add({ data: { _id, ...data, location: new ctx.db.Geo.Point(input.location.lng, input.location.lat) } })
            await t.collection(Collection.reportEvents).add({ data: { ...submitEvent(made) } })
            return made
          })
        } catch (err) {
          // Two sends of the same draft raced: the other one stored it.
          const again = await replay()
          if (again) return again
          if (isDuplicateKeyError(err)) throw new AppError('CONFLICT')
          throw err
        }
        await requestPhotoChecks(ctx, report._id, input.photos)
        return { report: await detailOf(ctx, report, actor), replayed: false }
      },
    },

    addPhotos: {
      roles: 'any',
      handler: async ({ reportId, location, photos }, ctx) => {
        requirePhotoPaths(photos)
        const report = await loadReport(ctx.db, reportId)
        if (distanceM(location, fromPoint(report.location)) > defaultReportPolicy.addPhotoRadiusM) {
          throw new AppError('OUT_OF_RANGE', `请到问题现场 ${defaultReportPolicy.addPhotoRadiusM} 米内拍照补充`)
        }
        return act(ctx, reportId, { type: 'add_photos', photos })
      },
    },

    mine: {
      roles: 'any',
      handler: async ({ page }, ctx) => {
        const res = await ctx.db
          .collection<ReportDoc>(Collection.reports)
          .where({ reporterId: ctx.userId })
          .orderBy('createdAt', 'desc')
          .skip(page?.offset ?? 0)
          .limit(page?.limit ?? 20)
          .get()
        res.data = res.data.map(normaliseReport)
        // The reporter sees their own photos while they are under review.
        const urls = await photoUrls(ctx, res.data.flatMap((r) => r.photos.slice(0, 1).map((p) => p.fileId)))
        return {
          items: res.data.map((r) => {
            const item: ReportSummary = { ...summaryOf(r, urls), ...(r.photos[0] && r.photos[0].review !== 'rejected' ? { cover: urls.get(r.photos[0].fileId) } : {}) }
            const promise = handlingPromiseView(r, ctx.now)
            if (promise) item.promise = promise
            return item
          }),
        }
      },
    },

    detail: {
      roles: 'any',
      handler: async ({ reportId }, ctx) => detailOf(ctx, await loadReport(ctx.db, reportId), actorOf(ctx)),
    },

    nearby: {
      roles: 'any',
      handler: async ({ location, radiusM, limit }, ctx) => {
        const _ = ctx.db.command
        const res = await ctx.db
          .collection<ReportDoc>(Collection.reports)
          .where({ location: _.geoNear({ geometry: new ctx.db.Geo.Point(location.lng, location.lat), maxDistance: radiusM ?? 1000 }), state: _.in([...openStates, 'resolved', 'confirmed', 'closed']) })
          .limit(limit ?? 20)
          .get()
        res.data = res.data.map(normaliseReport)
        const urls = await photoUrls(ctx, res.data.flatMap((r) => r.photos.filter((p) => p.review === 'visible').slice(0, 1).map((p) => p.fileId)))
        const items: ReportSummary[] = res.data.map((r) => ({ ...summaryOf(r, urls, distanceM(location, fromPoint(r.location))), at: publicLocation(r) }))
        return { items }
      },
    },

    queue: {
      roles: [Role.grid_worker, Role.dispatcher, Role.department_handler],
      handler: async (input, ctx): Promise<QueuePage> => {
        const _ = ctx.db.command
        requireStaffRole(ctx, input.as)
        const where: Record<string, unknown> = {}
        if (input.as === 'grid_worker') {
          const grids = ctx.scopeIds('grid', 'grid_worker')
          const streets = ctx.scopeIds('street', 'grid_worker')
          if (input.gridId) {
            const g = await getById<GridRef>(ctx.db, Collection.grids, input.gridId)
            if (!g || !(grids.includes(g._id) || streets.includes(g.street))) throw new AppError('FORBIDDEN', '这个网格不在您负责的范围内', 'gridId')
            where.gridId = input.gridId
          } else if (streets.length) where.street = _.in(streets)
          else where.gridId = _.in(grids)
        } else if (input.as === 'dispatcher') {
          where.street = _.in(ctx.scopeIds('street', 'dispatcher'))
          if (input.unassigned) where.gridId = null
          else if (input.gridId) where.gridId = input.gridId
        } else {
          where.departmentId = _.in(ctx.scopeIds('department', 'department_handler'))
        }
        const defaultStates = input.as === 'department_handler' ? departmentStates : openStates
        if (input.state) where.state = input.state
        else if (!input.all) where.state = _.in([...defaultStates])
        if (input.categoryId) where.categoryId = input.categoryId
        if (input.overdue) where.dueAt = _.lt(ctx.now)
        const limit = input.page?.limit ?? 20
        const offset = input.page?.offset ?? 0
        // Due time ascending is urgency order: overdue reports have the earliest due times.
        const [page, count] = await Promise.all([
          ctx.db.collection<ReportDoc>(Collection.reports).where(where).orderBy('dueAt', 'asc').orderBy('_id', 'asc').skip(offset).limit(limit).get(),
          ctx.db.collection(Collection.reports).where(where).count(),
        ])
        page.data = page.data.map(normaliseReport)
        const urls = await photoUrls(ctx, page.data.flatMap((r) => r.photos.filter((p) => p.review !== 'rejected').slice(0, 1).map((p) => p.fileId)))
        const names = await gridNames(ctx.db, page.data.map((r) => r.gridId))
        return { items: page.data.map((r) => queueItemOf(r, urls, ctx.now, names)), total: count.total, limit, offset }
      },
    },

    departments: {
      roles: [Role.grid_worker, Role.dispatcher],
      handler: async ({ reportId }, ctx): Promise<DepartmentOption[]> => {
        const report = await loadReport(ctx.db, reportId)
        if (!isStaffFor(report, actorOf(ctx))) throw new AppError('FORBIDDEN', '这件问题不在您负责的网格或街道内')
        const cat = await getById<CategoryDoc>(ctx.db, Collection.reportCategories, report.categoryId)
        const res = await ctx.db.collection<DepartmentRef>(Collection.departments).where({ district: report.district, active: true }).limit(50).get()
        // The category's default department first.
        const sorted = [...res.data].sort((a, b) => Number(b.kind === cat?.departmentKind) - Number(a.kind === cat?.departmentKind) || a._id.localeCompare(b._id))
        return sorted.map((d) => ({ id: d._id, name: d.name, kind: d.kind, suggested: d.kind === cat?.departmentKind }))
      },
    },

    grids: {
      roles: [Role.grid_worker, Role.dispatcher],
      handler: async ({ reportId }, ctx): Promise<GridOption[]> => {
        const report = await loadReport(ctx.db, reportId)
        if (!isStaffFor(report, actorOf(ctx))) throw new AppError('FORBIDDEN', '这件问题不在您负责的网格或街道内')
        const res = await ctx.db.collection<GridRef>(Collection.grids).where({ street: report.street, active: ctx.db.command.neq(false) }).orderBy('_id', 'asc').limit(50).get()
        return res.data.map((g) => ({ id: g._id, name: g.name, street: g.street }))
      },
    },

    accept: { roles: [Role.grid_worker, Role.dispatcher], handler: async ({ reportId, note, hidePhotos }, ctx) => {
        await cleanNote(ctx, note)
        return acceptReport(ctx, reportId, note, hidePhotos)
      },
    },
    reject: { roles: [Role.grid_worker, Role.dispatcher], handler: async ({ reportId, reason, note }, ctx) => {
        await cleanNote(ctx, note)
        return rejectReport(ctx, reportId, reason, note)
      },
    },

    merge: {
      roles: [Role.grid_worker, Role.dispatcher],
      handler: async ({ reportId, targetId, note }, ctx) => {
        await cleanNote(ctx, note)
        const target = await loadReport(ctx.db, targetId).catch(() => {
          throw new AppError('NOT_FOUND', '没有找到要合并到的问题', 'targetId')
        })
        return act(ctx, reportId, { type: 'merge', target, note }, async (t) => {
          await t.collection(Collection.reports).doc(target._id).update({ data: { duplicateCount: ctx.db.command.inc(1), updatedAt: ctx.now } })
        })
      },
    },

    dispatch: { roles: [Role.grid_worker, Role.dispatcher], handler: async ({ reportId, departmentId, note }, ctx) => {
        await cleanNote(ctx, note)
        return dispatchReport(ctx, reportId, departmentId, note)
      },
    },

    transfer: {
      roles: [Role.grid_worker, Role.dispatcher],
      handler: async ({ reportId, gridId, note }, ctx) => {
        await cleanNote(ctx, note)
        const report = await loadReport(ctx.db, reportId)
        const grid = await getById<GridRef>(ctx.db, Collection.grids, gridId)
        if (!grid) throw new AppError('NOT_FOUND', '没有找到这个网格', 'gridId')
        if (grid.active === false) throw new AppError('INVALID_ARGUMENT', '这个网格已停用，请转交给其他网格', 'gridId')
        if (grid.district !== report.district) throw new AppError('INVALID_ARGUMENT', '只能转交给本区的网格', 'gridId')
        return act(ctx, reportId, { type: 'transfer', toGridId: grid._id, toStreet: grid.street, note })
      },
    },

    addNote: { roles: [Role.grid_worker, Role.dispatcher, Role.department_handler], handler: async ({ reportId, note }, ctx) => {
        await cleanNote(ctx, note)
        return act(ctx, reportId, { type: 'note', note })
      },
    },
    reviewPhotos: { roles: [Role.grid_worker, Role.dispatcher], handler: async ({ reportId, decisions }, ctx) => act(ctx, reportId, { type: 'review_photos', decisions }) },
    start: { roles: [Role.department_handler], handler: async ({ reportId, note }, ctx) => {
        await cleanNote(ctx, note)
        return act(ctx, reportId, { type: 'start', note })
      },
    },

    resolve: {
      roles: [Role.department_handler],
      handler: async ({ reportId, photos, note }, ctx) => {
        requirePhotoPaths(photos)
        await cleanNote(ctx, note)
        return act(ctx, reportId, { type: 'resolve', photos, note }, async (t, c) => {
          await queueMessage(t, c.after, c.after.reporterId, 'resolved', ctx.now, c.event.seq)
        })
      },
    },

    sendBack: { roles: [Role.department_handler], handler: async ({ reportId, reason, note }, ctx) => {
        await cleanNote(ctx, note)
        return act(ctx, reportId, { type: 'send_back', reason, note })
      },
    },
    confirm: { roles: 'any', handler: async ({ reportId, rating, note }, ctx) => {
        await cleanNote(ctx, note)
        return act(ctx, reportId, { type: 'confirm', rating, note })
      },
    },

    reopen: {
      roles: 'any',
      handler: async ({ reportId, photos, note }, ctx) => {
        requirePhotoPaths(photos)
        await cleanNote(ctx, note)
        return act(ctx, reportId, { type: 'reopen', photos, note })
      },
    },

    bulk: {
      roles: [Role.dispatcher],
      handler: async ({ reportIds, command, reason, departmentId, note }, ctx) => {
        if (command === 'reject' && !reason) throw new AppError('INVALID_ARGUMENT', '批量不予受理需要选择原因', 'reason')
        await cleanNote(ctx, note)
        const results = []
        for (const id of reportIds) {
          try {
            if (command === 'accept') await acceptReport(ctx, id, note)
            else if (command === 'reject') await rejectReport(ctx, id, reason!, note)
            else await dispatchReport(ctx, id, departmentId, note)
            results.push({ id, ok: true })
          } catch (err) {
            const e = err instanceof AppError ? err : new AppError('INTERNAL')
            results.push({ id, ok: false, code: e.code, message: e.message })
          }
        }
        return { results }
      },
    },

    subscribeTemplates: {
      roles: 'any',
      // Only real (configured) templates: asking WeChat for a placeholder id fails the whole request.
      handler: async () => ({ templateIds: [...new Set([templateIds.accepted, templateIds.resolved])].filter((id) => !id.startsWith('local-')) }),
    },

    figures: {
      roles: [Role.grid_worker, Role.dispatcher, Role.admin],
      handler: async ({ street, days }, ctx): Promise<FiguresView> => {
        const _ = ctx.db.command
        const isAdmin = ctx.roles.includes(Role.admin)
        // Whole streets: admins (all), dispatchers and street-wide grid workers (theirs); grid workers otherwise see their grids.
        const wholeStreets = new Set([...ctx.scopeIds('street', 'dispatcher'), ...ctx.scopeIds('street', 'grid_worker')])
        const myGrids = ctx.scopeIds('grid', 'grid_worker')
        const gridDocs = myGrids.length ? (await ctx.db.collection<GridRef>(Collection.grids).where({ _id: _.in(myGrids) }).field({ _id: true, name: true, street: true }).limit(myGrids.length).get()).data : []
        const streetDocs = isAdmin
          ? await findAll<{ _id: string; name: string }>(ctx.db, Collection.streets, {}, 200)
          : await findAll<{ _id: string; name: string }>(ctx.db, Collection.streets, { _id: _.in([...new Set([...wholeStreets, ...gridDocs.map((g) => g.street)])]) }, 200)
        const streets = streetDocs.map((d) => ({ id: d._id, name: d.name })).sort((a, b) => a.id.localeCompare(b.id))
        const chosen = street ?? [...wholeStreets][0] ?? streets[0]?.id
        if (!chosen) throw new AppError('FORBIDDEN', '您还没有负责的街道或网格，请联系管理员授权')
        const whole = isAdmin || wholeStreets.has(chosen)
        const gridsHere = gridDocs.filter((g) => g.street === chosen).map((g) => g._id)
        if (!whole && !gridsHere.length) throw new AppError('FORBIDDEN', '这个街道不在您负责的范围内', 'street')
        const from = new Date(ctx.now.getTime() - (days ?? 30) * 86_400_000)
        const where: Record<string, unknown> = { street: chosen, createdAt: _.gte(from) }
        if (!whole) where.gridId = _.in(gridsHere)
        const docs = (await findAll<ReportDoc>(ctx.db, Collection.reports, where, 5000)).map(normaliseReport)
        const rows: FigureInput[] = docs.map((r) => ({ state: r.state, gridId: r.gridId, departmentId: r.departmentId, createdAt: r.createdAt, resolvedAt: r.resolvedAt, overdue: r.overdue, rating: r.rating, resolvedBy: r.resolvedBy ?? null }))
        const byGrid = figuresBy(rows, 'gridId')
        const byDept = figuresBy(rows, 'departmentId')
        const gNames = await gridNames(ctx.db, Object.keys(byGrid))
        const deptIds = Object.keys(byDept).filter(Boolean)
        const depts = deptIds.length ? (await ctx.db.collection<DepartmentRef>(Collection.departments).where({ _id: _.in(deptIds) }).limit(deptIds.length).get()).data : []
        const dNames = new Map(depts.map((d) => [d._id, d.name]))
        const streetName = streets.find((x) => x.id === chosen)?.name ?? (await getById<{ name: string }>(ctx.db, Collection.streets, chosen))?.name ?? chosen
        return {
          from: from.toISOString(),
          to: ctx.now.toISOString(),
          street: { id: chosen, name: streetName },
          streets,
          scope: whole ? 'street' : 'grids',
          total: computeFigures(rows),
          byGrid: Object.entries(byGrid).map(([id, figures]) => ({ id, name: id ? gNames.get(id) ?? id : '街道直派（无网格）', figures })),
          byDepartment: Object.entries(byDept).filter(([id]) => id).map(([id, figures]) => ({ id, name: dNames.get(id) ?? id, figures })),
        }
      },
    },

    adminCategories: { roles: [Role.admin], handler: async (input, ctx) => adminCategories(ctx.db, input) },
    saveCategory: { roles: [Role.admin], handler: async (input, ctx) => saveCategory(ctx, input) },
    adminDepartments: { roles: [Role.admin], handler: async (input, ctx) => adminDepartments(ctx.db, input) },
    saveDepartment: { roles: [Role.admin], handler: async (input, ctx) => saveDepartment(ctx, input) },
    adminGrids: { roles: [Role.admin], handler: async (input, ctx) => adminGrids(ctx.db, input) },
    saveGrid: { roles: [Role.admin], handler: async (input, ctx) => saveGrid(ctx, input) },
    adminStreets: { roles: [Role.admin], handler: async (_input, ctx) => adminStreets(ctx.db) },

    runTimers: {
      roles: 'any',
      internal: true,
      handler: async ({ limit }, ctx) => runTimers(ctx, limit),
    },
  },
  { name: 'reports', timers: { reportsTimer: (sys) => runTimers(sys) }, pushes: { 'event:wxa_media_check': onMediaCheckPush } },
)

