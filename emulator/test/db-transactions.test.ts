/**
 * Transactions through the REAL wx-server-sdk: runTransaction and startTransaction, read-your-own-writes,
 * isolation from other readers, rollback, a write conflict that the SDK retries until it succeeds, and the
 * strict-mode refusal of query-level operations the SDK would run outside the transaction. Expiry is
 * checked on the engine directly (the HTTP server does not expose the timeout).
 */
import { DatabaseService } from '../src/db'
import { TRANSACTION_NOT_EXIST } from '../src/db/transactions'
import { coll, rejection, startDbHarness, type DbHarness } from './fixtures/db-harness'

let h: DbHarness
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

beforeAll(async () => {
  h = await startDbHarness({ collections: [coll('accounts'), coll('ledger'), coll('skus', [{ name: 'code', keys: [{ field: 'code', direction: 1 }], unique: true }])] })
  db = h.db
  await db.collection('accounts').add({ data: [{ _id: 'alice', balance: 100 }, { _id: 'bob', balance: 0 }] })
})

afterAll(async () => {
  await h.emu.close()
})

const balance = async (id: string) => (await db.collection('accounts').doc(id).get()).data.balance

test('runTransaction commits all writes; reads inside see own writes; outside readers do not see them before commit', async () => {
  let seenOutside: number | undefined
  const result = await db.runTransaction(async (tx: { collection(n: string): any }) => {
    const a = (await tx.collection('accounts').doc('alice').get()).data
    await tx.collection('accounts').doc('alice').update({ data: { balance: a.balance - 30 } })
    await tx.collection('accounts').doc('bob').update({ data: { balance: db.command.inc(30) } })
    await tx.collection('ledger').add({ data: { _id: 'e1', from: 'alice', to: 'bob', amount: 30 } })
    const own = (await tx.collection('accounts').doc('alice').get()).data
    seenOutside = await balance('alice')
    const ledgerOutside = await db.collection('ledger').where({ _id: 'e1' }).count()
    expect(ledgerOutside.total).toBe(0)
    return own.balance
  })
  expect(result).toBe(70)
  expect(seenOutside).toBe(100)
  expect(await balance('alice')).toBe(70)
  expect(await balance('bob')).toBe(30)
  expect((await db.collection('ledger').doc('e1').get()).data.amount).toBe(30)
})

test('tx.rollback() and a thrown error discard every write', async () => {
  const reason = await rejection(
    db.runTransaction(async (tx: any) => {
      await tx.collection('accounts').doc('alice').update({ data: { balance: 0 } })
      await tx.collection('ledger').add({ data: { _id: 'e-rolled' } })
      await tx.rollback('insufficient')
    }),
  )
  expect(reason).toBe('insufficient')
  await rejection(
    db.runTransaction(async (tx: any) => {
      await tx.collection('accounts').doc('alice').update({ data: { balance: 1 } })
      throw new Error('boom')
    }),
  )
  expect(await balance('alice')).toBe(70)
  expect((await db.collection('ledger').where({ _id: 'e-rolled' }).count()).total).toBe(0)
})

test('a write conflict answers DATABASE_TRANSACTION_CONFLICT and runTransaction retries until it succeeds', async () => {
  let attempts = 0
  const out = await db.runTransaction(async (tx: any) => {
    attempts++
    const a = (await tx.collection('accounts').doc('alice').get()).data
    if (attempts === 1) {
      // Another writer commits to the same document after this transaction read it.
      await db.collection('accounts').doc('alice').update({ data: { balance: db.command.inc(1000) } })
    }
    await tx.collection('accounts').doc('alice').update({ data: { balance: a.balance + 1 } })
    return a.balance
  }, 3)
  expect(attempts).toBe(2)
  expect(out).toBe(1070)
  expect(await balance('alice')).toBe(1071) // the concurrent increment is not lost
})

test('two open transactions writing one document: the second writer cannot commit; the conflict surfaces raw at commit', async () => {
  const t1 = await db.startTransaction()
  const t2 = await db.startTransaction()
  await t1.collection('accounts').doc('bob').update({ data: { balance: 1 } })
  // Reported at commit: wx-server-sdk drops the string code from document-call errors (see transactions.ts).
  await t2.collection('accounts').doc('bob').update({ data: { balance: 2 } })
  await t1.commit()
  const e = await rejection(t2.commit())
  expect(e.code).toBe('DATABASE_TRANSACTION_CONFLICT')
  expect(await balance('bob')).toBe(1)

  const t3 = await db.startTransaction()
  await t3.collection('accounts').doc('bob').get()
  await t3.collection('accounts').doc('alice').update({ data: { balance: 5 } })
  await db.collection('accounts').doc('bob').update({ data: { balance: 99 } })
  const ec = await rejection(t3.commit())
  expect(ec.code).toBe('DATABASE_TRANSACTION_CONFLICT')
  expect(await balance('alice')).toBe(1071)
  expect(await balance('bob')).toBe(99)
})

test('startTransaction: insert, set (upsert), remove, then commit; duplicate _id inside a transaction is refused', async () => {
  const t = await db.startTransaction()
  await t.collection('ledger').add({ data: { _id: 'tx-ins', v: 1 } })
  await t.collection('ledger').doc('tx-set').set({ data: { v: 2 } })
  await t.collection('ledger').doc('e1').remove()
  expect((await t.collection('ledger').doc('tx-ins').get()).data).toEqual({ _id: 'tx-ins', v: 1 })
  // The removed document is gone for the transaction itself (wx-server-sdk throws on a missing doc).
  expect((await rejection(t.collection('ledger').doc('e1').get())).message).toContain('does not exist')
  const dupe = await rejection(t.collection('ledger').add({ data: { _id: 'tx-ins' } }))
  expect(dupe.message).toContain('E11000')
  await t.commit()
  expect((await db.collection('ledger').doc('tx-set').get()).data.v).toBe(2)
  expect((await db.collection('ledger').where({ _id: 'e1' }).count()).total).toBe(0)
})

