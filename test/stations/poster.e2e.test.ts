/**
 * The printable station poster on H5, in headless Chromium against the H5 build and a live emulator: a
 * station manager generates the check-in code on the station page and taps 下载 A4 海报; the browser
 * downloads a PNG of 2480 × 3508 px (A4 portrait at 300 dpi) named after the station, mostly white
 * paper with the brand band and the code drawn on it.
 */
import { readFileSync } from 'node:fs'
import { launchBrowser, type Browser } from '../e2e/support/browser'
import { startH5App, type H5App } from '../e2e/support/h5-app'

jest.setTimeout(240_000)

let app: H5App
let browser: Browser

beforeAll(async () => {
  app = await startH5App({ functions: ['users', 'stations', 'checkins', 'services'] })
  browser = await launchBrowser({ viewport: { width: 375, height: 812 } })
  // Start the stations function's worker first: on a loaded machine its cold start alone can outlast the
  // client's 10 s call timeout, which the page then shows as 网络不稳定.
  await fetch(`${app.url}/__dev/call/stations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: 'dev-station-manager', data: { action: 'detail', payload: { stationId: 'st-lf-001' } } }) })
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf: Buffer): { width: number; height: number } {
  expect(buf.subarray(1, 4).toString('ascii')).toBe('PNG')
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR')
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) }
}

test('a station manager downloads the A4 poster at print resolution', async () => {
  const { page } = browser
  await page.goto(`${app.url}/#/pages/me/index`)
  await page.evaluate(() => window.localStorage.setItem('nx.dev.openid', JSON.stringify({ data: 'dev-station-manager' })))
  await page.goto(`${app.url}/#/stations/pages/station/index?id=st-lf-001`)
  await page.reload()
  await page.locator('.nx-page:visible').first().waitFor()
  await page.getByText('生成报到二维码').click()
  const save = page.locator('.st-poster-save:visible', { hasText: '下载 A4 海报' })
  const failed = page.locator('.st-error:visible')
  await Promise.race([save.waitFor(), failed.waitFor()])
  if (await failed.count()) {
    const res = await fetch(`${app.url}/__dev/call/stations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid: 'dev-station-manager', data: { action: 'generateCode', payload: { stationId: 'st-lf-001' } } }) })
    throw new Error(`generateCode failed on screen: ${await failed.first().innerText()}; called directly: ${(await res.text()).slice(0, 300)}`)
  }
  const [download] = await Promise.all([page.waitForEvent('download'), save.click()])
  expect(download.suggestedFilename()).toMatch(/报到海报\.png$/)
  const file = await download.path()
  const png = readFileSync(file)
  expect(pngSize(png)).toEqual({ width: 2480, height: 3508 })

  // What was drawn: sample the same canvas pixels in the page by decoding the downloaded file there.
  const stats = await page.evaluate(async (b64) => {
    const img = new Image()
    img.src = `data:image/png;base64,${b64}`
    await img.decode()
    const c = document.createElement('canvas')
    c.width = img.width
    c.height = img.height
    const ctx = c.getContext('2d')!
    ctx.drawImage(img, 0, 0)
    const px = (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3))
    // The brand band at the top, white paper at the margins, and dark modules inside the code's square.
    const centre = ctx.getImageData(Math.round(img.width * 0.3), Math.round(img.height * 0.45), Math.round(img.width * 0.4), Math.round(img.width * 0.4)).data
    let dark = 0
    for (let i = 0; i < centre.length; i += 4) if (centre[i] < 80 && centre[i + 1] < 80 && centre[i + 2] < 80) dark++
    return { band: px(10, 10), corner: px(10, img.height - 10), darkShare: dark / (centre.length / 4) }
  }, png.toString('base64'))
  expect(stats.band).toEqual([0xb9, 0x3a, 0x0b])
  expect(stats.corner).toEqual([255, 255, 255])
  expect(stats.darkShare).toBeGreaterThan(0.1)
  expect(browser.errors).toEqual([])
  expect(browser.blocked).toEqual([])
})
