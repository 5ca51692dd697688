/**
 * Open APIs through `cloud.openapi.*` inside fixture functions (so the config.json whitelist applies) and
 * from the test process (an admin caller): wxacode.getUnlimited, msgSecCheck v2, subscribeMessage.send,
 * not-emulated APIs, injected errors and the permission error. Expected shapes: wire protocol §6.4,
 * wechat-platform-and-security.md §3.
 */
// Both come with `qrcode`'s dependency tree and ship no typings.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } } }
// eslint-disable-next-line @typescript-eslint/no-var-requires
const QrCodeReader = require('qrcode-reader')
import { parseWxacodeContent } from '../src/openapi/wxacode'
import { FIXTURE_FUNCTIONS, devCall, loadCloud, startTestEmulator, useSdkEnv, type Emulator } from './support/emulator'

jest.setTimeout(30_000)

let emu: Emulator
let restore: () => void
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let cloud: any

beforeAll(async () => {
  emu = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS, sensitiveWords: ['违禁词', { word: 'spam-link', label: 10001 }] })
  restore = useSdkEnv(emu, { openid: 'o-admin' })
  cloud = loadCloud()
})

afterAll(async () => {
  restore()
  await emu.close()
})

interface ApiResult {
  ok: boolean
  res?: Record<string, unknown>
  errCode?: number
  errMsg?: string
  contentType?: string
  base64?: string
}

async function callApi(fn: string, api: string, params: unknown, openid = 'o-rider'): Promise<ApiResult> {
  const { result, error } = await devCall(emu, fn, { api, params }, openid)
  if (error) throw new Error(`${error.code}: ${error.message}`)
  return result as ApiResult
}

function decodeQr(png: Buffer): Promise<string> {
  const image = PNG.sync.read(png)
  return new Promise((resolve, reject) => {
    const reader = new QrCodeReader()
    reader.callback = (err: unknown, value: { result: string }) => (err ? reject(err) : resolve(value.result))
    reader.decode({ width: image.width, height: image.height, data: image.data })
  })
}

describe('wxacode.getUnlimited', () => {
  test('answers a scannable PNG that decodes back to the page and scene', async () => {
    const r = await callApi('openapi', 'wxacode.getUnlimited', { scene: 'st=A17&s=9f3c', page: 'pages/checkin/index', width: 430 })
    expect(r).toMatchObject({ ok: true, contentType: 'image/png' })
    const png = Buffer.from(r.base64 as string, 'base64')
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    const text = await decodeQr(png)
    expect(parseWxacodeContent(text)).toEqual({ appId: emu.appId, page: 'pages/checkin/index', scene: 'st=A17&s=9f3c', envVersion: 'release' })
  })

  test('a scene longer than 32 characters is refused with errcode 40169', async () => {
    const r = await callApi('openapi', 'wxacode.getUnlimited', { scene: 'x'.repeat(33), page: 'pages/index/index' })
    expect(r).toMatchObject({ ok: false, errCode: 40169 })
  })
})

describe('security.msgSecCheck (v2)', () => {
  test('clean text passes with label 100', async () => {
    const r = await callApi('openapi', 'security.msgSecCheck', { content: '楼道里有电动车充电', version: 2, scene: 2, openid: 'o-rider' })
    expect(r.ok).toBe(true)
    expect(r.res).toMatchObject({ errCode: 0, errMsg: 'openapi.security.msgSecCheck:ok', result: { suggest: 'pass', label: 100 } })
    expect(typeof r.res?.traceId).toBe('string')
  })

  test('text containing a listed word is risky with its label', async () => {
    const plain = await callApi('openapi', 'security.msgSecCheck', { content: '这里有违禁词', version: 2, scene: 2, openid: 'o-rider' })
    expect(plain.res?.result).toEqual({ suggest: 'risky', label: 21000 })
    const labelled = await callApi('openapi', 'security.msgSecCheck', { content: 'click SPAM-LINK now', version: 2, scene: 1, openid: 'o-rider' })
    expect(labelled.res?.result).toEqual({ suggest: 'risky', label: 10001 })
  })

  test('v1 answers errcode 87014 for risky text', async () => {
    const err = await cloud.openapi.security.msgSecCheck({ content: '违禁词' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ errCode: 87014 })
  })

  test('an injected 87014 is answered once, then the check runs normally', async () => {
    emu.injectOpenApiError('security.msgSecCheck', 87014, 'risky content')
    const injected = await callApi('openapi', 'security.msgSecCheck', { content: 'hello', version: 2, scene: 2, openid: 'o-rider' })
    expect(injected).toMatchObject({ ok: false, errCode: 87014 })
    expect(injected.errMsg).toMatch(/risky content/)
    const normal = await callApi('openapi', 'security.msgSecCheck', { content: 'hello', version: 2, scene: 2, openid: 'o-rider' })
    expect(normal.res?.result).toEqual({ suggest: 'pass', label: 100 })
  })
})

describe('subscribeMessage.send', () => {
  test('records the message in the outbox, readable in-process and over /__dev/outbox', async () => {
    const r = await callApi('openapi', 'subscribeMessage.send', { touser: 'o-rider', templateId: 'TPL-report-status', page: 'pages/reports/detail?id=9', data: { thing1: { value: '已立案' } }, miniprogramState: 'developer' }, 'o-dispatcher')
    expect(r.res).toMatchObject({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' })
    const msg = emu.outbox[emu.outbox.length - 1]
    expect(msg).toMatchObject({ touser: 'o-rider', templateId: 'TPL-report-status', page: 'pages/reports/detail?id=9', data: { thing1: { value: '已立案' } }, miniprogramState: 'developer', fromFunction: 'openapi', fromOpenid: 'o-dispatcher' })
    const over = (await (await fetch(`${emu.url}/__dev/outbox`)).json()) as { messages: unknown[] }
    expect(over.messages).toContainEqual(expect.objectContaining({ templateId: 'TPL-report-status' }))
  })

  test('a missing touser is errcode 40003 and nothing is recorded', async () => {
    const before = emu.outbox.length
    const r = await callApi('openapi', 'subscribeMessage.send', { templateId: 'T', data: {} })
    expect(r).toMatchObject({ ok: false, errCode: 40003 })
    expect(emu.outbox.length).toBe(before)
  })
})

describe('permissions and unsupported APIs', () => {
  test('an API missing from the function whitelist answers -604101', async () => {
    const r = await callApi('openapi-restricted', 'wxacode.getUnlimited', { scene: 'a', page: 'pages/index/index' })
    expect(r).toMatchObject({ ok: false, errCode: -604101 })
    const allowed = await callApi('openapi-restricted', 'security.msgSecCheck', { content: 'ok', version: 2, scene: 2, openid: 'o' })
    expect(allowed.ok).toBe(true)
  })

  test('a whitelisted but unemulated API answers a clear not-emulated error', async () => {
    const r = await callApi('openapi', 'customerServiceMessage.send', { touser: 'o', msgtype: 'text', text: { content: 'hi' } })
    expect(r.ok).toBe(false)
    expect(r.errMsg).toMatch(/not emulated: customerServiceMessage\.send/)
  })

  test('calls from outside any function act as an admin (no whitelist)', async () => {
    const res = await cloud.openapi.wxacode.getUnlimited({ scene: 'abc', page: 'pages/index/index' })
    expect(res.contentType).toBe('image/png')
    expect(Buffer.isBuffer(res.buffer)).toBe(true)
  })
})
