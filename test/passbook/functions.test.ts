/**
 * The passbook function through the emulator and the real wx-server-sdk: redeem → fulfil / cancel /
 * expire with points and stock moving together, the shared credit path's rules, caps and idempotency,
 * admin adjustments with audit, expiry and reconciliation jobs, and every refusal: nobody credits
 * themselves, fulfils outside their stations or reads another person's ledger; bad input changes nothing.
 */
import { Collection } from '../../src/core/collections'
import type { AdminRewardView, RedemptionView, Summary } from '../../src/passbook/contract'
import type { BalanceDoc, LedgerEntryDoc, RewardDoc } from '../../src/passbook/model'
import { PASSBOOK_TRIGGER } from '../../src/passbook/schedule'
import { creditPoints } from '../../cloudfunctions/passbook/credit'
import { sdkInstance, uploadDemoPictures } from '../../scripts/seed/load'
import { rewardPicturePath } from '../../scripts/seed/pictures'
import { startProject, type Project } from '../support/project'
import { checkInvariants, code, data, readAll } from './support'

jest.setTimeout(120_000)

let app: Project
const worker = () => app.userIdOf('dev-worker')
let seq = 0
const key = () => `test-key-${process.pid}-${++seq}`

async function snapshot() {
  const [ledger, balances, rewards, redemptions] = await Promise.all(
    [Collection.ledger, Collection.balances, Collection.rewards, Collection.redemptions].map((c) => readAll(app.db, c)),
  )
  return JSON.stringify({ ledger, balances, rewards, redemptions })
}

async function reward(id: string): Promise<RewardDoc> {
  return (await app.db.collection(Collection.rewards).doc(id).get()).data
}

async function balanceOf(userId: string): Promise<number> {
  const res = await app.db.collection(Collection.balances).where({ _id: userId }).get()
  return (res.data[0] as BalanceDoc | undefined)?.points ?? 0
}

beforeAll(async () => {
  // reports receives WeChat's image-check verdicts (cloudfunctions/message-push.ts).
  app = await startProject({ seed: true, functions: ['passbook', 'reports'] })
  // Give the dev identities points the honest way: an audited admin adjustment.
  for (const openid of ['dev-worker', 'dev-party-member', 'dev-team-captain']) {
    data(await app.callAs('admin', 'passbook', 'adjust', { userId: app.userIdOf(openid), points: 1000, reason: '测试准备：发放积分', idempotencyKey: `setup-${openid}` }))
  }
})
afterAll(async () => {
  await app?.close()
})

