/**
 * The chat card for a public report: the problem and how far it has got, never who reported it or a
 * photo (a page screenshot shows only what the public page shows).
 */
import { shareTitle, type ShareCard } from '../shell/share'
import type { ReportDetail } from './contract'
import { stateLabel } from './vocabulary'

export function reportShareCard(r: Pick<ReportDetail, 'id' | 'categoryName' | 'state' | 'streetName'>): ShareCard {
  return { title: shareTitle(`随手拍：${r.categoryName}`, stateLabel[r.state], r.streetName), path: `/reports/pages/detail/index?id=${encodeURIComponent(r.id)}` }
}
