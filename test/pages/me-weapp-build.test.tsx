/**
 * 我的 page as the mini-program build renders it: the same profile, and no trace of the dev role
 * switcher (the check-weapp script also proves no dev identity reaches dist/weapp).
 */
import './support/weapp-build'
import { render, screen } from '@testing-library/react'
import { ok } from '../../src/core/envelope'
import MeHome from '../../src/pages/me/index'
import { clearQueryCache } from '../../src/shell/cache'
import { installFakeBackend, uninstallFakeBackend } from '../setup/fake-backend'
import { __resetTaroShim } from '../setup/taro-shim'

afterEach(() => {
  uninstallFakeBackend()
  clearQueryCache()
  __resetTaroShim()
})

test('shows the profile without any dev identity control', async () => {
  installFakeBackend({ 'users.me': () => ok({ userId: 'u-1', nickname: '骑手小王', roles: ['worker'], grants: [], createdAt: '2025-03-01T08:00:00Z' }) })
  render(<MeHome />)
  expect(await screen.findByText('骑手小王')).toBeTruthy()
  expect(screen.queryByText('开发身份（仅本地）')).toBeNull()
  expect(screen.queryByRole('button', { name: '切换身份' })).toBeNull()
})
