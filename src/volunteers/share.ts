/** The chat card for a volunteer activity: what, when it starts (China time) and the places left, opening the activity. */
import { chinaParts, formatHhMm } from '../core/time'
import { shareTitle, type ShareCard } from '../shell/share'
import type { ActivitySummary } from './contract'

export function activityShareCard(a: Pick<ActivitySummary, 'activityId' | 'title' | 'startAt' | 'capacity' | 'signedUp'>): ShareCard {
  const start = chinaParts(new Date(a.startAt))
  const when = `${start.month}月${start.day}日 ${formatHhMm(start.minuteOfDay)}`
  const left = a.capacity - a.signedUp
  return { title: shareTitle(a.title, when, left > 0 ? `剩${left}个名额` : '可报名候补'), path: `/volunteers/pages/activity/index?id=${encodeURIComponent(a.activityId)}` }
}
