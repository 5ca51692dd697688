/**
 * The ledger under fire, through the emulator and the real wx-server-sdk: many accounts and many
 * parallel requests — earning through the shared credit path with every idempotency key sent several
 * times at once, many accounts redeeming the same low-stock reward, cancels racing fulfilments, and
 * function workers killed (SIGKILL) mid-request so clients retry with the same key. At the end every
 * account's balance equals the sum of its entries and is ≥ 0, no reward is oversold, no idempotency key
 * was applied twice, and the reconciliation action agrees. Prints what was tried, succeeded and refused.
 */
import { execFileSync } from 'node:child_process'
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import type { LedgerEntryDoc, RedemptionDoc, RewardDoc } from '../../src/passbook/model'
import { creditPoints } from '../../cloudfunctions/passbook/credit'
import { redemptionId } from '../../cloudfunctions/passbook/ids'
import { startProject, type Project } from '../support/project'
import { checkInvariants, data, readAll } from './support'

jest.setTimeout(300_000)

const USERS = 40
const EARN_EVENTS = 6 // per user, each sent 3 times concurrently
const STOCK = 12
const COST = 60
const MAX_KILLS = 6
/** A killed worker's open transaction holds its locks until the emulator times it out (30 s). */
const RETRY_DEADLINE_MS = 90_000

let app: Project
let capped = 0
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

type Outcome = 'ok' | 'refused' | 'gave_up'
interface Counter { tried: number; ok: number; refused: Record<string, number>; failures: Record<string, number>; retries: number; gaveUp: number }
const counters = new Map<string, Counter>()
const count = (op: string) => {
  if (!counters.has(op)) counters.set(op, { tried: 0, ok: 0, refused: {}, failures: {}, retries: 0, gaveUp: 0 })
  return counters.get(op)!
}

const TRANSIENT = new Set(['UNAVAILABLE', 'INTERNAL'])

/**
 * Sends one user intent until it gets a definite answer, retrying (same payload, same key) after
 * crashes, timeouts and transient errors, as the front end's service does.
 */
async function attempt<T>(op: string, send: () => Promise<Envelope<T>>): Promise<{ outcome: Outcome; env?: Envelope<T> }> {
  const c = count(op)
  c.tried++
  const started = Date.now()
  for (let i = 0; ; i++) {
    let env: Envelope<T> | undefined
    try {
      env = await send()
    } catch (err) {
      env = undefined // the function instance died or the platform failed the call
      const why = String((err as Error).message).replace(/^function \S+ failed on the platform: /, '').slice(0, 60)
      c.failures[why] = (c.failures[why] ?? 0) + 1
    }
    if (env && env.ok) {
      c.ok++
      return { outcome: 'ok', env }
    }
    if (env && !env.ok && !TRANSIENT.has(env.error.code)) {
      c.refused[env.error.code] = (c.refused[env.error.code] ?? 0) + 1
      return { outcome: 'refused', env }
    }
    if (env) c.failures[env.error.code] = (c.failures[env.error.code] ?? 0) + 1
    if (Date.now() - started > RETRY_DEADLINE_MS) {
      c.gaveUp++
      return { outcome: 'gave_up' }
    }
    c.retries++
    await sleep(Math.min(3000, 200 * 2 ** Math.min(i, 4)) + Math.random() * 200)
  }
}

/**
 * At most this many in-process credits in flight. @cloudbase/node-sdk's keep-alive agent has 100 sockets;
 * a request queued for one gets it from Node without `reusedSocket` set, and the SDK's timeout helper then
 * adds a `connect` listener that never fires (request-core.js onTimeout), so past 100 in flight they pile
 * up on the sockets. A function instance never has that many requests open, so the test stays under it.
 */
const CREDITS_IN_FLIGHT = 90
let inFlight = 0
const queued: Array<() => void> = []
async function limited<T>(run: () => Promise<T>): Promise<T> {
  if (inFlight >= CREDITS_IN_FLIGHT) await new Promise<void>((resolve) => queued.push(resolve))
  inFlight++
  try {
    return await run()
  } finally {
    inFlight--
    queued.shift()?.()
  }
}

