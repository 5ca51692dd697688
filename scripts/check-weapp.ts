/**
 * WeChat's own compile checks over a built mini-program, offline, so that a dist/weapp WeChat would
 * reject fails `npm test` instead of an upload:
 *   1. wcc / wcsc (WeChat's WXML and WXSS compilers, shipped in miniprogram-compiler) over every file;
 *   2. miniprogram-ci getCompiledResult (what DevTools does on upload: app.json rules such as
 *      requiredPrivateInfos, missing pages, JS syntax) and analyseCode (unresolved dependencies);
 *   3. project rules WeChat cannot know: requiredPrivateInfos lists exactly the location APIs the
 *      source calls, and no H5 dev identity or dev endpoint reaches the mini-program bundle.
 * Usage: tsx scripts/check-weapp.ts [dir=dist/weapp]. Exits 1 on any problem.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as ci from 'miniprogram-ci'
import { devIdentities } from '../src/users/dev-identities'

/* eslint-disable @typescript-eslint/no-var-requires */
const wcc = require('miniprogram-compiler/src/wcc.js') as (root: string, files: string[], wxs: string[], options: { maxBuffer: number }) => string
const wcsc = require('miniprogram-compiler/src/wcsc.js') as (root: string, files: string[], options: { maxBuffer: number }) => Record<string, string> | Error

export interface Problem {
  check: string
  message: string
}

const repo = path.resolve(__dirname, '..')
const PRECISE = ['getLocation', 'onLocationChange', 'startLocationUpdate', 'startLocationUpdateBackground']
const FUZZY = ['getFuzzyLocation']
const LOCATION_APIS = [...PRECISE, ...FUZZY, 'chooseLocation', 'choosePoi', 'chooseAddress']

function walk(dir: string, root = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name)
    return e.isDirectory() ? walk(full, root) : [path.relative(root, full).split(path.sep).join('/')]
  })
}

export function checkCompilers(dir: string): Problem[] {
  const files = walk(dir)
  const problems: Problem[] = []
  const wxml = files.filter((f) => f.endsWith('.wxml')).map((f) => f.slice(0, -5))
  const wxs = files.filter((f) => f.endsWith('.wxs'))
  const wxss = files.filter((f) => f.endsWith('.wxss')).map((f) => f.slice(0, -5))
  try {
    wcc(dir, wxml, wxs, { maxBuffer: 32 << 20 })
  } catch (error) {
    problems.push({ check: 'wcc', message: (error as Error).message.trim() })
  }
  const css = wcsc(dir, wxss, { maxBuffer: 32 << 20 })
  if (css instanceof Error) problems.push({ check: 'wcsc', message: css.message.trim() })
  return problems
}

/** Location APIs called in the source (pages and shell), as `Taro.x(` or `wx.x(`. */
export function locationApisUsed(srcDir: string): string[] {
  const used = new Set<string>()
  const pattern = new RegExp(`\\b(?:Taro|wx)\\.(${LOCATION_APIS.join('|')})\\s*\\(`, 'g')
  for (const file of walk(srcDir)) {
    if (!/\.(ts|tsx|js|jsx)$/.test(file)) continue
    for (const m of fs.readFileSync(path.join(srcDir, file), 'utf8').matchAll(pattern)) used.add(m[1])
  }
  return [...used].sort()
}

/** Text only the H5 browser scanner carries (src/shell/scan-browser.ts and jsQR's decoder option). */
const H5_ONLY_MARKERS = ['浏览器扫码仅用于开发和测试', 'inversionAttempts']

export function checkProjectRules(dir: string, srcDir: string): Problem[] {
  const problems: Problem[] = []
  const appJsonPath = path.join(dir, 'app.json')
  if (!fs.existsSync(appJsonPath)) return [{ check: 'app.json', message: `${appJsonPath} is missing: build with npm run build:weapp` }]
  const app = JSON.parse(fs.readFileSync(appJsonPath, 'utf8')) as { requiredPrivateInfos?: string[]; pages?: string[]; tabBar?: { list?: Array<{ pagePath: string }> } }
  const declared = [...(app.requiredPrivateInfos ?? [])].filter((api) => LOCATION_APIS.includes(api)).sort()
  const used = locationApisUsed(srcDir)
  if (declared.join() !== used.join()) {
    problems.push({ check: 'requiredPrivateInfos', message: `app.json declares [${declared.join(', ')}] but the source calls [${used.join(', ')}]` })
  }
  if (declared.some((a) => PRECISE.includes(a)) && declared.some((a) => FUZZY.includes(a))) {
    problems.push({ check: 'requiredPrivateInfos', message: 'precise and fuzzy location APIs are mutually exclusive' })
  }
  for (const tab of app.tabBar?.list ?? []) {
    if (!(app.pages ?? []).includes(tab.pagePath)) problems.push({ check: 'tabBar', message: `tab page ${tab.pagePath} is not in the main package` })
  }
  const leaks = ['/__dev/', ...devIdentities.map((d) => d.openid)]
  for (const file of walk(dir)) {
    if (!/\.(js|wxml|json)$/.test(file) || file === 'project.config.json') continue
    const text = fs.readFileSync(path.join(dir, file), 'utf8')
    const leak = leaks.find((s) => text.includes(`'${s}'`) || text.includes(`"${s}"`) || (s === '/__dev/' && text.includes(s)))
    if (leak) problems.push({ check: 'dev-leak', message: `${file} contains the H5-only dev value ${leak}` })
    const h5Code = H5_ONLY_MARKERS.find((s) => text.includes(s))
    if (h5Code) problems.push({ check: 'dev-leak', message: `${file} contains H5-only code (${h5Code}): the browser scanner must stay out of the mini-program` })
  }
  return problems
}

