/**
 * Geo queries and aggregation through the REAL wx-server-sdk: geoNear (metres, nearest first, with other
 * filters), geoWithin (polygon, multipolygon, centerSphere), geoIntersects on Point/LineString/Polygon
 * values, and pipelines with match/project/addFields/group/sort/skip/limit/count/unwind/lookup/sample/geoNear.
 */
import { coll, rejection, startDbHarness, type DbHarness } from './fixtures/db-harness'

let h: DbHarness
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let _: any
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let $: any

const centre: [number, number] = [113.62, 34.87]
/** Points due east of the centre: 0.01° of longitude at 34.87°N is ~913 m on MongoDB's sphere. */
const east = (i: number): [number, number] => [+(centre[0] + i * 0.01).toFixed(4), centre[1]]

beforeAll(async () => {
  h = await startDbHarness({
    collections: [
      coll('stations', [
        { name: 'location_geo', keys: [{ field: 'location', direction: '2dsphere' }] },
        { name: 'district', keys: [{ field: 'district', direction: 1 }] },
      ]),
      coll('shapes', [{ name: 'geom_geo', keys: [{ field: 'geom', direction: '2dsphere' }] }]),
      coll('noindex'),
      coll('orders'),
      coll('customers'),
    ],
  })
  db = h.db
  _ = db.command
  $ = _.aggregate
  await db.collection('stations').add({
    data: Array.from({ length: 10 }, (_v, i) => ({ _id: `s${i}`, name: `station ${i}`, location: db.Geo.Point(...east(i)), open: i % 2 === 0, district: i < 5 ? 'huiji' : 'jinshui', visits: i * 10 })),
  })
  await db.collection('shapes').add({
    data: [
      { _id: 'pt', geom: db.Geo.Point(113.65, 34.88) },
      { _id: 'line', geom: db.Geo.LineString([db.Geo.Point(113.6, 34.8), db.Geo.Point(113.7, 34.9)]) },
      { _id: 'poly', geom: db.Geo.Polygon([db.Geo.LineString([db.Geo.Point(113.7, 34.7), db.Geo.Point(113.8, 34.7), db.Geo.Point(113.8, 34.8), db.Geo.Point(113.7, 34.8), db.Geo.Point(113.7, 34.7)])]) },
      { _id: 'mpt', geom: db.Geo.MultiPoint([db.Geo.Point(100, 20), db.Geo.Point(100.1, 20.1)]) },
    ],
  })
})

afterAll(async () => {
  await h.emu.close()
})

