/**
 * Database conformance through the REAL wx-server-sdk 4.0.x against the emulator: CRUD, errors with the
 * platform's codes, query and update operators, projection and ordering, indexes. Expected values follow
 * CloudBase's documented behaviour (MongoDB semantics); comments mark where the platform is silent.
 */
import { coll, rejection, startDbHarness, type DbHarness } from './fixtures/db-harness'

let h: DbHarness
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let _: any

beforeAll(async () => {
  h = await startDbHarness({
    collections: [
      coll('todos'),
      coll('items'),
      coll('mixed'),
      coll('users', [
        { name: 'openid_unique', keys: [{ field: 'openid', direction: 1 }], unique: true },
        { name: 'age', keys: [{ field: 'age', direction: -1 }] },
      ]),
      coll('ops'),
    ],
  })
  db = h.db
  _ = db.command
})

afterAll(async () => {
  await h.emu.close()
})

describe('insert and read', () => {
  test('add returns a 32-hex _id; array add returns _ids; documents round-trip with types', async () => {
    const when = new Date('2025-03-01T08:00:00.000Z')
    const one = await db.collection('todos').add({ data: { title: 'a', n: 1, done: false, tags: ['x', 'y'], when, price: 9.5, big: 2 ** 40, nil: null } })
    expect(one._id).toMatch(/^[0-9a-f]{32}$/)
    const many = await db.collection('todos').add({ data: [{ title: 'b', n: 2, done: true }, { _id: 'my-id-3', title: 'c', n: 3, done: false }] })
    expect(many._ids).toHaveLength(2)
    expect(many._ids[1]).toBe('my-id-3')
    const { data } = await db.collection('todos').doc(one._id).get()
    expect(data).toEqual({ _id: one._id, title: 'a', n: 1, done: false, tags: ['x', 'y'], when, price: 9.5, big: 2 ** 40, nil: null })
    expect(data.when).toBeInstanceOf(Date)
  })

  test('where/get, count, orderBy multi-key, skip, limit', async () => {
    const all = await db.collection('todos').orderBy('n', 'asc').get()
    expect(all.data.map((d: { n: number }) => d.n)).toEqual([1, 2, 3])
    const open = await db.collection('todos').where({ done: false }).orderBy('n', 'desc').get()
    expect(open.data.map((d: { title: string }) => d.title)).toEqual(['c', 'a'])
    const paged = await db.collection('todos').orderBy('done', 'asc').orderBy('n', 'desc').skip(1).limit(1).get()
    expect(paged.data.map((d: { title: string }) => d.title)).toEqual(['a'])
    expect((await db.collection('todos').where({ done: false }).count()).total).toBe(2)
    expect((await db.collection('todos').count()).total).toBe(3)
  })

  test('field() projection keeps _id; $slice and the elemMatch command quirk', async () => {
    await db.collection('items').add({ data: { _id: 'p1', name: 'n', secret: 's', list: [1, 5, 9, 12], objs: [{ q: 1 }, { q: 3 }, { q: 7 }], meta: { a: 1, b: 2 } } })
    const inc = await db.collection('items').doc('p1').field({ name: true, 'meta.a': true }).get()
    expect(inc.data).toEqual({ _id: 'p1', name: 'n', meta: { a: 1 } })
    const exc = await db.collection('items').doc('p1').field({ secret: false, list: false, objs: false }).get()
    expect(exc.data).toEqual({ _id: 'p1', name: 'n', meta: { a: 1, b: 2 } })
    const sliced = await db.collection('items').doc('p1').field({ list: _.project.slice([1, 2]) }).get()
    expect(sliced.data.list).toEqual([5, 9])
    expect(sliced.data.name).toBe('n') // $slice alone does not switch to inclusion (MongoDB)
    const em = await db.collection('items').doc('p1').field({ objs: _.project.elemMatch({ q: _.gt(2) }) }).get()
    expect(em.data).toEqual({ _id: 'p1', objs: [{ q: 3 }] })
  })

  test('nested where objects are field paths; dotted keys and array positions', async () => {
    await db.collection('items').add({ data: [{ _id: 'd1', meta: { tag: 'x', level: 2 }, arr: [10, 20], list: [{ name: 'a' }, { name: 'b' }] }, { _id: 'd2', meta: { tag: 'x', level: 5, other: true } }] })
    const byNested = await db.collection('items').where({ meta: { tag: 'x' } }).orderBy('_id', 'asc').get()
    expect(byNested.data.map((d: { _id: string }) => d._id)).toEqual(['d1', 'd2'])
    expect((await db.collection('items').where({ 'meta.level': _.gt(3) }).get()).data.map((d: { _id: string }) => d._id)).toEqual(['d2'])
    expect((await db.collection('items').where({ 'arr.1': 20 }).get()).data.map((d: { _id: string }) => d._id)).toEqual(['d1'])
    expect((await db.collection('items').where({ 'list.name': 'b' }).get()).data.map((d: { _id: string }) => d._id)).toEqual(['d1'])
    expect((await db.collection('items').where({ arr: 20 }).get()).data.map((d: { _id: string }) => d._id)).toEqual(['d1'])
    expect((await db.collection('items').where({ arr: [10, 20] }).get()).data).toHaveLength(1)
    expect((await db.collection('items').where({ arr: [20, 10] }).get()).data).toHaveLength(0)
  })
})

