/**
 * Sharing a page into a WeChat chat (and to 朋友圈 where the page allows it): registers both with the
 * card the page builds from what it shows. The page's config must also say `enableShareAppMessage`
 * (and `enableShareTimeline`): that is how Taro knows to register WeChat's page handlers.
 */
import { useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import type { ShareCard } from './share'

export function useShare(card: ShareCard | undefined): void {
  useShareAppMessage(() => (card ? { title: card.title, path: card.path, imageUrl: card.imageUrl } : {}))
  useShareTimeline(() => (card ? { title: card.title, query: card.path.split('?')[1] ?? '', imageUrl: card.imageUrl } : {}))
}