describe('redeem, fulfil, cancel', () => {
  it('debits points and takes stock in one step, and a retry returns the same redemption', async () => {
    const before = await balanceOf(worker())
    const stock = (await reward('reward-01')).stock
    const k = key()
    const first = data(await app.callAs<RedemptionView>('worker', 'passbook', 'redeem', { rewardId: 'reward-01', idempotencyKey: k }))
    const again = data(await app.callAs<RedemptionView>('worker', 'passbook', 'redeem', { rewardId: 'reward-01', idempotencyKey: k }))
    expect(again.id).toBe(first.id)
    expect(again.pickupCode).toBe(first.pickupCode)
    expect(first.pickupCode).toMatch(/^\d{10}$/)
    expect(await balanceOf(worker())).toBe(before - 100)
    expect((await reward('reward-01')).stock).toBe(stock - 1)
    expect(code(await app.callAs('worker', 'passbook', 'redeem', { rewardId: 'reward-04', idempotencyKey: k }))).toBe('CONFLICT')

    const detail = data(await app.callAs<RedemptionView & { qr?: string }>('worker', 'passbook', 'redemption', { id: first.id }))
    expect(detail.qr).toMatch(/^data:image\/png;base64,/)

    // A manager of st-lf-001 fulfils it; the same scan sent again answers the same result.
    const scan = key()
    const done = data(await app.callAs<{ state: string; station: { id: string }; fulfilledAt: string }>('station_manager', 'passbook', 'fulfil', { code: first.pickupCode!.replace(/^(\d{4})/, '$1 '), stationId: 'st-lf-001', idempotencyKey: scan }))
    expect(done).toMatchObject({ state: 'fulfilled', station: { id: 'st-lf-001' } })
    expect(data(await app.callAs('station_manager', 'passbook', 'fulfil', { code: first.pickupCode, stationId: 'st-lf-001', idempotencyKey: scan }))).toEqual(done)
    // Any other scan of the used code, here or elsewhere, is a warning, never a success.
    expect(code(await app.callAs('station_manager', 'passbook', 'fulfil', { code: first.pickupCode, stationId: 'st-lf-001', idempotencyKey: key() }))).toBe('ALREADY_CLOSED')
    expect(code(await app.callAs('station_manager', 'passbook', 'fulfil', { code: first.pickupCode, stationId: 'st-lf-002', idempotencyKey: key() }))).toBe('ALREADY_CLOSED')
    expect(code(await app.callAs('worker', 'passbook', 'cancelRedemption', { id: first.id }))).toBe('CONFLICT')
    const r = await reward('reward-01')
    expect([r.stock, r.pending]).toEqual([stock - 1, 0])
    expect((await checkInvariants(app.db)).problems).toEqual([])
  })

  it('cancelling returns points and stock by a reverse entry pointing at the redeem entry', async () => {
    const before = await balanceOf(worker())
    const r = data(await app.callAs<RedemptionView>('worker', 'passbook', 'redeem', { rewardId: 'reward-07', idempotencyKey: key() }))
    expect(await balanceOf(worker())).toBe(before - 250)
    const cancelled = data(await app.callAs<RedemptionView>('worker', 'passbook', 'cancelRedemption', { id: r.id }))
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.pickupCode).toBeUndefined()
    expect(await balanceOf(worker())).toBe(before)
    const entries = await readAll<LedgerEntryDoc>(app.db, Collection.ledger, { refId: r.id })
    const redeemEntry = entries.find((e) => e.type === 'redeem')!
    expect(entries.find((e) => e.type === 'reverse')).toMatchObject({ delta: 250, reverses: redeemEntry._id })
    // Cancelling twice changes nothing more; the code can no longer be fulfilled.
    expect(code(await app.callAs('worker', 'passbook', 'cancelRedemption', { id: r.id }))).toBe('OK')
    expect(await balanceOf(worker())).toBe(before)
    expect((await checkInvariants(app.db)).problems).toEqual([])
  })

  it('refuses when points are short, stock is gone or the per-user limit is reached, and says why', async () => {
    const poor = 'o-passbook-poor'
    const res = await app.call('passbook', 'redeem', { rewardId: 'reward-01', idempotencyKey: key() }, poor)
    expect(res).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_POINTS', message: expect.stringContaining('需要 100 分') } })

    await app.db.collection(Collection.rewards).doc('reward-06').update({ data: { stock: 0, stockInitial: 0 } })
    data(await app.callAs('admin', 'passbook', 'adjust', { userId: app.userIdOf(poor), points: 300, reason: '测试准备：发放积分', idempotencyKey: key() }))
    expect(code(await app.call('passbook', 'redeem', { rewardId: 'reward-06', idempotencyKey: key() }, poor))).toBe('OUT_OF_STOCK')

    // reward-01: one a day.
    expect(code(await app.call('passbook', 'redeem', { rewardId: 'reward-01', idempotencyKey: key() }, poor))).toBe('OK')
    const limited = await app.call('passbook', 'redeem', { rewardId: 'reward-01', idempotencyKey: key() }, poor)
    expect(limited).toMatchObject({ ok: false, error: { code: 'OUT_OF_RANGE', message: expect.stringContaining('每人每天限兑 1 次') } })
    expect((await checkInvariants(app.db)).problems).toEqual([])
  })

  it('expires an unfulfilled redemption by the timer job and gives points and stock back', async () => {
    const u = 'o-passbook-expiry'
    await app.call('passbook', 'summary', {}, u)
    data(await app.callAs('admin', 'passbook', 'adjust', { userId: app.userIdOf(u), points: 200, reason: '测试准备：发放积分', idempotencyKey: key() }))
    const r = data(await app.call<RedemptionView>('passbook', 'redeem', { rewardId: 'reward-04', idempotencyKey: key() }, u))
    expect(await balanceOf(app.userIdOf(u))).toBe(0)
    await app.db.collection(Collection.redemptions).doc(r.id).update({ data: { expiresAt: new Date(Date.now() - 1000) } })
    // An expired code is refused at the counter even before the sweep runs.
    expect(code(await app.callAs('station_manager', 'passbook', 'fulfil', { code: r.pickupCode, stationId: 'st-lf-001', idempotencyKey: key() }))).toBe('ALREADY_CLOSED')
    const job = await app.timer<{ expireRedemptions: { expired: number } }>('passbook', PASSBOOK_TRIGGER)
    expect(job).toMatchObject({ ok: true })
    expect(data(job).expireRedemptions.expired).toBeGreaterThanOrEqual(1)
    // The first firing on this store also ran the daily and yearly jobs; the next one only sweeps pickups.
    expect(Object.keys(data(job)).sort()).toEqual(['expirePoints', 'expireRedemptions', 'reconcile', 'warnExpiringPoints'])
    expect(Object.keys(data(await app.timer('passbook', PASSBOOK_TRIGGER)) as object)).toEqual(['expireRedemptions'])
    const mine = data(await app.call<RedemptionView[]>('passbook', 'myRedemptions', {}, u))
    expect(mine[0]).toMatchObject({ id: r.id, state: 'expired' })
    expect(await balanceOf(app.userIdOf(u))).toBe(200)
    expect((await checkInvariants(app.db)).problems).toEqual([])
  })
})

