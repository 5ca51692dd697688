/**
 * 一企一档 rules, pure: building a new record, applying an edit as a list of field changes (the history
 * entry's content — an edit that changes nothing is refused, so every version says what changed), the
 * organisation-status/instructor invariant, and the member-link transitions (a member with an approved
 * Party registration claims an enterprise; the street's staff confirm or reject). The function wraps
 * these in one transaction per change (record + history entry), so nothing is overwritten without trace.
 */
import { AppError } from '../core/errors'
import { chinaDateKey } from '../core/time'
import { toPoint, type LngLat } from '../core/geo'
import type { EnterpriseDoc, EnterpriseHistoryDoc, EnterpriseLinkDoc, FieldChange, HistoryValue } from './model'
import { HistoryAction, OrgStatus, type EnterpriseField, type EnterpriseKind, type LinkDecision } from './vocabulary'

/** What staff type for a record; the same shape creates and (partially) edits. */
export interface EnterpriseInput {
  name: string
  kind: EnterpriseKind
  brand?: string
  address: string
  location?: LngLat
  contactName?: string
  contactPhone?: string
  workers: number
  /** YYYY-MM-DD (China date) of the enterprise's report; defaults to today. */
  workersReportedOn?: string
  unionMembers?: number
  orgStatus: OrgStatus
  instructor?: string
  stationIds?: string[]
}

export type EnterprisePatch = Partial<EnterpriseInput>

export interface Actor {
  id: string
  name: string
}

export interface StreetRef {
  id: string
  name: string
  district: string
}

const VERSION_DIGITS = 6

export function historyId(enterpriseId: string, version: number): string {
  return `${enterpriseId}:${String(version).padStart(VERSION_DIGITS, '0')}`
}

/** An instructor is named exactly when the status says one is assigned; a formed organisation may also name one. */
export function checkOrganisation(orgStatus: OrgStatus, instructor: string): void {
  if (orgStatus === OrgStatus.instructor_assigned && !instructor) {
    throw new AppError('INVALID_ARGUMENT', '派驻党建指导员时请填写指导员姓名', 'instructor')
  }
  if (orgStatus === OrgStatus.none && instructor) {
    throw new AppError('INVALID_ARGUMENT', '已有党建指导员时请选择对应的覆盖方式，不能是"尚未覆盖"', 'orgStatus')
  }
}

function checkReportedOn(date: string, now: Date): void {
  if (date > chinaDateKey(now)) throw new AppError('INVALID_ARGUMENT', '人数填报日期不能晚于今天', 'workersReportedOn')
}

export function newEnterprise(id: string, input: EnterpriseInput, street: StreetRef, actor: Actor, now: Date): { doc: EnterpriseDoc; history: EnterpriseHistoryDoc } {
  const doc: EnterpriseDoc = {
    _id: id,
    street: street.id,
    streetName: street.name,
    district: street.district,
    name: input.name,
    kind: input.kind,
    brand: input.brand ?? '',
    address: input.address,
    contactName: input.contactName ?? '',
    contactPhone: input.contactPhone ?? '',
    workers: input.workers,
    workersReportedOn: input.workersReportedOn ?? chinaDateKey(now),
    unionMembers: input.unionMembers ?? 0,
    orgStatus: input.orgStatus,
    instructor: input.instructor ?? '',
    stationIds: [...new Set(input.stationIds ?? [])],
    partyMembersConfirmed: 0,
    verifiedAt: now,
    version: 1,
    createdAt: now,
    createdBy: actor.id,
    updatedAt: now,
    updatedBy: actor.id,
  }
  if (input.location) doc.location = toPoint(input.location)
  checkOrganisation(doc.orgStatus, doc.instructor)
  checkReportedOn(doc.workersReportedOn, now)
  if (doc.unionMembers > doc.workers) throw new AppError('INVALID_ARGUMENT', '工会会员数不能多于从业人员数', 'unionMembers')
  const changes = (Object.keys(doc) as Array<keyof EnterpriseDoc>)
    .filter((k): k is EnterpriseField => isTrackedField(k))
    .map((field) => ({ field, before: null, after: historyValue(doc, field) }))
    .filter((c) => c.after !== null && c.after !== '' && !(Array.isArray(c.after) && c.after.length === 0))
  return { doc, history: entry(doc, HistoryAction.create, changes, actor, now, '') }
}

