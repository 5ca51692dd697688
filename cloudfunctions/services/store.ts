/**
 * Station-services persistence: the seat mechanics bound to slots and bookings (the shared capacity
 * module with the `offer` policy), reading services / slots / bookings in their stored shape, the
 * object-level check "does this caller manage THIS service's station", and the views pages get.
 */
import { offerPolicy, queuePosition } from '../../src/core/capacity'
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { Role } from '../../src/core/roles'
import { toGeoPoint } from '../../src/core/geo'
import { chinaParts, formatHhMm, parseHhMm, weekdayLabel } from '../../src/core/time'
import { keepsService, type KeptService, type ServiceKeeper } from '../../src/services/access'
import { checkRating } from '../../src/services/booking'
import type { MyBooking, ServiceDefinition, ServiceSummary, SlotView } from '../../src/services/contract'
import type { BookingDoc, ServiceDoc, SlotDoc } from '../../src/services/model'
import { canCancel, canBook, type ScheduleDefinition, type Slot } from '../../src/services/schedule'
import { bookingStateLabel, serviceTypeLabel } from '../../src/services/vocabulary'
import type { CapacitySpec } from '../_runtime/capacity'
import { dateOf, getById, type Database } from '../_runtime/db'
import type { ActionContext } from '../_runtime/router'
import { canManage } from '../stations/store'

export const slotSeats: CapacitySpec = {
  counter: { collection: Collection.serviceSlots, capacityField: 'seats', takenField: 'booked' },
  claims: {
    collection: Collection.serviceBookings,
    scopeField: 'slotId',
    queuedAtField: 'waitlistedAt',
    states: { waiting: 'waitlisted', holding: 'booked', offered: 'offered', lapsed: 'lapsed' },
    offerExpiresField: 'offerExpiresAt',
    grantedAtFields: ['bookedAt'],
    offeredAtFields: ['offeredAt'],
  },
}

/** A freed seat goes to the first waiter as a 30-minute held offer. */
export const servicePolicy = offerPolicy()

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string))

export function normaliseService(raw: Record<string, unknown>): ServiceDoc {
  const d = raw as unknown as ServiceDoc
  return { ...d, location: toGeoPoint(raw.location), createdAt: asDate(d.createdAt), updatedAt: asDate(d.updatedAt), ratingSum: d.ratingSum ?? 0, ratingCount: d.ratingCount ?? 0 }
}

export function normaliseBooking(raw: Record<string, unknown>): BookingDoc {
  const b = raw as unknown as BookingDoc
  return {
    ...b,
    attendance: b.attendance ?? 'none',
    startAt: asDate(b.startAt),
    endAt: asDate(b.endAt),
    waitlistedAt: asDate(b.waitlistedAt),
    bookedAt: dateOf(b.bookedAt),
    offeredAt: dateOf(b.offeredAt),
    offerExpiresAt: dateOf(b.offerExpiresAt),
    createdAt: asDate(b.createdAt),
    updatedAt: asDate(b.updatedAt),
  }
}

export function normaliseSlot(raw: Record<string, unknown>): SlotDoc {
  const s = raw as unknown as SlotDoc
  return { ...s, startAt: asDate(s.startAt), endAt: asDate(s.endAt), booked: s.booked ?? 0 }
}

export async function findService(db: Database, serviceId: string): Promise<ServiceDoc | null> {
  const raw = await getById<Record<string, unknown>>(db, Collection.services, serviceId)
  return raw ? normaliseService(raw) : null
}

export async function requireService(db: Database, serviceId: string): Promise<ServiceDoc> {
  const s = await findService(db, serviceId)
  if (!s) throw new AppError('NOT_FOUND', '没有找到这项服务，可能已被驿站删除', 'serviceId')
  return s
}

export async function findBooking(db: Database, bookingId: string): Promise<BookingDoc | null> {
  const raw = await getById<Record<string, unknown>>(db, Collection.serviceBookings, bookingId)
  return raw ? normaliseBooking(raw) : null
}

/** The caller's own booking (another rider's reads as not found: nothing about it leaks). */
export async function requireMyBooking(ctx: ActionContext, bookingId: string): Promise<BookingDoc> {
  const b = await findBooking(ctx.db, bookingId)
  if (!b || b.userId !== ctx.userId) throw new AppError('NOT_FOUND', '没有找到这个预约', 'bookingId')
  return b
}

/** The caller as src/services/access.ts asks about them. */
export function keeperOf(ctx: Pick<ActionContext, 'inScope' | 'userId'>): ServiceKeeper {
  return { userId: ctx.userId, managesStation: (id) => canManage(ctx, id), providesAt: (id) => ctx.inScope('station', id, Role.service_provider) }
}

export function canManageService(ctx: Pick<ActionContext, 'inScope' | 'userId'>, service: KeptService): boolean {
  return keepsService(service, keeperOf(ctx))
}

export function requireManageService(ctx: Pick<ActionContext, 'inScope' | 'userId'>, service: KeptService): void {
  if (!canManageService(ctx, service)) throw new AppError('FORBIDDEN', '只有这个驿站的管理员或开设这项服务的机构可以管理它')
}

export function scheduleOf(s: ServiceDoc): ScheduleDefinition {
  return {
    weekly: s.weekly,
    slotMinutes: s.slotMinutes,
    seatsPerSlot: s.seatsPerSlot,
    closedDates: s.closedDates,
    absences: s.absences,
    bookingWindowDays: s.bookingWindowDays,
    cutoffMinutes: s.cutoffMinutes,
  }
}

export function definitionOf(s: ServiceDoc): ServiceDefinition {
  return { ...scheduleOf(s) }
}