describe('the shared credit path', () => {
  it('applies the rule, caps per day and month, records capped credits honestly and never credits a key twice', async () => {
    const userId = app.userIdOf('o-passbook-earner')
    const now = new Date('2025-03-10T04:00:00Z')
    const credit = (id: string, quantity?: number, when = now) => creditPoints(app.db, { userId, kind: 'report_accepted', source: { type: 'report', id }, idempotencyKey: `report_accepted:${id}`, quantity, actorId: 'tester', now: when })
    expect(await credit('r1')).toMatchObject({ points: 20, capped: false, duplicate: false })
    expect(await credit('r1')).toMatchObject({ points: 20, duplicate: true })
    await credit('r2')
    await credit('r3')
    // Daily cap 60: the 4th accepted report of the day is recorded with 0 points and capped.
    const capped = await credit('r4')
    expect(capped).toMatchObject({ points: 0, capped: true, duplicate: false })
    const entry = (await app.db.collection(Collection.ledger).doc(capped.entryId).get()).data as LedgerEntryDoc
    expect(entry).toMatchObject({ delta: 0, capped: true, type: 'earn', kind: 'report_accepted' })
    expect(entry.reason).toContain('已达上限')
    expect(await credit('r5', 1, new Date('2025-03-11T04:00:00Z'))).toMatchObject({ points: 20 })
    // Same key, different parameters: refused.
    await expect(creditPoints(app.db, { userId, kind: 'report_accepted', source: { type: 'report', id: 'other' }, idempotencyKey: 'report_accepted:r1', actorId: 'x', now })).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(creditPoints(app.db, { userId, kind: 'admin_adjust', source: { type: 'x', id: 'y' }, idempotencyKey: 'adjust-try', actorId: 'x', now })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    for (const quantity of [-1, 0, 0.001, Infinity, 1e9]) {
      await expect(creditPoints(app.db, { userId, kind: 'volunteer_hour', quantity, source: { type: 'activity', id: 'q' }, idempotencyKey: `q-${quantity}`, actorId: 'x', now })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    }
    // Hours are rounded down to whole points: 1.25 h × 10 = 12.
    expect(await creditPoints(app.db, { userId, kind: 'volunteer_hour', quantity: 1.25, source: { type: 'activity', id: 'h' }, idempotencyKey: 'hours-1', actorId: 'x', now })).toMatchObject({ points: 12 })
    expect(await balanceOf(userId)).toBe(20 * 4 + 12)
    expect((await checkInvariants(app.db)).problems).toEqual([])
  })

  it('expires lapsed points oldest first, once, by the yearly job', async () => {
    const u = 'o-passbook-lapse'
    const userId = app.userIdOf(u)
    const c = (id: string, hours: number, at: string) => creditPoints(app.db, { userId, kind: 'volunteer_hour', quantity: hours, source: { type: 'activity', id }, idempotencyKey: `lapse-${id}`, actorId: 'x', now: new Date(at) })
    await c('old', 5, '2023-04-01T02:00:00Z') // 50 points, lapse 2025-01-01
    await c('new', 3, new Date().toISOString()) // 30 points, this year
    // Spending 20 consumes the oldest lot first: 30 of the old lot lapse.
    await app.db.collection(Collection.rewards).doc('reward-cheap').set({ data: { name: '纸巾', description: '', cost: 20, stockInitial: 5, stock: 5, pending: 0, fulfilled: 0, limitPerDay: 0, limitPerMonth: 0, limitTotal: 0, pickupHours: 24, pickupStationIds: ['st-lf-001'], active: true, order: 99, createdAt: new Date(), updatedAt: new Date() } })
    data(await app.call('passbook', 'redeem', { rewardId: 'reward-cheap', idempotencyKey: key() }, u))
    expect(await balanceOf(userId)).toBe(60)
    // The yearly slot comes round (the trigger already ran the job in an earlier test, on a fresh store).
    const newYear = () => app.db.collection(Collection.jobRuns).doc('passbook:expirePoints').remove()
    const fire = () => app.timer<Record<string, { expiredPoints?: number }>>('passbook', PASSBOOK_TRIGGER)
    await newYear()
    expect(data(await fire()).expirePoints).toMatchObject({ expiredPoints: expect.any(Number) })
    expect(await balanceOf(userId)).toBe(30)
    // The next firing does not run it again; and run again regardless, it expires nothing twice.
    expect(data(await fire()).expirePoints).toBeUndefined()
    await newYear()
    expect(data(await fire()).expirePoints).toMatchObject({ expiredPoints: 0 })
    expect(await balanceOf(userId)).toBe(30)
    const expired = await readAll<LedgerEntryDoc>(app.db, Collection.ledger, { userId, type: 'expire' })
    expect(expired.map((e) => e.delta)).toEqual([-30])
    expect((await checkInvariants(app.db)).problems).toEqual([])
  })
})

describe('admin', () => {
  it('adjusts with a mandatory reason, audited, idempotent, never below zero', async () => {
    const target = app.userIdOf('dev-party-member')
    const before = await balanceOf(target)
    const k = key()
    const res = data(await app.callAs<{ points: number; duplicate: boolean }>('admin', 'passbook', 'adjust', { userId: target, points: 15, reason: '线下活动补记积分', idempotencyKey: k }))
    expect(res).toMatchObject({ points: 15, duplicate: false })
    expect(data(await app.callAs<{ duplicate: boolean }>('admin', 'passbook', 'adjust', { userId: target, points: 15, reason: '线下活动补记积分', idempotencyKey: k })).duplicate).toBe(true)
    expect(code(await app.callAs('admin', 'passbook', 'adjust', { userId: target, points: 16, reason: '线下活动补记积分', idempotencyKey: k }))).toBe('CONFLICT')
    expect(await balanceOf(target)).toBe(before + 15)
    const audit = await readAll<{ action: string; reason: string }>(app.db, Collection.auditLog, { targetId: target, action: 'passbook.adjust', reason: '线下活动补记积分' })
    expect(audit).toHaveLength(1)
    expect(code(await app.callAs('admin', 'passbook', 'adjust', { userId: target, points: -(before + 16), reason: '测试扣减过多', idempotencyKey: key() }))).toBe('INSUFFICIENT_POINTS')
    expect(code(await app.callAs('admin', 'passbook', 'adjust', { userId: target, points: 5, reason: '', idempotencyKey: key() }))).toBe('INVALID_ARGUMENT')
    expect(await balanceOf(target)).toBe(before + 15)
  })

  it("shows a reward's picture, once WeChat's image check passed it, through a temporary URL that serves the stored file", async () => {
    // The admin's path: the picture is uploaded to storage, the reward names its file ID.
    const pictures = await uploadDemoPictures(sdkInstance(app.emu.adminUrl, app.emu.envId))
    const photo = pictures[rewardPicturePath(1)]
    const r = await reward('reward-02')
    const saved = data(await app.callAs<AdminRewardView>('admin', 'passbook', 'saveReward', { id: r._id, name: r.name, description: r.description, photo, cost: r.cost, stock: r.stock, limitPerDay: r.limitPerDay, limitPerMonth: r.limitPerMonth, limitTotal: r.limitTotal, pickupHours: r.pickupHours, pickupStationIds: r.pickupStationIds, active: r.active }))
    expect(saved).toMatchObject({ photo, photoChecking: true })
    const risky = await app.upload('rewards/risky-cover.png', app.devOpenid('admin'))
    const r3 = await reward('reward-03')
    data(await app.callAs('admin', 'passbook', 'saveReward', { id: r3._id, name: r3.name, description: r3.description, photo: risky, cost: r3.cost, limitPerDay: r3.limitPerDay, limitPerMonth: r3.limitPerMonth, limitTotal: r3.limitTotal, pickupHours: r3.pickupHours, pickupStationIds: r3.pickupStationIds, active: r3.active }))
    await app.emu.settlePushes()
    const items = data(await app.callAs<Array<{ id: string; photo?: string; photoUrl?: string }>>('worker', 'passbook', 'catalogue'))
    // WeChat found the other picture risky: that reward shows no picture at all.
    expect(items.find((x) => x.id === 'reward-03')).toMatchObject({ name: r3.name })
    expect(JSON.stringify(items.find((x) => x.id === 'reward-03'))).not.toContain('risky-cover')
    const shown = items.find((x) => x.id === 'reward-02')!
    expect(shown.photo).toBe(photo)
    expect(shown.photoUrl).toMatch(/^https?:\/\//)
    const body = Buffer.from(await (await fetch(shown.photoUrl!)).arrayBuffer())
    expect(body.subarray(1, 4).toString()).toBe('PNG')
    // A reward without a picture has no URL.
    expect(items.find((x) => x.id === 'reward-01')).not.toHaveProperty('photoUrl')
  })

  it('edits rules and the catalogue; stock grows only through addStock', async () => {
    const rule = data(await app.callAs<{ pointsPerUnit: number }>('admin', 'passbook', 'saveRule', { kind: 'checkin_visit', label: '驿站签到', pointsPerUnit: 3, dailyCap: 6, monthlyCap: 90, active: true, reason: '提高签到积分' }))
    expect(rule.pointsPerUnit).toBe(3)
    const rules = data(await app.callAs<Array<{ kind: string; pointsPerUnit: number }>>('admin', 'passbook', 'rules'))
    expect(rules.find((r) => r.kind === 'checkin_visit')?.pointsPerUnit).toBe(3)
    const created = data(await app.callAs<{ id: string; stock: number; stockInitial: number }>('admin', 'passbook', 'saveReward', { name: '防晒袖套', description: '夏季防晒', cost: 60, stock: 10, limitPerDay: 1, limitPerMonth: 2, limitTotal: 0, pickupHours: 48, pickupStationIds: ['st-lf-001'], active: true }))
    expect(created).toMatchObject({ stock: 10, stockInitial: 10 })
    const edited = data(await app.callAs<{ stock: number; cost: number }>('admin', 'passbook', 'saveReward', { id: created.id, name: '防晒袖套', description: '夏季防晒', cost: 80, stock: 9999, limitPerDay: 1, limitPerMonth: 2, limitTotal: 0, pickupHours: 48, pickupStationIds: ['st-lf-001'], active: true }))
    expect(edited).toMatchObject({ stock: 10, cost: 80 })
    expect(data(await app.callAs<{ stock: number; stockInitial: number }>('admin', 'passbook', 'addStock', { rewardId: created.id, quantity: 5, reason: '新到货' }))).toMatchObject({ stock: 15, stockInitial: 15 })
    expect(code(await app.callAs('admin', 'passbook', 'saveReward', { name: 'x', description: '', cost: 1, stock: 1, limitPerDay: 0, limitPerMonth: 0, limitTotal: 0, pickupHours: 1, pickupStationIds: ['st-nowhere'], active: true }))).toBe('NOT_FOUND')
  })

  it('reconciliation reports a tampered balance and a tampered stock without fixing them', async () => {
    expect(data(await app.callAs<{ mismatches: unknown[]; done: boolean }>('admin', 'passbook', 'reconcile', {}))).toMatchObject({ mismatches: [], done: true })
    const victim = worker()
    const points = await balanceOf(victim)
    await app.db.collection(Collection.balances).doc(victim).update({ data: { points: points + 1000 } })
    await app.db.collection(Collection.rewards).doc('reward-02').update({ data: { stock: 999 } })
    // In small chunks, to exercise the cursor.
    const found: Array<{ kind: string; id: string }> = []
    let cursor: string | undefined
    for (let i = 0; i < 100; i++) {
      const r = data(await app.callAs<{ mismatches: Array<{ kind: string; id: string }>; nextCursor?: string; done: boolean }>('admin', 'passbook', 'reconcile', { cursor, accounts: 3 }))
      found.push(...r.mismatches)
      if (r.done) break
      cursor = r.nextCursor
    }
    expect(found).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'balance', id: victim }), expect.objectContaining({ kind: 'stock', id: 'reward-02' }), expect.objectContaining({ kind: 'orphan' })]))
    expect(await balanceOf(victim)).toBe(points + 1000)
    const audit = await readAll<{ targetId: string }>(app.db, Collection.auditLog, { action: 'passbook.reconcile.mismatch' })
    expect(audit.map((a) => a.targetId)).toEqual(expect.arrayContaining([victim, 'reward-02']))
    // Put it back for the other suites in this file.
    await app.db.collection(Collection.balances).doc(victim).update({ data: { points } })
    await app.db.collection(Collection.rewards).doc('reward-02').update({ data: { stock: (await reward('reward-02')).stockInitial - (await reward('reward-02')).fulfilled - (await reward('reward-02')).pending } })
  })
})

