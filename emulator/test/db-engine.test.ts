/**
 * Engine-level checks that the SDK cannot observe: index keys sort in BSON order, indexed queries and
 * nearest-N do not read the whole collection, and schema application is idempotent and rebuilds indexes.
 */
import { DatabaseService } from '../src/db'
import { keyOf } from '../src/db/keys'
import { plan } from '../src/db/query'
import { compare } from '../src/db/values'
import { syntheticStations } from './support/synthetic-stations'

test('encoded index keys order exactly like BSON comparison, ascending and descending', () => {
  const values: unknown[] = [null, -Infinity, -1e300, -2.5, 0, 1e-9, 3, 2 ** 53, Infinity, NaN, '', 'a', 'a\u0000b', 'ab', 'b', '中', { a: 1 }, { a: 2 }, { b: 0 }, [], [1], [1, 2], [2], false, true, new Date(-1), new Date(0), new Date(5e12)]
  const byCompare = [...values].sort(compare)
  const byKey = [...values].sort((a, b) => Buffer.compare(keyOf(a), keyOf(b)))
  expect(byKey).toEqual(byCompare)
  const byDescKey = [...values].sort((a, b) => Buffer.compare(keyOf(a, true), keyOf(b, true)))
  expect(byDescKey).toEqual([...byCompare].reverse())
})

describe('$in then a range on a compound index (check-ins of a street\'s stations in a period)', () => {
  const svc = new DatabaseService()
  const DAY = 86_400_000
  const docs = Array.from({ length: 3000 }, (_, i) => ({ _id: `c${String(i).padStart(5, '0')}`, stationId: `st-${i % 30}`, at: new Date(Date.UTC(2026, 0, 1) + (i % 400) * DAY + (i % 7) * 3_600_000) }))
  beforeAll(() => {
    svc.applySchema({ collections: [{ name: 'checkins', permission: 'READONLY', indexes: [{ name: 'station_at', keys: [{ field: 'stationId', direction: 1 }, { field: 'at', direction: -1 }] }] }] })
    svc.insertMany('checkins', docs)
  })
  afterAll(() => svc.close())

  test('each value is bounded by the range (one key range per value, no residual filter) and the answer agrees with a filter of every document', () => {
    const c = svc.store.require('checkins')
    const stations = ['st-1', 'st-2', 'st-29']
    const from = new Date(Date.UTC(2026, 2, 1))
    const to = new Date(Date.UTC(2026, 3, 1))
    const cases: Array<[Record<string, unknown>, (t: Date) => boolean]> = [
      [{ $gte: from, $lt: to }, (t) => t >= from && t < to],
      [{ $gt: from, $lte: to }, (t) => t > from && t <= to],
      [{ $gte: from }, (t) => t >= from],
      [{ $lt: to }, (t) => t < to],
    ]
    for (const [range, inRange] of cases) {
      const q = { stationId: { $in: stations }, at: range }
      const p = plan(c, q, [])
      expect(p).toMatchObject({ kind: 'index', residualNeeded: false })
      expect(p.kind === 'index' && p.ranges).toHaveLength(stations.length)
      const want = docs.filter((d) => stations.includes(d.stationId) && inRange(d.at)).map((d) => d._id)
      expect(want.length).toBeGreaterThan(0)
      const got = svc.engine.find(c, q, { order: [{ path: '_id', parts: ['_id'], dir: 1 }] }).map((h) => JSON.parse(h.text)._id)
      expect(got).toEqual(want)
      expect(svc.engine.count(c, q)).toBe(want.length)
    }
  })
})

describe('two $in components then a range (open reports past due in a district\'s streets)', () => {
  const svc = new DatabaseService()
  const states = ['submitted', 'accepted', 'resolved', 'closed']
  const docs = Array.from({ length: 4000 }, (_, i) => ({ _id: `r${String(i).padStart(5, '0')}`, street: `s-${i % 10}`, state: states[i % 4], dueAt: new Date(Date.UTC(2026, 0, 1) + (i % 97) * 86_400_000) }))
  beforeAll(() => {
    svc.applySchema({ collections: [{ name: 'reports', permission: 'READONLY', indexes: [{ name: 'street_state_due', keys: [{ field: 'street', direction: 1 }, { field: 'state', direction: 1 }, { field: 'dueAt', direction: 1 }] }] }] })
    svc.insertMany('reports', docs)
  })
  afterAll(() => svc.close())

  test('the bounds are the product of the values, each bounded by the range; a repeated value adds no range; counts add up', () => {
    const c = svc.store.require('reports')
    const streets = ['s-1', 's-3', 's-3', 's-8']
    const open = ['submitted', 'accepted']
    const due = new Date(Date.UTC(2026, 1, 15))
    const q = { street: { $in: streets }, state: { $in: open }, dueAt: { $lt: due } }
    const p = plan(c, q, [])
    expect(p).toMatchObject({ kind: 'index', residualNeeded: false })
    expect(p.kind === 'index' && p.ranges).toHaveLength(3 * 2)
    const want = docs.filter((d) => streets.includes(d.street) && open.includes(d.state) && d.dueAt < due).map((d) => d._id)
    expect(want.length).toBeGreaterThan(0)
    const got = svc.engine.find(c, q, { order: [{ path: '_id', parts: ['_id'], dir: 1 }] }).map((h) => JSON.parse(h.text)._id)
    expect(got).toEqual(want)
    expect(svc.engine.count(c, q)).toBe(want.length)
  })
})

