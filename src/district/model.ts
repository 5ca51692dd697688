/**
 * Stored shapes of the district workbench. All three collections are ADMINONLY and written only by the
 * district function, which scopes every read to the caller's streets; pages see ./contract's views.
 * Two other reads of `enterprises`, by id and for the name only: the users function (a grant's scope
 * name) and the wishes function (a company claim names its registered enterprise).
 */
import type { GeoPoint } from '../core/geo'
import type { EnterpriseField, EnterpriseKind, HistoryAction, LinkStatus, OrgStatus } from './vocabulary'

/** One record of 一企一档. Every write bumps `version` and adds the matching history entry in one transaction. */
export interface EnterpriseDoc {
  _id: string
  /** Street id (streets collection): the scope every read and write is checked against. */
  street: string
  streetName: string
  district: string
  name: string
  kind: EnterpriseKind
  /** 饿了么, 美团, 顺丰 …; empty when independent. */
  brand: string
  address: string
  location?: GeoPoint
  contactName: string
  contactPhone: string
  /** Workers as the enterprise reported them, with the China date of that report (YYYY-MM-DD). */
  workers: number
  workersReportedOn: string
  unionMembers: number
  orgStatus: OrgStatus
  /** 党建指导员 (name); required when orgStatus is instructor_assigned. */
  instructor: string
  /** Stations (驿站) the enterprise hosts. */
  stationIds: string[]
  /** Count of confirmed member links, kept in the same transaction as each link decision. */
  partyMembersConfirmed: number
  /** Last time staff confirmed the record is true (建档 counts). */
  verifiedAt: Date
  version: number
  createdAt: Date
  createdBy: string
  updatedAt: Date
  updatedBy: string
}

/** JSON-safe value of a field before or after a change (dates as ISO strings, points as [lng, lat]). */
export type HistoryValue = string | number | string[] | [number, number] | null

export interface FieldChange {
  field: EnterpriseField
  before: HistoryValue
  after: HistoryValue
}

/** Append-only: `_id = enterpriseId:version` (zero-padded), so one version has exactly one entry. */
export interface EnterpriseHistoryDoc {
  _id: string
  enterpriseId: string
  street: string
  version: number
  action: HistoryAction
  changes: FieldChange[]
  /** Why, when staff gave a reason (staff-only record). */
  note: string
  actorId: string
  actorName: string
  at: Date
}

/** A Party member's link to one enterprise (`_id = userId`: a member works at one enterprise at a time). */
export interface EnterpriseLinkDoc {
  _id: string
  userId: string
  enterpriseId: string
  street: string
  status: LinkStatus
  claimedAt: Date
  decidedAt?: Date
  decidedBy?: string
  /** Staff's reason for a rejection, shown to the member. */
  reason?: string
}