/** `每周二、周四 14:00–16:00` per weekly line. */
export function hoursText(s: Pick<ServiceDoc, 'weekly'>): string[] {
  return s.weekly.map((w) => `每${w.weekdays.map((d) => weekdayLabel[d]).join('、')} ${w.ranges.map((r) => `${formatHhMm(parseHhMm(r.start))}–${formatHhMm(parseHhMm(r.end))}`).join('、')}`)
}

export function serviceSummary(s: ServiceDoc, extra: { distanceM?: number; nextFree?: SlotView } = {}): ServiceSummary {
  return {
    serviceId: s._id,
    stationId: s.stationId,
    stationName: s.stationName,
    street: s.street,
    type: s.type,
    typeLabel: serviceTypeLabel[s.type],
    provider: s.provider,
    description: s.description,
    slotMinutes: s.slotMinutes,
    seatsPerSlot: s.seatsPerSlot,
    state: s.state,
    hoursText: hoursText(s),
    averageRating: s.ratingCount > 0 ? Math.round((s.ratingSum / s.ratingCount) * 10) / 10 : null,
    ratingCount: s.ratingCount,
    ...(extra.distanceM !== undefined ? { distanceM: Math.round(extra.distanceM / 10) * 10 } : {}),
    ...(extra.nextFree ? { nextFree: extra.nextFree } : {}),
  }
}

/** Slot counters for these services' slots starting in [from, to), by slot id. */
export async function slotCounters(db: Database, serviceIds: string[], from: Date, to: Date): Promise<Map<string, SlotDoc>> {
  const out = new Map<string, SlotDoc>()
  if (serviceIds.length === 0) return out
  const _ = db.command
  const res = await db
    .collection<Record<string, unknown>>(Collection.serviceSlots)
    .where({ serviceId: _.in(serviceIds.slice(0, 50)), startAt: _.gte(from).and(_.lt(to)) })
    .limit(1000)
    .get()
  for (const raw of res.data) {
    const slot = normaliseSlot(raw)
    out.set(slot._id, slot)
  }
  return out
}

export function slotView(service: ServiceDoc, slot: Slot, counter: SlotDoc | undefined, now: Date, mine?: BookingDoc, waiting = 0): SlotView {
  const taken = counter?.booked ?? 0
  const seats = counter?.seats ?? slot.seats
  const view: SlotView = {
    startAt: slot.startAt.toISOString(),
    endAt: slot.endAt.toISOString(),
    label: slot.label,
    seats,
    seatsLeft: Math.max(0, seats - taken),
    waiting,
    bookable: service.state === 'active' && canBook(slot, now, scheduleOf(service)).ok,
  }
  if (mine) view.mine = { bookingId: mine._id, state: mine.state }
  return view
}

export function slotLabel(startAt: Date, endAt: Date): string {
  const p = chinaParts(startAt)
  return `${p.month}月${p.day}日 ${weekdayLabel[p.weekday]} ${formatHhMm(p.minuteOfDay)}–${formatHhMm(chinaParts(endAt).minuteOfDay)}`
}

/** The rider's place in the slot's queue, in the shared queue order (time, then id for same-millisecond ties). */
export async function waitPosition(db: Database, b: BookingDoc): Promise<number | null> {
  if (b.state !== 'waitlisted') return null
  const _ = db.command
  const ahead = await db
    .collection<{ _id: string; waitlistedAt: Date }>(Collection.serviceBookings)
    .where({ slotId: b.slotId, state: 'waitlisted', waitlistedAt: _.lte(b.waitlistedAt) })
    .field({ _id: true, waitlistedAt: true })
    .limit(1000)
    .get()
  return queuePosition(
    { id: b._id, queuedAt: b.waitlistedAt },
    true,
    ahead.data.map((w) => ({ id: w._id, queuedAt: w.waitlistedAt })),
  )
}

export function myBookingView(b: BookingDoc, service: ServiceDoc | null, now: Date, position: number | null, message?: string): MyBooking {
  const rules = service ? scheduleOf(service) : { bookingWindowDays: 1, cutoffMinutes: 0 }
  const open = b.state === 'booked' || b.state === 'waitlisted' || b.state === 'offered'
  const view: MyBooking = {
    bookingId: b._id,
    serviceId: b.serviceId,
    stationId: b.stationId,
    stationName: service?.stationName ?? '',
    type: b.type,
    typeLabel: serviceTypeLabel[b.type],
    provider: service?.provider ?? '',
    startAt: b.startAt.toISOString(),
    endAt: b.endAt.toISOString(),
    label: slotLabel(b.startAt, b.endAt),
    state: b.state,
    stateLabel: bookingStateLabel[b.state],
    attendance: b.attendance,
    waitlistPosition: position,
    canCancel: open && b.attendance === 'none' && (b.state !== 'booked' || canCancel(b, now, rules).ok),
    canRate: checkRating(b, 5).ok,
  }
  if (b.state === 'offered' && b.offerExpiresAt) view.offerExpiresAt = b.offerExpiresAt.toISOString()
  if (b.rating) view.rating = b.rating
  if (b.comment) view.comment = b.comment
  if (b.points !== undefined) view.points = b.points
  if (message) view.message = message
  return view
}

export async function servicesById(db: Database, ids: string[]): Promise<Map<string, ServiceDoc>> {
  const unique = [...new Set(ids)].slice(0, 100)
  const out = new Map<string, ServiceDoc>()
  if (unique.length === 0) return out
  const res = await db.collection<Record<string, unknown>>(Collection.services).where({ _id: db.command.in(unique) }).limit(unique.length).get()
  for (const raw of res.data) {
    const s = normaliseService(raw)
    out.set(s._id, s)
  }
  return out
}
