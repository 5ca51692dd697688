/**
 * The red number on the 我的 tab: the signed-in person's unread messages, set whenever a fresh count
 * arrives (我的 and the message centre), cleared at zero. A page that is not a tab page may call it too:
 * WeChat keeps the badge on the tab bar, and a failure (no tab bar yet) is not worth telling anyone.
 */
import Taro from '@tarojs/taro'
import { badgeText } from '../users/notices'

/** Position of 我的 in app.config.ts's tabBar.list (test/users/messages-page.test.tsx checks it). */
export const ME_TAB_INDEX = 3

export function showUnreadBadge(unread: number): void {
  const text = badgeText(unread)
  const done = text ? Taro.setTabBarBadge({ index: ME_TAB_INDEX, text }) : Taro.removeTabBarBadge({ index: ME_TAB_INDEX })
  void Promise.resolve(done).catch(() => undefined)
}
