/**
 * Period certificates: one certificate for a person's confirmed service over a date range (a year, a
 * term), summing the hours of every attended activity in it. Same number scheme as the per-activity
 * certificate (./certificate.ts): the serial comes from a key naming the person, the range and exactly
 * which sign-ups with which hours it covers, so asking again gives the same number, and a range that
 * has gained hours since gets a new one (an issued certificate never changes what it says). The date
 * part is the last service day covered. Node-free.
 */
import { dayNumber } from '../checkins/figures'

/** Longest range one certificate covers: five years. */
export const MAX_PERIOD_DAYS = 5 * 366
/** Who issues when the service was with several teams. */
export const PLATFORM_ISSUER = '暖新志愿服务平台'
/** Titles named in the service content before "等". */
const TITLES_SHOWN = 8

export interface PeriodItem {
  signupId: string
  activityId: string
  title: string
  /** China date of the service, YYYY-MM-DD. */
  serviceDate: string
  hours: number
  teamId: string
  /** The team as it signs per-activity certificates: street + team name. */
  issuerName: string
}

export interface PeriodSummary {
  items: PeriodItem[]
  hours: number
  activityCount: number
  lastServiceDate: string
  serviceContent: string
  issuerName: string
  issuerTeamIds: string[]
}

/** null when the range can be certified, else the Chinese reason. `today` is the China date. */
export function periodProblem(from: string, to: string, today: string): string | null {
  const a = dayNumber(from)
  const b = dayNumber(to)
  if (Number.isNaN(a) || Number.isNaN(b)) return '日期不存在，请重新选择'
  if (b < a) return '结束日期不能早于开始日期'
  if (a > dayNumber(today)) return '开始日期不能晚于今天'
  if (b - a + 1 > MAX_PERIOD_DAYS) return '一份证明最长覆盖 5 年，请缩短时间范围'
  return null
}

/** The serviced items inside [from, to] with hours, oldest first; null when there are none. */
export function summarisePeriod(all: PeriodItem[], from: string, to: string): PeriodSummary | null {
  const items = all
    .filter((i) => i.hours > 0 && i.serviceDate >= from && i.serviceDate <= to)
    .sort((x, y) => (x.serviceDate === y.serviceDate ? (x.signupId < y.signupId ? -1 : 1) : x.serviceDate < y.serviceDate ? -1 : 1))
  if (items.length === 0) return null
  // Half-hour steps add up exactly in binary floating point, so no rounding is needed.
  const hours = items.reduce((sum, i) => sum + i.hours, 0)
  const titles = [...new Set(items.map((i) => i.title))]
  const named = titles.slice(0, TITLES_SHOWN).join('、') + (titles.length > TITLES_SHOWN ? ` 等 ${titles.length} 项` : '')
  const issuers = [...new Set(items.map((i) => i.issuerName))]
  return {
    items,
    hours,
    activityCount: items.length,
    lastServiceDate: items[items.length - 1].serviceDate,
    serviceContent: `参加志愿服务活动 ${items.length} 次：${named}`,
    issuerName: issuers.length === 1 ? issuers[0] : PLATFORM_ISSUER,
    issuerTeamIds: [...new Set(items.map((i) => i.teamId))],
  }
}

/** What the certificate serial is derived from: person, range, and each covered sign-up with its hours. */
export function periodKey(userId: string, from: string, to: string, items: Array<Pick<PeriodItem, 'signupId' | 'hours'>>): string {
  const covered = items
    .map((i) => `${i.signupId}@${i.hours}`)
    .sort()
    .join(',')
  return `period|${userId}|${from}|${to}|${covered}`
}

/** Noon China time of a YYYY-MM-DD date: the instant whose China date is that day. */
export function chinaNoon(date: string): Date {
  return new Date(`${date}T12:00:00+08:00`)
}
