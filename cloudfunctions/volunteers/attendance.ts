/**
 * Attendance actions: the captain's activity code (a QR from wxacode.getUnlimited carrying the signed
 * scene), a preview of what scanning it would do, the scan itself (check-in / check-out under the
 * shared check-in rules), the captain's attendance sheet, marks with a reason, and closing attendance
 * (no-shows). Every write is a guarded update on the sign-up's previous attendance state.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { parseActivityScene } from '../../src/volunteers/activity-scene'
import { activityScene, evaluateAttendanceScan, evaluateCaptainMark, newActivityCodeKey, noShowsAt, verifyActivityScene } from '../../src/volunteers/attendance'
import type { AttendResult, VolunteersContract } from '../../src/volunteers/contract'
import { formatHours } from '../../src/volunteers/hours'
import type { ActivityDoc, SignupDoc } from '../../src/volunteers/model'
import { compareWaitlist, signupDocId } from '../../src/volunteers/signup'
import { attendancePhaseLabel } from '../../src/volunteers/vocabulary'
import { writeAudit } from '../_runtime/audit'
import { requireCleanTexts } from '../_runtime/content'
import { findAll } from '../_runtime/db'
import type { ActionContext, ActionTable } from '../_runtime/router'
import { mySignupView } from './activities'
import { countArrival, uncountArrival } from './checkin-record'
import { creditAndCertify } from './hours'
import { addressesOf, findSignup, managedTeam, nicknames, normaliseActivity, normaliseSignup, requireActivity, requireTeam } from './store'
import { activitySummary, attendanceRow } from './views'

type AttendanceActions = Pick<ActionTable<VolunteersContract>, 'activityCode' | 'scanPreview' | 'attend' | 'attendanceSheet' | 'markAttendance' | 'closeAttendance'>

export const ATTEND_PAGE = 'volunteers/pages/attend/index'

/** The activity a scanned scene names, after checking its signature. */
async function activityFromScene(ctx: ActionContext, scene: string): Promise<ActivityDoc> {
  const parts = parseActivityScene(scene)
  if (!parts) throw new AppError('INVALID_ARGUMENT', '无法识别这个二维码，请扫描活动现场的签到码', 'scene')
  const res = await ctx.db.collection(Collection.activities).where({ code: parts.code }).limit(1).get()
  const activity = res.data[0] ? normaliseActivity(res.data[0]) : null
  verifyActivityScene(scene, activity?.codeKey)
  return activity as ActivityDoc
}

/** The activity's code key, created on first use (seeded activities have none) by a guarded update. */
async function ensureCodeKey(ctx: ActionContext, activity: ActivityDoc): Promise<ActivityDoc> {
  if (activity.codeKey) return activity
  const key = newActivityCodeKey()
  const _ = ctx.db.command
  await ctx.db.collection(Collection.activities).where({ _id: activity._id, code: _.exists(false) }).update({ data: { codeKey: key, code: key.code, updatedAt: ctx.now } })
  return requireActivity(ctx.db, activity._id)
}

async function managedActivity(ctx: ActionContext, activityId: string): Promise<ActivityDoc> {
  const activity = await requireActivity(ctx.db, activityId)
  await managedTeam(ctx, activity.teamId)
  return activity
}

function resultOf(activity: ActivityDoc, phase: 'in' | 'out', signup: SignupDoc, recorded: boolean, capped = false): AttendResult {
  const out: AttendResult = {
    activityId: activity._id,
    title: activity.title,
    phase,
    recorded,
    attendance: signup.attendance,
    message: '',
  }
  if (signup.checkInAt) out.checkInAt = signup.checkInAt.toISOString()
  if (signup.checkOutAt) out.checkOutAt = signup.checkOutAt.toISOString()
  if (signup.hours !== undefined) out.hours = signup.hours
  if (signup.points !== undefined) out.points = signup.points
  if (capped) out.capped = true
  if (phase === 'in') out.message = recorded ? '签到成功，活动结束时记得扫码签退' : '你已经签到过了，活动结束时扫码签退'
  else if ((signup.hours ?? 0) <= 0) out.message = '已签退。服务不足半小时，本次不计时长'
  else out.message = `${recorded ? '签退成功' : '你已经签退过了'}，本次服务 ${formatHours(signup.hours ?? 0)}${signup.points !== undefined ? `，获得 ${signup.points} 积分` : ''}`
  return out
}

