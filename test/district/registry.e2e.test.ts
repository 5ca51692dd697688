/**
 * The 娄葑 street officer keeps 一企一档 by tapping, on the H5 build in headless Chromium (UTC) against a
 * live emulator with the demo data: from the home workbench into the district workbench, adds an
 * enterprise, assigns an instructor by editing it (the history shows the change), confirms the dev Party
 * member's registration, sees the 五个清 figures move, exports the ledger, opens the dashboard for last
 * month with its trend charts and views the coverage gaps (十分钟暖新服务圈). What is checked is what the
 * officer sees and what was stored.
 */
import { Collection } from '../../src/core/collections'
import type { CoverageView, DashboardView } from '../../src/district/contract'
import { changeText, percentText } from '../../src/district/dashboard'
import { formatShare } from '../../src/district/coverage-rules'
import type { EnterpriseDoc, EnterpriseHistoryDoc } from '../../src/district/model'
import { launchBrowser, type Browser } from '../e2e/support/browser'
import { startH5App, type H5App } from '../e2e/support/h5-app'
import { signInAs, visible, visibleText } from '../e2e/support/taps'
import { auditPage } from '../e2e/support/ui-audit'
import type { Page } from 'playwright-core'

jest.setTimeout(240_000)

let app: H5App
let browser: Browser | undefined

