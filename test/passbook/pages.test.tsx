/**
 * Passbook pages (H5 build) with the backend faked at the transport seam: the 存折 tab leads to all
 * entries, which page back in time without skipping entries that share a millisecond; the admin's
 * reward form refuses what the contract refuses before sending, shows the server's refusal under the
 * field's Chinese name, creates with stock and edits without it.
 */
import '../pages/support/h5-build'
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import type { AdminRewardView, EntryView } from '../../src/passbook/contract'
import { installFakeBackend } from '../setup/fake-backend'
import { agreePrivacy, rendered, resetPageTest } from '../setup/page-test'

// Ceilings for renders on a busy shared machine, not speed checks.
configure({ asyncUtilTimeout: 10_000 })
jest.setTimeout(60_000)

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../setup/taro-shim')
  return { __esModule: true, ...actual, default: { ...actual.default, navigateTo: async () => ({ errMsg: 'ok' }) }, useRouter: () => ({ params: {} }) }
})

/* eslint-disable @typescript-eslint/no-var-requires */
const PassbookHome = require('../../src/pages/passbook/index').default as () => JSX.Element
const EntriesPage = require('../../src/passbook/pages/entries/index').default as () => JSX.Element
const AdminPage = require('../../src/passbook/pages/admin/index').default as () => JSX.Element
/* eslint-enable @typescript-eslint/no-var-requires */

/** 25 entries, newest first; entries 19–21 were written in the same millisecond (across the page boundary). */
const ledger: EntryView[] = Array.from({ length: 25 }, (_, i) => {
  const t = Date.parse('2025-06-02T02:00:00Z') - (i < 19 ? i : i > 21 ? i - 2 : 19) * 60_000
  return { id: `e-${String(i).padStart(2, '0')}`, delta: i % 3 ? 10 : -5, type: i % 3 ? 'earn' : 'redeem', reason: `记录 ${i}`, capped: false, balanceAfter: 100 + i, createdAt: new Date(t).toISOString() }
})

/** The server's order: newest first, ties by id descending. */
const newestFirst = (a: EntryView, b: EntryView) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : -1)

/** The real `entries` rule: strictly after the cursor entry (time, then id) in the server's order. */
function entriesAction(p: { before?: string; beforeId?: string; limit?: number }) {
  const limit = p.limit ?? 20
  const after = (e: EntryView) => {
    if (!p.before) return true
    const t = Date.parse(e.createdAt)
    const at = Date.parse(p.before)
    return t < at || (t === at && p.beforeId !== undefined && e.id < p.beforeId)
  }
  const pool = ledger.filter(after).sort(newestFirst)
  return ok({ items: pool.slice(0, limit), hasMore: pool.length > limit })
}

beforeEach(() => {
  agreePrivacy()
})
afterEach(() => {
  resetPageTest()
})

test('存折 tab: 查看更多 opens all entries', async () => {
  installFakeBackend({
    'passbook.summary': () => ok({ points: 120, earned: 300, expiringSoon: [], recent: ledger.slice(0, 10) }),
    'users.me': () => ok({ userId: 'u-1', nickname: '骑手小王', roles: ['worker'], grants: [], createdAt: '2025-03-01T08:00:00Z' }),
  })
  const navigate = jest.spyOn(Taro, 'navigateTo')
  render(<PassbookHome />)
  fireEvent.click(await screen.findByText('查看更多'))
  expect(navigate).toHaveBeenCalledWith({ url: '/passbook/pages/entries/index' })
})

test('entries: pages back through every entry exactly once, including those sharing a millisecond, then says there are no more', async () => {
  const backend = installFakeBackend({ 'passbook.entries': entriesAction })
  render(<EntriesPage />)
  await screen.findByText('记录 0')
  expect(document.querySelectorAll('.pb-entry')).toHaveLength(20)
  fireEvent.click(screen.getByText('加载更多'))
  await screen.findByText('没有更早的记录了')
  const shown = Array.from(document.querySelectorAll('.pb-entry__reason')).map((n) => n.querySelector('taro-text-core')?.textContent)
  const ordered = [...ledger].sort(newestFirst)
  expect(shown).toEqual(ordered.map((e) => e.reason))
  expect(backend.calls.filter((c) => c.key === 'passbook.entries').map((c) => c.payload)).toEqual([
    { limit: 20 },
    { limit: 20, before: ordered[19].createdAt, beforeId: ordered[19].id },
  ])
})

