/**
 * Seats and waitlists in the database, for any domain (volunteer activities, service slots): the rules
 * are src/core/capacity.ts, this persists them. A counter document (the activity, the slot) carries a
 * capacity and a count of seats taken; claim documents (sign-ups, bookings) point at it and wait,
 * hold a seat, or (under the `offer` policy) hold an offer on a seat.
 *
 * The counter only moves by guarded single-document updates — `where({ _id, capacity, taken: _.lt(capacity) })`
 * with `_.inc(1)`, accepted only when `stats.updated === 1` — which the database applies atomically, so
 * however many requests race the counter never exceeds the capacity, with no transaction to conflict on.
 * Everyone who asks is first queued, then `fillSeats` hands free seats to the queue in order, so a
 * newcomer and a freed seat go through one path and nobody jumps the queue. A freed seat (a
 * cancellation, a recount's correction) goes back with `releaseSeat`, then `fillSeats` with the
 * domain's policy gives it to the first waiter: outright (volunteers) or as a held offer (services).
 *
 * Moves that change two documents and must not be seen half done — an offer passing from the person who
 * let it lapse to the next waiter, or its seat going back to the counter — run through runInTransaction.
 */
import { nextForFreedSeat, offerLive, passOnLapsedOffer, promotePolicy, type FreedSeatPolicy, type QueueEntry, type SeatMove } from '../../src/core/capacity'
import { txGet, type Database } from './db'
import { runInTransaction } from './transactions'

/**
 * Where one kind of seat lives: field names differ per domain, the mechanics do not. Claims keep their
 * state in `state` and are stamped `updatedAt` on every move (the recount's sign that a move may be
 * under way).
 */
export interface CapacitySpec {
  /** The counter document: e.g. activities { capacity, signedUp }. */
  counter: { collection: string; capacityField: string; takenField: string }
  claims: {
    collection: string
    /** The claim's field holding the counter document's id (e.g. `activityId`). */
    scopeField: string
    /** When the claim joined the queue (e.g. `waitlistedAt`): the queue order. */
    queuedAtField: string
    states: {
      waiting: string
      holding: string
      /** `offer` policy only: holding an offer on a seat (the seat is counted as taken). */
      offered?: string
      /** `offer` policy only: the offer ran out untaken (out of the queue). */
      lapsed?: string
    }
    /** `offer` policy only: when the offer runs out. */
    offerExpiresField?: string
    /** Fields stamped with the time when a claim is given a seat outright (besides the state). */
    grantedAtFields: string[]
    /** Fields stamped with the time when a claim is given an offer. */
    offeredAtFields?: string[]
  }
}

export interface ClaimRow {
  _id: string
  state: string
  [field: string]: unknown
}

function stamps(fields: string[] | undefined, now: Date): Record<string, Date> {
  return Object.fromEntries((fields ?? []).map((f) => [f, now]))
}

function entryOf(spec: CapacitySpec, claim: ClaimRow): QueueEntry {
  return { id: claim._id, queuedAt: claim[spec.claims.queuedAtField] as Date | string | undefined }
}

function offerFields(spec: CapacitySpec): { offered: string; lapsed: string; expires: string } {
  const { offered, lapsed } = spec.claims.states
  const expires = spec.claims.offerExpiresField
  if (!offered || !lapsed || !expires) throw new Error(`capacity spec for ${spec.claims.collection} has no offer states`)
  return { offered, lapsed, expires }
}

/** What a claim's document becomes when the freed-seat rule picks it. */
function grantData(spec: CapacitySpec, move: Exclude<SeatMove, { kind: 'release' }>, now: Date): Record<string, unknown> {
  if (move.kind === 'promote') return { state: spec.claims.states.holding, ...stamps(spec.claims.grantedAtFields, now) }
  const { offered, expires } = offerFields(spec)
  return { state: offered, [expires]: move.expiresAt, ...stamps(spec.claims.offeredAtFields, now) }
}

/** Takes one seat if one is free (the capacity read is part of the guard, so a concurrent change of it misses). */
export async function takeSeat(db: Database, spec: CapacitySpec, counter: { _id: string; capacity: number }): Promise<boolean> {
  const _ = db.command
  const { collection, capacityField, takenField } = spec.counter
  const res = await db
    .collection(collection)
    .where({ _id: counter._id, [capacityField]: counter.capacity, [takenField]: _.lt(counter.capacity) })
    .update({ data: { [takenField]: _.inc(1) } })
  return res.stats.updated === 1
}

