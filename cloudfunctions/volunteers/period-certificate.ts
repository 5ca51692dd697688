/**
 * The caller's certificate over a date range: their attended sign-ups with hours whose service day
 * falls in it, summed by the pure rules (src/volunteers/period.ts), numbered with the same verifiable
 * scheme as per-activity certificates and stored in service_records under that number. Issuing is
 * idempotent (same coverage → same number → the stored record answers, with its first issue date).
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { chinaDateKey } from '../../src/core/time'
import { certificateNumber, FREE_OF_CHARGE_TEXT, volunteerNumber } from '../../src/volunteers/certificate'
import type { PeriodCertificateView } from '../../src/volunteers/contract'
import type { ActivityDoc, PeriodServiceRecordDoc, SignupDoc, TeamDoc } from '../../src/volunteers/model'
import { chinaNoon, periodKey, periodProblem, summarisePeriod, type PeriodItem } from '../../src/volunteers/period'
import { addOnce, findAll, getById, type Database } from '../_runtime/db'
import type { ActionContext } from '../_runtime/router'
import { certificateSecret } from './hours'
import { normaliseActivity, normaliseSignup } from './store'

/** Attended sign-ups a person can hold; the same bound as the service-record totals. */
const MAX_SIGNUPS = 2000

async function byIds<T extends { _id: string }>(db: Database, collection: string, ids: string[]): Promise<Map<string, T>> {
  const out = new Map<string, T>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += 100) {
    const chunk = unique.slice(i, i + 100)
    const res = await db.collection(collection).where({ _id: db.command.in(chunk) }).limit(chunk.length).get()
    for (const d of res.data as T[]) out.set(d._id, d)
  }
  return out
}

function view(r: PeriodServiceRecordDoc): PeriodCertificateView {
  return {
    certificateNo: r.certificateNo,
    volunteerName: r.volunteerName,
    volunteerNo: r.volunteerNo,
    from: r.periodFrom,
    to: r.periodTo,
    hours: r.hours,
    activityCount: r.activityCount,
    serviceContent: r.serviceContent,
    items: r.items.map(({ title, serviceDate, hours, issuerName }) => ({ title, serviceDate, hours, issuerName })),
    issuerName: r.issuerName,
    issuedAt: new Date(r.issuedAt).toISOString(),
    freeOfCharge: FREE_OF_CHARGE_TEXT,
  }
}

export async function periodCertificate(ctx: ActionContext, from: string, to: string): Promise<PeriodCertificateView> {
  const problem = periodProblem(from, to, chinaDateKey(ctx.now))
  if (problem) throw new AppError('INVALID_ARGUMENT', problem, 'from')

  const attended = (await findAll<SignupDoc>(ctx.db, Collection.activitySignups, { userId: ctx.userId, attendance: 'attended' }, MAX_SIGNUPS)).map(normaliseSignup).filter((s) => (s.hours ?? 0) > 0)
  const activities = await byIds<ActivityDoc>(ctx.db, Collection.activities, attended.map((s) => s.activityId))
  const teams = await byIds<TeamDoc>(ctx.db, Collection.teams, [...activities.values()].map((a) => a.teamId))
  const all: PeriodItem[] = []
  for (const s of attended) {
    const raw = activities.get(s.activityId)
    if (!raw) continue
    const activity = normaliseActivity(raw as unknown as Record<string, unknown>)
    const team = teams.get(activity.teamId)
    all.push({
      signupId: s._id,
      activityId: activity._id,
      title: activity.title,
      // The service day as the per-activity certificate dates it.
      serviceDate: chinaDateKey(s.checkInAt ?? activity.startAt),
      hours: s.hours ?? 0,
      teamId: activity.teamId,
      issuerName: team ? `${team.street}${team.name}` : '志愿服务队',
    })
  }
  const summary = summarisePeriod(all, from, to)
  if (!summary) throw new AppError('NOT_FOUND', '这段时间内没有已确认的志愿服务时长，完成活动签到签退后再来开具')

  const certificateNo = certificateNumber(periodKey(ctx.userId, from, to, summary.items), chinaNoon(summary.lastServiceDate), await certificateSecret(ctx.db))
  const existing = await getById<PeriodServiceRecordDoc>(ctx.db, Collection.serviceRecords, certificateNo)
  if (existing) {
    if (existing.userId !== ctx.userId) throw new AppError('CONFLICT', '证明编号冲突，请稍后重试')
    return view(existing)
  }
  const user = await getById<{ nickname: string }>(ctx.db, Collection.users, ctx.userId)
  const record: PeriodServiceRecordDoc = {
    _id: certificateNo,
    kind: 'period',
    certificateNo,
    userId: ctx.userId,
    volunteerName: user?.nickname ?? '志愿者',
    volunteerNo: volunteerNumber(ctx.userId),
    periodFrom: from,
    periodTo: to,
    activityTitle: `${from} 至 ${to} 志愿服务时长汇总`,
    serviceContent: summary.serviceContent,
    serviceDate: summary.lastServiceDate,
    hours: summary.hours,
    activityCount: summary.activityCount,
    items: summary.items.map(({ signupId, activityId, title, serviceDate, hours, issuerName }) => ({ signupId, activityId, title, serviceDate, hours, issuerName })),
    issuerName: summary.issuerName,
    issuerTeamIds: summary.issuerTeamIds,
    issuedAt: ctx.now,
    issuedBy: ctx.userId,
  }
  if (await addOnce(ctx.db, Collection.serviceRecords, record)) return view(record)
  // A concurrent twin issued it first: answer what is stored.
  return view((await getById<PeriodServiceRecordDoc>(ctx.db, Collection.serviceRecords, certificateNo)) as PeriodServiceRecordDoc)
}
