/**
 * Runs the compiled mini-program (dist/weapp) under miniprogram-simulate: WeChat's own WXML compiler
 * (miniprogram-compiler) and j-component render the real page files. miniprogram-simulate models custom
 * components only, so `App` and `Page` are provided here the way the WeChat runtime drives them (a page
 * is a component whose lifetimes call onLoad/onShow/onReady). The WeChat APIs the app touches are
 * supplied by the test at the `wx` boundary — e.g. wx.cloud.callFunction forwarding to a live emulator.
 */
import path from 'node:path'

/* eslint-disable @typescript-eslint/no-explicit-any */
export const WEAPP_ROOT = path.resolve(__dirname, '..', '..', '..', 'dist', 'weapp')

export interface SimPage {
  component: any
  root: HTMLElement
  text(): string
  /** Taps the innermost element whose own text equals `text` (or the first element matching `selector`). */
  tap(match: string | { selector: string; index?: number }): Promise<void>
  settle(ms?: number): Promise<void>
}

let app: any
let currentPages: any[] = []

export function installWeChat(wxOverrides: Record<string, unknown>): void {
  const g = globalThis as any
  const simulate = require('miniprogram-simulate')
  // Loading simulate once defines wx and the built-in components; then our boundary APIs layer on top.
  simulate.load({ id: 'nx-boot', template: '<view/>' })
  Object.assign(g.wx, wxOverrides)
  g.App = (options: any) => {
    app = options
  }
  g.getApp = () => app
  g.getCurrentPages = () => currentPages
  g.Page = (options: any) => {
    const methods: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(options)) if (typeof v === 'function') methods[k] = v
    g.Component({
      data: options.data ?? {},
      methods,
      lifetimes: {
        attached(this: any) {
          this.route = this.__route__ = pendingRoute
          currentPages.push(this)
          this.onLoad?.(pendingQuery)
          this.onShow?.()
        },
        ready(this: any) {
          this.onReady?.()
        },
        detached(this: any) {
          this.onUnload?.()
          currentPages = currentPages.filter((p) => p !== this)
        },
      },
    })
  }
  require(path.join(WEAPP_ROOT, 'app.js'))
  app.onLaunch?.({ path: 'pages/stations/index', query: {}, scene: 1001 })
  app.onShow?.({ path: 'pages/stations/index', query: {}, scene: 1001 })
}

let pendingRoute = ''
let pendingQuery: Record<string, string> = {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function openPage(route: string, query: Record<string, string> = {}): Promise<SimPage> {
  const simulate = require('miniprogram-simulate')
  pendingRoute = route
  pendingQuery = query
  const id = simulate.load(path.join(WEAPP_ROOT, route), { compiler: 'official', rootPath: WEAPP_ROOT })
  const component = simulate.render(id)
  const parent = document.createElement('div')
  document.body.appendChild(parent)
  component.attach(parent)
  const page: SimPage = {
    component,
    root: component.dom as HTMLElement,
    text: () => (component.dom as HTMLElement).textContent ?? '',
    async settle(ms = 50) {
      await sleep(ms)
    },
    async tap(match) {
      const all = Array.from((component.dom as HTMLElement).querySelectorAll('*')) as HTMLElement[]
      let el: HTMLElement | undefined
      if (typeof match === 'string') el = all.filter((e) => e.textContent?.trim() === match).pop()
      else el = ((component.dom as HTMLElement).querySelectorAll(match.selector)[match.index ?? 0] as HTMLElement) ?? undefined
      if (!el) throw new Error(`nothing to tap: ${JSON.stringify(match)}`)
      // The tap event WeChat dispatches; j-component routes bind:tap to the page's Taro event handler.
      const target = el.closest('[class], wx-view, wx-text, wx-button') as HTMLElement
      simulate.tap?.(target)
      const node = (target as any).__wxElement ?? null
      if (node && typeof node.dispatchEvent === 'function') node.dispatchEvent('tap', {})
      else target.dispatchEvent(new Event('tap', { bubbles: true }))
      await sleep(30)
    },
  }
  await sleep(50)
  return page
}

/** Waits until `check` holds, polling the rendered page (the React tree flushes through setData). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (check()) return
    await sleep(50)
  }
  throw new Error(`timed out waiting for ${what}`)
}
/* eslint-enable @typescript-eslint/no-explicit-any */
