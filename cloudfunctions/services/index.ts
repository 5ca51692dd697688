/**
 * `services` function (暖新365 station services): a station's manager defines services with a recurring
 * schedule; riders list them near them or at a station (free seat in the next hours), book a slot (rules
 * in src/services/booking.ts, seats through the shared capacity module with the 30-minute held-offer
 * policy), cancel up to the cut-off, take or decline an offer, and rate what they attended; managers see
 * a slot's roster, mark attendance and read the figures; the calendar lists a station's or street's
 * services and volunteer activities by China day. Arrivals by check-in come through the checkins
 * function (./attendance). The one timer passes lapsed offers on, records no-shows and recounts the
 * coming slots' seat counters from their bookings (./recount).
 */
import type { SeatMove } from '../../src/core/capacity'
import { Collection } from '../../src/core/collections'
import { Role } from '../../src/core/roles'
import { AppError } from '../../src/core/errors'
import { distanceM, fromPoint, type LngLat } from '../../src/core/geo'
import { addDays, chinaDateKey, parseChinaDate } from '../../src/core/time'
import { bookingIdFor, checkBooking, checkinOpen, checkRating, noShowLimit, noShowRestriction, slotIdFor } from '../../src/services/booking'
import { servicesContract, type CalendarDay, type CalendarItem, type MyBooking, type ServiceList, type ServiceSummary, type ServiceView, type SlotView } from '../../src/services/contract'
import { computeFigures, type FiguresBooking, type FiguresSlot } from '../../src/services/figures'
import type { BookingDoc, ServiceDoc, SlotDoc } from '../../src/services/model'
import { figuresScope, mayCreateServiceAt, providerOfNew } from '../../src/services/access'
import { canCancel, expandSlots, MAX_EXPAND_DAYS, validateSchedule, type Slot } from '../../src/services/schedule'
import { openBookingStates, serviceTypeLabel } from '../../src/services/vocabulary'
import type { UserDoc } from '../../src/users/model'
import * as capacity from '../_runtime/capacity'
import { requireCleanTexts } from '../_runtime/content'
import { addOnce, findAll, isDuplicateKeyError, txGet, type Database } from '../_runtime/db'
import { createHandler, type ActionContext, type SystemContext } from '../_runtime/router'
import { runInTransaction } from '../_runtime/transactions'
import { requireStation } from '../stations/store'
import { dueReminders, recordAttendance, recordNoShows } from './attendance'
import { recountSlots } from './recount'
import { notifyBooked, notifyOffered, notifyReminder, SERVICE_TEMPLATE_ID, type NotifyContext } from './notify'
import {
  canManageService,
  definitionOf,
  findBooking,
  keeperOf,
  myBookingView,
  normaliseBooking,
  normaliseService,
  requireManageService,
  requireMyBooking,
  requireService,
  serviceSummary,
  servicePolicy,
  servicesById,
  slotCounters,
  slotLabel,
  slotSeats,
  slotView,
  scheduleOf,
  waitPosition,
} from './store'

const HOUR = 3_600_000
const DAY = 86_400_000
const NEAR_RADIUS_M = 30_000

/** Slots of a service in [from, to), the expansion bounded to what one call may cover. */
function slotsOf(service: ServiceDoc, from: Date, to: Date): Slot[] {
  const end = Math.min(to.getTime(), from.getTime() + MAX_EXPAND_DAYS * DAY)
  return expandSlots(scheduleOf(service), from, new Date(end))
}

function bookingHorizon(service: ServiceDoc, now: Date): Date {
  return addDays(now, service.bookingWindowDays + 1)
}

async function myOpenBookings(db: Database, userId: string, now: Date): Promise<BookingDoc[]> {
  const _ = db.command
  const res = await db.collection<Record<string, unknown>>(Collection.serviceBookings).where({ userId, state: _.in([...openBookingStates]), endAt: _.gt(now) }).limit(50).get()
  return res.data.map(normaliseBooking)
}

async function myNoShows(db: Database, userId: string, now: Date): Promise<Date[]> {
  const _ = db.command
  const since = new Date(now.getTime() - (noShowLimit.windowDays + noShowLimit.waitDays) * DAY)
  const res = await db.collection<Record<string, unknown>>(Collection.serviceBookings).where({ userId, attendance: 'no_show', startAt: _.gte(since) }).limit(20).get()
  return res.data.map((b) => new Date(b.startAt as string))
}

async function viewOf(ctx: ActionContext, b: BookingDoc, service?: ServiceDoc | null, message?: string): Promise<MyBooking> {
  const s = service === undefined ? await requireService(ctx.db, b.serviceId) : service
  return myBookingView(b, s, ctx.now, await waitPosition(ctx.db, b), message)
}

