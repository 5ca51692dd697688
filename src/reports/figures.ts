/**
 * The figures districts publish about reports, per grid and per department, pure: received, accepted,
 * resolved, overdue, median hours to resolve, resolution rate and satisfaction (share of ratings of 4–5
 * and the mean rating). Input is a bounded list of report summaries the function reads for a period.
 */
import { acceptedStates, fixedStates } from './vocabulary'
import type { ReportDoc } from './model'

export type FigureInput = Pick<ReportDoc, 'state' | 'gridId' | 'departmentId' | 'createdAt' | 'resolvedAt' | 'overdue' | 'rating'> & {
  /** Department that resolved it (kept even after send-back/reopen clears departmentId). */
  resolvedBy?: string | null
}

export interface Figures {
  received: number
  accepted: number
  resolved: number
  overdue: number
  /** null when nothing was resolved. */
  medianHoursToResolve: number | null
  /** resolved / accepted, 0–1; null when nothing was accepted. */
  resolutionRate: number | null
  rated: number
  /** Share of ratings 4–5, 0–1; null when nobody rated. */
  satisfaction: number | null
  meanRating: number | null
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const round1 = (n: number) => Math.round(n * 10) / 10

export function computeFigures(reports: readonly FigureInput[]): Figures {
  const accepted = reports.filter((r) => acceptedStates.includes(r.state))
  const resolved = reports.filter((r) => fixedStates.includes(r.state) && r.resolvedAt)
  const hours = resolved.map((r) => (new Date(r.resolvedAt as Date).getTime() - new Date(r.createdAt).getTime()) / 3_600_000)
  const ratings = reports.map((r) => r.rating).filter((x): x is number => typeof x === 'number')
  const med = median(hours)
  return {
    received: reports.length,
    accepted: accepted.length,
    resolved: resolved.length,
    overdue: reports.filter((r) => r.overdue).length,
    medianHoursToResolve: med === null ? null : round1(med),
    resolutionRate: accepted.length ? resolved.length / accepted.length : null,
    rated: ratings.length,
    satisfaction: ratings.length ? ratings.filter((x) => x >= 4).length / ratings.length : null,
    meanRating: ratings.length ? round1(ratings.reduce((a, b) => a + b, 0) / ratings.length) : null,
  }
}

/** Figures per key (grid or department); reports without a key are grouped under ''. */
export function figuresBy(reports: readonly FigureInput[], key: 'gridId' | 'departmentId'): Record<string, Figures> {
  const groups = new Map<string, FigureInput[]>()
  for (const r of reports) {
    const k = (key === 'departmentId' ? r.resolvedBy ?? r.departmentId : r.gridId) ?? ''
    const list = groups.get(k) ?? []
    list.push(r)
    groups.set(k, list)
  }
  const out: Record<string, Figures> = {}
  for (const [k, list] of groups) out[k] = computeFigures(list)
  return out
}
