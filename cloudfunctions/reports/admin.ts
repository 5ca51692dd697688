/**
 * The admin's reference data of reports: categories (SLA hours, default department kind, order, on/off),
 * departments and grids. Lists are paged; each save is written together with its audit entry (actor,
 * before, after, reason) in one transaction. Nothing is ever deleted — reports name their category,
 * department and grid — so "停用" is `active: false`: a category is no longer offered to reporters, a
 * department no longer offered or defaulted for dispatch, a grid no longer routes new reports. Names and
 * hints others read pass the content check; a category's name is the closed list's label and is not edited.
 * A saved category also drops this warm instance's category cache.
 */
import { randomBytes } from 'node:crypto'
import { Collection } from '../../src/core/collections'
import type { InputOf } from '../../src/core/contract'
import { AppError } from '../../src/core/errors'
import { rectangle, type LngLat } from '../../src/core/geo'
import { gridBoundsProblem, missingCategories, nameTaken } from '../../src/reports/admin-rules'
import type { AdminCategoryPage, AdminCategoryView, AdminDepartmentView, AdminGridView, AdminPage, ReportsContract, StreetOption } from '../../src/reports/contract'
import type { CategoryDoc, DepartmentRef, GridRef } from '../../src/reports/model'
import { categoryIcon, categoryLabel, ReportsAudit, type ReportCategory } from '../../src/reports/vocabulary'
import { writeAudit } from '../_runtime/audit'
import { requireCleanTexts } from '../_runtime/content'
import { findAll, findPage, getById, txGet, type Database } from '../_runtime/db'
import { forgetReference } from '../_runtime/reference-cache'
import type { ActionContext } from '../_runtime/router'
import { runInTransaction } from '../_runtime/transactions'

/** The reference-cache key of the active categories (read by `categories` and `submit`). */
export const ACTIVE_CATEGORIES_KEY = 'reports.activeCategories'

interface StreetDoc {
  _id: string
  name: string
  district: string
  centre?: LngLat
}

type Input<K extends keyof ReportsContract> = InputOf<ReportsContract[K]>

function strip<T extends { _id: string }>(doc: T): Omit<T, '_id'> {
  const { _id: _omit, ...rest } = doc
  return rest
}

function categoryView(c: CategoryDoc): AdminCategoryView {
  return { id: c._id as ReportCategory, name: c.name, icon: categoryIcon[c._id as ReportCategory] ?? '', hint: c.hint ?? '', slaHours: c.slaHours, departmentKind: c.departmentKind, order: c.order, active: c.active !== false }
}

function departmentView(d: DepartmentRef): AdminDepartmentView {
  return { id: d._id, name: d.name, kind: d.kind, district: d.district, active: d.active !== false }
}

function gridView(g: GridRef): AdminGridView {
  const view: AdminGridView = { id: g._id, name: g.name, street: g.street, streetName: g.streetName ?? g.street, district: g.district, active: g.active !== false }
  if (Array.isArray(g.bbox) && g.bbox.length === 4) view.bbox = [...g.bbox] as [number, number, number, number]
  return view
}

function refused(field: string, message: string): never {
  throw new AppError('INVALID_ARGUMENT', message, field)
}

async function requireStreet(db: Database, id: string): Promise<StreetDoc> {
  const street = await getById<StreetDoc>(db, Collection.streets, id)
  if (!street) throw new AppError('NOT_FOUND', '没有找到这个街道', 'street')
  return street
}

async function requireDistrict(db: Database, district: string): Promise<void> {
  const res = await db.collection(Collection.streets).where({ district }).limit(1).get()
  if (!res.data.length) throw new AppError('NOT_FOUND', `没有找到“${district}”，请从已有的区县中选择`, 'district')
}

/** Every change keeps a record; a save that changes nothing is refused so the log holds only real changes. */
function changedFields<T extends Record<string, unknown>>(before: T | null, after: T): string[] {
  if (!before) return Object.keys(after)
  return Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
}

export async function adminCategories(db: Database, input: Input<'adminCategories'>): Promise<AdminCategoryPage> {
  const page = await findPage<CategoryDoc>(db, Collection.reportCategories, {}, { limit: input.page?.limit ?? 20, offset: input.page?.offset ?? 0, orderBy: [['order', 'asc'], ['_id', 'asc']] })
  // The closed list has a dozen entries: reading their ids is one small bounded query.
  const ids = (await db.collection<CategoryDoc>(Collection.reportCategories).field({ _id: true }).limit(100).get()).data.map((c) => c._id)
  return { items: page.items.map(categoryView), total: page.total, limit: page.limit, offset: page.offset, missing: missingCategories(ids) }
}