async function reread(ctx: ActionContext, bookingId: string): Promise<BookingDoc> {
  const b = await findBooking(ctx.db, bookingId)
  if (!b) throw new AppError('NOT_FOUND', '没有找到这个预约', 'bookingId')
  return b
}

/** The slot counter, created on the slot's first booking (a concurrent creation is the same document). */
async function ensureSlot(db: Database, service: ServiceDoc, slot: Slot, now: Date): Promise<SlotDoc> {
  const _id = slotIdFor(service._id, slot.startAt)
  const doc: SlotDoc = { _id, serviceId: service._id, stationId: service.stationId, street: service.street, type: service.type, startAt: slot.startAt, endAt: slot.endAt, seats: service.seatsPerSlot, booked: 0, createdAt: now }
  await addOnce(db, Collection.serviceSlots, doc)
  const raw = (await db.collection<Record<string, unknown>>(Collection.serviceSlots).where({ _id }).limit(1).get()).data[0]
  return { ...doc, seats: Number(raw?.seats ?? doc.seats), booked: Number(raw?.booked ?? 0) }
}

const RIDER_LOCK_MS = 20_000

/**
 * One booking request per rider at a time: the per-rider limit and the overlap rule are "check, then
 * act", so two requests racing for two slots could both pass the check. A short lease document (in
 * `counters`, `_id = service_booking:<userId>`) makes the second wait its turn; a lease left by a crashed
 * request is taken over once it ran out, and each request removes only its own lease.
 */
async function withRiderLock<T>(ctx: ActionContext, fn: () => Promise<T>): Promise<T> {
  const _id = `service_booking:${ctx.userId}`
  const expiresAt = new Date(ctx.now.getTime() + RIDER_LOCK_MS)
  if (!(await addOnce(ctx.db, Collection.counters, { _id, expiresAt }))) {
    const res = await ctx.db.collection(Collection.counters).where({ _id, expiresAt: ctx.db.command.lte(ctx.now) }).update({ data: { expiresAt } })
    if (res.stats.updated !== 1) throw new AppError('RATE_LIMITED', '你的上一个预约还在处理中，请稍候再试')
  }
  try {
    return await fn()
  } finally {
    await ctx.db.collection(Collection.counters).where({ _id, expiresAt }).remove()
  }
}

/** Each service's summary with its first bookable slot with a free seat within `hours` (one read of the slots' counters). */
async function summariesWithNextFree(ctx: ActionContext, services: ServiceDoc[], hours: number, near?: LngLat): Promise<ServiceSummary[]> {
  const horizon = new Date(ctx.now.getTime() + hours * HOUR)
  const counters = await slotCounters(
    ctx.db,
    services.map((s) => s._id),
    ctx.now,
    horizon,
  )
  return services.map((s) => {
    const free = slotsOf(s, ctx.now, horizon)
      .map((slot) => slotView(s, slot, counters.get(slotIdFor(s._id, slot.startAt)), ctx.now))
      .find((v) => v.bookable && v.seatsLeft > 0)
    return serviceSummary(s, { nextFree: free, distanceM: near ? distanceM(near, fromPoint(s.location)) : undefined })
  })
}

/** The services the caller keeps — every service of the stations they manage, the ones they provide elsewhere — and where they may add one. */
async function keptServices(ctx: ActionContext): Promise<ServiceList> {
  const _ = ctx.db.command
  const managed = ctx.scopeIds('station', Role.station_manager)
  const provided = ctx.scopeIds('station', Role.service_provider)
  const stationIds = [...new Set([...managed, ...provided])]
  if (!stationIds.length) return { items: [], createAt: [] }
  const [services, stations] = await Promise.all([
    servicesWhere(ctx.db, _.or([{ stationId: _.in(managed) }, { stationId: _.in(provided), providedBy: ctx.userId }]), 100),
    ctx.db.collection<{ _id: string; name: string }>(Collection.stations).where({ _id: _.in(stationIds) }).field({ _id: true, name: true }).limit(100).get(),
  ])
  return { items: await summariesWithNextFree(ctx, services, 7 * 24), createAt: stations.data.map((st) => ({ stationId: st._id, name: st.name })) }
}