describe('geo queries', () => {
  test('geoNear returns nearest first within maxDistance (metres) and combines with other filters and limit', async () => {
    const near = await db
      .collection('stations')
      .where({ location: _.geoNear({ geometry: db.Geo.Point(...centre), maxDistance: 3000 }) })
      .get()
    expect(near.data.map((d: { _id: string }) => d._id)).toEqual(['s0', 's1', 's2', 's3'])
    expect(near.data[1].location.longitude).toBeCloseTo(east(1)[0], 6) // the SDK turns GeoJSON back into db.Geo.Point
    const ring = await db
      .collection('stations')
      .where({ location: _.geoNear({ geometry: db.Geo.Point(...centre), minDistance: 1500, maxDistance: 5000 }), open: true })
      .limit(2)
      .get()
    expect(ring.data.map((d: { _id: string }) => d._id)).toEqual(['s2', 's4'])
    const nearest = await db.collection('stations').where({ location: _.geoNear({ geometry: db.Geo.Point(...east(7)) }) }).limit(3).get()
    expect(nearest.data.map((d: { _id: string }) => d._id)).toEqual(['s7', 's6', 's8'].slice(0, 1).concat(nearest.data.slice(1).map((d: { _id: string }) => d._id)))
    expect(new Set(nearest.data.slice(1).map((d: { _id: string }) => d._id))).toEqual(new Set(['s6', 's8']))
  })

  test('geoNear without a 2dsphere index is an error, as on the platform', async () => {
    await db.collection('noindex').add({ data: { location: db.Geo.Point(1, 1) } })
    const e = await rejection(db.collection('noindex').where({ location: _.geoNear({ geometry: db.Geo.Point(1, 1) }) }).get())
    expect(e.message).toContain('unable to find index for $geoNear')
  })

  test('geoWithin polygon / multipolygon / centerSphere', async () => {
    const box = db.Geo.Polygon([db.Geo.LineString([db.Geo.Point(113.6, 34.8), db.Geo.Point(113.655, 34.8), db.Geo.Point(113.655, 34.9), db.Geo.Point(113.6, 34.9), db.Geo.Point(113.6, 34.8)])])
    const inBox = await db.collection('stations').where({ location: _.geoWithin({ geometry: box }) }).orderBy('_id', 'asc').get()
    expect(inBox.data.map((d: { _id: string }) => d._id)).toEqual(['s0', 's1', 's2', 's3'])
    const multi = db.Geo.MultiPolygon([box, db.Geo.Polygon([db.Geo.LineString([db.Geo.Point(113.705, 34.8), db.Geo.Point(113.715, 34.8), db.Geo.Point(113.715, 34.9), db.Geo.Point(113.705, 34.9), db.Geo.Point(113.705, 34.8)])])])
    expect((await db.collection('stations').where({ location: _.geoWithin({ geometry: multi }) }).count()).total).toBe(5)
    // centerSphere radius is in radians: 2 km / 6378.1 km.
    const cap = await db.collection('stations').where({ location: _.geoWithin({ centerSphere: [db.Geo.Point(...centre), 2000 / 6378100] }) }).orderBy('_id', 'asc').get()
    expect(cap.data.map((d: { _id: string }) => d._id)).toEqual(['s0', 's1', 's2'])
  })

  test('geoIntersects against points, lines and polygons', async () => {
    const area = db.Geo.Polygon([db.Geo.LineString([db.Geo.Point(113.62, 34.85), db.Geo.Point(113.75, 34.85), db.Geo.Point(113.75, 34.95), db.Geo.Point(113.62, 34.95), db.Geo.Point(113.62, 34.85)])])
    const hit = await db.collection('shapes').where({ geom: _.geoIntersects({ geometry: area }) }).orderBy('_id', 'asc').get()
    expect(hit.data.map((d: { _id: string }) => d._id)).toEqual(['line', 'pt'])
    const cross = db.Geo.LineString([db.Geo.Point(113.75, 34.6), db.Geo.Point(113.75, 34.75)])
    expect((await db.collection('shapes').where({ geom: _.geoIntersects({ geometry: cross }) }).get()).data.map((d: { _id: string }) => d._id)).toEqual(['poly'])
    const mp = await db.collection('shapes').doc('mpt').get()
    expect(mp.data.geom.points).toHaveLength(2)
  })
})

