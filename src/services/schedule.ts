/**
 * A station service's recurring schedule and when a slot may be booked. The schedule is written in
 * China time (weekdays and `HH:mm` ranges, as a barber or a clinic states its hours) with exceptions
 * (closed dates, ranges when the provider is away); `expandSlots` turns it into slot instants (UTC
 * `Date`s) with their China-time labels. Computed with the fixed UTC+8 offset of src/core/time.ts, so
 * the answer is the same on a cloud function in UTC and on a phone set to any zone. `canBook` /
 * `canCancel` apply the booking window (how far ahead) and the cut-off (how close to the start). Pure.
 */
import { AppError } from '../core/errors'
import { addDays, chinaDateKey, chinaParts, formatHhMm, parseHhMm, startOfChinaDay, weekdayLabel, type Weekday } from '../core/time'

/** A time range within one China day, `HH:mm`–`HH:mm` (`24:00` ends at midnight). */
export interface TimeRange {
  start: string
  end: string
}

/** The same hours on several weekdays (0 = Sunday … 6 = Saturday, China time). */
export interface WeeklyHours {
  weekdays: Weekday[]
  ranges: TimeRange[]
}

/** A stretch when the provider is away (instants, ISO): slots overlapping it are not held. */
export interface Absence {
  from: string
  to: string
  note?: string
}

export interface BookingRules {
  /** A slot opens for booking at 00:00 China time this many days before its China day. */
  bookingWindowDays: number
  /** Booking (and cancelling) closes this many minutes before the slot starts. */
  cutoffMinutes: number
}

export interface ScheduleDefinition extends BookingRules {
  weekly: WeeklyHours[]
  /** Minutes per slot; a range holds as many whole slots as fit. */
  slotMinutes: number
  seatsPerSlot: number
  /** China dates `YYYY-MM-DD` with no service at all (holidays). */
  closedDates: string[]
  absences: Absence[]
}

export interface Slot {
  /** Stable within a service: the China date and start, `YYYY-MM-DD HH:mm`. */
  key: string
  startAt: Date
  endAt: Date
  /** China date `YYYY-MM-DD`. */
  date: string
  weekday: Weekday
  /** `HH:mm`–`HH:mm` in China time. */
  time: string
  /** `12月8日 周二 14:00–14:20` in China time. */
  label: string
  seats: number
}

const MINUTE = 60_000

/** The longest stretch one expansion covers: a month view with a margin. */
export const MAX_EXPAND_DAYS = 62

export const scheduleLimits = {
  slotMinutes: { min: 5, max: 480 },
  seatsPerSlot: { min: 1, max: 200 },
  bookingWindowDays: { min: 1, max: 90 },
  cutoffMinutes: { min: 0, max: 7 * 24 * 60 },
} as const

function bad(message: string, field: string): never {
  throw new AppError('INVALID_ARGUMENT', message, field)
}

function inRange(value: number, limit: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= limit.min && value <= limit.max
}

/** Checks a definition a manager entered; throws the first problem in words they can act on. */
export function validateSchedule(def: ScheduleDefinition): void {
  const L = scheduleLimits
  if (!inRange(def.slotMinutes, L.slotMinutes)) bad(`每个时段的时长要在 ${L.slotMinutes.min}–${L.slotMinutes.max} 分钟之间`, 'slotMinutes')
  if (!inRange(def.seatsPerSlot, L.seatsPerSlot)) bad(`每个时段的名额要在 ${L.seatsPerSlot.min}–${L.seatsPerSlot.max} 之间`, 'seatsPerSlot')
  if (!inRange(def.bookingWindowDays, L.bookingWindowDays)) bad(`最多可提前 ${L.bookingWindowDays.min}–${L.bookingWindowDays.max} 天预约`, 'bookingWindowDays')
  if (!inRange(def.cutoffMinutes, L.cutoffMinutes)) bad('截止预约时间要在开始前 0 分钟到 7 天之间', 'cutoffMinutes')
  if (def.weekly.length === 0) bad('请至少设置一天的服务时间', 'weekly')
  for (const w of def.weekly) {
    if (w.weekdays.length === 0 || w.weekdays.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) bad('请选择星期几提供服务', 'weekly')
    if (w.ranges.length === 0) bad('请填写服务的时间段', 'weekly')
    for (const r of w.ranges) {
      const start = parseHhMm(r.start)
      const end = parseHhMm(r.end)
      if (Number.isNaN(start) || Number.isNaN(end)) bad('时间请按 “14:00” 的格式填写', 'weekly')
      if (end <= start) bad(`时间段 ${r.start}–${r.end} 的结束要晚于开始（不能跨过午夜）`, 'weekly')
      if (end - start < def.slotMinutes) bad(`时间段 ${r.start}–${r.end} 放不下一个 ${def.slotMinutes} 分钟的时段`, 'weekly')
    }
  }
  for (const d of def.closedDates) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || chinaDateKey(new Date(`${d}T00:00:00+08:00`)) !== d) bad(`停诊日期 “${d}” 不是有效的日期`, 'closedDates')
  }
  for (const a of def.absences) {
    const from = new Date(a.from).getTime()
    const to = new Date(a.to).getTime()
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) bad('请假时间的结束要晚于开始', 'absences')
  }
}

