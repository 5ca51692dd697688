/**
 * Conformance tests for positional update paths through the REAL wx-server-sdk 4.0.2 (and @cloudbase/node-sdk
 * for updateAndReturn): `arr.$` names the element the query matched through, `arr.$[]` every element, with
 * the update commands, by doc(id), by condition, in transactions, and MongoDB's BadValue errors.
 */
import { coll, rejection, startDbHarness, type DbHarness } from './fixtures/db-harness'

// The machine running the suite is shared and often loaded: give the emulator start room.
jest.setTimeout(60_000)

let h: DbHarness
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let _: any

const NO_MATCH = 'The positional operator did not find the match needed from the query.'

beforeAll(async () => {
  h = await startDbHarness({ collections: [coll('pos')] })
  db = h.db
  _ = db.command
})

afterAll(async () => {
  await h.emu.close()
})

/** Each test writes its own documents, named by the test's `tag`, so tests do not see each other's. */
async function seed(tag: string, docs: Record<string, unknown>[]): Promise<void> {
  await db.collection('pos').add({ data: docs.map((d) => ({ tag, ...d })) })
}

async function stored(id: string): Promise<Record<string, unknown>> {
  const { data } = await db.collection('pos').doc(id).get()
  delete data.tag
  return data
}

/** @cloudbase/node-sdk (which wx-server-sdk wraps) on the same emulator: it exposes updateAndReturn. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function nodeDb(): any {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@cloudbase/node-sdk').init({ env: 'local-dev', serviceUrl: h.emu.adminUrl }).database()
}

describe('arr.$: the element the query matched', () => {
  test('where({ grades: 80 }) sets the first matching element only, in each matched document at its own position', async () => {
    await seed('g', [
      { _id: 'g1', grades: [85, 80, 80] },
      { _id: 'g2', grades: [80, 90] },
      { _id: 'g3', grades: [70, 90] },
    ])
    const r = await db.collection('pos').where({ tag: 'g', grades: 80 }).update({ data: { 'grades.$': 82 } })
    expect(r.stats.updated).toBe(2)
    expect(await stored('g1')).toEqual({ _id: 'g1', grades: [85, 82, 80] })
    expect(await stored('g2')).toEqual({ _id: 'g2', grades: [82, 90] })
    expect(await stored('g3')).toEqual({ _id: 'g3', grades: [70, 90] })
  })

  test("where({ 'items.id': 2 }) with _.inc on 'items.$.qty' changes that element's field only", async () => {
    await seed('i', [{ _id: 'i1', items: [{ id: 1, qty: 5 }, { id: 2, qty: 7 }, { id: 2, qty: 9 }] }])
    await db.collection('pos').where({ _id: 'i1', 'items.id': 2 }).update({ data: { 'items.$.qty': _.inc(1) } })
    expect(await stored('i1')).toEqual({ _id: 'i1', items: [{ id: 1, qty: 5 }, { id: 2, qty: 8 }, { id: 2, qty: 9 }] })
  })

  test('update commands through $: _.mul, _.set of a whole element, _.max, _.push into a nested array', async () => {
    await seed('c', [{ _id: 'c1', items: [{ id: 1, qty: 5, tags: [] }, { id: 2, qty: 7, tags: ['a'] }] }])
    const coll = db.collection('pos').where({ _id: 'c1', 'items.id': 2 })
    await coll.update({ data: { 'items.$.qty': _.mul(3) } })
    await coll.update({ data: { 'items.$.best': _.max(4) } })
    await coll.update({ data: { 'items.$.tags': _.push('b') } })
    expect(await stored('c1')).toEqual({ _id: 'c1', items: [{ id: 1, qty: 5, tags: [] }, { id: 2, qty: 21, tags: ['a', 'b'], best: 4 }] })
    await db.collection('pos').where({ _id: 'c1', 'items.qty': _.gt(20) }).update({ data: { 'items.$': _.set({ id: 9 }) } })
    expect(await stored('c1')).toEqual({ _id: 'c1', items: [{ id: 1, qty: 5, tags: [] }, { id: 9 }] })
  })

  test('_.remove() on a positional element leaves null in its place (MongoDB $unset on an array position)', async () => {
    await seed('r', [{ _id: 'r1', grades: [1, 2, 3] }])
    await db.collection('pos').where({ _id: 'r1', grades: 2 }).update({ data: { 'grades.$': _.remove() } })
    expect(await stored('r1')).toEqual({ _id: 'r1', grades: [1, null, 3] })
  })

  test('_.elemMatch names the element matching all its conditions; ranges and _.in name the first element that passes', async () => {
    await seed('e', [{ _id: 'e1', items: [{ id: 1, qty: 0 }, { id: 2, qty: 0 }, { id: 2, qty: 3 }], grades: [50, 95, 70] }])
    await db.collection('pos').where({ _id: 'e1', items: _.elemMatch({ id: 2, qty: _.gt(0) }) }).update({ data: { 'items.$.hit': true } })
    await db.collection('pos').where({ _id: 'e1', grades: _.gte(60) }).update({ data: { 'grades.$': 0 } })
    await db.collection('pos').where({ _id: 'e1', grades: _.in([70, 50]) }).update({ data: { 'grades.$': -1 } })
    expect(await stored('e1')).toEqual({ _id: 'e1', items: [{ id: 1, qty: 0 }, { id: 2, qty: 0 }, { id: 2, qty: 3, hit: true }], grades: [-1, 0, 70] })
  })

  test('a query that does not go through the array is refused with MongoDB\'s message, and nothing changes', async () => {
    await seed('n', [{ _id: 'n1', name: 'x', grades: [80, 90] }])
    const byField = await rejection(db.collection('pos').where({ _id: 'n1', name: 'x' }).update({ data: { 'grades.$': 1 } }))
    expect(byField.errCode).toBe(-502001)
    expect(byField.message).toContain(NO_MATCH)
    // A negation matches by absence, so it records no position either; nor do `$or` branches or a match of the whole array.
    const negated = await rejection(db.collection('pos').where({ _id: 'n1', grades: _.neq(70) }).update({ data: { 'grades.$': 1 } }))
    expect(negated.message).toContain(NO_MATCH)
    const either = await rejection(db.collection('pos').where(_.or([{ _id: 'n1', grades: 80 }, { _id: 'n1', name: 'y' }])).update({ data: { 'grades.$': 1 } }))
    expect(either.message).toContain(NO_MATCH)
    const whole = await rejection(db.collection('pos').where({ _id: 'n1', grades: [80, 90] }).update({ data: { 'grades.$': 1 } }))
    expect(whole.message).toContain(NO_MATCH)
    expect(await stored('n1')).toEqual({ _id: 'n1', name: 'x', grades: [80, 90] })
  })

  test('doc(id).update with $ is refused: its query is {_id}, which names no array', async () => {
    await seed('d', [{ _id: 'd1', grades: [80, 90] }])
    const e = await rejection(db.collection('pos').doc('d1').update({ data: { 'grades.$': _.inc(1) } }))
    expect(e.errCode).toBe(-502001)
    expect(e.message).toContain(NO_MATCH)
    expect(await stored('d1')).toEqual({ _id: 'd1', grades: [80, 90] })
  })

  test('path syntax errors: two $ in a path, $ first, an array filter identifier, $ in a rename', async () => {
    await seed('s', [{ _id: 's1', a: [{ b: [1] }] }])
    const where = db.collection('pos').where({ _id: 's1', 'a.b': 1 })
    expect((await rejection(where.update({ data: { 'a.$.b.$': 2 } }))).message).toContain("Too many positional (i.e. '$') elements found in path 'a.$.b.$'")
    // The SDK sends a key starting with `$` as an operator, so `$` first only arrives in a raw request.
    const raw = async () => h.emu.db.actions['database.modifyDocument']({ collectionName: 'pos', queryType: 'WHERE', query: '{"_id":"s1","a.b":1}', data: '{"$set":{"$.b":2}}', multi: true, merge: true }, { requestId: 'r', headers: {} })
    expect((await rejection(raw())).message).toContain("Cannot have positional (i.e. '$') element in the first position in path '$.b'")
    expect((await rejection(where.update({ data: { 'a.$[i].b': 2 } }))).message).toContain("No array filter found for identifier 'i' in path 'a.$[i].b'")
    expect((await rejection(where.update({ data: { 'a.$.b': _.rename('c') } }))).message).toContain('The source field for $rename may not be dynamic: a.$.b')
    expect(await stored('s1')).toEqual({ _id: 's1', a: [{ b: [1] }] })
  })
})

describe('arr.$[]: every element', () => {
  test("doc(id).update with 'grades.$[]' and _.inc changes every element (no query condition needed)", async () => {
    await seed('a', [{ _id: 'a1', grades: [1, 2, 3] }])
    const r = await db.collection('pos').doc('a1').update({ data: { 'grades.$[]': _.inc(10) } })
    expect(r.stats.updated).toBe(1)
    expect(await stored('a1')).toEqual({ _id: 'a1', grades: [11, 12, 13] })
  })

  test("nested 'items.$[].qty' and 'groups.$[].members.$[].score' reach every element's field, creating it where missing", async () => {
    await seed('t', [
      {
        _id: 't1',
        items: [{ qty: 1 }, { qty: 2 }, {}],
        groups: [{ members: [{ score: 1 }, { score: 2 }] }, { members: [{ score: 3 }] }],
      },
    ])
    await db.collection('pos').where({ tag: 't' }).update({ data: { 'items.$[].qty': _.inc(1), 'groups.$[].members.$[].score': _.mul(2) } })
    expect(await stored('t1')).toEqual({
      _id: 't1',
      items: [{ qty: 2 }, { qty: 3 }, { qty: 1 }],
      groups: [{ members: [{ score: 2 }, { score: 4 }] }, { members: [{ score: 6 }] }],
    })
  })

  test('_.remove() on every element nulls them all; an empty array changes nothing', async () => {
    await seed('u', [{ _id: 'u1', grades: [1, 2] }, { _id: 'u2', grades: [] }])
    await db.collection('pos').doc('u1').update({ data: { 'grades.$[]': _.remove() } })
    const empty = await db.collection('pos').doc('u2').update({ data: { 'grades.$[]': 5 } })
    expect(empty.stats.updated).toBe(0)
    expect(await stored('u1')).toEqual({ _id: 'u1', grades: [null, null] })
    expect(await stored('u2')).toEqual({ _id: 'u2', grades: [] })
  })

  test('a missing or non-array field is refused with MongoDB\'s messages, and nothing changes', async () => {
    await seed('m', [{ _id: 'm1', n: 5, o: { list: 'x' } }])
    const missing = await rejection(db.collection('pos').doc('m1').update({ data: { 'nope.$[]': 1 } }))
    expect(missing.errCode).toBe(-502001)
    expect(missing.message).toContain("The path 'nope' must exist in the document in order to apply array updates.")
    const scalar = await rejection(db.collection('pos').doc('m1').update({ data: { 'o.list.$[]': 1 } }))
    expect(scalar.message).toContain('Cannot apply array updates to non-array element list: "x"')
    expect(await stored('m1')).toEqual({ _id: 'm1', n: 5, o: { list: 'x' } })
  })
})

describe('updateAndReturn and transactions', () => {
  test('updateAndReturn resolves $ against its condition and returns the changed document', async () => {
    await seed('q', [{ _id: 'q1', items: [{ id: 1, qty: 1 }, { id: 2, qty: 1 }] }])
    const ndb = nodeDb()
    const r = await ndb.collection('pos').where({ _id: 'q1', 'items.id': 2 }).updateAndReturn({ 'items.$.qty': ndb.command.inc(5) })
    expect(r.updated).toBe(1)
    expect(r.doc).toEqual({ _id: 'q1', tag: 'q', items: [{ id: 1, qty: 1 }, { id: 2, qty: 6 }] })
    expect(await stored('q1')).toEqual({ _id: 'q1', items: [{ id: 1, qty: 1 }, { id: 2, qty: 6 }] })
  })

  test('inside a transaction: doc(id) $[] is written at commit, doc(id) $ is refused, and a condition updateAndReturn resolves $', async () => {
    await seed('x', [{ _id: 'x1', grades: [1, 2], items: [{ id: 1, qty: 0 }, { id: 2, qty: 0 }] }])
    await db.runTransaction(async (tx: { collection(n: string): any }) => {
      await tx.collection('pos').doc('x1').update({ data: { 'grades.$[]': _.inc(1) } })
    })
    expect(await stored('x1')).toMatchObject({ grades: [2, 3] })

    const t = await db.startTransaction()
    const refused = await rejection(t.collection('pos').doc('x1').update({ data: { 'grades.$': 0 } }))
    expect(refused.message).toContain(NO_MATCH)
    await t.rollback()

    const ndb = nodeDb()
    const tn = await ndb.startTransaction()
    const r = await tn.collection('pos').where({ _id: 'x1', 'items.id': 2 }).updateAndReturn({ 'items.$.qty': ndb.command.inc(1) })
    expect(r.doc.items).toEqual([{ id: 1, qty: 0 }, { id: 2, qty: 1 }])
    expect(await stored('x1')).toMatchObject({ items: [{ id: 1, qty: 0 }, { id: 2, qty: 0 }] })
    await tn.commit()
    expect(await stored('x1')).toEqual({ _id: 'x1', grades: [2, 3], items: [{ id: 1, qty: 0 }, { id: 2, qty: 1 }] })
  })
})
