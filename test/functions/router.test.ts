/**
 * Router behaviour beyond the users function, on a fixture function built by the same pipeline and
 * run in the emulator's workers: object-level scope checks, internal-only actions, timer jobs that
 * clients cannot trigger, and unexpected errors answered as INTERNAL without leaking detail.
 */
import path from 'node:path'
import { mkdirSync, rmSync } from 'node:fs'
import { schema } from '../../cloudfunctions/database-schema'
import { startEmulator, type Emulator } from '@nuanxin/cloudbase-emulator'
import { buildDemoData } from '../../scripts/seed/demo-data'
import { buildFunction, ROOT } from '../../scripts/build-functions'
import { sdkDatabase, writeDemoData } from '../../scripts/seed/load'
import type { Envelope } from '../../src/core/envelope'
import { SEED_NOW } from '../support/project'

let emu: Emulator
const dir = path.join(ROOT, '.temp', `router-probe-${process.pid}`)

beforeAll(async () => {
  mkdirSync(dir, { recursive: true })
  await buildFunction('router-probe', dir, path.join(__dirname, 'fixtures'))
  emu = await startEmulator({ memory: true, dev: true, port: 0, schema, functionsDir: dir })
  await writeDemoData(sdkDatabase(emu.adminUrl, emu.envId), buildDemoData({ now: SEED_NOW }))
}, 60_000)

afterAll(async () => {
  await emu?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function call(data: unknown, openid?: string): Promise<Envelope<Record<string, unknown>>> {
  const res = await fetch(`${emu.url}/__dev/call/router-probe`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, data }) })
  return ((await res.json()) as { result: Envelope<Record<string, unknown>> }).result
}

const code = (e: Envelope<unknown>) => (e.ok ? 'OK' : e.error.code)

it('passes cleaned input and the server-side caller to the handler', async () => {
  const res = await call({ action: 'echo', payload: { text: ' 你好 ', admin: true } }, 'dev-team-captain')
  expect(res.ok).toBe(true)
  if (!res.ok) return
  expect(res.data).toMatchObject({ text: '你好', source: 'wx_client', userId: expect.stringMatching(/^u[0-9a-f]{24}$/) })
  expect([...(res.data.roles as string[])].sort()).toEqual(['party_member', 'team_captain', 'worker'])
  expect(Number.isNaN(Date.parse(res.data.serverTime as string))).toBe(false)
})

it('checks scopes per object: a manager of other stations is refused', async () => {
  expect(code(await call({ action: 'scoped', payload: { stationId: 'st-lf-001' } }, 'dev-station-manager'))).toBe('OK')
  expect(code(await call({ action: 'scoped', payload: { stationId: 'st-hj-001' } }, 'dev-station-manager'))).toBe('FORBIDDEN')
  expect(code(await call({ action: 'scoped', payload: { stationId: 'st-hj-001' } }, 'dev-admin'))).toBe('OK')
  expect(code(await call({ action: 'scoped', payload: { stationId: 'st-lf-001' } }, 'dev-worker'))).toBe('FORBIDDEN')
})

it('refuses internal-only actions and timer jobs from the mini-program', async () => {
  expect(code(await call({ action: 'internalOnly', payload: {} }, 'dev-admin'))).toBe('FORBIDDEN')
  expect(code(await call({ Type: 'Timer', TriggerName: 'nightly', Time: new Date().toISOString() }, 'dev-admin'))).toBe('FORBIDDEN')
  expect(code(await call({ Type: 'Timer', TriggerName: 'nightly' }))).toBe('FORBIDDEN')
})

it('runs internal actions for other functions and timer jobs for the platform timer', async () => {
  const viaFunction = JSON.parse(await emu.functions.invoke({ name: 'router-probe', data: JSON.stringify({ action: 'internalOnly', payload: {} }), identity: { openid: 'dev-worker', appid: emu.appId }, source: 'wx_client,scf' }))
  expect(viaFunction).toEqual({ ok: true, data: { done: true } })
  const timer = JSON.parse(await emu.functions.invoke({ name: 'router-probe', data: JSON.stringify({ Type: 'Timer', TriggerName: 'nightly', Time: new Date().toISOString() }), source: 'wx_trigger' }))
  expect(timer).toEqual({ ok: true, data: { ran: 'nightly' } })
  const unknownTimer = JSON.parse(await emu.functions.invoke({ name: 'router-probe', data: JSON.stringify({ Type: 'Timer', TriggerName: 'hourly' }), source: 'wx_trigger' }))
  expect(unknownTimer.error.code).toBe('FORBIDDEN')
})

it('rate-limits per user without overshooting under concurrency', async () => {
  const results = await Promise.all(Array.from({ length: 6 }, () => call({ action: 'limited', payload: {} }, 'seed-worker-20')))
  expect(results.filter((r) => r.ok)).toHaveLength(3)
  const refused = results.filter((r) => !r.ok)
  expect(refused.map(code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED'])
  expect(refused[0].ok === false && refused[0].error.message).toBe('操作太频繁，请一小时后再试')
  // (The fixture's window is ten years long, so the calls never straddle a window boundary.)
  // Another user has their own budget.
  expect(code(await call({ action: 'limited', payload: {} }, 'seed-worker-21'))).toBe('OK')
})

it('answers INTERNAL with a safe message and logs the detail', async () => {
  const res = await call({ action: 'boom', payload: {} }, 'dev-worker')
  expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: '系统开小差了，请稍后重试' } })
  expect(JSON.stringify(res)).not.toContain('hunter2')
  const logged = emu.functionLogs.filter((l) => l.functionName === 'router-probe' && l.level === 'error').map((l) => l.text).join('\n')
  expect(logged).toContain('"action":"boom"')
  expect(logged).toContain('"code":"INTERNAL"')
  expect(logged).not.toContain('dev-worker')
})
