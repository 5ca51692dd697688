/**
 * The app's one camera scan. In the mini-program it is wx.scanCode from the camera only (an album photo
 * of a poster must not count as being at the station). On H5 — the local development and test build,
 * never a production check-in — it is WeChat's JS-SDK scan where one is present, and otherwise the
 * browser scanner (`scan-browser.ts`: the camera through getUserMedia, or a picture of the code), loaded
 * only in the H5 build so none of its weight reaches the mini-program packages.
 */
import Taro from '@tarojs/taro'

export interface ScanResult {
  /** The mini-program path inside a WeChat code (wx.scanCode's `path`), when there is one. */
  path?: string
  /** The code's text. */
  result?: string
}

export interface ScanOptions {
  /** Only plain QR codes (e.g. a pickup code), not mini-program codes. */
  qrOnly?: boolean
}

/** Rejects like wx.scanCode: `{ errMsg: 'scanCode:fail cancel' }` when the person closed the scanner. */
export async function scanCode(options: ScanOptions = {}): Promise<ScanResult> {
  if (process.env.TARO_ENV === 'h5' && !hasJsSdkScan()) {
    const { scanInBrowser } = await import('./scan-browser')
    const text = await scanInBrowser()
    return { result: text, path: text }
  }
  const res = (await Taro.scanCode({ onlyFromCamera: true, ...(options.qrOnly ? { scanType: ['qrCode'] } : {}) })) as ScanResult
  return { path: res.path, result: res.result }
}

/** Whether the scan was closed by the person rather than failing. */
export function isScanCancel(error: unknown): boolean {
  return /cancel/.test(String((error as { errMsg?: string })?.errMsg ?? ''))
}

function hasJsSdkScan(): boolean {
  const wx = (globalThis as { wx?: { scanQRCode?: unknown } }).wx
  return typeof wx?.scanQRCode === 'function'
}
