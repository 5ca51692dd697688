/**
 * End to end in headless Chromium against the H5 build and a live emulator with the demo data: a worker
 * standing in 娄葑 grid 1 reports an e-bike parked on the pavement (非机动车乱停放) with a camera photo;
 * the grid worker finds it in the queue, accepts (立案) and dispatches it to the default department;
 * the department handler resolves it with an after-photo; the worker confirms with 5 stars and sees the
 * points on the report and in the passbook. A bystander's view of the report, and their 附近的问题 list on
 * the 随手拍 tab, never name the reporter.
 * Needs dist/h5 (`flock /tmp/build.lock npm run build:h5`) and Chromium.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { Collection } from '../../src/core/collections'
import { distanceM, fromPoint, gcj02ToWgs84, toGeoPoint } from '../../src/core/geo'
import { stateFromEvents } from '../../src/reports/machine'
import { auditPage } from '../e2e/support/ui-audit'
import { shoot, tapStill } from '../e2e/support/taps'
import { startH5App, type H5App } from '../stations/support/h5-app'

jest.setTimeout(240_000)

// A tiny PNG standing in for the camera's picture (the browser's file chooser is the camera on H5).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

let app: H5App
let browser: Browser
let at: { lng: number; lat: number }

async function pageAs(openid: string, route: string): Promise<{ page: Page; context: BrowserContext }> {
  const wgs = gcj02ToWgs84(at)
  const context = await browser.newContext({ geolocation: { longitude: wgs.lng, latitude: wgs.lat, accuracy: 15 }, permissions: ['geolocation'], viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
  await context.addInitScript((id) => window.localStorage.setItem('nx.dev.openid', JSON.stringify({ data: id })), openid)
  const page = await context.newPage()
  await page.goto(`${app.url}/#${route}`)
  return { page, context }
}

/** The page asks for the location, so a fresh browser is shown the privacy notice first. */
async function agreePrivacy(page: Page) {
  // Every mounted page has the sheet; the one on top is the last.
  await page.locator('.nx-privacy-agree:visible').last().click()
}

