/**
 * The service layer over the transport: envelope validation, error mapping, client-side input checks,
 * and which calls may be retried (reads and idempotency-keyed calls only).
 */
import { action } from '../../src/core/contract'
import { fail, ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import { s } from '../../src/core/schema'
import { createService } from '../../src/shell/service'
import { users } from '../../src/users/service'
import { installFakeBackend, uninstallFakeBackend } from '../setup/fake-backend'

const me = { userId: 'u-1', nickname: '骑手小王', roles: ['worker'], grants: [], createdAt: '2025-03-01T08:00:00Z' }

afterEach(uninstallFakeBackend)

test('a success envelope resolves with its data, sent as { action, payload } to the named function', async () => {
  const backend = installFakeBackend({ 'users.me': () => ok(me) })
  await expect(users.me({})).resolves.toEqual(me)
  expect(backend.calls[0].request).toMatchObject({ name: 'users', data: { action: 'me', payload: {} } })
})

test('an error envelope rejects with its code, message and field', async () => {
  installFakeBackend({ 'users.updateProfile': () => fail(new AppError('CONFLICT', '昵称已被占用', 'nickname')) })
  const error = await users.updateProfile({ nickname: '小王' }).catch((e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  expect(error).toMatchObject({ code: 'CONFLICT', message: '昵称已被占用', field: 'nickname' })
})

test('an answer that is not an envelope is INTERNAL, never passed to the page as data', async () => {
  installFakeBackend({ 'users.updateProfile': () => ({ nickname: '小王' }) })
  await expect(users.updateProfile({ nickname: '小王' })).rejects.toMatchObject({ code: 'INTERNAL' })
  installFakeBackend({ 'users.updateProfile': () => ({ ok: false, error: { code: 'NOPE', message: 'x' } }) })
  await expect(users.updateProfile({ nickname: '小王' })).rejects.toMatchObject({ code: 'INTERNAL' })
})

test('bad input is refused before sending, with the field named, as the server would', async () => {
  const backend = installFakeBackend({ 'users.updateProfile': () => ok(me) })
  await expect(users.updateProfile({ nickname: '   ' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'nickname' })
  await expect(users.updateProfile({ nickname: 'x'.repeat(21) })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'nickname' })
  await expect(users.updateProfile({ nickname: 42 } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'nickname' })
  expect(backend.calls).toHaveLength(0)
})

test('only cleaned input is sent: unknown keys are dropped and strings trimmed', async () => {
  const backend = installFakeBackend({ 'users.updateProfile': () => ok(me) })
  await users.updateProfile({ nickname: '  小王 ', role: 'admin' } as never)
  expect(backend.calls[0].payload).toEqual({ nickname: '小王' })
})

test('a read is retried after a network failure and succeeds', async () => {
  let n = 0
  const backend = installFakeBackend({
    'users.me': () => {
      n += 1
      if (n < 3) throw new AppError('UNAVAILABLE')
      return ok(me)
    },
  })
  await expect(users.me({})).resolves.toEqual(me)
  expect(backend.count('users.me')).toBe(3)
})

test('a read gives up after three attempts with UNAVAILABLE', async () => {
  const backend = installFakeBackend({
    'users.me': () => {
      throw new AppError('UNAVAILABLE')
    },
  })
  await expect(users.me({})).rejects.toMatchObject({ code: 'UNAVAILABLE', message: '网络不稳定，请稍后重试' })
  expect(backend.count('users.me')).toBe(3)
})

test('a write without an idempotency key is never retried: it may have landed', async () => {
  const backend = installFakeBackend({
    'users.updateProfile': () => {
      throw new AppError('UNAVAILABLE')
    },
  })
  await expect(users.updateProfile({ nickname: '小王' })).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  expect(backend.count('users.updateProfile')).toBe(1)
})

test('a write carrying an idempotency key is retried with the same key', async () => {
  const contract = { redeem: action<{ done: boolean }>()(s.object({ rewardId: s.id(), idempotencyKey: s.idempotencyKey() })) }
  const passbook = createService('passbook', contract)
  let n = 0
  const backend = installFakeBackend({
    'passbook.redeem': () => {
      n += 1
      if (n === 1) throw new AppError('UNAVAILABLE')
      return ok({ done: true })
    },
  })
  await expect(passbook.redeem({ rewardId: 'r-1', idempotencyKey: 'key-12345678' })).resolves.toEqual({ done: true })
  expect(backend.calls.map((c) => (c.payload as { idempotencyKey: string }).idempotencyKey)).toEqual(['key-12345678', 'key-12345678'])
})

test('refusals are not retried, even for reads', async () => {
  const backend = installFakeBackend({ 'users.me': () => fail(new AppError('FORBIDDEN')) })
  await expect(users.me({})).rejects.toMatchObject({ code: 'FORBIDDEN', message: '您没有权限进行此操作' })
  expect(backend.count('users.me')).toBe(1)
})

test('a slow action waits for its declared timeout; others keep the default', async () => {
  const backend = installFakeBackend({ 'stations.generateCode': () => ok({}), 'stations.rotateSecret': () => ok({}) })
  const contract = { generateCode: action<unknown>()(s.object({})), rotateSecret: action<unknown>()(s.object({})) }
  const stations = createService('stations', contract, { timeoutsMs: { generateCode: 22_000 } })
  await stations.generateCode({})
  await stations.rotateSecret({})
  expect(backend.calls.map((c) => [c.key, c.request.timeoutMs])).toEqual([
    ['stations.generateCode', 22_000],
    ['stations.rotateSecret', 10_000],
  ])
})
