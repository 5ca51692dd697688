/**
 * Who may book a station-service slot, and when a booked rider may check in: the booking window and
 * cut-off (from ./schedule), no two open bookings overlapping, at most MAX_OPEN_BOOKINGS open bookings
 * per rider, and the no-show limit (3 no-shows within 30 days → no new bookings for a week after the
 * last one, told why and until when). Also how a slot's id is derived from its service and start, and
 * when a booked slot that nobody checked in to counts as a no-show. Pure: the services function loads
 * what these need and applies the verdicts.
 */
import { chinaDateKey, chinaParts, formatHhMm } from '../core/time'
import { canBook, type BookingRules } from './schedule'

const MINUTE = 60_000
const DAY = 86_400_000

/** Open bookings (waiting, offered or booked, not yet started) one rider may hold at once. */
export const MAX_OPEN_BOOKINGS = 3

export const noShowLimit = { count: 3, windowDays: 30, waitDays: 7 } as const

/** A rider may check in from this long before the slot starts until it ends. */
export const CHECKIN_EARLY_MINUTES = 30

/** A booked slot nobody came to becomes a no-show this long after it ended (the provider may still mark it). */
export const NO_SHOW_GRACE_MINUTES = 30

export interface TimedBooking {
  bookingId: string
  startAt: Date
  endAt: Date
}

/** A slot's counter document id: the service and the slot's China date and start, `svc:YYYYMMDDHHmm`. */
export function slotIdFor(serviceId: string, startAt: Date): string {
  const p = chinaParts(startAt)
  return `${serviceId}:${chinaDateKey(startAt).replace(/-/g, '')}${formatHhMm(p.minuteOfDay).replace(':', '')}`
}

/** One booking per rider per slot, whatever they do (cancel and book again reuses it). */
export function bookingIdFor(slotId: string, userId: string): string {
  return `${slotId}:${userId}`
}

export interface NoShowRestriction {
  limited: boolean
  /** When the rider may book again (present when limited). */
  until?: Date
  message?: string
}

/**
 * The no-show limit: when the latest no-show is the `count`-th within `windowDays`, no new bookings until
 * `waitDays` after it. Earlier no-shows older than the window have no weight.
 */
export function noShowRestriction(noShowAt: Date[], now: Date, limit: { count: number; windowDays: number; waitDays: number } = noShowLimit): NoShowRestriction {
  const times = noShowAt.map((d) => d.getTime()).sort((a, b) => b - a)
  const latest = times[0]
  if (latest === undefined) return { limited: false }
  const inWindow = times.filter((t) => t > latest - limit.windowDays * DAY).length
  if (inWindow < limit.count) return { limited: false }
  const until = new Date(latest + limit.waitDays * DAY)
  if (now.getTime() >= until.getTime()) return { limited: false }
  const p = chinaParts(until)
  return {
    limited: true,
    until,
    message: `你在 ${limit.windowDays} 天内有 ${inWindow} 次预约未到场，${p.month}月${p.day}日 ${formatHhMm(p.minuteOfDay)} 前暂不能预约新的服务；去不了请提前取消，把名额让给别人`,
  }
}

export function overlaps(a: Pick<TimedBooking, 'startAt' | 'endAt'>, b: Pick<TimedBooking, 'startAt' | 'endAt'>): boolean {
  return a.startAt.getTime() < b.endAt.getTime() && b.startAt.getTime() < a.endAt.getTime()
}

export type BookingRefusal = 'not_open_yet' | 'closed' | 'overlap' | 'limit' | 'no_show_limit'
export type BookingVerdict = { ok: true } | { ok: false; reason: BookingRefusal; message: string; until?: Date }

export interface BookingCheck {
  slot: { slotId: string; startAt: Date; endAt: Date }
  now: Date
  rules: BookingRules
  /** The rider's open bookings (waiting, offered or booked) on slots that have not ended. */
  open: Array<TimedBooking & { slotId: string; label?: string }>
  /** When the rider's recorded no-shows were (their slots' starts). */
  noShowAt: Date[]
  maxOpen?: number
}

/**
 * May this rider ask for this slot now? The no-show limit first (it applies whatever the slot), then the
 * window and cut-off, then overlap with another open booking, then the per-rider limit. A booking on the
 * same slot is not "another": the function answers it as it stands instead of asking again.
 */
export function checkBooking(input: BookingCheck): BookingVerdict {
  const restriction = noShowRestriction(input.noShowAt, input.now)
  if (restriction.limited) return { ok: false, reason: 'no_show_limit', message: restriction.message as string, until: restriction.until }
  const window = canBook(input.slot, input.now, input.rules)
  if (!window.ok) return { ok: false, reason: window.reason, message: window.message }
  const others = input.open.filter((b) => b.slotId !== input.slot.slotId && b.endAt.getTime() > input.now.getTime())
  const clash = others.find((b) => overlaps(b, input.slot))
  if (clash) return { ok: false, reason: 'overlap', message: `这个时段和你已预约的${clash.label ? `“${clash.label}”` : '另一项服务'}时间重叠，请先取消那个预约或换一个时段` }
  const max = input.maxOpen ?? MAX_OPEN_BOOKINGS
  if (others.length >= max) return { ok: false, reason: 'limit', message: `你已有 ${others.length} 个未完成的预约（含候补），最多 ${max} 个；请先完成或取消一个再预约` }
  return { ok: true }
}

/** May a booked rider check in for this slot now: from CHECKIN_EARLY_MINUTES before the start until its end. */
export function checkinOpen(slot: { startAt: Date; endAt: Date }, now: Date): boolean {
  return now.getTime() >= slot.startAt.getTime() - CHECKIN_EARLY_MINUTES * MINUTE && now.getTime() < slot.endAt.getTime()
}

/** A booked slot with no attendance recorded is a no-show once it ended NO_SHOW_GRACE_MINUTES ago. */
export function isNoShowDue(slot: { endAt: Date }, now: Date): boolean {
  return now.getTime() >= slot.endAt.getTime() + NO_SHOW_GRACE_MINUTES * MINUTE
}

/** A rating: whole stars 1–5; only an attended booking may be rated, once. */
export function checkRating(booking: { attendance: string; rating?: number | null }, stars: number): { ok: true } | { ok: false; message: string } {
  if (!Number.isInteger(stars) || stars < 1 || stars > 5) return { ok: false, message: '评分请选择 1–5 颗星' }
  if (booking.attendance !== 'attended') return { ok: false, message: '到场接受服务后才能评价' }
  if (booking.rating) return { ok: false, message: '你已经评价过这次服务了' }
  return { ok: true }
}
