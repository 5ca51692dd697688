/**
 * Content security on the passbook texts others read, through the emulator's msgSecCheck word list with
 * the real wx-server-sdk: a point rule's label (everyone: rules, passbook lines), a reward's name and
 * description (everyone: the catalogue), an adjustment's reason (the adjusted person's passbook). A risky
 * text is refused naming its field; no rule, reward, ledger entry or audit entry is written.
 */
import { Collection } from '../../src/core/collections'
import { startProject, type Project } from '../support/project'
import { expectContentRefused } from '../support/envelopes'

jest.setTimeout(120_000)

const RISKY = '加微信领红包'
let app: Project

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['passbook'] })
})
afterAll(async () => {
  await app?.close()
})


const count = async (collection: string, where: Record<string, unknown>) => (await app.db.collection(collection).where(where).count()).total

test('a rule label with a prohibited word is refused naming label; the rule and the audit log are unchanged', async () => {
  const before = (await app.db.collection(Collection.pointRules).doc('rule-checkin_visit').get()).data
  const audits = await count(Collection.auditLog, { origin: 'passbook.saveRule' })
  const rule = { kind: 'checkin_visit', label: `驿站签到${RISKY}`, pointsPerUnit: 3, dailyCap: 6, monthlyCap: 90, active: true, reason: '提高签到积分' }
  expectContentRefused(await app.callAs('admin', 'passbook', 'saveRule', rule), 'label', /规则名称/)
  expect((await app.db.collection(Collection.pointRules).doc('rule-checkin_visit').get()).data).toEqual(before)
  expect(await count(Collection.auditLog, { origin: 'passbook.saveRule' })).toBe(audits)
  expect(await app.callAs('admin', 'passbook', 'saveRule', { ...rule, label: '驿站签到' })).toMatchObject({ ok: true })
})

test.each([
  ['name', { name: `${RISKY}头盔`, description: '夏季防晒' }, /礼品名称/],
  ['description', { name: '防晒袖套', description: `${RISKY}，数量有限` }, /礼品介绍/],
])('a reward %s with a prohibited word is refused naming it; no reward is created', async (field, texts, message) => {
  const rewards = (await app.db.collection(Collection.rewards).count()).total
  const reward = { ...texts, cost: 60, stock: 10, limitPerDay: 1, limitPerMonth: 2, limitTotal: 0, pickupHours: 48, pickupStationIds: ['st-lf-001'], active: true }
  expectContentRefused(await app.callAs('admin', 'passbook', 'saveReward', reward), field, message)
  expect((await app.db.collection(Collection.rewards).count()).total).toBe(rewards)
})

test('an adjustment reason with a prohibited word is refused naming reason; no ledger entry, no audit; a clean one is credited', async () => {
  const userId = app.userIdOf('dev-worker')
  const entries = await count(Collection.ledger, { userId })
  const audits = await count(Collection.auditLog, { targetId: userId, action: 'passbook.adjust' })
  expectContentRefused(await app.callAs('admin', 'passbook', 'adjust', { userId, points: 15, reason: `补记积分${RISKY}`, idempotencyKey: 'cs-adjust-1' }), 'reason', /调整原因/)
  expect(await count(Collection.ledger, { userId })).toBe(entries)
  expect(await count(Collection.auditLog, { targetId: userId, action: 'passbook.adjust' })).toBe(audits)
  expect(await app.callAs('admin', 'passbook', 'adjust', { userId, points: 15, reason: '线下活动补记积分', idempotencyKey: 'cs-adjust-1' })).toMatchObject({ ok: true, data: { duplicate: false } })
  expect(await count(Collection.ledger, { userId })).toBe(entries + 1)
})
