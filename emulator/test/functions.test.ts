/**
 * Cloud functions through the real wx-server-sdk: identity and SOURCE (nested calls), the SCF context,
 * warm instances, isolation of concurrent invocations, timeouts, size limits, failures (also of functions that
 * cannot load) and logs.
 * Expected platform behaviour: wire protocol §6.1 and §8; limits: wechat-platform-and-security.md §5.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { CallerIdentity } from '../src/actions'
import { FIXTURE_FUNCTIONS, devCall, loadCloud, startTestEmulator, useSdkEnv, type Emulator } from './support/emulator'

jest.setTimeout(30_000)

let emu: Emulator
let restore: () => void
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let cloud: any
const seen: Array<CallerIdentity | undefined> = []

beforeAll(async () => {
  emu = await startTestEmulator({
    functionsDir: FIXTURE_FUNCTIONS,
    actions: { 'test.whoCalled': (_body, ctx) => (seen.push(ctx.caller), { data: { caller: ctx.caller ?? null } }) },
  })
  restore = useSdkEnv(emu, { openid: 'o-alice', unionid: 'u-alice' })
  cloud = loadCloud()
})

afterAll(async () => {
  restore()
  await emu.close()
})

describe('identity and context', () => {
  test('a function called by a user sees that user, SOURCE wx_client, and the SCF context', async () => {
    const { result } = await cloud.callFunction({ name: 'echo', data: { a: 1 } })
    expect(result.wx).toMatchObject({ OPENID: 'o-alice', APPID: emu.appId, ENV: emu.envId, SOURCE: 'wx_client' })
    // The platform injects userInfo into events from users, overwriting anything the client sent.
    expect(result.event).toEqual({ a: 1, userInfo: { appId: emu.appId, openId: 'o-alice' } })
    expect(result.context).toMatchObject({ function_name: 'echo', namespace: emu.envId, time_limit_in_ms: 3000, memory_limit_in_mb: 256 })
    expect(typeof result.context.request_id).toBe('string')
    expect(result.runenv).toBe('SCF')
    expect(result.tz).toBe('UTC')
  })

  test('a nested call keeps the caller identity and records SOURCE wx_client,scf', async () => {
    const { result } = await cloud.callFunction({ name: 'caller', data: { target: 'whoami' } })
    expect(result.self).toMatchObject({ OPENID: 'o-alice', SOURCE: 'wx_client' })
    expect(result.nested.before).toMatchObject({ OPENID: 'o-alice', APPID: emu.appId, SOURCE: 'wx_client,scf' })
  })

  test('requests made by a function carry its identity and invocation id to the action handlers', async () => {
    const { result } = await cloud.callFunction({ name: 'raw-caller', data: { action: 'test.whoCalled' } })
    expect(result.data.caller).toMatchObject({ openid: 'o-alice', source: 'wx_client', functionName: 'raw-caller' })
    const record = emu.invocations.filter((i) => i.functionName === 'raw-caller').pop()
    expect(result.data.caller.invocationId).toBe(record?.invocationId)
  })

  test('two concurrent invocations never see each other identity', async () => {
    const [a, b] = await Promise.all([devCall(emu, 'whoami', { delayMs: 400 }, 'o-one'), devCall(emu, 'whoami', { delayMs: 400 }, 'o-two')])
    const ra = a.result as { before: { OPENID: string }; after: { OPENID: string }; pid: number }
    const rb = b.result as { before: { OPENID: string }; after: { OPENID: string }; pid: number }
    expect([ra.before.OPENID, ra.after.OPENID]).toEqual(['o-one', 'o-one'])
    expect([rb.before.OPENID, rb.after.OPENID]).toEqual(['o-two', 'o-two'])
    // One invocation at a time per instance: overlapping calls ran in different processes.
    expect(ra.pid).not.toBe(rb.pid)
  })
})

describe('warm instances', () => {
  test('module state survives between invocations of a warm instance', async () => {
    const r1 = (await cloud.callFunction({ name: 'counter' })).result
    const r2 = (await cloud.callFunction({ name: 'counter' })).result
    const r3 = (await cloud.callFunction({ name: 'counter' })).result
    expect([r1.count, r2.count, r3.count]).toEqual([1, 2, 3])
    expect(new Set([r1.pid, r2.pid, r3.pid]).size).toBe(1)
  })
})

describe('failures and limits', () => {
  test('a function exceeding its config.json timeout is killed and answers a timeout error', async () => {
    const err = await cloud.callFunction({ name: 'slow', data: { ms: 30_000 } }).catch((e: unknown) => e)
    // wx-server-sdk 4 surfaces callFunction failures as errCode -1 with the server string code (§7).
    expect(err).toMatchObject({ errCode: -1, code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' })
    expect(err.message).toMatch(/Invoking task timed out after 1 seconds/)
    expect(emu.invocations.filter((i) => i.functionName === 'slow').pop()?.outcome).toBe('timeout')
    // The killed instance is replaced: the next call runs normally.
    const { result } = await cloud.callFunction({ name: 'slow', data: { ms: 1 } })
    expect(result).toEqual({ done: true })
  })

  test('an event over 6 MB is refused before the function runs', async () => {
    const before = emu.invocations.length
    const err = await cloud.callFunction({ name: 'echo', data: { s: 'x'.repeat(6 * 1024 * 1024 + 10) } }).catch((e: unknown) => e)
    expect(err).toMatchObject({ errCode: -1, code: 'INVALID_PARAM' })
    expect(err.message).toMatch(/limit is 6291456 bytes \(6 MB\)/)
    expect(emu.invocations.length).toBe(before)
  })

  test('a result over 6 MB is an execution failure', async () => {
    const err = await cloud.callFunction({ name: 'big-result', data: { bytes: 6 * 1024 * 1024 + 10 } }).catch((e: unknown) => e)
    expect(err).toMatchObject({ errCode: -1, code: 'FUNCTIONS_EXECUTE_FAIL' })
    expect(err.message).toMatch(/ResponseSizeLimitExceeded/)
  })

  test('an exception in the function answers FUNCTIONS_EXECUTE_FAIL with its message, and the instance stays usable', async () => {
    const err = await cloud.callFunction({ name: 'thrower' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ errCode: -1, code: 'FUNCTIONS_EXECUTE_FAIL' })
    expect(err.message).toMatch(/^callFunction:fail Error: boom from thrower/)
    expect(err.message).not.toMatch(/runner\.cjs/)
    const again = await cloud.callFunction({ name: 'thrower' }).catch((e: unknown) => e)
    expect(again.code).toBe('FUNCTIONS_EXECUTE_FAIL')
  })

  test('an instance that dies mid-invocation answers an execution failure', async () => {
    const err = await cloud.callFunction({ name: 'crasher' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' })
    expect(err.message).toMatch(/exited unexpectedly \(code 3\)/)
  })

  test('an unknown function answers FUNCTION_NOT_FOUND, as the platform', async () => {
    const err = await cloud.callFunction({ name: 'no-such-function' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'FUNCTION_NOT_FOUND', errCode: -1 })
    expect(err.message).toMatch(/function not found: no-such-function/)
  })

  test('a nested call to a failing function surfaces inside the caller', async () => {
    const { result } = await cloud.callFunction({ name: 'caller', data: { target: 'thrower' } })
    expect(result.error).toMatchObject({ errCode: -1, code: 'FUNCTIONS_EXECUTE_FAIL' })
    expect(result.error.errMsg).toMatch(/boom from thrower/)
  })
})

// On the platform a function whose module fails to load fails each invocation promptly with the load error
// (the SDK caller sees `callFunction:fail …`, FUNCTIONS_EXECUTE_FAIL). These must answer, never hang: the
// per-test timeout is only a safety net.
describe('functions that fail to load', () => {
  const cases: Array<[string, RegExp]> = [
    ['load-throws', /function failed to load: Error: action remove has no handler/],
    ['load-syntax', /function failed to load: SyntaxError: /],
    ['load-no-main', /function failed to load: Error: \S*load-no-main[\\/]index\.js does not export main/],
    ['load-exit', /function failed to load: function instance exited while loading \(code 2\)/],
  ]

  test.each(cases)('%s answers FUNCTIONS_EXECUTE_FAIL with the load error, through the SDK and /__dev/call, every time', async (name, text) => {
    for (let i = 0; i < 2; i++) {
      const err = await cloud.callFunction({ name }).catch((e: unknown) => e)
      expect(err).toMatchObject({ errCode: -1, code: 'FUNCTIONS_EXECUTE_FAIL' })
      expect(err.message).toMatch(/^callFunction:fail Error: function failed to load: /)
      expect(err.message).toMatch(text)
      expect(err.message).not.toMatch(/runner\.cjs/)
      const dev = await devCall(emu, name, {})
      expect(dev.result).toBeUndefined()
      expect(dev.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL')
      expect(dev.error?.message).toMatch(text)
    }
    const records = emu.invocations.filter((r) => r.functionName === name)
    expect(records).toHaveLength(4)
    for (const r of records) expect(r).toMatchObject({ outcome: 'error', error: expect.stringMatching(text) })
  })

  test('the load error is the user error with its place in the user file', async () => {
    const dev = await devCall(emu, 'load-throws', {})
    expect(dev.error?.message).toMatch(/load-throws[\\/]index\.js:\d+/)
  })

  test('a load failure is remembered: later and concurrent calls get it without starting more instances', async () => {
    const loads = () => emu.functionLogs.filter((l) => l.functionName === 'load-throws' && l.text === 'loading load-throws').length
    await cloud.callFunction({ name: 'load-throws' }).catch(() => undefined)
    const before = loads()
    const burst = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? devCall(emu, 'load-throws', {}).then((d) => d.error?.code) : cloud.callFunction({ name: 'load-throws' }).then(() => 'ok', (e: { code: string }) => e.code))))
    expect(burst).toEqual(Array(8).fill('FUNCTIONS_EXECUTE_FAIL'))
    expect(loads()).toBe(before)
  })

  test('a nested call to a function that fails to load surfaces inside the caller', async () => {
    const { result } = await cloud.callFunction({ name: 'caller', data: { target: 'load-throws' } })
    expect(result.error).toMatchObject({ errCode: -1, code: 'FUNCTIONS_EXECUTE_FAIL' })
    expect(result.error.errMsg).toMatch(/action remove has no handler/)
  })

  test('a function that never finishes loading answers its timeout', async () => {
    const err = await cloud.callFunction({ name: 'load-hangs' }).catch((e: unknown) => e)
    expect(err).toMatchObject({ errCode: -1, code: 'FUNCTIONS_TIME_LIMIT_EXCEEDED' })
    expect(err.message).toMatch(/Invoking task timed out after 1 seconds/)
  })

  describe('with one instance per function', () => {
    let one: Emulator
    let dir: string
    beforeAll(async () => {
      // A private copy of the fixtures, so a test can rebuild a function.
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-load-'))
      for (const name of ['load-throws', 'load-exit', 'load-slow', 'idle-crasher']) fs.cpSync(path.join(FIXTURE_FUNCTIONS, name), path.join(dir, name), { recursive: true })
      one = await startTestEmulator({ functionsDir: dir, maxWorkersPerFunction: 1 })
    })
    afterAll(async () => {
      await one.close()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    test.each(['load-throws', 'load-exit'])('calls queued behind a %s instance that fails to load all answer the load error', async (name) => {
      const answers = await Promise.all(Array.from({ length: 5 }, () => devCall(one, name, {})))
      for (const a of answers) expect(a.error).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', message: expect.stringMatching(/function failed to load/) })
    })

    test('once the function is rebuilt, the next call loads it again', async () => {
      expect((await devCall(one, 'load-throws', {})).error?.code).toBe('FUNCTIONS_EXECUTE_FAIL')
      fs.writeFileSync(path.join(dir, 'load-throws', 'index.js'), 'exports.main = async () => ({ fixed: true })\n')
      expect(await devCall(one, 'load-throws', {})).toEqual({ result: { fixed: true } })
    })

    test('an instance killed by a signal while loading is a crash of that call, not a load failure to remember', async () => {
      const call = devCall(one, 'load-slow', {})
      let pid: number | undefined
      while (pid === undefined) {
        const ps = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
        pid = ps.split('\n').filter((l) => l.includes('load-slow')).map((l) => Number(l.trim().split(/\s+/)[0]))[0]
        if (pid === undefined) await new Promise((r) => setTimeout(r, 20))
      }
      process.kill(pid, 'SIGKILL')
      expect((await call).error).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL', message: expect.stringMatching(/exited unexpectedly \(SIGKILL\)/) })
      const next = await devCall(one, 'load-slow', {})
      expect(next.result).toEqual({ pid: expect.any(Number) })
      expect((next.result as { pid: number }).pid).not.toBe(pid)
    })

    test('an instance that dies while idle frees its slot: the next call starts a new one', async () => {
      const first = (await devCall(one, 'idle-crasher', { arm: true })).result as { pid: number }
      // Wait until the process is gone (kill 0 probes without signalling).
      for (;;) {
        try {
          process.kill(first.pid, 0)
        } catch {
          break
        }
        await new Promise((r) => setTimeout(r, 10))
      }
      const second = (await devCall(one, 'idle-crasher', {})).result as { pid: number }
      expect(second.pid).not.toBe(first.pid)
    })
  })
})

describe('logs', () => {
  test('console output is kept per invocation', async () => {
    await cloud.callFunction({ name: 'logger', data: { tag: 'T-42' } })
    const inv = emu.invocations.filter((i) => i.functionName === 'logger').pop()
    expect(inv?.outcome).toBe('ok')
    const lines = emu.functionLogs.filter((l) => l.invocationId === inv?.invocationId)
    expect(lines.map((l) => [l.level, l.text])).toEqual([
      ['log', 'hello from logger T-42'],
      ['error', 'an error line T-42'],
    ])
  })
})

describe('database requests per invocation', () => {
  const run = async (shape: { parallel?: number; sequential?: number }) => {
    await cloud.callFunction({ name: 'db-pattern', data: { collection: 'roundtrips', ...shape } })
    return emu.invocations.filter((i) => i.functionName === 'db-pattern').pop()?.db
  }

  beforeAll(async () => {
    // Made from this process, which is no invocation: none of these requests is counted.
    const db = cloud.database()
    await db.createCollection('roundtrips')
    await db.collection('roundtrips').add({ data: { n: 0 } })
  })

  test('two reads at once and one after them are 3 requests in a chain of 2', async () => {
    const db = await run({ parallel: 2, sequential: 1 })
    expect(db).toMatchObject({ requests: 3, chain: 2 })
    expect(db?.responseBytes).toBeGreaterThan(0)
  })

  test('reads one after another chain; reads at once count once', async () => {
    expect(await run({ sequential: 3 })).toMatchObject({ requests: 3, chain: 3 })
    expect(await run({ parallel: 4 })).toMatchObject({ requests: 4, chain: 1 })
    expect(await run({})).toEqual({ requests: 0, chain: 0, responseBytes: 0 })
  })
})
