/**
 * Dashboard benchmark: the district function's `dashboard` action over a synthetic district of ~10
 * streets with a year and more of history (./dashboard-fixture: 200 k reports, 1 M check-ins, 10 k
 * volunteer activities with 100 k sign-ups, wishes, suggestions, 200 k passbook entries), for one street
 * (a street officer) and for the whole district (a district officer): the precomputed path (past days
 * read from district_stats, today live) against `live: true` (every day of the period and of the
 * previous one recomputed from reports and check-ins), and the first call that fills the missing days.
 * Every answer is checked against figures counted while generating, and shows how many street-days
 * came from the stats. The floor is the same route refused by the router's input check.
 *   npx tsx scripts/bench/dashboard.bench.ts   (DASHBOARD_BENCH_REPORTS / _CHECKINS / _ACTIVITIES / _LEDGER … to scale)
 */
import { chinaDateKey } from '../../src/core/time'
import type { DashboardView } from '../../src/district/contract'
import { daysBetween, periodFor, previousPeriod, type CountKey } from '../../src/district/dashboard'
import { DISTRICT_OFFICER, seedDistrict, sizes, STREET_OFFICER, type BenchStreet, type Truth } from './dashboard-fixture'
import { latencyRow, runStandalone, withFunctionEmulator, type CallResult, type LatencyRow } from './support'

/** SOURCE_MAX_ROWS in cloudfunctions/district/index.ts: computeDays reads at most this many rows per source query. */
const SOURCE_MAX_ROWS = 50_000
const FLOOR = 'refused call (bad from)'
/** The figures the fixture counts by hand while generating; the others (三率 inputs, wishes, activities…) it does not. */
const checkedKeys = ['received', 'accepted', 'resolved', 'visits', 'partyReports', 'visitors'] as const satisfies readonly CountKey[]
type Checked = Record<(typeof checkedKeys)[number], number>

/** The hand-counted figures of `streets` over `from`..`to` (visitors summed per street and day, as the dashboard does). */
function expected(truth: Truth, streets: BenchStreet[], from: string, to: string): Checked {
  const out = Object.fromEntries(checkedKeys.map((k) => [k, 0])) as Checked
  for (const day of daysBetween(from, to))
    for (const s of streets) {
      const t = truth.get(`${s.id}|${day}`)
      if (!t) continue
      out.received += t.received
      out.accepted += t.accepted
      out.resolved += t.resolved
      out.visits += t.visits
      out.partyReports += t.partyReports
      out.visitors += t.visitors.size
    }
  return out
}

/** The rows each source query of computeDays reads for one street over a period and its previous one. */
function sourceRows(truth: Truth, street: BenchStreet, from: string, to: string) {
  const prev = previousPeriod(from, to)
  const all = expected(truth, [street], prev.from, to)
  return { checkins: all.visits + all.partyReports, created: all.received, accepted: all.accepted, resolved: all.resolved }
}

