/**
 * The 五个清 ledger (企业清、人员清、党员清、组织清、指导员清), pure: per street and for all the streets
 * in view, computed from the registry records, the member links and who reported at a point lately —
 * never typed. Completeness flags point staff at what to fix: records not verified within
 * STALE_AFTER_DAYS, and enterprises with Party members but no organisation coverage.
 */
import type { EnterpriseDoc, EnterpriseLinkDoc } from './model'
import { activeLinkStatuses, allOrgStatuses, OrgStatus, STALE_AFTER_DAYS } from './vocabulary'

const DAY_MS = 86_400_000

export type LedgerEnterprise = Pick<EnterpriseDoc, '_id' | 'street' | 'name' | 'workers' | 'unionMembers' | 'orgStatus' | 'instructor' | 'stationIds' | 'verifiedAt'>
export type LedgerLink = Pick<EnterpriseLinkDoc, 'userId' | 'enterpriseId' | 'status'>

export interface LedgerStreet {
  id: string
  name: string
}

export interface LedgerFlag {
  enterpriseId: string
  name: string
  street: string
}

export interface LedgerRow {
  /** Street id; '' on the total row. */
  street: string
  streetName: string
  enterprises: number
  workers: number
  unionMembers: number
  /** Members whose registration names an enterprise here (claimed or confirmed). */
  partyRegistered: number
  /** Of those, confirmed by staff. */
  partyConfirmed: number
  /** Of the confirmed, those who reported at a community report point within the window. */
  partyReporting: number
  /** Enterprises per organisation status. */
  organisations: Record<OrgStatus, number>
  /** Enterprises covered one way or another (status other than none). */
  covered: number
  /** Distinct instructors named (the same person serving two enterprises counts once). */
  instructors: number
  /** Distinct stations hosted. */
  stations: number
  /** Not verified within STALE_AFTER_DAYS. */
  stale: LedgerFlag[]
  /** Registered or confirmed members, yet organisation status none. */
  membersWithoutOrg: LedgerFlag[]
}

export interface Ledger {
  rows: LedgerRow[]
  total: LedgerRow
}

function emptyOrgs(): Record<OrgStatus, number> {
  return Object.fromEntries(allOrgStatuses.map((s) => [s, 0])) as Record<OrgStatus, number>
}

function rowOf(street: string, streetName: string, enterprises: LedgerEnterprise[], links: LedgerLink[], reporting: ReadonlySet<string>, now: Date): LedgerRow {
  const ids = new Set(enterprises.map((e) => e._id))
  const mine = links.filter((l) => ids.has(l.enterpriseId) && activeLinkStatuses.includes(l.status))
  const registeredBy = new Map<string, number>()
  for (const l of mine) registeredBy.set(l.enterpriseId, (registeredBy.get(l.enterpriseId) ?? 0) + 1)
  const confirmed = mine.filter((l) => l.status === 'confirmed')
  const organisations = emptyOrgs()
  for (const e of enterprises) organisations[e.orgStatus]++
  const staleBefore = now.getTime() - STALE_AFTER_DAYS * DAY_MS
  const flag = (e: LedgerEnterprise): LedgerFlag => ({ enterpriseId: e._id, name: e.name, street: e.street })
  return {
    street,
    streetName,
    enterprises: enterprises.length,
    workers: enterprises.reduce((n, e) => n + e.workers, 0),
    unionMembers: enterprises.reduce((n, e) => n + e.unionMembers, 0),
    partyRegistered: mine.length,
    partyConfirmed: confirmed.length,
    partyReporting: confirmed.filter((l) => reporting.has(l.userId)).length,
    organisations,
    covered: enterprises.length - organisations.none,
    instructors: new Set(enterprises.map((e) => e.instructor.trim()).filter(Boolean)).size,
    stations: new Set(enterprises.flatMap((e) => e.stationIds)).size,
    stale: enterprises.filter((e) => new Date(e.verifiedAt).getTime() < staleBefore).map(flag),
    membersWithoutOrg: enterprises.filter((e) => e.orgStatus === OrgStatus.none && (registeredBy.get(e._id) ?? 0) > 0).map(flag),
  }
}

/**
 * One row per street in `streets` (in that order, empty streets included, so a street with nothing
 * registered shows as zero rather than disappearing), and a total over them. Enterprises of streets not
 * listed are ignored: the caller's scope decides what is counted.
 */
export function computeLedger(input: { streets: LedgerStreet[]; enterprises: LedgerEnterprise[]; links: LedgerLink[]; reportingUserIds: ReadonlySet<string>; now: Date }): Ledger {
  const { streets, links, reportingUserIds, now } = input
  const inView = new Set(streets.map((s) => s.id))
  const enterprises = input.enterprises.filter((e) => inView.has(e.street))
  const rows = streets.map((s) => rowOf(s.id, s.name, enterprises.filter((e) => e.street === s.id), links, reportingUserIds, now))
  const total = rowOf('', '合计', enterprises, links, reportingUserIds, now)
  return { rows, total }
}
