/**
 * Opening hours as riders read them: "open now" with the manager's live status applied, the next
 * opening or closing for list and detail text ("营业至 22:00", "明天 08:00 开门", "24小时"), a day's
 * and a week's hours in Chinese, and the validator for hours that managers and admins submit.
 *
 * Everything is computed in China time (UTC+8, no daylight saving) with plain arithmetic on epoch
 * milliseconds, so the host's TZ (UTC on CloudBase, anything on a developer laptop) never matters.
 * Pure: no I/O, safe for pages and functions alike.
 *
 * Decisions:
 * - A range belongs to the day it starts on: Friday 18:00–02:00 runs into Saturday's early hours even
 *   if Saturday is closed or has an exception.
 * - Live status: `closed` wins over the hours; `open` never opens a station outside its hours (it is the
 *   resting state a manager leaves set for months, so letting it override would show every station open at
 *   3 a.m.). `full` means "no free seats right now": the station is still open — water, toilets and often
 *   charging remain usable, and hiding the nearest station from a rider with a dead battery would be worse
 *   than showing it with a 已满 badge — so `isOpenAt` and the open-now filter count it as open, and the
 *   status carries `full` for the badge. This matches `isOpenNow` in ./model.
 * - A temporary status may carry `liveStatusUntil`; once passed, the station falls back to its hours, so a
 *   forgotten "full" does not stick for days.
 * - Stations without hours are "hours unknown": never open-now (we would rather not send a rider to a
 *   locked door), with the text 营业时间待更新.
 */
import { AppError } from '../core/errors'
import type { Schema } from '../core/schema'
import { CHINA_OFFSET_MIN, formatHhMm, parseHhMm, weekdayLabel, type Weekday } from '../core/time'
import type { OpeningHours, TimeRange } from './model'
import type { LiveStatus } from './vocabulary'

const DAY_MIN = 1440
const MINUTE_MS = 60_000
/** How far ahead nextChange looks; an interval still open at the horizon means round the clock. */
const HORIZON_DAYS = 8
export const MAX_RANGES_PER_DAY = 4
export const MAX_EXCEPTIONS = 60

/** One calendar date (China time) whose hours replace the weekly ones; `ranges: []` means closed. */
export interface HoursException {
  date: string
  ranges: TimeRange[]
  /** e.g. 春节休息, 国庆照常. */
  note?: string
}

/** The stored hours, optionally with holiday exceptions (an additive field on `StationDoc.hours`). */
export type HoursWithExceptions = OpeningHours & { exceptions?: HoursException[] }

/** Exactly the station fields the hours rules read (structural, so any station document fits). */
export interface HoursSubject {
  hours?: HoursWithExceptions | null
  liveStatus: LiveStatus
  /** When a temporary `closed`/`full` lapses back to the hours; absent = until changed. */
  liveStatusUntil?: Date | null
}

export const OpenState = { open: 'open', full: 'full', closed: 'closed' } as const
export type OpenState = (typeof OpenState)[keyof typeof OpenState]

/** Why a station is closed: its hours, its manager, or hours nobody has entered yet. */
export const ClosedReason = { hours: 'hours', manager: 'manager', unknown: 'unknown' } as const
export type ClosedReason = (typeof ClosedReason)[keyof typeof ClosedReason]

export interface NextChange {
  /** `closes` while open, `opens` while closed. */
  kind: 'opens' | 'closes'
  at: Date
}

export interface StationStatus {
  state: OpenState
  /** open or full: what the open-now filter keeps. */
  openNow: boolean
  closedReason?: ClosedReason
  withinHours: boolean
  /** null: open round the clock (while open) or no opening within a week (while closed). */
  nextChange: NextChange | null
  /** One line for lists and the detail header, e.g. "营业至 22:00", "已满 · 营业至次日 02:00". */
  text: string
}

// ---- China-time arithmetic: "cm" = minutes since 1970-01-01 00:00 China time ----

const toCm = (at: Date) => Math.floor(at.getTime() / MINUTE_MS) + CHINA_OFFSET_MIN
const fromCm = (cm: number) => new Date((cm - CHINA_OFFSET_MIN) * MINUTE_MS)
/** 1970-01-01 was a Thursday. */
const weekdayOfDay = (day: number) => (((day + 4) % 7) + 7) % 7 as Weekday
const dateKeyOfDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10)

