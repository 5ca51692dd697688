/**
 * 我的 page in the H5 build: the users.me result (nickname, roles in Chinese, what each grant covers),
 * its error and refresh states, and the dev role switcher both inline and floating.
 */
import './support/h5-build'
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import MeHome from '../../src/pages/me/index'
import { clearQueryCache } from '../../src/shell/cache'
import { devIdentitySettings } from '../../src/shell/dev/identity'
import type { Me } from '../../src/users/contract'
import { devIdentities } from '../../src/users/dev-identities'
import { installFakeBackend, uninstallFakeBackend } from '../setup/fake-backend'
import { __firePageEvent, __resetTaroShim } from '../setup/taro-shim'

const captain: Me = {
  userId: 'u-captain',
  nickname: '张建国',
  roles: ['worker', 'party_member', 'team_captain'],
  grants: [
    { role: 'worker', scopes: [] },
    { role: 'party_member', scopes: [] },
    { role: 'team_captain', scopes: [{ kind: 'team', id: 'team-1', name: '惠济先锋服务队' }] },
  ],
  createdAt: '2025-03-01T08:00:00+08:00',
  unreadMessages: 0,
}

const reload = jest.fn()
beforeEach(() => {
  reload.mockReset()
  devIdentitySettings.reload = reload
})
afterEach(() => {
  uninstallFakeBackend()
  clearQueryCache()
  __resetTaroShim()
})

test('shows who I am: nickname, every role in Chinese, and what each granted role covers', async () => {
  installFakeBackend({ 'users.me': () => ok(captain) })
  render(<MeHome />)
  expect(await screen.findByText('张建国')).toBeTruthy()
  const profile = screen.getByText('张建国').closest('.me-profile') as HTMLElement
  expect(within(profile).getByText('骑手/快递员')).toBeTruthy()
  expect(within(profile).getByText('党员')).toBeTruthy()
  expect(within(profile).getByText('队长')).toBeTruthy()
  expect(screen.getByText('我的职责')).toBeTruthy()
  expect(screen.getByText('惠济先锋服务队')).toBeTruthy()
  expect(screen.getByText('2025年3月1日')).toBeTruthy()
})

test('my messages: the unread count on the row and on the 我的 tab badge; one tap opens the message centre', async () => {
  const badge = jest.spyOn(Taro, 'setTabBarBadge')
  const go = jest.spyOn(Taro, 'navigateTo')
  installFakeBackend({ 'users.me': () => ok({ ...captain, unreadMessages: 3 }) })
  render(<MeHome />)
  expect(await screen.findByText('3 条未读 ›')).toBeTruthy()
  expect(badge).toHaveBeenLastCalledWith({ index: 3, text: '3' })
  fireEvent.click(screen.getByText('消息中心'))
  expect(go).toHaveBeenLastCalledWith({ url: '/users/pages/messages/index' })
  badge.mockRestore()
  go.mockRestore()
})

test('a worker without grants sees no duties section', async () => {
  installFakeBackend({ 'users.me': () => ok({ ...captain, nickname: '骑手小王', roles: ['worker'], grants: [{ role: 'worker', scopes: [] }] }) })
  render(<MeHome />)
  expect(await screen.findByText('骑手小王')).toBeTruthy()
  expect(screen.queryByText('我的职责')).toBeNull()
})

test('an admin reaches every admin screen from the 管理 card', async () => {
  const go = jest.spyOn(Taro, 'navigateTo')
  installFakeBackend({ 'users.me': () => ok({ ...captain, nickname: '管理员老周', roles: ['worker', 'admin'], grants: [{ role: 'admin', scopes: [] }] }) })
  render(<MeHome />)
  expect(await screen.findByText('管理员老周')).toBeTruthy()
  const card = document.querySelector('.me-admin') as HTMLElement
  expect(card).toBeTruthy()
  const links: Array<[string, string]> = [
    ['角色授权', '/users/pages/grants/index'],
    ['站点管理', '/stations/pages/manage/index'],
    ['积分管理', '/passbook/pages/admin/index'],
    ['问题类别、部门、网格', '/reports/pages/admin/index'],
  ]
  for (const [label, url] of links) {
    fireEvent.click(within(card).getByText(label))
    expect(go).toHaveBeenLastCalledWith({ url })
  }
  go.mockRestore()
})