test('reads inside a transaction come from its snapshot: an outside commit after it started is not seen (no read skew)', async () => {
  await db.collection('ledger').add({ data: [{ _id: 'snap-a', v: 1 }, { _id: 'snap-b', v: 1 }] })
  const t = await db.startTransaction()
  expect((await t.collection('ledger').doc('snap-a').get()).data.v).toBe(1)
  await db.collection('ledger').doc('snap-a').update({ data: { v: 2 } })
  await db.collection('ledger').doc('snap-b').update({ data: { v: 2 } })
  await db.collection('ledger').doc('snap-a').update({ data: { v: 3 } })
  await db.collection('ledger').doc('snap-b').remove()
  expect((await t.collection('ledger').doc('snap-a').get()).data.v).toBe(1)
  // First read of snap-b after the outside writes: still the snapshot's version, even though it is now deleted.
  expect((await t.collection('ledger').doc('snap-b').get()).data.v).toBe(1)
  // A second transaction started after those commits sees them.
  const t2 = await db.startTransaction()
  expect((await t2.collection('ledger').doc('snap-a').get()).data.v).toBe(3)
  await t2.rollback()
  // Its own write is read back over the snapshot.
  await t.collection('ledger').doc('snap-new').set({ data: { v: 7 } })
  expect((await t.collection('ledger').doc('snap-new').get()).data.v).toBe(7)
  await t.rollback()
  expect((await db.collection('ledger').doc('snap-a').get()).data.v).toBe(3)
})

test('a finished transaction used again answers the platform\'s TransactionNotExist message', async () => {
  const t = await db.startTransaction()
  await t.collection('ledger').doc('tx-ins').get()
  await t.commit()
  // Document calls come back rewrapped by wx-server-sdk (errCode + message); commit() rejects raw.
  const read = await rejection(t.collection('ledger').doc('tx-ins').get())
  expect(read.message).toContain(TRANSACTION_NOT_EXIST)
  const again = await rejection(t.commit())
  expect(again.code).toBe('DATABASE_TRANSACTION_FAIL')
  expect(again.message).toBe(TRANSACTION_NOT_EXIST)
  const aborted = await db.startTransaction()
  await aborted.rollback()
  const write = await rejection(aborted.collection('ledger').doc('tx-ins').set({ data: { v: 3 } }))
  expect(write.message).toContain(TRANSACTION_NOT_EXIST)
})

test('a unique-index violation at commit aborts the whole transaction', async () => {
  await db.collection('skus').add({ data: { _id: 's1', code: 'A' } })
  const t = await db.startTransaction()
  await t.collection('skus').add({ data: { _id: 's2', code: 'B' } })
  await t.collection('skus').add({ data: { _id: 's3', code: 'A' } })
  const e = await rejection(t.commit())
  expect(e.code).toBe('DATABASE_DUPLICATE_WRITE')
  expect((await db.collection('skus').count()).total).toBe(1)
})

test('without strict mode the SDK silently runs where().update() outside the transaction (the behaviour strict mode exposes)', async () => {
  const t = await db.startTransaction()
  await t.collection('ledger').doc('tx-ins').update({ data: { v: 10 } })
  const r = await t.collection('ledger').where({ _id: 'tx-set' }).update({ data: { v: 20 } })
  await t.rollback()
  expect(r.stats.updated).toBe(1)
  expect((await db.collection('ledger').doc('tx-set').get()).data.v).toBe(20) // survived the rollback
  expect((await db.collection('ledger').doc('tx-ins').get()).data.v).toBe(1)
})

describe('engine: timeout and invocation scoping', () => {
  const ctx = (invocationId?: string) => ({ requestId: 'r', headers: {}, caller: invocationId ? { openid: 'o', appid: 'a', source: 'wx_client', invocationId } : undefined })

  test('an open transaction is aborted after its timeout; later use answers an error', async () => {
    const svc = new DatabaseService({ transactionTimeoutMs: 50 })
    try {
      svc.applySchema({ collections: [coll('t')] })
      const { transactionId } = (await svc.actions['database.startTransaction']({}, ctx())) as { transactionId: string }
      await svc.actions['database.insertDocument']({ collectionName: 't', data: ['{"_id":"a"}'], transactionId }, ctx())
      await new Promise((r) => setTimeout(r, 120))
      expect(svc.transactions.openCount()).toBe(0)
      expect(() => svc.actions['database.commitTransaction']({ transactionId }, ctx())).toThrow(TRANSACTION_NOT_EXIST)
      expect(svc.listCollections()).toEqual([{ name: 't', count: 0 }])
    } finally {
      svc.close()
    }
  })

  test('strict mode scopes refusals to the invocation that opened the transaction', async () => {
    const svc = new DatabaseService({ strict: true })
    try {
      svc.applySchema({ collections: [coll('t')] })
      const { transactionId } = (await svc.actions['database.startTransaction']({}, ctx('inv-1'))) as { transactionId: string }
      await svc.actions['database.insertDocument']({ collectionName: 't', data: ['{"_id":"a"}'], transactionId }, ctx('inv-1'))
      const count = { collectionName: 't', queryType: 'WHERE', query: '{}' }
      expect(() => svc.actions['database.calculateDocument'](count, ctx('inv-1'))).toThrow(/strict mode/)
      expect(svc.actions['database.calculateDocument'](count, ctx('inv-2'))).toEqual({ data: { total: 0 } })
    } finally {
      svc.close()
    }
  })
})
