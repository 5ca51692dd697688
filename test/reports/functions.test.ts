/**
 * The `reports` function in the emulator with the real wx-server-sdk and the demo data: submission
 * (routing to a grid / the street dispatcher, exactly once per idempotency key even when sends race,
 * content-check rejection from the word list and from an injected 87014), duplicate suggestion, the
 * authorization of every action (wrong role, outside one's grid / street / department, not the
 * reporter, internal-only timer), points only at acceptance through the passbook's credit path,
 * notifications in the outbox, the timer (overdue, auto-close), events that replay to the stored state,
 * and the public view that never names the reporter.
 */
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import { distanceM, fromPoint, offsetM, toGeoPoint, type LngLat } from '../../src/core/geo'
import type { QueuePage, ReportDetail, SubmitResult, Suggestion } from '../../src/reports/contract'
import { stateFromEvents } from '../../src/reports/machine'
import type { ReportDoc, ReportEventDoc } from '../../src/reports/model'
import { startProject, type Project } from '../support/project'

let app: Project
let gridCentre: (id: string) => LngLat
let streetCentre: LngLat

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['reports'] })
  const grids = (await app.db.collection(Collection.grids).where({ street: 'street-lf' }).get()).data as Array<{ _id: string; bbox: number[] }>
  gridCentre = (id) => {
    const b = grids.find((g) => g._id === id)!.bbox
    return { lng: (b[0] + b[2]) / 2, lat: (b[1] + b[3]) / 2 }
  }
  const g1 = grids.find((g) => g._id === 'grid-lf-1')!.bbox
  streetCentre = { lng: g1[2], lat: g1[1] }
}, 90_000)

afterAll(async () => {
  await app?.close()
})

function data<T>(res: Envelope<T>): T {
  if (!res.ok && res.error.code === 'INTERNAL') console.log(app.emu.functionLogs.filter((l) => /INTERNAL/.test(l.text)).slice(-1).map((l) => l.text).join('\n'))
  if (!res.ok) throw new Error(`expected success, got ${res.error.code}: ${res.error.message}`)
  return res.data
}

function expectError(res: Envelope<unknown>, code: string, message?: RegExp) {
  expect(res.ok).toBe(false)
  if (res.ok) return
  expect(res.error.code).toBe(code)
  expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/)
  if (message) expect(res.error.message).toMatch(message)
}

let seq = 0
const photo = (key: string, i = 0) => `cloud://local-dev.bucket/reports/${key}/${i}.jpg`
function submission(at: LngLat, extra: Record<string, unknown> = {}) {
  const key = `test-key-${++seq}-${Date.now().toString(36)}`
  return { idempotencyKey: key, categoryId: 'cat-ebike_parking', location: at, address: '星港街 1 号', description: '电动车堵住了盲道', photos: [photo(key)], ...extra }
}

async function submitAs(openid: string, at: LngLat, extra: Record<string, unknown> = {}): Promise<ReportDetail> {
  return data(await app.call<SubmitResult>('reports', 'submit', submission(at, extra), openid)).report
}

async function stored(id: string): Promise<ReportDoc> {
  return (await app.db.collection(Collection.reports).where({ _id: id }).get()).data[0]
}

async function events(id: string): Promise<ReportEventDoc[]> {
  return (await app.db.collection(Collection.reportEvents).where({ reportId: id }).orderBy('seq', 'asc').get()).data
}

async function ledgerFor(openid: string): Promise<Array<{ delta: number; source?: { id: string } }>> {
  return (await app.db.collection(Collection.ledger).where({ userId: app.userIdOf(openid) }).limit(1000).get()).data
}

