/** Activity times and figures as the volunteer pages show them (China time, whatever the device zone). */
import { china } from '../../shell/time'
import { formatDistance } from '../../core/geo'
import type { ActivitySummary } from '../contract'

/** 6月5日 周四 09:00–11:00 */
export function formatWindow(startAt: string, endAt: string): string {
  const s = china(startAt)
  const e = china(endAt)
  const sameDay = s.format('YYYY-MM-DD') === e.format('YYYY-MM-DD')
  return `${s.format('M月D日 dddd HH:mm')}–${sameDay ? e.format('HH:mm') : e.format('M月D日 HH:mm')}`
}

export function formatTime(value: string): string {
  return china(value).format('M月D日 HH:mm')
}

export function placesText(a: Pick<ActivitySummary, 'capacity' | 'signedUp'>): string {
  const left = Math.max(0, a.capacity - a.signedUp)
  return left > 0 ? `剩 ${left} 个名额（共 ${a.capacity}）` : `名额已满（共 ${a.capacity}），可候补`
}

export function distanceText(m?: number): string | null {
  return m === undefined ? null : formatDistance(m)
}
