/**
 * The whole app for browser tests: an in-memory emulator with the schema, the cloud functions built
 * from source, the demo data, and the H5 build served at `/` on the same port, so the page reaches
 * the functions through the same-origin dev route exactly as under `npm start`.
 * NX_H5_DIR points at another H5 build (default dist/h5, built by `npm run build:h5`).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { schema } from '../../../cloudfunctions/database-schema'
import { startEmulator, type Emulator } from '@nuanxin/cloudbase-emulator'
import { buildFunctions, ROOT } from '../../../scripts/build-functions'
import { sdkDatabase, seedDemoData } from '../../../scripts/seed/load'

export interface H5App {
  emu: Emulator
  url: string
  /** The emulator's database through the real SDK, for setting up preconditions and checking what was stored. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: any
  /** Calls a function as a seeded user through the emulator's loopback dev route (setup only, never the job under test). */
  devCall<T>(name: string, openid: string, data: unknown): Promise<T>
  close(): Promise<void>
}

export async function startH5App(options: { functions?: string[] } = {}): Promise<H5App> {
  const staticDir = path.resolve(process.env.NX_H5_DIR ?? path.join(ROOT, 'dist', 'h5'))
  if (!existsSync(path.join(staticDir, 'index.html'))) throw new Error(`${staticDir}/index.html is missing: run npm run build:h5 first`)
  const functionsDir = path.join(ROOT, '.temp', `e2e-shell-${process.pid}-${Math.random().toString(36).slice(2, 8)}`)
  mkdirSync(functionsDir, { recursive: true })
  let emu: Emulator | undefined
  try {
    await buildFunctions({ outRoot: functionsDir, only: options.functions })
    emu = await startEmulator({ memory: true, dev: true, port: 0, schema, functionsDir, staticDir, maxWorkersPerFunction: 2 })
    // As `npm start` seeds: the documents and the pictures they show.
    await seedDemoData({ adminUrl: emu.adminUrl, envId: emu.envId, now: new Date() })
  } catch (error) {
    await emu?.close()
    rmSync(functionsDir, { recursive: true, force: true })
    throw error
  }
  const running = emu
  return {
    emu: running,
    url: running.url,
    db: sdkDatabase(running.adminUrl, running.envId),
    async devCall<T>(name: string, openid: string, data: unknown): Promise<T> {
      const call = async () => (await (await fetch(`${running.url}/__dev/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, data }) })).json()) as { result?: { ok: boolean; data: T; error?: unknown }; error?: { code: string } }
      let body = await call()
      // A cold function on a loaded machine can overrun the emulator's 20 s limit, or a service answer
      // "try again" (UNAVAILABLE), once; setup calls are idempotent.
      if (body.error?.code === 'FUNCTIONS_TIME_LIMIT_EXCEEDED' || (body.result && !body.result.ok && (body.result.error as { code?: string })?.code === 'UNAVAILABLE')) body = await call()
      if (!body.result?.ok) throw new Error(`${name} as ${openid} failed: ${JSON.stringify(body).slice(0, 500)}`)
      return body.result.data
    },
    async close() {
      await running.close()
      rmSync(functionsDir, { recursive: true, force: true })
    },
  }
}