beforeAll(async () => {
  app = await startH5App({ functions: ['users', 'district', 'stations', 'checkins'] })
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** The number above a figure's label on the workbench's 五个清 card. */
async function figure(page: Page, label: string): Promise<number> {
  const cell = visible(page, '.dt-figure', { hasText: label }).first()
  await cell.waitFor({ timeout: 30_000 })
  return Number(await cell.locator('.dt-figure__num').innerText())
}

/** Re-reads a figure until it shows `expected` (the workbench re-reads after the decision), or fails with the last value. */
async function figureBecomes(page: Page, label: string, expected: number): Promise<void> {
  let last = NaN
  await page
    .waitForFunction(
      ([l, e]) => Array.from(document.querySelectorAll('.dt-figure')).some((el) => (el as HTMLElement).offsetParent !== null && el.textContent?.includes(String(l)) && el.querySelector('.dt-figure__num')?.textContent === String(e)),
      [label, expected] as const,
      { timeout: 30_000 },
    )
    .catch(async () => {
      last = await figure(page, label)
    })
  expect({ label, value: Number.isNaN(last) ? expected : last }).toEqual({ label, value: expected })
}

async function fill(page: Page, label: string, value: string): Promise<void> {
  await visible(page, `[aria-label="${label}"] input, input[aria-label="${label}"]`).first().fill(value)
}

test('a street officer adds an enterprise, assigns an instructor, confirms a Party member and exports the ledger', async () => {
  browser = await launchBrowser({ timezoneId: 'UTC', viewport: { width: 390, height: 844 } })
  const { page } = browser
  await page.goto(`${app.url}/#/pages/stations/index`)
  await signInAs(page, '娄葑街道党建干事沈洁')
  await visible(page, '.wb-row', { hasText: '待确认的党员企业登记' }).click()

  const enterprisesBefore = await figure(page, '企业清')
  const confirmedBefore = await figure(page, '确认党员')
  const instructorsBefore = await figure(page, '党建指导员')
  expect(await auditPage(page)).toEqual([])

  // A new record.
  await visibleText(page, '新建企业档案').click()
  await visibleText(page, '新建企业档案').last().waitFor()
  await fill(page, '企业（站点）名称', '叮咚买菜娄葑前置仓')
  await visibleText(page, '加盟配送站点').click()
  await fill(page, '地址', '娄葑街道民生路 88 号')
  await fill(page, '从业人员数', '46')
  await fill(page, '工会会员数', '12')
  expect(await auditPage(page)).toEqual([])
  await visibleText(page, '建档').click()
  await visible(page, '.nx-title', { hasText: '叮咚买菜娄葑前置仓' }).waitFor({ timeout: 30_000 })
  await visibleText(page, '第 1 版 · 建档').waitFor()

  // An instructor is assigned: the status and the name change together, and the history says so.
  await visibleText(page, '派驻党建指导员').click()
  await fill(page, '党建指导员', '陆文静')
  await visibleText(page, '保存修改').click()
  await visibleText(page, '已保存，修改记录已留存').waitFor({ timeout: 30_000 })
  await visibleText(page, '第 2 版 · 修改').waitFor({ timeout: 30_000 })
  await visibleText(page, '党建指导员：（空） → 陆文静').waitFor()
  await visibleText(page, '党组织覆盖方式：尚未覆盖 → 派驻党建指导员').waitFor()
  const stored = (await app.db.collection(Collection.enterprises).where({ name: '叮咚买菜娄葑前置仓' }).get()).data as EnterpriseDoc[]
  expect(stored).toHaveLength(1)
  expect(stored[0]).toMatchObject({ street: 'street-lf', workers: 46, unionMembers: 12, orgStatus: 'instructor_assigned', instructor: '陆文静', version: 2 })
  const history = (await app.db.collection(Collection.enterpriseHistory).where({ enterpriseId: stored[0]._id }).get()).data as EnterpriseHistoryDoc[]
  expect(history.map((h) => h.version).sort()).toEqual([1, 2])
  expect(await auditPage(page)).toEqual([])

  // Back on the workbench: the dev Party member's registration waits; confirming it moves the figures.
  await page.goBack()
  const pending = visible(page, '.dt-item', { hasText: '党员骑手老李' })
  await pending.waitFor({ timeout: 30_000 })
  await pending.getByText('确认是本企业党员', { exact: true }).click()
  await pending.waitFor({ state: 'detached', timeout: 30_000 })
  await figureBecomes(page, '确认党员', confirmedBefore + 1)
  await figureBecomes(page, '企业清', enterprisesBefore + 1)
  expect(await figure(page, '党建指导员')).toBe(instructorsBefore + 1)
  const link = (await app.db.collection(Collection.enterpriseLinks).where({ status: 'confirmed' }).get()).data as Array<{ enterpriseId: string }>
  expect(link.map((l) => l.enterpriseId)).toEqual(['ent-lf-001'])

  // The ledger as Excel: one street and the total.
  await visibleText(page, '导出五个清台账').click()
  await visibleText(page, /^已生成 五个清-\d{8}-\d{4}\.xlsx（2 行）$/).waitFor({ timeout: 30_000 })
  expect(await auditPage(page)).toEqual([])

  // The dashboard for last month, compared with the month before.
  await visibleText(page, '上个月').click()
  const now = new Date(Date.now() + 8 * 3_600_000)
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7)
  const meta = visibleText(page, new RegExp(`^${lastMonth}-01 至 ${lastMonth}-\\d{2}，括号内为与前一时段`))
  await meta.waitFor({ timeout: 30_000 })
  const [from, to] = (await meta.innerText()).match(/\d{4}-\d{2}-\d{2}/g) as string[]
  const board = await app.devCall<DashboardView>('district', 'dev-street-officer', { action: 'dashboard', payload: { from, to } })
  await visible(page, '.nx-row', { hasText: '驿站到访' }).getByText(`${board.current.visits}（${changeText(board.current.visits, board.previous.visits)}）`, { exact: true }).waitFor()
  await visible(page, '.nx-row', { hasText: '响应率' }).getByText(new RegExp(`^${percentText(board.current.rates.response).replace('.', '\\.')}（`)).waitFor()
  await visible(page, '.nx-row', { hasText: '办结用时中位数' }).waitFor()
  // The month's trends under the figures: one segment between each two days, the first and last day
  // labelled, drawn inside the plot, and the totals in words equal to the function's for the same month.
  const monthDays = new Date(Date.UTC(Number(lastMonth.slice(0, 4)), Number(lastMonth.slice(5, 7)), 0)).getUTCDate()
  const sum = (k: 'received' | 'resolved' | 'visits') => board.days.reduce((n, d) => n + d[k], 0)
  await visibleText(page, `共 ${monthDays} 天，随手拍收到合计 ${sum('received')}，随手拍办结合计 ${sum('resolved')}`).waitFor({ timeout: 30_000 })
  await visibleText(page, `共 ${monthDays} 天，驿站到访合计 ${sum('visits')}`).waitFor()
  // Each chart as drawn: the visible plot of that id (Taro's H5 router keeps pages it left in the DOM, hidden).
  const charts = () =>
    page.evaluate(() =>
      ['dt-trend-reports', 'dt-trend-visits'].map((id) => {
        const plot = Array.from(document.querySelectorAll(`[id="${id}"]`)).find((el) => (el as HTMLElement).offsetParent !== null)
        const box = plot?.getBoundingClientRect()
        const segs = Array.from(plot?.querySelectorAll('.dt-trend__seg') ?? []).map((s) => s.getBoundingClientRect())
        return {
          id,
          segments: segs.length,
          inside: !!box && segs.every((r) => r.width > 0 && r.left >= box.left - 3 && r.right <= box.right + 3 && r.top >= box.top - 3 && r.bottom <= box.bottom + 3),
          days: Array.from(plot?.querySelectorAll('.dt-trend__day') ?? []).map((d) => d.textContent),
        }
      }),
    )
  await page.waitForFunction((n) => Array.from(document.querySelectorAll('[id="dt-trend-visits"]')).some((el) => el.querySelectorAll('.dt-trend__seg').length === n), monthDays - 1, { timeout: 30_000 }).catch(() => undefined)
  const drawn = await charts()
  const first = `${Number(lastMonth.slice(5, 7))}/1`
  const last = `${Number(lastMonth.slice(5, 7))}/${monthDays}`
  for (const [k, chart] of drawn.entries()) {
    expect(chart).toMatchObject({ id: ['dt-trend-reports', 'dt-trend-visits'][k], segments: (monthDays - 1) * (k === 0 ? 2 : 1), inside: true })
    expect([chart.days[0], chart.days.at(-1)]).toEqual([first, last])
  }
  expect(await auditPage(page)).toEqual([])
  // The month's figures as Excel: a row per day and the two totals.
  await visibleText(page, '导出数据看板（上个月）').click()
  await visibleText(page, new RegExp(`^已生成 数据看板-\\d{8}-\\d{4}\\.xlsx（${monthDays + 2} 行）$`)).waitFor({ timeout: 30_000 })

  // The coverage gaps of the street: the figures and the ranked list are the function's answer for the same period.
  await visibleText(page, '查看覆盖缺口').click()
  await visible(page, '.nx-title', { hasText: '十分钟暖新服务圈' }).waitFor({ timeout: 30_000 })
  const day = (ago: number) => new Date(Date.now() + 8 * 3_600_000 - ago * 86_400_000).toISOString().slice(0, 10)
  const shown = await app.devCall<CoverageView>('district', 'dev-street-officer', { action: 'coverage', payload: { from: day(29), to: day(0) } })
  expect(shown.cells).toBeGreaterThan(0)
  const tenMinutes = visible(page, '.dt-figure', { hasText: '覆盖率 10 分钟' })
  await tenMinutes.locator('.dt-figure__num', { hasText: formatShare(shown.covered10.share) }).waitFor({ timeout: 30_000 })
  await visible(page, '.dt-figure', { hasText: '覆盖率 15 分钟' }).locator('.dt-figure__num', { hasText: formatShare(shown.covered15.share) }).waitFor()
  if (shown.gaps.length) await visible(page, '.dt-gap').first().getByText(`1. ${shown.gaps[0].gridName}`, { exact: true }).waitFor()
  else await visibleText(page, '没有覆盖缺口').waitFor()
  expect(await page.locator('svg.dt-plot polygon').count()).toBe(shown.plot.cells.length)
  expect(await auditPage(page)).toEqual([])
  expect(browser.errors).toEqual([])
  expect(browser.blocked).toEqual([])
})

test('an approved Party member registers their enterprise from 党员认证 and sees it waiting', async () => {
  const member = await launchBrowser({ timezoneId: 'UTC', viewport: { width: 390, height: 844 } })
  try {
    const { page } = member
    // A fresh approved member of 娄葑 (arranged as a reviewer's approval would leave it).
    const userId = (await app.devCall<{ userId: string }>('users', 'dev-hj-party-member', { action: 'me', payload: {} })).userId
    await app.db.collection(Collection.enterpriseLinks).doc(userId).remove().catch(() => undefined)
    await app.db.collection(Collection.partyApplications).doc(userId).set({ data: { userId, organisation: '惠济区新业态党委', contact: '13800000001', status: 'approved', appliedAt: new Date(), attempts: 1 } })
    await page.goto(`${app.url}/#/pages/stations/index`)
    await signInAs(page, '惠济党员骑手老郭')
    await page.goto(`${app.url}/#/checkins/pages/party/index`)
    await visibleText(page, '登记所在企业').click()
    await fill(page, '企业名称', '顺丰')
    await visibleText(page, '查找').click()
    const found = visible(page, '.dt-item', { hasText: '顺丰速运葑谊网点' })
    await found.waitFor({ timeout: 30_000 })
    expect(await auditPage(page)).toEqual([])
    await found.getByText('我在这家企业', { exact: true }).click()
    await visible(page, '.nx-row', { hasText: '顺丰速运葑谊网点' }).filter({ hasText: '待确认' }).waitFor({ timeout: 30_000 })
    expect((await app.db.collection(Collection.enterpriseLinks).doc(userId).get()).data).toMatchObject({ enterpriseId: 'ent-lf-003', street: 'street-lf', status: 'claimed' })
    expect(member.errors).toEqual([])
    expect(member.blocked).toEqual([])
  } finally {
    await member.close()
  }
})