test('entries: a failed page says so and 加载更多 tries again', async () => {
  let fail = true
  installFakeBackend({
    'passbook.entries': (p: { before?: string }) => {
      if (p.before && fail) {
        fail = false
        return Promise.reject(new AppError('FORBIDDEN', '没有权限'))
      }
      return entriesAction(p)
    },
  })
  render(<EntriesPage />)
  await screen.findByText('记录 0')
  fireEvent.click(screen.getByText('加载更多'))
  await screen.findByText(/没有权限，请重试/)
  fireEvent.click(screen.getByText('加载更多'))
  await screen.findByText('记录 24')
})

const reward: AdminRewardView = {
  id: 'reward-01',
  name: '洗衣液',
  description: '2 kg 装',
  cost: 200,
  stock: 8,
  limitPerDay: 1,
  limitPerMonth: 2,
  limitTotal: 0,
  pickupHours: 72,
  stations: [{ id: 'st-lf-001', name: '娄葑驿站' }],
  stockInitial: 10,
  pending: 1,
  fulfilled: 1,
  active: true,
  order: 100,
}

function adminBackend(extra: Record<string, (p: never) => unknown>) {
  return installFakeBackend({ 'passbook.rules': () => ok([]), 'passbook.adminRewards': () => ok([reward]), ...extra })
}

/** Types into the form field labelled `label`. */
async function typeInto(label: string, value: string) {
  const el = await rendered(`[aria-label="${label}"] input, [aria-label="${label}"] textarea, input[aria-label="${label}"], textarea[aria-label="${label}"]`)
  fireEvent.input(el, { target: { value } })
}

test('admin reward form: refuses before sending with the contract’s message, then creates with stock and refreshes the list', async () => {
  const backend = adminBackend({ 'passbook.saveReward': (p: Record<string, unknown>) => ok({ ...reward, id: 'reward-new', name: p.name as string }) })
  render(<AdminPage />)
  await screen.findByText(/洗衣液 · 200 分/)
  fireEvent.click(screen.getByText('新增礼品'))
  await screen.findByText('保存礼品')
  fireEvent.click(screen.getByText('保存礼品'))
  expect((await screen.findByRole('alert')).textContent).toBe('名称不能为空')
  await typeInto('名称', '雨衣')
  await typeInto('所需积分', '0')
  fireEvent.click(screen.getByText('保存礼品'))
  await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('所需积分不能小于 1'))
  expect(backend.count('passbook.saveReward')).toBe(0)

  await typeInto('所需积分', '150')
  await typeInto('初始库存', '20')
  await typeInto('领取站点', 'st-lf-001，st-lf-002')
  fireEvent.click(screen.getByText('保存礼品'))
  await waitFor(() => expect(backend.count('passbook.saveReward')).toBe(1))
  expect(backend.calls.find((c) => c.key === 'passbook.saveReward')?.payload).toEqual({ name: '雨衣', description: '', cost: 150, stock: 20, limitPerDay: 0, limitPerMonth: 0, limitTotal: 0, pickupHours: 72, pickupStationIds: ['st-lf-001', 'st-lf-002'], active: true })
  await waitFor(() => expect(screen.queryByText('保存礼品')).toBeNull())
  expect(backend.count('passbook.adminRewards')).toBeGreaterThanOrEqual(2)
})

test('admin reward form: edits an existing reward without touching stock, and shows the server’s refusal under the field name', async () => {
  let refuse = true
  const backend = adminBackend({
    'passbook.saveReward': (p: Record<string, unknown>) => (refuse ? ((refuse = false), Promise.reject(new AppError('INVALID_ARGUMENT', 'pickupStationIds[0]格式不正确', 'pickupStationIds[0]'))) : ok({ ...reward, ...p })),
  })
  render(<AdminPage />)
  await screen.findByText(/洗衣液 · 200 分/)
  fireEvent.click(screen.getByText('编辑'))
  await screen.findByText('编辑礼品：洗衣液')
  expect(screen.queryByText('初始库存')).toBeNull()
  await typeInto('所需积分', '180')
  fireEvent.click(screen.getByText('保存礼品'))
  await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('领取站点格式不正确'))
  fireEvent.click(screen.getByText('保存礼品'))
  await waitFor(() => expect(screen.queryByText('保存礼品')).toBeNull())
  const sent = backend.calls.filter((c) => c.key === 'passbook.saveReward').map((c) => c.payload as Record<string, unknown>)
  expect(sent).toHaveLength(2)
  expect(sent[1]).toMatchObject({ id: 'reward-01', cost: 180, limitPerDay: 1, limitPerMonth: 2, pickupStationIds: ['st-lf-001'] })
  expect('stock' in sent[1]).toBe(false)
})