describe('submit', () => {
  it('routes a point inside grid 1 to that grid, stores events, answers no identity', async () => {
    const r = await submitAs('dev-worker', gridCentre('grid-lf-1'))
    expect(r).toMatchObject({ state: 'submitted', gridName: '娄葑街道第1网格', routeReason: 'inside', mine: true, categoryName: '非机动车乱停放' })
    expect(r.photos).toEqual([expect.objectContaining({ pending: true, kind: 'report' })])
    const doc = await stored(r.id)
    expect(doc).toMatchObject({ gridId: 'grid-lf-1', street: 'street-lf', reporterId: app.userIdOf('dev-worker'), departmentId: null, version: 1 })
    expect(new Date(doc.dueAt).getTime() - new Date(doc.createdAt).getTime()).toBe(24 * 3_600_000)
    expect(stateFromEvents(await events(r.id))).toBe('submitted')
    expect(JSON.stringify(r)).not.toMatch(/dev-worker|reporterId|openid/)
  })

  it('a point on the edge between grids 1 and 2 goes to the street dispatcher, never to a grid worker', async () => {
    const onEdge = offsetM(streetCentre, 1, 700)
    const r = await submitAs('seed-worker-20', onEdge)
    expect((await stored(r.id)).gridId).toBeNull()
    expect(r.routeReason).toBe('boundary')
    const disp = data(await app.callAs<QueuePage>('dispatcher', 'reports', 'queue', { as: 'dispatcher', unassigned: true, page: { limit: 50 } }))
    expect(disp.items.map((i) => i.id)).toContain(r.id)
    const grid = data(await app.callAs<QueuePage>('grid_worker', 'reports', 'queue', { as: 'grid_worker', page: { limit: 50 } }))
    expect(grid.items.map((i) => i.id)).not.toContain(r.id)
  })

  it('a point just outside the street’s grids goes to the street dispatcher; far away is refused', async () => {
    const outside = offsetM(streetCentre, -2000, 300)
    const r = await submitAs('seed-worker-21', outside)
    expect(r.routeReason).toBe('outside')
    expect((await stored(r.id))).toMatchObject({ gridId: null, street: 'street-lf' })
    expectError(await app.call('reports', 'submit', submission({ lng: 100, lat: 40 }), 'seed-worker-21'), 'OUT_OF_RANGE', /12345/)
  })

  it('a retried send with the same key answers the first report; racing sends create one', async () => {
    const body = submission(gridCentre('grid-lf-2'))
    const first = data(await app.call<SubmitResult>('reports', 'submit', body, 'seed-worker-22'))
    const again = data(await app.call<SubmitResult>('reports', 'submit', body, 'seed-worker-22'))
    expect(first.replayed).toBe(false)
    expect(again).toMatchObject({ replayed: true, report: { id: first.report.id } })

    const racing = submission(gridCentre('grid-lf-2'))
    const results = await Promise.all(Array.from({ length: 4 }, () => app.call<SubmitResult>('reports', 'submit', racing, 'seed-worker-23')))
    const ids = new Set(results.map((r) => data(r).report.id))
    expect(ids.size).toBe(1)
    expect(results.filter((r) => !data(r).replayed).length).toBe(1)
    const count = (await app.db.collection(Collection.reports).where({ reporterId: app.userIdOf('seed-worker-23') }).count()).total
    expect(count).toBe(1)
    expect((await events([...ids][0])).length).toBe(1)
    // The same key from another user is another report (keys are per reporter).
    const other = data(await app.call<SubmitResult>('reports', 'submit', racing, 'seed-worker-24'))
    expect(other.report.id).not.toBe([...ids][0])
  })

  it('risky text is refused with a helpful message and nothing is stored', async () => {
    const before = (await app.db.collection(Collection.reports).count()).total
    const res = await app.call('reports', 'submit', submission(gridCentre('grid-lf-1'), { description: '加微信领红包，电动车便宜卖' }), 'seed-worker-25')
    expectError(res, 'CONTENT_REJECTED', /删改描述/)
    if (!res.ok) expect(res.error.field).toBe('description')
    app.emu.injectOpenApiError('security.msgSecCheck', 87014, 'risky content', 1)
    expectError(await app.call('reports', 'submit', submission(gridCentre('grid-lf-1')), 'seed-worker-25'), 'CONTENT_REJECTED')
    app.emu.injectOpenApiError('security.msgSecCheck', 45009, 'quota', 1)
    expectError(await app.call('reports', 'submit', submission(gridCentre('grid-lf-1')), 'seed-worker-25'), 'UNAVAILABLE')
    expect((await app.db.collection(Collection.reports).count()).total).toBe(before)
  })

  it('bad input is refused naming the field: album/foreign photos, no photo, unknown category', async () => {
    expectError(await app.call('reports', 'submit', submission(gridCentre('grid-lf-1'), { photos: ['cloud://x.y/elsewhere/a.jpg'] }), 'seed-worker-26'), 'INVALID_ARGUMENT')
    expectError(await app.call('reports', 'submit', submission(gridCentre('grid-lf-1'), { photos: [] }), 'seed-worker-26'), 'INVALID_ARGUMENT')
    expectError(await app.call('reports', 'submit', submission(gridCentre('grid-lf-1'), { categoryId: 'cat-ufo' }), 'seed-worker-26'), 'INVALID_ARGUMENT')
    expectError(await app.call('reports', 'submit', { ...submission(gridCentre('grid-lf-1')), idempotencyKey: 'x' }, 'seed-worker-26'), 'INVALID_ARGUMENT')
  })
})

