/**
 * Company claims through the emulator with the real wx-server-sdk: the seeded enterprise contact
 * (dev-enterprise-contact, granted 美团外卖娄葑配送站 ent-lf-001) claims a wish in the enterprise's name and
 * carries it to fulfilment (no points: the gift is the company's); a company claim races nine Party
 * members (exactly one wins); another enterprise, an unregistered one, a missing enterpriseId and the
 * wrong role are refused and change nothing; a company claim lapses back to the wall like the others;
 * and no public answer carries the contact person (name, phone, openid, userId), only the enterprise name.
 */
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import type { EnterpriseOption, WishPage } from '../../src/wishes/contract'
import type { WishDetail } from '../../src/wishes/views'
import { startProject, type Project } from '../support/project'

jest.setTimeout(240_000)

let app: Project
let seq = 0
const CONTACT = 'dev-enterprise-contact'
const ENTERPRISE = '美团外卖娄葑配送站'

beforeAll(async () => {
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

async function publishedWish(): Promise<{ id: string; openid: string }> {
  const openid = `o-co-wisher-${++seq}`
  const posted = data(await app.call<{ wish: WishDetail }>('wishes', 'post', { idempotencyKey: `co-key-${seq}-${Date.now()}`, categoryId: 'work_gear', title: '一个手机支架', description: '电动车上的手机支架坏了', valueBand: 'under_100', street: 'street-lf', community: '金鸡湖社区', forWhom: 'self', phone: '13900001111' }, openid))
  data(await app.callAs<WishDetail>('dispatcher', 'wishes', 'screen', { wishId: posted.wish.id, ok: true }))
  return { id: posted.wish.id, openid }
}

const wishDoc = async (id: string) => (await app.db.collection(Collection.wishes).doc(id).get()).data
const claimEvents = async (id: string) => (await app.db.collection(Collection.wishEvents).where({ subjectId: id, kind: 'claim' }).count()).total

test('the contact claims for 美团外卖娄葑配送站 and carries it to fulfilment; nobody is credited; the public sees only the enterprise', async () => {
  expect(data(await app.call<EnterpriseOption[]>('wishes', 'myEnterprises', {}, CONTACT))).toEqual([{ id: 'ent-lf-001', name: ENTERPRISE }])
  expect(await app.callAs('party_member', 'wishes', 'myEnterprises', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

  const { id, openid } = await publishedWish()
  // The contact is offered the company claim only.
  expect(data(await app.call<WishDetail>('wishes', 'detail', { wishId: id }, CONTACT))).toMatchObject({ commands: ['claim'], claimKinds: ['company'] })
  const claimed = data(await app.call<WishDetail>('wishes', 'claim', { wishId: id, kind: 'company', enterpriseId: 'ent-lf-001' }, CONTACT))
  expect(claimed).toMatchObject({ state: 'claimed', viewer: { claimer: true, participant: true }, claim: { kind: 'company', label: '企业认领', enterpriseName: ENTERPRISE, parts: 1, taken: 1 } })
  const contactId = app.userIdOf(CONTACT)
  expect((await wishDoc(id)).claim).toMatchObject({ kind: 'company', claimerId: contactId, enterpriseId: 'ent-lf-001', enterpriseName: ENTERPRISE, participants: [contactId] })
  const event = (await app.db.collection(Collection.wishEvents).where({ subjectId: id, kind: 'claim' }).get()).data[0] as { actorId: string; actorRole: string; data: Record<string, unknown> }
  expect(event).toMatchObject({ actorId: contactId, actorRole: 'enterprise_contact', data: { kind: 'company', enterpriseId: 'ent-lf-001' } })
  const told = (await app.db.collection(Collection.notifications).where({ userId: app.userIdOf(openid), kind: 'wish_claimed', refId: id }).get()).data as Array<{ body: string }>
  expect(told.map((n) => n.body)).toEqual([`「一个手机支架」已被「${ENTERPRISE}」认领，对方会通过站内消息联系你`])

  // The public: a stranger's detail and the wall say 企业认领 · the enterprise, never who the contact is.
  const stranger = data(await app.callAs<WishDetail>('worker', 'wishes', 'detail', { wishId: id }))
  expect(stranger.claim).toEqual({ kind: 'company', label: '企业认领', enterpriseName: ENTERPRISE, parts: 1, taken: 1 })
  const nickname = (await app.db.collection(Collection.users).doc(contactId).get()).data.nickname as string
  expect(nickname).toBeTruthy()
  const registry = (await app.db.collection(Collection.enterprises).doc('ent-lf-001').get()).data as { contactName: string; contactPhone: string }
  const publicAnswers = [
    await app.callAs('worker', 'wishes', 'detail', { wishId: id }),
    await app.callAs('worker', 'wishes', 'wall', { street: 'street-lf' }),
    await app.callAs('worker', 'wishes', 'wall', { sort: 'waiting' }),
    await app.callAs('party_member', 'wishes', 'detail', { wishId: id }),
  ]
  for (const res of publicAnswers) {
    expect(res.ok).toBe(true)
    const json = JSON.stringify(res)
    for (const secret of [nickname, registry.contactName, registry.contactPhone, CONTACT, contactId, 'claimerId', 'participants']) expect(json).not.toContain(secret)
  }
  expect(JSON.stringify(publicAnswers[0])).toContain(ENTERPRISE)

  // The contact talks through relayed messages, marks contact and delivers; the beneficiary confirms.
  expect(data(await app.call<{ sent: number }>('wishes', 'message', { wishId: id, text: '您好，我们明天把支架送到驿站' }, CONTACT)).sent).toBe(1)
  data(await app.call('wishes', 'markContacted', { wishId: id }, CONTACT))
  data(await app.call('wishes', 'deliver', { wishId: id, photo: 'cloud://local-dev.bucket/wishes/co-receipt/1.jpg' }, CONTACT))
  const balance = async () => ((await app.db.collection(Collection.balances).where({ _id: contactId }).get()).data[0] as { points?: number } | undefined)?.points ?? 0
  const before = await balance()
  expect(data(await app.call<WishDetail>('wishes', 'confirm', { wishId: id }, openid)).state).toBe('fulfilled')
  // A company claim credits nobody (src/wishes/machine.ts creditedClaimer), and the contact is thanked without points.
  expect(await balance()).toBe(before)
  expect((await app.db.collection(Collection.ledger).where({ 'source.id': id }).count()).total).toBe(0)
  expect((await wishDoc(id)).pointsCredited).toBeUndefined()
  const thanked = (await app.db.collection(Collection.notifications).where({ userId: contactId, kind: 'wish_fulfilled', refId: id }).get()).data as Array<{ body: string }>
  expect(thanked.map((n) => n.body)).toEqual([`「一个手机支架」已确认收到，谢谢「${ENTERPRISE}」`])
  const events = (await app.db.collection(Collection.wishEvents).where({ subjectId: id }).orderBy('seq', 'asc').get()).data as Array<{ kind: string }>
  expect(events.map((e) => e.kind)).toEqual(['post', 'screen_ok', 'claim', 'mark_contacted', 'deliver', 'confirm'])
})

test('the contact and nine Party members claim one wish at the same moment: exactly one wins, one claim event', async () => {
  const { id } = await publishedWish()
  const members = Array.from({ length: 9 }, (_, i) => `o-co-member-${i}`)
  for (const m of members) await grant(m, 'party_member')
  const results = await Promise.all([
    app.call<WishDetail>('wishes', 'claim', { wishId: id, kind: 'company', enterpriseId: 'ent-lf-001' }, CONTACT),
    ...members.map((m) => app.call<WishDetail>('wishes', 'claim', { wishId: id, kind: 'member' }, m)),
  ])
  expect(results.filter((r) => r.ok)).toHaveLength(1)
  for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  const doc = await wishDoc(id)
  expect(doc.state).toBe('claimed')
  expect(doc.claim.participants).toHaveLength(1)
  const winner = results.findIndex((r) => r.ok)
  expect(doc.claim.kind).toBe(winner === 0 ? 'company' : 'member')
  expect(await claimEvents(id)).toBe(1)
})

test('another enterprise, an unregistered one, no enterprise or the wrong role: refused with the field named, nothing changes', async () => {
  const { id } = await publishedWish()
  const before = await wishDoc(id)
  // ent-lf-002 is on the registry, but not the contact's enterprise.
  expect(await app.call('wishes', 'claim', { wishId: id, kind: 'company', enterpriseId: 'ent-lf-002' }, CONTACT)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'enterpriseId' } })
  expect(await app.call('wishes', 'claim', { wishId: id, kind: 'company' }, CONTACT)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'enterpriseId' } })
  expect(await app.call('wishes', 'claim', { wishId: id, kind: 'company', enterpriseId: 'ent lf 001!' }, CONTACT)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'enterpriseId' } })
  // Not a Party member: no personal claim either.
  expect(await app.call('wishes', 'claim', { wishId: id, kind: 'member' }, CONTACT)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  // A Party member may not claim in an enterprise's name, even one they work at.
  expect(await app.callAs('party_member', 'wishes', 'claim', { wishId: id, kind: 'company', enterpriseId: 'ent-lf-001' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(await app.callAs('worker', 'wishes', 'claim', { wishId: id, kind: 'company', enterpriseId: 'ent-lf-001' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  // A grant naming an enterprise that is not on the registry (一企一档) does not make it a registered company.
  await grant('o-co-unregistered', 'enterprise_contact', [{ kind: 'enterprise', id: 'ent-not-registered' }])
  const unregistered = await app.call('wishes', 'claim', { wishId: id, kind: 'company', enterpriseId: 'ent-not-registered' }, 'o-co-unregistered')
  expect(unregistered).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', field: 'enterpriseId', message: expect.stringContaining('一企一档') } })
  expect(data(await app.call<EnterpriseOption[]>('wishes', 'myEnterprises', {}, 'o-co-unregistered'))).toEqual([])

  const after = await wishDoc(id)
  expect(after).toMatchObject({ state: 'published', version: before.version })
  expect(after.claim).toBeUndefined()
  expect(await claimEvents(id)).toBe(0)
})

test('a company claim not marked contacted within 7 days lapses and the wish returns to the wall first', async () => {
  const { id } = await publishedWish()
  data(await app.call('wishes', 'claim', { wishId: id, kind: 'company', enterpriseId: 'ent-lf-001' }, CONTACT))
  await app.db.collection(Collection.wishes).doc(id).update({ data: { 'claim.contactBy': new Date(Date.now() - 86_400_000) } })
  expect(await app.call('wishes', 'markContacted', { wishId: id }, CONTACT)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  data(await app.timer('wishes', 'wishesTimer'))
  const doc = await wishDoc(id)
  expect(doc).toMatchObject({ state: 'published', priority: 1 })
  expect(doc.claim).toBeUndefined()
  const wall = data(await app.callAs<WishPage>('worker', 'wishes', 'wall', { street: 'street-lf', sort: 'waiting' }))
  const at = wall.items.findIndex((w) => w.id === id)
  expect(wall.items[at]).toMatchObject({ priority: true })
  // Ahead of every wish that never lost a claim (the seed's own returned wish may be older, so ahead of it).
  const firstPlain = wall.items.findIndex((w) => !w.priority)
  expect(firstPlain).toBeGreaterThan(at)
  expect((await app.db.collection(Collection.notifications).where({ userId: app.userIdOf(CONTACT), kind: 'wish_returned', refId: id }).count()).total).toBe(1)
})