describe('errors with platform codes', () => {
  test('missing collection → -502005 DATABASE_COLLECTION_NOT_EXIST on every call kind', async () => {
    for (const p of [
      db.collection('nope').get(),
      db.collection('nope').add({ data: { a: 1 } }),
      db.collection('nope').count(),
      db.collection('nope').doc('x').update({ data: { a: 1 } }),
      db.collection('nope').where({ a: 1 }).remove(),
    ]) {
      const e = await rejection(p)
      expect(e.errCode).toBe(-502005)
      expect(e.message).toContain('Db or Table not exist')
    }
  })

  test('duplicate _id is refused (DATABASE_DUPLICATE_WRITE, E11000) and nothing of the batch is written', async () => {
    const e = await rejection(db.collection('todos').add({ data: { _id: 'my-id-3', title: 'dup' } }))
    // The SDK has no errCode for DATABASE_DUPLICATE_WRITE, so it surfaces as -501001 with our message.
    expect(e.errCode).toBe(-501001)
    expect(e.message).toContain('E11000 duplicate key')
    await rejection(db.collection('todos').add({ data: [{ _id: 'fresh-1' }, { _id: 'my-id-3' }] }))
    expect((await db.collection('todos').where({ _id: 'fresh-1' }).count()).total).toBe(0)
  })

  test('unknown query operator → -502002 DATABASE_INVALID_OPERRATOR', async () => {
    const e = await rejection(db.collection('todos').where({ n: { $foo: 1 } }).get())
    expect(e.errCode).toBe(-502002)
    expect(e.message).toContain('$foo')
  })

  test('doc().get() of a missing document rejects with "does not exist"', async () => {
    const e = await rejection(db.collection('todos').doc('no-such-id').get())
    expect(e.message).toContain('document with _id no-such-id does not exist')
  })

  test('createCollection creates once, then refuses an existing name', async () => {
    await db.createCollection('made_at_runtime')
    const r = await db.collection('made_at_runtime').add({ data: { ok: true } })
    expect(r._id).toMatch(/^[0-9a-f]{32}$/)
    const e = await rejection(db.createCollection('made_at_runtime'))
    expect(e.message).toContain('already exists')
  })

  test('unique index enforced on insert and on update; non-unique index allows duplicates', async () => {
    await db.collection('users').add({ data: [{ _id: 'u1', openid: 'o1', age: 30 }, { _id: 'u2', openid: 'o2', age: 30 }] })
    const e1 = await rejection(db.collection('users').add({ data: { openid: 'o1', age: 1 } }))
    expect(e1.message).toContain('openid_unique')
    const e2 = await rejection(db.collection('users').doc('u2').update({ data: { openid: 'o1' } }))
    expect(e2.message).toContain('E11000')
    expect((await db.collection('users').doc('u2').get()).data.openid).toBe('o2')
    expect((await db.collection('users').where({ age: 30 }).count()).total).toBe(2)
    // After the owner changes its key, the old key is free again.
    await db.collection('users').doc('u1').update({ data: { openid: 'o9' } })
    await db.collection('users').add({ data: { _id: 'u3', openid: 'o1', age: 5 } })
    expect((await db.collection('users').where({ openid: 'o1' }).get()).data.map((d: { _id: string }) => d._id)).toEqual(['u3'])
  })
})

