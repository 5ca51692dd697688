/**
 * The staff queue's filters as a link carries them (`?as=dispatcher&state=accepted&overdue=1`), so the
 * workbench opens the queue already showing the work it counted. Anything unknown in the link is
 * ignored rather than trusted: the queue still asks the server, which checks role and scope.
 */
import { allReportStates, QueueRole, type ReportState } from './vocabulary'

export interface QueueFilters {
  as?: QueueRole
  state?: ReportState
  overdue: boolean
  unassigned: boolean
}

export function queueFiltersFrom(params: Record<string, string | undefined>): QueueFilters {
  const as = Object.values(QueueRole).find((r) => r === params.as)
  const state = allReportStates.find((s) => s === params.state)
  return { as, state, overdue: params.overdue === '1', unassigned: params.unassigned === '1' }
}
