/**
 * The services function through the emulator with the real wx-server-sdk and the demo data, called as
 * different riders and managers: only a station's manager (or a provider granted the station, for its own
 * services) defines services; 30 parallel bookings
 * for 5 seats → exactly 5 booked, the rest waiting in arrival order; a cancellation hands a held offer
 * to the first waiter, a lapsed offer passes on by the timer and the next takes it; attendance through
 * a real `service` check-in at the station's code, points once per booking; no-shows by the timer and
 * the no-show limit; ratings content-checked, once; figures. "Time passes" by moving stored times in the
 * database directly, never through the function under test.
 */
import { buildScene } from '../../src/checkins/signature'
import { Collection } from '../../src/core/collections'
import { offsetM } from '../../src/core/geo'
import type { MyBooking, ServiceFigures, ServiceList, ServiceView } from '../../src/services/contract'
import type { Workbench } from '../../src/users/workbench'
import type { BookingDoc } from '../../src/services/model'
import { demoStationSecret } from '../../scripts/seed/checkins-data'
import { code, data, readAll } from '../passbook/support'
import { startProject, type Project } from '../support/project'

jest.setTimeout(180_000)

const STATION = 'st-lf-001'
const MIN = 60_000
let app: Project
let stationAt: { lng: number; lat: number }
let seq = 0
const key = () => `svc-test-${Date.now().toString(36)}-${++seq}`

/** Every 20 minutes of every day, so a slot is always near; cut-off 0 so the next one can be booked. */
const allDay = {
  weekly: [{ weekdays: [0, 1, 2, 3, 4, 5, 6], ranges: [{ start: '00:00', end: '24:00' }] }],
  slotMinutes: 20,
  seatsPerSlot: 5,
  closedDates: [],
  absences: [],
  bookingWindowDays: 3,
  cutoffMinutes: 0,
}

/** The start of the 20-minute slot `ahead` slots after the next one at least 2 minutes away. */
function slotStart(ahead = 0): string {
  const step = 20 * MIN
  let t = Math.ceil(Date.now() / step) * step
  if (t - Date.now() < 2 * MIN) t += step
  return new Date(t + ahead * step).toISOString()
}

async function createService(over: Record<string, unknown> = {}): Promise<ServiceView> {
  return data(
    await app.callAs<ServiceView>('station_manager', 'services', 'saveService', {
      stationId: STATION,
      type: 'haircut',
      provider: '文萃社区理发志愿者',
      description: '免费理发，每人约 20 分钟。',
      definition: allDay,
      ...over,
    }),
  )
}

const rider = (i: number) => `o-svc-rider-${String(i).padStart(2, '0')}`
const book = (serviceId: string, startAt: string, who: string) => app.call<MyBooking>('services', 'book', { serviceId, startAt }, who)
const bookingsOf = (where: Record<string, unknown>) => readAll<BookingDoc>(app.db, Collection.serviceBookings, where)
const slotDoc = async (slotId: string) => (await app.db.collection(Collection.serviceSlots).doc(slotId).get()).data

function checkIn(who: string) {
  const scene = buildScene({ stationCode: 'LF001', keyVersion: 1, secret: demoStationSecret(STATION) })
  return app.call<{ outcome: string; message: string; points?: number }>(
    'checkins',
    'checkIn',
    { scene, entry: { method: 'launch', launchScene: 1047 }, location: { ...offsetM(stationAt, 15, 0), accuracy: 20 }, purpose: 'service', idempotencyKey: key() },
    who,
  )
}

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['services', 'checkins', 'passbook', 'users'] })
  await app.db.collection(Collection.stations).doc(STATION).update({ data: { liveStatus: 'open', liveStatusUntil: null } })
  const doc = (await app.db.collection(Collection.stations).doc(STATION).get()).data
  stationAt = { lng: doc.location.longitude ?? doc.location.coordinates[0], lat: doc.location.latitude ?? doc.location.coordinates[1] }
  // The admin's rule: 5 points for attending a booked service.
  data(await app.callAs('admin', 'passbook', 'saveRule', { kind: 'service_attended', label: '到站接受预约服务', pointsPerUnit: 5, dailyCap: 20, monthlyCap: 100, active: true, reason: '暖新365 服务到场积分' }))
})

afterAll(async () => {
  await app?.close()
})