describe('query operators', () => {
  beforeAll(async () => {
    await db.collection('ops').add({
      data: [
        { _id: 'o1', n: 1, s: 'apple', tags: ['a', 'b'], nums: [1, 5], at: new Date('2025-01-01'), sub: [{ k: 1, v: 'x' }, { k: 2, v: 'y' }], flag: true },
        { _id: 'o2', n: 5, s: 'Banana', tags: ['b', 'c', 'd'], nums: [7], at: new Date('2025-06-01'), sub: [{ k: 3, v: 'x' }], flag: false },
        { _id: 'o3', n: 10, s: 'cherry', tags: [], nums: [], at: new Date('2026-01-01'), nil: null },
        { _id: 'o4', s: 'date', a: 3, b: 2 },
      ],
    })
  })
  const ids = async (q: unknown) => (await db.collection('ops').where(q).orderBy('_id', 'asc').get()).data.map((d: { _id: string }) => d._id)

  test('comparison operators are type-bracketed; missing fields behave as null', async () => {
    expect(await ids({ n: _.eq(5) })).toEqual(['o2'])
    expect(await ids({ n: _.neq(5) })).toEqual(['o1', 'o3', 'o4'])
    expect(await ids({ n: _.gt(1) })).toEqual(['o2', 'o3'])
    expect(await ids({ n: _.gte(1).and(_.lt(10)) })).toEqual(['o1', 'o2'])
    expect(await ids({ n: _.lte(5) })).toEqual(['o1', 'o2'])
    expect(await ids({ s: _.gt(5) })).toEqual([]) // strings are never compared with numbers
    expect(await ids({ n: null })).toEqual(['o4'])
    expect(await ids({ nil: _.eq(null) })).toEqual(['o1', 'o2', 'o3', 'o4'])
    expect(await ids({ at: _.gte(new Date('2025-06-01')) })).toEqual(['o2', 'o3'])
  })

  test('$in $nin $all $exists $size $mod $elemMatch', async () => {
    expect(await ids({ n: _.in([1, 10]) })).toEqual(['o1', 'o3'])
    expect(await ids({ n: _.nin([1, 10]) })).toEqual(['o2', 'o4'])
    expect(await ids({ tags: _.in(['c']) })).toEqual(['o2'])
    expect(await ids({ tags: _.all(['b', 'c']) })).toEqual(['o2'])
    expect(await ids({ nil: _.exists(true) })).toEqual(['o3'])
    expect(await ids({ n: _.exists(false) })).toEqual(['o4'])
    expect(await ids({ tags: _.size(0) })).toEqual(['o3'])
    expect(await ids({ n: _.mod(5, 0) })).toEqual(['o2', 'o3'])
    expect(await ids({ sub: _.elemMatch({ k: _.gte(2), v: 'x' }) })).toEqual(['o2'])
    expect(await ids({ nums: _.elemMatch(_.gt(4).and(_.lt(6))) })).toEqual(['o1'])
  })

  test('db.RegExp and JS RegExp literals (with a g flag) match strings', async () => {
    expect(await ids({ s: db.RegExp({ regexp: '^b', options: 'i' }) })).toEqual(['o2'])
    expect(await ids({ s: /an/g })).toEqual(['o2'])
  })

  test('logical: and / or / nor / not / expr', async () => {
    expect(await ids(_.or([{ n: 1 }, { s: 'date' }]))).toEqual(['o1', 'o4'])
    expect(await ids(_.and([{ n: _.gt(0) }, { flag: true }]))).toEqual(['o1'])
    expect(await ids(_.nor([{ n: 1 }, { n: 5 }]))).toEqual(['o3', 'o4'])
    expect(await ids({ n: _.not(_.eq(5)) })).toEqual(['o1', 'o3', 'o4'])
    expect(await ids({ n: _.lt(2).or(_.gt(8)) })).toEqual(['o1', 'o3'])
    expect(await ids(_.expr(_.aggregate.gt(['$a', '$b'])))).toEqual(['o4'])
  })

  test('BSON type order when sorting mixed types: null < numbers < strings < objects < arrays < booleans < dates', async () => {
    const values = [true, 'str', 3, null, new Date(0), { o: 1 }, [1, 2], -1.5]
    await db.collection('mixed').add({ data: values.map((v, i) => ({ _id: `m${i}`, v })) })
    const asc = (await db.collection('mixed').orderBy('v', 'asc').get()).data.map((d: { _id: string }) => d._id)
    // Arrays sort by their smallest element ([1,2] -> 1), as MongoDB does.
    expect(asc).toEqual(['m3', 'm7', 'm6', 'm2', 'm1', 'm5', 'm0', 'm4'])
    const gtStr = (await db.collection('mixed').where({ v: _.gt('a') }).get()).data.map((d: { _id: string }) => d._id)
    expect(gtStr).toEqual(['m1'])
  })
})