/** Puts the rider at the back of the slot's queue: a new booking, or their cancelled / lapsed one again. */
async function enqueue(ctx: ActionContext, service: ServiceDoc, slotId: string, slot: Slot): Promise<void> {
  const _id = bookingIdFor(slotId, ctx.userId)
  const now = ctx.now
  const fields = { state: 'waitlisted', waitlistedAt: now, attendance: 'none', reminded: false, updatedAt: now }
  const doc: BookingDoc = {
    _id,
    slotId,
    serviceId: service._id,
    stationId: service.stationId,
    street: service.street,
    type: service.type,
    ...(service.providedBy ? { providedBy: service.providedBy } : {}),
    userId: ctx.userId,
    startAt: slot.startAt,
    endAt: slot.endAt,
    state: 'waitlisted',
    waitlistedAt: now,
    attendance: 'none',
    reminded: false,
    createdAt: now,
    updatedAt: now,
  }
  try {
    const { _id: id, ...data } = doc
    await ctx.db.collection(Collection.serviceBookings).add({ data: { _id: id, ...data } })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    const _ = ctx.db.command
    const res = await ctx.db
      .collection(Collection.serviceBookings)
      .where({ _id, state: _.in(['cancelled', 'lapsed']) })
      .update({ data: { ...fields, offerExpiresAt: null, offeredAt: null, bookedAt: null, cancelledAt: null } })
    if (res.stats.updated !== 1) throw new AppError('CONFLICT', '这个时段你已经预约或在候补中了', 'startAt')
  }
}

/**
 * Tells riders about seat moves: a move to an offer, and claims `fillSeats` granted under the offer
 * policy (rows as read before the grant, so their state is not the new one), are held offers.
 */
async function handOn(ctx: NotifyContext, moves: Array<SeatMove | null | undefined>, filledWithOffers: capacity.ClaimRow[] = []): Promise<void> {
  const offered = moves.filter((m): m is Extract<SeatMove, { kind: 'offer' }> => m?.kind === 'offer').map((m) => m.id)
  await notifyOffered(ctx, [...offered, ...filledWithOffers.map((c) => c._id)])
}

async function cancelBooking(ctx: ActionContext, b: BookingDoc): Promise<BookingDoc> {
  const service = await requireService(ctx.db, b.serviceId)
  const now = ctx.now
  if (b.state === 'booked') {
    if (b.attendance !== 'none') throw new AppError('ALREADY_CLOSED', '这次服务已经记录了到场情况，不能再取消', 'bookingId')
    const verdict = canCancel(b, now, scheduleOf(service))
    if (!verdict.ok) throw new AppError('OUT_OF_RANGE', verdict.message, 'bookingId')
    const res = await ctx.db.collection(Collection.serviceBookings).where({ _id: b._id, state: 'booked', attendance: 'none' }).update({ data: { state: 'cancelled', cancelledAt: now, updatedAt: now } })
    if (res.stats.updated !== 1) return reread(ctx, b._id)
    await capacity.releaseSeat(ctx.db, slotSeats, b.slotId)
    const slot = (await ctx.db.collection<Record<string, unknown>>(Collection.serviceSlots).where({ _id: b.slotId }).limit(1).get()).data[0]
    if (slot) {
      // The freed seat goes to the first waiter as a 30-minute held offer.
      const granted = await capacity.fillSeats(ctx.db, slotSeats, { _id: b.slotId, capacity: Number(slot.seats) }, servicePolicy, now, 1)
      await handOn(ctx, [], granted)
    }
  } else if (b.state === 'waitlisted') {
    await ctx.db.collection(Collection.serviceBookings).where({ _id: b._id, state: 'waitlisted' }).update({ data: { state: 'cancelled', cancelledAt: now, updatedAt: now } })
  } else if (b.state === 'offered') {
    const passed = await capacity.passOnOffer(ctx.db, slotSeats, servicePolicy, b._id, now, { decline: true })
    await ctx.db.collection(Collection.serviceBookings).where({ _id: b._id, state: 'lapsed' }).update({ data: { state: 'cancelled', cancelledAt: now, updatedAt: now } })
    if (passed) await handOn(ctx, [passed.move], passed.filled)
  } else {
    throw new AppError('ALREADY_CLOSED', '这个预约已经取消或结束了', 'bookingId')
  }
  return reread(ctx, b._id)
}

async function nicknames(db: Database, userIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)].slice(0, 100)
  if (!ids.length) return new Map()
  const res = await db.collection<UserDoc>(Collection.users).where({ _id: db.command.in(ids) }).field({ _id: true, nickname: true }).limit(ids.length).get()
  return new Map(res.data.map((u) => [u._id, u.nickname]))
}

/** Services at a station or in a street (active only unless asked), bounded. */
async function servicesWhere(db: Database, where: Record<string, unknown>, limit = 100): Promise<ServiceDoc[]> {
  return (await db.collection<Record<string, unknown>>(Collection.services).where(where).limit(limit).get()).data.map(normaliseService)
}

