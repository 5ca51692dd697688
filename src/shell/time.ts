/**
 * Times as people in China read them, whatever zone the device is set to: dayjs with the zh-cn locale
 * and every moment shown in UTC+8 (China has no daylight saving, so a fixed offset is exact and needs
 * no time-zone database in the mini-program). The server decides days and opening hours in China time
 * too (src/core/time.ts). Import from here, never from 'dayjs' directly.
 */
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import utc from 'dayjs/plugin/utc'
import { CHINA_OFFSET_MIN } from '../core/time'

dayjs.extend(utc)
dayjs.locale('zh-cn')

export { dayjs }

/** The moment as China wall-clock time (now when no value is given). */
export function china(value?: string | number | Date): dayjs.Dayjs {
  return dayjs(value ?? Date.now()).utcOffset(CHINA_OFFSET_MIN)
}

/** The instant (ISO) of a China-time date `YYYY-MM-DD` and `HH:mm`, as a date and a time picker give them. */
export function chinaInstant(date: string, time = '00:00'): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString()
}

/** 2025年3月8日 */
export function formatDate(value: string | number | Date): string {
  return china(value).format('YYYY年M月D日')
}

/** 今天 14:05, or 3月8日 14:05 for earlier days (today as China counts it). */
export function formatMoment(value: string | number | Date): string {
  const d = china(value)
  return d.format('YYYY-MM-DD') === china().format('YYYY-MM-DD') ? `今天 ${d.format('HH:mm')}` : d.format('M月D日 HH:mm')
}
