/**
 * 消息中心 page on Taro's H5 components: unread messages marked and counted, a tap marks one read and
 * opens its page, 全部已读 clears the count, and the 我的 tab badge follows the count (99+ above 99).
 * Also: the badge indexes really are 驿站 and 我的 in app.config's tab bar.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { ok } from '../../src/core/envelope'
import { HOME_TAB_INDEX, ME_TAB_INDEX } from '../../src/shell/badge'
import { clearQueryCache } from '../../src/shell/cache'
import { badgeText, type MessagePage, type MessageView } from '../../src/users/notices'
import MessagesPage from '../../src/users/pages/messages/index'
import { installFakeBackend, uninstallFakeBackend } from '../setup/fake-backend'
import { __resetTaroShim } from '../setup/taro-shim'

const message = (i: number, read = false): MessageView => ({
  id: `n:${i}`,
  kind: 'report_accepted',
  label: '随手拍',
  title: `你的随手拍已立案 ${i}`,
  body: '街道已受理，将派给责任部门处理。',
  page: `/reports/pages/detail/index?id=r${i}`,
  read,
  createdAt: '2025-06-01T02:00:00.000Z',
})

afterEach(() => {
  jest.restoreAllMocks()
  uninstallFakeBackend()
  clearQueryCache()
  __resetTaroShim()
})

test('unread ones are counted and marked; a tap marks it read and opens its page; the badge follows', async () => {
  const page: MessagePage = { items: [message(1), message(2), message(3, true)], unread: 2, hasMore: false }
  const badge = jest.spyOn(Taro, 'setTabBarBadge')
  const clear = jest.spyOn(Taro, 'removeTabBarBadge')
  const go = jest.spyOn(Taro, 'navigateTo')
  const backend = installFakeBackend({
    'users.messages': () => ok(page),
    'users.markMessagesRead': (p: { ids?: string[]; all?: true }) => ok({ marked: p.ids?.length ?? 1, unread: p.all ? 0 : 1 }),
  })
  render(<MessagesPage />)
  expect(await screen.findByText('2 条未读')).toBeTruthy()
  expect(screen.getAllByLabelText(/^未读 /)).toHaveLength(2)
  expect(badge).toHaveBeenLastCalledWith({ index: ME_TAB_INDEX, text: '2' })

  await act(async () => {
    fireEvent.click(screen.getByText('你的随手拍已立案 1'))
  })
  expect(backend.calls.find((c) => c.key === 'users.markMessagesRead')?.payload).toEqual({ ids: ['n:1'] })
  expect(go).toHaveBeenLastCalledWith({ url: '/reports/pages/detail/index?id=r1' })
  expect(await screen.findByText('1 条未读')).toBeTruthy()
  expect(screen.getAllByLabelText(/^未读 /)).toHaveLength(1)
  expect(badge).toHaveBeenLastCalledWith({ index: ME_TAB_INDEX, text: '1' })

  // A read message opens without another mark.
  const marks = backend.calls.filter((c) => c.key === 'users.markMessagesRead').length
  await act(async () => {
    fireEvent.click(screen.getByText('你的随手拍已立案 3'))
  })
  expect(backend.calls.filter((c) => c.key === 'users.markMessagesRead')).toHaveLength(marks)

  await act(async () => {
    fireEvent.click(screen.getByText('全部已读'))
  })
  expect(backend.calls.filter((c) => c.key === 'users.markMessagesRead').pop()?.payload).toEqual({ all: true })
  expect(await screen.findByText('没有未读消息')).toBeTruthy()
  expect(screen.queryAllByLabelText(/^未读 /)).toHaveLength(0)
  expect(screen.queryByText('全部已读')).toBeNull()
  expect(clear).toHaveBeenLastCalledWith({ index: ME_TAB_INDEX })
})

test('no messages: says what will arrive here', async () => {
  installFakeBackend({ 'users.messages': () => ok({ items: [], unread: 0, hasMore: false }) })
  render(<MessagesPage />)
  expect(await screen.findByText('还没有消息')).toBeTruthy()
})

test('badge text: nothing at 0, the number, 99+ above 99', () => {
  expect(badgeText(0)).toBeNull()
  expect(badgeText(-1)).toBeNull()
  expect(badgeText(7)).toBe('7')
  expect(badgeText(99)).toBe('99')
  expect(badgeText(100)).toBe('99+')
})

test('the badge indexes are the positions of 驿站 (home) and 我的 in the tab bar', () => {
  const config = readFileSync(path.join(__dirname, '../../src/app.config.ts'), 'utf8')
  const tabs = [...config.matchAll(/pagePath: '([^']+)'/g)].map((m) => m[1])
  expect(tabs[HOME_TAB_INDEX]).toBe('pages/stations/index')
  expect(tabs[ME_TAB_INDEX]).toBe('pages/me/index')
})