describe('duplicate suggestion', () => {
  it('suggests open reports of the same category within ~50 m, not other categories or farther ones', async () => {
    const here = offsetM(gridCentre('grid-lf-3'), 0, 0)
    const existing = await submitAs('seed-worker-27', here)
    await submitAs('seed-worker-27', offsetM(here, 20, 0), { categoryId: 'cat-garbage', description: '' })
    await submitAs('seed-worker-27', offsetM(here, 120, 0))
    const s = data(await app.callAs<Suggestion>('worker', 'reports', 'suggest', { categoryId: 'cat-ebike_parking', location: offsetM(here, 0, 30) }))
    expect(s.duplicates.map((d) => d.id)).toEqual([existing.id])
    expect(s.duplicates[0].distanceM).toBeGreaterThan(25)
    expect(s.route).toMatchObject({ reason: 'inside', gridName: '娄葑街道第3网格', streetName: '娄葑街道' })
    expect(JSON.stringify(s)).not.toMatch(/reporter|seed-worker/)
    // "Same problem? add your photo to it": a photo from the spot, pending review.
    const added = data(await app.callAs<ReportDetail>('worker', 'reports', 'addPhotos', { reportId: existing.id, location: offsetM(here, 0, 30), photos: [photo('add-1')] }))
    expect(added.mine).toBe(false)
    expect((await stored(existing.id)).photos).toHaveLength(2)
    expectError(await app.callAs('worker', 'reports', 'addPhotos', { reportId: existing.id, location: offsetM(here, 0, 400), photos: [photo('add-2')] }), 'OUT_OF_RANGE')
  })

  it('previews the route as submit stores it: boundary and outside name the street only; far away is refused', async () => {
    const suggest = (location: LngLat) => app.callAs<Suggestion>('worker', 'reports', 'suggest', { categoryId: 'cat-ebike_parking', location })
    const edge = data(await suggest(offsetM(streetCentre, 1, 700)))
    expect(edge.route).toEqual({ reason: 'boundary', streetName: '娄葑街道' })
    const outside = data(await suggest(offsetM(streetCentre, -2000, 300)))
    expect(outside.route).toEqual({ reason: 'outside', streetName: '娄葑街道' })
    // The duplicate check runs alongside routing; routing's refusal is the answer, and the instance stays healthy.
    expectError(await suggest({ lng: 100, lat: 40 }), 'OUT_OF_RANGE', /12345/)
    expect(data(await suggest(gridCentre('grid-lf-2'))).route).toEqual({ reason: 'inside', streetName: '娄葑街道', gridName: '娄葑街道第2网格' })
  })
})

