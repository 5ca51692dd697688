/**
 * The `wishes` function through the emulator with the real wx-server-sdk: the whole loop (post → screen
 * → claim → contact → deliver → confirm → points), the atomic claim under 20 parallel party members
 * (exactly one wins), a team claim whose quota 20 members race for (never exceeded), a lapsed claim
 * returning to the wall first (timer fired as the platform does), points once per fulfilled wish however
 * often confirm is sent, wrong street/role refusals, and a scan of every public answer for the
 * beneficiary's name, phone, openid and userId.
 */
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import type { WishPage } from '../../src/wishes/contract'
import type { WishDetail } from '../../src/wishes/views'
import { startProject, type Project } from '../support/project'

jest.setTimeout(240_000)

let app: Project
let seq = 0
const PHONE = '13912345678'
const BENEFICIARY_NAME = '许愿骑手阿珍'

beforeAll(async () => {
  // reports receives every image-check verdict WeChat pushes (cloudfunctions/message-push.ts).
  app = await startProject({ seed: true, functions: ['wishes', 'users', 'reports'] })
}, 120_000)
afterAll(async () => {
  await app?.close()
})

function data<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(`${res.error.code} ${res.error.message}`)
  return res.data
}

async function grant(openid: string, role: string, scopes: Array<{ kind: string; id: string }> = []) {
  const userId = app.userIdOf(openid)
  const now = new Date()
  await app.db.collection(Collection.roleGrants).doc(`${userId}:${role}`).set({ data: { userId, role, scopes, scopeIds: scopes.map((s) => s.id), grantedBy: 'test', grantedAt: now, updatedAt: now } })
}

/** A rider (fresh openid) posts a wish in 娄葑 and the street's dispatcher screens it onto the wall. */
async function publishedWish(openid = `o-wisher-${++seq}`, extra: Record<string, unknown> = {}): Promise<{ id: string; openid: string }> {
  const posted = data(await app.call<{ wish: WishDetail }>('wishes', 'post', { idempotencyKey: `wish-key-${seq}-${Date.now()}`, categoryId: 'clothing', title: '一件冬天的棉衣', description: '晚上送单太冷，想要一件厚棉衣', valueBand: 'under_100', street: 'street-lf', community: '金鸡湖社区', forWhom: 'self', ...extra }, openid))
  data(await app.callAs<WishDetail>('dispatcher', 'wishes', 'screen', { wishId: posted.wish.id, ok: true }))
  return { id: posted.wish.id, openid }
}