/** Open/close minutes of a range relative to its own day; close may exceed 1440 (past midnight). */
function rangeMinutes(range: TimeRange): [number, number] | null {
  const open = parseHhMm(range.open)
  const close = parseHhMm(range.close)
  if (Number.isNaN(open) || Number.isNaN(close) || open >= DAY_MIN) return null
  // Same reading as ./model isWithinHours: close < open continues past midnight, close == open ends at midnight.
  if (close < open) return [open, close + DAY_MIN]
  if (close === open) return [open, DAY_MIN]
  return [open, close]
}

function rangesOfDay(hours: HoursWithExceptions, day: number): TimeRange[] {
  const key = dateKeyOfDay(day)
  const exception = hours.exceptions?.find((e) => e.date === key)
  if (exception) return exception.ranges
  if (hours.always) return [{ open: '00:00', close: '24:00' }]
  return hours.weekly[weekdayOfDay(day)] ?? []
}

/** Merged absolute intervals [start, end) in cm of the ranges starting on days first…last. */
function intervals(hours: HoursWithExceptions, first: number, last: number): Array<[number, number]> {
  const raw: Array<[number, number]> = []
  for (let day = first; day <= last; day++) {
    for (const range of rangesOfDay(hours, day)) {
      const m = rangeMinutes(range)
      if (m) raw.push([day * DAY_MIN + m[0], day * DAY_MIN + m[1]])
    }
  }
  raw.sort((a, b) => a[0] - b[0])
  const merged: Array<[number, number]> = []
  for (const [s, e] of raw) {
    const prev = merged[merged.length - 1]
    if (prev && s <= prev[1]) prev[1] = Math.max(prev[1], e)
    else merged.push([s, e])
  }
  return merged
}

/** Whether the hours alone say open at `at` (live status not applied). */
export function isWithinOpeningHours(hours: HoursWithExceptions, at: Date): boolean {
  const now = toCm(at)
  const day = Math.floor(now / DAY_MIN)
  return intervals(hours, day - 1, day).some(([s, e]) => now >= s && now < e)
}

/**
 * The next time the hours change state after `at`: when an open station closes, or a closed one opens.
 * null when open continuously for the whole horizon (round the clock) or closed for the whole horizon.
 */
export function nextChange(hours: HoursWithExceptions, at: Date): NextChange | null {
  const now = toCm(at)
  const day = Math.floor(now / DAY_MIN)
  const list = intervals(hours, day - 1, day + HORIZON_DAYS)
  const horizonEnd = (day + HORIZON_DAYS) * DAY_MIN
  for (const [s, e] of list) {
    if (now >= s && now < e) return e >= horizonEnd ? null : { kind: 'closes', at: fromCm(e) }
    if (s > now && s < horizonEnd) return { kind: 'opens', at: fromCm(s) }
  }
  return null
}

/** The live status in force at `at`: a temporary closed/full lapses to open once `liveStatusUntil` passes. */
export function effectiveLiveStatus(station: Pick<HoursSubject, 'liveStatus' | 'liveStatusUntil'>, at: Date): LiveStatus {
  const until = station.liveStatusUntil
  if (station.liveStatus !== 'open' && until && at.getTime() >= until.getTime()) return 'open'
  return station.liveStatus
}

/** "22:00", "次日 02:00", "24:00", "周三 08:00" relative to the China day of `now`. */
function clockText(at: Date, now: Date, { closing }: { closing: boolean }): string {
  const cm = toCm(at)
  const dayDiff = Math.floor(cm / DAY_MIN) - Math.floor(toCm(now) / DAY_MIN)
  const minute = ((cm % DAY_MIN) + DAY_MIN) % DAY_MIN
  const hhmm = formatHhMm(minute)
  if (closing) {
    if (dayDiff === 0) return hhmm
    if (dayDiff === 1 && minute === 0) return '24:00'
    if (dayDiff === 1) return `次日 ${hhmm}`
  } else {
    if (dayDiff === 0) return `今天 ${hhmm}`
    if (dayDiff === 1) return `明天 ${hhmm}`
    if (dayDiff === 2) return `后天 ${hhmm}`
  }
  return `${weekdayLabel[weekdayOfDay(Math.floor(cm / DAY_MIN))]} ${hhmm}`
}

