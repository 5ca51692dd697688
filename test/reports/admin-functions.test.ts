/**
 * The admin's reference data of reports — categories with SLA hours, departments, grids — through the
 * emulator with the real wx-server-sdk and the demo data: refused for every non-admin role, invalid input
 * refused with the field named and nothing stored (no document, no audit entry), every change audited
 * with its reason, a deactivated category no longer offered to reporters nor accepted, a changed SLA used
 * by the next report, a new grid routing reports and a deactivated one routing none (nor taking new grants).
 *
 * The calls are sequential and each submission waits for its image-check pushes, so every call lands on
 * the same warm instance: the one whose category cache a save must drop.
 */
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import { offsetM, type LngLat } from '../../src/core/geo'
import type { AdminCategoryPage, AdminCategoryView, AdminDepartmentView, AdminGridView, AdminPage, CategoryView, DepartmentOption, ReportDetail, StreetOption, SubmitResult } from '../../src/reports/contract'
import type { ReportDoc } from '../../src/reports/model'
import { startProject, type Project } from '../support/project'

let app: Project

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['reports', 'users'] })
}, 90_000)

afterAll(async () => {
  await app?.close()
})

function data<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${res.error.code}: ${res.error.message}`)
  return res.data
}

function expectError(res: Envelope<unknown>, code: string, field?: string) {
  expect(res.ok).toBe(false)
  if (res.ok) return
  expect(res.error.code).toBe(code)
  expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/)
  if (field !== undefined) expect(res.error.field).toBe(field)
}

const audits = async (): Promise<number> => (await app.db.collection(Collection.auditLog).count()).total
const docOf = async <T>(collection: string, id: string): Promise<T | undefined> => (await app.db.collection(collection).where({ _id: id }).get()).data[0] as T | undefined
const lastAudit = async () => (await app.db.collection(Collection.auditLog).orderBy('at', 'desc').limit(1).get()).data[0]

let seq = 0
async function submit(at: LngLat, categoryId: string): Promise<Envelope<SubmitResult>> {
  const key = `admin-ref-${++seq}-${Date.now().toString(36)}`
  const res = await app.call<SubmitResult>('reports', 'submit', { idempotencyKey: key, categoryId, location: at, address: '星港街 1 号', description: '现场有问题', photos: [`cloud://local-dev.bucket/reports/${key}/0.jpg`] }, `o-admin-ref-${seq}`)
  // The image check's push runs the function too; waiting for it keeps the next call on the same instance.
  await app.emu.settlePushes()
  return res
}

async function gridCentre(id: string): Promise<LngLat> {
  const b = ((await docOf<{ bbox: number[] }>(Collection.grids, id)) as { bbox: number[] }).bbox
  return { lng: (b[0] + b[2]) / 2, lat: (b[1] + b[3]) / 2 }
}

const garbage = { id: 'cat-garbage', hint: '垃圾满溢、乱堆乱放、垃圾桶破损', slaHours: 24, departmentKind: 'sanitation', active: true }

describe('permission', () => {
  it('refuses every admin action to every other role and stores nothing', async () => {
    const before = await audits()
    const calls: Array<[string, unknown]> = [
      ['adminCategories', {}],
      ['saveCategory', { ...garbage, slaHours: 2, reason: '想改短一些' }],
      ['adminDepartments', {}],
      ['saveDepartment', { name: '园区城管二队', kind: 'city_management', district: '苏州工业园区', active: true, reason: '新设' }],
      ['adminGrids', {}],
      ['saveGrid', { id: 'grid-lf-1', name: '改个名字', street: 'street-lf', active: true, reason: '试试' }],
      ['adminStreets', {}],
    ]
    for (const role of ['worker', 'grid_worker', 'dispatcher', 'department_handler', 'station_manager'] as const) {
      for (const [action, payload] of calls) expectError(await app.callAs(role, 'reports', action, payload), 'FORBIDDEN')
    }
    expectError(await app.call('reports', 'saveCategory', { ...garbage, reason: '匿名' }), 'UNAUTHENTICATED')
    expect(await audits()).toBe(before)
    expect(((await docOf<{ slaHours: number }>(Collection.reportCategories, 'cat-garbage')) as { slaHours: number }).slaHours).toBe(24)
    expect(((await docOf<{ name: string }>(Collection.grids, 'grid-lf-1')) as { name: string }).name).not.toBe('改个名字')
  })
})