describe('authorization and bad input', () => {
  it('nobody credits themselves: the credit action is internal and no user action takes a point amount', async () => {
    const before = await snapshot()
    for (const role of ['worker', 'station_manager', 'admin'] as const) {
      const res = await app.callAs(role, 'passbook', 'credit', { userId: app.userIdOf(app.devOpenid(role)), kind: 'report_accepted', source: { type: 'report', id: 'self' }, idempotencyKey: 'self-credit' })
      expect(code(res)).toBe('FORBIDDEN')
    }
    // A timer-shaped event from the mini-program is an ordinary (unknown) action, not a job.
    expect(code(await app.callRaw('passbook', { Type: 'Timer', TriggerName: 'expirePoints' }, 'dev-worker'))).not.toBe('OK')
    const adminActions: Array<[string, Record<string, unknown>]> = [
      ['adjust', { userId: worker(), points: 100, reason: '给自己加分', idempotencyKey: key() }],
      ['saveRule', { kind: 'report_accepted', label: '随手拍', pointsPerUnit: 10_000, dailyCap: 0, monthlyCap: 0, active: true, reason: '给自己加分' }],
      ['addStock', { rewardId: 'reward-01', quantity: 5, reason: '加库存' }],
      ['reconcile', {}],
      ['accountEntries', { userId: app.userIdOf('dev-party-member') }],
      ['rules', {}],
      ['adminRewards', {}],
    ]
    for (const [action, payload] of adminActions) {
      for (const role of ['worker', 'station_manager', 'team_captain'] as const) expect([action, role, code(await app.callAs(role, 'passbook', action, payload))]).toEqual([action, role, 'FORBIDDEN'])
    }
    // Extra fields (a price, a balance, someone else's id) are dropped by the contract.
    const r = data(await app.callAs<RedemptionView>('worker', 'passbook', 'redeem', { rewardId: 'reward-05', idempotencyKey: key(), cost: 1, userId: app.userIdOf('dev-admin') } as never))
    expect(r.cost).toBe(150)
    data(await app.callAs('worker', 'passbook', 'cancelRedemption', { id: r.id }))
    expect(before).not.toBe(await snapshot())
  })

  it('nobody reads another person\'s ledger or redemption', async () => {
    const mine = data(await app.callAs<Summary>('worker', 'passbook', 'summary'))
    const theirs = data(await app.callAs<Summary>('party_member', 'passbook', 'summary'))
    expect(mine.recent.map((e) => e.id)).not.toEqual(theirs.recent.map((e) => e.id))
    expect(JSON.stringify(mine)).not.toContain(app.userIdOf('dev-party-member'))
    const r = data(await app.callAs<RedemptionView>('party_member', 'passbook', 'redeem', { rewardId: 'reward-01', idempotencyKey: key() }))
    for (const action of ['redemption', 'cancelRedemption']) {
      expect(code(await app.callAs('worker', 'passbook', action, { id: r.id }))).toBe('NOT_FOUND')
    }
    // The entries action has no user parameter: a userId sent anyway is ignored.
    const page = data(await app.callAs<{ items: Array<{ id: string }> }>('worker', 'passbook', 'entries', { userId: app.userIdOf('dev-party-member') } as never))
    expect(page.items.map((e) => e.id)).toEqual(expect.arrayContaining(mine.recent.slice(0, 3).map((e) => e.id)))
    expect(JSON.stringify(await app.callAs('worker', 'passbook', 'myRedemptions'))).not.toContain(r.id)
  })

  it('nobody fulfils outside their stations', async () => {
    const r = data(await app.callAs<RedemptionView>('team_captain', 'passbook', 'redeem', { rewardId: 'reward-01', idempotencyKey: key() }))
    // A station seed-manager-hj manages that the reward does not list, found from the stored grant and reward.
    const listed = new Set((await reward('reward-01')).pickupStationIds)
    const grants = await readAll<{ role: string; scopeIds: string[] }>(app.db, Collection.roleGrants, { userId: app.userIdOf('seed-manager-hj') })
    const managedUnlisted = grants.filter((g) => g.role === 'station_manager').flatMap((g) => g.scopeIds).find((id) => !listed.has(id))
    expect(managedUnlisted).toBeDefined()
    const before = await snapshot()
    // Not a manager at all, a manager of other stations, and a station of theirs the reward does not list.
    expect(code(await app.callAs('worker', 'passbook', 'fulfil', { code: r.pickupCode, stationId: 'st-lf-001', idempotencyKey: key() }))).toBe('FORBIDDEN')
    expect(code(await app.call('passbook', 'fulfil', { code: r.pickupCode, stationId: 'st-lf-001', idempotencyKey: key() }, 'seed-manager-hj'))).toBe('FORBIDDEN')
    expect(code(await app.call('passbook', 'fulfil', { code: r.pickupCode, stationId: managedUnlisted, idempotencyKey: key() }, 'seed-manager-hj'))).toBe('FORBIDDEN')
    expect(await snapshot()).toBe(before)
    expect(code(await app.callAs('station_manager', 'passbook', 'fulfil', { code: r.pickupCode, stationId: 'st-lf-002', idempotencyKey: key() }))).toBe('OK')
  })

  it('bad input gets a clear error and changes nothing', async () => {
    const before = await snapshot()
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['redeem', { rewardId: 'reward-nope', idempotencyKey: key() }, 'NOT_FOUND'],
      ['redeem', { rewardId: 'reward-01' }, 'INVALID_ARGUMENT'],
      ['redeem', { rewardId: 'reward-01', idempotencyKey: 'short' }, 'INVALID_ARGUMENT'],
      ['redeem', { rewardId: '$where', idempotencyKey: key() }, 'INVALID_ARGUMENT'],
      ['redemption', { id: 'rd_nope' }, 'NOT_FOUND'],
      ['cancelRedemption', { id: { $ne: null } }, 'INVALID_ARGUMENT'],
      ['entries', { limit: 10_000 }, 'INVALID_ARGUMENT'],
    ]
    for (const [action, payload, expected] of cases) {
      const res = await app.callAs('worker', 'passbook', action, payload)
      expect([action, code(res)]).toEqual([action, expected])
      if (!res.ok) expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    const adminCases: Array<[string, Record<string, unknown>]> = [
      ['adjust', { userId: worker(), points: 1.5, reason: '小数积分', idempotencyKey: key() }],
      ['adjust', { userId: worker(), points: 1e12, reason: '巨大积分', idempotencyKey: key() }],
      ['adjust', { userId: worker(), points: '100', reason: '文本积分', idempotencyKey: key() }],
      ['adjust', { userId: worker(), points: 0, reason: '零积分调整', idempotencyKey: key() }],
      ['adjust', { userId: 'u-nobody', points: 5, reason: '不存在的人', idempotencyKey: key() }],
      ['saveRule', { kind: 'volunteer_hour', label: 'x', pointsPerUnit: -5, dailyCap: 0, monthlyCap: 0, active: true, reason: '负数规则' }],
      ['saveRule', { kind: 'admin_adjust', label: 'x', pointsPerUnit: 5, dailyCap: 0, monthlyCap: 0, active: true, reason: '不可设规则' }],
      ['saveReward', { name: '坏礼品', description: '', cost: -1, stock: 1, limitPerDay: 0, limitPerMonth: 0, limitTotal: 0, pickupHours: 1, pickupStationIds: ['st-lf-001'], active: true }],
      ['addStock', { rewardId: 'reward-01', quantity: -3, reason: '减少库存' }],
      ['addStock', { rewardId: 'reward-nope', quantity: 3, reason: '不存在的礼品' }],
    ]
    for (const [action, payload] of adminCases) {
      const res = await app.callAs('admin', 'passbook', action, payload)
      expect([action, res.ok]).toEqual([action, false])
      if (!res.ok) expect(['INVALID_ARGUMENT', 'NOT_FOUND']).toContain(res.error.code)
    }
    const fulfilCases = ['12345', '1234567890', 'NXPICKUP:abc', '1111 1111 12']
    for (const c of fulfilCases) expect(code(await app.callAs('station_manager', 'passbook', 'fulfil', { code: c, stationId: 'st-lf-001', idempotencyKey: key() }))).not.toBe('OK')
    expect(await snapshot()).toBe(before)

    // A valid code without a scan key (or a malformed one) is refused before anything is touched.
    const valid = data(await app.callAs<RedemptionView>('team_captain', 'passbook', 'redeem', { rewardId: 'reward-04', idempotencyKey: key() }))
    const after = await snapshot()
    expect(code(await app.callAs('station_manager', 'passbook', 'fulfil', { code: valid.pickupCode, stationId: 'st-lf-001' }))).toBe('INVALID_ARGUMENT')
    expect(code(await app.callAs('station_manager', 'passbook', 'fulfil', { code: valid.pickupCode, stationId: 'st-lf-001', idempotencyKey: 'short' }))).toBe('INVALID_ARGUMENT')
    expect(await snapshot()).toBe(after)
  })
})

