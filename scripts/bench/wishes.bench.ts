/**
 * Wishes benchmark: the public wish wall among 100 000 wishes (most long fulfilled or waiting for
 * screening, a few thousand on the wall across 60 streets), by street, newest first and longest-waiting
 * first (returned claims first), through the `wishes` function, against the same indexed query made
 * directly through the SDK — the floor the function's routing, grants read and view shaping add to.
 *   npx tsx scripts/bench/wishes.bench.ts     (WISH_BENCH_WISHES to scale)
 */
import { Collection } from '../../src/core/collections'
import { allWishCategories } from '../../src/wishes/vocabulary'
import { sdkDatabase } from '../seed/load'
import { pool, runStandalone, throughputRow as row, withFunctionEmulator, type ThroughputRow } from './support'

const WISHES = Number(process.env.WISH_BENCH_WISHES ?? 100_000)
const STREETS = 60
const CALLS = 200
const CONCURRENCY = 8
const DAY = 86_400_000

export function run(): Promise<ThroughputRow[]> {
  return withFunctionEmulator('wishes', { maxWorkersPerFunction: 4 }, async ({ emu, callOk }) => {
    const rows: ThroughputRow[] = []
    const db = sdkDatabase(emu.adminUrl, emu.envId)
    const now = Date.now()
    const states = ['fulfilled', 'fulfilled', 'fulfilled', 'withdrawn', 'declined', 'submitted', 'claimed', 'contacted', 'delivered', 'published']
    for (let start = 0; start < WISHES; start += 10_000) {
      const batch = Array.from({ length: Math.min(10_000, WISHES - start) }, (_x, k) => {
        const i = start + k
        const state = states[i % states.length]
        const publishedAt = new Date(now - ((i * 7919) % 365) * DAY)
        return {
          _id: `wish-bench-${i}`,
          idempotencyKey: `bench:${i}`,
          beneficiaryId: `u-bench-${i % 5000}`,
          forWhom: 'self',
          categoryId: allWishCategories[i % allWishCategories.length],
          title: `心愿 ${i}`,
          description: '基准数据',
          valueBand: 'under_100',
          district: '基准区',
          street: `street-bench-${i % STREETS}`,
          streetName: `基准街道 ${i % STREETS}`,
          community: '基准社区',
          phoneConsent: false,
          state,
          version: 2,
          priority: state === 'published' && i % 17 === 0 ? 1 : 0,
          publishedAt,
          createdAt: publishedAt,
          updatedAt: publishedAt,
        }
      })
      emu.db.insertMany(Collection.wishes, batch)
    }
    const streetOf = (i: number) => `street-bench-${(i * 13) % STREETS}`
    const openid = (i: number) => `wish-bench-viewer-${i % 50}`
    await pool(50, CONCURRENCY, (i) => callOk(openid(i), 'wall', { street: streetOf(i) })) // warm the workers

    const newestMs = await pool(CALLS, CONCURRENCY, (i) => callOk(openid(i), 'wall', { street: streetOf(i), sort: 'newest', page: { limit: 20 } }))
    const newestBare = await pool(CALLS, CONCURRENCY, (i) => db.collection(Collection.wishes).where({ street: streetOf(i), state: 'published' }).orderBy('publishedAt', 'desc').orderBy('_id', 'asc').limit(21).get())
    rows.push(row(`wall by street, newest (${WISHES} wishes)`, CALLS, newestMs, 'same indexed query through the SDK', newestBare / CALLS))

    const waitingMs = await pool(CALLS, CONCURRENCY, (i) => callOk(openid(i), 'wall', { street: streetOf(i), sort: 'waiting', page: { limit: 20 } }))
    const waitingBare = await pool(CALLS, CONCURRENCY, (i) =>
      db.collection(Collection.wishes).where({ street: streetOf(i), state: 'published' }).orderBy('priority', 'desc').orderBy('publishedAt', 'asc').orderBy('_id', 'asc').limit(21).get(),
    )
    // The function answers exactly what the direct query finds, in the same order.
    const viaFn = await callOk<{ items: Array<{ id: string }> }>(openid(0), 'wall', { street: streetOf(1), sort: 'waiting', page: { limit: 20 } })
    const direct = await db.collection(Collection.wishes).where({ street: streetOf(1), state: 'published' }).orderBy('priority', 'desc').orderBy('publishedAt', 'asc').orderBy('_id', 'asc').limit(20).get()
    if (JSON.stringify(viaFn.items.map((w) => w.id)) !== JSON.stringify(direct.data.map((w: { _id: string }) => w._id))) throw new Error('the wall differs from the direct query')
    rows.push(row(`wall by street, longest-waiting (${WISHES} wishes)`, CALLS, waitingMs, 'same indexed query through the SDK', waitingBare / CALLS))

    const catMs = await pool(CALLS, CONCURRENCY, (i) => callOk(openid(i), 'wall', { street: streetOf(i), categoryId: allWishCategories[i % allWishCategories.length], page: { limit: 20 } }))
    const catBare = await pool(CALLS, CONCURRENCY, (i) =>
      db.collection(Collection.wishes).where({ street: streetOf(i), state: 'published', categoryId: allWishCategories[i % allWishCategories.length] }).orderBy('publishedAt', 'desc').orderBy('_id', 'asc').limit(21).get(),
    )
    rows.push(row(`wall by street and category (${WISHES} wishes)`, CALLS, catMs, 'same indexed query through the SDK', catBare / CALLS))
    return rows
  })
}

if (require.main === module) runStandalone(run)
