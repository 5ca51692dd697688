/**
 * Telling riders about their seats: an in-app message always, and a WeChat subscribe message (best
 * effort: a rider who did not subscribe gets 43101, which must never undo the seat move). A held offer
 * names its deadline; a booking names its slot. Called after the move is committed; the message id is
 * derived from the event, so a retried run leaves one message.
 */
import { Collection } from '../../src/core/collections'
import { chinaParts, formatHhMm } from '../../src/core/time'
import type { UserDoc } from '../../src/users/model'
import { NoticeKind } from '../../src/users/notices'
import { serviceTypeLabel } from '../../src/services/vocabulary'
import { getById, type Database } from '../_runtime/db'
import { logAction } from '../_runtime/log'
import { addNotice } from '../_runtime/notices'
import type { ActionContext } from '../_runtime/router'
import { findBooking, slotLabel } from './store'

export const SERVICE_TEMPLATE_ID = process.env.NUANXIN_TPL_SERVICE_BOOKING ?? 'local-service-booking'
export const MY_BOOKINGS_PAGE = 'services/pages/mine/index'

export type NotifyContext = Pick<ActionContext, 'db' | 'cloud' | 'now' | 'fn' | 'action' | 'userId'>

async function tell(ctx: NotifyContext, db: Database, bookingId: string, kind: 'offer' | 'booked' | 'reminder'): Promise<void> {
  const b = await findBooking(db, bookingId)
  if (!b) return
  const what = `${serviceTypeLabel[b.type]} ${slotLabel(b.startAt, b.endAt)}`
  const deadline = b.offerExpiresAt ? formatHhMm(chinaParts(b.offerExpiresAt).minuteOfDay) : ''
  const title = kind === 'offer' ? '候补有空位了' : kind === 'reminder' ? '服务快开始了' : '预约成功'
  const body =
    kind === 'offer'
      ? `${what} 有空位为你保留到 ${deadline}，请在“我的预约”里确认，过时将让给下一位`
      : kind === 'reminder'
        ? `${what}，请按时到驿站扫码签到；去不了请在“我的预约”里取消，把名额让给别人`
        : `${what}，请按时到驿站扫码签到`
  const stamp = kind === 'offer' ? (b.offeredAt?.getTime() ?? ctx.now.getTime()) : kind === 'reminder' ? b.startAt.getTime() : (b.bookedAt?.getTime() ?? ctx.now.getTime())
  await addNotice(
    db,
    { _id: `services:${kind}:${b._id}:${stamp}`, userId: b.userId, kind: kind === 'offer' ? NoticeKind.service_offer : NoticeKind.service_booked, title, body, page: `/${MY_BOOKINGS_PAGE}`, refType: 'service_booking', refId: b._id },
    ctx.now,
  )
  const user = await getById<UserDoc>(db, Collection.users, b.userId)
  if (!user?.openid) return
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await (ctx.cloud as any).openapi.subscribeMessage.send({
      touser: user.openid,
      templateId: SERVICE_TEMPLATE_ID,
      page: MY_BOOKINGS_PAGE,
      data: { thing1: { value: serviceTypeLabel[b.type] }, time2: { value: slotLabel(b.startAt, b.endAt).slice(0, 20) }, phrase3: { value: kind === 'offer' ? '候补空位' : kind === 'reminder' ? '即将开始' : '预约成功' } },
    })
  } catch (err) {
    logAction({ fn: ctx.fn, action: ctx.action, userId: ctx.userId, code: 'NOTIFY_FAILED', ms: 0, detail: String((err as { errCode?: unknown }).errCode ?? (err as Error).message).slice(0, 200) })
  }
}

export async function notifyOffered(ctx: NotifyContext, bookingIds: string[]): Promise<void> {
  for (const id of bookingIds) await tell(ctx, ctx.db, id, 'offer')
}

/** The reminder an hour before: once per booking and slot (the message id is derived from both). */
export async function notifyReminder(ctx: NotifyContext, bookingIds: string[]): Promise<void> {
  for (const id of bookingIds) await tell(ctx, ctx.db, id, 'reminder')
}

export async function notifyBooked(ctx: NotifyContext, bookingIds: string[]): Promise<void> {
  for (const id of bookingIds) await tell(ctx, ctx.db, id, 'booked')
}
