/**
 * After attendance is recorded: credit the hours through the passbook's shared credit path and issue
 * the certificate. Both are keyed by the sign-up (credit key volunteer_hour:<activity>:<user>; the
 * certificate number derives from the sign-up id), so any retry — a repeated check-out, a captain's
 * mark after a timeout, a crash between steps — completes what is missing and never doubles it.
 */
import { randomBytes } from 'node:crypto'
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { PointRuleKind } from '../../src/passbook/vocabulary'
import { creditKeyFor } from '../../src/volunteers/attendance'
import { certificateNumber, volunteerNumber } from '../../src/volunteers/certificate'
import type { ActivityDoc, ServiceRecordDoc, SignupDoc, TeamDoc } from '../../src/volunteers/model'
import { chinaDateKey } from '../../src/core/time'
import { addOnce, getById, type Database } from '../_runtime/db'
import type { ActionContext } from '../_runtime/router'
import { creditPoints } from '../passbook/credit'
import { findSignup, requireTeam } from './store'

const KEY_DOC_ID = 'key:certificate-v1'
let cachedSecret: string | null = null

/**
 * The issuer key for certificate check characters: NUANXIN_CERT_SECRET when the environment sets one,
 * else a random key created once per environment in the ADMINONLY service_records collection.
 */
export async function certificateSecret(db: Database): Promise<string> {
  const fromEnv = process.env.NUANXIN_CERT_SECRET
  if (fromEnv && fromEnv.length >= 16) return fromEnv
  if (cachedSecret) return cachedSecret
  const existing = await getById<{ secret: string }>(db, Collection.serviceRecords, KEY_DOC_ID)
  if (existing?.secret) return (cachedSecret = existing.secret)
  const secret = randomBytes(32).toString('base64url')
  if (await addOnce(db, Collection.serviceRecords, { _id: KEY_DOC_ID, certificateNo: KEY_DOC_ID, kind: 'key', secret, createdAt: new Date() })) return (cachedSecret = secret)
  // Another instance created the key first: everyone signs with that one.
  const winner = await getById<{ secret: string }>(db, Collection.serviceRecords, KEY_DOC_ID)
  if (!winner?.secret) throw new AppError('CONFLICT')
  return (cachedSecret = winner.secret)
}

async function issueCertificate(ctx: ActionContext, activity: ActivityDoc, team: TeamDoc, signup: SignupDoc): Promise<string> {
  const secret = await certificateSecret(ctx.db)
  const serviceDay = signup.checkInAt ?? activity.startAt
  const certificateNo = certificateNumber(signup._id, serviceDay, secret)
  const user = await getById<{ nickname: string }>(ctx.db, Collection.users, signup.userId)
  const record: ServiceRecordDoc = {
    _id: certificateNo,
    certificateNo,
    userId: signup.userId,
    volunteerName: user?.nickname ?? '志愿者',
    volunteerNo: volunteerNumber(signup.userId),
    activityId: activity._id,
    activityTitle: activity.title,
    serviceContent: activity.description,
    serviceDate: chinaDateKey(serviceDay),
    hours: signup.hours ?? 0,
    issuerName: `${team.street}${team.name}`,
    issuerTeamId: team._id,
    issuedAt: ctx.now,
    issuedBy: ctx.userId,
  }
  // Issued already (a retry or a twin): the number is the same, so nothing more to store.
  await addOnce(ctx.db, Collection.serviceRecords, record)
  await ctx.db.collection(Collection.activitySignups).doc(signup._id).update({ data: { certificateNo, updatedAt: ctx.now } })
  return certificateNo
}

export interface Finalised {
  signup: SignupDoc
  capped: boolean
}

/** Credits and certifies an `attended` sign-up with hours, once; answers the sign-up as stored. */
export async function creditAndCertify(ctx: ActionContext, activity: ActivityDoc, signupId: string): Promise<Finalised> {
  let signup = await findSignup(ctx.db, signupId)
  if (!signup || signup.attendance !== 'attended' || !signup.hours || signup.hours <= 0) return { signup: signup as SignupDoc, capped: false }
  let capped = false
  if (!signup.creditedAt) {
    const credit = await creditPoints(ctx.db, {
      userId: signup.userId,
      kind: PointRuleKind.volunteer_hour,
      source: { type: 'activity', id: activity._id },
      idempotencyKey: creditKeyFor(activity._id, signup.userId),
      quantity: signup.hours,
      actorId: ctx.userId,
      now: ctx.now,
      reason: `志愿服务：${activity.title} ${signup.hours} 小时`,
    })
    capped = credit.capped
    const _ = ctx.db.command
    await ctx.db
      .collection(Collection.activitySignups)
      .where({ _id: signup._id, creditedAt: _.exists(false) })
      .update({ data: { points: credit.points, creditedAt: ctx.now, creditEntryId: credit.entryId, updatedAt: ctx.now } })
  }
  if (!signup.certificateNo) await issueCertificate(ctx, activity, await requireTeam(ctx.db, activity.teamId), signup)
  signup = (await findSignup(ctx.db, signupId)) as SignupDoc
  return { signup, capped }
}
