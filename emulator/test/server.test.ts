/**
 * The HTTP server itself, over raw HTTP: the error envelope for bad input (never a crash), the dev-call
 * endpoint used by the H5 front end (dev mode and loopback only), static SPA serving and the console.
 */
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { IncomingMessage } from 'node:http'
import { isLoopback } from '../src/http/respond'
import { jsonDepth } from '../src/http/body'
import { FIXTURE_FUNCTIONS, devCall, startTestEmulator, type Emulator } from './support/emulator'

jest.setTimeout(30_000)

let emu: Emulator
const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-static-'))

beforeAll(async () => {
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>h5 shell</title>')
  fs.mkdirSync(path.join(staticDir, 'js'))
  fs.writeFileSync(path.join(staticDir, 'js', 'app.1234abcd.js'), 'console.log(1)')
  emu = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS, staticDir })
})

afterAll(async () => {
  await emu.close()
  fs.rmSync(staticDir, { recursive: true, force: true })
})

async function admin(body: string | Buffer, contentType = 'application/json') {
  const res = await fetch(emu.adminUrl, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]) })
  return { status: res.status, body: (await res.json()) as { code?: string; message?: string; requestId?: string } }
}

describe('bad input on /admin gets the platform error envelope', () => {
  test('malformed JSON', async () => {
    const r = await admin('{"action": "functions.invokeFunction",')
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ code: 'INVALID_PARAM', message: 'request body is not valid JSON' })
    expect(typeof r.body.requestId).toBe('string')
  })

  test('a JSON value that is not an object', async () => {
    expect((await admin('[1,2,3]')).body.code).toBe('INVALID_PARAM')
    expect((await admin('null')).body.code).toBe('INVALID_PARAM')
  })

  test('unknown actions, including prototype names', async () => {
    for (const action of ['database.nope', '__proto__', 'constructor', 'toString', 42]) {
      const r = await admin(JSON.stringify({ action }))
      expect(r.body).toMatchObject({ code: 'INVALID_ACTION', message: `unknown action: ${action}` })
    }
  })

  test('deep nesting is refused before parsing', async () => {
    const deep = '{"action":"functions.invokeFunction","x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}'
    const r = await admin(deep)
    expect(r.body.code).toBe('INVALID_PARAM')
    expect(r.body.message).toMatch(/nests deeper than 64 levels/)
  })

  test('a body over the size limit is refused and the server keeps serving', async () => {
    const huge = Buffer.alloc(17 * 1024 * 1024, 0x20)
    const r = await admin(huge)
    expect(r.body.code).toBe('EXCEED_REQUEST_LIMIT')
    const after = await admin(JSON.stringify({ action: 'nope' }))
    expect(after.body.code).toBe('INVALID_ACTION')
  })

  test('malformed multipart bodies', async () => {
    const r = await admin('--xyz\r\nno headers end', 'multipart/form-data; boundary=xyz')
    expect(r.body.code).toBe('INVALID_PARAM')
    expect(r.body.message).toMatch(/malformed multipart body/)
  })

  test('a wx.openApi request whose requestData is not protobuf', async () => {
    const form = new FormData()
    form.append('action', 'wx.openApi')
    form.append('apiName', 'security.msgSecCheck')
    form.append('requestData', new Blob([Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff])]))
    const res = await fetch(emu.adminUrl, { method: 'POST', body: form })
    const body = (await res.json()) as { code: string }
    expect(body.code).toBe('INVALID_PARAM')
  })

  test('a forged wxCloudApiToken', async () => {
    const r = await admin(JSON.stringify({ action: 'functions.invokeFunction', function_name: 'echo', wxCloudApiToken: 'forged' }))
    expect(r.body).toMatchObject({ code: 'INVALID_PARAM', message: 'wxCloudApiToken is invalid or expired' })
  })

  test('wrong field types', async () => {
    const r = await admin(JSON.stringify({ action: 'functions.invokeFunction', function_name: 'echo', request_data: { not: 'a string' } }))
    expect(r.body.code).toBe('INVALID_PARAM')
    const s = await admin(JSON.stringify({ action: 'storage.batchGetDownloadUrl', file_list: 'x' }))
    expect(s.body.code).toBe('INVALID_PARAM')
  })

  test('a request that is not HTTP at all gets a 400 and the server lives on', async () => {
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(emu.port, '127.0.0.1', () => socket.write('\x00\x01garbage\r\n\r\n'))
      let data = ''
      socket.on('data', (d) => (data += d.toString()))
      socket.on('close', () => resolve(data))
    })
    expect(reply).toMatch(/^HTTP\/1\.1 400/)
    expect((await admin(JSON.stringify({ action: 'nope' }))).body.code).toBe('INVALID_ACTION')
  })

  test('GET /admin is not an action', async () => {
    expect((await fetch(emu.adminUrl)).status).toBe(405)
  })

  test('the depth scan ignores brackets inside strings', () => {
    expect(jsonDepth('{"a":"[[[[[[","b":[1,{"c":2}]}')).toBe(3)
  })
})

