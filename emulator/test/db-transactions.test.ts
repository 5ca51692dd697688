/**
 * Transactions through the REAL wx-server-sdk (and @cloudbase/node-sdk where wx-server-sdk hides a call):
 * runTransaction and startTransaction, read-your-own-writes, snapshot reads, conflicts refused at the write,
 * runTransaction's retry, condition queries inside a transaction, rollback, and the strict-mode refusal of
 * query-level operations the SDK would run outside the transaction. Expiry is
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

/** @cloudbase/node-sdk (the package wx-server-sdk wraps) on the same emulator, for calls wx-server-sdk hides. */
function nodeDb(): any {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@cloudbase/node-sdk').init({ env: 'local-dev', serviceUrl: h.emu.adminUrl }).database()
}

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

test('a write to a document committed by someone else after the snapshot is refused at the write, and the transaction is aborted', async () => {
  const t = await db.startTransaction()
  const before = (await t.collection('accounts').doc('alice').get()).data.balance
  await db.collection('accounts').doc('alice').update({ data: { balance: db.command.inc(1000) } })
  // wx-server-sdk rewraps a document call's error: errCode −501001 and the server's message, no string code.
  const e = await rejection(t.collection('accounts').doc('alice').update({ data: { balance: before + 1 } }))
  expect(e.errCode).toBe(-501001)
  expect(e.message).toMatch(/WriteConflict error.*write conflict: accounts\/alice was changed by another writer/)
  const after = await rejection(t.commit())
  expect(after.message).toBe(TRANSACTION_NOT_EXIST)
  expect(await balance('alice')).toBe(before + 1000)

  // @cloudbase/node-sdk throws the platform's answer with its string code (what runTransaction retries on).
  const ndb = nodeDb()
  const tn = await ndb.startTransaction()
  await db.collection('accounts').doc('alice').update({ data: { balance: db.command.inc(-1000) } })
  const r = await rejection(tn.collection('accounts').doc('alice').update({ balance: 1 }))
  expect(r.code).toBe('DATABASE_TRANSACTION_CONFLICT')
  expect(await balance('alice')).toBe(before)
})

test('two open transactions writing one document: the second write is refused at once; the first commits', async () => {
  const t1 = await db.startTransaction()
  const t2 = await db.startTransaction()
  await t1.collection('accounts').doc('bob').update({ data: { balance: 1 } })
  const e = await rejection(t2.collection('accounts').doc('bob').update({ data: { balance: 2 } }))
  expect(e.message).toContain('write conflict: another open transaction has an uncommitted write to accounts/bob')
  await t1.commit()
  expect(await balance('bob')).toBe(1)

  // First committer wins: a transaction whose snapshot predates another's commit cannot write that document.
  const t3 = await db.startTransaction()
  const t4 = await db.startTransaction()
  await t4.collection('accounts').doc('bob').update({ data: { balance: 4 } })
  await t4.commit()
  const e3 = await rejection(t3.collection('accounts').doc('bob').update({ data: { balance: 3 } }))
  expect(e3.message).toContain('was changed by another writer after this transaction\'s snapshot')
  expect(await balance('bob')).toBe(4)

  // Reads take no part in conflicts (snapshot isolation allows write skew, as MongoDB does).
  const t5 = await db.startTransaction()
  await t5.collection('accounts').doc('bob').get()
  await t5.collection('accounts').doc('ledger-free').set({ data: { balance: 5 } })
  await db.collection('accounts').doc('bob').update({ data: { balance: 99 } })
  await t5.commit()
  expect(await balance('ledger-free')).toBe(5)
  expect(await balance('bob')).toBe(99)
  await db.collection('accounts').doc('ledger-free').remove()
})

test('runTransaction retries a conflicting commit, then succeeds (wx-server-sdk)', async () => {
  const start = await balance('alice')
  let attempts = 0
  const out = await db.runTransaction(async (tx: any) => {
    attempts++
    const a = (await tx.collection('accounts').doc('alice').get()).data
    await tx.collection('accounts').doc('alice').update({ data: { balance: a.balance + 1 } })
    // An outside write after this transaction wrote the document: not blocked, so the commit is refused.
    if (attempts === 1) await db.collection('accounts').doc('alice').update({ data: { balance: db.command.inc(1000) } })
    return a.balance
  }, 3)
  expect(attempts).toBe(2)
  expect(out).toBe(start + 1000)
  expect(await balance('alice')).toBe(start + 1001) // the outside increment is not lost
})

