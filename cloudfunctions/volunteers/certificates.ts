/**
 * Certificates: a volunteer's own certificate per activity or over a period (./period-certificate),
 * and public verification of a number —
 * the check characters first (an invented or mistyped number is refused without a lookup), then the
 * issued record, answered with the volunteer's name masked.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { FREE_OF_CHARGE_TEXT, maskName, normaliseCertificateNumber, verifyCertificateNumber } from '../../src/volunteers/certificate'
import type { VolunteersContract } from '../../src/volunteers/contract'
import type { PeriodServiceRecordDoc, ServiceRecordDoc } from '../../src/volunteers/model'
import { signupDocId } from '../../src/volunteers/signup'
import { getById } from '../_runtime/db'
import type { ActionTable } from '../_runtime/router'
import { certificateSecret, creditAndCertify } from './hours'
import { periodCertificate } from './period-certificate'
import { findSignup, requireActivity } from './store'

type CertificateActions = Pick<ActionTable<VolunteersContract>, 'certificate' | 'verifyCertificate' | 'periodCertificate'>

export const certificateActions: CertificateActions = {
  certificate: {
    roles: 'any',
    handler: async ({ activityId }, ctx) => {
      const activity = await requireActivity(ctx.db, activityId)
      const signup = await findSignup(ctx.db, signupDocId(activityId, ctx.userId))
      if (!signup || signup.attendance !== 'attended' || !signup.hours) throw new AppError('NOT_FOUND', '完成签到签退并记录时长后才能出具证明')
      const done = signup.certificateNo ? signup : (await creditAndCertify(ctx, activity, signup._id)).signup
      const record = await getById<ServiceRecordDoc>(ctx.db, Collection.serviceRecords, done.certificateNo as string)
      if (!record || record.userId !== ctx.userId) throw new AppError('NOT_FOUND', '没有找到这份证明')
      return {
        certificateNo: record.certificateNo,
        volunteerName: record.volunteerName,
        volunteerNo: record.volunteerNo,
        activityTitle: record.activityTitle,
        serviceContent: record.serviceContent,
        serviceDate: record.serviceDate,
        hours: record.hours,
        issuerName: record.issuerName,
        issuedAt: new Date(record.issuedAt).toISOString(),
        freeOfCharge: FREE_OF_CHARGE_TEXT,
      }
    },
  },

  verifyCertificate: {
    roles: 'any',
    handler: async ({ certificateNo }, ctx) => {
      const check = verifyCertificateNumber(certificateNo, await certificateSecret(ctx.db))
      if (!check.ok) return { valid: false, reason: check.reason === 'format' ? '证明编号格式不正确，请核对后重新输入' : '证明编号校验未通过，可能输错或不是本平台出具' }
      const record = await getById<ServiceRecordDoc | PeriodServiceRecordDoc>(ctx.db, Collection.serviceRecords, normaliseCertificateNumber(certificateNo))
      if (!record) return { valid: false, reason: '没有找到这份证明的出具记录' }
      const period = 'kind' in record && record.kind === 'period' ? { period: { from: record.periodFrom, to: record.periodTo, activityCount: record.activityCount } } : {}
      return {
        ...period,
        valid: true,
        certificateNo: record.certificateNo,
        volunteerName: maskName(record.volunteerName),
        activityTitle: record.activityTitle,
        serviceDate: record.serviceDate,
        hours: record.hours,
        issuerName: record.issuerName,
        issuedAt: new Date(record.issuedAt).toISOString(),
      }
    },
  },

  periodCertificate: {
    roles: 'any',
    handler: async ({ from, to }, ctx) => periodCertificate(ctx, from, to),
  },
}
