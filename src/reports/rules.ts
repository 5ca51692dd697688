/**
 * The reports domain's time and counting rules, pure: due times from the category SLA, overdue, the
 * urgency order of a staff queue, duplicate suggestions, how far a reporter may move the pin from the
 * device's fix, and which resolutions auto-close. The reporter's monthly points cap is the passbook rule's
 * (report_accepted), applied by the shared credit path, so there is one cap and one truth. The function
 * supplies the documents and server time.
 */
import { distanceM, fromPoint, type GeoPoint, type LngLat } from '../core/geo'
import { addHours, chinaDateKey } from '../core/time'
import type { HandlingPromiseView } from './contract'
import { defaultReportPolicy, type ReportDoc, type ReportPolicy } from './model'
import { isOpenState, type ReportCategory, type ReportState } from './vocabulary'

/**
 * 受理编号: the China date the report was made and that day's sequence, e.g. `20261205-0007` — digits a
 * rider can read out on the phone. Four digits cover a day of a district; a busier day just grows a digit.
 */
export function receiptNumber(createdAt: Date, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`receipt sequence must be a positive integer, got ${seq}`)
  return `${chinaDateKey(createdAt).replace(/-/g, '')}-${String(seq).padStart(4, '0')}`
}

/** The counter document holding the last receipt sequence of the China day `createdAt` falls on. */
export function receiptCounterId(createdAt: Date): string {
  return `report_receipt:${chinaDateKey(createdAt).replace(/-/g, '')}`
}

/**
 * What the reporter is promised, as government service apps show it: while open, done by the due time
 * (the category SLA, `dueAt` above, reset by a reopen); once resolved, when it was; nothing for a report
 * that was turned down or merged into another.
 */
export type HandlingPromise = { kind: 'promised'; at: Date; overdue: boolean } | { kind: 'resolved'; at: Date } | null

export function handlingPromise(report: Pick<ReportDoc, 'state' | 'dueAt' | 'resolvedAt'>, now: Date): HandlingPromise {
  if (isOpenState(report.state)) return { kind: 'promised', at: new Date(report.dueAt), overdue: isOverdue(report, now) }
  if (report.resolvedAt && (report.state === 'resolved' || report.state === 'confirmed' || report.state === 'closed')) return { kind: 'resolved', at: new Date(report.resolvedAt) }
  return null
}

/** handlingPromise as the contract carries it (ISO times), or undefined when there is none. */
export function handlingPromiseView(report: Pick<ReportDoc, 'state' | 'dueAt' | 'resolvedAt'>, now: Date): HandlingPromiseView | undefined {
  const p = handlingPromise(report, now)
  if (!p) return undefined
  return p.kind === 'promised' ? { kind: p.kind, at: p.at.toISOString(), overdue: p.overdue } : { kind: p.kind, at: p.at.toISOString() }
}

/** The SLA clock starts when the report is made: triage time counts against the street too. */
export function dueAt(createdAt: Date, slaHours: number): Date {
  return addHours(createdAt, Math.max(1, slaHours))
}

export function isOverdue(report: Pick<ReportDoc, 'state' | 'dueAt'>, now: Date): boolean {
  return isOpenState(report.state) && now.getTime() > new Date(report.dueAt).getTime()
}

/** Hours left until due (negative when overdue), rounded down to whole hours for display. */
export function hoursLeft(report: Pick<ReportDoc, 'dueAt'>, now: Date): number {
  return Math.floor((new Date(report.dueAt).getTime() - now.getTime()) / 3_600_000)
}

/** Overdue first, then the nearest due time, then the oldest. */
export function byUrgency(now: Date) {
  return (a: Pick<ReportDoc, 'state' | 'dueAt' | 'createdAt'>, b: Pick<ReportDoc, 'state' | 'dueAt' | 'createdAt'>): number => {
    const oa = isOverdue(a, now) ? 0 : 1
    const ob = isOverdue(b, now) ? 0 : 1
    if (oa !== ob) return oa - ob
    const d = new Date(a.dueAt).getTime() - new Date(b.dueAt).getTime()
    if (d !== 0) return d
    return new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime()
  }
}

export interface DuplicateCandidate {
  _id: string
  categoryId: ReportCategory
  state: ReportState
  location: GeoPoint
  createdAt: Date
}

/** Open reports of the same category within the radius, nearest first. */
export function suggestDuplicates<T extends DuplicateCandidate>(at: LngLat, categoryId: ReportCategory, candidates: readonly T[], policy: ReportPolicy = defaultReportPolicy): Array<T & { distanceM: number }> {
  return candidates
    .filter((c) => c.categoryId === categoryId && isOpenState(c.state))
    .map((c) => ({ ...c, distanceM: distanceM(at, fromPoint(c.location)) }))
    .filter((c) => c.distanceM <= policy.duplicateRadiusM)
    .sort((a, b) => a.distanceM - b.distanceM || new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())
}

/** Resolutions the reporter has not answered within the window. */
export function shouldAutoClose(report: Pick<ReportDoc, 'state' | 'resolvedAt'>, now: Date, policy: ReportPolicy = defaultReportPolicy): boolean {
  return report.state === 'resolved' && !!report.resolvedAt && now.getTime() >= addHours(new Date(report.resolvedAt), policy.autoCloseHours).getTime()
}

/** The cut-off before which a resolution auto-closes now (for the timer's indexed query). */
export function autoCloseCutoff(now: Date, policy: ReportPolicy = defaultReportPolicy): Date {
  return addHours(now, -policy.autoCloseHours)
}

/** The device fix a pin was adjusted from; its accuracy is the radius (metres) the device itself reported. */
export interface DeviceFix extends LngLat {
  accuracy: number
}

/**
 * How far a pin may sit from this fix: the policy's reach plus the fix's own uncertainty, capped (a fix
 * "accurate to 3 km" must not licence a pin anywhere in town). A negative or non-finite accuracy adds nothing.
 */
export function pinReachM(fix: DeviceFix, policy: ReportPolicy = defaultReportPolicy): number {
  const accuracy = Number.isFinite(fix.accuracy) ? Math.max(0, fix.accuracy) : 0
  return Math.round(policy.pinAdjustMaxM + Math.min(accuracy, policy.pinAccuracyAllowanceM))
}

export interface PinReach {
  ok: boolean
  /** Pin to fix, whole metres (what the reporter is told; the bound is checked on this figure). */
  distanceM: number
  reachM: number
}

/**
 * Whether a pin stays within reach of the device fix. Without a fix (an older client, a draft kept before
 * pins could move) the pin is taken as the fix: there is nothing to bound it against.
 */
export function pinWithinReach(pin: LngLat, fix: DeviceFix | undefined, policy: ReportPolicy = defaultReportPolicy): PinReach {
  if (!fix) return { ok: true, distanceM: 0, reachM: 0 }
  const d = Math.round(distanceM(fix, pin))
  const reach = pinReachM(fix, policy)
  return { ok: d <= reach, distanceM: d, reachM: reach }
}

/** The refusal a too-far pin gets, the same words on the page (before sending) and from the server. */
export function pinTooFarMessage(r: PinReach): string {
  return `问题位置离你的手机定位约 ${r.distanceM} 米，最多只能挪动 ${r.reachM} 米：请把标记挪回你所在的地方附近（或点「回到我的定位」）再提交`
}
