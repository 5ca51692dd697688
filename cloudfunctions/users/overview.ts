/**
 * 我的 at a glance, answered inside `users.me({ overview: true })` so the tab's first screen is one call:
 * the passbook balance, my latest reports with receipt number and promised handling time (the reports
 * domain's own rule, rules.handlingPromiseView), and my coming activities. Every read starts at once,
 * beside the unread count; only the activities take a second step (my sign-ups, then their activities).
 */
import { Collection } from '../../src/core/collections'
import type { BalanceDoc } from '../../src/passbook/model'
import type { ReportDoc } from '../../src/reports/model'
import { handlingPromiseView } from '../../src/reports/rules'
import { categoryLabel } from '../../src/reports/vocabulary'
import type { MyReportLine } from '../../src/reports/contract'
import { OVERVIEW_ACTIVITIES, OVERVIEW_REPORTS, type MeOverview } from '../../src/users/contract'
import type { ActivityDoc, SignupDoc } from '../../src/volunteers/model'
import { ActivityState, SignupState, signupStateLabel } from '../../src/volunteers/vocabulary'
import { getById } from '../_runtime/db'
import type { ActionContext } from '../_runtime/router'

/** Live sign-ups looked at, newest first: a coming activity is almost always among the latest ones. */
const RECENT_SIGNUPS = 20

const iso = (d: Date | string) => new Date(d).toISOString()

async function latestReports(ctx: ActionContext): Promise<{ items: MyReportLine[]; more: boolean }> {
  // Served by reporter_at (reporterId, createdAt desc); one more than shown tells whether there are more.
  const res = await ctx.db
    .collection<ReportDoc>(Collection.reports)
    .where({ reporterId: ctx.userId })
    .orderBy('createdAt', 'desc')
    .field({ _id: true, receiptNo: true, categoryId: true, state: true, createdAt: true, dueAt: true, resolvedAt: true })
    .limit(OVERVIEW_REPORTS + 1)
    .get()
  const items = res.data.slice(0, OVERVIEW_REPORTS).map((r) => {
    const line: MyReportLine = { id: r._id, receiptNo: r.receiptNo, categoryName: categoryLabel[r.categoryId], state: r.state, createdAt: iso(r.createdAt) }
    const promise = handlingPromiseView({ state: r.state, dueAt: new Date(r.dueAt), resolvedAt: r.resolvedAt ? new Date(r.resolvedAt) : undefined }, ctx.now)
    if (promise) line.promise = promise
    return line
  })
  return { items, more: res.data.length > OVERVIEW_REPORTS }
}

async function comingActivities(ctx: ActionContext): Promise<MeOverview['activities']> {
  const _ = ctx.db.command
  // Served by user_at (userId, createdAt desc).
  const signups = (
    await ctx.db
      .collection<SignupDoc>(Collection.activitySignups)
      .where({ userId: ctx.userId, state: _.in([SignupState.signed_up, SignupState.waitlisted]) })
      .orderBy('createdAt', 'desc')
      .field({ activityId: true, state: true })
      .limit(RECENT_SIGNUPS)
      .get()
  ).data
  if (!signups.length) return []
  const acts = (
    await ctx.db
      .collection<ActivityDoc>(Collection.activities)
      .where({ _id: _.in(signups.map((s) => s.activityId)), endAt: _.gt(ctx.now), state: _.in([ActivityState.open, ActivityState.closed]) })
      .orderBy('startAt', 'asc')
      .field({ _id: true, title: true, startAt: true, endAt: true })
      .limit(OVERVIEW_ACTIVITIES)
      .get()
  ).data
  const stateOf = new Map(signups.map((s) => [s.activityId, s.state]))
  return acts.map((a) => {
    const signup = stateOf.get(a._id) ?? SignupState.signed_up
    return { id: a._id, title: a.title, startAt: iso(a.startAt), endAt: iso(a.endAt), signup, signupLabel: signupStateLabel[signup] }
  })
}

export async function overviewOf(ctx: ActionContext): Promise<MeOverview> {
  const [balance, reports, activities] = await Promise.all([getById<BalanceDoc>(ctx.db, Collection.balances, ctx.userId), latestReports(ctx), comingActivities(ctx)])
  return { points: balance?.points ?? 0, reports: reports.items, moreReports: reports.more, activities }
}
