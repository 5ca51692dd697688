/**
 * Guards on the schema as code: every collection the code names is declared (and nothing else),
 * the permission posture is ADMINONLY except the public station map, and indexes stay within the
 * platform's limits with the keys the ledger and geo search depend on.
 */
import { schema } from '../../cloudfunctions/database-schema'
import { Collection } from '../../src/core/collections'

const byName = new Map(schema.collections.map((c) => [c.name, c]))

it('declares exactly the collections the code names', () => {
  expect([...byName.keys()].sort()).toEqual([...new Set(Object.values(Collection))].sort())
  expect(byName.size).toBe(schema.collections.length)
  expect(byName.size).toBeLessThanOrEqual(100)
})

it('keeps everything ADMINONLY except public station data', () => {
  const open = schema.collections.filter((c) => c.permission !== 'ADMINONLY').map((c) => [c.name, c.permission])
  expect(open).toEqual([[Collection.stations, 'ADMINWRITE']])
})

it('stays within index limits, with unique names per collection', () => {
  for (const c of schema.collections) {
    const names = (c.indexes ?? []).map((i) => i.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names.length).toBeLessThanOrEqual(20)
    for (const i of c.indexes ?? []) expect(i.keys.length).toBeGreaterThan(0)
  }
})

it('has the indexes the domain rules rely on', () => {
  const has = (col: string, field: string, opts: { unique?: boolean; geo?: boolean } = {}) =>
    (byName.get(col)?.indexes ?? []).some((i) => i.keys.some((k) => k.field === field && (!opts.geo || k.direction === '2dsphere')) && (!opts.unique || i.unique === true))
  expect(has(Collection.stations, 'location', { geo: true })).toBe(true)
  expect(has(Collection.reports, 'location', { geo: true })).toBe(true)
  expect(has(Collection.ledger, 'idempotencyKey', { unique: true })).toBe(true)
  expect(has(Collection.users, 'openid', { unique: true })).toBe(true)
  expect(has(Collection.roleGrants, 'userId')).toBe(true)
})
