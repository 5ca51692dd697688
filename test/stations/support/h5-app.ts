/**
 * The whole app for browser tests: an in-memory emulator with the schema, the functions built from
 * source, the demo data, and the H5 build (dist/h5, built by `npm run build:h5`) served at `/`, so the
 * browser reaches the functions through the same-origin dev route as in `npm start`.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { schema } from '../../../cloudfunctions/database-schema'
import { startEmulator, type Emulator } from '@nuanxin/cloudbase-emulator'
import { buildFunctions, ROOT } from '../../../scripts/build-functions'
import { buildDemoData } from '../../../scripts/seed/demo-data'
import { sdkDatabase, writeDemoData } from '../../../scripts/seed/load'

export interface H5App {
  emu: Emulator
  url: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: any
  close(): Promise<void>
}

export async function startH5App(functions: string[]): Promise<H5App> {
  const staticDir = path.join(ROOT, 'dist', 'h5')
  if (!existsSync(path.join(staticDir, 'index.html'))) throw new Error('dist/h5 is missing: run `flock /tmp/build.lock npm run build:h5` first')
  const functionsDir = path.join(ROOT, '.temp', `e2e-functions-${process.pid}-${Math.random().toString(36).slice(2, 8)}`)
  mkdirSync(functionsDir, { recursive: true })
  await buildFunctions({ outRoot: functionsDir, only: functions })
  const emu = await startEmulator({ memory: true, dev: true, port: 0, schema, functionsDir, staticDir, maxWorkersPerFunction: 2 })
  const db = sdkDatabase(emu.adminUrl, emu.envId)
  await writeDemoData(db, buildDemoData({ now: new Date() }))
  return {
    emu,
    url: emu.url,
    db,
    async close() {
      await emu.close()
      rmSync(functionsDir, { recursive: true, force: true })
    },
  }
}
