/** The one retry policy: full-jitter exponential back-off, capped; only transaction conflicts are retried. */
import { AppError } from '../../src/core/errors'
import { backoffMs, defaultRetryPolicy, isTransactionConflict, runInTransaction } from '../../cloudfunctions/_runtime/transactions'

test('waits grow exponentially to the cap, jittered over the whole range, never 0', () => {
  const policy = { rounds: 6, baseMs: 10, capMs: 400 }
  expect([0, 1, 2, 3, 4, 5, 6].map((r) => backoffMs(r, policy, () => 0.999999))).toEqual([10, 20, 40, 80, 160, 320, 400])
  expect(backoffMs(3, policy, () => 0)).toBe(1)
  const draws = Array.from({ length: 200 }, () => backoffMs(4, policy))
  expect(Math.min(...draws)).toBeGreaterThanOrEqual(1)
  expect(Math.max(...draws)).toBeLessThanOrEqual(160)
  expect(new Set(draws).size).toBeGreaterThan(50)
})

test('conflicts are recognised as the SDK surfaces them; domain errors never are', () => {
  expect(isTransactionConflict({ code: 'DATABASE_TRANSACTION_CONFLICT', message: 'x' })).toBe(true)
  expect(isTransactionConflict(new Error('[DATABASE_TRANSACTION_CONFLICT] Transaction is conflict'))).toBe(true)
  // A write refused at the write, as wx-server-sdk 4.0.2 rewraps it (errCode −501001, no string code).
  expect(isTransactionConflict(Object.assign(new Error('document.update:fail -501001 resource system error. WriteConflict error: this operation conflicted with another operation.'), { errCode: -501001 }))).toBe(true)
  expect(isTransactionConflict(new AppError('CONFLICT', 'DATABASE_TRANSACTION_CONFLICT in words'))).toBe(false)
  expect(isTransactionConflict(new Error('E11000 duplicate key'))).toBe(false)
})

test('retries a conflicting transaction with waits, then answers; other errors and exhaustion pass through', async () => {
  let calls = 0
  const flaky = { runTransaction: async <R>(fn: (t: never) => Promise<R>) => (++calls < 3 ? Promise.reject({ code: 'DATABASE_TRANSACTION_CONFLICT' }) : fn({} as never)) }
  await expect(runInTransaction(flaky, async () => 'done', { rounds: 5, baseMs: 1, capMs: 2 })).resolves.toBe('done')
  expect(calls).toBe(3)

  const always = { runTransaction: async () => Promise.reject({ code: 'DATABASE_TRANSACTION_CONFLICT' }) }
  await expect(runInTransaction(always, async () => 1, { rounds: 2, baseMs: 1, capMs: 1 })).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })

  let domainCalls = 0
  const refusing = { runTransaction: async () => (domainCalls++, Promise.reject(new AppError('CONFLICT', '已立案'))) }
  await expect(runInTransaction(refusing, async () => 1)).rejects.toMatchObject({ code: 'CONFLICT', message: '已立案' })
  expect(domainCalls).toBe(1)
  expect(defaultRetryPolicy.rounds).toBeGreaterThan(0)
})
