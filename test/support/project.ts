/**
 * Project-level test harness: an in-memory emulator with this project's schema, the cloud functions
 * built from source (each test process builds into its own folder, so parallel suites never race),
 * and optionally the demo data. Functions run in the emulator's worker processes with the real
 * wx-server-sdk; calls go through the dev route exactly as the H5 front end makes them.
 *
 *   const app = await startProject({ seed: true })
 *   const me = await app.callAs('worker', 'users', 'me')          // a seeded dev identity
 *   const res = await app.call('users', 'me', {}, 'o-someone')    // any openid
 *   const doc = await app.db.collection('users').doc(app.userIdOf('dev-admin')).get()
 *   await app.timer('passbook', 'reconcile')                         // as the timer trigger
 *   await app.invoke('passbook', { action, payload }, { source: 'wx_client,scf', openid })
 *   await app.emu.settlePushes()                                     // message pushes (mediaCheckAsync verdicts) delivered
 *   await app.close()
 */
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { schema } from '../../cloudfunctions/database-schema'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { messagePush } from '../../cloudfunctions/message-push'
import { startEmulator, type Emulator } from '@nuanxin/cloudbase-emulator'
import { buildFunctions, ROOT } from '../../scripts/build-functions'
import { sdkDatabase, writeDemoData } from '../../scripts/seed/load'
import { buildDemoData } from '../../scripts/seed/demo-data'
import type { Envelope } from '../../src/core/envelope'
import type { Role } from '../../src/core/roles'
import { devIdentities } from '../../src/users/dev-identities'

/** Fixed reference time for the demo data, so suites see the same dates on every run. */
export const SEED_NOW = new Date('2025-06-02T02:00:00.000Z')

export interface ProjectOptions {
  seed?: boolean
  /** Only build these functions (default: all). */
  functions?: string[]
}

export interface Project {
  emu: Emulator
  /** wx-server-sdk database bound to the emulator, for arranging and inspecting data. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: any
  /** Calls `name` with `{ action, payload }` as the given OPENID (undefined = no signed-in user). */
  call<T = unknown>(name: string, action: string, payload?: unknown, openid?: string): Promise<Envelope<T>>
  /** Calls with an arbitrary event body (to test malformed requests). */
  callRaw<T = unknown>(name: string, data: unknown, openid?: string): Promise<Envelope<T>>
  /** Calls as the seeded dev user of a role. */
  callAs<T = unknown>(role: Role, name: string, action: string, payload?: unknown): Promise<Envelope<T>>
  /**
   * Invokes as the platform would for a non-page caller: `source` `wx_trigger` for a timer, or
   * `wx_client,scf` for a function called by another function on a user's behalf.
   */
  invoke<T = unknown>(name: string, event: unknown, options: { source: string; openid?: string }): Promise<Envelope<T>>
  /** Runs a timer job the way the platform's timer trigger does. */
  timer<T = unknown>(name: string, triggerName: string): Promise<Envelope<T>>
  /** Uploads a small file to storage the way the H5 app does, as `openid`; answers its fileID. */
  upload(cloudPath: string, openid: string): Promise<string>
  userIdOf(openid: string): string
  devOpenid(role: Role): string
  close(): Promise<void>
}

export async function startProject(options: ProjectOptions = {}): Promise<Project> {
  const functionsDir = path.join(ROOT, '.temp', `functions-${process.pid}-${Math.random().toString(36).slice(2, 8)}`)
  mkdirSync(functionsDir, { recursive: true })
  let emu: Emulator | undefined
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let db: any
  try {
    await buildFunctions({ outRoot: functionsDir, only: options.functions })
    // Verdict pushes go out at once; a test awaits them with `app.emu.settlePushes()`.
    emu = await startEmulator({ memory: true, dev: true, port: 0, schema, functionsDir, maxWorkersPerFunction: 2, messagePush, mediaCheckDelayMs: 0 })
    db = sdkDatabase(emu.adminUrl, emu.envId)
    if (options.seed) await writeDemoData(db, buildDemoData({ now: SEED_NOW }))
  } catch (err) {
    // A failed start must not leave a stray emulator or build folder behind.
    await emu?.close()
    rmSync(functionsDir, { recursive: true, force: true })
    throw err
  }

  const callRaw = async <T>(name: string, data: unknown, openid?: string): Promise<Envelope<T>> => {
    const res = await fetch(`${emu.url}/__dev/call/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(openid === undefined ? { data } : { openid, data }),
    })
    const body = (await res.json()) as { result?: Envelope<T>; error?: { code: string; message: string } }
    if (body.error) throw new Error(`function ${name} failed on the platform: ${body.error.code} ${body.error.message}`)
    return body.result as Envelope<T>
  }
  const devOpenid = (role: Role) => {
    const d = devIdentities.find((x) => x.role === role)
    if (!d) throw new Error(`no dev identity for ${role}`)
    return d.openid
  }
  const invoke = async <T>(name: string, event: unknown, opts: { source: string; openid?: string }): Promise<Envelope<T>> => {
    const identity = opts.openid ? { openid: opts.openid, appid: emu.appId } : undefined
    return JSON.parse(await emu.functions.invoke({ name, data: JSON.stringify(event), identity, source: opts.source })) as Envelope<T>
  }
  const upload = async (cloudPath: string, openid: string): Promise<string> => {
    const form = new FormData()
    form.append('cloudPath', cloudPath)
    form.append('openid', openid)
    form.append('file', new Blob([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9])], { type: 'image/jpeg' }), cloudPath.split('/').pop())
    const res = (await (await fetch(`${emu.url}/__dev/upload`, { method: 'POST', body: form })).json()) as { fileID?: string }
    if (!res.fileID) throw new Error(`upload of ${cloudPath} failed: ${JSON.stringify(res)}`)
    return res.fileID
  }
  return {
    emu: emu as Emulator,
    db,
    callRaw,
    upload,
    invoke,
    timer: (name, triggerName) => invoke(name, { Type: 'Timer', TriggerName: triggerName, Time: new Date().toISOString() }, { source: 'wx_trigger' }),
    call: (name, action, payload = {}, openid) => callRaw(name, { action, payload }, openid),
    callAs: (role, name, action, payload = {}) => callRaw(name, { action, payload }, devOpenid(role)),
    userIdOf: userIdFor,
    devOpenid,
    async close() {
      await emu.close()
      rmSync(functionsDir, { recursive: true, force: true })
    },
  }
}
