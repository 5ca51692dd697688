/**
 * Telling a person their waitlisted place came through: an in-app notice (always) and a WeChat
 * subscribe message (best effort: the person may not have subscribed, which WeChat answers with
 * 43101; that must never undo the promotion). Called after the state change is committed.
 */
import { Collection } from '../../src/core/collections'
import { NoticeKind } from '../../src/users/notices'
import { chinaDateKey, chinaParts, formatHhMm } from '../../src/core/time'
import type { UserDoc } from '../../src/users/model'
import { getById } from '../_runtime/db'
import { logAction } from '../_runtime/log'
import { addNotice } from '../_runtime/notices'
import type { ActionContext } from '../_runtime/router'

/** Template of 「活动报名成功通知」; configured per environment, a placeholder locally. */
export const PROMOTED_TEMPLATE_ID = process.env.NUANXIN_TPL_VOLUNTEER_PROMOTED ?? 'local-volunteer-promoted'
export const ACTIVITY_PAGE = 'volunteers/pages/activity/index'

/** What telling needs: a user's request, or a timer job acting as `system`. */
export type NotifyContext = Pick<ActionContext, 'db' | 'cloud' | 'now' | 'fn' | 'action' | 'userId'>

export async function notifyPromoted(ctx: NotifyContext, userIds: string[], activity: { _id: string; title: string; startAt: Date }): Promise<void> {
  for (const userId of userIds) {
    const id = `volunteers:promoted:${activity._id}:${userId}:${ctx.now.getTime()}`
    // The same promotion written twice (a retried run) leaves one notice.
    await addNotice(
      ctx.db,
      { _id: id, userId, kind: NoticeKind.volunteer_promoted, title: '候补成功', body: `你已从候补转为正式报名：${activity.title}`, page: `/${ACTIVITY_PAGE}?id=${activity._id}`, refType: 'activity', refId: activity._id },
      ctx.now,
    )
    const user = await getById<UserDoc>(ctx.db, Collection.users, userId)
    if (!user?.openid) continue
    try {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await (ctx.cloud as any).openapi.subscribeMessage.send({
        touser: user.openid,
        templateId: PROMOTED_TEMPLATE_ID,
        page: `${ACTIVITY_PAGE}?id=${activity._id}`,
        data: {
          thing1: { value: activity.title.slice(0, 20) },
          time2: { value: `${chinaDateKey(activity.startAt)} ${formatHhMm(chinaParts(activity.startAt).minuteOfDay)}` },
          phrase3: { value: '候补成功' },
        },
      })
    } catch (err) {
      logAction({ fn: ctx.fn, action: ctx.action, userId: ctx.userId, code: 'NOTIFY_FAILED', ms: 0, detail: String((err as { errCode?: unknown }).errCode ?? (err as Error).message).slice(0, 200) })
    }
  }
}
