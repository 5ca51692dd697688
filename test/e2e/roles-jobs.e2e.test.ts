/**
 * Every role finishes its main job by tapping visible controls on the H5 build, in headless Chromium
 * with the device in UTC, against a live emulator with the demo data. After the first page load nothing
 * navigates by URL and nothing calls app code from the test: identities change through the dev role
 * switcher, data is found through the UI (first item of a list) where it can be. Setup through the
 * emulator's dev route only creates what a job needs to exist beforehand (a printed code, a join
 * request, a pickup code, points); what is checked is what the person sees, and what was stored.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { DEMO_TEAM_ID } from '../../scripts/seed/volunteers-data'
import { Collection } from '../../src/core/collections'
import { gcj02ToWgs84, offsetM } from '../../src/core/geo'
import { launchBrowser, type Browser } from './support/browser'
import { startH5App, type H5App } from './support/h5-app'
import { scanPicture, stationCodePicture } from './support/scan'
import { agreePrivacy, chinaClock, openTab, shoot, signInAs, tapStill, visible, visibleText } from './support/taps'

jest.setTimeout(240_000)

// A tiny PNG standing in for a camera picture (the file chooser is the camera on H5).
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

type Point = { lng: number; lat: number }

let app: H5App
let dir: string
let browser: Browser | undefined

beforeAll(async () => {
  app = await startH5App({ functions: ['users', 'stations', 'checkins', 'passbook', 'reports', 'volunteers', 'services'] })
  dir = mkdtempSync(path.join(os.tmpdir(), 'nx-roles-'))
})

afterEach(async () => {
  await browser?.close()
  browser = undefined
})

afterAll(async () => {
  await app?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** A fresh browser in UTC standing at `at` (GCJ-02, as the data stores it), on the home tab as `nickname`. */
async function start(nickname: string, at?: Point): Promise<Page> {
  const wgs = at ? gcj02ToWgs84(at) : undefined
  browser = await launchBrowser({ timezoneId: 'UTC', geolocation: wgs ? { longitude: wgs.lng, latitude: wgs.lat } : undefined })
  const { page } = browser
  await page.goto(`${app.url}/#/pages/stations/index`)
  await signInAs(page, nickname)
  return page
}

function pointOf(doc: { location: { longitude?: number; latitude?: number; coordinates?: number[] } }): Point {
  const l = doc.location
  return { lng: l.longitude ?? (l.coordinates as number[])[0], lat: l.latitude ?? (l.coordinates as number[])[1] }
}

/** The first seeded place of a type, open around the clock so the test does not depend on the hour it runs. */
async function openPlace(type: 'station' | 'report_point'): Promise<{ id: string; name: string; at: Point }> {
  const doc = (await app.db.collection(Collection.stations).where({ type }).limit(1).get()).data[0]
  await app.db.collection(Collection.stations).doc(doc._id).update({ data: { liveStatus: 'open', liveStatusUntil: null, hours: { always: true } } })
  return { id: doc._id, name: doc.name, at: pointOf(doc) }
}

function expectClean() {
  expect(browser?.errors).toEqual([])
  expect(browser?.blocked).toEqual([])
}

