/**
 * Station services on the H5 build, in headless Chromium with the device in UTC, against a live emulator
 * with the demo data: the station's manager creates a weekly haircut service from the station's page; a
 * rider books the next slot; a second rider joins its waitlist; the first cancels; the second takes the
 * held offer, checks in at the station through a picture of its code and rates the haircut; the manager
 * sees the figures. People tap visible controls only; the one thing done behind the page is "time
 * passes" (the booked slot moved to start in ten minutes, as the browser cannot wait for Tuesday).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { Collection } from '../../src/core/collections'
import { gcj02ToWgs84, offsetM } from '../../src/core/geo'
import { launchBrowser, type Browser } from '../e2e/support/browser'
import { startH5App, type H5App } from '../e2e/support/h5-app'
import { scanPicture, stationCodePicture } from '../e2e/support/scan'
import { auditPage } from '../e2e/support/ui-audit'
import { agreePrivacy, openTab, signInAs, visible, visibleText } from '../e2e/support/taps'

jest.setTimeout(300_000)

const STATION = 'st-lf-001'
let app: H5App
let dir: string
let browser: Browser | undefined
let station: { name: string; at: { lng: number; lat: number } }

beforeAll(async () => {
  app = await startH5App({ functions: ['users', 'stations', 'checkins', 'passbook', 'services'] })
  dir = mkdtempSync(path.join(os.tmpdir(), 'nx-services-'))
  await app.db.collection(Collection.stations).doc(STATION).update({ data: { liveStatus: 'open', liveStatusUntil: null, hours: { always: true } } })
  const doc = (await app.db.collection(Collection.stations).doc(STATION).get()).data
  station = { name: doc.name, at: { lng: doc.location.longitude ?? doc.location.coordinates[0], lat: doc.location.latitude ?? doc.location.coordinates[1] } }
  await app.devCall('passbook', 'dev-admin', { action: 'saveRule', payload: { kind: 'service_attended', label: '到站接受预约服务', pointsPerUnit: 5, dailyCap: 20, monthlyCap: 100, active: true, reason: '暖新365 服务到场积分' } })
})

afterEach(async () => {
  await browser?.close()
  browser = undefined
})

afterAll(async () => {
  await app?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function start(nickname: string): Promise<Page> {
  await browser?.close()
  const wgs = gcj02ToWgs84(offsetM(station.at, 30, 0))
  // 375 px wide: CSS px are mini-program px, so the size audit measures what a phone shows.
  browser = await launchBrowser({ timezoneId: 'UTC', viewport: { width: 375, height: 812 }, geolocation: { longitude: wgs.lng, latitude: wgs.lat } })
  const { page } = browser
  await page.goto(`${app.url}/#/pages/stations/index`)
  await signInAs(page, nickname)
  return page
}

/** From the home tab to the nearest station's page (the test stands 30 m from it). */
async function openStation(page: Page): Promise<void> {
  await visibleText(page, '用我的位置找驿站').click()
  await agreePrivacy(page)
  const first = visible(page, '.st-card').first()
  await first.getByText(station.name).waitFor()
  await first.click()
  await visible(page, '.nx-title', { hasText: station.name }).waitFor()
}

async function openMyBookings(page: Page): Promise<void> {
  await openTab(page, '我的')
  await visible(page, '.me-services').click()
}

const bookings = async () => (await app.db.collection(Collection.serviceBookings).where({ stationId: STATION }).limit(100).get()).data as Array<Record<string, unknown>>

function expectClean() {
  expect(browser?.errors).toEqual([])
  expect(browser?.blocked).toEqual([])
}