describe('index use on 5,000 stations', () => {
  const svc = new DatabaseService()
  const docs = [...syntheticStations(5000, 7)]
  beforeAll(() => {
    svc.applySchema({
      collections: [
        {
          name: 'stations',
          permission: 'READONLY',
          indexes: [
            { name: 'loc', keys: [{ field: 'location', direction: '2dsphere' }] },
            { name: 'district', keys: [{ field: 'district', direction: 1 }] },
            { name: 'createdAt', keys: [{ field: 'createdAt', direction: -1 }] },
          ],
        },
      ],
    })
    svc.insertMany('stations', docs)
  })
  afterAll(() => svc.close())

  const c = () => svc.store.require('stations')

  test('plans: equality, $in, range and orderBy use ordered indexes; exact plans need no residual filter', () => {
    const eq = plan(c(), { district: 'district-5' }, [])
    expect(eq).toMatchObject({ kind: 'index', residualNeeded: false })
    expect(plan(c(), { district: { $in: ['district-1', 'district-2'] } }, [])).toMatchObject({ kind: 'index' })
    expect(plan(c(), { createdAt: { $gte: new Date(0) } }, [])).toMatchObject({ kind: 'index', residualNeeded: false })
    const sorted = plan(c(), {}, [{ path: 'createdAt', parts: ['createdAt'], dir: -1 }])
    expect(sorted).toMatchObject({ kind: 'index', ordered: true })
    expect(plan(c(), { name: 'x' }, [])).toMatchObject({ kind: 'scan' })
  })

  test('indexed queries, orderBy+limit and nearest-N never run a full scan, and agree with a scan', () => {
    const scan = jest.spyOn(svc.store, 'scan')
    const d = docs[10].district
    const viaIndex = svc.engine.find(c(), { district: d }).map((h) => h.rid)
    const expected = docs.map((x, i) => [x, i + 1] as const).filter(([x]) => x.district === d).map(([, rid]) => rid)
    expect(viaIndex.sort((a, b) => a - b)).toEqual(expected)
    const page = svc.engine.find(c(), {}, { order: [{ path: 'createdAt', parts: ['createdAt'], dir: -1 }], skip: 100, limit: 20 })
    const want = [...docs].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(100, 120).map((x) => x._id)
    expect(page.map((h) => JSON.parse(h.text)._id)).toEqual(want)
    expect(scan).not.toHaveBeenCalled()

    const byRid = jest.spyOn(svc.store, 'getByRid')
    const centre: [number, number] = [116.4, 39.9]
    const near = svc.engine.near(c(), c().indexes[0], { centre, maxDistance: 3000, minDistance: 0 }, () => true, [], 0, 20)
    expect(byRid.mock.calls.length).toBeLessThan(200) // documents read: only those in the answer's radius
    expect(scan).not.toHaveBeenCalled()
    const dist = (x: (typeof docs)[number]) => {
      const [lng, lat] = x.location.coordinates
      const R = 6378100
      const r = Math.PI / 180
      const s = Math.sin(((lat - centre[1]) * r) / 2) ** 2 + Math.cos(centre[1] * r) * Math.cos(lat * r) * Math.sin(((lng - centre[0]) * r) / 2) ** 2
      return 2 * R * Math.asin(Math.sqrt(s))
    }
    const brute = docs.filter((x) => dist(x) <= 3000).sort((a, b) => dist(a) - dist(b)).slice(0, 20).map((x) => x._id)
    expect(near.map((h) => JSON.parse(h.text)._id)).toEqual(brute)
    scan.mockRestore()
    byRid.mockRestore()
  })

  test('applySchema is idempotent and rebuilds an index whose definition changed', () => {
    const before = c().indexes.map((i) => i.id)
    svc.applySchema({ collections: [{ name: 'stations', permission: 'READONLY', indexes: [{ name: 'district', keys: [{ field: 'district', direction: 1 }] }] }] })
    expect(c().indexes.map((i) => i.id)).toEqual(before)
    svc.applySchema({ collections: [{ name: 'stations', permission: 'READONLY', indexes: [{ name: 'district', keys: [{ field: 'district', direction: 1 }, { field: 'visitCount', direction: -1 }] }] }] })
    const ix = c().indexes.find((i) => i.name === 'district')!
    expect(ix.spec.keys).toHaveLength(2)
    const d = docs[3].district
    const hits = svc.engine.find(c(), { district: d }, { order: [{ path: 'visitCount', parts: ['visitCount'], dir: -1 }] })
    expect(plan(c(), { district: d }, [{ path: 'visitCount', parts: ['visitCount'], dir: -1 }])).toMatchObject({ kind: 'index', ordered: true })
    const want = docs.filter((x) => x.district === d).sort((a, b) => b.visitCount - a.visitCount).map((x) => x.visitCount)
    expect(hits.map((h) => JSON.parse(h.text).visitCount)).toEqual(want)
  })

  test('dev-console helpers return plain JSON', () => {
    expect(svc.listCollections()).toEqual([{ name: 'stations', count: 5000 }])
    const [first] = svc.sampleDocuments('stations', 1, 0)
    expect(first._id).toBe(docs[0]._id)
    expect(first.createdAt).toBe(docs[0].createdAt.toISOString())
  })
})
