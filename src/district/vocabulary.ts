/**
 * The district workbench's closed vocabularies (一企一档 registry, member links, history actions), with
 * the Chinese staff read and the Excel headers use. Shared by the district function and its pages; no I/O.
 */
import type { StationType } from '../stations/vocabulary'

/** What kind of new-economy enterprise or site a registry record is. */
export const EnterpriseKind = {
  platform: 'platform',
  franchise_site: 'franchise_site',
  courier_depot: 'courier_depot',
  freight: 'freight',
  ride_hailing: 'ride_hailing',
  other: 'other',
} as const
export type EnterpriseKind = (typeof EnterpriseKind)[keyof typeof EnterpriseKind]
export const allEnterpriseKinds: readonly EnterpriseKind[] = Object.values(EnterpriseKind)

export const enterpriseKindLabel: Record<EnterpriseKind, string> = {
  platform: '平台企业',
  franchise_site: '加盟配送站点',
  courier_depot: '快递网点',
  freight: '货运企业',
  ride_hailing: '网约车企业/车队',
  other: '其他',
}

/** How Party organisation work reaches the enterprise (党组织覆盖方式). */
export const OrgStatus = {
  formed_alone: 'formed_alone',
  formed_jointly: 'formed_jointly',
  helper_dispatched: 'helper_dispatched',
  instructor_assigned: 'instructor_assigned',
  none: 'none',
} as const
export type OrgStatus = (typeof OrgStatus)[keyof typeof OrgStatus]
export const allOrgStatuses: readonly OrgStatus[] = Object.values(OrgStatus)

export const orgStatusLabel: Record<OrgStatus, string> = {
  formed_alone: '单独组建党组织',
  formed_jointly: '行业联合组建党组织',
  helper_dispatched: '选派党建联络员',
  instructor_assigned: '派驻党建指导员',
  none: '尚未覆盖',
}

/** A Party member's claim to work at an enterprise (党员找组织), decided by the street's staff (组织找党员). */
export const LinkStatus = {
  claimed: 'claimed',
  confirmed: 'confirmed',
  rejected: 'rejected',
  /** Was confirmed; the member has left the enterprise (dynamic management keeps the record). */
  ended: 'ended',
} as const
export type LinkStatus = (typeof LinkStatus)[keyof typeof LinkStatus]
export const linkStatusLabel: Record<LinkStatus, string> = { claimed: '待确认', confirmed: '已确认', rejected: '未确认', ended: '已解除' }
/** Links that count a member at an enterprise (the ledger's registered members). */
export const activeLinkStatuses: readonly LinkStatus[] = ['claimed', 'confirmed']

export const LinkDecision = { confirm: 'confirm', reject: 'reject' } as const
export type LinkDecision = (typeof LinkDecision)[keyof typeof LinkDecision]

/** What a history entry records. */
export const HistoryAction = {
  create: 'create',
  update: 'update',
  verify: 'verify',
  link_confirmed: 'link_confirmed',
  link_removed: 'link_removed',
} as const
export type HistoryAction = (typeof HistoryAction)[keyof typeof HistoryAction]
export const historyActionLabel: Record<HistoryAction, string> = {
  create: '建档',
  update: '修改',
  verify: '核实',
  link_confirmed: '确认党员',
  link_removed: '移除党员',
}

/** The fields a registry edit may change; their Chinese names are the history's and the export's headers. */
export const enterpriseFieldLabel = {
  name: '企业（站点）名称',
  kind: '类型',
  brand: '所属平台/品牌',
  address: '地址',
  location: '位置',
  contactName: '联系人',
  contactPhone: '联系电话',
  workers: '从业人员数',
  workersReportedOn: '人数填报日期',
  unionMembers: '工会会员数',
  orgStatus: '党组织覆盖方式',
  instructor: '党建指导员',
  stationIds: '所建驿站',
  partyMembersConfirmed: '已确认党员数',
  verifiedAt: '最近核实',
} as const
export type EnterpriseField = keyof typeof enterpriseFieldLabel

/** A record not verified within this many days is flagged in the 五个清 ledger. */
export const STALE_AFTER_DAYS = 90
/** Party members "reporting at points": a party_report check-in within this many days. */
export const REPORTING_WINDOW_DAYS = 90

/**
 * Station types as the dashboard names them. Kept here, not in the stations vocabulary, because that
 * module ships in the main package and only this subpackage shows the labels.
 */
export const stationTypeLabel: Record<StationType, string> = { station: '驿站', report_point: '党员报到点' }
