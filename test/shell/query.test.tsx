/**
 * useQuery + QueryView and useAction, as a person sees them: a skeleton while loading, a Chinese error
 * with 重试, cached data marked 离线 on a weak network, and a button that cannot send an action twice.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { Text } from '@tarojs/components'
import { ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import { Button, QueryView } from '../../src/shell/components'
import { setQueryData, useAction, useQuery } from '../../src/shell/hooks'
import { clearQueryCache } from '../../src/shell/cache'
import type { Me } from '../../src/users/contract'
import { users } from '../../src/users/service'
import { installFakeBackend, uninstallFakeBackend } from '../setup/fake-backend'
import { __resetTaroShim } from '../setup/taro-shim'

const me: Me = { userId: 'u-1', nickname: '骑手小王', roles: ['worker'], grants: [], createdAt: '2025-03-01T08:00:00Z', unreadMessages: 0 }

function Profile() {
  const query = useQuery(users.me, {})
  return <QueryView query={query}>{(data) => <Text>昵称：{data.nickname}</Text>}</QueryView>
}

afterEach(() => {
  uninstallFakeBackend()
  clearQueryCache()
  __resetTaroShim()
})

test('shows a skeleton while loading, then the data', async () => {
  let answer!: (value: unknown) => void
  installFakeBackend({ 'users.me': () => new Promise((resolve) => (answer = resolve)) })
  const { container } = render(<Profile />)
  expect(container.querySelector('[aria-busy="true"]')).not.toBeNull()
  await act(async () => answer(ok(me)))
  expect(await screen.findByText('昵称：骑手小王')).toBeTruthy()
  expect(container.querySelector('[aria-busy="true"]')).toBeNull()
})

test('a disabled query (a page opened without its id) says what is missing instead of a skeleton forever', async () => {
  const backend = installFakeBackend({ 'users.me': () => ok(me) })
  function Disabled() {
    const query = useQuery(users.me, {}, { enabled: false })
    return <QueryView query={query}>{(data) => <Text>昵称：{data.nickname}</Text>}</QueryView>
  }
  const { container } = render(<Disabled />)
  expect(await screen.findByText('缺少要查看的内容')).toBeTruthy()
  expect(container.querySelector('[aria-busy="true"]')).toBeNull()
  expect(backend.count('users.me')).toBe(0)
})

test('with nothing cached, a failure shows why in Chinese and 重试 fetches again', async () => {
  let fail = true
  const backend = installFakeBackend({
    'users.me': () => {
      if (fail) throw new AppError('UNAVAILABLE')
      return ok(me)
    },
  })
  render(<Profile />)
  expect(await screen.findByText('网络不稳定，请稍后重试')).toBeTruthy()
  expect(screen.getByText('网络不给力')).toBeTruthy()
  const attempts = backend.count('users.me')
  fail = false
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('昵称：骑手小王')).toBeTruthy()
  expect(backend.count('users.me')).toBe(attempts + 1)
})

test('on a weak network the last good result stays on screen, marked 离线', async () => {
  installFakeBackend({ 'users.me': () => ok(me) })
  const first = render(<Profile />)
  await screen.findByText('昵称：骑手小王')
  first.unmount()

  installFakeBackend({
    'users.me': () => {
      throw new AppError('UNAVAILABLE')
    },
  })
  render(<Profile />)
  // Cached data paints at once, before the request settles.
  expect(screen.getByText('昵称：骑手小王')).toBeTruthy()
  expect(await screen.findByText(/^离线 · 显示今天 \d\d:\d\d的数据$/)).toBeTruthy()
  expect(screen.getByText('重试')).toBeTruthy()
})

test('a cached result survives a cold start through local storage', async () => {
  installFakeBackend({ 'users.me': () => ok(me) })
  const first = render(<Profile />)
  await screen.findByText('昵称：骑手小王')
  first.unmount()
  await waitFor(() => expect(Object.keys(window.localStorage).some((k) => k.startsWith('nx.q.users.me'))).toBe(true))
  // Simulate a restart: memory gone, storage kept.
  const stored = { ...window.localStorage }
  clearQueryCache()
  Object.entries(stored).forEach(([k, v]) => window.localStorage.setItem(k, v))
  installFakeBackend({ 'users.me': () => new Promise(() => undefined) })
  render(<Profile />)
  expect(screen.getByText('昵称：骑手小王')).toBeTruthy()
})

test('two mounts of the same query at once send one request', async () => {
  let calls = 0
  installFakeBackend({
    'users.me': () => {
      calls++
      return ok(me)
    },
  })
  render(
    <>
      <Profile />
      <Profile />
    </>,
  )
  expect(await screen.findAllByText('昵称：骑手小王')).toHaveLength(2)
  expect(calls).toBe(1)
})

test('setQueryData puts a known result where the next read finds it', async () => {
  installFakeBackend({ 'users.me': () => new Promise(() => undefined) })
  setQueryData(users.me, {}, { ...me, nickname: '新名字' })
  render(<Profile />)
  expect(screen.getByText('昵称：新名字')).toBeTruthy()
})

function SaveButton() {
  const save = useAction(users.updateProfile)
  return (
    <>
      <Button loading={save.loading} onClick={() => void save.run({ nickname: '老王' })}>
        保存
      </Button>
      {save.error ? <Text>{save.error.message}</Text> : null}
      {save.data ? <Text>已保存：{save.data.nickname}</Text> : null}
    </>
  )
}

test('an action is sent once however often the button is tapped while it runs', async () => {
  let answer!: (value: unknown) => void
  const backend = installFakeBackend({ 'users.updateProfile': () => new Promise((resolve) => (answer = resolve)) })
  render(<SaveButton />)
  fireEvent.click(screen.getByText('保存'))
  fireEvent.click(screen.getByText('保存'))
  fireEvent.click(screen.getByText('保存'))
  await act(async () => answer(ok({ ...me, nickname: '老王' })))
  expect(await screen.findByText('已保存：老王')).toBeTruthy()
  expect(backend.count('users.updateProfile')).toBe(1)
})

test("an action's refusal is kept for the page to show", async () => {
  installFakeBackend({ 'users.updateProfile': () => ({ ok: false, error: { code: 'RATE_LIMITED', message: '操作太频繁，请稍后再试' } }) })
  render(<SaveButton />)
  fireEvent.click(screen.getByText('保存'))
  expect(await screen.findByText('操作太频繁，请稍后再试')).toBeTruthy()
})
