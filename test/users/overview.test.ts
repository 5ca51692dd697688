/**
 * 我的's overview in the same `users.me` call (emulator, real wx-server-sdk): only when asked for; my
 * balance; my three latest reports with receipt number and the promise the reports rule gives (promised
 * by the SLA due time while open, resolved time after); my two soonest activities that have not ended,
 * never cancelled sign-ups, cancelled or ended activities, nor anyone else's.
 */
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import type { Me } from '../../src/users/contract'
import { creditPoints } from '../../cloudfunctions/passbook/credit'
import { startProject, type Project } from '../support/project'

jest.setTimeout(60_000)

let app: Project
beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['users'] })
}, 90_000)
afterAll(async () => {
  await app?.close()
})

function data<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${res.error.code}: ${res.error.message}`)
  return res.data
}

const H = 3_600_000
const me = 'o-overview-me'
const someoneElse = 'o-overview-other'

async function report(openid: string, id: string, hoursAgo: number, extra: Record<string, unknown> = {}) {
  const createdAt = new Date(Date.now() - hoursAgo * H)
  await app.db.collection(Collection.reports).add({
    data: {
      _id: id,
      idempotencyKey: `${app.userIdOf(openid)}:${id}`,
      receiptNo: `20991231-${id.slice(-4)}`,
      reporterId: app.userIdOf(openid),
      categoryId: 'cat-garbage',
      description: '',
      location: new app.db.Geo.Point(120.66, 31.3),
      address: '测试路 1 号',
      state: 'submitted',
      dueAt: new Date(createdAt.getTime() + 24 * H),
      createdAt,
      updatedAt: createdAt,
      ...extra,
    },
  })
}

async function activity(id: string, startInHours: number, extra: Record<string, unknown> = {}) {
  const startAt = new Date(Date.now() + startInHours * H)
  await app.db.collection(Collection.activities).add({
    data: { _id: id, teamId: 'team-x', title: `活动${id}`, description: '', location: new app.db.Geo.Point(120.66, 31.3), startAt, endAt: new Date(startAt.getTime() + 2 * H), signupDeadline: startAt, capacity: 10, signedUp: 1, state: 'open', createdBy: 'x', createdAt: new Date(), ...extra },
  })
}

async function signup(openid: string, activityId: string, state = 'signed_up') {
  const now = new Date()
  await app.db.collection(Collection.activitySignups).add({ data: { _id: `${activityId}:${app.userIdOf(openid)}`, activityId, teamId: 'team-x', userId: app.userIdOf(openid), state, attendance: 'none', createdAt: now, updatedAt: now } })
}

it('is only answered when asked for, so the other pages calling me pay nothing for it', async () => {
  expect(data(await app.call<Me>('users', 'me', {}, me)).overview).toBeUndefined()
  const res = await app.call<Me>('users', 'me', { overview: false }, me)
  expect(res.ok).toBe(false)
})

it('a new rider sees zero points, no reports and no activities', async () => {
  expect(data(await app.call<Me>('users', 'me', { overview: true }, 'o-overview-new')).overview).toEqual({ points: 0, reports: [], moreReports: false, activities: [] })
})

it('answers my balance, my three latest reports with their progress and my two soonest coming activities', async () => {
  await creditPoints(app.db, { userId: app.userIdOf(me), kind: 'volunteer_hour', quantity: 3, source: { type: 'activity', id: 'ov' }, idempotencyKey: 'overview-points', actorId: 'tester', now: new Date() })
  await report(me, 'rp-ov-0001', 50)
  const resolvedAt = new Date(Date.now() - 2 * H)
  await report(me, 'rp-ov-0002', 30, { state: 'resolved', resolvedAt })
  await report(me, 'rp-ov-0003', 26) // due 24 h after: overdue
  await report(me, 'rp-ov-0004', 1)
  await report(someoneElse, 'rp-ov-0005', 0.5)

  await activity('act-ov-later', 72)
  await activity('act-ov-soon', 24)
  await activity('act-ov-next', 48)
  await activity('act-ov-running', -1) // started an hour ago, ends in an hour: still coming up for me
  await activity('act-ov-past', -30)
  await activity('act-ov-cancelled', 12, { state: 'cancelled' })
  await activity('act-ov-dropped', 6)
  for (const id of ['act-ov-later', 'act-ov-soon', 'act-ov-next', 'act-ov-past', 'act-ov-cancelled']) await signup(me, id)
  await signup(me, 'act-ov-running', 'waitlisted')
  await signup(me, 'act-ov-dropped', 'cancelled')
  await signup(someoneElse, 'act-ov-soon')

  const o = data(await app.call<Me>('users', 'me', { overview: true }, me)).overview!
  expect(o.points).toBe(30)
  expect(o.reports.map((r) => r.id)).toEqual(['rp-ov-0004', 'rp-ov-0003', 'rp-ov-0002'])
  expect(o.moreReports).toBe(true)
  const doc = async (id: string) => (await app.db.collection(Collection.reports).doc(id).get()).data as { createdAt: Date; dueAt: Date }
  expect(o.reports[0]).toEqual({ id: 'rp-ov-0004', receiptNo: '20991231-0004', categoryName: '暴露垃圾', state: 'submitted', createdAt: new Date((await doc('rp-ov-0004')).createdAt).toISOString(), promise: { kind: 'promised', at: new Date((await doc('rp-ov-0004')).dueAt).toISOString(), overdue: false } })
  expect(o.reports[1].promise).toEqual({ kind: 'promised', at: new Date((await doc('rp-ov-0003')).dueAt).toISOString(), overdue: true })
  expect(o.reports[2].promise).toEqual({ kind: 'resolved', at: resolvedAt.toISOString() })

  expect(o.activities.map((a) => [a.id, a.signup])).toEqual([
    ['act-ov-running', 'waitlisted'],
    ['act-ov-soon', 'signed_up'],
  ])
  expect(o.activities[1]).toMatchObject({ title: '活动act-ov-soon', signupLabel: '已报名' })
  expect(o.activities[0].signupLabel).toBe('候补中')
  // The unread count stays part of the same answer.
  expect(data(await app.call<Me>('users', 'me', { overview: true }, me)).unreadMessages).toBe(0)
})
