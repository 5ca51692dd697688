/**
 * What the district's Excel files contain, pure: a title naming the scope and the moment (China time),
 * Chinese column headers, and one row per registry record, ledger street or dashboard day. The cloud function only
 * turns a SheetTable into .xlsx bytes (cloudfunctions/district/xlsx.ts); keeping the content here makes
 * it testable without a workbook library.
 */
import { chinaDateKey, chinaParts } from '../core/time'
import { countKeys, figureLabel, percentText, totalsOf, type DayFigures, type Totals } from './dashboard'
import type { DashboardView } from './contract'
import type { Ledger, LedgerRow } from './ledger'
import type { EnterpriseDoc } from './model'
import { allOrgStatuses, enterpriseFieldLabel, enterpriseKindLabel, orgStatusLabel, STALE_AFTER_DAYS } from './vocabulary'

export type Cell = string | number

export interface SheetColumn {
  header: string
  /** Column width in characters. */
  width: number
}

export interface SheetTable {
  sheetName: string
  /** First row, merged across the columns: what, which streets, as of when. */
  title: string
  columns: SheetColumn[]
  rows: Cell[][]
}

/** `YYYY-MM-DD HH:mm` in China time. */
export function chinaMinute(date: Date): string {
  const p = chinaParts(date)
  return `${chinaDateKey(date)} ${String(Math.floor(p.minuteOfDay / 60)).padStart(2, '0')}:${String(p.minuteOfDay % 60).padStart(2, '0')}`
}

export function sheetTitle(what: string, scopeLabel: string, now: Date): string {
  return `${what}（${scopeLabel}）· 截至 ${chinaMinute(now)}（北京时间）`
}

/** `YYYYMMDD-HHmm` (China time) for file names. */
export function fileStamp(now: Date): string {
  return chinaMinute(now).replace(/-/g, '').replace(' ', '-').replace(':', '')
}

export type RegistryRecord = Pick<
  EnterpriseDoc,
  '_id' | 'streetName' | 'name' | 'kind' | 'brand' | 'address' | 'contactName' | 'contactPhone' | 'workers' | 'workersReportedOn' | 'unionMembers' | 'orgStatus' | 'instructor' | 'stationIds' | 'partyMembersConfirmed' | 'verifiedAt'
>

const L = enterpriseFieldLabel

export function registryTable(records: RegistryRecord[], scopeLabel: string, now: Date): SheetTable {
  const staleBefore = now.getTime() - STALE_AFTER_DAYS * 86_400_000
  return {
    sheetName: '一企一档',
    title: sheetTitle('新就业形态企业一企一档', scopeLabel, now),
    columns: [
      { header: '序号', width: 6 },
      { header: '街道', width: 12 },
      { header: L.name, width: 28 },
      { header: L.kind, width: 14 },
      { header: L.brand, width: 12 },
      { header: L.address, width: 30 },
      { header: L.contactName, width: 10 },
      { header: L.contactPhone, width: 16 },
      { header: L.workers, width: 10 },
      { header: L.workersReportedOn, width: 14 },
      { header: L.unionMembers, width: 10 },
      { header: L.partyMembersConfirmed, width: 10 },
      { header: L.orgStatus, width: 18 },
      { header: L.instructor, width: 12 },
      { header: '所建驿站数', width: 10 },
      { header: L.verifiedAt, width: 18 },
      { header: `超过${STALE_AFTER_DAYS}天未核实`, width: 12 },
      { header: '档案编号', width: 24 },
    ],
    rows: records.map((r, i) => {
      const verified = new Date(r.verifiedAt)
      return [
        i + 1,
        r.streetName,
        r.name,
        enterpriseKindLabel[r.kind],
        r.brand,
        r.address,
        r.contactName,
        r.contactPhone,
        r.workers,
        r.workersReportedOn,
        r.unionMembers,
        r.partyMembersConfirmed,
        orgStatusLabel[r.orgStatus],
        r.instructor,
        r.stationIds.length,
        chinaMinute(verified),
        verified.getTime() < staleBefore ? '是' : '',
        r._id,
      ]
    }),
  }
}

function ledgerCells(row: LedgerRow): Cell[] {
  return [
    row.streetName,
    row.enterprises,
    row.workers,
    row.unionMembers,
    row.partyRegistered,
    row.partyConfirmed,
    row.partyReporting,
    ...allOrgStatuses.map((s) => row.organisations[s]),
    row.covered,
    row.instructors,
    row.stations,
    row.stale.length,
    row.membersWithoutOrg.length,
  ]
}

export function ledgerTable(ledger: Ledger, scopeLabel: string, now: Date): SheetTable {
  return {
    sheetName: '五个清',
    title: sheetTitle('新就业群体党建"五个清"台账', scopeLabel, now),
    columns: [
      { header: '街道', width: 12 },
      { header: '企业数', width: 8 },
      { header: '从业人员', width: 10 },
      { header: '工会会员', width: 10 },
      { header: '登记党员', width: 10 },
      { header: '确认党员', width: 10 },
      { header: '到点报到党员', width: 12 },
      ...allOrgStatuses.map((s) => ({ header: orgStatusLabel[s], width: 14 })),
      { header: '已覆盖企业', width: 10 },
      { header: '党建指导员', width: 10 },
      { header: '驿站', width: 8 },
      { header: `超${STALE_AFTER_DAYS}天未核实`, width: 12 },
      { header: '有党员未覆盖', width: 12 },
    ],
    rows: [...ledger.rows.map(ledgerCells), ledgerCells(ledger.total)],
  }
}

const rateColumns = [
  { header: '响应率', width: 10 },
  { header: '解决率', width: 10 },
  { header: '满意率', width: 10 },
  { header: '三率综合', width: 10 },
  { header: '办结用时中位数（小时）', width: 14 },
]

function figureCells(label: string, t: Totals): Cell[] {
  const r = t.rates
  return [label, ...countKeys.map((k) => t[k]), percentText(r.response), percentText(r.resolution), percentText(r.satisfaction), percentText(r.overall), t.medianHoursToResolve ?? '']
}

/** The dashboard: a row per China day of the period, then the period's totals and the previous period's. */
export function dashboardTable(board: { view: Pick<DashboardView, 'from' | 'to' | 'previous' | 'previousFrom' | 'previousTo' | 'current'>; days: readonly DayFigures[] }, scopeLabel: string, now: Date): SheetTable {
  const { view } = board
  return {
    sheetName: '数据看板',
    title: `${sheetTitle('新就业群体服务数据看板', scopeLabel, now)} · 统计 ${view.from} 至 ${view.to}`,
    columns: [{ header: '日期', width: 22 }, ...countKeys.map((k) => ({ header: figureLabel[k], width: Math.max(8, figureLabel[k].length * 2) })), ...rateColumns],
    rows: [
      ...board.days.map((d) => figureCells(d.day, totalsOf([d]))),
      figureCells('本期合计', view.current),
      figureCells(`上期合计（${view.previousFrom} 至 ${view.previousTo}）`, view.previous),
    ],
  }
}