/** Status of a station at `at`: open / full / closed, why, what changes next, and the line to show. */
export function stationStatusAt(station: HoursSubject, at: Date): StationStatus {
  const live = effectiveLiveStatus(station, at)
  const hours = station.hours
  if (!hours) {
    return { state: 'closed', openNow: false, closedReason: 'unknown', withinHours: false, nextChange: null, text: '营业时间待更新' }
  }
  const withinHours = isWithinOpeningHours(hours, at)
  if (live === 'closed') {
    const until = station.liveStatusUntil
    const text = until ? `暂停开放，预计${clockText(until, at, { closing: false })} 恢复` : '暂停开放'
    return { state: 'closed', openNow: false, closedReason: 'manager', withinHours, nextChange: null, text }
  }
  const change = nextChange(hours, at)
  if (!withinHours) {
    const text = change ? `${clockText(change.at, at, { closing: false })} 开门` : '暂停营业'
    return { state: 'closed', openNow: false, closedReason: 'hours', withinHours, nextChange: change, text }
  }
  const closing = change ? clockText(change.at, at, { closing: true }) : ''
  const hoursText = !change ? '24小时' : closing.startsWith('次日') ? `营业至${closing}` : `营业至 ${closing}`
  if (live === 'full') return { state: 'full', openNow: true, withinHours, nextChange: change, text: `已满 · ${hoursText}` }
  return { state: 'open', openNow: true, withinHours, nextChange: change, text: hoursText }
}

/** The open-now rule of the map and list: within hours and not closed by the manager (full counts as open). */
export function isOpenAt(station: HoursSubject, at: Date): boolean {
  return stationStatusAt(station, at).openNow
}

function rangeText(range: TimeRange): string {
  const m = rangeMinutes(range)
  if (!m) return `${range.open}–${range.close}`
  if (m[0] === 0 && m[1] === DAY_MIN) return '24小时'
  if (m[1] > DAY_MIN) return `${formatHhMm(m[0])}–次日 ${formatHhMm(m[1] - DAY_MIN)}`
  return `${formatHhMm(m[0])}–${formatHhMm(m[1])}`
}

function rangesText(ranges: TimeRange[]): string {
  return ranges.length === 0 ? '休息' : ranges.map(rangeText).join('、')
}

/** The hours of the China day containing `at` ("08:00–22:00", "休息", "24小时"), exceptions applied. */
export function dayHoursText(hours: HoursWithExceptions | null | undefined, at: Date): string {
  if (!hours) return '营业时间待更新'
  const day = Math.floor(toCm(at) / DAY_MIN)
  const exception = hours.exceptions?.find((e) => e.date === dateKeyOfDay(day))
  const text = rangesText(rangesOfDay(hours, day))
  return exception?.note ? `${text}（${exception.note}）` : text
}

/** Monday-first week, as Chinese calendars and notices print it. */
const WEEK_ORDER: Weekday[] = [1, 2, 3, 4, 5, 6, 0]

/**
 * The weekly hours as display lines, consecutive days with equal hours grouped:
 * ["周一至周五 08:00–22:00", "周六、周日 休息"]; ["每天 24小时"] when round the clock.
 */
export function weeklyHoursLines(hours: OpeningHours | null | undefined): string[] {
  if (!hours) return ['营业时间待更新']
  if (hours.always) return ['每天 24小时']
  const texts = WEEK_ORDER.map((d) => rangesText(hours.weekly[d] ?? []))
  if (texts.every((t) => t === texts[0])) return [`每天 ${texts[0]}`]
  const groups: Array<{ from: number; to: number; text: string }> = []
  texts.forEach((text, i) => {
    const last = groups[groups.length - 1]
    if (last && last.text === text) last.to = i
    else groups.push({ from: i, to: i, text })
  })
  return groups.map(({ from, to, text }) => {
    const a = weekdayLabel[WEEK_ORDER[from]]
    const b = weekdayLabel[WEEK_ORDER[to]]
    const days = from === to ? a : to === from + 1 ? `${a}、${b}` : `${a}至${b}`
    return `${days} ${text}`
  })
}

// ---- validation of submitted hours ----

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

function invalid(path: string, message: string): never {
  throw new AppError('INVALID_ARGUMENT', `${path}${message}`, path)
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseRanges(value: unknown, path: string): TimeRange[] {
  if (!Array.isArray(value)) invalid(path, '应为时段列表')
  const list = value as unknown[]
  if (list.length > MAX_RANGES_PER_DAY) invalid(path, `每天最多 ${MAX_RANGES_PER_DAY} 个时段`)
  const ranges = list.map((item, i): TimeRange => {
    const p = `${path}[${i}]`
    if (!isPlainObject(item)) invalid(p, '应为时段')
    const { open, close } = item
    if (typeof open !== 'string' || !HHMM.test(open) || open === '24:00') invalid(`${p}.open`, '应为 00:00–23:59 的时间')
    if (typeof close !== 'string' || !HHMM.test(close)) invalid(`${p}.close`, '应为 00:00–24:00 的时间')
    if (open === close) invalid(p, '开门和关门时间不能相同（全天请填 00:00–24:00）')
    return { open: open as string, close: close as string }
  })
  // Within a day: sorted, no overlap, and only the last range may run past midnight.
  const spans = ranges.map((r) => rangeMinutes(r) as [number, number]).sort((a, b) => a[0] - b[0])
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1]) invalid(path, '时段之间有重叠')
  }
  return ranges
}

