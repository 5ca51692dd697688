/**
 * The design's size rules, measured on the H5 build in headless Chromium at 375 px width (CSS px =
 * mini-program px there): every main page, as a rider and as each staff role, has no visible tappable
 * element under 44×44 px and no visible text under 14 px. A failure lists each element and its size.
 * Also: opening the catalogue asks for the points summary once.
 */
import { devIdentities } from '../../src/users/dev-identities'
import { launchBrowser, type Browser } from './support/browser'
import { startH5App, type H5App } from './support/h5-app'
import { auditPage } from './support/ui-audit'

jest.setTimeout(300_000)

let app: H5App
let browser: Browser

beforeAll(async () => {
  app = await startH5App({ functions: ['users', 'stations', 'checkins', 'passbook', 'reports', 'volunteers', 'services', 'wishes', 'suggestions'] })
  browser = await launchBrowser({ viewport: { width: 375, height: 812 } })
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const tabs = ['/pages/stations/index', '/pages/passbook/index', '/pages/report/index', '/pages/me/index']
const pagesByRole: Record<string, string[]> = {
  worker: [...tabs, '/passbook/pages/catalogue/index', '/reports/pages/new/index', '/volunteers/pages/activities/index', '/checkins/pages/history/index', '/passbook/pages/redemptions/index', '/services/pages/list/index', '/services/pages/mine/index', '/wishes/pages/wall/index', '/wishes/pages/new/index', '/wishes/pages/mine/index', '/suggestions/pages/board/index', '/suggestions/pages/new/index'],
  admin: ['/pages/me/index', '/passbook/pages/admin/index', '/reports/pages/admin/index'],
  team_captain: ['/pages/me/index', '/volunteers/pages/teams/index', '/volunteers/pages/mine/index'],
  station_manager: ['/pages/me/index', '/stations/pages/manage/index', '/stations/pages/station/index?id=st-lf-001', '/passbook/pages/fulfil/index', '/services/pages/edit/index?stationId=st-lf-001', '/services/pages/figures/index?stationId=st-lf-001', '/services/pages/calendar/index?stationId=st-lf-001'],
  grid_worker: ['/pages/report/index', '/reports/pages/queue/index'],
  dispatcher: ['/reports/pages/queue/index', '/reports/pages/figures/index', '/wishes/pages/queue/index', '/suggestions/pages/queue/index', '/wishes/pages/detail/index?id=wish-lf-5', '/suggestions/pages/detail/index?id=suggestion-lf-5'],
  department_handler: ['/reports/pages/queue/index'],
}

async function actAs(openid: string) {
  const { page } = browser
  await page.goto(`${app.url}/#/pages/me/index`)
  // Taro's H5 storage keeps each value as JSON {data}; the app reads it on the next load.
  await page.evaluate((id) => window.localStorage.setItem('nx.dev.openid', JSON.stringify({ data: id })), openid)
}

async function open(path: string) {
  const { page } = browser
  await page.goto(`${app.url}/#${path}`)
  await page.reload()
  await page.locator('.nx-page:visible').first().waitFor()
  // Loaded: no skeleton left on the visible page.
  await page.waitForFunction(() => !Array.from(document.querySelectorAll('.nx-skeleton')).some((el) => el.getBoundingClientRect().height > 0))
}

const cases = Object.entries(pagesByRole).flatMap(([role, paths]) => paths.map((p) => [role, p] as const))

test.each(cases)('as %s, %s has 44 px tap targets and 14 px text', async (role, path) => {
  const identity = devIdentities.find((d) => d.role === role)
  if (!identity) throw new Error(`no dev identity for ${role}`)
  await actAs(identity.openid)
  await open(path)
  const violations = await auditPage(browser.page)
  expect(violations).toEqual([])
  expect(browser.blocked).toEqual([])
})

test('the catalogue fetches the points summary once, on a cold load and when opened from the 存折 tab', async () => {
  await actAs('dev-worker')
  const { page } = browser
  const summaries: string[] = []
  const onRequest = (req: { postData(): string | null; url(): string }) => {
    if (req.url().includes('/__dev/call/passbook') && (req.postData() ?? '').includes('"action":"summary"')) summaries.push(req.url())
  }
  page.on('request', onRequest)
  // A cold load straight onto the catalogue.
  await page.goto('about:blank')
  await page.goto(`${app.url}/#/passbook/pages/catalogue/index`)
  await page.locator('.nx-lead:visible', { hasText: '我的积分' }).waitFor()
  await page.locator('.nx-card:visible').first().waitFor()
  expect(summaries).toHaveLength(1)

  // From the 存折 tab (which shows the summary itself) into the catalogue: the catalogue asks once more at most.
  await page.goto('about:blank')
  summaries.length = 0
  await page.goto(`${app.url}/#/pages/passbook/index`)
  await page.locator('.nx-page:visible').first().waitFor()
  await page.waitForFunction(() => !Array.from(document.querySelectorAll('.nx-skeleton')).some((el) => el.getBoundingClientRect().height > 0))
  const onTab = summaries.length
  await page.locator('.nx-button:visible', { hasText: '兑换礼品' }).click()
  await page.locator('.nx-lead:visible', { hasText: '我的积分' }).waitFor()
  await page.locator('.nx-card:visible').first().waitFor()
  page.off('request', onRequest)
  expect(onTab).toBe(1)
  expect(summaries.length - onTab).toBeLessThanOrEqual(1)
})
