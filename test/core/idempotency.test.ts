/** The one idempotency-key maker: keys the contract schema accepts, distinct, repeatable with an injected random. */
import { newIdempotencyKey } from '../../src/core/idempotency'
import { s } from '../../src/core/schema'

describe('newIdempotencyKey', () => {
  it('makes distinct keys that s.idempotencyKey() accepts', () => {
    const keys = new Set(Array.from({ length: 500 }, () => newIdempotencyKey()))
    expect(keys.size).toBe(500)
    const schema = s.idempotencyKey()
    for (const k of keys) expect(schema.parse(k, 'idempotencyKey')).toBe(k)
  })

  it('follows the injected random source, including its edges', () => {
    let i = 0
    const seq = [0, 0.5, 0.999999]
    const random = () => seq[i++ % seq.length]
    const a = newIdempotencyKey(random)
    i = 0
    expect(newIdempotencyKey(random)).toBe(a)
    expect(a).toMatch(/^[A-Za-z0-9]{24}$/)
    expect(a.slice(0, 3)).toBe('Af9')
    expect(newIdempotencyKey(() => 1)).toMatch(/^[A-Za-z0-9]{24}$/)
  })
})