const TRACKED: readonly EnterpriseField[] = ['name', 'kind', 'brand', 'address', 'location', 'contactName', 'contactPhone', 'workers', 'workersReportedOn', 'unionMembers', 'orgStatus', 'instructor', 'stationIds', 'partyMembersConfirmed', 'verifiedAt']

function isTrackedField(key: string): key is EnterpriseField {
  return (TRACKED as readonly string[]).includes(key)
}

export function historyValue(doc: EnterpriseDoc, field: EnterpriseField): HistoryValue {
  const v = doc[field]
  if (v === undefined || v === null) return null
  if (v instanceof Date) return v.toISOString()
  if (field === 'location') return [...(v as { coordinates: [number, number] }).coordinates] as [number, number]
  if (Array.isArray(v)) return [...(v as string[])]
  return v as string | number
}

function same(a: HistoryValue, b: HistoryValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function entry(doc: EnterpriseDoc, action: HistoryAction, changes: FieldChange[], actor: Actor, now: Date, note: string): EnterpriseHistoryDoc {
  return { _id: historyId(doc._id, doc.version), enterpriseId: doc._id, street: doc.street, version: doc.version, action, changes, note, actorId: actor.id, actorName: actor.name, at: now }
}

/**
 * Applies an edit: answers the next version and its history entry listing each field that changed
 * (before → after). An edit counts as a verification (staff looked at the record today).
 */
export function editEnterprise(before: EnterpriseDoc, patch: EnterprisePatch, actor: Actor, now: Date, note = ''): { doc: EnterpriseDoc; history: EnterpriseHistoryDoc } {
  const next: EnterpriseDoc = { ...before, stationIds: [...before.stationIds] }
  if (patch.name !== undefined) next.name = patch.name
  if (patch.kind !== undefined) next.kind = patch.kind
  if (patch.brand !== undefined) next.brand = patch.brand
  if (patch.address !== undefined) next.address = patch.address
  if (patch.location !== undefined) next.location = toPoint(patch.location)
  if (patch.contactName !== undefined) next.contactName = patch.contactName
  if (patch.contactPhone !== undefined) next.contactPhone = patch.contactPhone
  if (patch.workers !== undefined) {
    next.workers = patch.workers
    // A new head count is a new report: dated today unless staff give the report's date.
    if (patch.workers !== before.workers && patch.workersReportedOn === undefined) next.workersReportedOn = chinaDateKey(now)
  }
  if (patch.workersReportedOn !== undefined) next.workersReportedOn = patch.workersReportedOn
  if (patch.unionMembers !== undefined) next.unionMembers = patch.unionMembers
  if (patch.orgStatus !== undefined) next.orgStatus = patch.orgStatus
  if (patch.instructor !== undefined) next.instructor = patch.instructor
  if (patch.stationIds !== undefined) next.stationIds = [...new Set(patch.stationIds)]
  checkOrganisation(next.orgStatus, next.instructor)
  checkReportedOn(next.workersReportedOn, now)
  if (next.unionMembers > next.workers) throw new AppError('INVALID_ARGUMENT', '工会会员数不能多于从业人员数', 'unionMembers')

  const changes: FieldChange[] = TRACKED.filter((f) => f !== 'verifiedAt')
    .map((field) => ({ field, before: historyValue(before, field), after: historyValue(next, field) }))
    .filter((c) => !same(c.before, c.after))
  if (!changes.length) throw new AppError('INVALID_ARGUMENT', '没有修改任何内容；如果信息仍然准确，请点"核实无误"', 'patch')
  next.verifiedAt = now
  changes.push({ field: 'verifiedAt', before: historyValue(before, 'verifiedAt'), after: now.toISOString() })
  next.version = before.version + 1
  next.updatedAt = now
  next.updatedBy = actor.id
  return { doc: next, history: entry(next, HistoryAction.update, changes, actor, now, note) }
}

/** "核实无误": the record is still true; only the verification date moves, and that too is on record. */
export function verifyEnterprise(before: EnterpriseDoc, actor: Actor, now: Date, note = ''): { doc: EnterpriseDoc; history: EnterpriseHistoryDoc } {
  const next: EnterpriseDoc = { ...before, verifiedAt: now, version: before.version + 1, updatedAt: now, updatedBy: actor.id }
  const changes: FieldChange[] = [{ field: 'verifiedAt', before: historyValue(before, 'verifiedAt'), after: now.toISOString() }]
  return { doc: next, history: entry(next, HistoryAction.verify, changes, actor, now, note) }
}

/** A member's claim: needs an approved registration; re-claiming a confirmed link elsewhere is refused. */
export function claimEnterprise(existing: EnterpriseLinkDoc | null, input: { userId: string; enterprise: Pick<EnterpriseDoc, '_id' | 'street'>; approved: boolean }, now: Date): EnterpriseLinkDoc {
  if (!input.approved) throw new AppError('FORBIDDEN', '请先完成党员认证，通过后再登记所在企业')
  if (existing?.status === 'confirmed') {
    if (existing.enterpriseId === input.enterprise._id) throw new AppError('CONFLICT', '街道已确认你在这家企业，无需重复登记')
    throw new AppError('CONFLICT', '你已被确认在另一家企业；如已换单位，请联系街道工作人员先解除')
  }
  return { _id: input.userId, userId: input.userId, enterpriseId: input.enterprise._id, street: input.enterprise.street, status: 'claimed', claimedAt: now }
}

/** Staff decide a pending claim; a rejection says why (the member reads it). */
export function decideLink(link: EnterpriseLinkDoc, decision: LinkDecision, actorId: string, now: Date, reason?: string): EnterpriseLinkDoc {
  if (link.status !== 'claimed') throw new AppError('CONFLICT', '这条登记已处理过，请刷新')
  if (link.userId === actorId) throw new AppError('FORBIDDEN', '不能确认自己的登记')
  const why = reason?.trim() ?? ''
  if (decision === 'reject' && why.length < 2) throw new AppError('INVALID_ARGUMENT', '不予确认时请填写原因，方便党员补充', 'reason')
  const next: EnterpriseLinkDoc = { ...link, status: decision === 'confirm' ? 'confirmed' : 'rejected', decidedAt: now, decidedBy: actorId }
  if (why) next.reason = why
  return next
}

/** The member has left: a confirmed link ends (kept, with the reason), never deleted. */
export function endLink(link: EnterpriseLinkDoc, actorId: string, now: Date, reason: string): EnterpriseLinkDoc {
  if (link.status !== 'confirmed') throw new AppError('CONFLICT', '只有已确认的党员可以解除，请刷新')
  const why = reason.trim()
  if (why.length < 2) throw new AppError('INVALID_ARGUMENT', '解除时请写明原因，如"已离职"', 'reason')
  return { ...link, status: 'ended', decidedAt: now, decidedBy: actorId, reason: why }
}

/** The enterprise side of a confirmed link: the member count moves by one, with its own history entry. */
export function countConfirmedMember(before: EnterpriseDoc, delta: 1 | -1, actor: Actor, now: Date, note: string): { doc: EnterpriseDoc; history: EnterpriseHistoryDoc } {
  const count = Math.max(0, before.partyMembersConfirmed + delta)
  const next: EnterpriseDoc = { ...before, partyMembersConfirmed: count, version: before.version + 1, updatedAt: now, updatedBy: actor.id }
  const changes: FieldChange[] = [{ field: 'partyMembersConfirmed', before: before.partyMembersConfirmed, after: count }]
  return { doc: next, history: entry(next, delta > 0 ? HistoryAction.link_confirmed : HistoryAction.link_removed, changes, actor, now, note) }
}
