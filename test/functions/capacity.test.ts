/**
 * The shared seat mechanics (cloudfunctions/_runtime/capacity.ts) against the emulator with the real
 * wx-server-sdk, under the services' held-offer policy (volunteers' promote policy is covered by
 * test/volunteers/functions.test.ts): parallel bookings never overfill and queue in arrival order; a
 * freed seat becomes a 30-minute offer to the first waiter, which passes on when it lapses — once, even
 * when two timer runs race — and goes back to the counter when nobody waits; the recount agrees.
 */
import { OFFER_HOLD_MS, offerPolicy } from '../../src/core/capacity'
import { acceptOffer, countHeldSeats, fillSeats, passOnLapsedOffers, passOnOffer, releaseSeat, requestSeat, type CapacitySpec, type ClaimRow } from '../../cloudfunctions/_runtime/capacity'
import { startProject, type Project } from '../support/project'

jest.setTimeout(120_000)

const spec: CapacitySpec = {
  counter: { collection: 'cap_test_slots', capacityField: 'seats', takenField: 'booked' },
  claims: {
    collection: 'cap_test_bookings',
    scopeField: 'slotId',
    queuedAtField: 'waitlistedAt',
    states: { waiting: 'waitlisted', holding: 'booked', offered: 'offered', lapsed: 'lapsed' },
    offerExpiresField: 'offerExpiresAt',
    grantedAtFields: ['bookedAt'],
    offeredAtFields: ['offeredAt'],
  },
}
const policy = offerPolicy()
const t0 = new Date('2026-12-08T05:00:00.000Z')
const at = (ms: number) => new Date(t0.getTime() + ms)

let app: Project
let seq = 0

beforeAll(async () => {
  app = await startProject({ functions: [] })
  await app.db.createCollection(spec.counter.collection)
  await app.db.createCollection(spec.claims.collection)
})
afterAll(async () => {
  await app?.close()
})

async function newSlot(seats: number): Promise<string> {
  const _id = `slot-${++seq}`
  await app.db.collection(spec.counter.collection).add({ data: { _id, seats, booked: 0 } })
  return _id
}

/** A booking request as a function would run it: queue at the back (stamped on arrival), then ask for a seat. */
async function book(slotId: string, rider: string, now: Date): Promise<{ state: string | null; others: ClaimRow[] }> {
  await app.db.collection(spec.claims.collection).add({ data: { _id: `${slotId}:${rider}`, slotId, rider, state: 'waitlisted', waitlistedAt: now, updatedAt: now } })
  const slot = (await app.db.collection(spec.counter.collection).doc(slotId).get()).data
  return (await requestSeat(app.db, spec, { _id: slotId, capacity: slot.seats }, `${slotId}:${rider}`, now))
}

/** A cancellation of a booked seat: the claim leaves, the seat is given back and offered on. */
async function cancel(slotId: string, rider: string, now: Date): Promise<void> {
  const res = await app.db.collection(spec.claims.collection).where({ _id: `${slotId}:${rider}`, state: 'booked' }).update({ data: { state: 'cancelled', updatedAt: now } })
  expect(res.stats.updated).toBe(1)
  await releaseSeat(app.db, spec, slotId)
  const slot = (await app.db.collection(spec.counter.collection).doc(slotId).get()).data
  await fillSeats(app.db, spec, { _id: slotId, capacity: slot.seats }, policy, now)
}

async function claims(slotId: string): Promise<Record<string, { state: string; offerExpiresAt?: Date; waitlistedAt: Date }>> {
  const res = await app.db.collection(spec.claims.collection).where({ slotId }).limit(100).get()
  return Object.fromEntries(res.data.map((c: { rider: string }) => [c.rider, c]))
}
const counter = async (slotId: string): Promise<number> => (await app.db.collection(spec.counter.collection).doc(slotId).get()).data.booked

