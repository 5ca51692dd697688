/**
 * The emulator as a package others can use: `npm pack` builds it (prepack → dist/), the tarball is installed
 * into a fresh WeChat cloud project outside the repository, and `npx cloudbase-emulator --functions cloudfunctions`
 * runs that project's two functions (one calls the other and writes to the database) on plain node.
 *
 * Offline by construction: the tarball comes from the working tree, and its runtime dependencies
 * (better-sqlite3, protobufjs, qrcode) and the project's wx-server-sdk are `file:` links to the copies already
 * installed in this repository's node_modules, so npm resolves everything locally and better-sqlite3's native
 * addon is not compiled again (a from-source build takes minutes on this machine).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import { builtinModules } from 'node:module'
import os from 'node:os'
import path from 'node:path'

jest.setTimeout(180_000)

const PKG_DIR = path.resolve(__dirname, '..')
const PKG = JSON.parse(fs.readFileSync(path.join(PKG_DIR, 'package.json'), 'utf8')) as { name: string; bin: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> }
const BIN = Object.keys(PKG.bin)[0]

/** Where node would load a package from, seen from the emulator's folder (the repository's node_modules in a workspace). */
function installedDir(name: string): string {
  return fs.realpathSync(path.dirname(require.resolve(`${name}/package.json`, { paths: [PKG_DIR] })))
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? (e.name === 'node_modules' || e.name === 'dist' ? [] : walk(path.join(dir, e.name))) : [path.join(dir, e.name)]))
}

