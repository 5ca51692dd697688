/**
 * Red numbers on the tab bar: the home tab shows the staff member's waiting work, 我的 the unread
 * messages. Set whenever a fresh count arrives, cleared at zero. WeChat keeps a badge on the tab bar
 * whichever page set it; a failure (no tab bar on this page yet) is not worth telling anyone about.
 */
import Taro from '@tarojs/taro'
import { badgeText } from '../users/notices'

/** Positions in app.config.ts's tabBar.list (test/users/messages-page.test.tsx checks them). */
export const HOME_TAB_INDEX = 0
export const ME_TAB_INDEX = 3

export function showTabBadge(index: number, count: number): void {
  const text = badgeText(count)
  try {
    const done = text ? Taro.setTabBarBadge({ index, text }) : Taro.removeTabBarBadge({ index })
    void Promise.resolve(done).catch(() => undefined)
  } catch {
    // H5 pages opened without the tab bar throw synchronously; the badge simply is not shown there.
  }
}

export const showUnreadBadge = (unread: number) => showTabBadge(ME_TAB_INDEX, unread)
export const showWaitingBadge = (waiting: number) => showTabBadge(HOME_TAB_INDEX, waiting)
