/**
 * Pure rules of the admin's reference data (categories, departments, grids): what a new grid's
 * rectangle may be, how names compare for uniqueness, and which of the closed list's categories still
 * have no stored settings. No I/O; shared by the reports function and the admin page.
 */
import { distanceM, type LngLat } from '../core/geo'
import { allReportCategories, type ReportCategory } from './vocabulary'

export interface GridBounds {
  west: number
  south: number
  east: number
  north: number
}

/** A grid is a few hundred metres to a few kilometres across (seeded ones are 1.2–1.6 km). */
export const GRID_SIDE_MIN_M = 50
export const GRID_SIDE_MAX_M = 10_000
/** A new grid's centre lies within this distance of its street's centre. */
export const GRID_MAX_FROM_STREET_M = 20_000

/** Why a rectangle cannot be a grid of a street centred at `streetCentre` (field and message), or null. */
export function gridBoundsProblem(b: GridBounds, streetCentre: LngLat | undefined): { field: string; message: string } | null {
  if (!(b.west < b.east)) return { field: 'bounds.east', message: '东边经度应大于西边经度' }
  if (!(b.south < b.north)) return { field: 'bounds.north', message: '北边纬度应大于南边纬度' }
  const width = distanceM({ lng: b.west, lat: b.south }, { lng: b.east, lat: b.south })
  const height = distanceM({ lng: b.west, lat: b.south }, { lng: b.west, lat: b.north })
  if (Math.min(width, height) < GRID_SIDE_MIN_M) return { field: 'bounds', message: `网格每边至少 ${GRID_SIDE_MIN_M} 米` }
  if (Math.max(width, height) > GRID_SIDE_MAX_M) return { field: 'bounds', message: `网格每边不超过 ${GRID_SIDE_MAX_M / 1000} 公里` }
  if (streetCentre) {
    const centre = { lng: (b.west + b.east) / 2, lat: (b.south + b.north) / 2 }
    if (distanceM(centre, streetCentre) > GRID_MAX_FROM_STREET_M) return { field: 'bounds', message: `网格离所属街道中心超过 ${GRID_MAX_FROM_STREET_M / 1000} 公里，请检查经纬度` }
  }
  return null
}

/** Names compare without surrounding or inner white space: "第1网格" and "第 1 网格" are the same name. */
export function nameKey(name: string): string {
  return name.replace(/\s+/g, '')
}

/** True when `name` is already used by another object (not `selfId`) among `others`. */
export function nameTaken(name: string, others: ReadonlyArray<{ _id: string; name: string }>, selfId?: string): boolean {
  const key = nameKey(name)
  return others.some((o) => o._id !== selfId && nameKey(o.name) === key)
}

/** Categories of the closed list without a stored document, in the list's order. */
export function missingCategories(storedIds: readonly string[]): ReportCategory[] {
  const have = new Set(storedIds)
  return allReportCategories.filter((id) => !have.has(id))
}
