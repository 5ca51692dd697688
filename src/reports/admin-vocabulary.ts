/**
 * Labels only the admin's reference-data page shows (department kinds). Kept apart from ./vocabulary.ts,
 * which the main package's 随手拍 tab loads: these strings then travel only in the reports subpackage.
 */
import type { DepartmentKind } from './vocabulary'

export const departmentKindLabel: Record<DepartmentKind, string> = {
  city_management: '城市管理',
  sanitation: '环境卫生',
  traffic_police: '公安交警',
  housing: '住房建设',
  fire: '消防救援',
  market_supervision: '市场监管',
}
