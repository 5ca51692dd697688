/**
 * What every domain benchmark needs around its own measurements: one cloud function built into .temp
 * and served by an in-memory emulator with the project's schema (torn down afterwards), calls through
 * the dev route exactly as the H5 app makes them, a concurrency runner that times a batch, the two row
 * shapes the tables print (throughput or latency, each with its same-run floor and ratio), and the
 * stand-alone entry point. Not a benchmark itself (the runner only picks up *.bench.ts).
 */
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { schema } from '../../cloudfunctions/database-schema'
import { startEmulator, type Emulator } from '@nuanxin/cloudbase-emulator'
import type { FunctionName } from '../../src/core/contract'
import { buildFunctions, ROOT } from '../build-functions'

/** The function's answer as the dev call route returns it (the envelope). */
export interface CallResult {
  ok: boolean
  data?: unknown
  error?: { code: string; message?: string }
}

export interface BenchEmulator {
  emu: Emulator
  /** Calls the function as the user `openid` through the dev call route (worker pool + real SDK). */
  call(openid: string, action: string, payload?: unknown): Promise<CallResult | undefined>
  /** The same, failing the bench on anything but ok; resolves with the action's data. */
  callOk<T = Record<string, unknown>>(openid: string, action: string, payload?: unknown): Promise<T>
}

/** Builds `fn` alone, starts an in-memory emulator serving it (warm), runs `body`, and cleans up. */
export async function withFunctionEmulator<T>(fn: FunctionName, options: { maxWorkersPerFunction?: number }, body: (bench: BenchEmulator) => Promise<T>): Promise<T> {
  const functionsDir = path.join(ROOT, '.temp', `bench-${fn}-${process.pid}`)
  mkdirSync(functionsDir, { recursive: true })
  try {
    await buildFunctions({ outRoot: functionsDir, only: [fn] })
    process.env.NUANXIN_QUIET_LOGS = '1'
    const emu = await startEmulator({ memory: true, dev: true, port: 0, schema, functionsDir, maxWorkersPerFunction: options.maxWorkersPerFunction ?? 4, prewarm: true })
    const call = async (openid: string, action: string, payload?: unknown) => {
      const res = await fetch(`${emu.url}/__dev/call/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, data: { action, payload } }) })
      return ((await res.json()) as { result?: CallResult }).result
    }
    const callOk = async <R>(openid: string, action: string, payload?: unknown) => {
      const result = await call(openid, action, payload)
      if (!result?.ok) throw new Error(`${fn}.${action} failed: ${JSON.stringify(result ?? null).slice(0, 300)}`)
      return result.data as R
    }
    try {
      return await body({ emu, call, callOk })
    } finally {
      await emu.close()
    }
  } finally {
    rmSync(functionsDir, { recursive: true, force: true })
  }
}

/** Runs fn(0..n-1) with `concurrency` in flight; resolves with the wall time in ms. */
export async function pool(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await fn(next++)
    }),
  )
  return Number(process.hrtime.bigint() - started) / 1e6
}

/** A measurement over its floor, one decimal (the tables' ratio column). */
export const ratio = (ms: number, floorMs: number) => +(ms / floorMs).toFixed(1)

export interface ThroughputRow {
  measure: string
  n: number
  'ops/s': number
  'ms/op': number
  floor: string
  'floor ms/op': number
  ratio: number
}

/** n operations in `ms` wall time, against a floor given per operation. */
export const throughputRow = (measure: string, n: number, ms: number, floor: string, floorMsPerOp: number): ThroughputRow => ({
  measure,
  n,
  'ops/s': Math.round((n / ms) * 1000),
  'ms/op': +(ms / n).toFixed(2),
  floor,
  'floor ms/op': +floorMsPerOp.toFixed(2),
  ratio: ratio(ms / n, floorMsPerOp),
})

export interface LatencyRow {
  measure: string
  n: number
  'ms/op': number
  'avg hits': number
  floor?: string
  'floor ms/op': number
  ratio: number
}

/** A query's time per operation and average result count, against the floor's time per operation. */
export function latencyRow(measure: string, n: number, msPerOp: number, avgHits: number, floorMsPerOp: number, floor?: string): LatencyRow {
  return { measure, n, 'ms/op': +msPerOp.toFixed(3), 'avg hits': +avgHits.toFixed(1), ...(floor === undefined ? {} : { floor }), 'floor ms/op': +floorMsPerOp.toFixed(3), ratio: ratio(msPerOp, floorMsPerOp) }
}

/** `npx tsx scripts/bench/<domain>.bench.ts`: run, print the title and the table, exit. */
export function runStandalone(run: () => Promise<unknown[]>, title?: string): void {
  run().then(
    (rows) => {
      if (title) console.log(`\n${title}`)
      console.table(rows)
      process.exit(0)
    },
    (err) => {
      console.error(err)
      process.exit(1)
    },
  )
}
