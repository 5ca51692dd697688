/**
 * Capacity and waitlist rules, whatever is being booked: a volunteer activity's places, a service
 * slot's seats. One idea: a counter of seats taken that never exceeds the capacity, a queue of people
 * waiting in arrival order, and a rule for who gets a seat that frees. Two policies for that rule:
 *   - `promote` (volunteers): the first waiter simply gets the seat;
 *   - `offer` (station services): the first waiter gets a held offer for `holdMs`; the offer keeps the
 *     seat taken while it runs, and when it lapses untaken the seat passes on to the next waiter.
 * The counter is a cache of "records holding a seat"; `recountVerdict` says when it may be corrected.
 * Pure: the functions persist these decisions with guarded updates (cloudfunctions/_runtime/capacity.ts).
 */

/** Someone in a queue: ordered by when they started waiting, then by id so the order is total. */
export interface QueueEntry {
  id: string
  /** When they joined the queue; absent sorts last (a record that never waited). */
  queuedAt?: Date | string | null
}

/** Seats still free (never negative, whatever a drifted counter says). */
export function seatsLeft(capacity: number, taken: number): number {
  return Math.max(0, capacity - taken)
}

/** Queue order: who waited first; ties (same millisecond) by id. */
export function compareQueue(a: QueueEntry, b: QueueEntry): number {
  const ta = a.queuedAt ? new Date(a.queuedAt).getTime() : Infinity
  const tb = b.queuedAt ? new Date(b.queuedAt).getTime() : Infinity
  return ta - tb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/** 1-based place of `me` among `queue` (me need not be in the list), or null when not waiting. */
export function queuePosition(me: QueueEntry, waiting: boolean, queue: QueueEntry[]): number | null {
  if (!waiting) return null
  return queue.filter((w) => w.id !== me.id && compareQueue(w, me) < 0).length + 1
}

export type SeatDecision = 'booked' | 'waitlisted'

/**
 * Who gets a seat when `arrivals` ask for one while `taken` seats are already gone: the earliest
 * arrivals while seats are left, everyone after them waits — in arrival order, so the answer is the
 * same however the requests were interleaved. Answers a decision per arrival id.
 */
export function decideSeats(capacity: number, taken: number, arrivals: QueueEntry[]): Map<string, SeatDecision> {
  let left = seatsLeft(capacity, taken)
  const out = new Map<string, SeatDecision>()
  for (const a of [...arrivals].sort(compareQueue)) {
    out.set(a.id, left > 0 ? 'booked' : 'waitlisted')
    if (left > 0) left--
  }
  return out
}

/** What happens to a seat that frees. */
export type FreedSeatPolicy = { kind: 'promote' } | { kind: 'offer'; holdMs: number }

export const promotePolicy: FreedSeatPolicy = { kind: 'promote' }

/** The services' held offer: 30 minutes to take the seat. */
export const OFFER_HOLD_MS = 30 * 60_000
export const offerPolicy = (holdMs: number = OFFER_HOLD_MS): FreedSeatPolicy => ({ kind: 'offer', holdMs })

/** Where a freed seat goes. `release`: nobody waits, the seat goes back to the counter. */
export type SeatMove = { kind: 'promote'; id: string } | { kind: 'offer'; id: string; expiresAt: Date } | { kind: 'release' }

/**
 * The one rule for a freed seat, both policies: the first in the queue (by `compareQueue`) gets it —
 * outright under `promote`, as an offer held until `now + holdMs` under `offer`. `queue` holds only
 * those still waiting (not anyone whose offer lapsed, not the person who just gave the seat up).
 * People arriving while seats are free are not "freed seats": they are booked outright under either
 * policy (decideSeats), since they are there asking.
 */
export function nextForFreedSeat(policy: FreedSeatPolicy, queue: QueueEntry[], now: Date): SeatMove {
  const first = [...queue].sort(compareQueue)[0]
  if (!first) return { kind: 'release' }
  if (policy.kind === 'promote') return { kind: 'promote', id: first.id }
  return { kind: 'offer', id: first.id, expiresAt: new Date(now.getTime() + policy.holdMs) }
}

/** A held offer: the seat it keeps, until when. */
export interface HeldOffer {
  id: string
  expiresAt: Date | string
}

/** An offer is live until its expiry instant, which already belongs to the next waiter. */
export function offerLive(offer: HeldOffer, now: Date): boolean {
  return now.getTime() < new Date(offer.expiresAt).getTime()
}

/**
 * An offer that was not taken: if it has lapsed, its seat passes on by the same rule as any freed
 * seat (the lapsed person is out of the queue); while it runs, nothing moves (`null`).
 */
export function passOnLapsedOffer(policy: FreedSeatPolicy, offer: HeldOffer, queue: QueueEntry[], now: Date): SeatMove | null {
  if (offerLive(offer, now)) return null
  return nextForFreedSeat(
    policy,
    queue.filter((q) => q.id !== offer.id),
    now,
  )
}

/**
 * The seat counter's safety net. A seat is taken by incrementing the counter and then confirming the
 * record; a function that dies between the two (or between freeing a record and giving the seat back)
 * leaves the counter one off, and the seat is lost to everyone. The counter is a cache of "records
 * holding a seat", so a periodic job recounts it — but only once the records have been still for a
 * while: every seat move happens inside a request that first touches a record, so a recent change
 * means a request may be between its two steps, and "fixing" it then would make room for one too many.
 */
export const RECOUNT_QUIET_MS = 2 * 60_000

export type RecountVerdict = { kind: 'ok' } | { kind: 'busy' } | { kind: 'fix'; after: number }

export function recountVerdict(input: { counter: number; held: number; lastChangeAt: Date | null; now: Date; quietMs?: number }): RecountVerdict {
  const counter = Number.isFinite(input.counter) ? input.counter : 0
  if (counter === input.held) return { kind: 'ok' }
  const quiet = input.quietMs ?? RECOUNT_QUIET_MS
  if (input.lastChangeAt && input.now.getTime() - input.lastChangeAt.getTime() < quiet) return { kind: 'busy' }
  return { kind: 'fix', after: input.held }
}

/** Seats held according to the records: each record in a seat-holding state (a running or lapsed-but-not-passed offer included) holds one. */
export function countHeld<S extends string>(records: Array<{ state: S }>, holding: readonly S[]): number {
  return records.filter((r) => holding.includes(r.state)).length
}
