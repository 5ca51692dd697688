/** The admin page's form rules: what is still missing before 保存, and the payload a draft becomes. */
import { categoryMissing, categoryPayload, departmentMissing, gridMissing, gridPayload, type CategoryDraft, type GridDraft } from '../../src/reports/admin-forms'

const category: CategoryDraft = { id: 'cat-garbage', hint: ' 垃圾满溢 ', slaHours: '24', departmentKind: 'sanitation', order: '', active: true, reason: '调整' }

test('a category needs its id, whole SLA hours in range, a department kind and a reason', () => {
  expect(categoryMissing(category)).toEqual([])
  expect(categoryMissing({ ...category, id: undefined, slaHours: '1.5', departmentKind: undefined, order: 'x', reason: ' ' })).toEqual([
    '类别',
    '处理时限（1–720 的整数小时）',
    '默认处理部门',
    '排序（整数）',
    '修改理由（至少 2 个字）',
  ])
  for (const slaHours of ['0', '721', '', '-3', '24h']) expect(categoryMissing({ ...category, slaHours })).toHaveLength(1)
  expect(categoryMissing({ ...category, slaHours: '720' })).toEqual([])
})

test('a category payload has numbers, trimmed text and no order unless one was typed', () => {
  expect(categoryPayload(category)).toEqual({ id: 'cat-garbage', hint: '垃圾满溢', slaHours: 24, departmentKind: 'sanitation', active: true, reason: '调整' })
  expect(categoryPayload({ ...category, order: '3' }).order).toBe(3)
})

test('a department needs a name, a kind, a district and a reason', () => {
  expect(departmentMissing({ name: '', active: true, reason: '' })).toEqual(['名称（至少 2 个字）', '部门类型', '所属区县', '修改理由（至少 2 个字）'])
})

test('a new grid needs four coordinates; an existing one never sends bounds', () => {
  const draft: GridDraft = { name: '东扩网格', street: 'street-lf', west: '120.7', south: '31.29', east: '120.71', north: '', active: true, reason: '新建' }
  expect(gridMissing(draft)).toEqual(['范围（四至经纬度）'])
  expect(gridMissing({ ...draft, north: '31.3' })).toEqual([])
  expect(gridPayload({ ...draft, north: '31.3' })).toEqual({ name: '东扩网格', street: 'street-lf', active: true, bounds: { west: 120.7, south: 31.29, east: 120.71, north: 31.3 }, reason: '新建' })
  expect(gridMissing({ ...draft, id: 'grid-lf-1' })).toEqual([])
  expect(gridPayload({ ...draft, id: 'grid-lf-1' })).toEqual({ id: 'grid-lf-1', name: '东扩网格', street: 'street-lf', active: true, reason: '新建' })
})