export async function saveCategory(ctx: ActionContext, input: Input<'saveCategory'>): Promise<AdminCategoryView> {
  const { db } = ctx
  const stored = await getById<CategoryDoc>(db, Collection.reportCategories, input.id)
  if (!stored || stored.hint !== input.hint) {
    // Shown to every reporter under the category's name on the picker.
    await requireCleanTexts(ctx, [{ text: input.hint, field: 'hint', scene: 1, message: '类别说明里有不适宜的内容，所有上报的人都会看到它，请修改' }])
  }
  const count = stored ? 0 : (await db.collection(Collection.reportCategories).count()).total
  const saved = await runInTransaction(db, async (t) => {
    const before = await txGet<CategoryDoc>(t, Collection.reportCategories, input.id)
    // The closed list's label: the picker then says what every report, notice and ledger line says.
    const fields = { name: categoryLabel[input.id], hint: input.hint, slaHours: input.slaHours, departmentKind: input.departmentKind, order: input.order ?? before?.order ?? count + 1, active: input.active }
    const beforeFields = before ? { name: before.name, hint: before.hint, slaHours: before.slaHours, departmentKind: before.departmentKind, order: before.order, active: before.active !== false } : null
    if (!changedFields(beforeFields, fields).length) refused('slaHours', '没有修改任何内容')
    const after: CategoryDoc = { points: 20, ...(before ?? {}), _id: input.id, ...fields, updatedAt: ctx.now }
    await t.collection(Collection.reportCategories).doc(input.id).set({ data: strip(after) })
    await writeAudit(t, { action: ReportsAudit.categorySave, actorId: ctx.userId, targetKind: 'report_category', targetId: input.id, before: beforeFields, after: fields, reason: input.reason, origin: 'reports.saveCategory' }, ctx.now)
    return after
  })
  // This warm instance offers the change at once; others within the cache's TTL (60 s).
  forgetReference(ACTIVE_CATEGORIES_KEY)
  return categoryView(saved)
}

export async function adminDepartments(db: Database, input: Input<'adminDepartments'>): Promise<AdminPage<AdminDepartmentView>> {
  const where = input.district ? { district: input.district } : {}
  const page = await findPage<DepartmentRef>(db, Collection.departments, where, { limit: input.page?.limit ?? 20, offset: input.page?.offset ?? 0, orderBy: [['district', 'asc'], ['_id', 'asc']] })
  return { items: page.items.map(departmentView), total: page.total, limit: page.limit, offset: page.offset }
}

export async function saveDepartment(ctx: ActionContext, input: Input<'saveDepartment'>): Promise<AdminDepartmentView> {
  const { db } = ctx
  const stored = input.id ? await getById<DepartmentRef>(db, Collection.departments, input.id) : null
  if (input.id && !stored) throw new AppError('NOT_FOUND', '没有找到这个部门', 'id')
  // A department's reports and handlers' scopes belong to its district: it never moves.
  if (stored && stored.district !== input.district) refused('district', '部门不能改到其他区县；请在那个区县新增部门')
  await requireDistrict(db, input.district)
  const sameDistrict = await findAll<DepartmentRef>(db, Collection.departments, { district: input.district }, 500)
  if (nameTaken(input.name, sameDistrict, input.id)) refused('name', `${input.district}已有名为“${input.name}”的部门，请换一个名称`)
  if (!stored || stored.name !== input.name) {
    // Shown to the reporter and the public on the report's detail as the handling department.
    await requireCleanTexts(ctx, [{ text: input.name, field: 'name', scene: 1, message: '部门名称里有不适宜的内容，上报的人会看到它，请修改' }])
  }
  const id = input.id ?? `dept-${randomBytes(6).toString('hex')}`
  const saved = await runInTransaction(db, async (t) => {
    const before = input.id ? await txGet<DepartmentRef>(t, Collection.departments, id) : null
    if (input.id && !before) throw new AppError('NOT_FOUND', '没有找到这个部门', 'id')
    const fields = { name: input.name, kind: input.kind, district: input.district, active: input.active }
    const beforeFields = before ? { name: before.name, kind: before.kind, district: before.district, active: before.active !== false } : null
    if (!changedFields(beforeFields, fields).length) refused('name', '没有修改任何内容')
    const after: DepartmentRef = { ...(before ?? {}), _id: id, ...fields, updatedAt: ctx.now }
    await t.collection(Collection.departments).doc(id).set({ data: strip(after) })
    await writeAudit(t, { action: ReportsAudit.departmentSave, actorId: ctx.userId, targetKind: 'department', targetId: id, before: beforeFields, after: fields, reason: input.reason, origin: 'reports.saveDepartment' }, ctx.now)
    return after
  })
  return departmentView(saved)
}