it('30 parallel bookings for 5 seats: exactly 5 booked, the other 25 waiting in arrival order', async () => {
  const slotId = await newSlot(5)
  const riders = Array.from({ length: 30 }, (_, i) => `r${String(i).padStart(2, '0')}`)
  const answers = await Promise.all(riders.map((r, i) => book(slotId, r, at(i))))
  const all = await claims(slotId)
  const booked = riders.filter((r) => all[r].state === 'booked')
  expect(booked).toHaveLength(5)
  expect(await counter(slotId)).toBe(5)
  expect(await countHeldSeats(app.db, spec, slotId)).toBe(5)
  const queue = await app.db.collection(spec.claims.collection).where({ slotId, state: 'waitlisted' }).orderBy('waitlistedAt', 'asc').orderBy('_id', 'asc').limit(100).get()
  const waiting = queue.data.map((c: { rider: string }) => c.rider)
  expect(waiting).toEqual(riders.filter((r) => !booked.includes(r)))
  // Every booked rider learns it: answered "booked", or granted by a concurrent request that tells them.
  // No answer overstates: nobody is told "booked" without a seat.
  const answeredBooked = riders.filter((_, i) => answers[i].state === 'booked')
  const told = answers.flatMap((a) => a.others.map((o) => String(o.rider)))
  expect(answeredBooked.every((r) => booked.includes(r))).toBe(true)
  expect([...new Set([...answeredBooked, ...told])].sort()).toEqual(booked)
})

it('a cancellation offers the seat to the first waiter for 30 minutes; the lapsed offer passes on; the next takes it', async () => {
  const slotId = await newSlot(1)
  for (const [i, r] of ['a', 'b', 'c'].entries()) await book(slotId, r, at(i))
  expect((await claims(slotId)).a.state).toBe('booked')

  const cancelledAt = at(60_000)
  await cancel(slotId, 'a', cancelledAt)
  let all = await claims(slotId)
  expect(all.b).toMatchObject({ state: 'offered', offerExpiresAt: new Date(cancelledAt.getTime() + OFFER_HOLD_MS) })
  expect(all.c.state).toBe('waitlisted')
  // The offer keeps the seat: a newcomer queues behind c instead of taking it.
  await book(slotId, 'd', at(120_000))
  expect((await claims(slotId)).d.state).toBe('waitlisted')
  expect(await counter(slotId)).toBe(1)

  // Still running one millisecond before the end: nothing moves.
  const lapse = new Date(cancelledAt.getTime() + OFFER_HOLD_MS)
  expect(await passOnLapsedOffers(app.db, spec, policy, slotId, new Date(lapse.getTime() - 1))).toEqual([])
  // Two timer runs at the end race: the offer passes on once, to c.
  const [one, two] = await Promise.all([passOnLapsedOffers(app.db, spec, policy, slotId, lapse), passOnLapsedOffers(app.db, spec, policy, slotId, lapse)])
  expect([...one, ...two]).toEqual([{ claimId: `${slotId}:b`, move: { kind: 'offer', id: `${slotId}:c`, expiresAt: new Date(lapse.getTime() + OFFER_HOLD_MS) }, filled: [] }])
  all = await claims(slotId)
  expect(all.b.state).toBe('lapsed')
  expect(all.c.state).toBe('offered')
  expect(all.d.state).toBe('waitlisted')
  expect(await counter(slotId)).toBe(1)

  // b is too late; c takes the seat within the hold.
  expect(await acceptOffer(app.db, spec, `${slotId}:b`, lapse)).toBe(false)
  expect(await acceptOffer(app.db, spec, `${slotId}:c`, new Date(lapse.getTime() + 60_000))).toBe(true)
  all = await claims(slotId)
  expect(all.c.state).toBe('booked')
  expect(await counter(slotId)).toBe(1)
  expect(await countHeldSeats(app.db, spec, slotId)).toBe(1)
})

it('an offer declined with nobody waiting gives the seat back to the counter; an expired offer cannot be taken', async () => {
  const slotId = await newSlot(2)
  await book(slotId, 'a', at(0))
  await book(slotId, 'b', at(1))
  await book(slotId, 'c', at(2))
  await cancel(slotId, 'a', at(10_000))
  expect((await claims(slotId)).c.state).toBe('offered')
  expect(await acceptOffer(app.db, spec, `${slotId}:c`, new Date(at(10_000).getTime() + OFFER_HOLD_MS))).toBe(false)

  const declined = await passOnOffer(app.db, spec, policy, `${slotId}:c`, at(20_000), { decline: true })
  expect(declined).toMatchObject({ claimId: `${slotId}:c`, move: { kind: 'release' } })
  expect((await claims(slotId)).c.state).toBe('lapsed')
  expect(await counter(slotId)).toBe(1)
  expect(await countHeldSeats(app.db, spec, slotId)).toBe(1)
  // Nothing left to pass on.
  expect(await passOnOffer(app.db, spec, policy, `${slotId}:c`, at(30_000), { decline: true })).toBeNull()
})
