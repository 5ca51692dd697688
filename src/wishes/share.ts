/** The chat card for a wish on the wall: what is wished, where (community), how long it has waited; never who wished it. */
import { shareTitle, type ShareCard } from '../shell/share'
import type { WishCard } from './views'

export function wishShareCard(w: Pick<WishCard, 'id' | 'title' | 'community' | 'waitingDays' | 'state'>): ShareCard {
  const waiting = w.state === 'published' ? (w.waitingDays > 0 ? `已等${w.waitingDays}天` : '等你点亮') : undefined
  return { title: shareTitle(`微心愿：${w.title}`, w.community, waiting), path: `/wishes/pages/detail/index?id=${encodeURIComponent(w.id)}` }
}
