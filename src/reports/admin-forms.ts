/**
 * The admin page's forms for categories, departments and grids, pure: a draft as typed (numbers still
 * text), what is still missing before 保存 may be tapped (shown under the form, so a required field is
 * known before sending), and the payload the draft becomes. The server validates again.
 */
import type { AdminCategoryView, AdminDepartmentView, AdminGridView } from './contract'
import { SLA_HOURS_MAX, SLA_HOURS_MIN, type DepartmentKind, type ReportCategory } from './vocabulary'

export interface CategoryDraft {
  id?: ReportCategory
  hint: string
  slaHours: string
  departmentKind?: DepartmentKind
  order: string
  active: boolean
  reason: string
}

export interface DepartmentDraft {
  id?: string
  name: string
  kind?: DepartmentKind
  district?: string
  active: boolean
  reason: string
}

export interface GridDraft {
  id?: string
  name: string
  street?: string
  /** The district the street must stay in when editing. */
  district?: string
  west: string
  south: string
  east: string
  north: string
  active: boolean
  reason: string
}

export const MIN_REASON = 2

const integerOf = (text: string): number | undefined => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined)
const decimalOf = (text: string): number | undefined => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : undefined)

export function categoryDraftOf(c: AdminCategoryView): CategoryDraft {
  return { id: c.id, hint: c.hint, slaHours: String(c.slaHours), departmentKind: c.departmentKind as DepartmentKind, order: String(c.order), active: c.active, reason: '' }
}

export function departmentDraftOf(d: AdminDepartmentView): DepartmentDraft {
  return { id: d.id, name: d.name, kind: d.kind as DepartmentKind, district: d.district, active: d.active, reason: '' }
}

export function gridDraftOf(g: AdminGridView): GridDraft {
  return { id: g.id, name: g.name, street: g.street, district: g.district, west: '', south: '', east: '', north: '', active: g.active, reason: '' }
}

/** What the person still has to fill in, in the form's order; empty when 保存 may be tapped. */
export function categoryMissing(d: CategoryDraft): string[] {
  const out: string[] = []
  if (!d.id) out.push('类别')
  const sla = integerOf(d.slaHours)
  if (sla === undefined || sla < SLA_HOURS_MIN || sla > SLA_HOURS_MAX) out.push(`处理时限（${SLA_HOURS_MIN}–${SLA_HOURS_MAX} 的整数小时）`)
  if (!d.departmentKind) out.push('默认处理部门')
  if (d.order.trim() && integerOf(d.order) === undefined) out.push('排序（整数）')
  if (d.reason.trim().length < MIN_REASON) out.push(`修改理由（至少 ${MIN_REASON} 个字）`)
  return out
}

export function departmentMissing(d: DepartmentDraft): string[] {
  const out: string[] = []
  if (d.name.trim().length < 2) out.push('名称（至少 2 个字）')
  if (!d.kind) out.push('部门类型')
  if (!d.district) out.push('所属区县')
  if (d.reason.trim().length < MIN_REASON) out.push(`修改理由（至少 ${MIN_REASON} 个字）`)
  return out
}

export function gridMissing(d: GridDraft): string[] {
  const out: string[] = []
  if (d.name.trim().length < 2) out.push('名称（至少 2 个字）')
  if (!d.street) out.push('所属街道')
  if (!d.id && [d.west, d.south, d.east, d.north].some((v) => decimalOf(v) === undefined)) out.push('范围（四至经纬度）')
  if (d.reason.trim().length < MIN_REASON) out.push(`修改理由（至少 ${MIN_REASON} 个字）`)
  return out
}

export function categoryPayload(d: CategoryDraft) {
  const order = integerOf(d.order)
  return {
    id: d.id as ReportCategory,
    hint: d.hint.trim(),
    slaHours: integerOf(d.slaHours) as number,
    departmentKind: d.departmentKind as DepartmentKind,
    ...(order === undefined ? {} : { order }),
    active: d.active,
    reason: d.reason.trim(),
  }
}

export function departmentPayload(d: DepartmentDraft) {
  return { ...(d.id ? { id: d.id } : {}), name: d.name.trim(), kind: d.kind as DepartmentKind, district: d.district as string, active: d.active, reason: d.reason.trim() }
}

export function gridPayload(d: GridDraft) {
  const bounds = d.id ? {} : { bounds: { west: decimalOf(d.west) as number, south: decimalOf(d.south) as number, east: decimalOf(d.east) as number, north: decimalOf(d.north) as number } }
  return { ...(d.id ? { id: d.id } : {}), name: d.name.trim(), street: d.street as string, active: d.active, ...bounds, reason: d.reason.trim() }
}
