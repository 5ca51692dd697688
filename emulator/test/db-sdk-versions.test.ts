/**
 * One smoke run of common database calls with wx-server-sdk 2.6.x and 3.0.x (installed side by side as
 * aliases): the wire protocol is the same, so the same emulator serves them unchanged.
 */
import { coll, rejection, startDbHarness, type DbHarness } from './fixtures/db-harness'

describe.each(['wx-server-sdk-v2', 'wx-server-sdk-v3'] as const)('%s', (sdk) => {
  let h: DbHarness
  beforeAll(async () => {
    jest.resetModules()
    h = await startDbHarness({ collections: [coll('todos')] }, { sdk })
  })
  afterAll(async () => {
    await h.emu.close()
  })

  test('add, where/orderBy/get, doc update, count, aggregate, transaction, remove, missing collection', async () => {
    const { db } = h
    const _ = db.command
    const added = await db.collection('todos').add({ data: { title: 'a', n: 1, at: new Date(5) } })
    expect(added._id).toMatch(/^[0-9a-f]{32}$/)
    await db.collection('todos').add({ data: [{ _id: 't2', title: 'b', n: 2 }] })
    const got = await db.collection('todos').where({ n: _.gte(1) }).orderBy('n', 'desc').get()
    expect(got.data.map((d: { title: string }) => d.title)).toEqual(['b', 'a'])
    expect((await db.collection('todos').doc(added._id).get()).data.at).toEqual(new Date(5))
    expect((await db.collection('todos').doc('t2').update({ data: { n: _.inc(3) } })).stats.updated).toBe(1)
    expect((await db.collection('todos').where({ n: 5 }).count()).total).toBe(1)
    const agg = await db.collection('todos').aggregate().group({ _id: null, s: _.aggregate.sum('$n') }).end()
    expect(agg.list).toEqual([{ _id: null, s: 6 }])
    await db.runTransaction(async (tx: any) => {
      const d = (await tx.collection('todos').doc('t2').get()).data
      await tx.collection('todos').doc('t2').update({ data: { n: d.n * 2 } })
    })
    expect((await db.collection('todos').doc('t2').get()).data.n).toBe(10)
    expect((await db.collection('todos').where({ title: 'a' }).remove()).stats.removed).toBe(1)
    expect((await rejection(db.collection('missing').get())).errCode).toBe(-502005)
  })
})