function overlapsAbsence(start: number, end: number, absences: Array<{ from: number; to: number }>): boolean {
  return absences.some((a) => start < a.to && a.from < end)
}

/**
 * The slots starting in [from, to), earliest first, skipping closed China dates and any slot that
 * overlaps a provider's absence. Days are China days: a Tuesday slot at 00:00 China time starts at
 * 16:00 UTC on Monday. At most MAX_EXPAND_DAYS of calendar.
 */
export function expandSlots(def: ScheduleDefinition, from: Date, to: Date): Slot[] {
  if (!(to.getTime() > from.getTime())) return []
  if (to.getTime() - from.getTime() > MAX_EXPAND_DAYS * 86_400_000) throw new AppError('INVALID_ARGUMENT', `一次最多查看 ${MAX_EXPAND_DAYS} 天的时段`, 'to')
  const closed = new Set(def.closedDates)
  const absences = def.absences.map((a) => ({ from: new Date(a.from).getTime(), to: new Date(a.to).getTime() }))
  const byKey = new Map<string, Slot>()
  for (let day = startOfChinaDay(from); day.getTime() < to.getTime(); day = addDays(day, 1)) {
    const date = chinaDateKey(day)
    if (closed.has(date)) continue
    const { weekday, month, day: dom } = chinaParts(day)
    for (const w of def.weekly) {
      if (!w.weekdays.includes(weekday)) continue
      for (const r of w.ranges) {
        const end = parseHhMm(r.end)
        for (let m = parseHhMm(r.start); m + def.slotMinutes <= end; m += def.slotMinutes) {
          const startMs = day.getTime() + m * MINUTE
          const endMs = startMs + def.slotMinutes * MINUTE
          if (startMs < from.getTime() || startMs >= to.getTime()) continue
          if (overlapsAbsence(startMs, endMs, absences)) continue
          const time = `${formatHhMm(m)}–${formatHhMm(m + def.slotMinutes)}`
          const key = `${date} ${formatHhMm(m)}`
          // Two weekly lines naming the same start give one slot, not two.
          if (byKey.has(key)) continue
          byKey.set(key, {
            key,
            startAt: new Date(startMs),
            endAt: new Date(endMs),
            date,
            weekday,
            time,
            label: `${month}月${dom}日 ${weekdayLabel[weekday]} ${time}`,
            seats: def.seatsPerSlot,
          })
        }
      }
    }
  }
  return [...byKey.values()].sort((a, b) => a.startAt.getTime() - b.startAt.getTime())
}

/** When booking a slot opens: 00:00 China time, `bookingWindowDays` days before the slot's China day. */
export function bookingOpensAt(slot: Pick<Slot, 'startAt'>, rules: BookingRules): Date {
  return addDays(startOfChinaDay(slot.startAt), -rules.bookingWindowDays)
}

/** When booking and cancelling close: `cutoffMinutes` before the start. */
export function bookingClosesAt(slot: Pick<Slot, 'startAt'>, rules: BookingRules): Date {
  return new Date(slot.startAt.getTime() - rules.cutoffMinutes * MINUTE)
}

export type BookingWindowVerdict = { ok: true } | { ok: false; reason: 'not_open_yet' | 'closed'; message: string; opensAt?: Date }

/**
 * May a slot be booked at `now`? From the window's opening instant (included) until the cut-off
 * (excluded: at the cut-off instant booking has closed).
 */
export function canBook(slot: Pick<Slot, 'startAt'>, now: Date, rules: BookingRules): BookingWindowVerdict {
  const opensAt = bookingOpensAt(slot, rules)
  if (now.getTime() < opensAt.getTime()) {
    const p = chinaParts(opensAt)
    return { ok: false, reason: 'not_open_yet', opensAt, message: `这个时段还不能预约，${p.month}月${p.day}日 00:00 起可以预约` }
  }
  if (now.getTime() >= bookingClosesAt(slot, rules).getTime()) {
    const message = rules.cutoffMinutes > 0 ? `开始前 ${rules.cutoffMinutes} 分钟停止预约，请选择之后的时段` : '这个时段已经开始，请选择之后的时段'
    return { ok: false, reason: 'closed', message }
  }
  return { ok: true }
}

export type CancelVerdict = { ok: true } | { ok: false; reason: 'closed'; message: string }

/** Cancelling is allowed up to the same cut-off; after it a no-show is recorded instead. */
export function canCancel(slot: Pick<Slot, 'startAt'>, now: Date, rules: BookingRules): CancelVerdict {
  if (now.getTime() >= bookingClosesAt(slot, rules).getTime()) {
    return { ok: false, reason: 'closed', message: rules.cutoffMinutes > 0 ? `开始前 ${rules.cutoffMinutes} 分钟起不能取消；去不了请联系驿站` : '时段已经开始，不能取消' }
  }
  return { ok: true }
}