test('entries page through entries written in the same millisecond exactly once, newest first', async () => {
  const openid = 'o-paging-burst'
  const userId = app.userIdOf(openid)
  const burst = new Date('2025-06-01T08:00:00.000Z')
  const older = new Date('2025-05-31T08:00:00.000Z')
  const docs = ['b1', 'b2', 'b3', 'b4', 'b5', 'o1', 'o2'].map((id) => ({
    _id: `paging-${id}`,
    userId,
    delta: 1,
    type: 'earn',
    reason: `paging ${id}`,
    source: { type: 'test', id },
    refType: 'test',
    refId: id,
    actorId: 'system',
    idempotencyKey: `paging-${id}`,
    balanceAfter: 1,
    createdAt: id.startsWith('b') ? burst : older,
  }))
  for (const doc of docs) await app.db.collection(Collection.ledger).add({ data: doc })
  const seen: string[] = []
  let cursor: { before?: string; beforeId?: string } = {}
  for (let pages = 0; pages < 10; pages++) {
    const page = data(await app.call<{ items: Array<{ id: string; createdAt: string }>; hasMore: boolean }>('passbook', 'entries', { ...cursor, limit: 2 }, openid))
    seen.push(...page.items.map((e) => e.id))
    if (!page.hasMore) break
    const last = page.items[page.items.length - 1]
    cursor = { before: last.createdAt, beforeId: last.id }
  }
  expect(seen).toEqual(['paging-b5', 'paging-b4', 'paging-b3', 'paging-b2', 'paging-b1', 'paging-o2', 'paging-o1'])
})