describe('a pin moved from the device fix', () => {
  const count = async (openid: string) => (await app.db.collection(Collection.reports).where({ reporterId: app.userIdOf(openid) }).count()).total

  it('is stored beside the fix; staff in scope and the reporter see how far and which way it moved, the public does not', async () => {
    const fix = { ...gridCentre('grid-lf-1'), accuracy: 25 }
    const pin = offsetM(fix, 120, 0)
    const r = await submitAs('seed-worker-14', pin, { deviceFix: fix })
    const doc = await stored(r.id)
    expect(fromPoint(toGeoPoint(doc.location))).toEqual(pin)
    expect(doc.deviceFix).toEqual(fix)
    expect(r.pinMove).toEqual({ distanceM: 120, direction: '东', fixAccuracyM: 25 })
    const staff = data(await app.callAs<ReportDetail>('grid_worker', 'reports', 'detail', { reportId: r.id }))
    expect(staff.pinMove).toEqual({ distanceM: 120, direction: '东', fixAccuracyM: 25 })
    const pub = data(await app.callAs<ReportDetail>('party_member', 'reports', 'detail', { reportId: r.id }))
    expect(pub.pinMove).toBeUndefined()
    // The fix (where the reporter stood) never leaves the server, not even to staff.
    expect(JSON.stringify(staff)).not.toContain(String(fix.lng))
    // A pin left on the fix is not "moved".
    const still = await submitAs('seed-worker-14', fix, { deviceFix: fix })
    expect(still.pinMove).toBeUndefined()
    expect((await stored(still.id)).deviceFix).toEqual(fix)
    // An older client that sends no fix: the pin is taken as is, nothing about a move.
    const old = await submitAs('seed-worker-14', gridCentre('grid-lf-1'))
    expect((await stored(old.id)).deviceFix).toBeUndefined()
    expect(old.pinMove).toBeUndefined()
  })

  it('too far from the fix is INVALID_ARGUMENT on location, in Chinese with both distances, and stores nothing', async () => {
    const reporter = 'seed-worker-15'
    const fix = { ...gridCentre('grid-lf-2'), accuracy: 50 }
    const body = submission(offsetM(fix, 0, 400), { deviceFix: fix })
    const res = await app.call('reports', 'submit', body, reporter)
    expectError(res, 'INVALID_ARGUMENT', /约 400 米，最多只能挪动 350 米/)
    expect(!res.ok && res.error.field).toBe('location')
    expect(await count(reporter)).toBe(0)
    // Nothing was kept under the key: the same draft with the pin moved back is the first report.
    const fixed = data(await app.call<SubmitResult>('reports', 'submit', { ...body, location: offsetM(fix, 0, 300) }, reporter))
    expect(fixed.replayed).toBe(false)
    expect(fixed.report.pinMove).toMatchObject({ distanceM: 300, direction: '北' })
    expect(await count(reporter)).toBe(1)
  })

  it('the fix accuracy widens the reach only up to 200 m; a malformed fix is refused by field', async () => {
    const reporter = 'seed-worker-16'
    const vague = { ...gridCentre('grid-lf-3'), accuracy: 3000 }
    expect((await submitAs(reporter, offsetM(vague, -490, 0), { deviceFix: vague })).pinMove).toMatchObject({ distanceM: 490, direction: '西' })
    expectError(await app.call('reports', 'submit', submission(offsetM(vague, -510, 0), { deviceFix: vague }), reporter), 'INVALID_ARGUMENT', /约 510 米，最多只能挪动 500 米/)
    const bad = await app.call('reports', 'submit', submission(gridCentre('grid-lf-3'), { deviceFix: { ...gridCentre('grid-lf-3'), accuracy: -1 } }), reporter)
    expectError(bad, 'INVALID_ARGUMENT')
    expect(!bad.ok && bad.error.field).toBe('deviceFix.accuracy')
    expectError(await app.call('reports', 'submit', submission(gridCentre('grid-lf-3'), { deviceFix: { lng: 120.6 } }), reporter), 'INVALID_ARGUMENT')
    expect(await count(reporter)).toBe(1)
  })

  it('suggest names the nearest known place for wherever the pin is', async () => {
    const all = (await app.db.collection(Collection.stations).limit(1000).get()).data as Array<{ _id: string; name: string; location: unknown }>
    const stations = all.filter((o) => o._id.startsWith('st-lf-'))
    const centre = gridCentre('grid-lf-1')
    const st = [...stations].sort((a, b) => distanceM(centre, fromPoint(toGeoPoint(a.location))) - distanceM(centre, fromPoint(toGeoPoint(b.location))))[0]
    const at = fromPoint(toGeoPoint(st.location))
    const name = st.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const suggest = (location: LngLat) => app.callAs<Suggestion>('worker', 'reports', 'suggest', { categoryId: 'cat-garbage', location })
    const beside = data(await suggest(at))
    expect(beside.place).toMatch(new RegExp(`^娄葑街道 · .*${name}旁$`))
    // The pin moved 80 m north of the station (no other station is nearer there): the place moves with it.
    const north = offsetM(at, 0, 80)
    expect(all.filter((o) => o !== st && distanceM(north, fromPoint(toGeoPoint(o.location))) < 80)).toEqual([])
    expect(data(await suggest(north)).place).toMatch(new RegExp(`^娄葑街道 · .*${name} 北 80 米$`))
  })
})

