/**
 * `npm start`: the whole app on one local port. Builds what is missing or stale (cloud functions always —
 * esbuild takes about a second —, the H5 app when its sources changed), starts the emulator with the
 * persisted store in .data/, the project's schema, the built functions and the H5 app, seeds the demo
 * data into an empty store, and prints where to open it. Ctrl-C stops everything cleanly.
 *
 *   npm start -- [--port 10086] [--data .data] [--reset] [--no-build]
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { schema } from '../cloudfunctions/database-schema'
import { messagePush } from '../cloudfunctions/message-push'
import { startEmulator } from '@nuanxin/cloudbase-emulator'
import { buildFunctions, ROOT } from './build-functions'
import { seedDemoData } from './seed/load'

interface StartArgs {
  port: number
  dataDir: string
  reset: boolean
  build: boolean
}

function parseArgs(argv: string[]): StartArgs {
  const args: StartArgs = { port: 10086, dataDir: path.join(ROOT, '.data'), reset: false, build: true }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    if (flag === '--port') args.port = Number(argv[++i])
    else if (flag === '--data') args.dataDir = path.resolve(argv[++i])
    else if (flag === '--reset') args.reset = true
    else if (flag === '--no-build') args.build = false
    else throw new Error(`unknown option ${flag}; usage: npm start -- [--port N] [--data DIR] [--reset] [--no-build]`)
  }
  if (!Number.isInteger(args.port) || args.port <= 0 || args.port > 65535) throw new Error('--port must be 1–65535')
  return args
}

/** Newest modification time of any file under the given folders/files. */
function newestMtime(entries: string[]): number {
  let newest = 0
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return
    const stat = fs.statSync(p)
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p)) if (name !== 'node_modules') visit(path.join(p, name))
    } else newest = Math.max(newest, stat.mtimeMs)
  }
  entries.forEach(visit)
  return newest
}

function h5IsStale(): boolean {
  const built = path.join(ROOT, 'dist', 'h5', 'index.html')
  if (!fs.existsSync(built)) return true
  const sources = ['src', 'config', 'babel.config.js', 'package.json'].map((p) => path.join(ROOT, p))
  return newestMtime(sources) > fs.statSync(built).mtimeMs
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const functionsDir = path.join(ROOT, 'dist', 'cloudfunctions')
  const staticDir = path.join(ROOT, 'dist', 'h5')

  if (args.build) {
    console.log('构建云函数 / building cloud functions …')
    await buildFunctions({ outRoot: functionsDir })
    if (h5IsStale()) {
      console.log('构建 H5 应用 / building the H5 app (about 20 s) …')
      const run = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
      if (run.status !== 0) throw new Error('H5 build failed (see the output above)')
    }
  }
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) throw new Error('dist/h5 is missing: run without --no-build')

  const fresh = args.reset || !fs.existsSync(path.join(args.dataDir, 'db.sqlite'))
  if (args.reset) fs.rmSync(args.dataDir, { recursive: true, force: true })
  fs.mkdirSync(args.dataDir, { recursive: true })

  // Image verdicts (mediaCheckAsync → wxa_media_check push) arrive after the emulator's 1 s default delay;
  // timer triggers (config.json `triggers`) fire on their cron in China time, as in production.
  const emu = await startEmulator({ port: args.port, dataDir: args.dataDir, schema, functionsDir, staticDir, dev: true, prewarm: true, messagePush, timers: true })
  if (fresh) {
    console.log('写入演示数据 / seeding demo data …')
    const { counts, ms } = await seedDemoData({ adminUrl: emu.adminUrl, envId: emu.envId })
    const total = Object.values(counts).reduce((a, b) => a + b, 0)
    console.log(`  ${total} documents in ${Object.keys(counts).length} collections, ${ms} ms`)
  }

  console.log('')
  console.log(`暖新已启动 / Nuanxin is running: ${emu.url}/`)
  console.log(`  右上角"开发身份"可切换角色 / switch roles with the "开发身份" control at the top right (H5 only)`)
  console.log(`  开发控制台 / dev console: ${emu.url}/__console`)
  console.log(`  定时触发器 / timer triggers: ${emu.timers.triggers.filter((t) => !t.error).length} scheduled (${emu.url}/__dev/timers)`)
  console.log(`  数据目录 / data: ${path.relative(ROOT, args.dataDir) || '.'} (npm start -- --reset 重置演示数据)`)
  console.log('按 Ctrl-C 停止 / press Ctrl-C to stop')

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    console.log('\n正在停止 / stopping …')
    await emu.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((err) => {
  console.error(`启动失败 / failed to start: ${(err as Error).message}`)
  process.exit(1)
})
