/**
 * Counting the caller's waiting work for the workbench, within their scopes, with the same conditions
 * the queues they open use (reports.queue, the fulfil page, station problems, rosters, party review,
 * today's service bookings).
 * All counts go out at once: one round of database requests after the router's role lookup.
 */
import { PartyApplicationStatus } from '../../src/checkins/party'
import { Collection } from '../../src/core/collections'
import { addDays, startOfChinaDay } from '../../src/core/time'
import { STALE_AFTER_DAYS } from '../../src/district/vocabulary'
import { departmentStates, openStates } from '../../src/reports/vocabulary'
import { MemberState } from '../../src/volunteers/vocabulary'
import { RedemptionState } from '../../src/passbook/vocabulary'
import { BookingState } from '../../src/services/vocabulary'
import { kindsFor, workbenchOf, type WaitingKind, type Workbench } from '../../src/users/workbench'
import type { ActionContext } from '../_runtime/router'

type Where = Record<string, unknown>

export async function countWaiting(ctx: ActionContext): Promise<Workbench> {
  const _ = ctx.db.command
  const now = ctx.now
  const count = async (collection: string, where: Where) => (await ctx.db.collection(collection).where(where).count()).total
  const overdue = { state: _.in([...openStates]), dueAt: _.lt(now) }

  // The grid worker's queue: their streets when they cover whole streets, else their grids.
  const gridStreets = ctx.scopeIds('street', 'grid_worker')
  const inMyGrids: Where = gridStreets.length ? { street: _.in(gridStreets) } : { gridId: _.in(ctx.scopeIds('grid', 'grid_worker')) }
  const inMyStreets: Where = { street: _.in(ctx.scopeIds('street', 'dispatcher')) }
  const inMyDepartments: Where = { departmentId: _.in(ctx.scopeIds('department', 'department_handler')) }
  const myStations = ctx.scopeIds('station', 'station_manager')
  const dayStart = startOfChinaDay(now)
  const today: Where = { startAt: _.gte(dayStart).and(_.lt(addDays(dayStart, 1))) }

  const counters: Record<WaitingKind, () => Promise<number>> = {
    grid_new: () => count(Collection.reports, { ...inMyGrids, state: _.in(['submitted', 'reopened']) }),
    grid_overdue: () => count(Collection.reports, { ...inMyGrids, ...overdue }),
    street_unassigned: () => count(Collection.reports, { ...inMyStreets, gridId: null, state: _.in(['submitted', 'reopened']) }),
    street_to_dispatch: () => count(Collection.reports, { ...inMyStreets, state: _.in(['accepted', 'returned']) }),
    street_overdue: () => count(Collection.reports, { ...inMyStreets, ...overdue }),
    wishes_to_screen: () => count(Collection.wishes, { ...inMyStreets, state: 'submitted' }),
    suggestions_to_answer: () => count(Collection.suggestions, { ...inMyStreets, state: _.in(['received', 'evaluating']) }),
    department_todo: () => count(Collection.reports, { ...inMyDepartments, state: _.in([...departmentStates]) }),
    department_overdue: () => count(Collection.reports, { ...inMyDepartments, state: _.in([...departmentStates]), dueAt: _.lt(now) }),
    pickups_pending: () => count(Collection.redemptions, { state: RedemptionState.pending, pickupStationIds: _.in(myStations), expiresAt: _.gt(now) }),
    station_problems: () => count(Collection.stationProblems, { stationId: _.in(myStations), state: 'open' }),
    join_requests: () => count(Collection.teamMembers, { teamId: _.in(ctx.scopeIds('team', 'team_captain')), state: MemberState.pending }),
    party_applications: () => count(Collection.partyApplications, { status: PartyApplicationStatus.pending }),
    enterprise_links: () => count(Collection.enterpriseLinks, { street: _.in(ctx.scopeIds('street', 'street_officer')), status: 'claimed' }),
    enterprises_stale: () => count(Collection.enterprises, { street: _.in(ctx.scopeIds('street', 'district_officer')), verifiedAt: _.lt(new Date(now.getTime() - STALE_AFTER_DAYS * 86_400_000)) }),
    station_services_today: () => count(Collection.serviceBookings, { stationId: _.in(myStations), state: BookingState.booked, ...today }),
    provided_services_today: () => count(Collection.serviceBookings, { stationId: _.in(ctx.scopeIds('station', 'service_provider')), providedBy: ctx.userId, state: BookingState.booked, ...today }),
  }
  const kinds = kindsFor(ctx.roles)
  const totals = await Promise.all(kinds.map((k) => counters[k]()))
  return workbenchOf(Object.fromEntries(kinds.map((k, i) => [k, totals[i]])), ctx.roles)
}