describe('rider', () => {
  test('finds the nearest station and checks in there through a picture of its code; the time shown is China time', async () => {
    const station = await openPlace('station')
    const code = await stationCodePicture(app.devCall, 'dev-admin', station.id, dir)
    const page = await start('骑手小王', offsetM(station.at, 30, 0))

    await visibleText(page, '用我的位置找驿站').click()
    await agreePrivacy(page)
    await visibleText(page, '已获取你的位置').waitFor()
    const first = visible(page, '.st-card').first()
    await first.getByText(station.name).waitFor()
    await first.click()
    await visible(page, '.nx-title', { hasText: station.name }).waitFor()

    // The detail page's own 扫码报到 (its footer): the page on top is the last one mounted.
    await scanPicture(page, visibleText(page, '扫码报到').last(), code)
    await visible(page, '.ck-station__name', { hasText: station.name }).waitFor()
    await visibleText(page, '确认报到').click()
    const done = visible(page, '.ck-done')
    await done.getByText('到访成功，欢迎来到驿站').waitFor()

    const stored = (await app.db.collection(Collection.checkins).where({ userId: userIdFor('dev-worker'), stationId: station.id }).get()).data
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ purpose: 'visit', entryMethod: 'scan_code' })
    // The browser is in UTC; the moment on screen is the China wall clock of the stored instant.
    expect(await done.innerText()).toContain(`今天 ${chinaClock(stored[0].at)}`)
    expectClean()
  })

  test('files a 随手拍 report with a photo from inside a grid', async () => {
    const grid = (await app.db.collection(Collection.grids).limit(1).get()).data[0] as { _id: string; name: string; bbox: number[] }
    const at = { lng: (grid.bbox[0] + grid.bbox[2]) / 2, lat: (grid.bbox[1] + grid.bbox[3]) / 2 }
    const page = await start('骑手小王', at)

    await openTab(page, '随手拍')
    await visibleText(page, '📷 拍照上报问题').click()
    await agreePrivacy(page)
    const category = visible(page, '.rp-cat').first()
    const categoryName = (await category.innerText()).trim()
    await category.click()
    await shoot(page, visible(page, '.rp-shoot').first(), 'problem.png', PHOTO)
    await visible(page, '.rp-photo').first().waitFor()
    await visibleText(page, new RegExp(`按位置分到网格：${grid.name}`)).waitFor({ timeout: 30_000 })
    await visible(page, '.rp-address input, input.rp-address').first().fill('端到端测试路 1 号')
    await visible(page, '.rp-description textarea, textarea.rp-description').first().fill('人行道上堆满了杂物')
    await visible(page, '.rp-submit').click()
    await visibleText(page, '待受理').first().waitFor({ timeout: 30_000 })

    const stored = (await app.db.collection(Collection.reports).where({ address: '端到端测试路 1 号' }).get()).data
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ gridId: grid._id, state: 'submitted', reporterId: userIdFor('dev-worker') })
    expect(categoryName).toContain((await visible(page, '.nx-title').first().innerText()).trim())
    expectClean()
  })

  test('redeems the first reward in the catalogue and sees the pickup code', async () => {
    await app.devCall('passbook', 'dev-admin', { action: 'adjust', payload: { userId: userIdFor('dev-worker'), points: 500, reason: '端到端测试：志愿服务积分', idempotencyKey: 'e2e-roles-rider-redeem' } })
    const page = await start('骑手小王')

    await openTab(page, '存折')
    await visibleText(page, '兑换礼品').click()
    // The first reward the rider can take: its button reads 兑换 (others say why not).
    await visibleText(page, /^我的积分：\d+/).waitFor()
    await visible(page, '.nx-card').getByText('兑换', { exact: true }).first().click()
    await visibleText(page, '确认兑换').waitFor()
    await visibleText(page, '兑换').last().click()
    const code = (await visible(page, '.pb-code').innerText({ timeout: 30_000 })).replace(/\s/g, '')
    expect(code).toMatch(/^\d{10}$/)

    const stored = (await app.db.collection(Collection.redemptions).where({ userId: userIdFor('dev-worker'), pickupCode: code }).get()).data
    expect(stored).toHaveLength(1)
    expect(stored[0].state).toBe('pending')
    expectClean()
  })
})

describe('Party member', () => {
  test('报到 at a report point through a picture of its code', async () => {
    const point = await openPlace('report_point')
    const code = await stationCodePicture(app.devCall, 'dev-admin', point.id, dir)
    const page = await start('党员骑手老李', offsetM(point.at, 25, 0))

    await visibleText(page, '党员报到').click()
    await visibleText(page, '流动党员报到').waitFor()
    // The party page's own 扫码报到, not the home tab's still fading out: the page on top is mounted last.
    await scanPicture(page, visibleText(page, '扫码报到').last(), code)
    await visible(page, '.ck-station__name', { hasText: point.name }).waitFor()
    await visibleText(page, '确认党员报到').click()
    await agreePrivacy(page)
    await visible(page, '.ck-done').waitFor({ timeout: 30_000 })

    const stored = (await app.db.collection(Collection.checkins).where({ userId: userIdFor('dev-party-member'), stationId: point.id }).get()).data
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ purpose: 'party_report', entryMethod: 'scan_code' })
    expectClean()
  })
})

describe('captain', () => {
  test('approves a join request from the roster screen', async () => {
    await app.devCall('volunteers', 'dev-worker', { action: 'requestJoin', payload: { teamId: DEMO_TEAM_ID, note: '周末有空' } })
    const page = await start('先锋队长张师傅')

    await openTab(page, '我的')
    await visibleText(page, '志愿服务队').click()
    await visible(page, '.vol-card', { hasText: '我是队长' }).filter({ hasText: /入队申请|我是队长/ }).first().waitFor()
    // The team with the request: its card leads to the roster, whose button counts waiting requests.
    const team = (await app.db.collection(Collection.teams).doc(DEMO_TEAM_ID).get()).data as { name: string }
    await visible(page, '.vol-card', { hasText: team.name }).first().click()
    await visible(page, '.vol-manage', { hasText: '入队申请待处理' }).click()
    const request = visible(page, '.vol-request', { hasText: '骑手小王' })
    await request.getByText('周末有空', { exact: false }).waitFor()
    await request.locator('.vol-approve').click()
    await visibleText(page, '已同意 骑手小王 入队').waitFor()

    const member = (await app.db.collection(Collection.teamMembers).where({ teamId: DEMO_TEAM_ID, userId: userIdFor('dev-worker') }).get()).data
    expect(member.map((m: { state: string }) => m.state)).toEqual(['member'])
    expectClean()
  })
})