test('the loop: post → screen → claim → contact → deliver (photo) → confirm; points to the claimer', async () => {
  const openid = `o-wisher-loop`
  await app.call('users', 'updateProfile', { nickname: BENEFICIARY_NAME }, openid)
  const posted = data(await app.call<{ wish: WishDetail }>('wishes', 'post', { idempotencyKey: 'loop-key-0001', categoryId: 'child_study', title: '孩子的新书包', description: '孩子上三年级，书包坏了', valueBand: 'under_100', street: 'street-lf', community: '金鸡湖社区', forWhom: 'family', phone: PHONE, phoneConsent: true, photo: 'cloud://local-dev.bucket/wishes/loop-key-0001/0.jpg' }, openid))
  expect(posted.wish.state).toBe('submitted')
  // Not public before screening.
  expect((await app.callAs('party_member', 'wishes', 'detail', { wishId: posted.wish.id })).ok).toBe(false)
  const wall0 = data(await app.callAs<WishPage>('worker', 'wishes', 'wall', { street: 'street-lf' }))
  expect(wall0.items.map((w) => w.id)).not.toContain(posted.wish.id)

  // Another street's dispatcher may not screen it.
  const outside = await app.call('wishes', 'screen', { wishId: posted.wish.id, ok: true }, 'dev-hj-dispatcher')
  expect(outside).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  const screened = data(await app.callAs<WishDetail>('dispatcher', 'wishes', 'screen', { wishId: posted.wish.id, ok: true }))
  expect(screened.state).toBe('published')
  const wall = data(await app.callAs<WishPage>('worker', 'wishes', 'wall', { street: 'street-lf' }))
  expect(wall.items.map((w) => w.id)).toContain(posted.wish.id)

  // A plain worker cannot claim; the party member can.
  expect(await app.callAs('worker', 'wishes', 'claim', { wishId: posted.wish.id, kind: 'member' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  const claimed = data(await app.callAs<WishDetail>('party_member', 'wishes', 'claim', { wishId: posted.wish.id, kind: 'member' }))
  expect(claimed).toMatchObject({ state: 'claimed', viewer: { claimer: true }, phone: PHONE })

  // Relayed messages both ways land in the other's messages; no number changes hands.
  expect(data(await app.callAs<{ sent: number }>('party_member', 'wishes', 'message', { wishId: posted.wish.id, text: '你好，明天下午送到驿站可以吗？' })).sent).toBe(1)
  expect(data(await app.call<{ sent: number }>('wishes', 'message', { wishId: posted.wish.id, text: '可以的，谢谢' }, openid)).sent).toBe(1)
  const inbox = (await app.db.collection(Collection.notifications).where({ userId: app.userIdOf(openid), kind: 'wish_message' }).get()).data as Array<{ body: string }>
  expect(inbox.map((n) => n.body).join()).toContain('明天下午送到驿站')
  expect(await app.callAs('worker', 'wishes', 'message', { wishId: posted.wish.id, text: '我也想说' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

  data(await app.callAs('party_member', 'wishes', 'markContacted', { wishId: posted.wish.id }))
  // Delivery needs a photo receipt.
  expect((await app.callAs('party_member', 'wishes', 'deliver', { wishId: posted.wish.id })).ok).toBe(false)
  const delivered = data(await app.callAs<WishDetail>('party_member', 'wishes', 'deliver', { wishId: posted.wish.id, photo: 'cloud://local-dev.bucket/wishes/receipt/1.jpg' }))
  expect(delivered.state).toBe('delivered')
  // Only the beneficiary confirms.
  expect(await app.callAs('party_member', 'wishes', 'confirm', { wishId: posted.wish.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

  const before = (await app.db.collection(Collection.balances).where({ _id: app.userIdOf('dev-party-member') }).get()).data[0]?.points ?? 0
  const confirmed = data(await app.call<WishDetail>('wishes', 'confirm', { wishId: posted.wish.id }, openid))
  expect(confirmed.state).toBe('fulfilled')
  data(await app.call('wishes', 'thank', { wishId: posted.wish.id, text: '书包收到了，孩子很开心！', public: true }, openid))
  const after = (await app.db.collection(Collection.balances).where({ _id: app.userIdOf('dev-party-member') }).get()).data[0]?.points ?? 0
  expect(after - before).toBe(30)
  const entries = (await app.db.collection(Collection.ledger).where({ 'source.id': posted.wish.id }).get()).data
  expect(entries).toHaveLength(1)

  // Events: one per transition, replaying to the stored state.
  const events = (await app.db.collection(Collection.wishEvents).where({ subjectId: posted.wish.id }).orderBy('seq', 'asc').get()).data as Array<{ kind: string; seq: number }>
  expect(events.map((e) => e.kind)).toEqual(['post', 'screen_ok', 'claim', 'mark_contacted', 'deliver', 'confirm', 'thank'])

  const stories = data(await app.callAs<WishPage>('worker', 'wishes', 'stories', { street: 'street-lf' }))
  expect(stories.items.find((s) => s.id === posted.wish.id)?.story).toBe('书包收到了，孩子很开心！')

  // No beneficiary identity in any public answer (wall, stories, detail as a stranger and as the claimer).
  const userId = app.userIdOf(openid)
  const publicAnswers = [
    await app.callAs('worker', 'wishes', 'wall', { street: 'street-lf' }),
    await app.callAs('worker', 'wishes', 'wall', { sort: 'waiting' }),
    await app.callAs('worker', 'wishes', 'stories', {}),
    await app.callAs('worker', 'wishes', 'detail', { wishId: posted.wish.id }),
    await app.callAs('party_member', 'wishes', 'detail', { wishId: posted.wish.id }),
    await app.callAs('party_member', 'wishes', 'claimed', {}),
  ]
  for (const res of publicAnswers) {
    expect(res.ok).toBe(true)
    const json = JSON.stringify(res)
    for (const secret of [BENEFICIARY_NAME, PHONE, openid, userId, 'beneficiaryId', 'loop-key-0001']) expect(json).not.toContain(secret)
  }
})

test('20 party members claim one wish at the same moment: exactly one wins, one claim event', async () => {
  const { id } = await publishedWish()
  const claimers = Array.from({ length: 20 }, (_, i) => `o-claimer-${i}`)
  for (const c of claimers) await grant(c, 'party_member')
  const results = await Promise.all(claimers.map((c) => app.call<WishDetail>('wishes', 'claim', { wishId: id, kind: 'member' }, c)))
  const winners = results.filter((r) => r.ok)
  expect(winners).toHaveLength(1)
  for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  const wish = (await app.db.collection(Collection.wishes).doc(id).get()).data
  expect(wish.claim.participants).toHaveLength(1)
  expect((await app.db.collection(Collection.wishEvents).where({ subjectId: id, kind: 'claim' }).count()).total).toBe(1)
})

test('a team claim with a quota of 5: 20 team members join at once, exactly 4 more get in', async () => {
  const { id } = await publishedWish()
  const team = 'team-lf-xfg'
  const members = Array.from({ length: 20 }, (_, i) => `o-teammate-${i}`)
  const now = new Date()
  for (const m of members) await app.db.collection(Collection.teamMembers).doc(`${team}:${app.userIdOf(m)}`).set({ data: { teamId: team, userId: app.userIdOf(m), state: 'member', role: 'member', joinedAt: now } })
  // The captain may not claim for a team they do not lead.
  expect(await app.callAs('team_captain', 'wishes', 'claim', { wishId: id, kind: 'team', teamId: 'team-sw-thxg', parts: 5 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  const claimed = data(await app.callAs<WishDetail>('team_captain', 'wishes', 'claim', { wishId: id, kind: 'team', teamId: team, parts: 5 }))
  expect(claimed.claim).toMatchObject({ kind: 'team', parts: 5, taken: 1, teamName: '小葑哥先锋服务队' })
  // Someone outside the team cannot join.
  expect(await app.call('wishes', 'join', { wishId: id }, 'o-not-a-teammate')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  const results = await Promise.all(members.map((m) => app.call('wishes', 'join', { wishId: id }, m)))
  expect(results.filter((r) => r.ok)).toHaveLength(4)
  const wish = (await app.db.collection(Collection.wishes).doc(id).get()).data
  expect(wish.claim.participants).toHaveLength(5)
  expect(new Set(wish.claim.participants).size).toBe(5)
})

test('a claim not marked contacted within 7 days lapses by the timer and returns to the wall first', async () => {
  const a = await publishedWish()
  const b = await publishedWish()
  data(await app.callAs('party_member', 'wishes', 'claim', { wishId: a.id, kind: 'member' }))
  // Not yet due: the timer leaves it.
  const early = data(await app.timer<{ lapsed: number }>('wishes', 'wishesTimer'))
  expect((await app.db.collection(Collection.wishes).doc(a.id).get()).data.state).toBe('claimed')
  expect(early.lapsed).toBe(0)
  // Eight days pass for this claim.
  await app.db.collection(Collection.wishes).doc(a.id).update({ data: { 'claim.contactBy': new Date(Date.now() - 86_400_000) } })
  expect(await app.callAs('party_member', 'wishes', 'markContacted', { wishId: a.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  const fired = data(await app.timer<{ lapsed: number }>('wishes', 'wishesTimer'))
  expect(fired.lapsed).toBeGreaterThanOrEqual(1)
  const doc = (await app.db.collection(Collection.wishes).doc(a.id).get()).data
  expect(doc).toMatchObject({ state: 'published', priority: 1 })
  expect(doc.claim).toBeUndefined()
  const wall = data(await app.callAs<WishPage>('worker', 'wishes', 'wall', { street: 'street-lf', sort: 'waiting' }))
  const ids = wall.items.map((w) => w.id)
  expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id))
  expect(wall.items.find((w) => w.id === a.id)).toMatchObject({ priority: true })
  expect(wall.items.find((w) => w.id === b.id)).toMatchObject({ priority: false })
  const notices = (await app.db.collection(Collection.notifications).where({ userId: app.userIdOf('dev-party-member'), kind: 'wish_returned' }).count()).total
  expect(notices).toBeGreaterThanOrEqual(1)
})

test('a wish unscreened for 3 days is flagged once by the timer and its street\'s dispatcher is told', async () => {
  const posted = data(await app.call<{ wish: WishDetail }>('wishes', 'post', { idempotencyKey: 'stale-key-0001', categoryId: 'health', title: '一个血压计', description: '母亲有高血压，想在家量一量', valueBand: 'from_100_to_300', street: 'street-lf', community: '南施社区', forWhom: 'family' }, 'o-wisher-stale'))
  await app.db.collection(Collection.wishes).doc(posted.wish.id).update({ data: { createdAt: new Date(Date.now() - 4 * 86_400_000) } })
  const fired = data(await app.timer<{ flagged: number }>('wishes', 'wishesTimer'))
  expect(fired.flagged).toBeGreaterThanOrEqual(1)
  expect((await app.db.collection(Collection.wishes).doc(posted.wish.id).get()).data).toMatchObject({ state: 'submitted', staleFlagged: true })
  const told = (await app.db.collection(Collection.notifications).where({ userId: app.userIdOf('dev-dispatcher'), kind: 'wish_waiting', refId: posted.wish.id }).count()).total
  expect(told).toBe(1)
  await app.timer('wishes', 'wishesTimer')
  expect((await app.db.collection(Collection.wishEvents).where({ subjectId: posted.wish.id, kind: 'flag_stale' }).count()).total).toBe(1)
  const queue = data(await app.callAs<{ items: Array<{ id: string; stale: boolean }> }>('dispatcher', 'wishes', 'queue', {}))
  expect(queue.items.find((w) => w.id === posted.wish.id)?.stale).toBe(true)
})

test('points once per fulfilled wish: confirm sent 5 times at once and the auto-confirm timer credit once', async () => {
  const { id, openid } = await publishedWish()
  data(await app.callAs('party_member', 'wishes', 'claim', { wishId: id, kind: 'member' }))
  data(await app.callAs('party_member', 'wishes', 'markContacted', { wishId: id }))
  data(await app.callAs('party_member', 'wishes', 'deliver', { wishId: id, photo: 'cloud://local-dev.bucket/wishes/r/2.jpg' }))
  const results = await Promise.all(Array.from({ length: 5 }, () => app.call('wishes', 'confirm', { wishId: id }, openid)))
  expect(results.filter((r) => r.ok)).toHaveLength(1)
  await app.db.collection(Collection.wishes).doc(id).update({ data: { 'delivery.at': new Date(Date.now() - 30 * 86_400_000) } })
  await app.timer('wishes', 'wishesTimer')
  expect((await app.db.collection(Collection.ledger).where({ 'source.id': id }).count()).total).toBe(1)

  // An unconfirmed delivery is confirmed by the timer after 7 days, and credited once.
  const other = await publishedWish()
  data(await app.callAs('party_member', 'wishes', 'claim', { wishId: other.id, kind: 'member' }))
  data(await app.callAs('party_member', 'wishes', 'markContacted', { wishId: other.id }))
  data(await app.callAs('party_member', 'wishes', 'deliver', { wishId: other.id, photo: 'cloud://local-dev.bucket/wishes/r/3.jpg' }))
  await app.db.collection(Collection.wishes).doc(other.id).update({ data: { 'delivery.at': new Date(Date.now() - 8 * 86_400_000) } })
  const fired = data(await app.timer<{ autoConfirmed: number }>('wishes', 'wishesTimer'))
  expect(fired.autoConfirmed).toBe(1)
  await app.timer('wishes', 'wishesTimer')
  expect((await app.db.collection(Collection.wishes).doc(other.id).get()).data).toMatchObject({ state: 'fulfilled', autoConfirmed: true })
  expect((await app.db.collection(Collection.ledger).where({ 'source.id': other.id }).count()).total).toBe(1)
})

test('five posts of one person at the same moment: exactly two open wishes are stored', async () => {
  const openid = 'o-wisher-race'
  const base = { categoryId: 'daily_goods', title: '一个保温杯', description: '冬天喝热水用的保温杯', valueBand: 'under_100', street: 'street-lf', community: '金鸡湖社区', forWhom: 'self' }
  const results = await Promise.all(Array.from({ length: 5 }, (_, i) => app.call('wishes', 'post', { ...base, idempotencyKey: `race-key-${i}-xx` }, openid)))
  expect(results.filter((r) => r.ok)).toHaveLength(2)
  for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'OUT_OF_RANGE' } })
  expect((await app.db.collection(Collection.wishes).where({ beneficiaryId: app.userIdOf(openid) }).count()).total).toBe(2)
})

test('at most two open wishes per person; bad input and risky text change nothing', async () => {
  const openid = 'o-wisher-limit'
  const base = { categoryId: 'daily_goods', title: '一个保温杯', description: '冬天喝热水用的保温杯', valueBand: 'under_100', street: 'street-lf', community: '金鸡湖社区', forWhom: 'self' }
  expect(await app.call('wishes', 'post', { ...base, idempotencyKey: 'limit-key-1', title: '加微信领红包' }, openid)).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED', field: 'title' } })
  expect(await app.call('wishes', 'post', { ...base, idempotencyKey: 'limit-key-1', street: 'street-nowhere' }, openid)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'street' } })
  expect(await app.call('wishes', 'post', { ...base, idempotencyKey: 'limit-key-1', phone: '12345' }, openid)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'phone' } })
  data(await app.call('wishes', 'post', { ...base, idempotencyKey: 'limit-key-1' }, openid))
  // A retried send answers the first wish.
  expect(data(await app.call<{ replayed: boolean }>('wishes', 'post', { ...base, idempotencyKey: 'limit-key-1' }, openid)).replayed).toBe(true)
  data(await app.call('wishes', 'post', { ...base, idempotencyKey: 'limit-key-2' }, openid))
  expect(await app.call('wishes', 'post', { ...base, idempotencyKey: 'limit-key-3' }, openid)).toMatchObject({ ok: false, error: { code: 'OUT_OF_RANGE' } })
  expect((await app.db.collection(Collection.wishes).where({ beneficiaryId: app.userIdOf(openid) }).count()).total).toBe(2)
})

test('photos go through WeChat\'s image check: others see a wish or receipt photo only after it passed', async () => {
  const openid = `o-wisher-photo-${Date.now()}`
  const key = `photo-key-${Date.now()}`
  const risky = await app.upload(`wishes/${key}/risky-0.jpg`, openid)
  const posted = data(await app.call<{ wish: WishDetail }>('wishes', 'post', { idempotencyKey: key, categoryId: 'clothing', title: '一双手套', description: '冬天骑车手冷', valueBand: 'under_100', street: 'street-lf', community: '金鸡湖社区', forWhom: 'self', photo: risky }, openid))
  // The beneficiary sees their own photo at once.
  expect(posted.wish.photoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__files\//)
  await app.emu.settlePushes()
  const checks = (await app.db.collection(Collection.mediaChecks).where({ collection: Collection.wishes, docId: posted.wish.id }).get()).data as Array<{ fileId: string; verdict?: { suggest: string } }>
  expect(checks.map((c) => [c.fileId, c.verdict?.suggest])).toEqual([[risky, 'risky']])
  data(await app.callAs('dispatcher', 'wishes', 'screen', { wishId: posted.wish.id, ok: true }))
  const claimed = data(await app.callAs<WishDetail>('party_member', 'wishes', 'claim', { wishId: posted.wish.id, kind: 'member' }))
  // The claimer never sees the photo WeChat found risky, nor its file id.
  expect(claimed).toMatchObject({ photoChecking: true })
  expect(JSON.stringify(claimed)).not.toContain(key)

  data(await app.callAs('party_member', 'wishes', 'markContacted', { wishId: posted.wish.id }))
  const receipt = await app.upload(`wishes/receipt-${key}/0.jpg`, app.devOpenid('party_member'))
  data(await app.callAs('party_member', 'wishes', 'deliver', { wishId: posted.wish.id, photo: receipt }))
  // The receipt goes to the check too (views.test.ts shows the beneficiary waits for it); after a pass they see it.
  const checking = (await app.db.collection(Collection.mediaChecks).where({ collection: Collection.wishes, docId: posted.wish.id, fileId: receipt }).get()).data as Array<{ settledAt?: Date }>
  expect(checking).toHaveLength(1)
  await app.emu.settlePushes()
  const seen = data(await app.call<WishDetail>('wishes', 'detail', { wishId: posted.wish.id }, openid))
  expect(seen.delivery?.photoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__files\//)
  expect(seen.delivery?.photoChecking).toBeUndefined()
})