describe('fulfil is unambiguous: one hand-out, and every later scan a warning that says when, where and by whom', () => {
  let people = 0
  /** A fresh person with enough points redeems reward-04 (collectable at st-lf-001), so daily limits never interfere. */
  const redeemFresh = async (): Promise<RedemptionView> => {
    const u = `o-fulfil-${process.pid}-${++people}`
    await app.call('passbook', 'summary', {}, u)
    data(await app.callAs('admin', 'passbook', 'adjust', { userId: app.userIdOf(u), points: 200, reason: '测试准备：发放积分', idempotencyKey: key() }))
    return data(await app.call<RedemptionView>('passbook', 'redeem', { rewardId: 'reward-04', idempotencyKey: key() }, u))
  }
  const message = async (payload: Record<string, unknown>, as: 'station_manager' = 'station_manager') => {
    const res = await app.callAs(as, 'passbook', 'fulfil', payload)
    if (res.ok) throw new Error(`expected a warning, got success ${JSON.stringify(res.data)}`)
    return res.error
  }

  it('a second scan of a used code: ALREADY_CLOSED naming the station, the manager and the China time; nothing changes', async () => {
    const r = await redeemFresh()
    const first = data(await app.callAs<{ fulfilledAt: string; station: { name: string } }>('station_manager', 'passbook', 'fulfil', { code: r.pickupCode, stationId: 'st-lf-001', idempotencyKey: key() }))
    const before = await snapshot()
    const error = await message({ code: r.pickupCode, stationId: 'st-lf-001', idempotencyKey: key() })
    const at = new Date(new Date(first.fulfilledAt).getTime() + 8 * 3_600_000)
    const hhmm = at.toISOString().slice(11, 16)
    expect(error.code).toBe('ALREADY_CLOSED')
    expect(error.field).toBe('code')
    expect(error.message).toContain(`${at.getUTCMonth() + 1}月${at.getUTCDate()}日 ${hhmm}`)
    expect(error.message).toContain(`「${first.station.name}」`)
    expect(error.message).toContain('驿站管理员刘姐')
    expect(error.message).toContain('请勿再次发放')
    expect(await snapshot()).toBe(before)
  })

  it('the same scan retried (same key) answers the original success, once', async () => {
    const r = await redeemFresh()
    const fulfilledBefore = (await reward('reward-04')).fulfilled
    const scan = key()
    const sent = await Promise.all([1, 2, 3].map(() => app.callAs<{ id: string; fulfilledAt: string }>('station_manager', 'passbook', 'fulfil', { code: r.pickupCode, stationId: 'st-lf-001', idempotencyKey: scan })))
    expect(sent.every((s) => s.ok)).toBe(true)
    expect(new Set(sent.map((s) => JSON.stringify(data(s)))).size).toBe(1)
    const stored = (await app.db.collection(Collection.redemptions).doc(r.id).get()).data
    expect(stored).toMatchObject({ state: 'fulfilled', fulfilKey: scan })
    // One hand-out: the reward counts it once.
    expect((await reward('reward-04')).fulfilled).toBe(fulfilledBefore + 1)
  })

  it('a cancelled code: ALREADY_CLOSED that says the person cancelled it; nothing is handed out', async () => {
    const r = await redeemFresh()
    data(await app.call('passbook', 'cancelRedemption', { id: r.id }, `o-fulfil-${process.pid}-${people}`))
    const before = await snapshot()
    const error = await message({ code: r.pickupCode, stationId: 'st-lf-001', idempotencyKey: key() })
    expect(error.code).toBe('ALREADY_CLOSED')
    expect(error.message).toMatch(/已于 \d{1,2}月\d{1,2}日 \d{2}:\d{2} 被兑换人取消/)
    expect(await snapshot()).toBe(before)
  })

  it('an expired code, swept or not: ALREADY_CLOSED that says it expired', async () => {
    const r = await redeemFresh()
    await app.db.collection(Collection.redemptions).doc(r.id).update({ data: { expiresAt: new Date(Date.now() - 60_000) } })
    const error = await message({ code: r.pickupCode, stationId: 'st-lf-001', idempotencyKey: key() })
    expect(error.code).toBe('ALREADY_CLOSED')
    expect(error.message).toContain('过期')
    expect((await app.db.collection(Collection.redemptions).doc(r.id).get()).data.state).toBe('pending')
  })
})