describe('categories', () => {
  it('lists every category in order with paging, and none missing from the closed list', async () => {
    const first = data(await app.callAs<AdminCategoryPage>('admin', 'reports', 'adminCategories', { page: { limit: 5 } }))
    expect(first.items).toHaveLength(5)
    expect(first.total).toBeGreaterThanOrEqual(12)
    const rest = data(await app.callAs<AdminCategoryPage>('admin', 'reports', 'adminCategories', { page: { limit: 50, offset: 5 } }))
    const all = [...first.items, ...rest.items]
    expect(new Set(all.map((c) => c.id)).size).toBe(first.total)
    expect(all.map((c) => c.order)).toEqual([...all.map((c) => c.order)].sort((a, b) => a - b))
    expect(first.missing).toEqual([])
  })

  it('refuses bad SLA hours, unknown kinds, a missing reason, no change and an unclean hint; nothing stored', async () => {
    const before = await audits()
    const stored = await docOf(Collection.reportCategories, 'cat-garbage')
    for (const slaHours of [0, -4, 1.5, 721, '24']) expectError(await app.callAs('admin', 'reports', 'saveCategory', { ...garbage, slaHours, reason: '调整时限' }), 'INVALID_ARGUMENT', 'slaHours')
    expectError(await app.callAs('admin', 'reports', 'saveCategory', { ...garbage, departmentKind: 'police', reason: '调整部门' }), 'INVALID_ARGUMENT', 'departmentKind')
    expectError(await app.callAs('admin', 'reports', 'saveCategory', { ...garbage, id: 'cat-unknown', reason: '新类别' }), 'INVALID_ARGUMENT', 'id')
    expectError(await app.callAs('admin', 'reports', 'saveCategory', { ...garbage, slaHours: 12 }), 'INVALID_ARGUMENT', 'reason')
    expectError(await app.callAs('admin', 'reports', 'saveCategory', { ...garbage, slaHours: 12, reason: '一' }), 'INVALID_ARGUMENT', 'reason')
    expectError(await app.callAs('admin', 'reports', 'saveCategory', { ...garbage, reason: '没有改动' }), 'INVALID_ARGUMENT', 'slaHours')
    expectError(await app.callAs('admin', 'reports', 'saveCategory', { ...garbage, hint: '加微信领红包', reason: '改说明' }), 'CONTENT_REJECTED', 'hint')
    expect(await docOf(Collection.reportCategories, 'cat-garbage')).toEqual(stored)
    expect(await audits()).toBe(before)
  })

  it('a changed SLA is used by the next report, and the change is audited with its reason', async () => {
    const at = await gridCentre('grid-lf-1')
    // Warm this instance's category cache first: the save must drop it.
    expect(data(await app.callAs<CategoryView[]>('worker', 'reports', 'categories')).find((c) => c.id === 'cat-garbage')?.slaHours).toBe(24)
    const saved = data(await app.callAs<AdminCategoryView>('admin', 'reports', 'saveCategory', { ...garbage, slaHours: 6, reason: '街道要求 6 小时内处理' }))
    expect(saved).toMatchObject({ id: 'cat-garbage', slaHours: 6, active: true })
    expect(await lastAudit()).toMatchObject({
      action: 'reports.category.save',
      actorId: app.userIdOf('dev-admin'),
      targetKind: 'report_category',
      targetId: 'cat-garbage',
      reason: '街道要求 6 小时内处理',
      before: { slaHours: 24 },
      after: { slaHours: 6 },
      origin: 'reports.saveCategory',
    })
    expect(data(await app.callAs<CategoryView[]>('worker', 'reports', 'categories')).find((c) => c.id === 'cat-garbage')?.slaHours).toBe(6)
    const report = data(await submit(at, 'cat-garbage')).report
    const doc = (await docOf<ReportDoc>(Collection.reports, report.id)) as ReportDoc
    expect(doc.slaHours).toBe(6)
    expect(new Date(doc.dueAt).getTime() - new Date(doc.createdAt).getTime()).toBe(6 * 3_600_000)
  })

  it('a deactivated category is not offered to reporters nor accepted; reactivated it is back', async () => {
    const at = await gridCentre('grid-lf-2')
    const vendor = data(await app.callAs<AdminCategoryPage>('admin', 'reports', 'adminCategories', { page: { limit: 50 } })).items.find((c) => c.id === 'cat-street_vendor') as AdminCategoryView
    expect(data(await app.callAs<CategoryView[]>('worker', 'reports', 'categories')).map((c) => c.id)).toContain('cat-street_vendor')
    const { icon: _icon, order: _order, name: _name, ...fields } = vendor
    data(await app.callAs('admin', 'reports', 'saveCategory', { ...fields, active: false, reason: '并入城市管理类' }))
    expect(await docOf(Collection.reportCategories, 'cat-street_vendor')).toMatchObject({ active: false, name: vendor.name })
    expect(data(await app.callAs<CategoryView[]>('worker', 'reports', 'categories')).map((c) => c.id)).not.toContain('cat-street_vendor')
    const before = (await app.db.collection(Collection.reports).count()).total
    expectError(await submit(at, 'cat-street_vendor'), 'INVALID_ARGUMENT', 'categoryId')
    expect((await app.db.collection(Collection.reports).count()).total).toBe(before)
    data(await app.callAs('admin', 'reports', 'saveCategory', { ...fields, active: true, reason: '恢复受理' }))
    expect(data(await app.callAs<CategoryView[]>('worker', 'reports', 'categories')).map((c) => c.id)).toContain('cat-street_vendor')
  })
})

