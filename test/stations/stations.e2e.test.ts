/**
 * End to end in headless Chromium against the H5 build and a live emulator with the demo data, as the
 * seeded worker: agree to the privacy notice, get located (the browser's geolocation is faked at its API
 * boundary with a WGS-84 fix, as a phone's browser would give), filter for 换电 + 开放中, open the nearest
 * station, then arrive on the check-in page the way WeChat opens it from a live scan of the station's
 * code (the scene the real code carries, launch scene 1047), confirm, and find the visit in history.
 */
import { chromium, type Browser, type Page } from 'playwright-core'
import { buildScene } from '../../src/checkins/signature'
import { Collection } from '../../src/core/collections'
import { gcj02ToWgs84, offsetM } from '../../src/core/geo'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { demoStationSecret } from '../../scripts/seed/checkins-data'
import { startH5App, type H5App } from './support/h5-app'

jest.setTimeout(180_000)

const STATION = 'st-lf-004'
let app: H5App
let browser: Browser
let page: Page
let stationName: string
let stationCode: string
let stationAt: { lng: number; lat: number }

beforeAll(async () => {
  app = await startH5App(['users', 'stations', 'checkins'])
  // The scene: a round-the-clock station with battery swap, open, nearest to where the rider stands.
  await app.db.collection(Collection.stations).doc(STATION).update({ data: { amenities: ['drinking_water', 'battery_swap', 'ebike_charging', 'toilet'], liveStatus: 'open', liveStatusUntil: null, hours: { always: true } } })
  const doc = (await app.db.collection(Collection.stations).doc(STATION).get()).data
  stationName = doc.name
  stationCode = doc.code
  stationAt = { lng: doc.location.longitude ?? doc.location.coordinates[0], lat: doc.location.latitude ?? doc.location.coordinates[1] }
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
  // Standing 30 m east of the station; the browser reports WGS-84, which the app converts to GCJ-02.
  const wgs = gcj02ToWgs84(offsetM(stationAt, 30, 0))
  const context = await browser.newContext({ geolocation: { longitude: wgs.lng, latitude: wgs.lat, accuracy: 20 }, permissions: ['geolocation'], viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
  page = await context.newPage()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

test('worker: battery swap + open now, nearest station, check in by scan, visit in history', async () => {
  await page.goto(`${app.url}/#/pages/stations/index`)
  await page.getByText('用我的位置找驿站').click()
  await page.getByText('隐私保护提示').waitFor()
  await page.getByText('同意并继续').click()
  await page.getByText('已获取你的位置').waitFor()

  await page.locator('.st-chip', { hasText: '换电' }).first().click()
  await page.locator('.st-chip', { hasText: '开放中' }).click()
  await expectChipOn(page, '换电')
  await expectChipOn(page, '开放中')

  // The nearest match comes first with its distance and travel time; the offline plot shows it too.
  const first = page.locator('.st-card').first()
  await first.getByText(stationName).waitFor()
  await expect(first.locator('.st-card__num').textContent()).resolves.toMatch(/^(20|30|40)$/)
  await first.getByText(/步行 1 分钟/).waitFor()
  await page.locator('svg.st-plot').waitFor()
  const names = await page.locator('.st-card__name').allTextContents()
  expect(names.length).toBeGreaterThan(0)
  await first.click()

  await page.locator('.nx-title', { hasText: stationName }).waitFor()
  await page.getByText('本月到访').waitFor()
  await page.getByText('24小时').first().waitFor()

  // WeChat opens the check-in page from a live camera scan of the poster with the code's scene.
  const scene = buildScene({ stationCode, keyVersion: 1, secret: demoStationSecret(STATION) })
  await page.evaluate((hash) => {
    window.location.hash = hash
  }, `#/checkins/pages/checkin/index?scene=${encodeURIComponent(scene)}&launchScene=1047`)
  await page.locator('.ck-station__name', { hasText: stationName }).waitFor()
  await page.getByText('确认报到').click()
  await page.getByText('到访成功，欢迎来到驿站').waitFor()

  await page.getByText('查看我的报到记录').click()
  const row = page.locator('.ck-row').first()
  await row.getByText(stationName).waitFor()
  await row.getByText('驿站到访').waitFor()

  const stored = await app.db.collection(Collection.checkins).where({ userId: userIdFor('dev-worker'), stationId: STATION }).get()
  expect(stored.data).toHaveLength(1)
  expect(stored.data[0]).toMatchObject({ purpose: 'visit', entryMethod: 'launch', launchScene: 1047 })
  expect(stored.data[0].distanceM).toBeLessThanOrEqual(50)
})

async function expectChipOn(p: Page, text: string) {
  await p.locator('.st-chip.st-chip--on', { hasText: text }).first().waitFor()
}
