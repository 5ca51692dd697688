/**
 * The two public loops of issue 13 by tapping the H5 build in headless Chromium against a live emulator
 * with the demo data. Wishes: a rider posts a wish, the street's dispatcher screens it from the workbench,
 * a Party member claims it on the wall, marks contacted and delivers with a photo receipt, the rider
 * confirms, and the member sees the points on the 存折 tab. Suggestions: a rider posts one, another
 * rider +1s it, the dispatcher answers "adopted" (owner department, promised date, reply from a
 * template) then "solved", and the public board shows it solved and counts it.
 */
import type { Page } from 'playwright-core'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { Collection } from '../../src/core/collections'
import type { FiguresAnswer } from '../../src/suggestions/contract'
import { launchBrowser, type Browser } from './support/browser'
import { startH5App, type H5App } from './support/h5-app'
import { openTab, signInAs, visible, visibleText } from './support/taps'

jest.setTimeout(300_000)

const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')

let app: H5App
let browser: Browser | undefined

beforeAll(async () => {
  app = await startH5App({ functions: ['users', 'stations', 'passbook', 'wishes', 'suggestions'] })
})

afterEach(async () => {
  await browser?.close()
  browser = undefined
})

afterAll(async () => {
  await app?.close()
})

/** A fresh browser on the home tab as `nickname` (the previous person's browser closed first). */
async function as(nickname: string): Promise<Page> {
  await browser?.close()
  browser = await launchBrowser({ timezoneId: 'UTC' })
  await browser.page.goto(`${app.url}/#/pages/stations/index`)
  await signInAs(browser.page, nickname)
  return browser.page
}

function expectClean() {
  expect(browser?.errors).toEqual([])
  expect(browser?.blocked).toEqual([])
}

async function choosePhoto(page: Page, trigger: string) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), visibleText(page, trigger).click()])
  await chooser.setFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: PHOTO })
}

test('wish: post → screen → claim → contacted → delivered with photo → confirmed → the member sees the points', async () => {
  const title = '冬天送单用的厚手套'
  // The rider posts from 我的 → 微心愿.
  let page = await as('骑手小王')
  await openTab(page, '我的')
  await visibleText(page, '微心愿').click()
  await visibleText(page, '许个心愿').click()
  // The wall (kept hidden underneath) has its own 衣物御寒 chip: wait for the form, then tap the form's chip (with its icon).
  await visible(page, 'input[placeholder="例如：一件冬天的棉衣"]').fill(title)
  await visibleText(page, /🧥/).click()
  await visible(page, 'textarea').first().fill('骑车送单手冻得发麻，想要一副防水保暖手套')
  await visibleText(page, '娄葑街道').click()
  await visible(page, 'input[placeholder="例如：金鸡湖社区（不要写门牌号）"]').fill('金鸡湖社区')
  await visibleText(page, '提交心愿').click()
  await visibleText(page, '待审核').first().waitFor({ timeout: 30_000 })
  const wish = (await app.db.collection(Collection.wishes).where({ title }).get()).data[0] as { _id: string; beneficiaryId: string; categoryId: string; street: string; community: string }
  expect(wish).toMatchObject({ beneficiaryId: userIdFor('dev-worker'), categoryId: 'clothing', street: 'street-lf', community: '金鸡湖社区' })
  expectClean()

  // The street's dispatcher opens it from the workbench and passes it onto the wall.
  page = await as('街道派单员赵敏')
  await visible(page, '[aria-label^="待审核的微心愿"]').click()
  await visible(page, '.nx-card', { hasText: title }).first().click()
  await visibleText(page, '通过并上墙').click()
  await visibleText(page, '待认领').first().waitFor({ timeout: 30_000 })
  expectClean()

  // The Party member finds it on the wall, claims, marks contacted, delivers with a photo.
  page = await as('党员骑手老李')
  await openTab(page, '我的')
  await visibleText(page, '微心愿').click()
  await visible(page, '.nx-card', { hasText: title }).first().click()
  await visibleText(page, '我来认领').click()
  await visibleText(page, '已联系许愿人').click()
  await visibleText(page, '已联系').first().waitFor({ timeout: 30_000 })
  await choosePhoto(page, '拍照标记送达')
  await visibleText(page, '已送达待确认').first().waitFor({ timeout: 30_000 })
  expectClean()

  // The rider confirms from 我的心愿.
  page = await as('骑手小王')
  await openTab(page, '我的')
  await visibleText(page, '微心愿').click()
  await visibleText(page, '我的心愿').click()
  await visible(page, '.nx-card', { hasText: title }).first().click()
  await visibleText(page, '确认收到').click()
  await visibleText(page, '已圆梦').first().waitFor({ timeout: 30_000 })
  expectClean()

  // The member sees the points on 存折.
  page = await as('党员骑手老李')
  await openTab(page, '存折')
  await visibleText(page, new RegExp(`完成微心愿：${title}`)).first().waitFor({ timeout: 30_000 })
  const entries = (await app.db.collection(Collection.ledger).where({ 'source.id': wish._id }).get()).data as Array<{ userId: string; delta: number }>
  expect(entries).toHaveLength(1)
  expect(entries[0]).toMatchObject({ userId: userIdFor('dev-party-member') })
  expect(entries[0].delta).toBeGreaterThan(0)
  expectClean()
})