describe('POST /__dev/call/<name>', () => {
  test('answers { result } with the function return value', async () => {
    const r = await devCall(emu, 'echo', { hello: 'world' }, 'o-h5-user')
    const result = r.result as { wx: Record<string, unknown>; event: Record<string, unknown> }
    expect(result.wx).toMatchObject({ OPENID: 'o-h5-user', SOURCE: 'wx_client', CLIENTIP: '127.0.0.1' })
    expect(result.event.hello).toBe('world')
  })

  test('answers { error: {code, message} } when the function fails', async () => {
    const r = await devCall(emu, 'thrower', {})
    expect(r.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL')
    expect(r.error?.message).toMatch(/boom from thrower/)
    expect(r.result).toBeUndefined()
  })

  test('answers an error for malformed requests', async () => {
    const res = await fetch(`${emu.url}/__dev/call/echo`, { method: 'POST', body: '{oops' })
    expect(await res.json()).toEqual({ error: { code: 'INVALID_PARAM', message: 'request body is not valid JSON' } })
  })

  test('is off unless dev mode is on', async () => {
    const plain = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS, dev: false })
    try {
      const res = await fetch(`${plain.url}/__dev/call/echo`, { method: 'POST', body: '{}' })
      expect(res.status).toBe(404)
    } finally {
      await plain.close()
    }
  })

  test('refuses clients that are not on loopback', async () => {
    const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)
    const fake = (remoteAddress: string) => ({ socket: { remoteAddress } }) as unknown as IncomingMessage
    expect(isLoopback(fake('127.0.0.1'))).toBe(true)
    expect(isLoopback(fake('::1'))).toBe(true)
    expect(isLoopback(fake('::ffff:127.0.0.1'))).toBe(true)
    expect(isLoopback(fake('192.168.1.20'))).toBe(false)
    expect(isLoopback(fake('::ffff:10.0.0.5'))).toBe(false)
    if (!external) return
    // With a real non-loopback interface, check the whole path: bind everywhere, call from that address.
    const open = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS, host: '0.0.0.0' })
    try {
      const res = await fetch(`http://${external.address}:${open.port}/__dev/call/echo`, { method: 'POST', body: '{}' })
      expect(res.status).toBe(403)
      const console = await fetch(`http://${external.address}:${open.port}/__console`)
      expect(console.status).toBe(403)
    } finally {
      await open.close()
    }
  })
})

describe('static H5 app and console', () => {
  test('serves files, falls back to index.html for app routes, 404s missing assets', async () => {
    const index = await fetch(`${emu.url}/`)
    expect(await index.text()).toMatch(/h5 shell/)
    const route = await fetch(`${emu.url}/pages/stations/detail?id=3`)
    expect(route.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await route.text()).toMatch(/h5 shell/)
    const js = await fetch(`${emu.url}/js/app.1234abcd.js`)
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await js.text()).toBe('console.log(1)')
    expect((await fetch(`${emu.url}/js/missing.js`)).status).toBe(404)
  })

  test('never serves files outside the static folder', async () => {
    const res = await fetch(`${emu.url}/..%2f..%2f..%2fetc%2fpasswd`)
    expect(await res.text()).not.toMatch(/root:/)
  })

  test('the console page and its read-only JSON', async () => {
    const page = await fetch(`${emu.url}/__console`)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await page.text()).toMatch(/read-only console/)
    await devCall(emu, 'logger', { tag: 'console' })
    const fns = (await (await fetch(`${emu.url}/__console/api/functions`)).json()) as { functions: string[]; logs: Array<{ text: string }> }
    expect(fns.functions).toContain('logger')
    expect(fns.logs.map((l) => l.text)).toContain('hello from logger console')
    const cols = (await (await fetch(`${emu.url}/__console/api/collections`)).json()) as { envId: string }
    expect(cols.envId).toBe(emu.envId)
    expect((await fetch(`${emu.url}/__console/api/outbox`, { method: 'POST' })).status).toBe(404)
  })
})