describe('authorization of every action, and the full loop', () => {
  let rid: string
  const reporter = 'seed-worker-28'

  beforeAll(async () => {
    rid = (await submitAs(reporter, gridCentre('grid-lf-1'))).id
  })

  it('triage actions: wrong role and outside one’s grid are FORBIDDEN; nothing changes', async () => {
    for (const role of ['worker', 'department_handler', 'station_manager'] as const) {
      expectError(await app.callAs(role, 'reports', 'accept', { reportId: rid }), 'FORBIDDEN')
      expectError(await app.callAs(role, 'reports', 'reject', { reportId: rid, reason: 'photo_unclear' }), 'FORBIDDEN')
      expectError(await app.callAs(role, 'reports', 'dispatch', { reportId: rid }), 'FORBIDDEN')
      expectError(await app.callAs(role, 'reports', 'transfer', { reportId: rid, gridId: 'grid-lf-2' }), 'FORBIDDEN')
      expectError(await app.callAs(role, 'reports', 'merge', { reportId: rid, targetId: rid }), 'FORBIDDEN')
      expectError(await app.callAs(role, 'reports', 'reviewPhotos', { reportId: rid, decisions: [{ index: 0, ok: true }] }), 'FORBIDDEN')
      expectError(await app.callAs(role, 'reports', 'departments', { reportId: rid }), 'FORBIDDEN')
      expectError(await app.callAs(role, 'reports', 'bulk', { reportIds: [rid], command: 'accept' }), 'FORBIDDEN')
    }
    // A grid worker of grids 3–4 only.
    const uid = app.userIdOf('o-grid-34')
    await app.db.collection(Collection.roleGrants).doc(`${uid}:grid_worker`).set({ data: { userId: uid, role: 'grid_worker', scopes: [{ kind: 'grid', id: 'grid-lf-3' }, { kind: 'grid', id: 'grid-lf-4' }], scopeIds: ['grid-lf-3', 'grid-lf-4'], grantedBy: 'test', grantedAt: new Date(), updatedAt: new Date() } })
    expectError(await app.call('reports', 'accept', { reportId: rid }, 'o-grid-34'), 'FORBIDDEN', /不在您负责的网格/)
    // They may read the public view, with no commands offered.
    expect(data(await app.call<ReportDetail>('reports', 'detail', { reportId: rid }, 'o-grid-34')).can).toEqual([])
    expectError(await app.call('reports', 'queue', { as: 'grid_worker', gridId: 'grid-lf-1' }, 'o-grid-34'), 'FORBIDDEN')
    // The grid worker may not use the dispatcher's bulk actions.
    expectError(await app.callAs('grid_worker', 'reports', 'bulk', { reportIds: [rid], command: 'accept' }), 'FORBIDDEN')
    expect((await stored(rid)).state).toBe('submitted')
    expect((await events(rid)).length).toBe(1)
  })

  it('department actions before dispatch and the reporter’s actions before resolution are refused', async () => {
    expectError(await app.callAs('department_handler', 'reports', 'start', { reportId: rid }), 'FORBIDDEN', /没有派给您的部门/)
    expectError(await app.callAs('department_handler', 'reports', 'resolve', { reportId: rid, photos: [photo('after-x')], note: '已处理' }), 'FORBIDDEN')
    expectError(await app.call('reports', 'confirm', { reportId: rid, rating: 5 }, reporter), 'CONFLICT', /待受理/)
    expectError(await app.callAs('worker', 'reports', 'confirm', { reportId: rid, rating: 5 }), 'FORBIDDEN', /上报人本人/)
  })

  it('accept → points once through the passbook, a message to the reporter; a second accept is CONFLICT', async () => {
    const ledgerBefore = await ledgerFor(reporter)
    const outboxBefore = app.emu.outbox.length
    const d = data(await app.callAs<ReportDetail>('grid_worker', 'reports', 'accept', { reportId: rid, note: '属实' }))
    expect(d.state).toBe('accepted')
    expect(d.photos.every((p) => !p.pending)).toBe(true)
    const entries = (await ledgerFor(reporter)).filter((e) => e.source?.id === rid)
    expect(entries).toHaveLength(1)
    expect(entries[0].delta).toBe(20)
    expect((await ledgerFor(reporter)).length).toBe(ledgerBefore.length + 1)
    const msg = app.emu.outbox.slice(outboxBefore).find((m) => m.touser === reporter)
    expect(msg?.data).toMatchObject({ phrase2: { value: '已立案' } })
    expectError(await app.callAs('grid_worker', 'reports', 'accept', { reportId: rid }), 'CONFLICT', /已立案/)
    expect((await ledgerFor(reporter)).filter((e) => e.source?.id === rid)).toHaveLength(1)
    const mine = data(await app.call<ReportDetail>('reports', 'detail', { reportId: rid }, reporter))
    expect(mine.pointsCredited).toBe(20)
  })

  it('dispatch defaults to the category’s department; the handler starts and resolves with an after-photo', async () => {
    const depts = data(await app.callAs<Array<{ id: string; suggested: boolean }>>('grid_worker', 'reports', 'departments', { reportId: rid }))
    expect(depts[0]).toMatchObject({ id: 'dept-lf-city_management', suggested: true })
    expect(depts.filter((x) => x.suggested)).toHaveLength(1)
    const d = data(await app.callAs<ReportDetail>('grid_worker', 'reports', 'dispatch', { reportId: rid }))
    expect(d).toMatchObject({ state: 'dispatched', departmentName: '园区城市管理局娄葑片区' })
    const q = data(await app.callAs<QueuePage>('department_handler', 'reports', 'queue', { as: 'department_handler' }))
    expect(q.items.map((i) => i.id)).toContain(rid)
    expectError(await app.callAs('grid_worker', 'reports', 'resolve', { reportId: rid, photos: [photo('after-1')], note: '已处理' }), 'FORBIDDEN')
    data(await app.callAs('department_handler', 'reports', 'start', { reportId: rid }))
    expectError(await app.callAs('department_handler', 'reports', 'resolve', { reportId: rid, photos: [], note: '已处理' }), 'INVALID_ARGUMENT')
    const outboxBefore = app.emu.outbox.length
    const r = data(await app.callAs<ReportDetail>('department_handler', 'reports', 'resolve', { reportId: rid, photos: [photo('after-1')], note: '车辆已挪走' }))
    expect(r.state).toBe('resolved')
    expect(app.emu.outbox.slice(outboxBefore).map((m) => m.touser)).toEqual([reporter])
  })

  it('only the reporter confirms, with a rating; events replay to the stored state', async () => {
    expectError(await app.callAs('worker', 'reports', 'confirm', { reportId: rid, rating: 5 }), 'FORBIDDEN')
    expectError(await app.call('reports', 'confirm', { reportId: rid, rating: 9 }, reporter), 'INVALID_ARGUMENT')
    const d = data(await app.call<ReportDetail>('reports', 'confirm', { reportId: rid, rating: 4 }, reporter))
    expect(d).toMatchObject({ state: 'confirmed', rating: 4, can: [] })
    const evs = await events(rid)
    expect(evs.map((e) => e.kind)).toEqual(['submit', 'accept', 'dispatch', 'start', 'resolve', 'confirm'])
    expect(stateFromEvents(evs)).toBe((await stored(rid)).state)
    expect(evs.map((e) => e.actorRole)).toEqual(['worker', 'grid_worker', 'grid_worker', 'department_handler', 'department_handler', 'worker'])
  })

  it('staff in scope and the reporter read where it is in words (street · grid · nearest station, direction, distance); the public does not', async () => {
    const staffView = data(await app.callAs<ReportDetail>('grid_worker', 'reports', 'detail', { reportId: rid }))
    const stations = (await app.db.collection(Collection.stations).limit(1000).get()).data as Array<{ name: string; location: unknown }>
    const at = staffView.location
    const nearest = stations.map((st) => ({ name: st.name, d: distanceM(at, fromPoint(toGeoPoint(st.location))) })).sort((a, b) => a.d - b.d)[0]
    expect(nearest.d).toBeLessThan(1500)
    expect(staffView.place).toBeDefined()
    expect(staffView.place!.startsWith(`${staffView.streetName} · ${staffView.gridName} · `)).toBe(true)
    expect(staffView.place).toMatch(new RegExp(`${nearest.name}(旁| (北|东北|东|东南|南|西南|西|西北) \\d+ 米)$`))
    expect(data(await app.call<ReportDetail>('reports', 'detail', { reportId: rid }, reporter)).place).toBe(staffView.place)
    expect(data(await app.callAs<ReportDetail>('party_member', 'reports', 'detail', { reportId: rid })).place).toBeUndefined()
  })

  it('the public view names nobody, hides internal notes, and coarsens the location', async () => {
    const pub = data(await app.callAs<ReportDetail>('party_member', 'reports', 'detail', { reportId: rid }))
    expect(pub.mine).toBe(false)
    expect(pub.can).toEqual([])
    expect(pub.events.every((e) => ['上报人', '网格员', '部门处理人', '系统'].includes(e.actor))).toBe(true)
    const text = JSON.stringify(pub)
    expect(text).not.toMatch(new RegExp(`${reporter}|${app.userIdOf(reporter)}|${app.userIdOf('dev-grid-worker')}|openid|reporterId`))
    expect(pub.dueAt).toBeUndefined()
    expect(pub.location.lng * 1000).toBeCloseTo(Math.round(pub.location.lng * 1000), 6)
    const near = data(await app.callAs<{ items: Array<{ id: string; at: { lng: number; lat: number } }> }>('party_member', 'reports', 'nearby', { location: gridCentre('grid-lf-1'), radiusM: 500 }))
    expect(near.items.map((i) => i.id)).toContain(rid)
    expect(JSON.stringify(near)).not.toMatch(/reporter|seed-worker|openid/)
    // The public map pin is rounded to ~100 m.
    for (const item of near.items) {
      expect(item.at.lng * 1000).toBeCloseTo(Math.round(item.at.lng * 1000), 6)
      expect(item.at.lat * 1000).toBeCloseTo(Math.round(item.at.lat * 1000), 6)
    }
  })

  it('reject and merge never credit points; reject notifies the reporter with the reason', async () => {
    const a = await submitAs('seed-worker-29', gridCentre('grid-lf-2'))
    const b = await submitAs('seed-worker-29', offsetM(gridCentre('grid-lf-2'), 10, 0))
    const before = (await ledgerFor('seed-worker-29')).length
    const outboxBefore = app.emu.outbox.length
    expectError(await app.callAs('dispatcher', 'reports', 'reject', { reportId: a.id }), 'INVALID_ARGUMENT')
    data(await app.callAs('dispatcher', 'reports', 'reject', { reportId: a.id, reason: 'photo_unclear', note: '请拍清楚车牌' }))
    expect(app.emu.outbox.slice(outboxBefore).find((m) => m.touser === 'seed-worker-29')?.data).toMatchObject({ thing4: { value: '照片看不清问题' } })
    const c = await submitAs('seed-worker-30', offsetM(gridCentre('grid-lf-2'), 20, 0))
    data(await app.callAs('grid_worker', 'reports', 'accept', { reportId: c.id }))
    const merged = data(await app.callAs<ReportDetail>('grid_worker', 'reports', 'merge', { reportId: b.id, targetId: c.id }))
    expect(merged).toMatchObject({ state: 'merged', mergedInto: c.id })
    expect((await stored(c.id)).duplicateCount).toBe(1)
    expect((await ledgerFor('seed-worker-29')).length).toBe(before)
  })

  it('transfer moves a report to another grid’s queue; the dispatcher can bulk-dispatch', async () => {
    const r = await submitAs('seed-worker-11', gridCentre('grid-lf-1'))
    data(await app.callAs('grid_worker', 'reports', 'transfer', { reportId: r.id, gridId: 'grid-lf-3', note: '实际在3网格' }))
    expect((await stored(r.id))).toMatchObject({ gridId: 'grid-lf-3', routeReason: 'transferred' })
    expectError(await app.callAs('grid_worker', 'reports', 'accept', { reportId: r.id }), 'FORBIDDEN')
    const accepted = data(await app.callAs<{ results: Array<{ id: string; ok: boolean; code?: string }> }>('dispatcher', 'reports', 'bulk', { reportIds: [r.id, 'rp-nope'], command: 'accept' }))
    expect(accepted.results).toEqual([{ id: r.id, ok: true }, expect.objectContaining({ id: 'rp-nope', ok: false, code: 'NOT_FOUND' })])
    const dispatched = data(await app.callAs<{ results: Array<{ ok: boolean }> }>('dispatcher', 'reports', 'bulk', { reportIds: [r.id], command: 'dispatch' }))
    expect(dispatched.results[0].ok).toBe(true)
    expect((await stored(r.id)).state).toBe('dispatched')
  })

  it('queues, figures and the timer: who may, and what the timer does', async () => {
    expectError(await app.callAs('worker', 'reports', 'queue', { as: 'grid_worker' }), 'FORBIDDEN')
    expectError(await app.callAs('grid_worker', 'reports', 'queue', { as: 'dispatcher' }), 'FORBIDDEN')
    expectError(await app.callAs('worker', 'reports', 'figures', {}), 'FORBIDDEN')
    expectError(await app.callAs('admin', 'reports', 'runTimers', {}), 'FORBIDDEN')
    expectError(await app.callRaw('reports', { Type: 'Timer', TriggerName: 'reportsTimer' }, 'dev-admin'), 'FORBIDDEN')

    // Make one report overdue and one resolution 73 h old, then run the timer as the platform does.
    const late = await submitAs('seed-worker-12', gridCentre('grid-lf-2'))
    await app.db.collection(Collection.reports).doc(late.id).update({ data: { dueAt: new Date(Date.now() - 3_600_000) } })
    await app.db.collection(Collection.reports).doc('rp-demo-08').update({ data: { resolvedAt: new Date(Date.now() - 73 * 3_600_000) } })
    const outboxBefore = app.emu.outbox.length
    const res = data(await app.timer<{ overdue: number; autoClosed: number }>('reports', 'reportsTimer'))
    expect(res.overdue).toBeGreaterThanOrEqual(1)
    expect(res.autoClosed).toBeGreaterThanOrEqual(1)
    expect((await stored(late.id))).toMatchObject({ overdue: true, state: 'submitted' })
    expect((await stored('rp-demo-08')).state).toBe('closed')
    const told = app.emu.outbox.slice(outboxBefore).filter((m) => m.templateId === 'local-report-overdue').map((m) => m.touser)
    expect(told).toEqual(expect.arrayContaining(['dev-grid-worker', 'dev-dispatcher']))
    const overdueQueue = data(await app.callAs<QueuePage>('grid_worker', 'reports', 'queue', { as: 'grid_worker', overdue: true }))
    expect(overdueQueue.items[0].overdue).toBe(true)
    expect(overdueQueue.items.map((i) => i.id)).toContain(late.id)

    const figures = data(await app.callAs<{ total: { received: number; resolved: number }; byGrid: Array<{ name: string }>; byDepartment: Array<{ id: string }> }>('dispatcher', 'reports', 'figures', { days: 30 }))
    expect(figures.total.received).toBeGreaterThan(10)
    // Demo reports are dated from the seed's fixed time; this run's confirmed report counts.
    expect(figures.total.resolved).toBeGreaterThanOrEqual(1)
    expect(figures.byGrid.map((g) => g.name)).toEqual(expect.arrayContaining(['娄葑街道第1网格', '街道直派（无网格）']))
    expect(figures.byDepartment.map((d) => d.id)).toContain('dept-lf-city_management')

    // A grid worker sees their own grids only; another street is refused; an admin picks any street.
    type Fig = { scope: string; street: { id: string }; streets: Array<{ id: string }>; total: { received: number }; byGrid: Array<{ id: string }> }
    const mine = data(await app.callAs<Fig>('grid_worker', 'reports', 'figures', { days: 30 }))
    expect(mine).toMatchObject({ scope: 'grids', street: { id: 'street-lf' } })
    expect(mine.streets.map((x) => x.id)).toEqual(['street-lf'])
    expect(mine.byGrid.map((g) => g.id).sort()).toEqual(expect.arrayContaining(['grid-lf-1']))
    for (const g of mine.byGrid) expect(['grid-lf-1', 'grid-lf-2']).toContain(g.id)
    expect(mine.total.received).toBeLessThan(figures.total.received)
    const admin = data(await app.callAs<Fig>('admin', 'reports', 'figures', { street: 'street-lf', days: 30 }))
    expect(admin).toMatchObject({ scope: 'street', street: { id: 'street-lf' }, total: { received: figures.total.received } })
    expect(admin.streets.length).toBeGreaterThan(1)
    const other = admin.streets.find((x) => x.id !== 'street-lf')!.id
    expectError(await app.callAs('grid_worker', 'reports', 'figures', { street: other }), 'FORBIDDEN')
    expectError(await app.callAs('dispatcher', 'reports', 'figures', { street: other }), 'FORBIDDEN')

    // Local placeholder templates are never offered to WeChat's subscribe dialog.
    expect(data(await app.callAs('worker', 'reports', 'subscribeTemplates', {}))).toEqual({ templateIds: [] })
  })

  it('reopen within 7 days by the reporter with a photo sends it back to triage', async () => {
    expectError(await app.callAs('worker', 'reports', 'reopen', { reportId: 'rp-demo-08', photos: [photo('re-1')] }), 'FORBIDDEN')
    const d = data(await app.call<ReportDetail>('reports', 'reopen', { reportId: 'rp-demo-08', photos: [photo('re-1')], note: '沙发还在' }, 'seed-worker-09'))
    expect(d.state).toBe('reopened')
    expect(stateFromEvents(await events('rp-demo-08'))).toBe('reopened')
  })
})
