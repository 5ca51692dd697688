/**
 * `npm run emulator`: argument parsing, schema loading, and a real start/stop of the CLI process —
 * it prints its address when ready, serves requests, and on SIGTERM/SIGINT closes its function workers
 * and exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadSchema, parseArgs } from '../src/cli'
import { FIXTURE_FUNCTIONS } from './support/emulator'

jest.setTimeout(60_000)

/** The emulator package's folder. */
const ROOT = path.resolve(__dirname, '..')

describe('parseArgs', () => {
  test('defaults: port 18080, .data/ and dist/cloudfunctions in the project', () => {
    expect(parseArgs([], '/proj')).toEqual({ port: 18080, data: '/proj/.data', memory: false, functions: '/proj/dist/cloudfunctions', dev: false, strict: false, timers: false })
  })

  test('every flag', () => {
    const a = parseArgs(['--port', '0', '--memory', '--schema', 's.json', '--functions', 'fns', '--static', 'dist/h5', '--dev', '--strict', '--timers', '--env', 'e1', '--data', 'd'], '/proj')
    expect(a).toEqual({ port: 0, memory: true, schema: '/proj/s.json', functions: '/proj/fns', static: '/proj/dist/h5', dev: true, strict: true, timers: true, env: 'e1', data: '/proj/d' })
  })

  test('bad flags are explained', () => {
    expect(() => parseArgs(['--port', 'x'])).toThrow(/--port must be/)
    expect(() => parseArgs(['--port'])).toThrow(/--port needs a value/)
    expect(() => parseArgs(['--nope'])).toThrow(/unknown option --nope/)
  })
})

test('loadSchema reads a JSON file or a module exporting schema', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-schema-'))
  const json = path.join(dir, 'schema.json')
  fs.writeFileSync(json, JSON.stringify({ collections: [{ name: 'stations', permission: 'READONLY' }] }))
  expect(loadSchema(json).collections[0].name).toBe('stations')
  const js = path.join(dir, 'schema.js')
  fs.writeFileSync(js, 'exports.schema = { collections: [{ name: "reports", permission: "ADMINONLY" }] }')
  expect(loadSchema(js).collections[0].name).toBe('reports')
  expect(() => loadSchema(path.join(dir, 'missing.json'))).toThrow(/schema file not found/)
  fs.rmSync(dir, { recursive: true, force: true })
})

function startCli(args: string[]): { child: ChildProcess; ready: Promise<string>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'src', 'cli.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`CLI exited early (${code}): ${out}`)))
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, ready, exited }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

test.each(['SIGTERM', 'SIGINT'] as const)('starts, serves a function call, and stops cleanly on %s', async (signal) => {
  const { child, ready, exited } = startCli(['--memory', '--port', '0', '--functions', FIXTURE_FUNCTIONS, '--dev'])
  try {
    const url = await ready
    const res = await fetch(`${url}/__dev/call/whoami`, { method: 'POST', body: JSON.stringify({ openid: 'o-cli', data: {} }) })
    const body = (await res.json()) as { result: { before: { OPENID: string }; pid: number } }
    expect(body.result.before.OPENID).toBe('o-cli')
    const workerPid = body.result.pid
    expect(alive(workerPid)).toBe(true)
    child.kill(signal)
    expect(await exited).toBe(0)
    // Closing kills the function workers with their parent, leaving nothing behind.
    expect(alive(workerPid)).toBe(false)
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
  }
})

test('a data folder is created and used when not in memory mode', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-cli-data-'))
  const data = path.join(dir, 'nested', '.data')
  const { child, ready, exited } = startCli(['--data', data, '--port', '0', '--functions', FIXTURE_FUNCTIONS])
  try {
    await ready
    expect(fs.existsSync(data)).toBe(true)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL')
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
