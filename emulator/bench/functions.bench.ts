/**
 * Warm function-invocation overhead: an empty function called through wx-server-sdk `callFunction` and
 * through the H5 dev endpoint, against a plain HTTP round trip to the same emulator as the floor.
 * Not a test: prints a table (aim: warm empty invocation under 5 ms median).
 */
import path from 'node:path'
import { startEmulator } from '../src/server'

export interface BenchRow {
  case: string
  n: number
  medianMs: number
  p95Ms: number
  overMedianMs: number
}

const FIXTURES = path.join(__dirname, '..', 'test', 'fixtures', 'functions')

async function measure(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    await fn()
    times.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return times.sort((a, b) => a - b)
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]
const round = (x: number) => Math.round(x * 100) / 100

export async function runFunctionsBench({ iterations = 400, warmup = 50 } = {}): Promise<BenchRow[]> {
  const emu = await startEmulator({ memory: true, dev: true, functionsDir: FIXTURES, prewarm: false, actions: { 'bench.noop': () => ({ data: {} }) } })
  const saved = { ...process.env }
  Object.assign(process.env, emu.sdkEnv({ openid: 'o-bench' }))
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const cloud = require('wx-server-sdk')
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
    const http = () => fetch(emu.adminUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"bench.noop"}' }).then((r) => r.json())
    const sdk = () => cloud.callFunction({ name: 'empty', data: {} })
    const dev = () => fetch(`${emu.url}/__dev/call/empty`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"openid":"o-bench","data":{}}' }).then((r) => r.json())
    for (const f of [http, sdk, dev]) await measure(warmup, f)
    const base = await measure(iterations, http)
    const viaSdk = await measure(iterations, sdk)
    const viaDev = await measure(iterations, dev)
    const row = (name: string, t: number[]): BenchRow => ({ case: name, n: t.length, medianMs: round(pct(t, 50)), p95Ms: round(pct(t, 95)), overMedianMs: round(pct(t, 50) - pct(base, 50)) })
    return [row('HTTP round trip to /admin (floor)', base), row('empty function via SDK callFunction', viaSdk), row('empty function via POST /__dev/call', viaDev)]
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
    await emu.close()
  }
}

export function printFunctionsBench(rows: BenchRow[]) {
  console.log('\nWarm function invocation (empty function; aim: < 5 ms median)')
  console.table(rows)
}

if (require.main === module) {
  runFunctionsBench().then(printFunctionsBench, (err) => {
    console.error(err)
    process.exit(1)
  })
}