describe('station manager', () => {
  test('closes a managed station for an hour', async () => {
    const page = await start('驿站管理员刘姐')
    await visibleText(page, '我管理的驿站').click()
    const row = visible(page, '.st-manage-row').first()
    const name = (await row.locator('.st-card__name').innerText()).trim()
    await row.click()
    const live = visible(page, '.nx-card', { hasText: '实时状态' })
    await live.getByText('1 小时后恢复').click()
    await live.getByText('已关闭', { exact: true }).click()
    await live.getByText(/暂停开放，预计.+恢复/).waitFor({ timeout: 30_000 })
    const station = (await app.db.collection(Collection.stations).where({ name }).get()).data[0]
    expect(station.liveStatus).toBe('closed')
    expect(new Date(station.liveStatusUntil).getTime()).toBeGreaterThan(Date.now())
    expectClean()
  })

  test('fulfils the pickup code a customer shows; the time shown is China time', async () => {
    // Another person than the rider test's, so a reward's per-person daily limit never ties the tests together.
    const customer = 'dev-party-member'
    await app.devCall('passbook', 'dev-admin', { action: 'adjust', payload: { userId: userIdFor(customer), points: 500, reason: '端到端测试：志愿服务积分', idempotencyKey: 'e2e-roles-manager' } })
    const catalogue = await app.devCall<Array<{ id: string; name: string; stations: Array<{ id: string }> }>>('passbook', customer, { action: 'catalogue', payload: {} })
    const reward = catalogue.find((r) => r.stations.some((s) => s.id === 'st-lf-001')) ?? catalogue[0]
    const redemption = await app.devCall<{ pickupCode: string }>('passbook', customer, { action: 'redeem', payload: { rewardId: reward.id, idempotencyKey: 'e2e-roles-manager-redeem' } })
    const page = await start('驿站管理员刘姐')

    // 存折 → 扫码核销, type the code the customer shows, confirm.
    await openTab(page, '存折')
    await visibleText(page, '扫码核销').click()
    await visibleText(page, '核销站点').waitFor()
    await visible(page, 'input[placeholder="输入 10 位取货码"]').fill(redemption.pickupCode)
    await visibleText(page, '确认核销').click()
    const result = visible(page, '.pb-result--ok')
    await result.waitFor({ timeout: 30_000 })
    const stored = (await app.db.collection(Collection.redemptions).where({ pickupCode: redemption.pickupCode }).get()).data[0]
    expect(stored.state).toBe('fulfilled')
    expect(await result.innerText()).toContain(`今天 ${chinaClock(stored.fulfilledAt)}`)
    expect(await result.innerText()).toContain(reward.name)
    expectClean()
  })
})

