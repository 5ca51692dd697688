/**
 * District workbench contract: the 一企一档 registry (list, detail with history, create, edit, verify),
 * Party-member links (a member claims, staff decide), the 五个清 ledger, the dashboard, the Excel exports
 * and the 10-minute warm circle (coverage). Streets are named by id; which streets a caller may see or
 * edit comes from their grants on the server, never from these payloads. Times travel as ISO strings.
 */
import { action } from '../core/contract'
import { s } from '../core/schema'
import { DETOUR, type ActivityKind, type CoverageGap, type CoverageShare } from './coverage-rules'
import type { StationType } from '../stations/vocabulary'
import type { DayCounts, PointsFigures, Totals } from './dashboard'
import type { Ledger } from './ledger'
import { allEnterpriseKinds, allOrgStatuses, LinkDecision, type EnterpriseKind, type HistoryAction, type LinkStatus, type OrgStatus } from './vocabulary'
import type { FieldChange } from './model'

// ---- outputs ----

export interface StreetScope {
  street: string
  streetName: string
  district: string
}

export interface MyDistrictScope {
  streets: StreetScope[]
  /** May create and edit records (street staff, admins); district staff read. */
  canEdit: boolean
}

export interface EnterpriseView {
  enterpriseId: string
  street: string
  streetName: string
  district: string
  name: string
  kind: EnterpriseKind
  brand: string
  address: string
  location: { lng: number; lat: number } | null
  contactName: string
  contactPhone: string
  workers: number
  workersReportedOn: string
  unionMembers: number
  orgStatus: OrgStatus
  instructor: string
  stationIds: string[]
  partyMembersConfirmed: number
  verifiedAt: string
  /** Not verified within STALE_AFTER_DAYS. */
  stale: boolean
  version: number
  updatedAt: string
}

export interface HistoryEntryView {
  version: number
  action: HistoryAction
  changes: FieldChange[]
  note: string
  actorName: string
  at: string
}

export interface MemberLinkView {
  userId: string
  nickname: string
  /** The 所在党组织 of the member's approved registration. */
  organisation: string
  enterpriseId: string
  enterpriseName: string
  status: LinkStatus
  claimedAt: string
  reason?: string
}

export interface EnterpriseDetail {
  enterprise: EnterpriseView
  history: HistoryEntryView[]
  members: MemberLinkView[]
  canEdit: boolean
}

export interface EnterprisePick {
  enterpriseId: string
  name: string
  streetName: string
  kind: EnterpriseKind
}

export interface MyLink {
  link: MemberLinkView | null
  /** The member's Party registration is approved (only then may they claim). */
  approved: boolean
}

export interface LedgerView extends Ledger {
  asOf: string
}

export interface ExportResult {
  fileId: string
  /** Temporary download URL (openDocument after downloadFile in the mini-program). */
  url: string
  fileName: string
  rows: number
}

/** Right now, whatever the period: stations (total and open, by type), open reports past due, teams. */
export interface DashboardNow {
  stations: Record<StationType, { total: number; open: number }>
  overdue: number
  teams: number
  members: number
}

/** Points over every account in a period (not split by street: a person's points are not a street's). */
export interface DashboardView {
  from: string
  to: string
  current: Totals
  previous: Totals
  previousFrom: string
  previousTo: string
  /** The current period by day, summed over the streets in view. */
  days: DayCounts[]
  now: DashboardNow
  points: { current: PointsFigures; previous: PointsFigures }
  /** Street-days read from the precomputed stats vs computed now (today is always live). */
  storedDays: number
  liveDays: number
}

/**
 * One hexagon of the coverage plot: its centre [lng, lat] and its outer ring as offsets from the centre
 * in 1e-5 degrees (~1 m), [dLng, dLat, dLng, dLat …] — a district's worth of cells stays a small answer.
 */
export interface CoveragePlotCell {
  id: string
  centre: [number, number]
  ring: number[]
  weight: number
  /** Reached in 10 minutes, only in 15, or by neither. */
  reach: 'r10' | 'r15' | 'none'
}

export interface CoverageView {
  from: string
  to: string
  detour: number
  /** Straight-line radii of a 10- and a 15-minute walk under `detour` (metres). */
  reach10M: number
  reach15M: number
  grids: number
  cells: number
  /** Activity inside the grids' cells (what the shares divide). */
  activity: number
  activityByKind: Record<ActivityKind, number>
  /** Activity that fell outside every grid of the scope (not in the shares). */
  outside: number
  covered10: CoverageShare
  covered15: CoverageShare
  gaps: CoverageGap[]
  /** Open stations that cover the scope (inside it or within reach of its edge). */
  stations: Array<{ stationId: string; name: string; location: { lng: number; lat: number } }>
  plot: { cells: CoveragePlotCell[]; truncated: boolean }
}

// ---- inputs ----

