/**
 * Points expiry, oldest first. Every positive entry is a lot dated when it was written; every negative
 * entry (redeem, expire, negative adjust) consumes the oldest remaining lots. A lot lapses at the end
 * of the China calendar year `keepYears` after the year it was earned (keepYears = 1: points earned in
 * 2025 lapse at 2027-01-01 00:00 China time). So every lot lapses at some China new year, and the
 * "points expiring" notice (sent EXPIRY_NOTICE_DAYS before) concerns the next one. Pure: the expiry job,
 * the notice job and the passbook tab share it.
 */
import { CHINA_OFFSET_MIN, chinaParts } from '../core/time'

export const DEFAULT_KEEP_YEARS = 1

/** How long before points lapse their owner is told (message centre), once per lapse. */
export const EXPIRY_NOTICE_DAYS = 30

export interface EntryLike {
  _id: string
  delta: number
  createdAt: Date | string
}

export interface Lot {
  entryId: string
  earnedAt: Date
  remaining: number
  lapsesAt: Date
}

/** The instant a point earned at `earnedAt` lapses. */
export function lapseAt(earnedAt: Date, keepYears = DEFAULT_KEEP_YEARS): Date {
  const year = chinaParts(earnedAt).year + keepYears + 1
  return new Date(Date.UTC(year, 0, 1) - CHINA_OFFSET_MIN * 60_000)
}

function byTime(a: EntryLike, b: EntryLike): number {
  const d = new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime()
  return d !== 0 ? d : a._id < b._id ? -1 : a._id > b._id ? 1 : 0
}

/** Remaining lots after replaying the account's entries in time order (FIFO consumption). */
export function remainingLots(entries: readonly EntryLike[], keepYears = DEFAULT_KEEP_YEARS): Lot[] {
  const lots: Lot[] = []
  let head = 0
  for (const e of [...entries].sort(byTime)) {
    if (e.delta > 0) {
      const earnedAt = new Date(e.createdAt)
      lots.push({ entryId: e._id, earnedAt, remaining: e.delta, lapsesAt: lapseAt(earnedAt, keepYears) })
    } else if (e.delta < 0) {
      let debit = -e.delta
      while (debit > 0 && head < lots.length) {
        const take = Math.min(debit, lots[head].remaining)
        lots[head].remaining -= take
        debit -= take
        if (lots[head].remaining === 0) head++
      }
    }
  }
  return lots.slice(head).filter((l) => l.remaining > 0)
}

/** Points that have lapsed at `now` and are still unspent: what an expire entry must remove. */
export function lapsedPoints(entries: readonly EntryLike[], now: Date, keepYears = DEFAULT_KEEP_YEARS): number {
  return remainingLots(entries, keepYears)
    .filter((l) => l.lapsesAt.getTime() <= now.getTime())
    .reduce((sum, l) => sum + l.remaining, 0)
}

export interface ExpiringSoon {
  points: number
  lapsesAt: Date
}

/** Unspent points lapsing within `withinDays` of now, grouped by lapse instant, soonest first. */
export function expiringSoon(entries: readonly EntryLike[], now: Date, withinDays = 90, keepYears = DEFAULT_KEEP_YEARS): ExpiringSoon[] {
  const horizon = now.getTime() + withinDays * 86_400_000
  const groups = new Map<number, number>()
  for (const l of remainingLots(entries, keepYears)) {
    const t = l.lapsesAt.getTime()
    if (t > now.getTime() && t <= horizon) groups.set(t, (groups.get(t) ?? 0) + l.remaining)
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([t, points]) => ({ points, lapsesAt: new Date(t) }))
}

/** The next instant after `now` at which lots lapse: the coming 1 January 00:00 China time. */
export function nextLapse(now: Date): Date {
  const year = chinaParts(now).year + 1
  return new Date(Date.UTC(year, 0, 1) - CHINA_OFFSET_MIN * 60_000)
}

/** The lapse the notice job warns about at `now`: the next one when it is at most `withinDays` away, else null. */
export function lapseToWarnAbout(now: Date, withinDays = EXPIRY_NOTICE_DAYS): Date | null {
  const next = nextLapse(now)
  return next.getTime() - now.getTime() <= withinDays * 86_400_000 ? next : null
}

/** Unspent points of the account that lapse exactly at `lapsesAt` (0 when none). */
export function pointsLapsingAt(entries: readonly EntryLike[], lapsesAt: Date, keepYears = DEFAULT_KEEP_YEARS): number {
  return remainingLots(entries, keepYears)
    .filter((l) => l.lapsesAt.getTime() === lapsesAt.getTime())
    .reduce((sum, l) => sum + l.remaining, 0)
}