function checkPeriod(from: string, to: string, maxDays: number): { fromAt: Date; toAt: Date } {
  const fromAt = parseChinaDate(from)
  const toAt = addDays(parseChinaDate(to), 1)
  if (Number.isNaN(fromAt.getTime()) || Number.isNaN(toAt.getTime()) || toAt.getTime() <= fromAt.getTime()) throw new AppError('INVALID_ARGUMENT', '结束日期要不早于开始日期', 'to')
  if (toAt.getTime() - fromAt.getTime() > maxDays * DAY) throw new AppError('INVALID_ARGUMENT', `一次最多统计 ${maxDays} 天`, 'to')
  return { fromAt, toAt }
}

/** Slots in [from, to) over any length, in chunks the expansion accepts. */
function slotsOver(service: ServiceDoc, from: Date, to: Date): Slot[] {
  const out: Slot[] = []
  for (let start = from; start.getTime() < to.getTime(); start = new Date(Math.min(to.getTime(), start.getTime() + 60 * DAY))) {
    out.push(...expandSlots(scheduleOf(service), start, new Date(Math.min(to.getTime(), start.getTime() + 60 * DAY))))
  }
  return out
}

async function tick(sys: SystemContext): Promise<{ offersPassed: number; noShows: number; recounted: number }> {
  const _ = sys.db.command
  const ctx = { ...sys, userId: 'system', action: 'tick' }
  const lapsed = (await sys.db.collection<Record<string, unknown>>(Collection.serviceBookings).where({ state: 'offered', offerExpiresAt: _.lte(sys.now) }).limit(100).get()).data
  let offersPassed = 0
  // An offer that ran out after its slot began has nobody to pass to: it just lapses (no late message).
  const late = lapsed.filter((b) => new Date(b.startAt as string).getTime() <= sys.now.getTime())
  for (const b of late) await sys.db.collection(Collection.serviceBookings).where({ _id: String(b._id), state: 'offered' }).update({ data: { state: 'lapsed', updatedAt: sys.now } })
  const passing = lapsed.filter((b) => !late.includes(b))
  for (const slotId of [...new Set(passing.map((b) => String(b.slotId)))]) {
    const passed = await capacity.passOnLapsedOffers(sys.db, slotSeats, servicePolicy, slotId, sys.now)
    offersPassed += passed.length
    await handOn(
      ctx,
      passed.map((p) => p.move),
      passed.flatMap((p) => p.filled),
    )
  }
  await notifyReminder(ctx, await dueReminders(sys.db, sys.now))
  const noShows = await recordNoShows(sys.db, sys.now)
  const { fixed } = await recountSlots(sys)
  return { offersPassed, noShows, recounted: fixed }
}