describe('defining a service', () => {
  test('only the station’s manager (or an admin) defines it; a bad schedule or text changes nothing', async () => {
    expect(code(await app.callAs('worker', 'services', 'saveService', { stationId: STATION, type: 'haircut', provider: '理发师', description: '免费理发', definition: allDay }))).toBe('FORBIDDEN')
    expect(code(await app.callAs('station_manager', 'services', 'saveService', { stationId: 'st-hj-001', type: 'haircut', provider: '理发师', description: '免费理发', definition: allDay }))).toBe('FORBIDDEN')
    const bad = await app.callAs('station_manager', 'services', 'saveService', { stationId: STATION, type: 'haircut', provider: '理发师', description: '免费理发', definition: { ...allDay, weekly: [{ weekdays: [2], ranges: [{ start: '16:00', end: '14:00' }] }] } })
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'weekly' } })
    const risky = await app.callAs('station_manager', 'services', 'saveService', { stationId: STATION, type: 'haircut', provider: '理发师', description: '加微信领红包', definition: allDay })
    expect(risky).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED', field: 'description' } })
    expect(await readAll(app.db, Collection.services, { stationId: STATION })).toHaveLength(0)
    const s = await createService()
    expect(s).toMatchObject({ stationId: STATION, typeLabel: '理发', canManage: true, hoursText: ['每周日、周一、周二、周三、周四、周五、周六 00:00–24:00'] })
  })
})

describe('seats under concurrency', () => {
  test('30 parallel bookings for 5 seats: exactly 5 booked, the other 25 waiting in arrival order', async () => {
    const service = await createService()
    const startAt = slotStart(6)
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => book(service.serviceId, startAt, rider(i))))
    expect(answers.every((a) => a.ok)).toBe(true)
    const all = await bookingsOf({ serviceId: service.serviceId })
    expect(all).toHaveLength(30)
    const queueOrder = [...all].sort((a, b) => new Date(a.waitlistedAt).getTime() - new Date(b.waitlistedAt).getTime() || (a._id < b._id ? -1 : 1))
    expect(queueOrder.slice(0, 5).map((b) => b.state)).toEqual(Array(5).fill('booked'))
    expect(queueOrder.slice(5).map((b) => b.state)).toEqual(Array(25).fill('waitlisted'))
    expect((await slotDoc(all[0].slotId)).booked).toBe(5)
    // Each waiter is told their place in that order.
    const byUser = new Map(Array.from({ length: 30 }, (_, i) => [app.userIdOf(rider(i)), rider(i)]))
    for (const [i, b] of queueOrder.slice(5, 8).entries()) {
      const list = data(await app.call<{ items: MyBooking[] }>('services', 'myBookings', {}, byUser.get(b.userId)))
      expect(list.items.find((x) => x.bookingId === b._id)).toMatchObject({ state: 'waitlisted', waitlistPosition: i + 1 })
    }
    // Booking the same slot again answers the booking as it stands.
    const again = data(await book(service.serviceId, startAt, byUser.get(queueOrder[0].userId) as string))
    expect(again).toMatchObject({ bookingId: queueOrder[0]._id, state: 'booked' })
    expect((await slotDoc(all[0].slotId)).booked).toBe(5)
  })

  test('a cancellation hands a 30-minute held offer to the first waiter; a lapsed offer passes on by the timer; the next takes it', async () => {
    const service = await createService({ definition: { ...allDay, seatsPerSlot: 1 } })
    const startAt = slotStart(9)
    const a = data(await book(service.serviceId, startAt, rider(40)))
    const b = data(await book(service.serviceId, startAt, rider(41)))
    const c = data(await book(service.serviceId, startAt, rider(42)))
    expect([a.state, b.state, c.state]).toEqual(['booked', 'waitlisted', 'waitlisted'])
    expect(c.waitlistPosition).toBe(2)

    const before = Date.now()
    expect(data(await app.call<MyBooking>('services', 'cancel', { bookingId: a.bookingId }, rider(40))).state).toBe('cancelled')
    const [offered] = await bookingsOf({ _id: b.bookingId })
    expect(offered.state).toBe('offered')
    const expires = new Date(offered.offerExpiresAt as Date).getTime()
    expect(expires).toBeGreaterThanOrEqual(before + 30 * MIN)
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * MIN)
    const notes = await readAll<{ kind: string; title: string }>(app.db, Collection.notifications, { userId: app.userIdOf(rider(41)) })
    expect(notes.map((n) => n.kind)).toContain('service_offer')
    // The held seat is not free for a newcomer: they queue behind c.
    expect(data(await book(service.serviceId, startAt, rider(43))).state).toBe('waitlisted')
    expect((await slotDoc(offered.slotId)).booked).toBe(1)

    // A timer run while the offer runs moves nothing.
    data(await app.timer('services', 'servicesTick'))
    expect((await bookingsOf({ _id: b.bookingId }))[0].state).toBe('offered')
    // Thirty minutes pass.
    await app.db.collection(Collection.serviceBookings).doc(b.bookingId).update({ data: { offerExpiresAt: new Date(Date.now() - 1000) } })
    const tick = data(await app.timer<{ offersPassed: number }>('services', 'servicesTick'))
    expect(tick.offersPassed).toBe(1)
    const states = Object.fromEntries((await bookingsOf({ serviceId: service.serviceId })).map((x) => [x._id, x.state]))
    expect(states[b.bookingId]).toBe('lapsed')
    expect(states[c.bookingId]).toBe('offered')
    expect(code(await app.call('services', 'acceptOffer', { bookingId: b.bookingId }, rider(41)))).toBe('ALREADY_CLOSED')
    expect(data(await app.call<MyBooking>('services', 'acceptOffer', { bookingId: c.bookingId }, rider(42))).state).toBe('booked')
    expect((await slotDoc(offered.slotId)).booked).toBe(1)
    // d is offered next when c gives the seat up; the slot begins before d answers: the offer just lapses, nobody else is told.
    await app.call('services', 'cancel', { bookingId: c.bookingId }, rider(42))
    const d = (await bookingsOf({ serviceId: service.serviceId })).find((x) => x.userId === app.userIdOf(rider(43))) as BookingDoc
    expect(d.state).toBe('offered')
    await app.db.collection(Collection.serviceBookings).doc(d._id).update({ data: { startAt: new Date(Date.now() - 60_000), offerExpiresAt: new Date(Date.now() - 1000) } })
    data(await app.timer('services', 'servicesTick'))
    expect((await bookingsOf({ _id: d._id }))[0].state).toBe('lapsed')
    expect(code(await app.call('services', 'acceptOffer', { bookingId: d._id }, rider(43)))).toBe('ALREADY_CLOSED')
    // Another rider cannot touch c's booking.
    expect(code(await app.call('services', 'cancel', { bookingId: c.bookingId }, rider(43)))).toBe('NOT_FOUND')
  })
})

