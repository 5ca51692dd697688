/**
 * Passbook benchmark: earn (the shared credit path through the real SDK) and redeem (the passbook
 * function through the dev call route) throughput on 10 k accounts holding 1 M ledger entries, and the
 * time of a full reconciliation pass (the job's own code). Each row carries a floor measured in the
 * same run — a bare single-document SDK write, a function call refused before any database work, one
 * aggregate over the whole ledger — and the ratio to it.
 *   npx tsx scripts/bench/passbook.bench.ts      (PASSBOOK_BENCH_ACCOUNTS / _ENTRIES to scale)
 * The data is bulk-loaded through the emulator's engine (indexes maintained), consistent by construction.
 */
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { creditPoints } from '../../cloudfunctions/passbook/credit'
import { reconcileAll } from '../../cloudfunctions/passbook/reconcile'
import { Collection } from '../../src/core/collections'
import type { BalanceDoc, LedgerEntryDoc, PointRuleDoc, RewardDoc } from '../../src/passbook/model'
import { sdkDatabase } from '../seed/load'
import { pool, ratio, runStandalone, throughputRow, withFunctionEmulator, type ThroughputRow } from './support'

const ACCOUNTS = Number(process.env.PASSBOOK_BENCH_ACCOUNTS ?? 10_000)
const ENTRIES = Number(process.env.PASSBOOK_BENCH_ENTRIES ?? 1_000_000)
const CONCURRENCY = 8

