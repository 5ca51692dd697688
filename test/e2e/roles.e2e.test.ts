/**
 * Every entry of the H5 dev role switcher (each role in each demo district), in headless Chromium
 * against the H5 build and a live emulator with the demo data: switching to it reloads onto the home
 * tab (驿站), the pill names its district and role, and the 我的 tab then shows that seeded user with
 * that role, fetched through users.me. No request leaves loopback.
 */
import { roleLabel } from '../../src/core/roles'
import { devIdentities } from '../../src/users/dev-identities'
import { launchBrowser, type Browser } from './support/browser'
import { startH5App, type H5App } from './support/h5-app'

jest.setTimeout(180_000)

let app: H5App
let browser: Browser

beforeAll(async () => {
  app = await startH5App({ functions: ['users', 'stations', 'checkins', 'passbook', 'reports', 'volunteers', 'services'] })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

test.each(devIdentities.map((d) => [`${d.district}${roleLabel[d.role]}`, roleLabel[d.role], d] as const))('switching to %s loads the home page and 我的 shows that role', async (_name, label, identity) => {
  const { page } = browser
  await page.goto(`${app.url}/#/pages/me/index`)
  const pill = page.locator('.nx-dev-pill:visible')
  await pill.waitFor()
  await pill.click()
  const dialog = page.getByRole('dialog', { name: '切换开发身份' })
  await Promise.all([page.waitForEvent('load'), dialog.locator('[data-openid]', { hasText: identity.nickname }).click()])

  // Home tab after the reload, acting as the chosen user.
  await page.waitForURL(/#\/pages\/stations\/index$/)
  await page.locator('.nx-page:visible').first().waitFor()
  await page.locator('.nx-dev-pill:visible', { hasText: `开发身份 · ${identity.district} · ${label}` }).waitFor()

  await page.locator('.weui-tabbar__item', { hasText: '我的' }).click()
  const profile = page.locator('.me-profile:visible')
  await profile.waitFor()
  await profile.locator('.nx-tag', { hasText: label }).first().waitFor()
  expect(await profile.locator('.me-profile__name').textContent()).toBe(identity.nickname)
  expect(browser.errors).toEqual([])
  expect(browser.blocked).toEqual([])
})
