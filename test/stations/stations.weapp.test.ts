/**
 * The compiled 驿站 tab (dist/weapp/pages/stations/index, built by `npm run build:weapp`) under
 * miniprogram-simulate with WeChat's WXML compiler. The WeChat APIs are faked only at the `wx` boundary:
 * wx.cloud.callFunction forwards to a live emulator with the demo data (as the dev worker), getLocation
 * answers a GCJ-02 fix 30 m from a station, getPrivacySetting reports consent already given, scanCode
 * answers a station code's path. Everything between — the Taro runtime, React, the services, the real
 * functions — runs for real.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import { offsetM } from '../../src/core/geo'
import { shareTitle } from '../../src/shell/share'
import { amenityLabel, type Amenity } from '../../src/stations/vocabulary'
import { installWeapp, openPage, until, type SimPage } from '../weapp/support/sim'

jest.setTimeout(120_000)

/* eslint-disable @typescript-eslint/no-explicit-any */
let backend: ChildProcess
let info: { url: string; station: { id: string; name: string; location: { lng: number; lat: number } } }
const calls: string[] = []
const navigations: string[] = []

function post(url: string, body: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (text += chunk))
      res.on('end', () => resolve(JSON.parse(text)))
    })
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}

beforeAll(async () => {
  const repo = path.resolve(__dirname, '..', '..')
  backend = spawn(process.execPath, [path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(__dirname, 'support', 'backend-process.ts')], { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] })
  info = await new Promise((resolve, reject) => {
    let out = ''
    backend.stdout!.on('data', (chunk) => {
      out += chunk
      const line = out.split('\n')[0]
      if (out.includes('\n')) resolve(JSON.parse(line))
    })
    backend.on('exit', (code) => reject(new Error(`backend exited ${code}`)))
  })
  const here = offsetM(info.station.location, 30, 0)
  installWeapp({
    cloud: {
      init: () => undefined,
      callFunction: async ({ name, data }: { name: string; data: { action: string } }) => {
        calls.push(`${name}.${data.action}`)
        const body = await post(`${info.url}/__dev/call/${name}`, { openid: 'dev-worker', data })
        if (body.error) throw { errMsg: `cloud.callFunction:fail ${body.error.code}` }
        return { result: body.result, errMsg: 'cloud.callFunction:ok' }
      },
    },
    getPrivacySetting: (o: any) => o.success?.({ needAuthorization: false, privacyContractName: '《暖新隐私保护指引》', errMsg: 'getPrivacySetting:ok' }),
    onNeedPrivacyAuthorization: () => undefined,
    getLocation: (o: any) => {
      const res = { longitude: here.lng, latitude: here.lat, accuracy: 18, errMsg: 'getLocation:ok' }
      o.success?.(res)
      o.complete?.(res)
    },
    scanCode: (o: any) => {
      const res = { result: '', scanType: 'WX_CODE', path: 'checkins/pages/checkin/index?scene=LF004.1.AAAAAAAAAAAAAAAA', errMsg: 'scanCode:ok' }
      o.success?.(res)
      o.complete?.(res)
    },
    navigateTo: (o: any) => {
      navigations.push(o.url)
      o.success?.({ errMsg: 'navigateTo:ok' })
      o.complete?.()
    },
  })
})

afterAll(() => {
  backend?.stdin?.end()
  if (backend && backend.exitCode === null) backend.kill('SIGTERM')
})

function nodes(page: SimPage, selector: string): any[] {
  return page.component.querySelectorAll(selector) as any[]
}

function tapText(page: SimPage, selector: string, text: string) {
  const node = nodes(page, selector).find((n) => n.dom.textContent.trim() === text)
  if (!node) throw new Error(`no ${selector} with text ${text}`)
  node.dispatchEvent('tap')
}

/** Polls for up to 10 s: the page waits on a live emulator and the machine is shared. */
const waitFor = (check: () => boolean, what: string) => until(check, what, 400)

test('the compiled stations tab: filters, locate, nearest stations from the real function, scan to check in', async () => {
  const page = await openPage('pages/stations/index')
  await waitFor(() => page.text().includes('用我的位置找驿站'), 'the locate button')
  expect(page.text()).toContain('附近驿站')
  // Every amenity of the closed list is a filter chip, plus 开放中.
  const chips = nodes(page, '.st-chip').map((n) => n.dom.textContent.trim())
  expect(chips.slice(0, 3)).toEqual(['开放中', '换电', '电动车充电'])
  expect(chips).toHaveLength(17)
  // Without a position, the no-location path is there: districts from the real function.
  await waitFor(() => page.text().includes('惠济区（44）'), 'the district picker')

  tapText(page, '.st-chip', '换电')
  tapText(page, '.st-chip', '开放中')
  // The re-render after a tap reaches the simulated page asynchronously: wait for it, however slow the machine.
  const onChips = () => nodes(page, '.st-chip--on').map((n) => n.dom.textContent.trim()).sort().join()
  await waitFor(() => onChips() === ['开放中', '换电'].sort().join(), 'both chips on')

  nodes(page, '.nx-locate')[0].dispatchEvent('tap')
  await waitFor(() => page.text().includes(info.station.name), 'the nearest station')
  const cards = nodes(page, '.st-card')
  expect(cards[0].dom.textContent).toContain(info.station.name)
  expect(nodes(page, '.st-card__num')[0].dom.textContent.trim()).toBe('30')
  expect(page.text()).toContain('已获取你的位置')
  expect(page.text()).toContain('18')
  const nearby = calls.filter((c) => c === 'stations.nearby')
  expect(nearby.length).toBeGreaterThanOrEqual(1)
  // The native map is used in the mini-program, never the H5 plot.
  expect(nodes(page, '.st-map').length).toBe(1)
  expect(page.root.querySelector('svg')).toBeNull()

  cards[0].dispatchEvent('tap')
  await waitFor(() => navigations.length > 0, 'navigation to the detail page')
  expect(navigations.pop()).toBe(`/stations/pages/detail/index?id=${info.station.id}`)

  nodes(page, '.st-scan')[0].dispatchEvent('tap')
  await waitFor(() => navigations.length > 0, 'navigation to the check-in page')
  expect(navigations.pop()).toBe(`/checkins/pages/checkin/index?scene=${encodeURIComponent('LF004.1.AAAAAAAAAAAAAAAA')}&entry=scan_code`)
})
/* eslint-enable @typescript-eslint/no-explicit-any */

test('the compiled station page shares into a chat: a card with the station’s name and what it offers, opening that page', async () => {
  const page = await openPage('stations/pages/detail/index', { id: info.station.id })
  await waitFor(() => page.text().includes(info.station.name), 'the station detail')
  // WeChat calls the page's onShareAppMessage when the person taps 转发; Taro registers it from the page config.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const instance = (globalThis as any).getCurrentPages().pop()
  expect(typeof instance.onShareAppMessage).toBe('function')
  const card = instance.onShareAppMessage({ from: 'menu' })
  expect(card.title).toBe(shareTitle(info.station.name, ['drinking_water', 'battery_swap', 'ebike_charging'].map((a) => amenityLabel[a as Amenity]).join('·')))
  expect(card.path).toBe(`/stations/pages/detail/index?id=${info.station.id}`)
  expect(typeof instance.onShareTimeline).toBe('function')
  expect(instance.onShareTimeline().query).toBe(`id=${info.station.id}`)
})