/** Server-side credits: the same shared path other functions use, with the errors they would see. */
async function credit(userId: string, event: number, kind: 'report_accepted' | 'volunteer_hour'): Promise<Envelope<unknown>> {
  try {
    const r = await creditPoints(app.db, {
      userId,
      kind,
      source: { type: kind === 'report_accepted' ? 'report' : 'activity', id: `conc-${userId}-${event}` },
      idempotencyKey: `${kind}:conc-${userId}-${event}`,
      quantity: kind === 'volunteer_hour' ? 3 : 1,
      actorId: 'concurrency-test',
      now: new Date(),
    })
    if (r.capped && !r.duplicate) capped++
    return { ok: true, data: r }
  } catch (err) {
    const e = err as { code?: string; message?: string }
    return { ok: false, error: { code: (e.code as never) ?? 'INTERNAL', message: e.message ?? '' } }
  }
}

function passbookWorkerPids(): number[] {
  try {
    const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    return out.split('\n').filter((l) => l.includes('passbook/index.js')).map((l) => Number(l.trim().split(/\s+/)[0])).filter(Boolean)
  } catch {
    return []
  }
}

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['passbook'] })
})
afterAll(async () => {
  await app?.close()
})

it('never loses, doubles or oversells under parallel, retried and crashed requests', async () => {
  const openids = Array.from({ length: USERS }, (_, i) => `o-conc-${String(i).padStart(3, '0')}`)
  const userIds = openids.map((o) => app.userIdOf(o))
  // Accounts exist, and half of them start with points from an audited adjustment.
  for (const [i, o] of openids.entries()) {
    await app.call('passbook', 'summary', {}, o)
    if (i % 2 === 0) data(await app.callAs('admin', 'passbook', 'adjust', { userId: userIds[i], points: 80, reason: '并发测试初始积分', idempotencyKey: `conc-setup-${i}` }))
  }
  const reward = data(await app.callAs<{ id: string }>('admin', 'passbook', 'saveReward', { name: '限量头盔', description: '并发测试', cost: COST, stock: STOCK, limitPerDay: 0, limitPerMonth: 0, limitTotal: 0, pickupHours: 24, pickupStationIds: ['st-lf-001'], active: true }))

  // The killer: SIGKILLs a passbook worker now and then while the storm runs.
  let kills = 0
  let storming = true
  const killer = (async () => {
    await sleep(300)
    while (storming && kills < MAX_KILLS) {
      const pids = passbookWorkerPids()
      if (pids.length > 0) {
        try {
          process.kill(pids[Math.floor(Math.random() * pids.length)], 'SIGKILL')
          kills++
        } catch {
          /* already gone */
        }
      }
      await sleep(400 + Math.random() * 600)
    }
  })()

  const manager = app.devOpenid('station_manager')
  const jobs: Array<Promise<unknown>> = []
  const redeemed: Array<{ id: string; code: string; owner: string }> = []
  /** What each copy of each redeem intent finally heard, by redemption id: explains any redemption no client saw. */
  const heard = new Map<string, string[]>()

  for (const [i, userId] of userIds.entries()) {
    // Earning: each event sent three times at once (double taps, retries racing the original).
    for (let e = 0; e < EARN_EVENTS; e++) {
      const kind = e % 2 === 0 ? 'report_accepted' : 'volunteer_hour'
      for (let copy = 0; copy < 3; copy++) jobs.push(attempt('earn', () => limited(() => credit(userId, e, kind))))
    }
    // Redeeming the low-stock reward: two intents per user, the first also retried concurrently.
    const owner = openids[i]
    for (let intent = 0; intent < 2; intent++) {
      const key = `conc-redeem-${i}-${intent}`
      const copies = intent === 0 ? 2 : 1
      for (let copy = 0; copy < copies; copy++) {
        jobs.push(
          (async () => {
            await sleep(Math.random() * 1500)
            const res = await attempt<{ id: string; pickupCode?: string }>('redeem', () => app.call('passbook', 'redeem', { rewardId: reward.id, idempotencyKey: key }, owner))
            const rid = redemptionId(userId, key)
            heard.set(rid, [...(heard.get(rid) ?? []), res.env && !res.env.ok ? `${res.outcome} ${res.env.error.code}: ${res.env.error.message}` : res.outcome])
            // Either copy may be the one that succeeds (a refusal is not stored: a later retry re-evaluates).
            if (res.outcome !== 'ok' || !res.env?.ok) return
            const r = res.env.data
            if (redeemed.some((x) => x.id === r.id)) return
            redeemed.push({ id: r.id, code: r.pickupCode!, owner })
            const roll = (i + intent) % 4
            const cancel = () => attempt('cancel', () => app.call('passbook', 'cancelRedemption', { id: r.id }, owner))
            // Each fulfil is its own scan (its own key); its retries resend that scan.
            const fulfil = () => {
              const scan = `scan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
              return attempt('fulfil', () => app.call('passbook', 'fulfil', { code: r.pickupCode, stationId: 'st-lf-001', idempotencyKey: scan }, manager))
            }
            if (roll === 0) await Promise.all([fulfil(), fulfil()])
            else if (roll === 1) await Promise.all([cancel(), cancel()])
            else if (roll === 2) await Promise.all([cancel(), fulfil()])
          })(),
        )
      }
    }
  }
  await Promise.all(jobs)
  storming = false
  await killer

  // ── the proof ──────────────────────────────────────────────────────────────────────────────
  const inv = await checkInvariants(app.db)
  const r = (await app.db.collection(Collection.rewards).doc(reward.id).get()).data as RewardDoc
  const redemptions = await readAll<RedemptionDoc>(app.db, Collection.redemptions, { rewardId: reward.id })
  const live = redemptions.filter((x) => x.state === 'pending' || x.state === 'fulfilled').length
  const unseen = redemptions.filter((x) => !redeemed.some((y) => y.id === x._id)).map((x) => `${x._id} (${x.state}): clients heard ${JSON.stringify(heard.get(x._id) ?? [])}`)
  const rows = [...counters.entries()].map(([op, c]) => ({
    operation: op,
    tried: c.tried,
    succeeded: c.ok,
    refused: Object.entries(c.refused).map(([k, v]) => `${k}×${v}`).join(' ') || '0',
    'retries after failures': c.retries,
    'gave up': c.gaveUp,
    failures: Object.entries(c.failures).map(([k, v]) => `${k}×${v}`).join(', '),
  }))
  console.log(
    [
      `passbook concurrency: ${USERS} accounts, reward stock ${STOCK}, workers killed ${kills}, credits capped ${capped}`,
      ...unseen.map((x) => `redemption no client saw: ${x}`),
      `accounts checked ${inv.accounts}, entries ${inv.entries}, redemptions of the reward ${redemptions.length} (live ${live}, stock left ${r.stock})`,
      ...rows.map((x) => `${x.operation.padEnd(8)} tried ${String(x.tried).padStart(4)}  succeeded ${String(x.succeeded).padStart(4)}  refused ${x.refused.padEnd(40)} retries ${String(x['retries after failures']).padStart(4)}  gave up ${x['gave up']}${x.failures ? `\n         failures retried: ${x.failures}` : ''}`),
    ].join('\n'),
  )

  expect(inv.problems).toEqual([])
  expect(live).toBeLessThanOrEqual(STOCK)
  expect(r.stock).toBe(STOCK - live)
  expect(r.stock).toBeGreaterThanOrEqual(0)
  // Each redeem intent made at most one redemption, and every redemption was answered to its client.
  expect(new Set(redemptions.map((x) => x.idempotencyKey)).size).toBe(redemptions.length)
  expect(unseen).toEqual([])
  // Each credit key made exactly one entry.
  const earnEntries = await readAll<LedgerEntryDoc>(app.db, Collection.ledger, { type: 'earn', actorId: 'concurrency-test' })
  expect(earnEntries.length).toBe(USERS * EARN_EVENTS)
  // A redemption raced by cancel and fulfil ended in exactly one of them.
  for (const x of redemptions) expect(['pending', 'fulfilled', 'cancelled']).toContain(x.state)
  // Every intent got a definite answer despite the kills.
  for (const c of counters.values()) expect(c.gaveUp).toBe(0)

  const rec = data(await app.callAs<{ mismatches: unknown[]; done: boolean }>('admin', 'passbook', 'reconcile', {}))
  expect(rec).toMatchObject({ mismatches: [], done: true })
  expect(kills).toBeGreaterThan(0)
})
