/**
 * End to end in a real browser against the H5 build and a live emulator with the demo data: a worker
 * with points redeems a reward in the catalogue and sees the pickup code; a station manager types the
 * code on the fulfil screen and hands the reward over; the worker's list then shows it as picked up.
 * Needs dist/h5 (`flock /tmp/build.lock npm run build:h5`) and Chromium.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { schema } from '../../cloudfunctions/database-schema'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { startEmulator, type Emulator } from '@nuanxin/cloudbase-emulator'
import { buildFunctions, ROOT } from '../../scripts/build-functions'
import { buildDemoData } from '../../scripts/seed/demo-data'
import { sdkDatabase, writeDemoData } from '../../scripts/seed/load'
import { Collection } from '../../src/core/collections'
import { SEED_NOW } from '../support/project'

jest.setTimeout(180_000)

const H5 = path.join(ROOT, 'dist', 'h5')
const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p))
const functionsDir = path.join(ROOT, '.temp', `e2e-passbook-${process.pid}`)

let emu: Emulator
let browser: Browser

async function callAs(openid: string, action: string, payload: unknown) {
  const res = await fetch(`${emu.url}/__dev/call/passbook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, data: { action, payload } }) })
  return ((await res.json()) as { result: { ok: boolean; data?: unknown } }).result
}

async function pageAs(openid: string, route: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })
  await context.addInitScript((id) => window.localStorage.setItem('nx.dev.openid', JSON.stringify({ data: id })), openid)
  const page = await context.newPage()
  await page.goto(`${emu.url}/#${route}`)
  return page
}

beforeAll(async () => {
  if (!existsSync(path.join(H5, 'index.html'))) throw new Error('dist/h5 is missing: run `flock /tmp/build.lock npm run build:h5` first')
  if (!CHROMIUM) throw new Error('Chromium not found (set CHROMIUM_PATH)')
  mkdirSync(functionsDir, { recursive: true })
  await buildFunctions({ outRoot: functionsDir })
  emu = await startEmulator({ memory: true, dev: true, port: 0, schema, functionsDir, staticDir: H5, maxWorkersPerFunction: 2 })
  await writeDemoData(sdkDatabase(emu.adminUrl, emu.envId), buildDemoData({ now: SEED_NOW }))
  // The worker has earned points (an audited admin adjustment stands in for a month of volunteering).
  const adj = await callAs('dev-admin', 'adjust', { userId: userIdFor('dev-worker'), points: 500, reason: '端到端测试：志愿服务积分', idempotencyKey: 'e2e-passbook-setup' })
  expect(adj.ok).toBe(true)
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
})

afterAll(async () => {
  await browser?.close()
  await emu?.close()
  rmSync(functionsDir, { recursive: true, force: true })
})

it('a worker redeems a reward and a station manager fulfils it', async () => {
  // Worker: the passbook tab shows the balance, the catalogue offers the reward.
  const worker = await pageAs('dev-worker', '/pages/passbook/index')
  await worker.getByText('我的积分').waitFor()
  const balanceText = await worker.locator('.pb-balance__points').innerText()
  expect(Number(balanceText)).toBeGreaterThanOrEqual(500)
  await worker.getByText('兑换礼品', { exact: true }).click()
  const card = worker.locator('.nx-card', { hasText: '矿泉水一箱' })
  await card.waitFor()
  await card.locator('.nx-button').click()
  // Confirm in the modal.
  await worker.getByText('确认兑换').waitFor()
  await worker.getByText('兑换', { exact: true }).last().click()
  // The pickup code page: QR and 10 digits.
  const codeText = await worker.locator('.pb-code').innerText({ timeout: 30_000 })
  const code = codeText.replace(/\s/g, '')
  expect(code).toMatch(/^\d{10}$/)
  await expect(worker.locator('.pb-qr img, img.pb-qr, .pb-qr').first().getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/)

  // Station manager: type the code at a station the reward lists and confirm.
  const manager = await pageAs('dev-station-manager', '/passbook/pages/fulfil/index')
  await manager.getByText('核销站点').waitFor()
  await manager.locator('input[placeholder="输入 10 位取货码"]').fill(code)
  await manager.getByText('确认核销', { exact: true }).click()
  await manager.getByText(/核销成功/).waitFor({ timeout: 30_000 })
  expect(await manager.getByText(/核销成功/).innerText()).toContain('矿泉水一箱')

  // The worker's list shows it picked up; the ledger holds exactly one redeem entry of 100.
  await worker.goto(`${emu.url}/#/passbook/pages/redemptions/index`)
  await worker.reload()
  await worker.locator('.nx-card', { hasText: '矿泉水一箱' }).getByText('已领取').waitFor()
  const db = sdkDatabase(emu.adminUrl, emu.envId)
  const redemptions = (await db.collection(Collection.redemptions).where({ userId: userIdFor('dev-worker'), pickupCode: code }).get()).data
  expect(redemptions).toHaveLength(1)
  expect(redemptions[0]).toMatchObject({ state: 'fulfilled', fulfilledStationId: 'st-lf-001' })
  const entries = (await db.collection(Collection.ledger).where({ refId: redemptions[0]._id }).get()).data
  expect(entries.map((e: { delta: number }) => e.delta)).toEqual([-100])
})