describe('one rider racing themselves', () => {
  test('6 parallel bookings by one rider for 6 slots never leave more than 3 open; the rest are told why', async () => {
    const service = await createService({ type: 'other', provider: '驿站', description: '测试并发' })
    const who = rider(80)
    const answers = await Promise.all([20, 21, 22, 23, 24, 25].map((n) => book(service.serviceId, slotStart(n), who)))
    const open = (await bookingsOf({ userId: app.userIdOf(who) })).filter((b) => ['booked', 'waitlisted', 'offered'].includes(b.state))
    expect(open.length).toBeGreaterThanOrEqual(1)
    expect(open.length).toBeLessThanOrEqual(3)
    expect(answers.filter((a) => a.ok)).toHaveLength(open.length)
    for (const a of answers.filter((x) => !x.ok)) expect(['RATE_LIMITED', 'CONFLICT']).toContain(code(a))
    // Asked one after another, the fourth is refused by the limit.
    let more = await book(service.serviceId, slotStart(26), who)
    for (let n = 27; more.ok && n < 32; n++) more = await book(service.serviceId, slotStart(n), who)
    expect(more).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('最多 3 个') } })
    expect((await bookingsOf({ userId: app.userIdOf(who) })).filter((b) => b.state === 'booked')).toHaveLength(3)
  })
})

