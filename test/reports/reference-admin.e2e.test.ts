/**
 * The admin keeps reports' reference data by tapping, on the H5 build in headless Chromium (UTC) against
 * a live emulator with the demo data: from 我的 → 管理 → 问题类别、部门、网格, shortens a category's SLA
 * and deactivates another, each with a reason typed inline, and the open form and the prompt meet the
 * 44 px / 14 px rules. What is checked is what the admin sees and what was stored (documents and audit).
 */
import { Collection } from '../../src/core/collections'
import { launchBrowser, type Browser } from '../e2e/support/browser'
import { startH5App, type H5App } from '../e2e/support/h5-app'
import { openTab, signInAs, visible, visibleText } from '../e2e/support/taps'
import { auditPage } from '../e2e/support/ui-audit'

jest.setTimeout(240_000)

let app: H5App
let browser: Browser | undefined

beforeAll(async () => {
  app = await startH5App({ functions: ['users', 'reports'] })
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

test('from 我的, the admin shortens a category\u2019s SLA and deactivates another, each with a reason', async () => {
  browser = await launchBrowser({ timezoneId: 'UTC', viewport: { width: 375, height: 812 } })
  const { page } = browser
  await page.goto(`${app.url}/#/pages/stations/index`)
  await signInAs(page, '街道管理员周主任')
  await openTab(page, '我的')
  await visible(page, '.me-admin').waitFor({ timeout: 30_000 })
  await visibleText(page, '问题类别、部门、网格').click()

  // The first category in the list: edit its SLA.
  const first = visible(page, '.ra-row').first()
  await first.waitFor({ timeout: 30_000 })
  const name = (await first.locator('.ra-row__name').innerText()).replace(/^\S+\s/, '').trim()
  const stored = (await app.db.collection(Collection.reportCategories).where({ name }).limit(1).get()).data[0] as { _id: string; slaHours: number }
  const sla = stored.slaHours === 6 ? 5 : 6
  await first.getByText('编辑', { exact: true }).click()
  const form = visible(page, '.ra-form')
  await form.waitFor()
  await form.locator('[aria-label="处理时限（小时）"] input, input[aria-label="处理时限（小时）"]').fill(String(sla))
  await form.locator('[aria-label="修改理由"] input, input[aria-label="修改理由"]').fill('端到端测试：缩短处理时限')
  expect(await auditPage(page)).toEqual([])
  await form.getByText('保存', { exact: true }).click()
  await visibleText(page, `已保存类别“${name}”`).waitFor({ timeout: 30_000 })
  expect((await app.db.collection(Collection.reportCategories).doc(stored._id).get()).data.slaHours).toBe(sla)

  // The second category: 停用 asks for a reason inline.
  const second = visible(page, '.ra-row').nth(1)
  const secondName = (await second.locator('.ra-row__name').innerText()).replace(/^\S+\s/, '').trim()
  const secondDoc = (await app.db.collection(Collection.reportCategories).where({ name: secondName }).limit(1).get()).data[0] as { _id: string }
  await second.getByText('停用', { exact: true }).click()
  await second.locator('.nx-reason input').fill('端到端测试：暂停受理')
  expect(await auditPage(page)).toEqual([])
  await second.getByText('确认停用', { exact: true }).click()
  await visibleText(page, `已停用“${secondName}”`).waitFor({ timeout: 30_000 })
  expect((await app.db.collection(Collection.reportCategories).doc(secondDoc._id).get()).data.active).toBe(false)
  await visible(page, '.ra-row', { hasText: secondName }).locator('.nx-tag', { hasText: '已停用' }).waitFor({ timeout: 30_000 })

  const audit = (await app.db.collection(Collection.auditLog).where({ targetKind: 'report_category' }).get()).data as Array<{ targetId: string; reason: string }>
  expect(audit.map((a) => [a.targetId, a.reason])).toEqual(
    expect.arrayContaining([
      [stored._id, '端到端测试：缩短处理时限'],
      [secondDoc._id, '端到端测试：暂停受理'],
    ]),
  )
  expect(browser.errors).toEqual([])
  expect(browser.blocked).toEqual([])
})