describe('departments', () => {
  it('creates, refuses a taken name or unknown district, edits and deactivates; dispatch stops offering it', async () => {
    const before = await audits()
    const base = { name: '园区城管执法二中队', kind: 'city_management', district: '苏州工业园区', active: true }
    expectError(await app.callAs('admin', 'reports', 'saveDepartment', { ...base, district: '火星区', reason: '新设' }), 'NOT_FOUND', 'district')
    expectError(await app.callAs('admin', 'reports', 'saveDepartment', { ...base, district: 'Mars', reason: '新设' }), 'INVALID_ARGUMENT', 'district')
    expectError(await app.callAs('admin', 'reports', 'saveDepartment', { ...base, kind: 'navy', reason: '新设' }), 'INVALID_ARGUMENT', 'kind')
    const seeded = (await docOf<{ name: string }>(Collection.departments, 'dept-lf-sanitation')) as { name: string }
    expectError(await app.callAs('admin', 'reports', 'saveDepartment', { ...base, name: seeded.name, reason: '新设' }), 'INVALID_ARGUMENT', 'name')
    expectError(await app.callAs('admin', 'reports', 'saveDepartment', { ...base, name: '加微信领红包服务队', reason: '新设' }), 'CONTENT_REJECTED', 'name')
    expect(await audits()).toBe(before)

    const created = data(await app.callAs<AdminDepartmentView>('admin', 'reports', 'saveDepartment', { ...base, reason: '新设执法中队' }))
    expect(created).toMatchObject({ ...base, id: expect.stringMatching(/^dept-/) })
    expect(await lastAudit()).toMatchObject({ action: 'reports.department.save', targetKind: 'department', targetId: created.id, before: null, reason: '新设执法中队' })
    // The same name in another district is another department.
    data(await app.callAs('admin', 'reports', 'saveDepartment', { ...base, district: '惠济区', reason: '惠济也设一个' }))
    expectError(await app.callAs('admin', 'reports', 'saveDepartment', { ...base, id: created.id, district: '惠济区', reason: '搬家' }), 'INVALID_ARGUMENT', 'district')

    const listed = data(await app.callAs<AdminPage<AdminDepartmentView>>('admin', 'reports', 'adminDepartments', { district: '苏州工业园区', page: { limit: 50 } }))
    expect(listed.items.map((d) => d.id)).toContain(created.id)
    expect(listed.items.every((d) => d.district === '苏州工业园区')).toBe(true)

    const report = (await app.db.collection(Collection.reports).where({ district: '苏州工业园区', state: 'accepted', street: 'street-lf' }).limit(1).get()).data[0] as ReportDoc
    expect(data(await app.callAs<DepartmentOption[]>('dispatcher', 'reports', 'departments', { reportId: report._id })).map((d) => d.id)).toContain(created.id)
    data(await app.callAs('admin', 'reports', 'saveDepartment', { ...base, id: created.id, name: '园区城管执法第二中队', active: false, reason: '机构调整' }))
    expect(await docOf(Collection.departments, created.id)).toMatchObject({ name: '园区城管执法第二中队', active: false })
    expect(await lastAudit()).toMatchObject({ targetId: created.id, before: { name: base.name, active: true }, after: { name: '园区城管执法第二中队', active: false }, reason: '机构调整' })
    expect(data(await app.callAs<DepartmentOption[]>('dispatcher', 'reports', 'departments', { reportId: report._id })).map((d) => d.id)).not.toContain(created.id)
    expectError(await app.callAs('dispatcher', 'reports', 'dispatch', { reportId: report._id, departmentId: created.id }), 'NOT_FOUND', 'departmentId')
    // Nobody is newly made responsible for a deactivated department.
    expectError(await app.callAs('admin', 'users', 'grantRole', { userId: app.userIdOf('seed-worker-04'), role: 'department_handler', scopes: [{ kind: 'department', id: created.id }], reason: '新任处理人' }), 'INVALID_ARGUMENT', 'scopes[0].id')
    expect((await app.db.collection(Collection.roleGrants).where({ userId: app.userIdOf('seed-worker-04'), role: 'department_handler' }).count()).total).toBe(0)
  })
})

