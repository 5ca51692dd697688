/** The shared capacity and waitlist rules: seat decisions by arrival, the freed-seat rule under both policies, offers passing on, recount. */
import {
  compareQueue,
  countHeld,
  decideSeats,
  nextForFreedSeat,
  OFFER_HOLD_MS,
  offerLive,
  offerPolicy,
  passOnLapsedOffer,
  promotePolicy,
  queuePosition,
  recountVerdict,
  RECOUNT_QUIET_MS,
  seatsLeft,
} from '../../src/core/capacity'

const t0 = new Date('2026-03-10T06:00:00.000Z')
const at = (ms: number) => new Date(t0.getTime() + ms)

describe('seat decisions', () => {
  it('books the earliest arrivals while seats are left and waitlists the rest in arrival order, however they were listed', () => {
    const arrivals = Array.from({ length: 30 }, (_, i) => ({ id: `r${String(i).padStart(2, '0')}`, queuedAt: at(i) }))
    const shuffled = [...arrivals].reverse()
    const decisions = decideSeats(5, 0, shuffled)
    const booked = arrivals.filter((a) => decisions.get(a.id) === 'booked').map((a) => a.id)
    expect(booked).toEqual(['r00', 'r01', 'r02', 'r03', 'r04'])
    expect(arrivals.filter((a) => decisions.get(a.id) === 'waitlisted')).toHaveLength(25)
  })

  it('counts seats already taken, and never books past a counter that drifted above the capacity', () => {
    const arrivals = [
      { id: 'a', queuedAt: at(1) },
      { id: 'b', queuedAt: at(2) },
    ]
    expect([...decideSeats(3, 2, arrivals).values()]).toEqual(['booked', 'waitlisted'])
    expect([...decideSeats(3, 4, arrivals).values()]).toEqual(['waitlisted', 'waitlisted'])
    expect(seatsLeft(3, 4)).toBe(0)
    expect(seatsLeft(5, 2)).toBe(3)
  })

  it('orders the queue by waiting time, then id; a record that never waited sorts last', () => {
    const q = [
      { id: 'c', queuedAt: at(3) },
      { id: 'b', queuedAt: at(1).toISOString() },
      { id: 'a', queuedAt: at(1) },
      { id: '0', queuedAt: null },
    ]
    expect([...q].sort(compareQueue).map((x) => x.id)).toEqual(['a', 'b', 'c', '0'])
    expect(queuePosition(q[0], true, q)).toBe(3)
    expect(queuePosition({ id: 'new', queuedAt: at(2) }, true, q)).toBe(3)
    expect(queuePosition(q[2], false, q)).toBeNull()
  })
})

describe('the freed seat: one rule, two policies', () => {
  const queue = [
    { id: 'late', queuedAt: at(20) },
    { id: 'first', queuedAt: at(5) },
    { id: 'second', queuedAt: at(10) },
  ]

  it('promote gives the seat to the first waiter outright', () => {
    expect(nextForFreedSeat(promotePolicy, queue, t0)).toEqual({ kind: 'promote', id: 'first' })
  })

  it('offer holds the seat for the first waiter for 30 minutes by default', () => {
    expect(OFFER_HOLD_MS).toBe(30 * 60_000)
    expect(nextForFreedSeat(offerPolicy(), queue, t0)).toEqual({ kind: 'offer', id: 'first', expiresAt: at(30 * 60_000) })
    expect(nextForFreedSeat(offerPolicy(60_000), queue, t0)).toEqual({ kind: 'offer', id: 'first', expiresAt: at(60_000) })
  })

  it('gives the seat back to the counter when nobody waits', () => {
    expect(nextForFreedSeat(promotePolicy, [], t0)).toEqual({ kind: 'release' })
    expect(nextForFreedSeat(offerPolicy(), [], t0)).toEqual({ kind: 'release' })
  })
})

describe('held offers', () => {
  const policy = offerPolicy()
  const offer = { id: 'first', expiresAt: at(OFFER_HOLD_MS) }
  const waiting = [
    { id: 'third', queuedAt: at(30) },
    { id: 'second', queuedAt: at(10) },
  ]

  it('is live until its expiry instant and passes nothing on while it runs', () => {
    expect(offerLive(offer, at(OFFER_HOLD_MS - 1))).toBe(true)
    expect(offerLive(offer, at(OFFER_HOLD_MS))).toBe(false)
    expect(passOnLapsedOffer(policy, offer, waiting, at(OFFER_HOLD_MS - 1))).toBeNull()
  })

  it('passes a lapsed offer to the next waiter with a fresh hold, then on again when that one lapses', () => {
    const lapsedAt = at(OFFER_HOLD_MS)
    const second = passOnLapsedOffer(policy, offer, waiting, lapsedAt)
    expect(second).toEqual({ kind: 'offer', id: 'second', expiresAt: new Date(lapsedAt.getTime() + OFFER_HOLD_MS) })
    if (second?.kind !== 'offer') throw new Error('expected an offer')
    // The lapsed holder is out; the one now holding the offer is not in the queue either.
    const third = passOnLapsedOffer(policy, { id: second.id, expiresAt: second.expiresAt }, waiting, second.expiresAt)
    expect(third).toMatchObject({ kind: 'offer', id: 'third' })
    expect(passOnLapsedOffer(policy, { id: 'third', expiresAt: at(0) }, [], at(1))).toEqual({ kind: 'release' })
  })

  it('never offers the seat back to the person who let it lapse, even if still listed as waiting', () => {
    expect(passOnLapsedOffer(policy, offer, [{ id: 'first', queuedAt: at(0) }, ...waiting], at(OFFER_HOLD_MS))).toMatchObject({ id: 'second' })
  })
})

describe('recount', () => {
  const now = t0
  const ago = (ms: number) => new Date(now.getTime() - ms)

  it('counts the records holding seats, offers included', () => {
    const records = [{ state: 'booked' }, { state: 'offered' }, { state: 'waitlisted' }, { state: 'cancelled' }, { state: 'booked' }] as const
    expect(countHeld([...records], ['booked', 'offered'])).toBe(3)
    expect(countHeld([...records], ['booked'])).toBe(2)
  })

  it('leaves a matching counter alone, waits while records change, fixes drift either way once still', () => {
    expect(recountVerdict({ counter: 3, held: 3, lastChangeAt: ago(1000), now })).toEqual({ kind: 'ok' })
    expect(recountVerdict({ counter: 3, held: 2, lastChangeAt: ago(RECOUNT_QUIET_MS - 1), now })).toEqual({ kind: 'busy' })
    expect(recountVerdict({ counter: 3, held: 2, lastChangeAt: ago(RECOUNT_QUIET_MS), now })).toEqual({ kind: 'fix', after: 2 })
    expect(recountVerdict({ counter: 1, held: 4, lastChangeAt: null, now })).toEqual({ kind: 'fix', after: 4 })
    expect(recountVerdict({ counter: NaN, held: 0, lastChangeAt: null, now })).toEqual({ kind: 'ok' })
    expect(recountVerdict({ counter: 5, held: 2, lastChangeAt: ago(30_000), now, quietMs: 10_000 })).toEqual({ kind: 'fix', after: 2 })
  })
})
