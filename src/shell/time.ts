/**
 * dayjs with the zh-cn locale, set once for the whole app; import dayjs from here, not from 'dayjs'.
 */
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'

dayjs.locale('zh-cn')

export { dayjs }

/** 2025年3月8日 */
export function formatDate(value: string | number | Date): string {
  return dayjs(value).format('YYYY年M月D日')
}

/** 今天 14:05, or 3月8日 14:05 for earlier days. */
export function formatMoment(value: string | number | Date): string {
  const d = dayjs(value)
  return d.isSame(dayjs(), 'day') ? `今天 ${d.format('HH:mm')}` : d.format('M月D日 HH:mm')
}