/** Latest minute past the next midnight that a day's ranges reach (0 when none crosses midnight). */
function spillMinutes(ranges: TimeRange[]): number {
  return Math.max(0, ...ranges.map((r) => (rangeMinutes(r)?.[1] ?? 0) - DAY_MIN))
}

function parseHours(value: unknown, path: string): HoursWithExceptions {
  if (!isPlainObject(value)) invalid(path, '应为营业时间')
  const note = value.note === undefined || value.note === null ? undefined : value.note
  if (note !== undefined && (typeof note !== 'string' || note.trim().length > 50)) invalid(`${path}.note`, '不能超过 50 个字')
  const cleanNote = typeof note === 'string' && note.trim() ? { note: note.trim() } : {}

  let exceptions: HoursException[] | undefined
  if (value.exceptions !== undefined && value.exceptions !== null) {
    if (!Array.isArray(value.exceptions)) invalid(`${path}.exceptions`, '应为列表')
    if (value.exceptions.length > MAX_EXCEPTIONS) invalid(`${path}.exceptions`, `最多 ${MAX_EXCEPTIONS} 项`)
    const seen = new Set<string>()
    exceptions = value.exceptions.map((item: unknown, i: number): HoursException => {
      const p = `${path}.exceptions[${i}]`
      if (!isPlainObject(item)) invalid(p, '应为对象')
      if (typeof item.date !== 'string' || !DATE.test(item.date)) invalid(`${p}.date`, '应为 YYYY-MM-DD 日期')
      if (seen.has(item.date as string)) invalid(`${p}.date`, '日期重复')
      seen.add(item.date as string)
      const ranges = parseRanges(item.ranges, `${p}.ranges`)
      const out: HoursException = { date: item.date as string, ranges }
      if (item.note !== undefined && item.note !== null) {
        if (typeof item.note !== 'string' || item.note.trim().length > 20) invalid(`${p}.note`, '不能超过 20 个字')
        if (item.note.trim()) out.note = item.note.trim()
      }
      return out
    })
  }
  const withExceptions = exceptions && exceptions.length ? { exceptions } : {}

  if (value.always === true) return { always: true, ...cleanNote, ...withExceptions }
  if (value.always !== false) invalid(`${path}.always`, '应为是或否')
  if (!isPlainObject(value.weekly)) invalid(`${path}.weekly`, '应为每周营业时间')
  const weekly: Partial<Record<Weekday, TimeRange[]>> = {}
  for (const d of [0, 1, 2, 3, 4, 5, 6] as Weekday[]) {
    const raw = (value.weekly as Record<string, unknown>)[String(d)]
    if (raw === undefined || raw === null) continue
    const ranges = parseRanges(raw, `${path}.weekly.${d}`)
    if (ranges.length) weekly[d] = ranges
  }
  if (Object.keys(weekly).length === 0) invalid(`${path}.weekly`, '每周至少需要一个营业时段（长期停业请把状态设为已关闭）')
  // Across days: a range running past midnight must end before the next day's first opening.
  for (const d of [0, 1, 2, 3, 4, 5, 6] as Weekday[]) {
    const next = ((d + 1) % 7) as Weekday
    const spill = spillMinutes(weekly[d] ?? [])
    const firstOpen = Math.min(...(weekly[next] ?? []).map((r) => rangeMinutes(r)?.[0] ?? DAY_MIN))
    if (spill > 0 && firstOpen < spill) invalid(`${path}.weekly.${next}`, `与${weekdayLabel[d]}跨夜的时段重叠`)
  }
  return { always: false, weekly, ...cleanNote, ...withExceptions }
}

/** Validator for submitted opening hours (create/update actions); unknown keys are dropped. */
export function openingHoursSchema(): Schema<HoursWithExceptions> {
  const text = { kind: 'text' } as const
  return {
    parse: (value, path = 'hours') => parseHours(value, path || 'hours'),
    optional: false,
    // The free texts in it (the weekly slots and dates are checked tokens).
    shape: { kind: 'object', fields: { note: text, exceptions: { kind: 'array', item: { kind: 'object', fields: { note: text } } } } },
  }
}
