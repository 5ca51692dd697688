/**
 * Open APIs through `cloud.openapi.*` inside fixture functions (so the config.json whitelist applies) and
 * from the test process (an admin caller): wxacode.getUnlimited, msgSecCheck v2, mediaCheckAsync v2 and the
 * wxa_media_check message push of its verdict, subscribeMessage.send, not-emulated APIs, injected errors and
 * the permission error. Expected shapes: wire protocol §6.4, wechat-platform-and-security.md §3.
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
  emu = await startTestEmulator({
    functionsDir: FIXTURE_FUNCTIONS,
    sensitiveWords: ['违禁词', { word: 'spam-link', label: 10001 }],
    messagePush: [{ msgType: 'event', event: 'wxa_media_check', functionName: 'media-push' }],
  })
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

describe('security.mediaCheckAsync (v2) and the wxa_media_check push', () => {
  const mediaParams = (mediaUrl: unknown, openid = 'o-rider') => ({ mediaUrl, mediaType: 2, version: 2, scene: 3, openid })

  /** The events media-push received, as it logged them. */
  function received(traceId: string): Array<{ event: Record<string, unknown>; ctx: Record<string, string> }> {
    return emu.functionLogs
      .filter((l) => l.functionName === 'media-push' && l.text.startsWith('{'))
      .map((l) => JSON.parse(l.text))
      .filter((r) => r.event.trace_id === traceId)
  }

  async function storedUrl(cloudPath: string): Promise<string> {
    const { fileID } = await cloud.uploadFile({ cloudPath, fileContent: Buffer.from('\x89PNG fake image') })
    const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] })
    return fileList[0].tempFileURL
  }

  async function check(mediaUrl: string, openid = 'o-rider'): Promise<string> {
    const r = await callApi('openapi', 'security.mediaCheckAsync', mediaParams(mediaUrl, openid))
    expect(r).toMatchObject({ ok: true, res: { errCode: 0, errMsg: 'openapi.security.mediaCheckAsync:ok' } })
    const traceId = r.res?.traceId as string
    expect(traceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{16}$/)
    return traceId
  }

  test('answers a trace_id; the routed function then receives the verdict push as the user, with that trace_id', async () => {
    const before = Math.floor(Date.now() / 1000)
    const url = await storedUrl('reports/o-rider/plain.jpg')
    const traceId = await check(url, 'o-photographer')
    await emu.settlePushes()
    const got = received(traceId)
    expect(got).toHaveLength(1)
    const { event, ctx } = got[0]
    expect(event).toEqual({
      ToUserName: expect.stringMatching(/^gh_/),
      FromUserName: 'o-photographer',
      CreateTime: expect.any(Number),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: emu.appId,
      trace_id: traceId,
      version: 2,
      detail: [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: expect.any(Number) }],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest: 'pass', label: 100 },
    })
    expect(event.CreateTime).toBeGreaterThanOrEqual(before)
    expect(ctx).toEqual({ OPENID: 'o-photographer', APPID: emu.appId, SOURCE: 'wx_unknown' })
    expect(emu.pushes.find((p) => p.traceId === traceId)).toMatchObject({ msgType: 'event', event: 'wxa_media_check', functionName: 'media-push', openid: 'o-photographer', outcome: 'delivered' })
  })

  test('a verdict is never pushed before the invocation that asked for it has ended, however short the delay', async () => {
    const url = await storedUrl('reports/o-rider/linger.jpg')
    let finished = false
    const call = devCall(emu, 'openapi', { api: 'security.mediaCheckAsync', params: mediaParams(url, 'o-linger'), lingerMs: 400 }, 'o-linger').finally(() => {
      finished = true
    })
    // Push out everything scheduled, again and again, while the asking function is still working.
    while (!finished) {
      await emu.settlePushes({ now: true })
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    const { result, error } = await call
    expect(error).toBeUndefined()
    const traceId = (result as ApiResult).res?.traceId as string
    await emu.settlePushes({ now: true })
    const asked = emu.invocations.filter((i) => i.functionName === 'openapi' && i.openid === 'o-linger').pop()
    const push = emu.pushes.find((p) => p.traceId === traceId)
    expect(asked?.durationMs).toBeGreaterThanOrEqual(400)
    expect(push?.outcome).toBe('delivered')
    // The routed function that received the verdict started only after the asking one had ended.
    const delivered = emu.invocations.filter((i) => i.functionName === 'media-push' && i.openid === 'o-linger').pop()
    expect(delivered?.startedAt).toBeGreaterThanOrEqual(asked!.startedAt + asked!.durationMs!)
  })

  test("a stored file whose cloud path contains 'risky' is risky (20002), 'review' is review (21000)", async () => {
    // The temp URL's own path is the same here; the rule reads the stored file's cloud path when it can.
    const risky = await check(await storedUrl('reports/risky/photo.jpg'))
    const review = await check(await storedUrl('reports/needs-review.png'))
    const other = await check('https://example.com/uploads/risky-banner.png')
    await emu.settlePushes()
    expect(received(risky)[0].event).toMatchObject({ result: { suggest: 'risky', label: 20002 }, detail: [{ suggest: 'risky', label: 20002 }] })
    expect(received(review)[0].event).toMatchObject({ result: { suggest: 'review', label: 21000 } })
    expect(received(other)[0].event).toMatchObject({ result: { suggest: 'risky', label: 20002 } })
  })

  test('setMediaVerdict replaces the rule (it sees the URL and the stored path); no argument restores the default', async () => {
    const seen: Array<{ url: string; path?: string }> = []
    emu.setMediaVerdict((media) => {
      seen.push(media)
      return { suggest: 'review', label: 20001 }
    })
    try {
      const url = await storedUrl('reports/o-rider/fine.jpg')
      const traceId = await check(url)
      await emu.settlePushes()
      expect(received(traceId)[0].event).toMatchObject({ result: { suggest: 'review', label: 20001 } })
      expect(seen).toEqual([{ url, path: 'reports/o-rider/fine.jpg' }])
    } finally {
      emu.setMediaVerdict()
    }
    const traceId = await check('https://example.com/fine.jpg')
    await emu.settlePushes()
    expect(received(traceId)[0].event).toMatchObject({ result: { suggest: 'pass', label: 100 } })
  })

  test.each([
    ['a missing media_url', 47001, { mediaType: 2, version: 2, scene: 1, openid: 'o-rider' }],
    ['a non-string media_url', 47001, mediaParamsOf({ mediaUrl: 42 })],
    ['media_type 3', 47001, mediaParamsOf({ mediaType: 3 })],
    ['scene 5', 47001, mediaParamsOf({ scene: 5 })],
    ['no openid', 40003, mediaParamsOf({ openid: undefined })],
  ])('%s is answered with errcode %i and pushes nothing', async (_what, errCode, params) => {
    const before = emu.pushes.length
    const r = await callApi('openapi', 'security.mediaCheckAsync', params)
    expect(r).toMatchObject({ ok: false, errCode })
    await emu.settlePushes()
    expect(emu.pushes.length).toBe(before)
  })

  test('version 1 (deprecated, another push payload) answers not emulated', async () => {
    const r = await callApi('openapi', 'security.mediaCheckAsync', mediaParamsOf({ version: 1 }))
    expect(r.ok).toBe(false)
    expect(r.errMsg).toMatch(/not emulated: security\.mediaCheckAsync version 1/)
  })

  test('a push whose function throws is recorded as failed with the error', async () => {
    const traceId = await check('https://example.com/a.jpg', 'o-push-fails')
    await emu.settlePushes()
    const rec = emu.pushes.find((p) => p.traceId === traceId)
    expect(rec).toMatchObject({ functionName: 'media-push', outcome: 'failed' })
    expect(rec?.error).toMatch(/push handler failed/)
  })

  test('the whitelist applies: a function without security.mediaCheckAsync gets -604101', async () => {
    const r = await callApi('openapi-restricted', 'security.mediaCheckAsync', mediaParams('https://example.com/a.jpg'))
    expect(r).toMatchObject({ ok: false, errCode: -604101 })
  })

  test('with no route for wxa_media_check the push is recorded as undelivered', async () => {
    const bare = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS })
    try {
      const { result } = await devCall(bare, 'openapi', { api: 'security.mediaCheckAsync', params: mediaParams('https://example.com/a.jpg') }, 'o-rider')
      const traceId = ((result as ApiResult).res as Record<string, unknown>).traceId
      await bare.settlePushes()
      expect(bare.pushes).toEqual([expect.objectContaining({ traceId, event: 'wxa_media_check', outcome: 'undelivered', error: expect.stringMatching(/no message-push route/) })])
      expect(bare.pushes[0].functionName).toBeUndefined()
    } finally {
      await bare.close()
    }
  })

  test('close() does not wait for pushes still in their delay; they are recorded as undelivered', async () => {
    const slow = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS, mediaCheckDelayMs: 60_000, messagePush: [{ msgType: 'event', event: 'wxa_media_check', functionName: 'media-push' }] })
    const { result } = await devCall(slow, 'openapi', { api: 'security.mediaCheckAsync', params: mediaParams('https://example.com/a.jpg') }, 'o-rider')
    expect((result as ApiResult).ok).toBe(true)
    expect(slow.pushes).toHaveLength(0)
    const started = Date.now()
    await slow.close()
    expect(Date.now() - started).toBeLessThan(5000)
    expect(slow.pushes).toEqual([expect.objectContaining({ outcome: 'undelivered', error: 'emulator is closing' })])
  })

  test('settlePushes({ now: true }) delivers a delayed push at once', async () => {
    const slow = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS, mediaCheckDelayMs: 60_000, messagePush: [{ msgType: 'event', event: 'wxa_media_check', functionName: 'media-push' }] })
    try {
      await devCall(slow, 'openapi', { api: 'security.mediaCheckAsync', params: mediaParams('https://example.com/a.jpg') }, 'o-rider')
      await slow.settlePushes({ now: true })
      expect(slow.pushes).toEqual([expect.objectContaining({ outcome: 'delivered', functionName: 'media-push' })])
    } finally {
      await slow.close()
    }
  })
})

function mediaParamsOf(over: Record<string, unknown>): Record<string, unknown> {
  return { mediaUrl: 'https://example.com/a.jpg', mediaType: 2, version: 2, scene: 1, openid: 'o-rider', ...over }
}

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
