/** The warm-instance cache of reference data: hits within the TTL, reloads after it, keeps no failures. */
import { cachedReference, forgetReference } from '../../cloudfunctions/_runtime/reference-cache'

afterEach(() => forgetReference())

test('a second read within the TTL is answered without loading; after it the value is loaded again', async () => {
  let loads = 0
  const load = async () => ++loads
  expect(await cachedReference('k', load, { now: 0, ttlMs: 1000 })).toBe(1)
  expect(await cachedReference('k', load, { now: 999, ttlMs: 1000 })).toBe(1)
  expect(await cachedReference('k', load, { now: 1000, ttlMs: 1000 })).toBe(2)
  expect(loads).toBe(2)
})

test('concurrent first reads share one load; keys are separate', async () => {
  let loads = 0
  const load = async () => ++loads
  const [a, b] = await Promise.all([cachedReference('k', load, { now: 0 }), cachedReference('k', load, { now: 0 })])
  expect([a, b]).toEqual([1, 1])
  expect(await cachedReference('other', load, { now: 0 })).toBe(2)
})

test('a failed load is not kept: the next read tries again', async () => {
  await expect(cachedReference('k', () => Promise.reject(new Error('down')), { now: 0 })).rejects.toThrow('down')
  expect(await cachedReference('k', async () => 'up', { now: 1 })).toBe('up')
})

test('forgetting a key makes the next read load it', async () => {
  await cachedReference('k', async () => 'old', { now: 0 })
  forgetReference('k')
  expect(await cachedReference('k', async () => 'new', { now: 1 })).toBe('new')
})