export function run(): Promise<LatencyRow[]> {
  return withFunctionEmulator('district', { maxWorkersPerFunction: 2 }, async ({ emu, call }) => {
    /** The emulator's record of the call just made: its outcome, database requests (count, longest chain) and bytes, and any error it logged. */
    const lastInvocation = () => {
      const inv = emu.invocations[emu.invocations.length - 1]
      if (!inv) return 'no invocation recorded'
      const logs = emu.functionLogs.filter((l) => l.invocationId === inv.invocationId && l.level === 'error').map((l) => l.text.slice(0, 400))
      return `${inv.outcome ?? 'running'} in ${((inv.durationMs ?? 0) / 1000).toFixed(1)} s, ${inv.db.requests} db requests (chain ${inv.db.chain}, ${(inv.db.responseBytes / 2 ** 20).toFixed(1)} MB)${inv.error ? `, error: ${inv.error.slice(0, 300)}` : ''}${logs.length ? `, logged: ${logs.join(' | ')}` : ''}`
    }
    const now = new Date()
    const last30 = periodFor({ lastDays: 30 }, now)
    const last62 = periodFor({ lastDays: 62 }, now)
    const seedStarted = process.hrtime.bigint()
    const { streets, truth, inserted } = seedDistrict(emu, now, previousPeriod(last62.from, last62.to).from)
    const seedSeconds = Number(process.hrtime.bigint() - seedStarted) / 1e9
    console.log(`seeded in ${seedSeconds.toFixed(0)} s (rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB):`)
    console.table(inserted)
    const busiest = [...streets].sort((a, b) => b.weight - a.weight)[0]
    console.log(`streets: ${streets.map((s) => `${s.id.slice(-2)} ${(s.weight * 100).toFixed(1)} %`).join(', ')}; the street officer's is ${streets[0].id}`)
    for (const [label, p] of [['30 days', last30], ['62 days (the most the action allows)', last62]] as const) {
      const rows = sourceRows(truth, busiest, p.from, p.to)
      console.log(
        `busiest street ${busiest.id}, ${label} + previous period: ${rows.checkins} check-ins, ${rows.created} reports created, ${rows.accepted} accepted, ${rows.resolved} resolved (SOURCE_MAX_ROWS ${SOURCE_MAX_ROWS} per query)`,
      )
    }

    const timed = async (openid: string, payload: object) => {
      const started = process.hrtime.bigint()
      const result = await call(openid, 'dashboard', payload)
      return { ms: Number(process.hrtime.bigint() - started) / 1e6, result }
    }
    const floor = await timed(DISTRICT_OFFICER, { from: 42, to: last30.to })
    if (floor.result?.ok !== false || floor.result.error?.code !== 'INVALID_ARGUMENT') throw new Error(`the floor call was not refused: ${JSON.stringify(floor.result)}`)
    let floorTotal = 0
    for (let i = 0; i < 20; i++) floorTotal += (await timed(DISTRICT_OFFICER, { from: 42, to: last30.to })).ms
    const floorMs = floorTotal / 20

    /** After a failed call its stray reads may still queue in the emulator: wait until a refused call is as quick as the floor again (at most a minute). */
    const settle = async () => {
      const until = Date.now() + 60_000
      while (Date.now() < until && (await timed(DISTRICT_OFFICER, { from: 42, to: last30.to })).ms > 3 * floorMs) continue
    }
    const rows: LatencyRow[] = []
    const findings: string[] = []
    /** n calls timed one after another; the row says how many street-days were stored and whether the figures were right. */
    const measure = async (label: string, n: number, openid: string, inView: BenchStreet[], payload: { street?: string; from: string; to: string; live?: boolean }, warm = false) => {
      const want = expected(truth, inView, payload.from, payload.to)
      // The precomputed rows time warm calls only: one untimed call first stores whatever an earlier fill left missing.
      if (warm) await timed(openid, payload)
      let total = 0
      let last: CallResult | undefined
      for (let i = 0; i < n; i++) {
        const { ms, result } = await timed(openid, payload)
        total += ms
        last = result
        if (!result?.ok) {
          const msg = `${label}: FAILED after ${(ms / 1000).toFixed(1)} s — ${JSON.stringify(result?.error ?? result ?? null).slice(0, 300)}; ${lastInvocation()}`
          findings.push(msg)
          console.log(msg)
          rows.push(latencyRow(`${label} — FAILED (${result?.error?.code ?? 'no answer'})`, i + 1, total / (i + 1), 0, floorMs, FLOOR))
          await settle()
          return false
        }
      }
      const view = last?.data as DashboardView
      const invocation = lastInvocation()
      const wrong = checkedKeys.filter((k) => view.current[k] !== want[k])
      const check = wrong.length ? `WRONG ${wrong.map((k) => `${k} ${view.current[k]} (counted ${want[k]})`).join(', ')}` : 'figures equal the hand count'
      console.log(`${label}: ${(total / n).toFixed(0)} ms/call, storedDays ${view.storedDays} / liveDays ${view.liveDays}; visits ${view.current.visits}, reports ${view.current.received}; ${check}; last call: ${invocation}`)
      if (wrong.length) findings.push(`${label}: ${check}`)
      rows.push(latencyRow(`${label} [stored ${view.storedDays} / live ${view.liveDays}]`, n, total / n, view.current.visits, floorMs, FLOOR))
      return true
    }
    /** When the whole district cannot be filled in one call: one call per street (what retries or street officers would do), so the warm path can still be measured. */
    const fillStreetByStreet = async (label: string, period: { from: string; to: string }) => {
      const started = process.hrtime.bigint()
      let failed = 0
      for (const st of streets) if (!(await measure(`${label}: ${st.id}`, 1, DISTRICT_OFFICER, [st], { street: st.id, ...period }))) failed++
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      console.log(`${label}: ${streets.length} calls in ${(ms / 1000).toFixed(1)} s, ${failed} failed`)
    }

    const street = streets[0]
    const one = { street: street.id, ...last30 }
    await measure('one street, 30 d, first call (fills missing days)', 1, STREET_OFFICER, [street], one)
    await measure('one street, 30 d, precomputed (warm)', 10, STREET_OFFICER, [street], one, true)
    await measure('one street, 30 d, live: true', 3, STREET_OFFICER, [street], { ...one, live: true })
    if (!(await measure('district, 30 d, first call (fills missing days)', 1, DISTRICT_OFFICER, streets, last30))) await fillStreetByStreet('district, 30 d, filled street by street', last30)
    await measure('district, 30 d, precomputed (warm)', 5, DISTRICT_OFFICER, streets, last30, true)
    await measure('district, 30 d, live: true', 2, DISTRICT_OFFICER, streets, { ...last30, live: true })
    if (!(await measure('district, 62 d, first call (fills missing days)', 1, DISTRICT_OFFICER, streets, last62))) await fillStreetByStreet('district, 62 d, filled street by street', last62)
    await measure('district, 62 d, precomputed (warm)', 3, DISTRICT_OFFICER, streets, last62, true)
    await measure('district, 62 d, live: true', 1, DISTRICT_OFFICER, streets, { ...last62, live: true })
    console.log(findings.length ? `\nfindings:\n- ${findings.join('\n- ')}` : '\nno failures; every answer equals the hand count')
    console.log(`(answers are for ${chinaDateKey(now)}; ${sizes.reports} reports, ${sizes.checkins} check-ins, ${sizes.activities} activities)`)
    return rows
  })
}

if (require.main === module) runStandalone(run, 'Dashboard (district function): precomputed stats vs live recomputation')
