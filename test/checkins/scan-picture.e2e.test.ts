/**
 * End to end in headless Chromium (browser in UTC): a rider checks in on the H5 build through the
 * browser scanner's "picture of the code" path. The station manager's real code comes from the stations
 * function (wxacode.getUnlimited in the emulator, a decodable QR of the check-in page and its signed
 * scene); the rider taps 扫码报到 on the home tab, sees that the browser scan is the dev/test path, taps
 * 选择二维码图片, picks the PNG, lands on the station's check-in page and taps 确认报到.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { Collection } from '../../src/core/collections'
import { gcj02ToWgs84, offsetM } from '../../src/core/geo'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { startH5App, type H5App } from '../stations/support/h5-app'
import { choosePicture, scanPicture, scanSheet, stationCodePicture } from '../e2e/support/scan'

jest.setTimeout(180_000)

const STATION = 'st-lf-004'
let app: H5App
let browser: Browser
let page: Page
let dir: string
let stationName: string
let codeFile: string

async function devCall<T>(name: string, openid: string, data: unknown): Promise<T> {
  const res = await fetch(`${app.url}/__dev/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, data }) })
  const body = (await res.json()) as { result: { ok: boolean; data: T; error?: unknown } }
  if (!body.result.ok) throw new Error(`${name} failed: ${JSON.stringify(body.result.error)}`)
  return body.result.data
}

beforeAll(async () => {
  app = await startH5App(['users', 'stations', 'checkins'])
  await app.db.collection(Collection.stations).doc(STATION).update({ data: { liveStatus: 'open', liveStatusUntil: null, hours: { always: true } } })
  const doc = (await app.db.collection(Collection.stations).doc(STATION).get()).data
  stationName = doc.name
  const at = { lng: doc.location.longitude ?? doc.location.coordinates[0], lat: doc.location.latitude ?? doc.location.coordinates[1] }

  // The poster's code as the station manager prints it.
  dir = mkdtempSync(path.join(os.tmpdir(), 'nx-scan-'))
  codeFile = await stationCodePicture(devCall, 'dev-station-manager', STATION, dir)

  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'], env: { ...process.env, TZ: 'UTC' } })
  const wgs = gcj02ToWgs84(offsetM(at, 30, 0))
  const context = await browser.newContext({ geolocation: { longitude: wgs.lng, latitude: wgs.lat, accuracy: 20 }, permissions: ['geolocation'], viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'UTC' })
  page = await context.newPage()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('rider checks in on H5 by choosing a picture of the station code', async () => {
  await page.goto(`${app.url}/#/pages/stations/index`)
  await scanPicture(page, page.getByText('扫码报到').first(), codeFile)

  await page.locator('.ck-station__name', { hasText: stationName }).waitFor()
  await page.getByText('确认报到').click()
  const consent = page.getByRole('dialog', { name: '隐私保护提示' })
  await consent.getByText('同意并继续').click()
  await page.getByText('到访成功，欢迎来到驿站').waitFor()

  const stored = await app.db.collection(Collection.checkins).where({ userId: userIdFor('dev-worker'), stationId: STATION }).get()
  expect(stored.data).toHaveLength(1)
  expect(stored.data[0]).toMatchObject({ purpose: 'visit', entryMethod: 'scan_code' })
})

test('a picture without a code says so and keeps the scanner open; 取消 closes it', async () => {
  await page.goto(`${app.url}/#/pages/stations/index`)
  await page.getByText('扫码报到').first().click()
  const sheet = await scanSheet(page)
  const blank = path.join(dir, 'blank.png')
  // A 1×1 white PNG: a picture, but no code in it.
  writeFileSync(blank, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==', 'base64'))
  await choosePicture(page, sheet, blank)
  await sheet.getByText('图片里没有找到二维码').waitFor()
  await sheet.getByRole('button', { name: '取消' }).click()
  await sheet.waitFor({ state: 'detached' })
  await page.getByText('扫码报到').first().waitFor()
})
