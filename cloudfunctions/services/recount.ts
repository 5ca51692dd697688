/**
 * The slot counters' safety net, run by the services timer: for each coming slot, compare `booked` with
 * the bookings actually holding a seat or a live offer (the shared rule `recountVerdict`, which leaves a
 * slot alone while its bookings are still moving), and correct drift with a compare-and-set on the value
 * read. Each correction is audited; a seat it frees is offered to the first waiter, who is told.
 */
import { recountVerdict } from '../../src/core/capacity'
import { Collection } from '../../src/core/collections'
import { writeAudit } from '../_runtime/audit'
import { countHeldSeats, fillSeats } from '../_runtime/capacity'
import type { Database } from '../_runtime/db'
import type { SystemContext } from '../_runtime/router'
import { notifyOffered } from './notify'
import { normaliseSlot, servicePolicy, slotSeats } from './store'

export const RECOUNT_ORIGIN = 'services.servicesTick'

async function lastChangeAt(db: Database, slotId: string): Promise<Date | null> {
  const res = await db.collection<{ updatedAt: Date }>(Collection.serviceBookings).where({ slotId }).orderBy('updatedAt', 'desc').limit(1).field({ updatedAt: true }).get()
  const at = res.data[0]?.updatedAt
  return at ? new Date(at) : null
}

export async function recountSlots(sys: Pick<SystemContext, 'db' | 'cloud' | 'now' | 'fn'>, limit = 200): Promise<{ checked: number; fixed: number }> {
  const { db, now } = sys
  const slots = (await db.collection<Record<string, unknown>>(Collection.serviceSlots).where({ startAt: db.command.gt(now) }).orderBy('startAt', 'asc').limit(limit).get()).data.map(normaliseSlot)
  let fixed = 0
  for (const slot of slots) {
    const held = await countHeldSeats(db, slotSeats, slot._id)
    const verdict = recountVerdict({ counter: slot.booked, held, lastChangeAt: await lastChangeAt(db, slot._id), now })
    if (verdict.kind !== 'fix') continue
    const res = await db.collection(Collection.serviceSlots).where({ _id: slot._id, booked: slot.booked }).update({ data: { booked: verdict.after } })
    if (res.stats.updated !== 1) continue
    fixed++
    await writeAudit(
      db,
      {
        action: 'service_slot.recount_seats',
        actorId: 'system',
        targetKind: 'service_slot',
        targetId: slot._id,
        before: { booked: slot.booked },
        after: { booked: verdict.after, seats: slot.seats },
        reason: `时段已约人数与实际预约不符（计数 ${slot.booked}，实际 ${verdict.after}），已按实际预约更正`,
        origin: RECOUNT_ORIGIN,
      },
      now,
    )
    const offered = await fillSeats(db, slotSeats, { _id: slot._id, capacity: slot.seats }, servicePolicy, now)
    if (offered.length) await notifyOffered({ db, cloud: sys.cloud, now, fn: sys.fn, action: 'servicesTick', userId: 'system' }, offered.map((o) => o._id))
  }
  return { checked: slots.length, fixed }
}
