/**
 * How a report's progress reads to the person who made it, as government service apps show it: the
 * receipt number (受理编号) and the promise line — "承诺 12月7日 15:30 前办结" while open, "已于 …
 * 办结" once resolved — always in China time whatever the device zone. The promise itself comes from the
 * server (rules.handlingPromise over the category SLA); this only words it. Pages only.
 */
import { china } from '../shell/time'
import type { HandlingPromiseView } from './contract'

// The app's one date style (src/shell/time.ts formatMoment), without "今天": a promise reads as a fixed date.
const when = (iso: string) => china(iso).format('M月D日 HH:mm')

export function promiseText(p: HandlingPromiseView | undefined): string | null {
  if (!p) return null
  if (p.kind === 'resolved') return `已于 ${when(p.at)} 办结`
  return p.overdue ? `承诺 ${when(p.at)} 前办结（已超期，正在督办）` : `承诺 ${when(p.at)} 前办结`
}

export function receiptText(receiptNo: string | undefined): string | null {
  return receiptNo ? `受理编号 ${receiptNo}` : null
}