export async function adminGrids(db: Database, input: Input<'adminGrids'>): Promise<AdminPage<AdminGridView>> {
  const where = input.street ? { street: input.street } : {}
  const page = await findPage<GridRef>(db, Collection.grids, where, {
    limit: input.page?.limit ?? 20,
    offset: input.page?.offset ?? 0,
    orderBy: [['street', 'asc'], ['_id', 'asc']],
    // The polygon stays on the server: the list shows the rectangle around it.
    projection: { polygon: false },
  })
  return { items: page.items.map(gridView), total: page.total, limit: page.limit, offset: page.offset }
}

export async function saveGrid(ctx: ActionContext, input: Input<'saveGrid'>): Promise<AdminGridView> {
  const { db } = ctx
  const stored = input.id ? await getById<GridRef>(db, Collection.grids, input.id) : null
  if (input.id && !stored) throw new AppError('NOT_FOUND', '没有找到这个网格', 'id')
  if (stored && input.bounds) refused('bounds', '已有网格的范围不能在这里修改，请联系技术人员导入新的边界')
  if (!stored && !input.bounds) refused('bounds', '新增网格需要填写范围（四至经纬度）')
  const street = await requireStreet(db, input.street)
  if (stored && street.district !== stored.district) refused('street', '网格只能改到同一区县的街道')
  if (input.bounds) {
    const problem = gridBoundsProblem(input.bounds, street.centre)
    if (problem) refused(problem.field, problem.message)
  }
  const sameStreet = await findAll<GridRef>(db, Collection.grids, { street: input.street }, 500)
  if (nameTaken(input.name, sameStreet, input.id)) refused('name', `${street.name}已有名为“${input.name}”的网格，请换一个名称`)
  if (!stored || stored.name !== input.name) {
    // Shown to the reporter before sending ("将由 … 网格处理") and on the report's detail.
    await requireCleanTexts(ctx, [{ text: input.name, field: 'name', scene: 1, message: '网格名称里有不适宜的内容，上报的人会看到它，请修改' }])
  }
  const id = input.id ?? `grid-${randomBytes(6).toString('hex')}`
  const saved = await runInTransaction(db, async (t) => {
    const before = input.id ? await txGet<GridRef>(t, Collection.grids, id) : null
    if (input.id && !before) throw new AppError('NOT_FOUND', '没有找到这个网格', 'id')
    const fields = { name: input.name, street: street._id, streetName: street.name, district: street.district, active: input.active }
    const beforeFields = before ? { name: before.name, street: before.street, streetName: before.streetName ?? before.street, district: before.district, active: before.active !== false } : null
    if (!changedFields(beforeFields, fields).length) refused('name', '没有修改任何内容')
    let data: Record<string, unknown>
    let auditAfter: Record<string, unknown> = fields
    if (before) {
      // Only the edited fields: the stored polygon (a Geo value) is left exactly as it is.
      data = { ...fields, updatedAt: ctx.now }
    } else {
      const b = input.bounds!
      const ring = rectangle({ lng: b.west, lat: b.south }, { lng: b.east, lat: b.north }).coordinates[0].map(([lng, lat]) => new db.Geo.Point(lng, lat))
      const bbox = [b.west, b.south, b.east, b.north]
      data = { ...fields, polygon: new db.Geo.Polygon([new db.Geo.LineString(ring)]), bbox, order: sameStreet.length + 1, createdAt: ctx.now, updatedAt: ctx.now }
      auditAfter = { ...fields, bbox }
    }
    if (before) await t.collection(Collection.grids).doc(id).update({ data })
    else await t.collection(Collection.grids).doc(id).set({ data })
    await writeAudit(t, { action: ReportsAudit.gridSave, actorId: ctx.userId, targetKind: 'grid', targetId: id, before: beforeFields, after: auditAfter, reason: input.reason, origin: 'reports.saveGrid' }, ctx.now)
    return { ...(before ?? {}), _id: id, ...data } as unknown as GridRef
  })
  return gridView(saved)
}

export async function adminStreets(db: Database): Promise<StreetOption[]> {
  const list = await findAll<StreetDoc>(db, Collection.streets, {}, 500)
  return list.map((s) => ({ id: s._id, name: s.name, district: s.district })).sort((a, b) => a.district.localeCompare(b.district, 'zh-CN') || a.id.localeCompare(b.id))
}