export async function releaseSeat(db: Database, spec: CapacitySpec, counterId: string): Promise<void> {
  const _ = db.command
  const { collection, takenField } = spec.counter
  await db.collection(collection).where({ _id: counterId, [takenField]: _.gt(0) }).update({ data: { [takenField]: _.inc(-1) } })
}

const FILL_BATCH = 10

/**
 * Hands free seats to waiting claims in queue order — outright (`promote`) or as held offers (`offer`) —
 * while seats are free; answers the claims that got one. Bounded: at most `max` per call (a
 * cancellation frees one seat; a capacity raise a few).
 */
export async function fillSeats<T extends ClaimRow = ClaimRow>(
  db: Database,
  spec: CapacitySpec,
  counter: { _id: string; capacity: number },
  policy: FreedSeatPolicy,
  now: Date,
  max = 20,
): Promise<T[]> {
  const { collection, scopeField, queuedAtField, states } = spec.claims
  const granted: T[] = []
  const skipped = new Set<string>()
  while (granted.length < max) {
    const queue = await db
      .collection<T>(collection)
      .where({ [scopeField]: counter._id, state: states.waiting })
      .orderBy(queuedAtField, 'asc')
      .orderBy('_id', 'asc')
      .limit(FILL_BATCH + skipped.size)
      .get()
    const candidates = queue.data.filter((c) => !skipped.has(c._id))
    if (candidates.length === 0) break
    let progressed = false
    let pending = candidates
    while (pending.length > 0) {
      const move = nextForFreedSeat(
        policy,
        pending.map((c) => entryOf(spec, c)),
        now,
      )
      if (move.kind === 'release') break
      const candidate = pending.find((c) => c._id === move.id) as T
      pending = pending.filter((c) => c !== candidate)
      if (!(await takeSeat(db, spec, counter))) return granted
      const won = await db
        .collection(collection)
        .where({ _id: candidate._id, state: states.waiting })
        .update({ data: { ...grantData(spec, move, now), updatedAt: now } })
      if (won.stats.updated === 1) {
        granted.push(candidate)
        progressed = true
      } else {
        // Someone else granted or cancelled this one first: give the seat back and try the next.
        await releaseSeat(db, spec, counter._id)
        skipped.add(candidate._id)
      }
      if (granted.length >= max) break
    }
    if (!progressed && candidates.length < FILL_BATCH) break
  }
  return granted
}

/**
 * A booking request's seat, once its claim is queued at the back: free seats go to the queue in order,
 * outright whatever the domain's freed-seat policy — people queued while seats are free are arriving
 * now, not waiting for a seat to free (concurrent requests promote each other in order). Answers the
 * claim's state afterwards, and the others given a seat (to be told).
 */
export async function requestSeat(
  db: Database,
  spec: CapacitySpec,
  counter: { _id: string; capacity: number },
  claimId: string,
  now: Date,
): Promise<{ state: string | null; others: ClaimRow[] }> {
  const granted = await fillSeats(db, spec, counter, promotePolicy, now)
  const claim = (await db.collection<ClaimRow>(spec.claims.collection).where({ _id: claimId }).limit(1).get()).data[0]
  return { state: claim?.state ?? null, others: granted.filter((c) => c._id !== claimId) }
}

/** The holder of a live offer takes the seat (the seat was already counted when offered). False when it lapsed or moved. */
export async function acceptOffer(db: Database, spec: CapacitySpec, claimId: string, now: Date): Promise<boolean> {
  const _ = db.command
  const { offered, expires } = offerFields(spec)
  const res = await db
    .collection(spec.claims.collection)
    .where({ _id: claimId, state: offered, [expires]: _.gt(now) })
    .update({ data: { state: spec.claims.states.holding, ...stamps(spec.claims.grantedAtFields, now), updatedAt: now } })
  return res.stats.updated === 1
}

/** How far down the queue a hand-over looks for someone still waiting. */
const PASS_LOOKAHEAD = 5

/** The hand-over, and who a seat given back went to afterwards (someone who queued meanwhile). */
export type PassOutcome = { claimId: string; move: SeatMove; filled: ClaimRow[] }

/**
 * An offer ends untaken — it lapsed (`decline: false`, only once expired) or its holder declined it
 * (`decline: true`, at any time): the holder drops out of the queue and, in one transaction, the seat
 * goes to the next waiter as a new offer or, with nobody waiting, back to the counter. The seat is never
 * free in between, so no newcomer can take it ahead of the queue. Null when the offer is not there to
 * pass on (taken, already passed, or still running).
 */
