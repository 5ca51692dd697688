/**
 * Headless Debian Chromium for end-to-end tests, set up as reference/toolchain.md measured: playwright-core
 * driving /usr/bin/chromium (never a downloaded browser), a fresh profile per launch, and every request
 * that is not to a loopback address aborted, so a test can never reach, or depend on, the internet.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export interface Browser {
  context: BrowserContext
  page: Page
  /** Non-loopback URLs the page tried to load (all were aborted). */
  blocked: string[]
  /** Uncaught page errors, for assertions that the app ran cleanly. */
  errors: string[]
  close(): Promise<void>
}

function isLoopback(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url)
    if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]'
  } catch {
    return false
  }
}

export interface LaunchOptions {
  viewport?: { width: number; height: number }
  /** The device's zone (default China); role tests run in UTC to prove every time is shown in China time. */
  timezoneId?: string
  /** Where the browser says it stands, WGS-84 as a phone's GPS reports it (the app converts to GCJ-02). */
  geolocation?: { longitude: number; latitude: number; accuracy?: number }
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`)
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: options.viewport ?? { width: 390, height: 844 },
    locale: 'zh-CN',
    timezoneId: options.timezoneId ?? 'Asia/Shanghai',
    ...(options.geolocation ? { geolocation: { accuracy: 20, ...options.geolocation }, permissions: ['geolocation'] } : {}),
  })
  const blocked: string[] = []
  const errors: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (isLoopback(url)) return route.continue()
    blocked.push(url)
    return route.abort('blockedbyclient')
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (error) => errors.push(error.message))
  return {
    context,
    page,
    blocked,
    errors,
    async close() {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    },
  }
}
