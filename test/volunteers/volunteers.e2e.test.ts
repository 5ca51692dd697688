/**
 * End to end in headless Chromium against the H5 build and a live emulator with the demo data:
 * the worker asks to join the 助老 team, the captain approves it on the roster screen, the worker signs
 * up for the team's activity, then — on the day — scans the code the captain shows (the camera is faked
 * at WeChat's JS-SDK boundary, `wx.scanQRCode`, with the text of the QR the captain's screen really
 * displays), checks in and later out at the activity's place (browser geolocation), and sees the hours
 * and points. Identities switch through the dev role switcher; "time passes" by moving the activity and
 * the check-in back in the database.
 */
import { chromium, type Browser, type Page } from 'playwright-core'
import { Collection } from '../../src/core/collections'
import { gcj02ToWgs84, offsetM } from '../../src/core/geo'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { DEMO_ACTIVITY_ID, DEMO_TEAM_ID } from '../../scripts/seed/volunteers-data'
import { startH5App, type H5App } from '../stations/support/h5-app'
import { decodeQr, readAll } from './support'

jest.setTimeout(240_000)

let app: H5App
let browser: Browser
let page: Page
let place: { lng: number; lat: number }
const worker = userIdFor('dev-worker')

beforeAll(async () => {
  app = await startH5App(['users', 'volunteers'])
  const act = (await app.db.collection(Collection.activities).doc(DEMO_ACTIVITY_ID).get()).data
  place = { lng: act.location.longitude ?? act.location.coordinates[0], lat: act.location.latitude ?? act.location.coordinates[1] }
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
  // Standing 40 m from the meeting point; the browser reports WGS-84, which the app converts to GCJ-02.
  const wgs = gcj02ToWgs84(offsetM(place, 40, 0))
  const context = await browser.newContext({ geolocation: { longitude: wgs.lng, latitude: wgs.lat, accuracy: 20 }, permissions: ['geolocation'], viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
  // WeChat's JS-SDK camera scan, as Taro's H5 scanCode calls it: answers the text of the code in front of the camera.
  await context.addInitScript(() => {
    const w = window as unknown as { wx?: Record<string, unknown>; __scanText?: string }
    w.wx = {
      scanQRCode(opts: { success?: (r: unknown) => void; fail?: (r: unknown) => void }) {
        if (w.__scanText) opts.success?.({ errMsg: 'scanQRCode:ok', resultStr: w.__scanText })
        else opts.fail?.({ errMsg: 'scanQRCode:fail cancel' })
      },
    }
  })
  page = await context.newPage()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function go(hash: string) {
  await page.evaluate((h) => {
    window.location.hash = h
  }, hash)
}

/** Signs in as another seeded user through the floating dev switcher (the page reloads on the home tab). */
async function switchTo(nickname: string) {
  await page.locator('.nx-dev-pill').first().click()
  await page.locator('.nx-dev-item', { hasText: nickname }).click()
  await page.waitForLoadState('load')
  await page.locator('.nx-dev-pill').first().waitFor()
}

test('worker joins a team, captain approves, worker signs up, checks in and out, sees hours and points', async () => {
  await page.goto(`${app.url}/#/pages/me/index`)
  await page.locator('.me-volunteers').getByText('志愿服务队').waitFor()

  // Worker: ask to join the 助老 team.
  await go(`#/volunteers/pages/team/index?id=${DEMO_TEAM_ID}`)
  await page.getByText('娄葑助老志愿服务队').first().waitFor()
  await page.locator('.vol-join').click()
  await page.getByText('等待队长审核', { exact: false }).waitFor()

  // Captain: approve the request on the roster screen.
  await switchTo('先锋队长张师傅')
  await go(`#/volunteers/pages/manage/index?id=${DEMO_TEAM_ID}`)
  const request = page.locator('.vol-request', { hasText: '骑手小王' })
  await request.waitFor()
  await request.locator('.vol-approve').click()
  await page.getByText('已同意 骑手小王 入队').waitFor()

  // Worker: now a member, sign up for the team's activity tomorrow.
  await switchTo('骑手小王')
  await go(`#/volunteers/pages/activity/index?id=${DEMO_ACTIVITY_ID}`)
  await page.getByText('独居老人助餐陪伴').first().waitFor()
  await page.locator('.vol-signup').click()
  await page.locator('.vol-my-state', { hasText: '已报名' }).waitFor()

  // The day comes: the activity started 100 minutes ago and ends in 20.
  const start = Date.now() - 100 * 60_000
  await app.db.collection(Collection.activities).doc(DEMO_ACTIVITY_ID).update({ data: { startAt: new Date(start), endAt: new Date(start + 120 * 60_000), signupDeadline: new Date(start - 3_600_000) } })

  // Captain: show the attendance code.
  await switchTo('先锋队长张师傅')
  await go(`#/volunteers/pages/attendance/index?id=${DEMO_ACTIVITY_ID}`)
  await page.locator('.vol-show-code').click()
  const img = page.locator('.vol-qr img, img.vol-qr').first()
  await img.waitFor()
  const src = await img.getAttribute('src')
  expect(src).toMatch(/^data:image\/png;base64,/)
  const codeText = await decodeQr(src as string)
  expect(codeText).toContain('volunteers/pages/attend/index?scene=')

  // Worker: point the camera at it and check in.
  await switchTo('骑手小王')
  await page.evaluate((text) => {
    (window as unknown as { __scanText: string }).__scanText = text
  }, codeText)
  await go(`#/volunteers/pages/activity/index?id=${DEMO_ACTIVITY_ID}`)
  await page.locator('.vol-scan', { hasText: '扫码签到' }).click()
  await page.getByText('到达活动地点后点击签到').waitFor()
  await page.locator('.vol-attend').click()
  // Every page in the stack carries the sheet; the one on the attendance page (last) is showing.
  const sheet = page.getByRole('dialog', { name: '隐私保护提示' }).last()
  await sheet.waitFor()
  await sheet.getByText('同意并继续').click()
  await page.locator('.vol-result', { hasText: '签到成功' }).waitFor()

  // 95 minutes of service pass.
  await app.db.collection(Collection.activitySignups).doc(`${DEMO_ACTIVITY_ID}:${worker}`).update({ data: { checkInAt: new Date(Date.now() - 95 * 60_000) } })
  await page.locator('.vol-attend', { hasText: '签退' }).click()
  await page.locator('.vol-result', { hasText: '签退成功' }).waitFor()
  await expect(page.locator('.vol-result-hours').textContent()).resolves.toBe('1.5 小时')
  await expect(page.locator('.vol-result-points').textContent()).resolves.toBe('15')

  // My record: the activity with its hours, points and a certificate.
  await go('#/volunteers/pages/mine/index')
  const card = page.locator('.vol-card', { hasText: '独居老人助餐陪伴' })
  await card.getByText('1.5 小时 · 15 积分').waitFor()
  await card.click()
  await expect(page.locator('.vol-my-hours').textContent()).resolves.toBe('1.5 小时')
  await expect(page.locator('.vol-my-points').textContent()).resolves.toBe('15')
  await page.getByText(/查看志愿服务证明 NX-/).click()
  await page.getByText('志愿服务时长证明').waitFor()
  await page.getByText('娄葑街道娄葑助老志愿服务队').waitFor()
  await page.getByText('本证明免费出具', { exact: false }).waitFor()

  // The passbook got exactly one entry for it.
  const entries = (await readAll<{ source?: { type: string; id: string }; delta: number }>(app.db, Collection.ledger, { userId: worker })).filter((e) => e.source?.id === DEMO_ACTIVITY_ID)
  expect(entries.map((e) => e.delta)).toEqual([15])
})
