/**
 * Runs the COMPILED mini-program (dist/weapp, from `npm run build:weapp`) under miniprogram-simulate:
 * WeChat's own WXML compiler and j-component render Taro's real output. miniprogram-simulate models
 * custom components only, so App/Page/getApp are supplied the way the WeChat runtime drives them (a page
 * is a component whose lifetimes call onLoad/onShow/onReady). The wx APIs a test cares about are
 * replaced at the `wx` boundary with jest mocks; everything inside the bundle is real.
 *
 *   const wx = installWeapp({ cloud: { init: jest.fn(), callFunction: jest.fn(...) } })
 *   const page = await openPage('pages/me/index')
 *   await page.tap('.nx-retry')
 */
import fs from 'node:fs'
import path from 'node:path'

/* eslint-disable @typescript-eslint/no-explicit-any */
// NX_WEAPP_DIR points at another build (e.g. a private copy while others rebuild dist/weapp).
export const WEAPP_ROOT = path.resolve(process.env.NX_WEAPP_DIR ?? path.join(__dirname, '..', '..', '..', 'dist', 'weapp'))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let app: any
let pages: any[] = []
let pendingRoute = ''
let pendingQuery: Record<string, string> = {}

/** Defines wx (simulate's, plus `overrides`), App/Page/getApp, and launches dist/weapp/app.js once per test file. */
export function installWeapp(overrides: Record<string, unknown> = {}): any {
  if (!fs.existsSync(path.join(WEAPP_ROOT, 'app.js'))) throw new Error('dist/weapp is missing: run npm run build:weapp first')
  const g = globalThis as any
  const simulate = require('miniprogram-simulate')
  // The first load defines the global wx and the built-in components.
  simulate.load({ id: 'nx-boot', template: '<view/>' })
  for (const [key, value] of Object.entries(overrides)) {
    g.wx[key] = value && typeof value === 'object' && !Array.isArray(value) && typeof g.wx[key] === 'object' ? { ...g.wx[key], ...value } : value
  }
  g.App = (options: any) => {
    app = options
  }
  g.getApp = () => app
  g.getCurrentPages = () => pages
  g.Page = (options: any) => {
    const methods: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(options)) if (typeof v === 'function') methods[k] = v
    g.Component({
      data: options.data ?? {},
      methods,
      lifetimes: {
        attached(this: any) {
          this.route = this.__route__ = pendingRoute
          pages.push(this)
          this.onLoad?.(pendingQuery)
          this.onShow?.()
        },
        ready(this: any) {
          this.onReady?.()
        },
        detached(this: any) {
          this.onUnload?.()
          pages = pages.filter((p) => p !== this)
        },
      },
    })
  }
  require(path.join(WEAPP_ROOT, 'app.js'))
  app.onLaunch?.({ path: 'pages/stations/index', query: {}, scene: 1001 })
  app.onShow?.({ path: 'pages/stations/index', query: {}, scene: 1001 })
  return g.wx
}

export interface SimPage {
  /** j-component's page instance: its querySelectorAll gives node wrappers with `.dom` and `dispatchEvent`. */
  component: any
  root: HTMLElement
  text(): string
  /** querySelector with the app's own class names (the scope prefix is added here). */
  find(selector: string): HTMLElement | null
  /** Dispatches WeChat's tap on the first element matching `selector`. */
  tap(selector: string): Promise<void>
  /** Dispatches any WeChat event (e.g. `agreeprivacyauthorization`) on the first match. */
  fire(selector: string, event: string, detail?: Record<string, unknown>): Promise<void>
}

/** Renders a page of dist/weapp; each route may be opened once per test file (a simulate limitation). */
export async function openPage(route: string, query: Record<string, string> = {}): Promise<SimPage> {
  const simulate = require('miniprogram-simulate')
  pendingRoute = route
  pendingQuery = query
  const id = simulate.load(path.join(WEAPP_ROOT, route), { compiler: 'official', rootPath: WEAPP_ROOT })
  const component = simulate.render(id)
  const parent = document.createElement('div')
  document.body.appendChild(parent)
  component.attach(parent)
  const root = component.dom as HTMLElement
  // j-component prefixes every class with the component's scope ("main--"); tests write plain classes.
  const find = (selector: string) => root.querySelector(selector.replace(/\.([A-Za-z_][\w-]*)/g, '.main--$1')) as HTMLElement | null
  const fire = async (selector: string, event: string, detail: Record<string, unknown> = {}) => {
    // j-component's own query returns the node wrapper whose dispatchEvent runs the WXML bindings (bindtap="eh").
    const node = component.querySelector(selector)
    if (!node) throw new Error(`nothing matches ${selector} in ${route}`)
    node.dispatchEvent(event, { detail })
    await sleep(0)
  }
  await sleep(0)
  return { component, root, text: () => root.textContent ?? '', find, fire, tap: (selector) => fire(selector, 'tap') }
}

/**
 * Polls until `check` holds: the React tree reaches WXML through asynchronous setData. The ceiling (10 s)
 * is for a loaded shared machine — the full test run once took longer than 5 s to show the privacy sheet.
 */
export async function until(check: () => boolean, what: string, attempts = 400): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (check()) return
    await sleep(25)
  }
  throw new Error(`never happened: ${what}`)
}
/* eslint-enable @typescript-eslint/no-explicit-any */