const lngLat = s.lngLat()
const dateKey = s.string({ min: 10, max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/ })
const phone = s.string({ max: 20, pattern: /^[0-9+\-() ]*$/ })

const enterpriseFields = {
  name: s.string({ min: 2, max: 60 }),
  kind: s.oneOf(allEnterpriseKinds),
  brand: s.optional(s.string({ max: 30 })),
  address: s.string({ min: 4, max: 120 }),
  location: s.optional(lngLat),
  contactName: s.optional(s.string({ max: 20 })),
  contactPhone: s.optional(phone),
  workers: s.integer({ min: 0, max: 1_000_000 }),
  workersReportedOn: s.optional(dateKey),
  unionMembers: s.optional(s.integer({ min: 0, max: 1_000_000 })),
  orgStatus: s.oneOf(allOrgStatuses),
  instructor: s.optional(s.string({ max: 20 })),
  stationIds: s.optional(s.array(s.id(), { max: 20, unique: true })),
}

const patchFields = {
  name: s.optional(enterpriseFields.name),
  kind: s.optional(enterpriseFields.kind),
  brand: enterpriseFields.brand,
  address: s.optional(enterpriseFields.address),
  location: enterpriseFields.location,
  contactName: enterpriseFields.contactName,
  contactPhone: enterpriseFields.contactPhone,
  workers: s.optional(enterpriseFields.workers),
  workersReportedOn: enterpriseFields.workersReportedOn,
  unionMembers: enterpriseFields.unionMembers,
  orgStatus: s.optional(enterpriseFields.orgStatus),
  instructor: enterpriseFields.instructor,
  stationIds: enterpriseFields.stationIds,
}

const streetFilter = { street: s.optional(s.id()) }

export const districtContract = {
  myScope: action<MyDistrictScope>()(s.object({})),
  listEnterprises: action<{ items: EnterpriseView[]; total: number; hasMore: boolean }>()(
    s.object({ ...streetFilter, q: s.optional(s.string({ max: 30 })), staleOnly: s.optional(s.boolean()), page: s.optional(s.page(50)) }),
  ),
  enterprise: action<EnterpriseDetail>()(s.object({ enterpriseId: s.id() })),
  createEnterprise: action<EnterpriseView>()(s.object({ street: s.id(), ...enterpriseFields })),
  /** `version` is the one the editor loaded: a record changed since is refused, never silently overwritten. */
  updateEnterprise: action<EnterpriseView>()(s.object({ enterpriseId: s.id(), version: s.integer({ min: 1 }), patch: s.object(patchFields), note: s.optional(s.string({ max: 200 })) })),
  verifyEnterprise: action<EnterpriseView>()(s.object({ enterpriseId: s.id(), version: s.integer({ min: 1 }), note: s.optional(s.string({ max: 200 })) })),

  /** For a Party member choosing their enterprise: names only, no contacts. */
  findEnterprises: action<{ items: EnterprisePick[] }>()(s.object({ q: s.string({ min: 1, max: 30 }) })),
  claimEnterprise: action<MyLink>()(s.object({ enterpriseId: s.id() })),
  myLink: action<MyLink>()(s.object({})),
  pendingLinks: action<{ items: MemberLinkView[]; hasMore: boolean }>()(s.object({ ...streetFilter, page: s.optional(s.page(50)) })),
  /** A confirmed member left the enterprise: the link ends with a reason and the count drops, both on record. */
  endLink: action<MemberLinkView>()(s.object({ userId: s.id(), reason: s.string({ min: 2, max: 200 }) })),
  decideLink: action<MemberLinkView>()(s.object({ userId: s.id(), decision: s.oneOf(Object.values(LinkDecision)), reason: s.optional(s.string({ min: 2, max: 200 })) })),

  ledger: action<LedgerView>()(s.object(streetFilter)),
  /** Figures for China days `from`..`to` (≤ 62 days, not after today) and the period before; `live` recomputes every day. */
  dashboard: action<DashboardView>()(s.object({ ...streetFilter, from: dateKey, to: dateKey, live: s.optional(s.boolean()) })),
  /**
   * The 10-minute warm circle for China days `from`..`to` (≤ COVERAGE_MAX_DAYS, not after today): H3 cells
   * over the scope's grids weighted by check-ins, reports and bookings, covered by open stations.
   */
  coverage: action<CoverageView>()(
    s.object({ ...streetFilter, from: dateKey, to: dateKey, detour: s.optional(s.number({ min: DETOUR.min, max: DETOUR.max })) }),
  ),
  exportRegistry: action<ExportResult>()(s.object(streetFilter)),
  exportLedger: action<ExportResult>()(s.object(streetFilter)),
  /** The dashboard's figures for China days `from`..`to`, a row per day, the period's totals and the previous period's. */
  exportDashboard: action<ExportResult>()(s.object({ ...streetFilter, from: dateKey, to: dateKey })),
}