describe('the seat counter recounted from the bookings', () => {
  test('a seat lost by a crash between cancelling and giving the seat back is recounted by the timer and offered to the first waiter', async () => {
    const service = await createService({ definition: { ...allDay, seatsPerSlot: 2 } })
    const startAt = slotStart(12)
    const a = data(await book(service.serviceId, startAt, rider(70)))
    const b = data(await book(service.serviceId, startAt, rider(71)))
    const c = data(await book(service.serviceId, startAt, rider(72)))
    expect([a.state, b.state, c.state]).toEqual(['booked', 'booked', 'waitlisted'])
    // b's cancellation was stored, then the function died before giving the seat back; minutes pass.
    const quiet = new Date(Date.now() - 5 * MIN)
    await app.db.collection(Collection.serviceBookings).doc(b.bookingId).update({ data: { state: 'cancelled', updatedAt: quiet } })
    for (const id of [a.bookingId, c.bookingId]) await app.db.collection(Collection.serviceBookings).doc(id).update({ data: { updatedAt: quiet } })
    const [slotId] = (await bookingsOf({ _id: a.bookingId })).map((x) => x.slotId)
    expect((await slotDoc(slotId)).booked).toBe(2)
    const tick = data(await app.timer<{ recounted: number }>('services', 'servicesTick'))
    expect(tick.recounted).toBeGreaterThanOrEqual(1)
    expect((await bookingsOf({ _id: c.bookingId }))[0].state).toBe('offered')
    expect((await slotDoc(slotId)).booked).toBe(2)
    const audit = await readAll<{ targetId: string; before: { booked: number }; after: { booked: number } }>(app.db, Collection.auditLog, { targetId: slotId })
    expect(audit.map((x) => [x.before.booked, x.after.booked])).toEqual([[2, 1]])
  })
})

