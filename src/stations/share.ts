/** The chat card for a station: its name and what a rider comes for first, opening its detail page. */
import { shareTitle, type ShareCard } from '../shell/share'
import type { StationDetail } from './contract'
import { amenityLabel } from './vocabulary'

export function stationShareCard(s: Pick<StationDetail, 'stationId' | 'name' | 'amenities' | 'openText' | 'photoUrls'>): ShareCard {
  const offers = s.amenities.slice(0, 3).map((a) => amenityLabel[a]).join('·')
  return { title: shareTitle(s.name, offers || s.openText), path: `/stations/pages/detail/index?id=${encodeURIComponent(s.stationId)}`, imageUrl: s.photoUrls.find((u) => u.startsWith('https://')) }
}
