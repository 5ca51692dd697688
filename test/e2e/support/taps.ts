/**
 * Tapping helpers for role tests on the H5 build: sign in through the dev role switcher, open a tab,
 * agree to the privacy notice, and find the control a person sees. Taro H5 keeps every page of the stack
 * in the DOM (hidden), so each lookup is limited to what is visible.
 */
import type { Locator, Page } from 'playwright-core'

/** The visible element with this text (exact unless a RegExp). */
export function visibleText(page: Page, text: string | RegExp): Locator {
  return page.getByText(text, { exact: typeof text === 'string' }).filter({ visible: true })
}

/** The visible elements matching a CSS selector. */
export function visible(page: Page, selector: string, options: { hasText?: string | RegExp } = {}): Locator {
  return page.locator(selector, options).filter({ visible: true })
}

/** Signs in as a seeded identity by tapping the floating 开发身份 pill; the app reloads onto the home tab. */
export async function signInAs(page: Page, nickname: string): Promise<void> {
  const pill = visible(page, '.nx-dev-pill')
  await pill.waitFor()
  await pill.click()
  const dialog = page.getByRole('dialog', { name: '切换开发身份' })
  await Promise.all([page.waitForEvent('load'), dialog.locator('[data-openid]', { hasText: nickname }).click()])
  await page.waitForURL(/#\/pages\/stations\/index$/)
  await visible(page, '.nx-page').first().waitFor()
}

/** Taps a tab-bar item. */
export async function openTab(page: Page, label: '驿站' | '存折' | '随手拍' | '我的'): Promise<void> {
  await page.locator('.weui-tabbar__item', { hasText: label }).click()
}

/** Agrees to the privacy notice on the page on top (every mounted page carries the sheet). */
export async function agreePrivacy(page: Page): Promise<void> {
  await visible(page, '.nx-privacy-agree').last().click()
}

/** The China wall-clock HH:mm of an instant, computed without the device zone (the browser runs in UTC). */
export function chinaClock(at: string | Date): string {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(11, 16)
}

/**
 * Taps once the element has stopped moving: the same box in three polls 100 ms apart. Taro H5's
 * pageScrollTo steps the scroll on timers; on a loaded machine two animation frames can pass between
 * steps, so playwright's own "stable" check passes mid-scroll and the tap lands where the page has moved
 * to (seen: the report form's 拍照 opened no file chooser).
 */
export async function tapStill(target: Locator): Promise<void> {
  const handle = await target.elementHandle()
  await target.page().waitForFunction(
    (el) => {
      const box = el?.getBoundingClientRect()
      const key = box ? `${box.x},${box.y},${box.width},${box.height}` : ''
      const seen = el as unknown as { __stillKey?: string; __stillCount?: number }
      seen.__stillCount = seen.__stillKey === key ? (seen.__stillCount ?? 0) + 1 : 0
      seen.__stillKey = key
      return seen.__stillCount >= 2
    },
    handle,
    { polling: 100 },
  )
  await target.click()
}

/** Taps a photo control and hands the file chooser a PNG, as a person picking a picture would. */
export async function shoot(page: Page, target: Locator, name: string, png: Buffer): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), tapStill(target)])
  await chooser.setFiles({ name, mimeType: 'image/png', buffer: png })
}