describe('attendance and points', () => {
  test('a real service check-in marks the booking attended and credits the rule once, however often it is repeated', async () => {
    const service = await createService({ type: 'health_check', provider: '社区卫生服务站', description: '免费测血压' })
    const who = rider(50)
    expect(await checkIn(who)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('没有可签到的预约服务') } })
    const booking = data(await book(service.serviceId, slotStart(0), who))
    expect(booking.state).toBe('booked')
    // The slot starts within the hour: two timer runs remind the rider once.
    data(await app.timer('services', 'servicesTick'))
    data(await app.timer('services', 'servicesTick'))
    const reminders = (await readAll<{ title: string; refId: string }>(app.db, Collection.notifications, { userId: app.userIdOf(who) })).filter((n) => n.title === '服务快开始了')
    expect(reminders.map((n) => n.refId)).toEqual([booking.bookingId])
    const first = data(await checkIn(who))
    expect(first.message).toMatch('已记录你到场')
    expect(first.points).toBe(5)
    data(await checkIn(who))
    const [stored] = await bookingsOf({ _id: booking.bookingId })
    expect(stored).toMatchObject({ attendance: 'attended', attendanceSource: 'checkin', points: 5 })
    const checkins = await readAll<{ purpose: string }>(app.db, Collection.checkins, { userId: app.userIdOf(who) })
    expect(checkins.map((c) => c.purpose)).toEqual(['service'])
    // The provider marking it too changes nothing and credits nothing more.
    data(await app.callAs('station_manager', 'services', 'markAttendance', { bookingId: booking.bookingId, mark: 'attended' }))
    const ledger = await readAll<{ delta: number; kind: string }>(app.db, Collection.ledger, { userId: app.userIdOf(who), kind: 'service_attended' })
    expect(ledger.map((e) => e.delta)).toEqual([5])
    // A manager of another station cannot mark it; this station's manager correcting it back and forth credits nothing more.
    expect(code(await app.call('services', 'markAttendance', { bookingId: booking.bookingId, mark: 'attended' }, 'dev-hj-station-manager'))).toBe('FORBIDDEN')
    data(await app.callAs('station_manager', 'services', 'markAttendance', { bookingId: booking.bookingId, mark: 'no_show' }))
    data(await app.callAs('station_manager', 'services', 'markAttendance', { bookingId: booking.bookingId, mark: 'attended' }))
    expect((await readAll(app.db, Collection.ledger, { userId: app.userIdOf(who), kind: 'service_attended' })).length).toBe(1)

    // Rating: content-checked (nothing stored when refused), then once.
    expect(await app.call('services', 'rate', { bookingId: booking.bookingId, stars: 5, comment: '加微信领红包' }, who)).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED', field: 'comment' } })
    expect((await bookingsOf({ _id: booking.bookingId }))[0].rating).toBeUndefined()
    expect(data(await app.call<MyBooking>('services', 'rate', { bookingId: booking.bookingId, stars: 4, comment: '医生很耐心' }, who))).toMatchObject({ rating: 4, canRate: false })
    expect(code(await app.call('services', 'rate', { bookingId: booking.bookingId, stars: 5 }, who))).toBe('CONFLICT')
    const detail = data(await app.call<ServiceView>('services', 'serviceDetail', { serviceId: service.serviceId }, who))
    expect(detail).toMatchObject({ averageRating: 4, ratingCount: 1, canManage: false })
  })

  test('the timer records no-shows; 3 in 30 days stop new bookings for a week, told why', async () => {
    const service = await createService({ type: 'legal_advice', provider: '律师事务所', description: '劳动争议咨询' })
    const who = rider(60)
    const booked = data(await book(service.serviceId, slotStart(3), who))
    // The slot ended an hour ago.
    await app.db.collection(Collection.serviceBookings).doc(booked.bookingId).update({ data: { startAt: new Date(Date.now() - 80 * MIN), endAt: new Date(Date.now() - 60 * MIN) } })
    expect(data(await app.timer<{ noShows: number }>('services', 'servicesTick')).noShows).toBeGreaterThanOrEqual(1)
    expect((await bookingsOf({ _id: booked.bookingId }))[0]).toMatchObject({ attendance: 'no_show', attendanceSource: 'timer' })
    expect(data(await book(service.serviceId, slotStart(4), who)).state).toBe('booked')
    // Two more no-shows in the last days.
    for (const daysAgo of [3, 10]) {
      const b = data(await book(service.serviceId, slotStart(5 + daysAgo), who))
      await app.db.collection(Collection.serviceBookings).doc(b.bookingId).update({ data: { attendance: 'no_show', startAt: new Date(Date.now() - daysAgo * 86_400_000), endAt: new Date(Date.now() - daysAgo * 86_400_000 + 20 * MIN) } })
    }
    const refused = await book(service.serviceId, slotStart(20), who)
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('3 次预约未到场') } })
    const mine = data(await app.call<{ restriction: { message: string } | null }>('services', 'myBookings', {}, who))
    expect(mine.restriction?.message).toMatch('暂不能预约')
  })

  test('the 暖新365 calendar lists a station’s and its street’s service slots and volunteer activities by China day', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10)
    const startAt = new Date(`${tomorrow}T10:00:00+08:00`)
    // Its own station (also managed by the seeded manager), with mornings only, so the day is short.
    const other = 'st-lf-002'
    await createService({ stationId: other, type: 'insurance', provider: '工会', description: '新就业形态劳动者职业伤害保障咨询', definition: { ...allDay, weekly: [{ weekdays: [0, 1, 2, 3, 4, 5, 6], ranges: [{ start: '09:00', end: '11:00' }] }], slotMinutes: 30 } })
    await app.db.collection(Collection.activities).add({ data: { _id: 'act-svc-cal', teamId: 'team-lf-xfg', stationId: other, title: '助老送餐', description: '送餐', startAt, endAt: new Date(startAt.getTime() + 2 * 3_600_000), signupDeadline: startAt, capacity: 10, signedUp: 3, state: 'open', audience: 'all' } })
    const station = data(await app.callAs<{ title: string; days: Array<{ date: string; items: Array<{ kind: string; title: string; label: string; seatsLeft: number }> }> }>('worker', 'services', 'calendar', { stationId: other, from: today, days: 3 }))
    expect(station.days.map((d) => d.date)).toEqual([today, tomorrow, new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10)])
    const day2 = station.days[1].items
    expect(day2.find((i) => i.kind === 'activity')).toMatchObject({ title: '志愿活动 · 助老送餐', label: '10:00–12:00', seatsLeft: 7 })
    expect(day2.filter((i) => i.kind === 'service').map((i) => i.label)).toEqual(['09:00–09:30', '09:30–10:00', '10:00–10:30', '10:30–11:00'])
    // In time order; at the same start, services before activities.
    expect(day2.map((i) => i.kind)).toEqual(['service', 'service', 'service', 'activity', 'service'])
    const street = (await app.db.collection(Collection.stations).doc(other).get()).data.street
    const byStreet = data(await app.callAs<{ title: string; days: Array<{ items: Array<{ kind: string }> }> }>('worker', 'services', 'calendar', { street, from: today, days: 3 }))
    expect(byStreet.title).toBe(street)
    expect(byStreet.days).toHaveLength(3)
  })

  test('the figures count what happened, for the station’s manager only', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    const later = new Date(Date.now() + 8 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 10)
    const f = data(await app.callAs<ServiceFigures>('station_manager', 'services', 'figures', { stationId: STATION, from: today, to: later, group: 'type' }))
    const haircut = f.rows.find((r) => r.key === 'haircut')
    // Offers: b's (lapsed), c's (taken, then given up) and d's (lapsed at the start) in the hand-over test, and the
    // recount's (still open): none of them ended as a kept seat (the browser test shows a conversion counted).
    expect(haircut).toMatchObject({ label: '理发', offers: 4, conversions: 0 })
    expect(haircut?.booked).toBeGreaterThanOrEqual(6)
    const health = f.rows.find((r) => r.key === 'health_check')
    expect(health).toMatchObject({ attended: 1, averageRating: 4 })
    expect(f.total.seatsOffered).toBeGreaterThan(0)
    expect(code(await app.callAs('worker', 'services', 'figures', { stationId: STATION, from: today, to: later, group: 'type' }))).toBe('FORBIDDEN')
  })

  test('a provider organisation keeps its own services at its station: create, edit, roster, figures, workbench; nothing else of the station', async () => {
    // The demo clinic's doctor is granted st-lf-004 as service_provider (one of the manager's stations).
    const STATION = 'st-lf-004'
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
    const later = new Date(Date.now() + 8 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 10)
    const mine = data(await app.callAs<ServiceView>('service_provider', 'services', 'saveService', { stationId: STATION, type: 'health_check', provider: '园区社区医院', description: '测血压、血糖，约 20 分钟。', definition: allDay }))
    expect(mine.canManage).toBe(true)
    expect((await app.db.collection(Collection.services).doc(mine.serviceId).get()).data.providedBy).toBe(app.userIdOf('dev-service-provider'))
    // Not at a station outside the grant, and not the station manager's own services.
    expect(code(await app.callAs('service_provider', 'services', 'saveService', { stationId: 'st-lf-001', type: 'health_check', provider: '园区社区医院', description: '测血压、血糖。', definition: allDay }))).toBe('FORBIDDEN')
    const managers = await createService({ stationId: STATION, provider: '驿站理发师', description: '驿站自己的理发服务。' })
    expect(code(await app.callAs('service_provider', 'services', 'saveService', { serviceId: managers.serviceId, stationId: STATION, type: 'haircut', provider: '改名', description: '改介绍', definition: allDay }))).toBe('FORBIDDEN')
    expect(data(await app.callAs<ServiceView>('service_provider', 'services', 'serviceDetail', { serviceId: managers.serviceId })).canManage).toBe(false)
    // Its list: only its own services (the demo clinic's and the new one), and the station it may add to; the manager's list has all.
    const kept = data(await app.callAs<ServiceList>('service_provider', 'services', 'listServices', { keep: true }))
    expect(kept.items.map((x) => x.serviceId).sort()).toEqual([mine.serviceId, 'svc-lf-health'].sort())
    expect(kept.createAt?.map((x) => x.stationId)).toEqual([STATION])
    // Each kept service says its next free seat, as the rider's list does (not 近期已约满 for want of a lookup).
    expect(kept.items.find((x) => x.serviceId === mine.serviceId)?.nextFree).toBeDefined()
    const managerKept = data(await app.callAs<ServiceList>('station_manager', 'services', 'listServices', { keep: true }))
    expect(managerKept.items.map((x) => x.serviceId)).toEqual(expect.arrayContaining([mine.serviceId, managers.serviceId]))
    // A rider books the doctor's next slot: the doctor sees it on the roster, the workbench and in the figures.
    const startAt = slotStart(2)
    data(await book(mine.serviceId, startAt, rider(90)))
    data(await book(managers.serviceId, startAt, rider(91)))
    const roster = data(await app.callAs<{ rows: Array<{ name: string }> }>('service_provider', 'services', 'slotRoster', { serviceId: mine.serviceId, startAt }))
    expect(roster.rows).toHaveLength(1)
    expect(code(await app.callAs('service_provider', 'services', 'slotRoster', { serviceId: managers.serviceId, startAt }))).toBe('FORBIDDEN')
    const bench = data(await app.callAs<Workbench>('service_provider', 'users', 'workbench'))
    const startsToday = new Date(new Date(startAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 10) === today
    expect(bench.items.find((i) => i.kind === 'provided_services_today')?.count).toBe(startsToday ? 1 : 0)
    const f = data(await app.callAs<ServiceFigures>('service_provider', 'services', 'figures', { stationId: STATION, from: today, to: later, group: 'type' }))
    expect(f.rows.map((r) => r.key)).toEqual(['health_check'])
    expect(f.total.booked).toBe(1)
  })
})
