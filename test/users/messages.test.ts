/**
 * The message centre through the emulator with the real wx-server-sdk: a report transition lands in the
 * reporter's messages whether or not they subscribed; unread counts (in `me` and in the list) follow
 * read marks; nobody reads or marks another person's messages; bad input changes nothing.
 */
import { Collection } from '../../src/core/collections'
import type { ReportDetail, SubmitResult } from '../../src/reports/contract'
import type { MarkReadResult, Me } from '../../src/users/contract'
import { NoticeKind, type MessagePage, type NoticeDoc } from '../../src/users/notices'
import { startProject, type Project } from '../support/project'
import { data, expectError } from '../support/envelopes'

let app: Project
const reporter = 'msg-reporter'
const other = 'msg-other'



const messagesOf = (openid: string, payload: Record<string, unknown> = {}) => app.call<MessagePage>('users', 'messages', payload, openid)
const meOf = async (openid: string) => data(await app.call<Me>('users', 'me', {}, openid))

async function stored(openid: string): Promise<NoticeDoc[]> {
  return (await app.db.collection(Collection.notifications).where({ userId: app.userIdOf(openid) }).limit(100).get()).data
}

/** Notices as a function writes them, for the paging and read-mark cases. */
async function seedNotices(openid: string, n: number, startMs: number) {
  for (let i = 0; i < n; i++) {
    const doc: NoticeDoc = {
      _id: `test:${openid}:${i}`,
      userId: app.userIdOf(openid),
      kind: NoticeKind.pickup_ready,
      title: `取货码 ${i}`,
      body: '请到驿站领取',
      page: '/passbook/pages/redemptions/index',
      refType: 'redemption',
      refId: `r-${i}`,
      read: false,
      createdAt: new Date(startMs + i * 60_000),
    }
    const { _id, ...rest } = doc
    await app.db.collection(Collection.notifications).doc(_id).set({ data: rest })
  }
}

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['users', 'reports', 'passbook', 'volunteers'] })
  // Both people exist (the router creates them on first call).
  await meOf(reporter)
  await meOf(other)
}, 90_000)

afterAll(async () => {
  await app?.close()
})

test('a newcomer has no messages and an unread count of 0', async () => {
  expect((await meOf(reporter)).unreadMessages).toBe(0)
  expect(data(await messagesOf(reporter))).toEqual({ items: [], unread: 0, hasMore: false })
})

test('a report accepted by the grid worker lands in the reporter’s messages, unread, with where to go', async () => {
  const grid = (await app.db.collection(Collection.grids).doc('grid-lf-1').get()).data as { bbox: number[] }
  const at = { lng: (grid.bbox[0] + grid.bbox[2]) / 2, lat: (grid.bbox[1] + grid.bbox[3]) / 2 }
  const key = `msg-key-${Date.now().toString(36)}`
  const submitted = data(
    await app.call<SubmitResult>(
      'reports',
      'submit',
      { idempotencyKey: key, categoryId: 'cat-ebike_parking', location: at, address: '星港街 1 号', description: '电动车堵住了盲道', photos: [`cloud://local-dev.bucket/reports/${key}/0.jpg`] },
      reporter,
    ),
  ).report
  data(await app.callAs<ReportDetail>('grid_worker', 'reports', 'accept', { reportId: submitted.id, note: '属实' }))

  const page = data(await messagesOf(reporter))
  expect(page.unread).toBe(1)
  expect(page.items).toHaveLength(1)
  expect(page.items[0]).toMatchObject({ kind: 'report_accepted', label: '随手拍', title: '你的随手拍已立案', read: false, page: `/reports/pages/detail/index?id=${submitted.id}` })
  expect((await meOf(reporter)).unreadMessages).toBe(1)
  // Nobody else sees it.
  expect(data(await messagesOf(other)).items).toHaveLength(0)
})

test('a redemption tells the worker where and until when to collect; a retried redeem adds no second message', async () => {
  const before = data(await app.callAs<MessagePage>('worker', 'users', 'messages', {})).unread
  const k = `msg-redeem-${Date.now().toString(36)}`
  const first = data(await app.callAs<{ id: string; pickupCode: string }>('worker', 'passbook', 'redeem', { rewardId: 'reward-01', idempotencyKey: k }))
  data(await app.callAs('worker', 'passbook', 'redeem', { rewardId: 'reward-01', idempotencyKey: k }))
  const page = data(await app.callAs<MessagePage>('worker', 'users', 'messages', {}))
  expect(page.unread).toBe(before + 1)
  const msg = page.items.find((m) => m.kind === 'pickup_ready')
  expect(msg).toMatchObject({ label: '积分兑换', title: '兑换成功，请到驿站领取', page: `/passbook/pages/redemption/index?id=${first.id}` })
  expect(msg?.body).toContain(first.pickupCode)
  expect(msg?.body).toMatch(/请在 \d{1,2}月\d{1,2}日 \d{2}:\d{2} 前/)
})