/** Runs fn with miniprogram-ci's chatter captured; the log is returned for failures. */
async function quietly<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: Error; log: string }> {
  const lines: string[] = []
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error }
  const capture = (...args: unknown[]) => lines.push(args.map(String).join(' '))
  Object.assign(console, { log: capture, info: capture, warn: capture, error: capture })
  try {
    return { value: await fn(), log: lines.join('\n') }
  } catch (error) {
    return { error: error instanceof Error ? error : new Error(String(error)), log: lines.join('\n') }
  } finally {
    Object.assign(console, saved)
  }
}

export async function checkWithMiniprogramCi(dir: string): Promise<Problem[]> {
  const problems: Problem[] = []
  // A throw-away copy without project.config.json: its miniprogramRoot confuses the analyser, and the
  // key file must not live in the repository.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-check-weapp-'))
  const projectPath = path.join(work, 'app')
  fs.cpSync(dir, projectPath, { recursive: true, filter: (src) => path.basename(src) !== 'project.config.json' })
  const { privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 1024,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  })
  const privateKeyPath = path.join(work, 'throwaway.key')
  fs.writeFileSync(privateKeyPath, privateKey)
  const project = new ci.Project({
    appid: 'wx0000000000000000',
    type: 'miniProgram',
    projectPath,
    privateKeyPath,
    ignores: ['node_modules/**/*'],
    // Skips the call to WeChat's server that would fetch the project's attributes.
    attr: async () => ({ ...(ci as unknown as { DefaultProjectAttr: object }).DefaultProjectAttr }),
  } as ConstructorParameters<typeof ci.Project>[0])
  const compiled = await quietly(() => ci.getCompiledResult({ project, setting: { es7: true, minify: true, autoPrefixWXSS: true } } as unknown as Parameters<typeof ci.getCompiledResult>[0]))
  if (compiled.error) problems.push({ check: 'miniprogram-ci compile', message: compiled.error.message.split('\n').slice(0, 6).join('\n') })
  const analysed = await quietly(() => ci.analyseCode(project) as Promise<{ modules?: Array<{ id: string; errors?: unknown[]; deps?: Array<{ request: string; error?: unknown }> }> }>)
  if (analysed.error) problems.push({ check: 'miniprogram-ci analyse', message: analysed.error.message })
  for (const mod of analysed.value?.modules ?? []) {
    for (const e of mod.errors ?? []) problems.push({ check: 'miniprogram-ci analyse', message: `${mod.id}: ${String((e as Error)?.message ?? e)}` })
    for (const dep of mod.deps ?? []) if (dep.error) problems.push({ check: 'miniprogram-ci analyse', message: `${mod.id} → ${dep.request}: ${String((dep.error as Error)?.message ?? dep.error)}` })
  }
  fs.rmSync(work, { recursive: true, force: true })
  return problems
}

export async function checkWeapp(dir: string, srcDir = path.join(repo, 'src')): Promise<Problem[]> {
  if (!fs.existsSync(path.join(dir, 'app.json'))) return [{ check: 'app.json', message: `${dir}/app.json is missing: run npm run build:weapp first` }]
  return [...checkProjectRules(dir, srcDir), ...checkCompilers(dir), ...(await checkWithMiniprogramCi(dir))]
}

if (require.main === module) {
  const dir = path.resolve(process.argv[2] ?? path.join(repo, 'dist', 'weapp'))
  void checkWeapp(dir).then(
    (problems) => {
      const checks = ['requiredPrivateInfos', 'tabBar', 'dev-leak', 'wcc', 'wcsc', 'miniprogram-ci compile', 'miniprogram-ci analyse']
      console.log(`check-weapp ${path.relative(process.cwd(), dir) || dir}`)
      for (const check of checks) console.log(`  ${problems.some((p) => p.check === check) ? 'FAIL' : 'ok  '}  ${check}`)
      for (const p of problems) console.error(`\n[${p.check}] ${p.message}`)
      // miniprogram-ci leaves worker processes and file watchers behind: exit explicitly.
      process.exit(problems.length ? 1 : 0)
    },
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
