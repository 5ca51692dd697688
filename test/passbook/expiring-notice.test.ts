/**
 * "Points expiring" in the message centre, through the passbook timer's own job runner (runScheduled,
 * what the passbookTimer trigger calls) against the emulator with the real wx-server-sdk, at chosen
 * instants of China time: 30 days before the new-year lapse the owner of lapsing points gets one message
 * with the exact amount — not again when the job runs twice, nothing for points that do not lapse then
 * or were already spent, nothing outside the window — and the users function shows it with its label.
 */
import { Collection } from '../../src/core/collections'
import type { NoticeDoc, MessagePage } from '../../src/users/notices'
import { creditPoints } from '../../cloudfunctions/passbook/credit'
import { expiringNoticeId, warnExpiringChunk } from '../../cloudfunctions/passbook/expire-points'
import { runScheduled } from '../../cloudfunctions/passbook/scheduled'
import { startProject, type Project } from '../support/project'
import { data, readAll } from './support'

jest.setTimeout(60_000)

let app: Project
beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['passbook', 'users'] })
}, 90_000)
afterAll(async () => {
  await app?.close()
})

// 2026-12-05 10:00 China time: 27 days before points earned in 2025 lapse (2027-01-01 00:00 China time).
const NOW = new Date('2026-12-05T02:00:00Z')
const LAPSE = new Date('2026-12-31T16:00:00Z')

let n = 0
const earn = (openid: string, hours: number, at: string) =>
  creditPoints(app.db, { userId: app.userIdOf(openid), kind: 'volunteer_hour', quantity: hours, source: { type: 'activity', id: `exp-${++n}` }, idempotencyKey: `expiring-${process.pid}-${n}`, actorId: 'tester', now: new Date(at) })
// An admin's deduction, dated now: it consumes the oldest lots first, whatever their year.
const spend = async (openid: string, points: number) =>
  data(await app.callAs('admin', 'passbook', 'adjust', { userId: app.userIdOf(openid), points: -points, reason: '测试扣减积分', idempotencyKey: `expiring-spend-${process.pid}-${++n}` }))
const noticesOf = (openid: string) => readAll<NoticeDoc>(app.db, Collection.notifications, { userId: app.userIdOf(openid), kind: 'points_expiring' })
/** Every page of the job at `now`, as the timer's runner pages through them. */
async function warnAll(now: Date): Promise<{ accounts: number; notified: number }> {
  const total = { accounts: 0, notified: 0 }
  let cursor: string | undefined
  do {
    const r = await warnExpiringChunk(app.db, now, cursor)
    total.accounts += r.accounts
    total.notified += r.notified
    cursor = r.nextCursor
  } while (cursor)
  return total
}
const runsOfWarn = () => app.db.collection(Collection.jobRuns).doc('passbook:warnExpiringPoints').remove().catch(() => undefined)

it('warns the owner of lapsing points once, with the amount, even when the timer job runs twice', async () => {
  await earn('o-exp-lapsing', 5, '2025-04-01T02:00:00Z') // 50 points of 2025: lapse at the coming new year
  await earn('o-exp-lapsing', 2, '2026-03-01T02:00:00Z') // 20 points of 2026: lapse a year later
  await earn('o-exp-later', 4, '2026-02-01T02:00:00Z') // only 2026 points: nothing lapses this time
  await runsOfWarn()
  const first = await runScheduled({ db: app.db, now: NOW })
  expect(first.warnExpiringPoints).toMatchObject({ notified: expect.any(Number) })
  expect((first.warnExpiringPoints as { notified: number }).notified).toBeGreaterThanOrEqual(1)

  const notices = await noticesOf('o-exp-lapsing')
  expect(notices).toHaveLength(1)
  expect(notices[0]).toMatchObject({
    _id: expiringNoticeId(app.userIdOf('o-exp-lapsing'), LAPSE),
    title: '积分即将到期',
    body: '你有 50 积分将于 2027年1月1日 零点失效，请在 2026年12月31日 前兑换。',
    page: '/passbook/pages/catalogue/index',
    read: false,
  })
  expect(await noticesOf('o-exp-later')).toHaveLength(0)

  // The next firing the same day does not run it; run again regardless (a retried firing), it adds nothing.
  expect((await runScheduled({ db: app.db, now: new Date(NOW.getTime() + 600_000) })).warnExpiringPoints).toBeUndefined()
  await runsOfWarn()
  expect((await runScheduled({ db: app.db, now: new Date(NOW.getTime() + 1_200_000) })).warnExpiringPoints).toMatchObject({ notified: 0 })
  expect(await noticesOf('o-exp-lapsing')).toHaveLength(1)

  // It lands in the message centre with its label and counts as unread.
  const page = data(await app.call<MessagePage>('users', 'messages', {}, 'o-exp-lapsing'))
  expect(page.items).toEqual([expect.objectContaining({ kind: 'points_expiring', label: '积分到期', title: '积分即将到期' })])
  expect(page.unread).toBe(1)
})

it('says nothing for points already spent, nor outside the 30 days before a lapse', async () => {
  await earn('o-exp-spent', 3, '2025-05-01T02:00:00Z') // 30 points of 2025 …
  await earn('o-exp-spent', 1, '2026-06-01T02:00:00Z') // … and 10 of 2026, which keep the account in the job's scan
  await app.call('passbook', 'summary', {}, 'o-exp-spent') // the first call creates the user an admin adjusts
  await spend('o-exp-spent', 30) // the 2025 lot is spent
  expect((await warnAll(NOW)).accounts).toBeGreaterThan(0)
  expect(await noticesOf('o-exp-spent')).toHaveLength(0)

  await earn('o-exp-early', 5, '2025-04-01T02:00:00Z')
  // 2026-11-30 10:00 China time: 31 days 14 hours before the lapse, outside the window; the job reads nothing.
  expect(await warnAll(new Date('2026-11-30T02:00:00Z'))).toEqual({ accounts: 0, notified: 0 })
  expect(await noticesOf('o-exp-early')).toHaveLength(0)
  // 2026-12-02 10:00 China time: 29 days 14 hours before it, inside the window.
  expect((await warnAll(new Date('2026-12-02T02:00:00Z'))).notified).toBeGreaterThanOrEqual(1)
  expect((await noticesOf('o-exp-early')).map((x) => x.body)).toEqual(['你有 50 积分将于 2027年1月1日 零点失效，请在 2026年12月31日 前兑换。'])
})
