/**
 * In-app messages (消息中心): every notice the system sends lands here, whether or not the person
 * subscribed to WeChat's one-time messages. The closed list of kinds with the label a page groups them
 * by, the stored shape (ADMINONLY `notifications`, written only by functions) and the view pages see.
 */

export const NoticeKind = {
  report_accepted: 'report_accepted',
  report_rejected: 'report_rejected',
  report_resolved: 'report_resolved',
  report_overdue: 'report_overdue',
  volunteer_promoted: 'volunteer_promoted',
  team_join_approved: 'team_join_approved',
  team_join_rejected: 'team_join_rejected',
  pickup_ready: 'pickup_ready',
  points_expiring: 'points_expiring',
  service_booked: 'service_booked',
  service_offer: 'service_offer',
  wish_screened: 'wish_screened',
  wish_claimed: 'wish_claimed',
  wish_message: 'wish_message',
  wish_delivered: 'wish_delivered',
  wish_returned: 'wish_returned',
  wish_fulfilled: 'wish_fulfilled',
  wish_waiting: 'wish_waiting',
  suggestion_answered: 'suggestion_answered',
} as const
export type NoticeKind = (typeof NoticeKind)[keyof typeof NoticeKind]

/** The tag shown beside a message: which part of the app it is about. */
export const noticeKindLabel: Record<NoticeKind, string> = {
  report_accepted: '随手拍',
  report_rejected: '随手拍',
  report_resolved: '随手拍',
  report_overdue: '待办超期',
  volunteer_promoted: '志愿活动',
  team_join_approved: '志愿服务队',
  team_join_rejected: '志愿服务队',
  pickup_ready: '积分兑换',
  points_expiring: '积分到期',
  service_booked: '驿站服务',
  service_offer: '驿站服务',
  wish_screened: '微心愿',
  wish_claimed: '微心愿',
  wish_message: '微心愿留言',
  wish_delivered: '微心愿',
  wish_returned: '微心愿',
  wish_fulfilled: '微心愿',
  wish_waiting: '待办提醒',
  suggestion_answered: '建议回复',
}

export interface NoticeDoc {
  /** Deterministic per event, so a retried write leaves one message. */
  _id: string
  userId: string
  kind: NoticeKind
  title: string
  body: string
  /** Page to open, with a leading '/'. */
  page: string
  refType: string
  refId: string
  read: boolean
  readAt?: Date
  createdAt: Date
}

export interface MessageView {
  id: string
  kind: NoticeKind
  label: string
  title: string
  body: string
  page: string
  read: boolean
  /** ISO time. */
  createdAt: string
}

export interface MessagePage {
  items: MessageView[]
  /** Unread messages of the caller in all (not only on this page). */
  unread: number
  hasMore: boolean
}

/** Largest number shown on a badge; above it the badge says "99+". */
export const BADGE_MAX = 99

export function badgeText(unread: number): string | null {
  if (!Number.isFinite(unread) || unread <= 0) return null
  return unread > BADGE_MAX ? `${BADGE_MAX}+` : String(Math.floor(unread))
}

export function messageView(doc: NoticeDoc): MessageView {
  return {
    id: doc._id,
    kind: doc.kind,
    label: noticeKindLabel[doc.kind] ?? '通知',
    title: doc.title,
    body: doc.body,
    page: doc.page,
    read: doc.read,
    createdAt: new Date(doc.createdAt).toISOString(),
  }
}