test('suggestion: posted, +1 by another rider, answered adopted then solved, on the board and counted', async () => {
  const text = '东港路外卖取餐点需要一个遮阳避雨棚'
  const before = await app.devCall<FiguresAnswer>('suggestions', 'dev-worker', { action: 'figures', payload: { days: 30 } })

  let page = await as('骑手小王')
  await openTab(page, '我的')
  await visibleText(page, '建议公示').click()
  await visibleText(page, '提个建议').click()
  await visible(page, 'input[placeholder="例如：金鸡湖路美食街北口"]').waitFor()
  await visible(page, 'textarea').first().fill(text)
  await visible(page, 'input[placeholder="例如：金鸡湖路美食街北口"]').fill('东港路与星港街路口')
  // The street chip of this form: the 我的 row and the board card beneath it also say 娄葑街道 while the page slides in.
  await visible(page, '.wi-chip', { hasText: '娄葑街道' }).click()
  await visibleText(page, '提交建议').click()
  await visibleText(page, '已收到').first().waitFor({ timeout: 30_000 })
  expectClean()

  page = await as('惠济骑手小刘')
  await openTab(page, '我的')
  await visibleText(page, '建议公示').click()
  await visible(page, '.nx-card', { hasText: text }).first().click()
  await visibleText(page, '+1 支持（0）').click()
  await visibleText(page, '已 +1（1）').waitFor({ timeout: 30_000 })
  expectClean()

  page = await as('街道派单员赵敏')
  await visible(page, '[aria-label^="待答复的建议"]').click()
  await visible(page, '.nx-card', { hasText: text }).first().click()
  const panel = visible(page, '.nx-card', { hasText: '答复（街道工作人员）' })
  await panel.locator('.wi-chip', { hasText: '娄葑片区' }).first().click()
  await visibleText(page, /^责任部门：/).first().waitFor({ timeout: 30_000 })
  await panel.getByText('采纳并排期', { exact: true }).click()
  await visible(page, 'input[placeholder="YYYY-MM-DD"]').fill('2027-01-31')
  await panel.getByText('采纳', { exact: true }).click()
  await visibleText(page, /承诺 2027-01-31 前完成/).first().waitFor({ timeout: 30_000 })
  await panel.getByText('已办结', { exact: true }).click()
  await panel.getByText('标记已解决', { exact: true }).click()
  await visibleText(page, '已解决').first().waitFor({ timeout: 30_000 })
  expectClean()

  // Anyone: the board shows it solved with the reply, and the figures count it.
  page = await as('惠济骑手小刘')
  await openTab(page, '我的')
  await visibleText(page, '建议公示').click()
  const card = visible(page, '.nx-card', { hasText: text }).first()
  await card.getByText('已解决', { exact: true }).waitFor({ timeout: 30_000 })
  await card.getByText(/街道答复：您建议的事项已办结/).waitFor()
  const after = await app.devCall<FiguresAnswer>('suggestions', 'dev-worker', { action: 'figures', payload: { days: 30 } })
  expect(after.total.received).toBe(before.total.received + 1)
  expect(after.total.solved).toBe(before.total.solved + 1)
  expect(after.total.adopted).toBe(before.total.adopted + 1)
  const figures = visible(page, '.nx-card', { hasText: '近 30 天' })
  await figures.locator('.wi-figure', { hasText: '已解决' }).getByText(String(after.total.solved), { exact: true }).waitFor()
  expectClean()
})
