/**
 * Service hours: the time between check-in and check-out, counted only inside the activity's own
 * window (arriving early or leaving late adds nothing), so never more than the activity's length.
 * Certified in half-hour steps, rounded down, as volunteer-hour records usually are. Node-free.
 */

export const HOUR_STEP = 0.5
const MINUTE_MS = 60_000

export interface ActivityWindow {
  startAt: Date | string
  endAt: Date | string
}

export function activityMinutes(activity: ActivityWindow): number {
  return Math.max(0, Math.floor((new Date(activity.endAt).getTime() - new Date(activity.startAt).getTime()) / MINUTE_MS))
}

/** Whole minutes of service between `checkInAt` and `checkOutAt`, clipped to the activity window. */
export function creditableMinutes(checkInAt: Date | string, checkOutAt: Date | string, activity: ActivityWindow): number {
  const from = Math.max(new Date(checkInAt).getTime(), new Date(activity.startAt).getTime())
  const to = Math.min(new Date(checkOutAt).getTime(), new Date(activity.endAt).getTime())
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return 0
  return Math.min(activityMinutes(activity), Math.floor((to - from) / MINUTE_MS))
}

/** Certified hours: half-hour steps, rounded down (29 minutes is 0, 90 minutes is 1.5). */
export function hoursFromMinutes(minutes: number): number {
  if (!Number.isFinite(minutes) || minutes <= 0) return 0
  return Math.floor(minutes / (60 * HOUR_STEP)) * HOUR_STEP
}

/** "2 小时" / "1.5 小时" / "0 小时". */
export function formatHours(hours: number): string {
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} 小时`
}