export async function passOnOffer(
  db: Database,
  spec: CapacitySpec,
  policy: FreedSeatPolicy,
  claimId: string,
  now: Date,
  options: { decline?: boolean } = {},
): Promise<PassOutcome | null> {
  const { offered, lapsed, expires } = offerFields(spec)
  const { collection, scopeField, queuedAtField, states } = spec.claims
  const claim = (await db.collection<ClaimRow>(collection).where({ _id: claimId }).limit(1).get()).data[0]
  if (!claim || claim.state !== offered) return null
  // Queries cannot run inside a transaction: read the head of the queue first, re-check each inside.
  const head = (
    await db
      .collection<ClaimRow>(collection)
      .where({ [scopeField]: claim[scopeField], state: states.waiting })
      .orderBy(queuedAtField, 'asc')
      .orderBy('_id', 'asc')
      .limit(PASS_LOOKAHEAD)
      .get()
  ).data
  const passed = await runInTransaction(db, async (t) => {
    const current = await txGet<ClaimRow>(t, collection, claimId)
    if (!current || current.state !== offered) return null
    const offer = { id: claimId, expiresAt: current[expires] as Date | string }
    if (!options.decline && offerLive(offer, now)) return null
    const waiting: ClaimRow[] = []
    for (const c of head) {
      const fresh = await txGet<ClaimRow>(t, collection, c._id)
      if (fresh && fresh.state === states.waiting) waiting.push(fresh)
    }
    const move = passOnLapsedOffer(
      policy,
      { ...offer, expiresAt: options.decline ? now : offer.expiresAt },
      waiting.map((c) => entryOf(spec, c)),
      now,
    ) as SeatMove
    await t.collection(collection).doc(claimId).update({ data: { state: lapsed, updatedAt: now } })
    if (move.kind === 'release') {
      const counterId = String(current[scopeField])
      const counter = await txGet<Record<string, unknown>>(t, spec.counter.collection, counterId)
      // An increment, not a computed value: the counter also moves by guarded updates outside transactions.
      if (Number(counter?.[spec.counter.takenField] ?? 0) > 0) await t.collection(spec.counter.collection).doc(counterId).update({ data: { [spec.counter.takenField]: db.command.inc(-1) } })
    } else {
      await t
        .collection(collection)
        .doc(move.id)
        .update({ data: { ...grantData(spec, move, now), updatedAt: now } })
    }
    return { claimId, move, counterId: String(current[scopeField]) }
  })
  if (!passed) return null
  let filled: ClaimRow[] = []
  if (passed.move.kind === 'release') {
    // Someone may have queued after the head was read and found no seat free: they are next.
    const counter = (await db.collection<Record<string, unknown>>(spec.counter.collection).where({ _id: passed.counterId }).limit(1).get()).data[0]
    if (counter) filled = await fillSeats(db, spec, { _id: passed.counterId, capacity: Number(counter[spec.counter.capacityField]) }, policy, now)
  }
  return { claimId, move: passed.move, filled }
}

/** Every lapsed offer under one counter passed on (the timer's job); bounded per call. */
export async function passOnLapsedOffers(db: Database, spec: CapacitySpec, policy: FreedSeatPolicy, counterId: string, now: Date, max = 20): Promise<PassOutcome[]> {
  const _ = db.command
  const { offered, expires } = offerFields(spec)
  const out: PassOutcome[] = []
  const lapsedOffers = (
    await db
      .collection<ClaimRow>(spec.claims.collection)
      .where({ [spec.claims.scopeField]: counterId, state: offered, [expires]: _.lte(now) })
      .orderBy(expires, 'asc')
      .limit(max)
      .get()
  ).data
  for (const o of lapsedOffers) {
    const passed = await passOnOffer(db, spec, policy, o._id, now)
    if (passed) out.push(passed)
  }
  return out
}

/** Seats the records hold: every claim holding a seat or an offer on one (the recount's truth). */
export async function countHeldSeats(db: Database, spec: CapacitySpec, counterId: string): Promise<number> {
  const _ = db.command
  const { holding, offered } = spec.claims.states
  const held = offered ? _.in([holding, offered]) : holding
  return (await db.collection(spec.claims.collection).where({ [spec.claims.scopeField]: counterId, state: held }).count()).total
}