export const main = createHandler(
  servicesContract,
  {
    saveService: {
      roles: 'any',
      handler: async ({ serviceId, stationId, type, provider, description, definition, state }, ctx): Promise<ServiceView> => {
        const keeper = keeperOf(ctx)
        if (!mayCreateServiceAt(stationId, keeper)) throw new AppError('FORBIDDEN', '只有这个驿站的管理员或在这里开设服务的机构可以设置服务')
        const station = await requireStation(ctx.db, stationId)
        const existing = serviceId ? await requireService(ctx.db, serviceId) : null
        if (existing && existing.stationId !== stationId) throw new AppError('INVALID_ARGUMENT', '服务不能移到另一个驿站，请在那个驿站新建', 'stationId')
        if (existing) requireManageService(ctx, existing)
        const def = { ...definition, weekly: definition.weekly.map((w) => ({ weekdays: w.weekdays as Array<0 | 1 | 2 | 3 | 4 | 5 | 6>, ranges: w.ranges })) }
        validateSchedule(def)
        await requireCleanTexts(ctx, [
          { text: provider, field: 'provider', scene: 1, message: '服务提供方里有不适宜的内容，请填写机构或师傅的名称' },
          { text: description, field: 'description', scene: 1, message: '服务介绍里有不适宜的内容（如广告、联系方式引流），请修改后再保存' },
          ...def.absences.map((a, i) => ({ text: a.note, field: `definition.absences[${i}].note`, scene: 1 as const, message: '请假说明里有不适宜的内容，请修改后再保存' })),
        ])
        const now = ctx.now
        const data = {
          stationId,
          stationName: station.name,
          district: station.district,
          street: station.street,
          location: station.location,
          type,
          provider,
          description,
          ...def,
          state: state ?? existing?.state ?? 'active',
          updatedAt: now,
        }
        let id = serviceId
        if (existing) {
          await ctx.db.collection(Collection.services).doc(existing._id).update({ data })
        } else {
          const providedBy = providerOfNew(stationId, keeper)
          const res = (await ctx.db.collection(Collection.services).add({ data: { ...data, ratingSum: 0, ratingCount: 0, createdBy: ctx.userId, ...(providedBy ? { providedBy } : {}), createdAt: now } })) as { _id: string }
          id = res._id
        }
        const saved = await requireService(ctx.db, id as string)
        return { ...serviceSummary(saved), definition: definitionOf(saved), slots: [], canManage: true, reminderTemplateIds: [SERVICE_TEMPLATE_ID] }
      },
    },

    listServices: {
      roles: 'any',
      handler: async ({ keep, near, stationId, type, freeWithinHours, includePaused, limit }, ctx) => {
        const _ = ctx.db.command
        if (keep) return keptServices(ctx)
        const where: Record<string, unknown> = {}
        if (stationId) where.stationId = stationId
        if (!(includePaused && stationId && canManageService(ctx, { stationId }))) where.state = 'active'
        if (type) where.type = type
        const n = limit ?? 20
        if (near && !stationId) where.location = _.geoNear({ geometry: ctx.db.Geo.Point(near.lng, near.lat), maxDistance: NEAR_RADIUS_M })
        const services = await servicesWhere(ctx.db, where, near ? n * 2 : n)
        const items = (await summariesWithNextFree(ctx, services, freeWithinHours ?? 7 * 24, near)).filter((s) => !freeWithinHours || s.nextFree)
        if (near) items.sort((a, b) => (a.distanceM ?? 0) - (b.distanceM ?? 0))
        return { items: items.slice(0, n) }
      },
    },

    serviceDetail: {
      roles: 'any',
      handler: async ({ serviceId, days }, ctx): Promise<ServiceView> => {
        const _ = ctx.db.command
        const service = await requireService(ctx.db, serviceId)
        const to = days ? addDays(ctx.now, days) : bookingHorizon(service, ctx.now)
        const slots = slotsOf(service, ctx.now, to)
        const [counters, mine, waiting] = await Promise.all([
          slotCounters(ctx.db, [service._id], ctx.now, to),
          ctx.db.collection<Record<string, unknown>>(Collection.serviceBookings).where({ serviceId, userId: ctx.userId, endAt: _.gt(ctx.now) }).limit(50).get(),
          ctx.db.collection<Record<string, unknown>>(Collection.serviceBookings).where({ serviceId, state: 'waitlisted', endAt: _.gt(ctx.now) }).field({ slotId: true }).limit(1000).get(),
        ])
        const mineBySlot = new Map(mine.data.map(normaliseBooking).filter((b) => openBookingStates.includes(b.state)).map((b) => [b.slotId, b]))
        const waitingBySlot = new Map<string, number>()
        for (const w of waiting.data) waitingBySlot.set(String(w.slotId), (waitingBySlot.get(String(w.slotId)) ?? 0) + 1)
        const views: SlotView[] = slots.map((slot) => {
          const id = slotIdFor(service._id, slot.startAt)
          return slotView(service, slot, counters.get(id), ctx.now, mineBySlot.get(id), waitingBySlot.get(id) ?? 0)
        })
        return { ...serviceSummary(service), definition: definitionOf(service), slots: views.slice(0, 200), canManage: canManageService(ctx, service), reminderTemplateIds: [SERVICE_TEMPLATE_ID] }
      },
    },

    book: {
      roles: 'any',
      handler: async ({ serviceId, startAt }, ctx): Promise<MyBooking> => {
        const service = await requireService(ctx.db, serviceId)
        if (service.state !== 'active') throw new AppError('ALREADY_CLOSED', '这项服务暂停预约了', 'serviceId')
        const at = new Date(startAt)
        const slot = expandSlots(scheduleOf(service), at, new Date(at.getTime() + 60_000)).find((s) => s.startAt.getTime() === at.getTime())
        if (!slot) throw new AppError('INVALID_ARGUMENT', '这个时段不在服务时间内（可能停诊或师傅请假），请重新选择', 'startAt')
        const slotId = slotIdFor(service._id, slot.startAt)
        return withRiderLock(ctx, async () => {
        const [open, noShows] = await Promise.all([myOpenBookings(ctx.db, ctx.userId, ctx.now), myNoShows(ctx.db, ctx.userId, ctx.now)])
        const same = open.find((b) => b.slotId === slotId)
        if (same) return viewOf(ctx, same, service, '这个时段你已经预约过了')
        const verdict = checkBooking({
          slot: { slotId, startAt: slot.startAt, endAt: slot.endAt },
          now: ctx.now,
          rules: scheduleOf(service),
          open: open.map((b) => ({ bookingId: b._id, slotId: b.slotId, startAt: b.startAt, endAt: b.endAt, label: `${serviceTypeLabel[b.type]} ${slotLabel(b.startAt, b.endAt)}` })),
          noShowAt: noShows,
        })
        if (!verdict.ok) {
          const code = verdict.reason === 'no_show_limit' ? 'FORBIDDEN' : verdict.reason === 'overlap' || verdict.reason === 'limit' ? 'CONFLICT' : 'OUT_OF_RANGE'
          throw new AppError(code, verdict.message, 'startAt')
        }
        const counter = await ensureSlot(ctx.db, service, slot, ctx.now)
        await enqueue(ctx, service, slotId, slot)
        const bookingId = bookingIdFor(slotId, ctx.userId)
        const { others } = await capacity.requestSeat(ctx.db, slotSeats, { _id: slotId, capacity: counter.seats }, bookingId, ctx.now)
        await notifyBooked(
          ctx,
          others.map((o) => o._id),
        )
        const b = await reread(ctx, bookingId)
        if (b.state === 'booked') await notifyBooked(ctx, [b._id])
        return viewOf(ctx, b, service, b.state === 'booked' ? '预约成功，请按时到驿站扫码签到' : '这个时段已约满，你已进入候补；有人取消时会通知你，30 分钟内确认即可')
        })
      },
    },

    cancel: {
      roles: 'any',
      handler: async ({ bookingId }, ctx) => {
        const b = await cancelBooking(ctx, await requireMyBooking(ctx, bookingId))
        return viewOf(ctx, b, undefined, '已取消')
      },
    },

    acceptOffer: {
      roles: 'any',
      handler: async ({ bookingId }, ctx) => {
        const b = await requireMyBooking(ctx, bookingId)
        if (b.state === 'booked') return viewOf(ctx, b)
        if (b.state !== 'offered') throw new AppError('ALREADY_CLOSED', '这个空位已经不再为你保留', 'bookingId')
        // An offer still running when the slot starts is of no use any more: let it go to nobody's loss.
        if (ctx.now.getTime() >= b.startAt.getTime()) throw new AppError('ALREADY_CLOSED', '这个时段已经开始，不能再确认了', 'bookingId')
        if (!(await capacity.acceptOffer(ctx.db, slotSeats, bookingId, ctx.now))) {
          const now = await reread(ctx, bookingId)
          if (now.state === 'booked') return viewOf(ctx, now)
          throw new AppError('ALREADY_CLOSED', '保留时间已过，名额已让给下一位候补', 'bookingId')
        }
        return viewOf(ctx, await reread(ctx, bookingId), undefined, '预约成功，请按时到驿站扫码签到')
      },
    },

    declineOffer: {
      roles: 'any',
      handler: async ({ bookingId }, ctx) => {
        const b = await requireMyBooking(ctx, bookingId)
        if (b.state !== 'offered') throw new AppError('ALREADY_CLOSED', '这个空位已经不再为你保留', 'bookingId')
        const passed = await capacity.passOnOffer(ctx.db, slotSeats, servicePolicy, bookingId, ctx.now, { decline: true })
        if (passed) await handOn(ctx, [passed.move], passed.filled)
        return viewOf(ctx, await reread(ctx, bookingId), undefined, '已放弃，名额已让给下一位')
      },
    },

    myBookings: {
      roles: 'any',
      handler: async (_input, ctx) => {
        const res = await ctx.db.collection<Record<string, unknown>>(Collection.serviceBookings).where({ userId: ctx.userId }).orderBy('startAt', 'desc').limit(50).get()
        const bookings = res.data.map(normaliseBooking)
        const [services, noShows] = await Promise.all([
          servicesById(
            ctx.db,
            bookings.map((b) => b.serviceId),
          ),
          myNoShows(ctx.db, ctx.userId, ctx.now),
        ])
        const items = await Promise.all(bookings.map(async (b) => myBookingView(b, services.get(b.serviceId) ?? null, ctx.now, await waitPosition(ctx.db, b))))
        const r = noShowRestriction(noShows, ctx.now)
        return { items, restriction: r.limited ? { until: (r.until as Date).toISOString(), message: r.message as string } : null }
      },
    },

    rate: {
      roles: 'any',
      handler: async ({ bookingId, stars, comment }, ctx) => {
        const b = await requireMyBooking(ctx, bookingId)
        const verdict = checkRating(b, stars)
        if (!verdict.ok) throw new AppError('CONFLICT', verdict.message, 'stars')
        await requireCleanTexts(ctx, [{ text: comment, field: 'comment', scene: 2, message: '评价里有不适宜的内容，请修改后再提交' }])
        await runInTransaction(ctx.db, async (t) => {
          const raw = await txGet<Record<string, unknown>>(t, Collection.serviceBookings, bookingId)
          const fresh = raw ? normaliseBooking(raw) : null
          if (!fresh) throw new AppError('NOT_FOUND', '没有找到这个预约', 'bookingId')
          const again = checkRating(fresh, stars)
          if (!again.ok) throw new AppError('CONFLICT', again.message, 'stars')
          await t.collection(Collection.serviceBookings).doc(bookingId).update({ data: { rating: stars, ...(comment ? { comment } : {}), ratedAt: ctx.now, updatedAt: ctx.now } })
          await t
            .collection(Collection.services)
            .doc(fresh.serviceId)
            .update({ data: { ratingSum: ctx.db.command.inc(stars), ratingCount: ctx.db.command.inc(1) } })
        })
        return viewOf(ctx, await reread(ctx, bookingId), undefined, '感谢你的评价')
      },
    },

    slotRoster: {
      roles: 'any',
      handler: async ({ serviceId, startAt }, ctx) => {
        const service = await requireService(ctx.db, serviceId)
        requireManageService(ctx, service)
        const at = new Date(startAt)
        const slotId = slotIdFor(service._id, at)
        const rows = (await ctx.db.collection<Record<string, unknown>>(Collection.serviceBookings).where({ slotId }).orderBy('waitlistedAt', 'asc').limit(200).get()).data.map(normaliseBooking)
        const names = await nicknames(
          ctx.db,
          rows.map((r) => r.userId),
        )
        let position = 0
        return {
          label: slotLabel(at, new Date(at.getTime() + service.slotMinutes * 60_000)),
          rows: rows.map((r) => ({
            bookingId: r._id,
            userId: r.userId,
            nickname: names.get(r.userId) ?? '骑手',
            state: r.state,
            attendance: r.attendance,
            ...(r.attendanceSource ? { source: r.attendanceSource } : {}),
            ...(r.state === 'waitlisted' ? { position: ++position } : {}),
          })),
        }
      },
    },

    markAttendance: {
      roles: 'any',
      handler: async ({ bookingId, mark }, ctx) => {
        const b = await findBooking(ctx.db, bookingId)
        if (!b) throw new AppError('NOT_FOUND', '没有找到这个预约', 'bookingId')
        const service = await requireService(ctx.db, b.serviceId)
        requireManageService(ctx, service)
        if (ctx.now.getTime() < b.startAt.getTime() && !checkinOpen(b, ctx.now)) throw new AppError('OUT_OF_RANGE', '服务开始前 30 分钟起才能记录到场', 'bookingId')
        const out = await recordAttendance(ctx.db, bookingId, mark, { source: 'provider', actorId: ctx.userId, now: ctx.now })
        const names = await nicknames(ctx.db, [b.userId])
        return { bookingId, userId: b.userId, nickname: names.get(b.userId) ?? '骑手', state: out.booking.state, attendance: out.booking.attendance, source: 'provider' as const }
      },
    },

    figures: {
      roles: 'any',
      handler: async ({ stationId, street, type, from, to, group }, ctx) => {
        const _ = ctx.db.command
        const where: Record<string, unknown> = {}
        if (stationId) {
          const scope = figuresScope(stationId, keeperOf(ctx))
          if (!scope) throw new AppError('FORBIDDEN', '这不是你负责的站点，只能查看自己负责的驿站或自己开设的服务')
          Object.assign(where, scope)
        } else if (street) {
          if (!ctx.inScope('street', street)) throw new AppError('FORBIDDEN', '这不在您负责的街道范围内')
          where.street = street
        } else if (!ctx.perms.isAdmin) {
          throw new AppError('FORBIDDEN', '请选择你负责的驿站或街道')
        }
        if (type) where.type = type
        const { fromAt, toAt } = checkPeriod(from, to, 366)
        const services = await servicesWhere(ctx.db, where, 200)
        const slots: FiguresSlot[] = services.flatMap((s) => slotsOver(s, fromAt, toAt).map((slot) => ({ stationId: s.stationId, type: s.type, startAt: slot.startAt, seats: s.seatsPerSlot })))
        const bookings = (await findAll<Record<string, unknown>>(ctx.db, Collection.serviceBookings, { ...where, startAt: _.gte(fromAt).and(_.lt(toAt)) }, 5000)).map(normaliseBooking)
        const { rows, total } = computeFigures(
          group,
          slots,
          bookings.map((b): FiguresBooking => ({ stationId: b.stationId, type: b.type, startAt: b.startAt, state: b.state, attendance: b.attendance, offeredAt: b.offeredAt, rating: b.rating })),
        )
        const stationNames = new Map(services.map((s) => [s.stationId, s.stationName]))
        const label = (key: string) => (group === 'station' ? (stationNames.get(key) ?? key) : group === 'type' ? (serviceTypeLabel[key as keyof typeof serviceTypeLabel] ?? key) : key)
        return { group, from, to, rows: rows.map((r) => ({ ...r, label: label(r.key) })), total }
      },
    },

    calendar: {
      roles: 'any',
      handler: async ({ stationId, street, from, days }, ctx) => {
        const _ = ctx.db.command
        if (!stationId && !street) throw new AppError('INVALID_ARGUMENT', '请选择驿站或街道', 'stationId')
        const n = days ?? 7
        const { fromAt, toAt } = checkPeriod(from, chinaDateKey(addDays(parseChinaDate(from), n - 1)), 31)
        const where: Record<string, unknown> = stationId ? { stationId, state: 'active' } : { street, state: 'active' }
        // The stations whose activities show need nothing from the services: read alongside them, then
        // the slot counters alongside the activities (two round trips instead of four).
        const [services, stationIds] = await Promise.all([
          servicesWhere(ctx.db, where, 100),
          stationId ? [stationId] : ctx.db.collection<{ _id: string }>(Collection.stations).where({ street }).field({ _id: true }).limit(100).get().then((r) => r.data.map((st) => st._id)),
        ])
        const [counters, acts] = await Promise.all([
          slotCounters(
            ctx.db,
            services.map((s) => s._id),
            fromAt,
            toAt,
          ),
          stationIds.length
            ? ctx.db.collection<Record<string, unknown>>(Collection.activities).where({ stationId: _.in(stationIds), startAt: _.gte(fromAt).and(_.lt(toAt)), state: _.in(['open', 'closed']) }).limit(200).get().then((r) => r.data)
            : [],
        ])
        const items: CalendarItem[] = []
        for (const s of services) {
          for (const slot of slotsOf(s, fromAt, toAt)) {
            const c = counters.get(slotIdFor(s._id, slot.startAt))
            const seats = c?.seats ?? slot.seats
            items.push({ kind: 'service', id: s._id, title: `${serviceTypeLabel[s.type]} · ${s.provider}`, stationId: s.stationId, stationName: s.stationName, startAt: slot.startAt.toISOString(), endAt: slot.endAt.toISOString(), label: slot.time, seats, seatsLeft: Math.max(0, seats - (c?.booked ?? 0)) })
          }
        }
        const title = stationId ? (services[0]?.stationName ?? (await requireStation(ctx.db, stationId)).name) : String(street)
        for (const a of acts) {
          const startAt = new Date(a.startAt as string)
          const endAt = new Date(a.endAt as string)
          const cap = Number(a.capacity ?? 0)
          items.push({ kind: 'activity', id: String(a._id), title: `志愿活动 · ${String(a.title)}`, stationId: String(a.stationId), startAt: startAt.toISOString(), endAt: endAt.toISOString(), label: slotLabel(startAt, endAt).split(' ').pop() as string, seats: cap, seatsLeft: Math.max(0, cap - Number(a.signedUp ?? 0)) })
        }
        items.sort((a, b) => (a.startAt < b.startAt ? -1 : a.startAt > b.startAt ? 1 : 0))
        const byDay = new Map<string, CalendarItem[]>()
        for (let d = 0; d < n; d++) byDay.set(chinaDateKey(addDays(fromAt, d)), [])
        for (const it of items) byDay.get(chinaDateKey(new Date(it.startAt)))?.push(it)
        const out: CalendarDay[] = [...byDay.entries()].map(([date, list]) => ({ date, items: list.slice(0, 100) }))
        return { title, days: out }
      },
    },

    tick: { roles: 'any', internal: true, handler: async (_input, ctx) => tick({ db: ctx.db, cloud: ctx.cloud, now: ctx.now, fn: ctx.fn, trigger: 'action' }) },
  },
  // One timer (WeChat allows one per function): offers that lapsed pass on, ended slots' no-shows are recorded.
  { name: 'services', timers: { servicesTick: (sys) => tick(sys) } },
)