beforeAll(async () => {
  app = await startH5App(['users', 'reports', 'passbook'])
  const grid = (await app.db.collection(Collection.grids).doc('grid-lf-1').get()).data as { bbox: number[] }
  at = { lng: (grid.bbox[0] + grid.bbox[2]) / 2, lat: (grid.bbox[1] + grid.bbox[3]) / 2 }
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

test('worker reports with a photo → grid worker accepts and dispatches → department resolves with an after-photo → worker confirms and sees the points', async () => {
  const balanceOf = async () => ((await app.db.collection(Collection.balances).where({ _id: userIdFor('dev-worker') }).get()).data[0]?.points ?? 0) as number
  const before = await balanceOf()

  // Worker: 随手拍 tab → new report.
  const { page: worker } = await pageAs('dev-worker', '/pages/report/index')
  await worker.getByText('拍照上报问题').click()
  await worker.getByText('1. 什么问题').waitFor()
  await agreePrivacy(worker)
  await worker.locator('.rp-cat', { hasText: '非机动车乱停放' }).click()
  await shoot(worker, worker.locator('.rp-shoot').first(), 'parking.png', PNG)
  await worker.locator('.rp-photo').first().waitFor()
  await worker.getByText(/已定位/).waitFor({ timeout: 30_000 })
  await worker.getByText(/按位置分到网格：娄葑街道第1网格/).waitFor({ timeout: 30_000 })
  // The pin: a tap at the plot's edge is beyond reach and says so; back to the fix, then two nudges east.
  const plot = worker.locator('.rp-pin-plot:visible')
  const box = (await plot.boundingBox())!
  await plot.click({ position: { x: box.width - 2, y: box.height / 2 } })
  await worker.locator('.rp-pin__status--far', { hasText: '最多只能挪动 315 米' }).waitFor()
  await worker.locator('.nx-button:visible', { hasText: '回到我的定位' }).click()
  await worker.locator('.rp-pin__status').waitFor({ state: 'detached' })
  await worker.locator('.rp-pin__nudge--east:visible').click()
  await worker.locator('.rp-pin__nudge--east:visible').click()
  await worker.getByText(/标记离你的定位约 20 米/).waitFor()
  // The picker keeps the size rules: every tap target ≥ 44 px, every text ≥ 14 px.
  expect(await auditPage(worker)).toEqual([])
  // The address follows the pin: the nearest known place for it, from suggest.
  await worker.waitForFunction(() => /娄葑街道 · 娄葑街道第1网格/.test((document.querySelector('.rp-address input') as HTMLInputElement | null)?.value ?? ''))
  await worker.locator('.rp-address input, input.rp-address').first().fill('星港街 18 号人行道')
  await worker.locator('.rp-description textarea, textarea.rp-description').first().fill('电动车停在盲道上')
  await worker.locator('.rp-submit').click()
  await worker.locator('.nx-title', { hasText: '非机动车乱停放' }).waitFor({ timeout: 30_000 })
  await worker.getByText('待受理').first().waitFor()
  const reportId = new URL(worker.url().replace('/#/', '/')).searchParams.get('id') as string
  expect(reportId).toMatch(/^rp/)
  const stored = (await app.db.collection(Collection.reports).doc(reportId).get()).data
  expect(stored).toMatchObject({ gridId: 'grid-lf-1', state: 'submitted', categoryId: 'cat-ebike_parking', address: '星港街 18 号人行道' })
  expect(stored.photos[0]).toMatchObject({ review: 'pending_review' })
  expect(stored.photos[0].fileId).toMatch(/^cloud:\/\/.+\/reports\/[A-Za-z0-9]{24}\/0\.jpg$/)
  // The moved pin is the report's place; the fix it was moved from is kept beside it.
  expect(stored.deviceFix).toMatchObject({ accuracy: 15 })
  expect(Math.abs(distanceM(fromPoint(toGeoPoint(stored.location)), stored.deviceFix) - 20)).toBeLessThan(1)

  // Grid worker: the queue lists it; accept, then dispatch to the default department.
  const { page: grid } = await pageAs('dev-grid-worker', '/reports/pages/queue/index')
  await grid.locator('.rp-queue-item', { hasText: '星港街 18 号人行道' }).locator('.rp-item__body').click()
  await grid.locator('.rp-pin-moved', { hasText: '上报人把位置从手机定位向东挪了约 20 米' }).waitFor({ timeout: 30_000 })
  await grid.locator('.rp-do-accept').click()
  await grid.locator('.nx-tag', { hasText: '已立案' }).waitFor({ timeout: 30_000 })
  await grid.locator('.rp-do-dispatch').click()
  // Nothing preselected: the category's department is marked 建议, and 确定 waits for a choice.
  const suggested = grid.locator('.rp-chip--suggested', { hasText: '园区城市管理局娄葑片区' })
  await suggested.waitFor()
  // The queue page under it (still in the DOM on H5) has its own selected filter chips: count the form's only.
  expect(await grid.locator('.rp-panel .rp-chip--on').count()).toBe(0)
  await grid.locator('.rp-missing', { hasText: '请选择部门' }).waitFor()
  await tapStill(suggested)
  await grid.locator('.rp-chip--on', { hasText: '园区城市管理局娄葑片区' }).waitFor()
  await grid.locator('.rp-confirm-panel').click()
  await grid.locator('.nx-tag', { hasText: '已派单' }).waitFor({ timeout: 30_000 })

  // Department handler: resolve with an after-photo and a note.
  const { page: dept } = await pageAs('dev-department-handler', '/reports/pages/queue/index')
  await dept.locator('.rp-queue-item', { hasText: '星港街 18 号人行道' }).locator('.rp-item__body').click()
  await dept.locator('.rp-do-resolve').click()
  // The minimum is shown before anything is sent.
  await dept.locator('.rp-field-label', { hasText: '至少 2 个字' }).waitFor()
  await dept.locator('.rp-missing', { hasText: '至少拍 1 张照片' }).waitFor()
  await shoot(dept, dept.locator('.rp-shoot').first(), 'after.png', PNG)
  await dept.locator('.rp-note input, input.rp-note').first().fill('已将车辆挪至停车区')
  await dept.locator('.rp-confirm-panel').click()
  await dept.locator('.nx-tag', { hasText: '已处理待确认' }).waitFor({ timeout: 30_000 })

  // Worker: the report shows the after-photo; confirm with 5 stars; the points are there.
  await worker.reload()
  await worker.locator('.rp-do-confirm').click()
  await tapStill(worker.locator('.rp-star-5'))
  await worker.locator('.rp-confirm-panel').click()
  await worker.locator('.nx-tag', { hasText: '已确认解决' }).waitFor({ timeout: 30_000 })
  await worker.locator('.nx-tag', { hasText: '处理后' }).waitFor()
  expect(await worker.locator('.rp-big').innerText()).toBe('+20')
  expect(await balanceOf()).toBe(before + 20)
  await worker.getByText('查看我的积分').click()
  await worker.locator('.pb-balance__points').waitFor({ timeout: 30_000 })
  expect(Number(await worker.locator('.pb-balance__points').innerText())).toBe(before + 20)

  // The history is complete and replays to the stored state.
  const events = (await app.db.collection(Collection.reportEvents).where({ reportId }).orderBy('seq', 'asc').get()).data
  expect(events.map((e: { kind: string }) => e.kind)).toEqual(['submit', 'accept', 'dispatch', 'resolve', 'confirm'])
  expect(stateFromEvents(events)).toBe('confirmed')

  // A bystander sees the report and its history, never who reported it.
  const { page: bystander } = await pageAs('dev-party-member', `/reports/pages/detail/index?id=${reportId}`)
  await bystander.getByText('办理记录').waitFor({ timeout: 30_000 })
  const text = await bystander.locator('body').innerText()
  expect(text).toContain('上报人')
  expect(text).not.toContain('骑手小王')
  expect(text).not.toContain('我上报的')
  expect(text).not.toContain('积分已存入')

  // The same bystander on the 随手拍 tab: 附近的问题 lists it with its status on the offline plot, no reporter.
  const { page: tab } = await pageAs('dev-party-member', '/pages/report/index')
  await tab.locator('.rp-nearby-locate').click()
  await agreePrivacy(tab)
  const row = tab.locator('.rp-nearby-item', { hasText: '非机动车乱停放' }).first()
  await row.locator('.nx-tag', { hasText: '已确认解决' }).waitFor({ timeout: 30_000 })
  await tab.locator('svg[aria-label="附近问题示意图"]').waitFor()
  expect(await tab.locator('.nx-card', { hasText: '附近的问题' }).innerText()).not.toContain('骑手小王')
})
