/**
 * When the passbook's periodic jobs are due. WeChat allows one timer trigger per cloud function, so
 * one trigger fires every 10 minutes and this rule decides what runs: the pickup-expiry sweep every
 * time, the reconciliation once a day after 03:30 China time, the yearly points expiry once a year
 * after 1 January 00:10, and the "points expiring" notices once a day after 09:00 (a morning message; the
 * job itself does nothing outside the weeks before a lapse). A job whose slot passed while nothing ran (an outage, a fresh deployment)
 * runs at the next firing instead of waiting for the next slot.
 */
import { CHINA_OFFSET_MIN, startOfChinaDay } from '../core/time'

export const PassbookJob = { expireRedemptions: 'expireRedemptions', reconcile: 'reconcile', expirePoints: 'expirePoints', warnExpiringPoints: 'warnExpiringPoints' } as const
export type PassbookJob = (typeof PassbookJob)[keyof typeof PassbookJob]

/** The one trigger of the passbook function (config.json). */
export const PASSBOOK_TRIGGER = 'passbookTimer'

const MINUTE = 60_000
const RECONCILE_AT_MIN = 3 * 60 + 30
const EXPIRE_POINTS_AT_MIN = 10
const WARN_EXPIRING_AT_MIN = 9 * 60

/** Today's `minuteOfDay` (China time) once it has passed, else yesterday's. */
function dailySlot(now: Date, minuteOfDay: number): Date {
  const today = new Date(startOfChinaDay(now).getTime() + minuteOfDay * MINUTE)
  return today.getTime() <= now.getTime() ? today : new Date(today.getTime() - 86_400_000)
}

/** The latest scheduled instant of `job` at or before `now`; null for a job that runs at every firing. */
export function lastSlot(job: PassbookJob, now: Date): Date | null {
  switch (job) {
    case PassbookJob.expireRedemptions:
      return null
    case PassbookJob.reconcile:
      return dailySlot(now, RECONCILE_AT_MIN)
    case PassbookJob.warnExpiringPoints:
      return dailySlot(now, WARN_EXPIRING_AT_MIN)
    case PassbookJob.expirePoints: {
      const year = new Date(now.getTime() + CHINA_OFFSET_MIN * MINUTE).getUTCFullYear()
      const slot = (y: number) => new Date(Date.UTC(y, 0, 1) - CHINA_OFFSET_MIN * MINUTE + EXPIRE_POINTS_AT_MIN * MINUTE)
      return slot(year).getTime() <= now.getTime() ? slot(year) : slot(year - 1)
    }
  }
}

/** The jobs to run at a firing at `now`, given when each last ran (absent = never). */
export function dueJobs(now: Date, lastRuns: Partial<Record<PassbookJob, Date>>): PassbookJob[] {
  return Object.values(PassbookJob).filter((job) => {
    const slot = lastSlot(job, now)
    const last = lastRuns[job]
    return slot === null || last === undefined || last.getTime() < slot.getTime()
  })
}