export function run(): Promise<ThroughputRow[]> {
  return withFunctionEmulator('passbook', { maxWorkersPerFunction: 4 }, async ({ emu, call }) => {
    const rows: ThroughputRow[] = []
    // ── bulk load ────────────────────────────────────────────────────────────────────────────
    const t0 = Date.now()
    const now = new Date()
    const per = Math.max(1, Math.floor(ENTRIES / ACCOUNTS))
    const users = Array.from({ length: ACCOUNTS }, (_, i) => `bench-${String(i).padStart(6, '0')}`)
    emu.db.insertMany(Collection.users, users.map((openid) => ({ _id: userIdFor(openid), openid, nickname: openid, createdAt: now, updatedAt: now })))
    const balances: BalanceDoc[] = []
    const entries = function* (): Generator<LedgerEntryDoc> {
      for (const openid of users) {
        const userId = userIdFor(openid)
        let points = 0
        for (let j = 0; j < per; j++) {
          const delta = j % 10 === 9 ? -5 : 10
          points += delta
          const at = new Date(now.getTime() - (per - j) * 3_600_000)
          yield { _id: `bench_${userId}_${j}`, userId, delta, type: delta > 0 ? 'earn' : 'adjust', reason: '基准数据', source: { type: 'bench', id: String(j) }, refType: 'bench', refId: String(j), actorId: 'bench', idempotencyKey: `bench:${userId}:${j}`, balanceAfter: points, createdAt: at }
        }
        balances.push({ _id: userId, userId, points, entries: per, earned: points, caps: {}, rewardUse: {}, updatedAt: now })
      }
    }
    const loaded = emu.db.insertMany(Collection.ledger, entries())
    emu.db.insertMany(Collection.balances, balances)
    const rules: PointRuleDoc[] = [{ _id: 'rule-report_accepted', kind: 'report_accepted', label: '随手拍被立案', pointsPerUnit: 20, dailyCap: 0, monthlyCap: 0, active: true, updatedAt: now, updatedBy: 'bench' }]
    emu.db.insertMany(Collection.pointRules, rules)
    const reward: RewardDoc = { _id: 'reward-bench', name: '基准礼品', description: '', cost: 10, stockInitial: 1_000_000, stock: 1_000_000, pending: 0, fulfilled: 0, limitPerDay: 0, limitPerMonth: 0, limitTotal: 0, pickupHours: 24, pickupStationIds: ['st-bench'], active: true, order: 1, createdAt: now, updatedAt: now }
    // One hot reward (every redeem contends on its stock document) and 20 others to spread the load.
    emu.db.insertMany(Collection.rewards, [reward, ...Array.from({ length: 20 }, (_, k) => ({ ...reward, _id: `reward-bench-${k}` }))])
    console.log(`loaded ${ACCOUNTS} accounts and ${loaded} entries in ${((Date.now() - t0) / 1000).toFixed(1)} s`)

    const db = sdkDatabase(emu.adminUrl, emu.envId)
    const row = (measure: string, n: number, ms: number, floor: string, floorMs: number) => rows.push(throughputRow(measure, n, ms, floor, floorMs / n))

    // ── earn: the shared credit path (one transaction: rule, balance, entry) ───────────────────
    const EARN = 2000
    const floorWrite = await pool(EARN, CONCURRENCY, (i) => db.collection(Collection.idempotency).doc(`floor-${i}`).set({ data: { at: now } }))
    const earn = await pool(EARN, CONCURRENCY, (i) =>
      creditPoints(db, { userId: userIdFor(users[(i * 7919) % ACCOUNTS]), kind: 'report_accepted', source: { type: 'report', id: `b${i}` }, idempotencyKey: `bench-earn-${i}`, actorId: 'bench', now: new Date() }),
    )
    row('earn (creditPoints, SDK transaction)', EARN, earn, 'single-doc SDK set', floorWrite)
    const dup = await pool(EARN, CONCURRENCY, (i) =>
      creditPoints(db, { userId: userIdFor(users[(i * 7919) % ACCOUNTS]), kind: 'report_accepted', source: { type: 'report', id: `b${i}` }, idempotencyKey: `bench-earn-${i}`, actorId: 'bench', now: new Date() }),
    )
    row('earn retry (same key → duplicate)', EARN, dup, 'single-doc SDK set', floorWrite)

    // ── redeem: the passbook function as the mini-program calls it ────────────────────────────
    const REDEEM = 1000
    const floorCall = await pool(REDEEM, CONCURRENCY, (i) => call(users[i % ACCOUNTS], 'nope'))
    for (const [label, rewardOf] of [
      ['redeem, one hot reward (function)', () => reward._id],
      ['redeem, 20 rewards (function)', (i: number) => `reward-bench-${i % 20}`],
    ] as Array<[string, (i: number) => string]>) {
      const refused: Record<string, number> = {}
      const ms = await pool(REDEEM, CONCURRENCY, async (i) => {
        const res = await call(users[(i * 104729) % ACCOUNTS], 'redeem', { rewardId: rewardOf(i), idempotencyKey: `bench-redeem-${label.length}-${i}` })
        if (!res?.ok) refused[res?.error?.code ?? 'platform'] = (refused[res?.error?.code ?? 'platform'] ?? 0) + 1
      })
      if (Object.keys(refused).length) console.log(`${label}: refused ${JSON.stringify(refused)} (UNAVAILABLE = transaction kept conflicting; the client retries with the same key)`)
      row(label, REDEEM, ms, 'function call refused by router', floorCall)
    }

    // ── reconciliation: the whole ledger against every balance ───────────────────────────────
    const $ = db.command.aggregate
    const floorAgg = await pool(1, 1, () => db.collection(Collection.ledger).aggregate().group({ _id: null, sum: $.sum('$delta'), n: $.sum(1) }).end())
    let mismatches = -1
    let checked = 0
    const rec = await pool(1, 1, async () => {
      const r = await reconcileAll(db, 'bench', new Date())
      mismatches = r.mismatches.length
      checked = r.accountsChecked
    })
    console.log(`reconciliation: ${checked} accounts checked, ${mismatches} mismatches`)
    rows.push({ measure: `full reconciliation (${checked} accounts)`, n: 1, 'ops/s': +(1000 / rec).toFixed(3), 'ms/op': Math.round(rec), floor: 'one aggregate over the ledger', 'floor ms/op': Math.round(floorAgg), ratio: ratio(rec, floorAgg) })
    if (mismatches !== 0) throw new Error(`reconciliation found ${mismatches} mismatches in consistent data`)
    return rows
  })
}

if (require.main === module) runStandalone(run, `Passbook (${ACCOUNTS} accounts, ${ENTRIES} entries, concurrency ${CONCURRENCY})`)