describe('updates', () => {
  test('update merges nested objects; set replaces; set on a missing doc upserts; updated counts real changes', async () => {
    await db.collection('items').add({ data: { _id: 'u1', meta: { a: 1, b: 2 }, n: 1, keep: 'k' } })
    const r1 = await db.collection('items').doc('u1').update({ data: { meta: { c: 3 }, n: 1 } })
    expect(r1.stats.updated).toBe(1)
    expect((await db.collection('items').doc('u1').get()).data).toEqual({ _id: 'u1', meta: { a: 1, b: 2, c: 3 }, n: 1, keep: 'k' })
    const same = await db.collection('items').doc('u1').update({ data: { n: 1 } })
    expect(same.stats.updated).toBe(0) // nothing changed: MongoDB nModified semantics
    await db.collection('items').doc('u1').update({ data: { meta: _.set({ only: true }) } })
    expect((await db.collection('items').doc('u1').get()).data.meta).toEqual({ only: true })
    const set = await db.collection('items').doc('u1').set({ data: { replaced: true } })
    expect(set.stats.updated).toBe(1)
    expect((await db.collection('items').doc('u1').get()).data).toEqual({ _id: 'u1', replaced: true })
    const up = await db.collection('items').doc('brand-new').set({ data: { title: 'new' } })
    expect(up.stats).toEqual({ updated: 0, created: 1 })
    expect(up._id).toBe('brand-new')
    expect((await db.collection('items').doc('brand-new').get()).data).toEqual({ _id: 'brand-new', title: 'new' })
    const missing = await db.collection('items').doc('never').update({ data: { a: 1 } })
    expect(missing.stats.updated).toBe(0)
  })

  test('numeric, rename, remove and serverDate operators', async () => {
    await db.collection('items').add({ data: { _id: 'u2', n: 10, m: 3, lo: 5, hi: 5, old: 'o', gone: 1 } })
    const before = Date.now()
    await db.collection('items').doc('u2').update({
      data: { n: _.inc(5), m: _.mul(4), lo: _.min(2), hi: _.max(9), old: _.rename('renamed'), gone: _.remove(), at: db.serverDate(), later: db.serverDate({ offset: 60000 }), fresh: _.inc(2) },
    })
    const { data } = await db.collection('items').doc('u2').get()
    expect(data).toMatchObject({ n: 15, m: 12, lo: 2, hi: 9, renamed: 'o', fresh: 2 })
    expect(data.old).toBeUndefined()
    expect(data.gone).toBeUndefined()
    expect(data.at).toBeInstanceOf(Date)
    expect(data.at.getTime()).toBeGreaterThanOrEqual(before)
    expect(data.later.getTime() - data.at.getTime()).toBe(60000)
  })

  test('array operators: push (each/position/sort/slice), unshift, pop, shift, pull (value and condition), pullAll, addToSet', async () => {
    await db.collection('items').add({ data: { _id: 'u3', a: [3, 1], b: [1, 2, 3, 4], c: [1, 2, 2, 3, 5, 8], d: ['x'], e: [{ q: 1 }, { q: 5 }] } })
    await db.collection('items').doc('u3').update({ data: { a: _.push({ each: [5, 2], sort: 1, slice: 3 }), d: _.unshift('w') } })
    let doc = (await db.collection('items').doc('u3').get()).data
    expect(doc.a).toEqual([1, 2, 3])
    expect(doc.d).toEqual(['w', 'x'])
    await db.collection('items').doc('u3').update({ data: { a: _.push({ each: [9], position: 1 }), b: _.pop() } })
    doc = (await db.collection('items').doc('u3').get()).data
    expect(doc.a).toEqual([1, 9, 2, 3])
    expect(doc.b).toEqual([1, 2, 3])
    await db.collection('items').doc('u3').update({ data: { b: _.shift(), c: _.pull(_.gt(4)), d: _.addToSet('x'), e: _.pull({ q: _.gt(2) }) } })
    doc = (await db.collection('items').doc('u3').get()).data
    expect(doc.b).toEqual([2, 3])
    expect(doc.c).toEqual([1, 2, 2, 3])
    expect(doc.d).toEqual(['w', 'x'])
    expect(doc.e).toEqual([{ q: 1 }])
    await db.collection('items').doc('u3').update({ data: { c: _.pullAll([2, 3]), d: _.addToSet({ $each: ['y', 'w'] }), a: _.pull(9) } })
    doc = (await db.collection('items').doc('u3').get()).data
    expect(doc.c).toEqual([1])
    expect(doc.d).toEqual(['w', 'x', 'y'])
    expect(doc.a).toEqual([1, 2, 3])
  })

  test('where().update() updates every match; where().remove() and doc().remove() report deleted', async () => {
    await db.collection('items').add({ data: [{ _id: 'w1', grp: 'g', v: 1 }, { _id: 'w2', grp: 'g', v: 2 }, { _id: 'w3', grp: 'h', v: 3 }] })
    const r = await db.collection('items').where({ grp: 'g' }).update({ data: { v: _.inc(10) } })
    expect(r.stats.updated).toBe(2)
    expect((await db.collection('items').where({ grp: 'g' }).orderBy('v', 'asc').get()).data.map((d: { v: number }) => d.v)).toEqual([11, 12])
    const rm = await db.collection('items').where({ grp: 'g' }).remove()
    expect(rm.stats.removed).toBe(2)
    const rm1 = await db.collection('items').doc('w3').remove()
    expect(rm1.stats.removed).toBe(1)
    const rm0 = await db.collection('items').doc('w3').remove()
    expect(rm0.stats.removed).toBe(0)
  })

  test('an update that would break a value type is refused and leaves the document unchanged', async () => {
    await db.collection('items').add({ data: { _id: 'u4', s: 'text' } })
    const e = await rejection(db.collection('items').doc('u4').update({ data: { s: _.inc(1) } }))
    expect(e.message).toContain('non-numeric')
    expect((await db.collection('items').doc('u4').get()).data.s).toBe('text')
  })
})

