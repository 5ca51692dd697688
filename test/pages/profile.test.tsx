/**
 * 修改昵称 (users subpackage): prefilled from the cached profile, checked before sending, saved once,
 * and the saved profile lands in the users.me cache so 我的 shows it at once.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ok } from '../../src/core/envelope'
import { clearQueryCache, readCache } from '../../src/shell/cache'
import { queryKey, setQueryData } from '../../src/shell/hooks'
import type { Me } from '../../src/users/contract'
import ProfilePage from '../../src/users/pages/profile/index'
import { users } from '../../src/users/service'
import { installFakeBackend, uninstallFakeBackend } from '../setup/fake-backend'
import { rendered } from '../setup/page-test'
import { __resetTaroShim } from '../setup/taro-shim'

const me: Me = { userId: 'u-1', nickname: '骑手小王', roles: ['worker'], grants: [], createdAt: '2025-03-01T08:00:00Z', unreadMessages: 0 }

const nativeInput = () => rendered('.profile-input input')

async function typeInto(value: string) {
  const input = await nativeInput()
  input.value = value
  fireEvent.input(input)
}

afterEach(() => {
  jest.restoreAllMocks()
  uninstallFakeBackend()
  clearQueryCache()
  __resetTaroShim()
})

test('starts from the cached nickname, saves the new one and updates the cached profile', async () => {
  setQueryData(users.me, {}, me)
  const back = jest.spyOn(Taro, 'navigateBack')
  const backend = installFakeBackend({ 'users.updateProfile': (payload: { nickname: string }) => ok({ ...me, nickname: payload.nickname }) })
  render(<ProfilePage />)
  expect((await nativeInput()).value).toBe('骑手小王')

  await typeInto('老王跑得快')
  await act(async () => {
    fireEvent.click(screen.getByText('保存'))
  })
  expect(backend.calls[0].payload).toEqual({ nickname: '老王跑得快' })
  expect(readCache<Me>(queryKey(users.me, {}))?.data.nickname).toBe('老王跑得快')
  expect(back).toHaveBeenCalled()
})

test('an empty nickname is refused on the spot, in words about the field the person sees', async () => {
  const backend = installFakeBackend({ 'users.updateProfile': () => ok(me) })
  render(<ProfilePage />)
  await typeInto('   ')
  await act(async () => {
    fireEvent.click(screen.getByText('保存'))
  })
  expect(await screen.findByText('昵称不能为空')).toBeTruthy()
  expect(backend.calls).toHaveLength(0)
})
