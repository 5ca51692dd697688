/**
 * Strict mode through the REAL wx-server-sdk: query-level update/remove/count that the SDK would silently
 * run outside an open transaction (it sends no transactionId for them) are refused with an explanation.
 */
import { coll, rejection, startDbHarness, type DbHarness } from './fixtures/db-harness'

let s: DbHarness

beforeAll(async () => {
  s = await startDbHarness({ collections: [coll('orders')] }, { strict: true })
  await s.db.collection('orders').add({ data: [{ _id: 'x1', st: 'new' }, { _id: 'x2', st: 'new' }] })
})

afterAll(async () => {
  await s.emu.close()
})

test('query-level update/remove/count on a collection of the open transaction are refused, not run outside it', async () => {
  const t = await s.db.startTransaction()
  await t.collection('orders').doc('x1').update({ data: { st: 'paid' } })
  for (const p of [t.collection('orders').where({ st: 'new' }).update({ data: { st: 'gone' } }), t.collection('orders').where({ st: 'new' }).remove(), t.collection('orders').where({}).count()]) {
    const e = await rejection(p)
    expect(e.message).toContain('strict mode')
    expect(e.message).toContain('OUTSIDE the open transaction')
  }
  await t.commit()
  expect((await s.db.collection('orders').where({ st: 'new' }).count()).total).toBe(1)
  // With no transaction open the same query-level calls run normally.
  expect((await s.db.collection('orders').where({ st: 'new' }).update({ data: { st: 'old' } })).stats.updated).toBe(1)
})