test('the package imports nothing from outside its folder, and every package it imports is one it declares', () => {
  const declared = new Set([...Object.keys(PKG.dependencies), ...Object.keys(PKG.devDependencies)])
  const offenders: string[] = []
  for (const file of walk(PKG_DIR).filter((f) => /\.(ts|js|cjs|mjs)$/.test(f))) {
    const text = fs.readFileSync(file, 'utf8')
    for (const m of text.matchAll(/(?:\bfrom\s+|(?<![.\w])require\(\s*|(?<![.\w])import\(\s*)['"]([^'"]+)['"]/g)) {
      const spec = m[1]
      const where = `${path.relative(PKG_DIR, file)}: ${spec}`
      if (spec.startsWith('.')) {
        if (path.relative(PKG_DIR, path.resolve(path.dirname(file), spec)).startsWith('..')) offenders.push(where)
      } else {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]
        if (!name.startsWith('node:') && !builtinModules.includes(name) && !declared.has(name)) offenders.push(where)
      }
    }
  }
  expect(offenders).toEqual([])
})

const FUNCTION_A = `// Writes a note, asks b to count the notes, and answers both.
const cloud = require('wx-server-sdk')
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
exports.main = async (event) => {
  const db = cloud.database()
  try { await db.createCollection('notes') } catch (err) { /* already there */ }
  const { OPENID } = cloud.getWXContext()
  const added = await db.collection('notes').add({ data: { text: event.text, by: OPENID } })
  const counted = await cloud.callFunction({ name: 'b', data: { by: OPENID } })
  return { id: added._id, fromB: counted.result }
}
`
const FUNCTION_B = `// Counts and lists the notes written by one user.
const cloud = require('wx-server-sdk')
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
exports.main = async (event) => {
  const db = cloud.database()
  const { total } = await db.collection('notes').where({ by: event.by }).count()
  const { data } = await db.collection('notes').where({ by: event.by }).get()
  return { total, texts: data.map((d) => d.text) }
}
`

describe('packed, installed in a fresh project, and started by its one command', () => {
  let tmp = ''
  let project = ''
  let tarball = ''
  let packedFiles: string[] = []

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudbase-emulator-pkg-'))
    const env = { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' }
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: PKG_DIR, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Array<{ filename: string; files: Array<{ path: string }> }>
    tarball = path.join(tmp, path.basename(packed[0].filename))
    packedFiles = packed[0].files.map((f) => f.path)

    project = path.join(tmp, 'wx-project')
    for (const [name, source] of [['a', FUNCTION_A], ['b', FUNCTION_B]]) {
      fs.mkdirSync(path.join(project, 'cloudfunctions', name), { recursive: true })
      fs.writeFileSync(path.join(project, 'cloudfunctions', name, 'index.js'), source)
      fs.writeFileSync(path.join(project, 'cloudfunctions', name, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js' }))
    }
    const links = Object.fromEntries(['wx-server-sdk', ...Object.keys(PKG.dependencies)].map((d) => [d, `file:${installedDir(d)}`]))
    fs.writeFileSync(path.join(project, 'project.config.json'), JSON.stringify({ cloudfunctionRoot: 'cloudfunctions/', appid: 'wx0000000000000000' }))
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'two-function-project', version: '1.0.0', private: true, dependencies: { ...links }, devDependencies: { [PKG.name]: `file:${tarball}` } }, null, 2),
    )
    // --ignore-scripts: the linked dependencies are already built; without it npm would rebuild better-sqlite3's
    // addon inside the repository's node_modules. The emulator package itself has no install scripts.
    execFileSync('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] })
  })

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
  })

  test('the tarball ships compiled JavaScript, the function runner and the docs, and no TypeScript source or tests', () => {
    expect(packedFiles).toEqual(expect.arrayContaining(['package.json', 'README.md', PKG.bin[BIN], 'dist/index.js', 'dist/index.d.ts', 'dist/functions/runner.cjs']))
    expect(packedFiles.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([])
    expect(packedFiles.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'DATABASE.md'].includes(f))).toEqual([])
    // The project is outside the repository and has no tsx: the bin runs on plain node.
    expect(project.startsWith(path.resolve(PKG_DIR, '..'))).toBe(false)
    expect(fs.existsSync(path.join(project, 'node_modules', 'tsx'))).toBe(false)
    expect(fs.lstatSync(path.join(project, 'node_modules', ...PKG.name.split('/'))).isSymbolicLink()).toBe(false)
  })

  /** Whether any process of the group (npx, its shell, the emulator, the function workers) is still running. */
  function groupAlive(pgid: number): boolean {
    try {
      process.kill(-pgid, 0)
      return true
    } catch {
      return false
    }
  }

  function startBin(args: string[]): { child: ChildProcess; ready: Promise<string>; exited: Promise<unknown>; output: () => string } {
    // Exactly the documented command; the bin is installed locally, so npx neither prompts nor downloads.
    // Its own process group, so the test can stop it as Ctrl-C in a terminal does (npx runs the bin via a shell).
    const child = spawn('npx', [BIN, ...args], {
      cwd: project,
      env: { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let out = ''
    const ready = new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString()
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m) resolve(m[1])
      })
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
      child.once('exit', (code) => reject(new Error(`${BIN} exited early (${code}): ${out}`)))
    })
    const exited = new Promise((resolve) => child.once('exit', resolve))
    return { child, ready, exited, output: () => out }
  }

  test(`\`npx ${BIN} --functions cloudfunctions\` runs the project's functions: a writes, calls b, and b reads what a wrote`, async () => {
    const { child, ready, exited, output } = startBin(['--functions', 'cloudfunctions', '--port', '0', '--dev', '--data', '.emulator-data'])
    const pgid = child.pid as number
    try {
      const url = await ready
      expect(await (await fetch(`${url}/__dev/functions`)).json()).toEqual({ functions: ['a', 'b'] })
      const call = async (name: string, openid: string, data: unknown) => {
        const res = await fetch(`${url}/__dev/call/${name}`, { method: 'POST', body: JSON.stringify({ openid, data }) })
        return (await res.json()) as { result?: any; error?: { code: string; message: string } }
      }
      const first = await call('a', 'o-alice', { text: 'hello' })
      expect(first.error).toBeUndefined()
      expect(first.result).toEqual({ id: expect.any(String), fromB: { total: 1, texts: ['hello'] } })
      const second = await call('a', 'o-alice', { text: 'again' })
      expect(second.result.fromB).toEqual({ total: 2, texts: ['hello', 'again'] })
      // Identity comes from the caller: another user sees only their own notes.
      expect((await call('b', 'o-bob', { by: 'o-bob' })).result).toEqual({ total: 0, texts: [] })
      expect((await call('missing', 'o-alice', {})).error).toBeDefined()

      process.kill(-pgid, 'SIGINT')
      await exited
      // The emulator stops itself on the signal (closing its function workers), leaving nothing behind.
      while (groupAlive(pgid)) await new Promise((r) => setTimeout(r, 100))
      expect(output()).toMatch(/SIGINT: stopping emulator/)
      await expect(fetch(`${url}/__dev/functions`)).rejects.toThrow()
    } finally {
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL')
    }
    // --data persisted the database inside the project.
    expect(fs.readdirSync(path.join(project, '.emulator-data')).length).toBeGreaterThan(0)
  })
})