describe('aggregation', () => {
  beforeAll(async () => {
    await db.collection('customers').add({ data: [{ _id: 'c1', name: 'Ann', city: 'zz' }, { _id: 'c2', name: 'Bo', city: 'ls' }] })
    await db.collection('orders').add({
      data: [
        { _id: 'o1', cust: 'c1', amount: 10, items: ['a', 'b'], at: new Date('2025-01-05T00:00:00Z') },
        { _id: 'o2', cust: 'c1', amount: 30, items: ['b'], at: new Date('2025-02-05T00:00:00Z') },
        { _id: 'o3', cust: 'c2', amount: 5, items: [], at: new Date('2025-02-07T00:00:00Z') },
        ...Array.from({ length: 30 }, (_v, i) => ({ _id: `bulk${i}`, cust: 'c9', amount: 1, items: ['z'], at: new Date('2024-01-01T00:00:00Z') })),
      ],
    })
  })

  test('match + group accumulators + sort', async () => {
    const r = await db
      .collection('orders')
      .aggregate()
      .match({ cust: _.in(['c1', 'c2']) })
      .group({ _id: '$cust', total: $.sum('$amount'), avg: $.avg('$amount'), lo: $.min('$amount'), hi: $.max('$amount'), first: $.first('$_id'), last: $.last('$_id'), ids: $.push('$_id'), itemset: $.addToSet('$cust'), n: $.sum(1) })
      .sort({ _id: 1 })
      .end()
    expect(r.list).toEqual([
      { _id: 'c1', total: 40, avg: 20, lo: 10, hi: 30, first: 'o1', last: 'o2', ids: ['o1', 'o2'], itemset: ['c1'], n: 2 },
      { _id: 'c2', total: 5, avg: 5, lo: 5, hi: 5, first: 'o3', last: 'o3', ids: ['o3'], itemset: ['c2'], n: 1 },
    ])
  })

  test('project / addFields with expressions, unwind, skip, limit, count', async () => {
    const p = await db
      .collection('orders')
      .aggregate()
      .match({ cust: 'c1' })
      .addFields({ double: $.multiply(['$amount', 2]), month: $.month('$at') })
      .project({ _id: 0, amount: 1, double: 1, month: 1, big: $.gt(['$amount', 15]) })
      .sort({ amount: -1 })
      .end()
    expect(p.list).toEqual([
      { amount: 30, double: 60, month: 2, big: true },
      { amount: 10, double: 20, month: 1, big: false },
    ])
    const u = await db.collection('orders').aggregate().match({ cust: _.in(['c1', 'c2']) }).unwind('$items').sort({ _id: 1, items: 1 }).skip(1).limit(2).project({ items: 1 }).end()
    expect(u.list).toEqual([
      { _id: 'o1', items: 'b' },
      { _id: 'o2', items: 'b' },
    ])
    const c = await db.collection('orders').aggregate().match({ amount: _.gte(5) }).count('n').end()
    expect(c.list).toEqual([{ n: 3 }])
  })

  test('lookup: localField/foreignField and the pipeline form', async () => {
    const a = await db.collection('orders').aggregate().match({ _id: 'o3' }).lookup({ from: 'customers', localField: 'cust', foreignField: '_id', as: 'who' }).end()
    expect(a.list[0].who).toEqual([{ _id: 'c2', name: 'Bo', city: 'ls' }])
    const b = await db
      .collection('customers')
      .aggregate()
      .match({ _id: 'c1' })
      .lookup({ from: 'orders', let: { cid: '$_id' }, pipeline: $.pipeline().match(_.expr($.and([$.eq(['$cust', '$$cid']), $.gt(['$amount', 15])]))).project({ _id: 1 }).done(), as: 'bigOrders' })
      .end()
    expect(b.list[0].bigOrders).toEqual([{ _id: 'o2' }])
  })

  test('sample returns distinct documents of the collection; an un-limited pipeline returns 20 by default', async () => {
    const s = await db.collection('orders').aggregate().sample({ size: 3 }).end()
    expect(s.list).toHaveLength(3)
    expect(new Set(s.list.map((d: { _id: string }) => d._id)).size).toBe(3)
    const all = await db.collection('orders').aggregate().match({}).end()
    expect(all.list).toHaveLength(20) // chosen default (platform reported to return 20); see DATABASE.md
    const more = await db.collection('orders').aggregate().match({}).limit(100).end()
    expect(more.list).toHaveLength(33)
  })

  test('geoNear stage: distanceField in metres, query, maxDistance, then group', async () => {
    const r = await db
      .collection('stations')
      .aggregate()
      .geoNear({ near: db.Geo.Point(...centre), spherical: true, distanceField: 'dist', maxDistance: 4000, query: { open: true }, key: 'location' })
      .end()
    expect(r.list.map((d: { _id: string }) => d._id)).toEqual(['s0', 's2', 's4'])
    expect(r.list[0].dist).toBe(0)
    // 0.02° of longitude at 34.87°N on a 6378.1 km sphere.
    const expected = 2 * 6378100 * Math.asin(Math.cos((34.87 * Math.PI) / 180) * Math.sin((0.02 * Math.PI) / 180 / 2))
    expect(r.list[1].dist).toBeCloseTo(expected, 3)
    const g = await db.collection('stations').aggregate().geoNear({ near: db.Geo.Point(...centre), distanceField: 'd', maxDistance: 10000 }).group({ _id: '$district', n: $.sum(1) }).sort({ _id: 1 }).end()
    expect(g.list).toEqual([
      { _id: 'huiji', n: 5 },
      { _id: 'jinshui', n: 5 },
    ])
  })

  test('aggregate errors surface as collection.aggregate:fail', async () => {
    const e = await rejection(db.collection('orders').aggregate().group({ _id: '$cust', x: { $median: '$amount' } }).end())
    expect(e.message).toContain('collection.aggregate:fail')
    expect(e.message).toContain('$median')
  })
})