test('a captain (staff, not admin) sees no 管理 card', async () => {
  installFakeBackend({ 'users.me': () => ok(captain) })
  render(<MeHome />)
  expect(await screen.findByText('张建国')).toBeTruthy()
  expect(document.querySelector('.me-admin')).toBeNull()
  expect(screen.queryByText('角色授权')).toBeNull()
})

test('a failed load explains itself and 重试 recovers', async () => {
  let down = true
  installFakeBackend({
    'users.me': () => {
      if (down) throw new AppError('UNAVAILABLE')
      return ok(captain)
    },
  })
  render(<MeHome />)
  expect(await screen.findByText('网络不稳定，请稍后重试')).toBeTruthy()
  down = false
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('张建国')).toBeTruthy()
})

test('pull-down and coming back to the page fetch fresh data', async () => {
  const backend = installFakeBackend({ 'users.me': () => ok(captain) })
  const stop = jest.spyOn(Taro, 'stopPullDownRefresh')
  render(<MeHome />)
  await screen.findByText('张建国')
  expect(backend.count('users.me')).toBe(1)
  act(() => __firePageEvent('didShow')) // the first show is the mount's own fetch
  expect(backend.count('users.me')).toBe(1)
  backend.on('users.me', () => ok({ ...captain, nickname: '张队长' }))
  await act(async () => __firePageEvent('didShow'))
  expect(await screen.findByText('张队长')).toBeTruthy()
  await act(async () => __firePageEvent('pullDownRefresh'))
  expect(backend.count('users.me')).toBe(3)
  expect(stop).toHaveBeenCalled()
})

test('the inline role switcher lists every seeded identity and switching signs in as that user', async () => {
  installFakeBackend({ 'users.me': () => ok(captain) })
  render(<MeHome />)
  const list = await screen.findByRole('group', { name: '切换开发身份' })
  const items = within(list).getAllByRole('listitem')
  expect(items).toHaveLength(devIdentities.length)
  // Under each district's heading, one identity in every role.
  const areas = [...new Set(devIdentities.map((d) => d.area))]
  expect(areas.length).toBeGreaterThanOrEqual(4)
  for (const area of areas) {
    expect(within(list).getByText(area)).toBeTruthy()
    const district = within(list).getByRole('list', { name: area })
    for (const label of ['骑手/快递员', '党员', '队长', '驿站管理员', '网格员', '街道派单员', '部门处理人', '管理员']) expect(within(district).getByText(label)).toBeTruthy()
  }
  expect(within(items[0]).getByText('当前')).toBeTruthy()
  expect(within(list).getAllByText('当前')).toHaveLength(1)

  Taro.setStorageSync('nx.q.users.me:{}', { data: captain, at: 1 })
  fireEvent.click(within(list).getByText('网格员陈晨'))
  expect(Taro.getStorageSync('nx.dev.openid')).toBe('dev-grid-worker')
  expect(Taro.getStorageSync('nx.q.users.me:{}')).toBe('') // the previous user's cached data is gone
  expect(window.location.hash).toBe('#/pages/stations/index')
  expect(reload).toHaveBeenCalledTimes(1)
})

test('the floating switcher on every page opens the same list', async () => {
  Taro.setStorageSync('nx.dev.openid', 'dev-admin')
  installFakeBackend({ 'users.me': () => ok(captain) })
  render(<MeHome />)
  const pill = screen.getByRole('button', { name: '切换身份' })
  expect(within(pill).getByText('开发身份 · 苏州工业园区 · 管理员')).toBeTruthy()
  fireEvent.click(pill)
  const dialog = await screen.findByRole('dialog', { name: '切换开发身份' })
  fireEvent.click(within(dialog).getByText('驿站管理员刘姐'))
  expect(Taro.getStorageSync('nx.dev.openid')).toBe('dev-station-manager')
  expect(reload).toHaveBeenCalledTimes(1)
})
