/**
 * Screenshots of the H5 app at 390x844 (a common phone) for looking at the UI by eye, against a live
 * emulator with the demo data: every tab as the chosen dev identity, plus the privacy and switcher
 * dialogs. Usage: npx tsx test/e2e/support/screenshots.ts [outDir=.temp/screenshots] [openid=dev-worker]
 */
import fs from 'node:fs'
import path from 'node:path'
import { launchBrowser } from './browser'
import { startH5App } from './h5-app'

async function main() {
  const outDir = path.resolve(process.argv[2] ?? '.temp/screenshots')
  const openid = process.argv[3] ?? 'dev-worker'
  fs.mkdirSync(outDir, { recursive: true })
  const app = await startH5App()
  const browser = await launchBrowser()
  const { page } = browser
  try {
    await page.goto(`${app.url}/#/pages/stations/index`)
    await page.evaluate((id) => window.localStorage.setItem('nx.dev.openid', JSON.stringify({ data: id })), openid)
    // Taro H5 keeps storage as {"data": value}. Page transitions animate ~300 ms; wait for data and the transition before each shot.
    const shot = async (name: string) => {
      await page.waitForTimeout(1500)
      await page.screenshot({ path: path.join(outDir, `${openid}-${name}.png`) })
    }
    for (const [tab, name] of [['驿站', 'stations'], ['存折', 'passbook'], ['随手拍', 'report'], ['我的', 'me']] as const) {
      if (name === 'stations') await page.reload()
      else await page.locator('.weui-tabbar__item', { hasText: tab }).click()
      await shot(name)
    }
    await page.locator('.nx-dev-pill:visible').click()
    await shot('switcher')
    console.log(`screenshots in ${outDir}; blocked requests: ${browser.blocked.length}; page errors: ${browser.errors.join(' | ') || 'none'}`)
  } finally {
    await browser.close()
    await app.close()
  }
}

void main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
