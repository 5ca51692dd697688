/**
 * The H5 scanner's "picture of the code" path, shared by browser tests: fetch a station's real printed
 * code (stations.generateCode, a decodable QR of the check-in page and its signed scene) into a PNG file,
 * and choose that file in the scan sheet the way a tester on H5 does.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Locator, Page } from 'playwright-core'

type DevCall = <T>(name: string, openid: string, data: unknown) => Promise<T>

/** Writes the station's poster code, as `openid` (a manager of it, or an admin) prints it, to `dir` and returns the file. */
export async function stationCodePicture(devCall: DevCall, openid: string, stationId: string, dir: string): Promise<string> {
  const code = await devCall<{ posterUrl: string }>('stations', openid, { action: 'generateCode', payload: { stationId } })
  const png = Buffer.from(await (await fetch(code.posterUrl)).arrayBuffer())
  const file = path.join(dir, `${stationId}-code.png`)
  writeFileSync(file, png)
  return file
}

/** The open scan sheet, after 扫码报到 was tapped; it says the browser path is for development and testing. */
export async function scanSheet(page: Page): Promise<Locator> {
  const sheet = page.getByRole('dialog', { name: '扫码' })
  await sheet.getByText('浏览器扫码仅用于开发和测试').waitFor()
  return sheet
}

/** Taps 选择二维码图片 in the open scan sheet and picks `file`. */
export async function choosePicture(page: Page, sheet: Locator, file: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), sheet.getByRole('button', { name: '选择二维码图片' }).click()])
  await chooser.setFiles(file)
}

/** Taps `trigger` (a visible 扫码报到), then chooses the picture; resolves once the sheet has closed on a decoded code. */
export async function scanPicture(page: Page, trigger: Locator, file: string): Promise<void> {
  await trigger.click()
  const sheet = await scanSheet(page)
  await choosePicture(page, sheet, file)
  await sheet.waitFor({ state: 'detached' })
}
