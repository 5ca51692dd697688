/**
 * What a chat card is made of, and its title rule: pure, so each domain's card builder (stations,
 * volunteers, reports `share.ts`) is unit-tested without Taro. The hook that hands a card to WeChat is
 * ./use-share.ts.
 */

export interface ShareCard {
  /** What the chat shows under the card; WeChat cuts long titles, so the useful part comes first. */
  title: string
  /** Page path with a leading '/', and its query. */
  path: string
  /** An https image (a temporary URL of a public photo); without one WeChat uses a page screenshot. */
  imageUrl?: string
}

/** WeChat shows about 26 characters of a card title on a phone. */
export const SHARE_TITLE_MAX = 26

export function shareTitle(...parts: Array<string | undefined | false>): string {
  const text = parts.filter(Boolean).join('｜')
  return text.length > SHARE_TITLE_MAX ? `${text.slice(0, SHARE_TITLE_MAX - 1)}…` : text
}