describe('report staff', () => {
  /** From the 随手拍 tab into the queue, filtered by a state chip, and into its first report. */
  async function openFirstInQueue(page: Page, state: string): Promise<string> {
    await openTab(page, '随手拍')
    await visibleText(page, '打开待办队列').click()
    await visible(page, '.rp-chip', { hasText: state }).first().click()
    const item = visible(page, '.rp-queue-item', { hasText: state }).first()
    await item.waitFor({ timeout: 30_000 })
    await item.locator('.rp-item__body').click()
    await visible(page, '.rp-actions').waitFor({ timeout: 30_000 })
    return new URL(page.url().replace('/#/', '/')).searchParams.get('id') as string
  }

  test('grid worker opens a new report in a grid of theirs and accepts it', async () => {
    const page = await start('网格员陈晨')
    const id = await openFirstInQueue(page, '待受理')
    await visible(page, '.rp-do-accept').click()
    await visible(page, '.nx-tag', { hasText: '已立案' }).first().waitFor({ timeout: 30_000 })
    const stored = (await app.db.collection(Collection.reports).doc(id).get()).data
    expect(stored.state).toBe('accepted')
    expect(['grid-lf-1', 'grid-lf-2']).toContain(stored.gridId)
    expectClean()
  })

  test('street dispatcher chooses a department (none preselected) and dispatches an accepted report', async () => {
    const page = await start('街道派单员赵敏')
    const id = await openFirstInQueue(page, '已立案')
    await visible(page, '.rp-do-dispatch').click()
    const panel = visible(page, '.nx-card', { hasText: '派给哪个部门' })
    const first = panel.locator('.rp-chip').first()
    await first.waitFor()
    expect(await panel.locator('.rp-chip--on').count()).toBe(0)
    // Without a choice the form says what is missing and 确定 sends nothing.
    await panel.locator('.rp-missing', { hasText: '请选择部门' }).waitFor()
    await panel.locator('.rp-confirm-panel').click()
    expect((await app.db.collection(Collection.reports).doc(id).get()).data.state).toBe('accepted')

    const department = (await first.innerText()).trim()
    await tapStill(first)
    await panel.locator('.rp-chip--on', { hasText: department }).waitFor()
    await panel.locator('.rp-confirm-panel').click()
    await visible(page, '.nx-tag', { hasText: '已派单' }).first().waitFor({ timeout: 30_000 })
    const stored = (await app.db.collection(Collection.reports).doc(id).get()).data
    expect(stored.state).toBe('dispatched')
    expect(stored.departmentId).toBeTruthy()
    expectClean()
  })

  test('department handler starts a dispatched report and resolves it with a photo and a note', async () => {
    const page = await start('城管队员孙强')
    const id = await openFirstInQueue(page, '已派单')
    await visible(page, '.rp-do-start').click()
    await visible(page, '.nx-tag', { hasText: '处理中' }).first().waitFor({ timeout: 30_000 })
    await visible(page, '.rp-do-resolve').click()
    await shoot(page, visible(page, '.rp-shoot').first(), 'after.png', PHOTO)
    await visible(page, '.rp-note input, input.rp-note').first().fill('已清理完毕，现场恢复通行')
    await visible(page, '.rp-confirm-panel').click()
    await visible(page, '.nx-tag', { hasText: '已处理待确认' }).first().waitFor({ timeout: 30_000 })
    const stored = (await app.db.collection(Collection.reports).doc(id).get()).data
    expect(stored.state).toBe('resolved')
    expect(stored.photos.some((p: { kind?: string }) => p.kind === 'after')).toBe(true)
    expectClean()
  })
})

describe('admin', () => {
  test('approves the first pending Party-member application', async () => {
    const page = await start('街道管理员周主任')
    await visibleText(page, '党员审核').click()
    const card = visible(page, '.nx-card').filter({ has: page.getByText('通过', { exact: true }) }).first()
    await card.waitFor({ timeout: 30_000 })
    const nickname = (await card.locator('.nx-card__title').first().innerText()).trim()
    const before = (await app.db.collection(Collection.partyApplications).where({ status: 'pending' }).count()).total as number
    await card.getByText('通过', { exact: true }).click()
    await visible(page, '.nx-card', { hasText: nickname }).waitFor({ state: 'detached', timeout: 30_000 }).catch(async () => {
      await visible(page, '.nx-card', { hasText: nickname }).waitFor({ state: 'hidden', timeout: 30_000 })
    })
    const after = (await app.db.collection(Collection.partyApplications).where({ status: 'pending' }).count()).total as number
    expect(after).toBe(before - 1)
    expectClean()
  })

  test('raises a point rule\'s daily cap and restocks a reward, each with a reason typed inline', async () => {
    const page = await start('街道管理员周主任')
    await openTab(page, '存折')
    await visibleText(page, '积分管理').click()
    const row = visible(page, '.pb-dense').filter({ has: page.locator('.pb-field__label', { hasText: '日上限' }) }).first()
    await row.waitFor({ timeout: 30_000 })
    const label = (await row.locator('.nx-row__label').innerText()).trim()
    const rule = (await app.db.collection(Collection.pointRules).where({ label }).limit(1).get()).data[0]
    const cap = (rule.dailyCap as number) + 7
    await row.locator('.pb-field', { hasText: '日上限' }).locator('input').fill(String(cap))
    await row.getByText('保存', { exact: true }).click()
    await row.locator('.nx-reason input').fill('端到端测试：提高日上限')
    await row.getByText('保存规则', { exact: true }).click()
    await row.locator('.nx-reason').waitFor({ state: 'detached', timeout: 30_000 })
    expect((await app.db.collection(Collection.pointRules).doc(rule._id).get()).data.dailyCap).toBe(cap)

    const reward = visible(page, '.pb-reward').filter({ has: page.getByText('补货 10', { exact: true }) }).first()
    const name = (await reward.locator('.nx-row__label').innerText()).split(' · ')[0].trim()
    const stored = (await app.db.collection(Collection.rewards).where({ name }).limit(1).get()).data[0]
    await reward.getByText('补货 10', { exact: true }).click()
    await reward.locator('.nx-reason input').fill('端到端测试：新到一批')
    await reward.getByText('补货 10 件', { exact: true }).click()
    await reward.locator('.nx-reason').waitFor({ state: 'detached', timeout: 30_000 })
    expect((await app.db.collection(Collection.rewards).doc(stored._id).get()).data.stock).toBe((stored.stock as number) + 10)
    expectClean()
  })
})