describe('indexed queries return the same answers as scans', () => {
  test('equality, range, $in and orderBy on indexed fields (asc and desc index)', async () => {
    const docs = Array.from({ length: 60 }, (_v, i) => ({ _id: `ix${String(i).padStart(2, '0')}`, openid: `ix-open-${i}`, age: i % 12, name: `n${i}` }))
    await db.collection('users').add({ data: docs })
    const ageEq = await db.collection('users').where({ age: 7, openid: /^ix-/ }).limit(100).get()
    expect(ageEq.data.map((d: { _id: string }) => d._id).sort()).toEqual(docs.filter((d) => d.age === 7).map((d) => d._id))
    const range = await db.collection('users').where({ age: _.gte(3).and(_.lt(5)), openid: /^ix-/ }).count()
    expect(range.total).toBe(docs.filter((d) => d.age >= 3 && d.age < 5).length)
    const inq = await db.collection('users').where({ age: _.in([1, 11]), openid: /^ix-/ }).count()
    expect(inq.total).toBe(10)
    const top = await db.collection('users').where({ openid: /^ix-/ }).orderBy('age', 'desc').orderBy('_id', 'asc').limit(3).get()
    expect(top.data.map((d: { _id: string }) => d._id)).toEqual(['ix11', 'ix23', 'ix35'])
    const pageAsc = await db.collection('users').where({ age: _.gte(0) }).orderBy('age', 'asc').skip(2).limit(2).get()
    expect(pageAsc.data.map((d: { age: number }) => d.age)).toEqual([0, 0])
  })
})