describe('grids', () => {
  it('pages every grid with its street name and no polygon', async () => {
    const total = (await app.db.collection(Collection.grids).count()).total
    const seen: string[] = []
    for (let offset = 0; ; ) {
      const page = data(await app.callAs<AdminPage<AdminGridView>>('admin', 'reports', 'adminGrids', { page: { limit: 7, offset } }))
      seen.push(...page.items.map((g) => g.id))
      for (const g of page.items) expect(g).not.toHaveProperty('polygon')
      offset += page.items.length
      if (offset >= page.total || page.items.length === 0) break
    }
    expect(new Set(seen).size).toBe(total)
    const streets = data(await app.callAs<StreetOption[]>('admin', 'reports', 'adminStreets'))
    expect(streets.find((s) => s.id === 'street-lf')).toMatchObject({ district: '苏州工业园区' })
  })

  it('refuses bad extents, polygon edits, other districts and taken names; a new grid routes reports until deactivated', async () => {
    const before = await audits()
    const lf1 = (await docOf<{ bbox: number[]; name: string }>(Collection.grids, 'grid-lf-1')) as { bbox: number[]; name: string }
    const all = (await app.db.collection(Collection.grids).where({ street: 'street-lf' }).get()).data as Array<{ bbox: number[] }>
    const east = Math.max(...all.map((g) => g.bbox[2]))
    const south = Math.min(...all.map((g) => g.bbox[1]))
    // A 1 km square 500 m east of the street's grids: clear of every other grid.
    const sw = offsetM({ lng: east, lat: south }, 500, 500)
    const ne = offsetM(sw, 1000, 1000)
    const bounds = { west: sw.lng, south: sw.lat, east: ne.lng, north: ne.lat }
    const base = { name: '娄葑东扩网格', street: 'street-lf', active: true, reason: '新建小区纳入网格' }
    expectError(await app.callAs('admin', 'reports', 'saveGrid', base), 'INVALID_ARGUMENT', 'bounds')
    expectError(await app.callAs('admin', 'reports', 'saveGrid', { ...base, bounds: { ...bounds, east: bounds.west - 0.01 } }), 'INVALID_ARGUMENT', 'bounds.east')
    expectError(await app.callAs('admin', 'reports', 'saveGrid', { ...base, bounds: { ...bounds, east: bounds.west + 0.0001 } }), 'INVALID_ARGUMENT', 'bounds')
    expectError(await app.callAs('admin', 'reports', 'saveGrid', { ...base, bounds: { west: 100, south: 20, east: 100.01, north: 20.01 } }), 'INVALID_ARGUMENT', 'bounds')
    expectError(await app.callAs('admin', 'reports', 'saveGrid', { ...base, name: lf1.name, bounds }), 'INVALID_ARGUMENT', 'name')
    expectError(await app.callAs('admin', 'reports', 'saveGrid', { ...base, street: 'street-nope', bounds }), 'NOT_FOUND', 'street')
    expectError(await app.callAs('admin', 'reports', 'saveGrid', { ...base, id: 'grid-lf-1', bounds }), 'INVALID_ARGUMENT', 'bounds')
    const hjStreet = data(await app.callAs<StreetOption[]>('admin', 'reports', 'adminStreets')).find((s) => s.district === '惠济区') as StreetOption
    expectError(await app.callAs('admin', 'reports', 'saveGrid', { ...base, id: 'grid-lf-1', name: lf1.name, street: hjStreet.id }), 'INVALID_ARGUMENT', 'street')
    expect(await audits()).toBe(before)

    const at = { lng: (bounds.west + bounds.east) / 2, lat: (bounds.south + bounds.north) / 2 }
    // Outside every grid before: the street dispatcher's.
    expect(data(await submit(at, 'cat-road_damage')).report.routeReason).toBe('outside')
    const created = data(await app.callAs<AdminGridView>('admin', 'reports', 'saveGrid', { ...base, bounds }))
    expect(created).toMatchObject({ name: base.name, street: 'street-lf', district: '苏州工业园区', active: true, bbox: [bounds.west, bounds.south, bounds.east, bounds.north] })
    expect(await lastAudit()).toMatchObject({ action: 'reports.grid.save', targetKind: 'grid', targetId: created.id, before: null, reason: base.reason })
    const inside = data(await submit(at, 'cat-road_damage')).report as ReportDetail
    expect(inside.routeReason).toBe('inside')
    expect(inside.gridName).toBe(base.name)

    // Renamed: the polygon is kept and still routes.
    data(await app.callAs('admin', 'reports', 'saveGrid', { id: created.id, name: '娄葑东扩一网格', street: 'street-lf', active: true, reason: '按街道统一命名' }))
    expect(data(await submit(at, 'cat-road_damage')).report.gridName).toBe('娄葑东扩一网格')
    // Deactivated: nothing new is routed to it; the reports already there keep it.
    data(await app.callAs('admin', 'reports', 'saveGrid', { id: created.id, name: '娄葑东扩一网格', street: 'street-lf', active: false, reason: '并入相邻网格' }))
    expect(await lastAudit()).toMatchObject({ targetId: created.id, before: { active: true }, after: { active: false }, reason: '并入相邻网格' })
    const after = data(await submit(at, 'cat-road_damage')).report
    expect(after.routeReason).toBe('outside')
    expect(((await docOf<ReportDoc>(Collection.reports, inside.id)) as ReportDoc).gridId).toBe(created.id)
  })
})
