/**
 * 类别 · 部门 · 网格 (admin) on Taro's H5 components, against a fake backend at the transport seam:
 * editing a category's SLA sends exactly the edited values with the reason, 保存 waits for every required
 * field (said on screen before sending), 停用 is a secondary button that asks for its reason inline and
 * keeps the prompt with the refusal, a new grid sends its rectangle while an existing grid's boundary is
 * not offered for editing, and a new department is created in the chosen district.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { fail, ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import type { AdminCategoryPage, AdminCategoryView, AdminDepartmentView, AdminGridView, AdminPage, StreetOption } from '../../src/reports/contract'
import ReferenceAdmin from '../../src/reports/pages/admin/index'
import { installFakeBackend } from '../setup/fake-backend'
import { rendered, resetPageTest } from '../setup/page-test'

afterEach(resetPageTest)

const garbage: AdminCategoryView = { id: 'cat-garbage', name: '暴露垃圾', icon: '🗑', hint: '垃圾满溢', slaHours: 24, departmentKind: 'sanitation', order: 1, active: true }
const vendor: AdminCategoryView = { id: 'cat-street_vendor', name: '占道经营', icon: '🛒', hint: '', slaHours: 24, departmentKind: 'city_management', order: 2, active: true }
const categories = (items: AdminCategoryView[], missing: AdminCategoryPage['missing'] = []): AdminCategoryPage => ({ items, total: items.length, limit: 20, offset: 0, missing })
const page = <T,>(items: T[]): AdminPage<T> => ({ items, total: items.length, limit: 20, offset: 0 })
const streets: StreetOption[] = [
  { id: 'street-lf', name: '娄葑街道', district: '苏州工业园区' },
  { id: 'street-xc', name: '新城街道', district: '惠济区' },
]
const grid: AdminGridView = { id: 'grid-lf-1', name: '娄葑街道第1网格', street: 'street-lf', streetName: '娄葑街道', district: '苏州工业园区', active: true, bbox: [120.6, 31.29, 120.62, 31.3] }

async function typeInto(label: string, value: string) {
  const el = await rendered(`[aria-label="${label}"] input, input[aria-label="${label}"]`)
  fireEvent.input(el, { target: { value } })
}

test('editing a category: 保存 waits for a valid SLA and a reason, then sends exactly the edited values', async () => {
  const backend = installFakeBackend({
    'reports.adminCategories': () => ok(categories([garbage, vendor])),
    'reports.saveCategory': (p: AdminCategoryView) => ok({ ...garbage, ...p }),
  })
  render(<ReferenceAdmin />)
  expect(await screen.findByText('处理时限 24 小时 · 默认 环境卫生 · 排序 1')).toBeTruthy()
  expect(screen.getByText(/全部类别都已设置/)).toBeTruthy()
  fireEvent.click(screen.getAllByText('编辑')[0])
  await screen.findByText('编辑类别：暴露垃圾')
  expect(screen.getByText(/类别名称由系统统一规定/)).toBeTruthy()
  // Required fields are marked before anything is sent.
  const marked = Array.from(document.querySelectorAll('.ra-required')).map((el) => el.parentElement?.textContent?.split(' *')[0])
  expect(marked).toEqual(['处理时限（小时）', '默认处理部门', '修改理由'])
  await typeInto('处理时限（小时）', '0')
  expect(screen.getByText(/还需填写：处理时限（1–720 的整数小时）、修改理由/)).toBeTruthy()
  fireEvent.click(screen.getByText('保存'))
  await typeInto('处理时限（小时）', '6')
  await typeInto('修改理由', '街道要求')
  await waitFor(() => expect(screen.queryByText(/还需填写/)).toBeNull())
  expect(backend.count('reports.saveCategory')).toBe(0)
  await act(async () => {
    fireEvent.click(screen.getByText('保存'))
  })
  await screen.findByText('已保存类别“暴露垃圾”')
  expect(backend.calls.find((c) => c.key === 'reports.saveCategory')?.payload).toEqual({
    id: 'cat-garbage',
    hint: '垃圾满溢',
    slaHours: 6,
    departmentKind: 'sanitation',
    order: 1,
    active: true,
    reason: '街道要求',
  })
  // The list is read again after the change.
  expect(backend.count('reports.adminCategories')).toBe(2)
})

test('停用 is secondary, asks for its reason inline, keeps the prompt with a refusal, then sends active: false', async () => {
  let refuse = true
  const backend = installFakeBackend({
    'reports.adminCategories': () => ok(categories([vendor])),
    'reports.saveCategory': (p: AdminCategoryView) => (refuse ? fail(new AppError('FORBIDDEN', '只有管理员可以修改类别')) : ok({ ...vendor, ...p })),
  })
  render(<ReferenceAdmin />)
  const stop = await screen.findByText('停用')
  expect(stop.closest('.nx-button')?.className).toContain('nx-button--secondary')
  expect(stop.closest('.nx-button')?.className).not.toContain('nx-button--primary')
  fireEvent.click(stop)
  expect(screen.getByText(/停用“占道经营”：骑手上报时不再能选这个类别/)).toBeTruthy()
  fireEvent.click(screen.getByText('确认停用'))
  expect(backend.count('reports.saveCategory')).toBe(0)
  expect(screen.getByText('确认停用').closest('.nx-button')?.className).toContain('nx-button--secondary')
  await typeInto('停用理由', '并入城市管理')
  await act(async () => {
    fireEvent.click(screen.getByText('确认停用'))
  })
  expect(await screen.findByText('只有管理员可以修改类别')).toBeTruthy()
  expect(screen.getByText('确认停用')).toBeTruthy()
  refuse = false
  await act(async () => {
    fireEvent.click(screen.getByText('确认停用'))
  })
  await screen.findByText('已停用“占道经营”')
  expect(backend.calls.filter((c) => c.key === 'reports.saveCategory').map((c) => c.payload)).toEqual([
    { id: 'cat-street_vendor', hint: '', slaHours: 24, departmentKind: 'city_management', order: 2, active: false, reason: '并入城市管理' },
    { id: 'cat-street_vendor', hint: '', slaHours: 24, departmentKind: 'city_management', order: 2, active: false, reason: '并入城市管理' },
  ])
  expect(screen.queryByText('确认停用')).toBeNull()
})

test('新增类别 offers only the categories of the closed list that are not set up yet', async () => {
  const backend = installFakeBackend({
    'reports.adminCategories': () => ok(categories([garbage], ['cat-other'])),
    'reports.saveCategory': (p: AdminCategoryView) => ok({ ...p, name: '其他问题', icon: '📝', order: 2 }),
  })
  render(<ReferenceAdmin />)
  fireEvent.click(await screen.findByText('新增类别'))
  const offered = Array.from(document.querySelectorAll('.ra-form .ra-chip')).map((el) => el.textContent)
  expect(offered).toContain('📝 其他问题')
  expect(offered).not.toContain('🗑 暴露垃圾')
  fireEvent.click(screen.getByText('📝 其他问题'))
  fireEvent.click(screen.getByText('城市管理'))
  await typeInto('修改理由', '补设类别')
  await act(async () => {
    fireEvent.click(screen.getByText('保存'))
  })
  await screen.findByText('已保存类别“其他问题”')
  expect(backend.calls.find((c) => c.key === 'reports.saveCategory')?.payload).toEqual({ id: 'cat-other', hint: '', slaHours: 24, departmentKind: 'city_management', active: true, reason: '补设类别' })
})

test('grids: a new grid sends its rectangle; editing one never offers its boundary; the street filter is sent', async () => {
  const backend = installFakeBackend({
    'reports.adminCategories': () => ok(categories([])),
    'reports.adminStreets': () => ok(streets),
    'reports.adminGrids': () => ok(page([grid])),
    'reports.saveGrid': (p: AdminGridView) => ok({ ...grid, ...p, id: 'grid-new' }),
  })
  render(<ReferenceAdmin />)
  fireEvent.click(await screen.findByText('网格'))
  expect(await screen.findByText('娄葑街道第1网格')).toBeTruthy()
  fireEvent.click(screen.getByText('编辑'))
  expect(await screen.findByText(/网格边界不能在这里修改/)).toBeTruthy()
  expect(document.querySelector('[aria-label="西边经度"]')).toBeNull()
  fireEvent.click(screen.getByText('取消'))

  fireEvent.click(screen.getByText('新增网格'))
  await typeInto('网格名称', '娄葑东扩网格')
  fireEvent.click(screen.getByText('苏州工业园区 娄葑街道'))
  await typeInto('西边经度', '120.70')
  await typeInto('东边经度', '120.71')
  await typeInto('南边纬度', '31.29')
  expect(screen.getByText(/还需填写：范围（四至经纬度）、修改理由/)).toBeTruthy()
  await typeInto('北边纬度', '31.30')
  await typeInto('修改理由', '新建小区')
  await act(async () => {
    fireEvent.click(screen.getByText('保存'))
  })
  await screen.findByText('已保存网格“娄葑东扩网格”')
  expect(backend.calls.find((c) => c.key === 'reports.saveGrid')?.payload).toEqual({
    name: '娄葑东扩网格',
    street: 'street-lf',
    active: true,
    bounds: { west: 120.7, south: 31.29, east: 120.71, north: 31.3 },
    reason: '新建小区',
  })

  fireEvent.click(screen.getByText('新城街道'))
  await waitFor(() => expect(backend.calls.filter((c) => c.key === 'reports.adminGrids').map((c) => c.payload)).toContainEqual({ street: 'street-xc', page: { limit: 20 } }))
})

test('departments: created in the chosen district with its kind; a refusal names the field in Chinese', async () => {
  const handler = { name: '园区城管执法二中队', kind: 'city_management', district: '苏州工业园区', active: true, id: 'dept-new' } as AdminDepartmentView
  let refuse = true
  const backend = installFakeBackend({
    'reports.adminCategories': () => ok(categories([])),
    'reports.adminStreets': () => ok(streets),
    'reports.adminDepartments': () => ok(page<AdminDepartmentView>([])),
    'reports.saveDepartment': () => (refuse ? fail(new AppError('INVALID_ARGUMENT', 'name不能超过 30 个字', 'name')) : ok(handler)),
  })
  render(<ReferenceAdmin />)
  fireEvent.click(await screen.findByText('处理部门'))
  fireEvent.click(await screen.findByText('新增部门'))
  await typeInto('部门名称', handler.name)
  fireEvent.click(screen.getByText('城市管理'))
  const districtChips = document.querySelectorAll('.ra-form .ra-chip')
  fireEvent.click(Array.from(districtChips).find((el) => el.textContent === '苏州工业园区') as Element)
  await typeInto('修改理由', '新设中队')
  await act(async () => {
    fireEvent.click(screen.getByText('保存'))
  })
  expect(await screen.findByText('没有保存：名称不能超过 30 个字')).toBeTruthy()
  refuse = false
  await act(async () => {
    fireEvent.click(screen.getByText('保存'))
  })
  await screen.findByText('已保存部门“园区城管执法二中队”')
  expect(backend.calls.filter((c) => c.key === 'reports.saveDepartment').map((c) => c.payload)[1]).toEqual({ name: handler.name, kind: 'city_management', district: '苏州工业园区', active: true, reason: '新设中队' })
})