export const attendanceActions: AttendanceActions = {
  activityCode: {
    roles: 'any',
    handler: async ({ activityId }, ctx) => {
      const activity = await ensureCodeKey(ctx, await managedActivity(ctx, activityId))
      const scene = activityScene(activity.codeKey!)
      let png: Buffer
      try {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const res = (await (ctx.cloud as any).openapi.wxacode.getUnlimited({ scene, page: ATTEND_PAGE, width: 600, checkPath: false })) as { buffer: Buffer }
        png = Buffer.from(res.buffer)
      } catch (err) {
        throw new AppError('UNAVAILABLE', `生成签到码失败，请稍后重试（${String((err as { errCode?: number }).errCode ?? '')}）`)
      }
      return { scene, page: ATTEND_PAGE, image: `data:image/png;base64,${png.toString('base64')}` }
    },
  },

  scanPreview: {
    roles: 'any',
    handler: async ({ scene }, ctx) => {
      const activity = await activityFromScene(ctx, scene)
      const [team, addresses, signup] = await Promise.all([requireTeam(ctx.db, activity.teamId), addressesOf(ctx.db, [activity]), findSignup(ctx.db, signupDocId(activity._id, ctx.userId))])
      let nextPhase: 'in' | 'out' | null = null
      let hint: string
      if (!signup || signup.state === 'cancelled') hint = '你没有报名这个活动，请先报名'
      else if (signup.state === 'waitlisted') hint = '你还在候补名单中，递补成功后才能签到'
      else if (signup.attendance === 'none') ((nextPhase = 'in'), (hint = '到达活动地点后点击签到'))
      else if (signup.attendance === 'checked_in') ((nextPhase = 'out'), (hint = '活动结束时点击签退，系统按签到签退时间计算时长'))
      else if (signup.attendance === 'attended') hint = `本次活动已完成，服务 ${formatHours(signup.hours ?? 0)}`
      else hint = '队长已将你记为缺席，如有疑问请联系队长'
      return {
        activity: activitySummary(activity, team.name, addresses.get(activity._id) ?? ''),
        me: signup ? await mySignupView(ctx.db, signup) : null,
        nextPhase,
        hint,
      }
    },
  },

  attend: {
    roles: 'any',
    handler: async ({ scene, phase, entry, location, idempotencyKey }, ctx) => {
      const activity = await activityFromScene(ctx, scene)
      const id = signupDocId(activity._id, ctx.userId)
      const signup = await findSignup(ctx.db, id)
      const outcome = evaluateAttendanceScan(activity, signup, { phase, entry, location, now: ctx.now })
      const col = ctx.db.collection(Collection.activitySignups)
      let recorded = false
      if (outcome.kind === 'check_in') {
        const res = await col.where({ _id: id, state: 'signed_up', attendance: 'none' }).update({ data: { attendance: 'checked_in', checkInAt: outcome.checkInAt, attendanceSource: 'scan', idempotencyKey, updatedAt: ctx.now } })
        recorded = res.stats.updated === 1
      } else if (outcome.kind === 'check_out') {
        const res = await col.where({ _id: id, attendance: 'checked_in' }).update({ data: { attendance: 'attended', checkOutAt: outcome.checkOutAt, minutes: outcome.minutes, hours: outcome.hours, updatedAt: ctx.now } })
        recorded = res.stats.updated === 1
      }
      if (!recorded) {
        // A concurrent twin or an earlier attempt got there first: answer what is stored, if it is this phase.
        const stored = await findSignup(ctx.db, id)
        const done = phase === 'in' ? stored?.attendance === 'checked_in' || stored?.attendance === 'attended' : stored?.attendance === 'attended'
        if (!stored || !done) throw new AppError('CONFLICT', `${attendancePhaseLabel[phase]}状态刚刚有变化，请刷新后重试`)
      }
      const { signup: final, capped } = await creditAndCertify(ctx, activity, id)
      await countArrival(ctx, activity, final ?? ((await findSignup(ctx.db, id)) as SignupDoc))
      return resultOf(activity, phase, final ?? ((await findSignup(ctx.db, id)) as SignupDoc), recorded, capped)
    },
  },

  attendanceSheet: {
    roles: 'any',
    handler: async ({ activityId }, ctx) => {
      const activity = await managedActivity(ctx, activityId)
      const _ = ctx.db.command
      const rows = (await findAll<SignupDoc>(ctx.db, Collection.activitySignups, { activityId, state: _.in(['signed_up', 'waitlisted']) }, 1000)).map(normaliseSignup)
      const [team, addresses, names] = await Promise.all([requireTeam(ctx.db, activity.teamId), addressesOf(ctx.db, [activity]), nicknames(ctx.db, rows.map((r) => r.userId))])
      const signed = rows.filter((r) => r.state === 'signed_up').sort((a, b) => (names.get(a.userId) ?? '').localeCompare(names.get(b.userId) ?? '', 'zh-CN'))
      const waiting = rows.filter((r) => r.state === 'waitlisted').sort(compareWaitlist)
      return {
        activity: activitySummary(activity, team.name, addresses.get(activity._id) ?? ''),
        rows: signed.map((r) => attendanceRow(r, names)),
        waitlist: waiting.map((r, i) => ({ userId: r.userId, nickname: names.get(r.userId) ?? '志愿者', position: i + 1 })),
      }
    },
  },

  markAttendance: {
    roles: 'any',
    handler: async ({ activityId, userId, mark, reason, checkInAt, checkOutAt }, ctx) => {
      const activity = await managedActivity(ctx, activityId)
      const id = signupDocId(activityId, userId)
      const signup = await findSignup(ctx.db, id)
      const outcome = evaluateCaptainMark(activity, signup, {
        actorId: ctx.userId,
        targetUserId: userId,
        mark,
        reason,
        checkInAt: checkInAt ? new Date(checkInAt) : undefined,
        checkOutAt: checkOutAt ? new Date(checkOutAt) : undefined,
        now: ctx.now,
      })
      await requireCleanTexts(ctx, [{ text: reason, field: 'reason', scene: 2, message: '补记理由里有不适宜的内容，队长和管理员会在考勤表里看到它，请修改后再提交' }])
      const _ = ctx.db.command
      const data: Record<string, unknown> =
        outcome.attendance === 'attended'
          ? { attendance: 'attended', checkInAt: outcome.checkInAt, checkOutAt: outcome.checkOutAt, minutes: outcome.minutes, hours: outcome.hours }
          : { attendance: 'no_show', checkInAt: _.remove(), checkOutAt: _.remove(), minutes: _.remove(), hours: _.remove() }
      const res = await ctx.db
        .collection(Collection.activitySignups)
        .where({ _id: id, state: 'signed_up', attendance: (signup as SignupDoc).attendance, creditedAt: _.exists(false) })
        .update({ data: { ...data, attendanceSource: 'captain', markedBy: ctx.userId, markReason: reason.trim(), updatedAt: ctx.now } })
      if (res.stats.updated !== 1) throw new AppError('CONFLICT', '该队员的考勤刚刚有变化，请刷新后重试')
      await writeAudit(ctx.db, { action: 'activity.mark_attendance', actorId: ctx.userId, targetKind: 'activity_signup', targetId: id, before: { attendance: (signup as SignupDoc).attendance }, after: { attendance: outcome.attendance, hours: outcome.attendance === 'attended' ? outcome.hours : 0 }, reason: reason.trim(), origin: 'volunteers.markAttendance' }, ctx.now)
      if (outcome.attendance === 'attended') await countArrival(ctx, activity, { userId, checkInAt: outcome.checkInAt, attendanceSource: 'captain' })
      else await uncountArrival(ctx, activity, userId)
      const { signup: final } = await creditAndCertify(ctx, activity, id)
      return attendanceRow(final ?? ((await findSignup(ctx.db, id)) as SignupDoc), await nicknames(ctx.db, [userId]))
    },
  },

  closeAttendance: {
    roles: 'any',
    handler: async ({ activityId }, ctx) => {
      const activity = await managedActivity(ctx, activityId)
      const rows = (await findAll<SignupDoc>(ctx.db, Collection.activitySignups, { activityId, state: 'signed_up' }, 1000)).map(normaliseSignup)
      const absent = noShowsAt(activity, rows, ctx.now)
      let noShows = 0
      for (const id of absent) {
        const res = await ctx.db.collection(Collection.activitySignups).where({ _id: id, state: 'signed_up', attendance: 'none' }).update({ data: { attendance: 'no_show', attendanceSource: 'captain', markedBy: ctx.userId, markReason: '结束考勤时未签到', updatedAt: ctx.now } })
        noShows += res.stats.updated ?? 0
      }
      await ctx.db.collection(Collection.activities).doc(activityId).update({ data: { state: 'finished', updatedAt: ctx.now } })
      return { noShows }
    },
  },
}