test('weekly haircut: create, book, waitlist, cancel, take the offer, check in, rate; the manager sees the figures', async () => {
  // The manager defines the service from the station page: haircut, Tuesdays 14:00–16:00, 20 minutes, one chair.
  let page = await start('驿站管理员刘姐')
  await openStation(page)
  await visible(page, '.st-add-service').click()
  await visible(page, '.svc-provider input, input.svc-provider').first().fill('爱心理发师王师傅')
  await visible(page, '.svc-description textarea, textarea.svc-description').first().fill('免费理发，每人约 20 分钟，请提前 5 分钟到。')
  await visible(page, '.svc-save').click()
  await visible(page, '.svc-book').first().waitFor()
  // The slot list with its booking buttons and (for the manager) roster links: 44 px targets, 14 px text.
  expect(await auditPage(page)).toEqual([])
  const services = (await app.db.collection(Collection.services).where({ stationId: STATION }).get()).data
  expect(services).toHaveLength(1)
  expect(services[0]).toMatchObject({ type: 'haircut', provider: '爱心理发师王师傅', seatsPerSlot: 1, weekly: [{ weekdays: [2], ranges: [{ start: '14:00', end: '16:00' }] }] })
  expectClean()

  // A rider books the next slot from the station page.
  page = await start('骑手小王')
  await openStation(page)
  await visible(page, '.st-service', { hasText: '理发' }).click()
  await visible(page, '.svc-book').first().click()
  await visible(page, '.svc-message', { hasText: '预约成功' }).waitFor()
  let stored = await bookings()
  expect(stored).toHaveLength(1)
  expect(stored[0]).toMatchObject({ userId: userIdFor('dev-worker'), state: 'booked' })
  const slotId = stored[0].slotId
  expectClean()

  // A second rider finds that slot full and joins its waitlist.
  page = await start('党员骑手老李')
  await openStation(page)
  await visible(page, '.st-service', { hasText: '理发' }).click()
  await visible(page, '.svc-waitlist').first().click()
  await visible(page, '.svc-message', { hasText: '候补' }).waitFor()
  stored = await bookings()
  const second = stored.find((b) => b.userId === userIdFor('dev-party-member')) as Record<string, unknown>
  expect(second).toMatchObject({ state: 'waitlisted', slotId })
  expectClean()

  // The first rider cancels (a secondary button, confirmed in a dialog).
  page = await start('骑手小王')
  await openMyBookings(page)
  await visible(page, '.svc-cancel').first().click()
  await page.getByText('取消预约', { exact: true }).last().click()
  await visible(page, '.svc-booking--cancelled').waitFor()
  expect((await app.db.collection(Collection.serviceBookings).doc(String(second._id)).get()).data.state).toBe('offered')
  expectClean()

  // Time passes: the held slot now starts in ten minutes.
  const startAt = new Date(Date.now() + 10 * 60_000)
  const endAt = new Date(startAt.getTime() + 20 * 60_000)
  await app.db.collection(Collection.serviceBookings).doc(String(second._id)).update({ data: { startAt, endAt } })

  // The second rider takes the offer, checks in at the station's code and rates the haircut.
  page = await start('党员骑手老李')
  await openMyBookings(page)
  await visible(page, '.svc-offer').waitFor()
  expect(await auditPage(page)).toEqual([])
  await visible(page, '.svc-accept').click()
  await visible(page, '.svc-booking--booked').waitFor()
  const code = await stationCodePicture(app.devCall, 'dev-admin', STATION, dir)
  await scanPicture(page, visible(page, '.svc-checkin').last(), code)
  await visible(page, '.ck-station__name', { hasText: station.name }).waitFor()
  await visibleText(page, '确认报到').click()
  // The location is asked behind the privacy notice, which this browser has not agreed to yet.
  const agree = visible(page, '.nx-privacy-agree').last()
  const done = visible(page, '.ck-done')
  await Promise.race([agree.waitFor(), done.waitFor()])
  if (await agree.isVisible()) await agree.click()
  await done.getByText('签到成功，已记录你到场，服务结束后可以评价').waitFor()
  const attended = (await app.db.collection(Collection.serviceBookings).doc(String(second._id)).get()).data
  expect(attended).toMatchObject({ state: 'booked', attendance: 'attended', attendanceSource: 'checkin', points: 5 })
  const checkins = (await app.db.collection(Collection.checkins).where({ userId: userIdFor('dev-party-member'), purpose: 'service' }).get()).data
  expect(checkins).toHaveLength(1)
  await page.goBack()
  await visible(page, '.svc-star-5').waitFor()
  expect(await auditPage(page)).toEqual([])
  await visible(page, '.svc-star-5').click()
  await visible(page, '.svc-comment textarea, textarea.svc-comment').first().fill('师傅手艺好，很快')
  await visible(page, '.svc-rate-submit').click()
  await visibleText(page, '我的评分 ★★★★★：师傅手艺好，很快').waitFor()
  expect((await app.db.collection(Collection.serviceBookings).doc(String(second._id)).get()).data).toMatchObject({ rating: 5, comment: '师傅手艺好，很快' })
  expectClean()

  // The manager reads the figures from the station page.
  page = await start('驿站管理员刘姐')
  await openStation(page)
  await visible(page, '.st-service-figures').click()
  await visible(page, '.svc-total-booked', { hasText: '1 / 1' }).waitFor()
  await visible(page, '.svc-total-rating', { hasText: '5' }).waitFor()
  await visible(page, '.nx-row', { hasText: '候补转正' }).getByText('1 / 1').waitFor()
  expectClean()
})