test('runTransaction retries a write refused at the write, then succeeds (@cloudbase/node-sdk)', async () => {
  const ndb = nodeDb()
  const start = await balance('alice')
  let attempts = 0
  const out = await ndb.runTransaction(async (tx: any) => {
    attempts++
    const a = (await tx.collection('accounts').doc('alice').get()).data
    if (attempts === 1) await db.collection('accounts').doc('alice').update({ data: { balance: db.command.inc(1000) } })
    await tx.collection('accounts').doc('alice').update({ balance: a.balance + 1 })
    return a.balance
  }, 3)
  expect(attempts).toBe(2)
  expect(out).toBe(start + 1000)
  expect(await balance('alice')).toBe(start + 1001)
})

test('wx-server-sdk\'s runTransaction does not retry a write refused at the write (its error has no string code): the caller sees "write conflict"', async () => {
  const start = await balance('alice')
  let attempts = 0
  const e = await rejection(
    db.runTransaction(async (tx: any) => {
      attempts++
      await tx.collection('accounts').doc('alice').get()
      await db.collection('accounts').doc('alice').update({ data: { balance: db.command.inc(1) } })
      await tx.collection('accounts').doc('alice').update({ data: { balance: 0 } })
    }, 3),
  )
  expect(attempts).toBe(1)
  expect(e.message).toContain('write conflict')
  expect(await balance('alice')).toBe(start + 1)
})

test('where() inside a transaction: get sees own writes over the snapshot; updateAndReturn and the raw WHERE commands write in the transaction', async () => {
  await db.collection('ledger').add({ data: [{ _id: 'w1', k: 'w', n: 1 }, { _id: 'w2', k: 'w', n: 2 }, { _id: 'w3', k: 'w', n: 3 }] })
  const t = await db.startTransaction()
  await t.collection('ledger').doc('w1').update({ data: { n: 10 } })
  await t.collection('ledger').add({ data: { _id: 'w4', k: 'w', n: 4 } })
  // Outside commits after the snapshot are not seen by the transaction's condition queries.
  await db.collection('ledger').add({ data: { _id: 'w5', k: 'w', n: 5 } })
  await db.collection('ledger').doc('w3').remove()
  await db.collection('ledger').doc('w2').update({ data: { n: 20 } })
  const inside = await t.collection('ledger').where({ k: 'w' }).orderBy('n', 'desc').get()
  expect(inside.data.map((d: { _id: string; n: number }) => [d._id, d.n])).toEqual([['w1', 10], ['w4', 4], ['w3', 3], ['w2', 2]])
  const big = await t.collection('ledger').where({ k: 'w', n: db.command.gte(4) }).limit(1).orderBy('n', 'asc').get()
  expect(big.data.map((d: { _id: string }) => d._id)).toEqual(['w4'])
  const outside = await db.collection('ledger').where({ k: 'w' }).orderBy('n', 'asc').get()
  expect(outside.data.map((d: { _id: string }) => d._id)).toEqual(['w1', 'w5', 'w2'])
  await t.rollback()

  // updateAndReturn (node-sdk; wx-server-sdk does not expose it) matches by condition inside the transaction.
  const ndb = nodeDb()
  const tn = await ndb.startTransaction()
  const ur = await tn.collection('ledger').where({ k: 'w', n: 5 }).updateAndReturn({ n: ndb.command.inc(100) })
  expect(ur.updated).toBe(1)
  expect(ur.doc).toMatchObject({ _id: 'w5', n: 105 })
  expect((await db.collection('ledger').doc('w5').get()).data.n).toBe(5)
  // The raw command form: condition update and remove carrying the transactionId.
  const raw = (action: string, body: Record<string, unknown>) => h.emu.db.actions[action]({ collectionName: 'ledger', queryType: 'WHERE', transactionId: tn.getTransactionId(), ...body }, { requestId: 'r', headers: {} })
  expect(await raw('database.modifyDocument', { query: '{"k":"w"}', data: '{"$set":{"tag":"x"}}', multi: true, merge: true, upsert: false })).toEqual({ data: { updated: 3 } })
  expect(await raw('database.removeDocument', { query: '{"_id":"w2"}', multi: true })).toEqual({ data: { deleted: 1 } })
  expect(((await db.collection('ledger').doc('w1').get()).data as { tag?: string }).tag).toBeUndefined()
  await tn.commit()
  const after = await db.collection('ledger').where({ k: 'w' }).orderBy('n', 'asc').get()
  expect(after.data.map((d: { _id: string; n: number; tag?: string }) => [d._id, d.n, d.tag])).toEqual([['w1', 1, 'x'], ['w5', 105, 'x']])
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