test('a captain’s decision on a join request lands in the applicant’s messages', async () => {
  const applicant = 'msg-applicant'
  data(await app.call('volunteers', 'requestJoin', { teamId: 'team-lf-xfg', note: '周末有空' }, applicant))
  expect((await meOf(applicant)).unreadMessages).toBe(0)
  data(await app.callAs('team_captain', 'volunteers', 'decideJoin', { teamId: 'team-lf-xfg', userId: app.userIdOf(applicant), decision: 'approve' }))
  const page = data(await messagesOf(applicant))
  expect(page.unread).toBe(1)
  expect(page.items[0]).toMatchObject({ kind: 'team_join_approved', title: '入队申请已通过', page: '/volunteers/pages/team/index?id=team-lf-xfg' })
})

test('newest first, paged, unread-only filter', async () => {
  await seedNotices(reporter, 25, Date.parse('2025-06-01T00:00:00Z'))
  const first = data(await messagesOf(reporter, { page: { limit: 10 } }))
  expect(first.items).toHaveLength(10)
  expect(first.hasMore).toBe(true)
  expect(first.unread).toBe(26)
  const times = first.items.map((m) => Date.parse(m.createdAt))
  expect([...times].sort((a, b) => b - a)).toEqual(times)
  const last = data(await messagesOf(reporter, { page: { limit: 10, offset: 20 } }))
  expect(last.items).toHaveLength(6)
  expect(last.hasMore).toBe(false)
  const ids = new Set([...first.items, ...last.items].map((m) => m.id))
  expect(ids.size).toBe(16)
})

test('marking read: my ids only; someone else’s id changes nothing; 全部已读 clears the rest', async () => {
  await seedNotices(other, 2, Date.parse('2025-06-01T00:00:00Z'))
  const mine = data(await messagesOf(reporter, { page: { limit: 2 } })).items.map((m) => m.id)
  const theirs = (await stored(other)).map((n) => n._id)

  const res = data(await app.call<MarkReadResult>('users', 'markMessagesRead', { ids: [...mine, theirs[0]] }, reporter))
  expect(res).toEqual({ marked: 2, unread: 24 })
  expect((await stored(other)).every((n) => !n.read)).toBe(true)
  expect((await meOf(reporter)).unreadMessages).toBe(24)
  const unreadOnly = data(await messagesOf(reporter, { unreadOnly: true, page: { limit: 50 } }))
  expect(unreadOnly.items).toHaveLength(24)
  expect(unreadOnly.items.some((m) => mine.includes(m.id))).toBe(false)

  // Marking the same ids again is harmless.
  expect(data(await app.call<MarkReadResult>('users', 'markMessagesRead', { ids: mine }, reporter))).toEqual({ marked: 0, unread: 24 })

  expect(data(await app.call<MarkReadResult>('users', 'markMessagesRead', { all: true }, reporter))).toEqual({ marked: 24, unread: 0 })
  expect((await stored(reporter)).every((n) => n.read && n.readAt)).toBe(true)
  expect((await stored(other)).filter((n) => !n.read)).toHaveLength(2)
  expect((await meOf(other)).unreadMessages).toBe(2)
})

test('bad input is refused with the field named and changes nothing', async () => {
  const before = (await stored(other)).filter((n) => !n.read).length
  expectError(await app.call('users', 'markMessagesRead', {}, other), 'INVALID_ARGUMENT', 'ids')
  expectError(await app.call('users', 'markMessagesRead', { ids: ['a'], all: true }, other), 'INVALID_ARGUMENT', 'ids')
  expectError(await app.call('users', 'markMessagesRead', { ids: [] }, other), 'INVALID_ARGUMENT', 'ids')
  expectError(await app.call('users', 'markMessagesRead', { ids: ['x', 'x'] }, other), 'INVALID_ARGUMENT', 'ids')
  expectError(await app.call('users', 'markMessagesRead', { ids: [{ $ne: null }] }, other), 'INVALID_ARGUMENT', 'ids[0]')
  expectError(await app.call('users', 'markMessagesRead', { all: false }, other), 'INVALID_ARGUMENT', 'all')
  expectError(await app.call('users', 'messages', { page: { limit: 500 } }, other), 'INVALID_ARGUMENT', 'page.limit')
  // A userId in the payload is dropped by the validator: the caller still gets only their own messages.
  const spoofed = data(await app.call<MessagePage>('users', 'messages', { userId: app.userIdOf(reporter) }, other))
  expect(spoofed.items.map((m) => m.id).every((id) => id.startsWith(`test:${other}:`))).toBe(true)
  expect((await stored(other)).filter((n) => !n.read)).toHaveLength(before)
})
