/**
 * The payload validator: every rejection path answers INVALID_ARGUMENT naming the field, and the
 * cleaned value carries only declared keys (no mass assignment).
 */
import { AppError } from '../../src/core/errors'
import { s } from '../../src/core/schema'

function rejection(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected a rejection')
}

describe('s.string', () => {
  const name = s.object({ name: s.string({ min: 1, max: 5 }) })
  it('trims and accepts', () => expect(name.parse({ name: '  小王 ' })).toEqual({ name: '小王' }))
  it('rejects a non-string', () => {
    const e = rejection(() => name.parse({ name: 42 }))
    expect(e.code).toBe('INVALID_ARGUMENT')
    expect(e.field).toBe('name')
    expect(e.message).toBe('name应为文本')
  })
  it('rejects empty after trimming', () => expect(rejection(() => name.parse({ name: '   ' })).message).toBe('name不能为空'))
  it('rejects oversize strings', () => expect(rejection(() => name.parse({ name: '一二三四五六' })).message).toBe('name不能超过 5 个字'))
  it('applies a default maximum of 500 characters', () => {
    expect(rejection(() => s.string().parse('x'.repeat(501), 'note')).field).toBe('note')
    expect(s.string().parse('x'.repeat(500))).toHaveLength(500)
  })
  it('checks patterns', () => expect(rejection(() => s.id().parse('a b', 'id')).message).toBe('id格式不正确'))
  it('enforces a minimum length', () => expect(rejection(() => s.string({ min: 2 }).parse('a', 'reason')).message).toBe('reason至少需要 2 个字'))
})

describe('numbers and booleans', () => {
  it('rejects NaN, Infinity and numeric strings', () => {
    for (const bad of [NaN, Infinity, '3', null]) expect(rejection(() => s.object({ n: s.number() }).parse({ n: bad })).field).toBe('n')
  })
  it('checks integer and range', () => {
    expect(rejection(() => s.integer().parse(1.5, 'n')).message).toBe('n应为整数')
    expect(rejection(() => s.integer({ min: 1 }).parse(0, 'n')).message).toBe('n不能小于 1')
    expect(rejection(() => s.integer({ max: 9 }).parse(10, 'n')).message).toBe('n不能大于 9')
  })
  it('rejects truthy non-booleans', () => expect(rejection(() => s.boolean().parse('true', 'flag')).field).toBe('flag'))
  it('literal and oneOf accept only their values', () => {
    expect(s.literal(2).parse(2)).toBe(2)
    expect(rejection(() => s.literal(2).parse(3, 'v')).field).toBe('v')
    expect(s.oneOf(['a', 'b']).parse('a')).toBe('a')
    expect(rejection(() => s.oneOf(['a', 'b']).parse('c', 'kind')).message).toBe('kind不是可选的值')
  })
})

describe('s.object', () => {
  const profile = s.object({ nickname: s.string({ max: 20 }), age: s.optional(s.integer({ min: 0 })) })
  it('drops unknown keys (no mass assignment)', () => {
    expect(profile.parse({ nickname: '小王', role: 'admin', openid: 'o-evil', balance: 1e9 })).toEqual({ nickname: '小王' })
  })
  it('names a missing required field', () => {
    const e = rejection(() => profile.parse({}))
    expect(e.field).toBe('nickname')
    expect(e.message).toBe('nickname不能为空')
  })
  it('treats null optional values as absent', () => expect(profile.parse({ nickname: 'a', age: null })).toEqual({ nickname: 'a' }))
  it('rejects arrays, null and primitives as objects', () => {
    for (const bad of [[], null, 'x', 3]) expect(rejection(() => profile.parse(bad)).message).toBe('参数应为对象')
  })
  it('names nested paths', () => {
    const nested = s.object({ where: s.object({ lngLat: s.lngLat() }) })
    expect(rejection(() => nested.parse({ where: { lngLat: { lng: 200, lat: 30 } } })).field).toBe('where.lngLat.lng')
  })
  it('ignores inherited keys', () => {
    const proto = { nickname: 'from-prototype' }
    expect(rejection(() => profile.parse(Object.create(proto))).field).toBe('nickname')
  })
})

describe('s.array', () => {
  const tags = s.object({ tags: s.array(s.string({ max: 3 }), { min: 1, max: 2, unique: true }) })
  it('validates each item with its index in the path', () => expect(rejection(() => tags.parse({ tags: ['ok', 'toolong'] })).field).toBe('tags[1]'))
  it('rejects non-arrays', () => expect(rejection(() => tags.parse({ tags: 'a' })).message).toBe('tags应为列表'))
  it('checks length bounds', () => {
    expect(rejection(() => tags.parse({ tags: [] })).message).toBe('tags至少需要 1 项')
    expect(rejection(() => tags.parse({ tags: ['a', 'b', 'c'] })).message).toBe('tags最多 2 项')
  })
  it('rejects duplicates when unique', () => expect(rejection(() => tags.parse({ tags: ['a', 'a'] })).message).toBe('tags有重复项'))
  it('caps arrays at 100 items by default', () => expect(rejection(() => s.array(s.integer()).parse(new Array(101).fill(1), 'ids')).message).toBe('ids最多 100 项'))
})

describe('helpers', () => {
  it('page bounds the limit and offset', () => {
    expect(s.page(50).parse({ limit: 50 })).toEqual({ limit: 50 })
    expect(rejection(() => s.page(50).parse({ limit: 51 }, 'page')).field).toBe('page.limit')
    expect(rejection(() => s.page().parse({ offset: -1 }, 'page')).field).toBe('page.offset')
  })
  it('idempotency keys are 8–64 safe characters', () => {
    expect(s.idempotencyKey().parse('0f8fad5b-d9cb-469f-a165-70867728950e')).toHaveLength(36)
    expect(rejection(() => s.idempotencyKey().parse('short', 'key')).field).toBe('key')
    expect(rejection(() => s.idempotencyKey().parse('has spaces in it', 'key')).field).toBe('key')
  })
})
