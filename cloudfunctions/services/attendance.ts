/**
 * Service attendance: a booked rider's arrival, recorded by their check-in at the station's code (the
 * checkins function, purpose `service`, calls in here) or by the provider's mark; and the timer's
 * no-shows for ended slots nobody came to. An arrival and its points commit together in one
 * transaction, with the credit keyed by the booking, so a retried check-in or a later mark by the
 * provider never credits twice. Also imported by the checkins function (bundled into it).
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { PointRuleKind } from '../../src/passbook/vocabulary'
import { checkinOpen, CHECKIN_EARLY_MINUTES, isNoShowDue, NO_SHOW_GRACE_MINUTES } from '../../src/services/booking'
import type { BookingDoc } from '../../src/services/model'
import { serviceTypeLabel, type AttendanceMark, type AttendanceSource } from '../../src/services/vocabulary'
import { txGet, type Database } from '../_runtime/db'
import { runInTransaction } from '../_runtime/transactions'
import { creditInTransaction } from '../passbook/credit'
import { normaliseBooking, slotLabel } from './store'

/** The caller's booked slot at this station they may check in to now (the earliest such), or null. */
export async function arrivalBooking(db: Database, userId: string, stationId: string, now: Date): Promise<BookingDoc | null> {
  const res = await db.collection<Record<string, unknown>>(Collection.serviceBookings).where({ userId, stationId, state: 'booked' }).orderBy('startAt', 'asc').limit(50).get()
  const fitting = res.data.map(normaliseBooking).filter((b) => checkinOpen(b, now))
  return fitting.find((b) => b.attendance === 'none') ?? fitting[0] ?? null
}

export const noArrivalBookingText = `你在这个驿站现在没有可签到的预约服务（服务开始前 ${CHECKIN_EARLY_MINUTES} 分钟到结束前可以签到），普通到访请选择“驿站到访”`

export interface AttendanceOutcome {
  booking: BookingDoc
  /** False when this mark was already recorded (a retry). */
  changed: boolean
  points?: number
}

/**
 * Records a mark on a booked booking; an arrival credits the `service_attended` rule once per booking.
 * A provider's later no-show mark does not take points back (the ledger is append-only; an admin
 * adjusts with a reason if one was wrong).
 */
export async function recordAttendance(
  db: Database,
  bookingId: string,
  mark: AttendanceMark,
  by: { source: AttendanceSource; actorId: string; now: Date; checkinId?: string },
): Promise<AttendanceOutcome> {
  return runInTransaction(db, async (t) => {
    const raw = await txGet<Record<string, unknown>>(t, Collection.serviceBookings, bookingId)
    if (!raw) throw new AppError('NOT_FOUND', '没有找到这个预约', 'bookingId')
    const b = normaliseBooking(raw)
    if (b.state !== 'booked') throw new AppError('CONFLICT', '这个预约不是“已预约”状态（可能已取消或仍在候补），不能记录到场', 'bookingId')
    if (b.attendance === mark) return { booking: b, changed: false, points: b.points }
    const data: Record<string, unknown> = { attendance: mark, attendanceSource: by.source, updatedAt: by.now, markedBy: by.actorId }
    if (by.checkinId) data.checkinId = by.checkinId
    let points: number | undefined
    if (mark === 'attended') {
      data.attendedAt = by.now
      const credit = await creditInTransaction(t, {
        userId: b.userId,
        kind: PointRuleKind.service_attended,
        source: { type: 'service_booking', id: b._id },
        idempotencyKey: `service_attended:${b._id}`,
        actorId: by.actorId,
        now: by.now,
        reason: `${serviceTypeLabel[b.type]}：${slotLabel(b.startAt, b.endAt)}`,
      })
      points = credit.points
      data.points = credit.points
      data.creditedAt = by.now
    }
    await t.collection(Collection.serviceBookings).doc(bookingId).update({ data })
    return { booking: { ...b, ...(data as Partial<BookingDoc>) }, changed: true, points }
  })
}

/** Booked riders are reminded this long before their slot starts. */
export const REMINDER_MINUTES = 60

/**
 * Booked riders whose slot starts within REMINDER_MINUTES and who were not reminded yet: marked
 * reminded (guarded, so two timer runs remind once), answered for the messages.
 */
export async function dueReminders(db: Database, now: Date, max = 100): Promise<string[]> {
  const _ = db.command
  const due = (await db.collection<{ _id: string }>(Collection.serviceBookings).where({ state: 'booked', reminded: false, startAt: _.gt(now).and(_.lte(new Date(now.getTime() + REMINDER_MINUTES * 60_000))) }).field({ _id: true }).limit(max).get()).data
  const out: string[] = []
  for (const b of due) {
    const res = await db.collection(Collection.serviceBookings).where({ _id: b._id, reminded: false }).update({ data: { reminded: true } })
    if (res.stats.updated === 1) out.push(b._id)
  }
  return out
}

/**
 * Ended slots' booked riders with no arrival become no-shows (NO_SHOW_GRACE_MINUTES after the end, so a
 * provider has time to mark late arrivals). Bounded per run; the next run takes the rest.
 */
export async function recordNoShows(db: Database, now: Date, max = 100): Promise<number> {
  const _ = db.command
  const cutoff = new Date(now.getTime() - NO_SHOW_GRACE_MINUTES * 60_000)
  const due = (await db.collection<Record<string, unknown>>(Collection.serviceBookings).where({ state: 'booked', attendance: 'none', endAt: _.lte(cutoff) }).limit(max).get()).data.map(normaliseBooking)
  let n = 0
  for (const b of due) {
    if (!isNoShowDue(b, now)) continue
    // Guarded: an arrival recorded meanwhile wins.
    const res = await db.collection(Collection.serviceBookings).where({ _id: b._id, state: 'booked', attendance: 'none' }).update({ data: { attendance: 'no_show', attendanceSource: 'timer', updatedAt: now } })
    n += res.stats.updated ?? 0
  }
  return n
}
