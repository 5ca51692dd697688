/**
 * Telling people about report changes: the reporter on accept, reject and resolve; the grid worker and
 * dispatcher when a report goes overdue. Each message is an outbox row written in the same transaction
 * as the transition (fixmystreet style: retries are data), plus an in-app notice; delivery through
 * subscribeMessage.send happens after the commit and again from the timer for rows that failed, so a
 * WeChat hiccup never undoes a transition and never loses a message.
 */
import { Collection } from '../../src/core/collections'
import type { OutboxDoc, ReportDoc } from '../../src/reports/model'
import { categoryLabel, rejectionLabel, stateLabel, type RejectionReason } from '../../src/reports/vocabulary'
import type { RoleGrantDoc, UserDoc } from '../../src/users/model'
import { findAll, getById, type Database, type Transaction } from '../_runtime/db'
import { logAction } from '../_runtime/log'
import { noticeData } from '../_runtime/notices'
import type { SystemContext } from '../_runtime/router'

/** 「问题处理进度通知」 templates; set per environment, placeholders locally. */
export const templateIds: Record<OutboxDoc['template'], string> = {
  accepted: process.env.NUANXIN_TPL_REPORT_PROGRESS ?? 'local-report-progress',
  rejected: process.env.NUANXIN_TPL_REPORT_PROGRESS ?? 'local-report-progress',
  resolved: process.env.NUANXIN_TPL_REPORT_RESOLVED ?? 'local-report-resolved',
  overdue: process.env.NUANXIN_TPL_REPORT_OVERDUE ?? 'local-report-overdue',
}

export const DETAIL_PAGE = 'reports/pages/detail/index'
const MAX_ATTEMPTS = 5

const fmt = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

function messageFor(template: OutboxDoc['template'], report: ReportDoc, now: Date, reason?: string): { data: OutboxDoc['data']; title: string; body: string } {
  const cat = categoryLabel[report.categoryId]
  const thing = (v: string) => ({ value: v.slice(0, 20) })
  switch (template) {
    case 'accepted':
      return { data: { thing1: thing(cat), phrase2: { value: stateLabel.accepted }, time3: { value: fmt(now) }, thing4: thing('街道已受理，将派给责任部门') }, title: '你的随手拍已立案', body: `${cat}：街道已受理，将派给责任部门处理。` }
    case 'rejected': {
      const why = reason ? rejectionLabel[reason as RejectionReason] ?? reason : '未通过受理'
      return { data: { thing1: thing(cat), phrase2: { value: stateLabel.rejected }, time3: { value: fmt(now) }, thing4: thing(why) }, title: '你的随手拍未被受理', body: `${cat}：${why}。` }
    }
    case 'resolved':
      return { data: { thing1: thing(cat), phrase2: { value: '已处理' }, time3: { value: fmt(now) }, thing4: thing('请在 72 小时内确认并评价') }, title: '你反映的问题已处理', body: `${cat}：已处理完成，请查看照片并确认，72 小时内未确认将自动办结。` }
    case 'overdue':
      return { data: { thing1: thing(cat), phrase2: { value: '已超期' }, time3: { value: fmt(new Date(report.dueAt)) }, thing4: thing(report.address) }, title: '有问题已超期', body: `${cat}（${report.address}）已超过办理时限，请尽快处理。` }
  }
}

/** Writes the outbox row and in-app notice for one recipient, inside the transition's transaction. */
export async function queueMessage(t: Transaction, report: ReportDoc, userId: string, template: OutboxDoc['template'], now: Date, seq: number, reason?: string): Promise<string> {
  const { data, title, body } = messageFor(template, report, now, reason)
  const id = `${report._id}:${seq}:${template}:${userId}`
  const row: Omit<OutboxDoc, '_id'> = { kind: 'subscribe', userId, reportId: report._id, template, data, page: `${DETAIL_PAGE}?id=${report._id}`, sendState: 'pending', attempts: 0, nextAttemptAt: now, createdAt: now }
  await t.collection(Collection.dispatchOutbox).doc(id).set({ data: row })
  await t.collection(Collection.notifications).doc(`n:${id}`).set({ data: noticeData({ _id: `n:${id}`, userId, kind: `report_${template}`, title, body, page: `/${row.page}`, refType: 'report', refId: report._id }, now) })
  return id
}

/** The staff to tell about an overdue report: grid workers of its grid (or street) and its street's dispatchers. */
export async function staffFor(db: Database, report: ReportDoc): Promise<string[]> {
  const _ = db.command
  const ids = [report.street, ...(report.gridId ? [report.gridId] : [])]
  const grants = await db.collection<RoleGrantDoc>(Collection.roleGrants).where({ scopeIds: _.in(ids), role: _.in(['grid_worker', 'dispatcher']) }).limit(50).get()
  return [...new Set(grants.data.filter((g) => g.role === 'dispatcher' ? g.scopes.some((s) => s.kind === 'street' && s.id === report.street) : true).map((g) => g.userId))]
}

/** Sends outbox rows through subscribeMessage.send; failures are recorded for the next timer run. */
export async function deliver(ctx: Pick<SystemContext, 'db' | 'cloud' | 'now' | 'fn'>, ids?: string[], limit = 50): Promise<{ sent: number; failed: number }> {
  const { db } = ctx
  const _ = db.command
  const rows = ids
    ? (await db.collection<OutboxDoc>(Collection.dispatchOutbox).where({ _id: _.in(ids), sendState: 'pending' }).limit(ids.length).get()).data
    : await findAll<OutboxDoc>(db, Collection.dispatchOutbox, { sendState: 'pending', nextAttemptAt: _.lte(ctx.now) }, limit)
  let sent = 0
  let failed = 0
  for (const row of rows) {
    const user = await getById<UserDoc>(db, Collection.users, row.userId)
    try {
      if (!user?.openid) throw Object.assign(new Error('no openid for user'), { errCode: 40003 })
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await (ctx.cloud as any).openapi.subscribeMessage.send({ touser: user.openid, templateId: templateIds[row.template], page: row.page, data: row.data, miniprogramState: 'formal' })
      await db.collection(Collection.dispatchOutbox).doc(row._id).update({ data: { sendState: 'sent', sentAt: ctx.now, attempts: row.attempts + 1 } })
      sent++
    } catch (err) {
      const e = err as { errCode?: unknown; message?: string }
      const attempts = row.attempts + 1
      // 43101: the user has not subscribed; retrying will not change that.
      const final = attempts >= MAX_ATTEMPTS || e.errCode === 43101 || e.errCode === 40003
      await db.collection(Collection.dispatchOutbox).doc(row._id).update({
        data: { sendState: final ? 'failed' : 'pending', attempts, lastError: String(e.errCode ?? e.message ?? 'unknown').slice(0, 200), nextAttemptAt: new Date(ctx.now.getTime() + 2 ** attempts * 60_000) },
      })
      logAction({ fn: ctx.fn, action: 'deliver', code: 'NOTIFY_FAILED', ms: 0, detail: String(e.errCode ?? e.message).slice(0, 200) })
      failed++
    }
  }
  return { sent, failed }
}
