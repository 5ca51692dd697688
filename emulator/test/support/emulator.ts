/**
 * Starting the emulator in tests, for every suite: an in-memory emulator on a free port, and a way to run
 * the REAL wx-server-sdk in the test process against it, optionally as a given mini-program user.
 *
 *   const emu = await startTestEmulator({ functionsDir: FIXTURE_FUNCTIONS })
 *   const restore = useSdkEnv(emu, { openid: 'o-alice' })   // process.env as a function would have it
 *   const cloud = loadCloud()                                // a fresh wx-server-sdk, cloud.init() done
 *   await cloud.callFunction({ name: 'echo', data: {} })
 *   restore(); await emu.close()
 */
import path from 'node:path'
import { startEmulator, type ClientIdentity, type Emulator, type EmulatorOptions } from '../../src/server'

export type { Emulator, ClientIdentity }

export const FIXTURE_FUNCTIONS = path.join(__dirname, '..', 'fixtures', 'functions')

export function startTestEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator({ memory: true, dev: true, port: 0, ...options })
}

const SDK_KEYS = /^(WX_|TCB_|SCF_|TENCENTCLOUD_|SILENCE$)/

/** Points wx-server-sdk in this process at the emulator (as the given user, if any). Returns a restore function. */
export function useSdkEnv(emu: Emulator, identity?: ClientIdentity): () => void {
  const saved: Record<string, string | undefined> = {}
  for (const k of Object.keys(process.env)) if (SDK_KEYS.test(k)) saved[k] = process.env[k]
  for (const k of Object.keys(saved)) delete process.env[k]
  Object.assign(process.env, emu.sdkEnv(identity))
  return () => {
    for (const k of Object.keys(process.env)) if (SDK_KEYS.test(k)) delete process.env[k]
    for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v
  }
}

type SdkPackage = 'wx-server-sdk' | 'wx-server-sdk-v2' | 'wx-server-sdk-v3'

/**
 * A wx-server-sdk instance initialised with `DYNAMIC_CURRENT_ENV`, as function code does. The SDK reads
 * the endpoint and identity from process.env on each call, so call useSdkEnv first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function loadCloud(pkg: SdkPackage = 'wx-server-sdk'): any {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cloud = require(pkg)
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
  return cloud
}

/** POST /__dev/call/<name> as the H5 front end does. */
export async function devCall(emu: Emulator, name: string, data: unknown, openid = 'o-dev-user'): Promise<{ result?: unknown; error?: { code: string; message: string } }> {
  const res = await fetch(`${emu.url}/__dev/call/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, data }),
  })
  return (await res.json()) as { result?: unknown; error?: { code: string; message: string } }
}
