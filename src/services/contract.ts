/**
 * Station services contract (暖新365): a station's manager defines services with a recurring schedule;
 * riders find them near them, book a slot, wait for a held offer, cancel up to the cut-off, check in
 * at the station's code (checkins, purpose `service`) and rate; managers mark attendance and read the
 * figures; the calendar shows a station's or street's services and volunteer activities. Identity and
 * management rights come from the server; times travel as ISO strings.
 */
import { action } from '../core/contract'
import { s } from '../core/schema'
import type { Weekday } from '../core/time'
import type { FiguresRow } from './figures'
import { FiguresGroup } from './figures'
import { AttendanceMark, allServiceTypes, ServiceState, type AttendanceSource, type BookingState, type ServiceAttendance, type ServiceType } from './vocabulary'

// ---- outputs ----

export interface SlotView {
  startAt: string
  endAt: string
  /** `12月8日 周二 14:00–14:20`, China time. */
  label: string
  seats: number
  seatsLeft: number
  waiting: number
  /** Booking is open now (window and cut-off). */
  bookable: boolean
  /** The caller's booking on this slot, when they have one that is still open. */
  mine?: { bookingId: string; state: BookingState }
}

export interface ServiceSummary {
  serviceId: string
  stationId: string
  stationName: string
  street: string
  type: ServiceType
  typeLabel: string
  provider: string
  description: string
  slotMinutes: number
  seatsPerSlot: number
  state: ServiceState
  /** `每周二 14:00–16:00` lines. */
  hoursText: string[]
  averageRating: number | null
  ratingCount: number
  distanceM?: number
  /** The next slot with a free seat that can be booked now. */
  nextFree?: SlotView
}

export interface ServiceDefinition {
  weekly: Array<{ weekdays: Weekday[]; ranges: Array<{ start: string; end: string }> }>
  slotMinutes: number
  seatsPerSlot: number
  closedDates: string[]
  absences: Array<{ from: string; to: string; note?: string }>
  bookingWindowDays: number
  cutoffMinutes: number
}

export interface ServiceView extends ServiceSummary {
  definition: ServiceDefinition
  slots: SlotView[]
  canManage: boolean
  /** Subscribe-message templates the page asks consent for when booking (reminders, offers). */
  reminderTemplateIds: string[]
}

export interface MyBooking {
  bookingId: string
  serviceId: string
  stationId: string
  stationName: string
  type: ServiceType
  typeLabel: string
  provider: string
  startAt: string
  endAt: string
  label: string
  state: BookingState
  stateLabel: string
  attendance: ServiceAttendance
  /** 1-based place in the queue while waiting. */
  waitlistPosition: number | null
  offerExpiresAt?: string
  canCancel: boolean
  canRate: boolean
  rating?: number
  comment?: string
  points?: number
  message?: string
}

export interface RosterRow {
  bookingId: string
  userId: string
  nickname: string
  state: BookingState
  attendance: ServiceAttendance
  source?: AttendanceSource
  position?: number
}

export interface ServiceFigures {
  group: FiguresGroup
  from: string
  to: string
  rows: Array<FiguresRow & { label: string }>
  total: FiguresRow
}

export interface CalendarItem {
  kind: 'service' | 'activity'
  id: string
  title: string
  stationId?: string
  stationName?: string
  startAt: string
  endAt: string
  label: string
  seats: number
  seatsLeft: number
}

export interface CalendarDay {
  date: string
  items: CalendarItem[]
}

export interface ServicesTick {
  offersPassed: number
  noShows: number
  /** Slot counters corrected from their bookings. */
  recounted: number
}

// ---- inputs ----

const iso = () => s.string({ min: 20, max: 30, pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/ })
const day = () => s.string({ min: 10, max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/ })
const hhmm = () => s.string({ min: 5, max: 5, pattern: /^([01]\d|2[0-4]):[0-5]\d$/ })
/** `serviceId:YYYYMMDDHHmm:userId` — longer than a plain id. */
const bookingId = () => s.string({ min: 1, max: 160, pattern: /^[A-Za-z0-9_\-:.]+$/ })
const bookingRef = () => s.object({ bookingId: bookingId() })

const definition = () =>
  s.object({
    weekly: s.array(s.object({ weekdays: s.array(s.integer({ min: 0, max: 6 }), { min: 1, max: 7, unique: true }), ranges: s.array(s.object({ start: hhmm(), end: hhmm() }), { min: 1, max: 6 }) }), { min: 1, max: 7 }),
    slotMinutes: s.integer({ min: 5, max: 480 }),
    seatsPerSlot: s.integer({ min: 1, max: 200 }),
    closedDates: s.array(day(), { max: 60 }),
    absences: s.array(s.object({ from: iso(), to: iso(), note: s.optional(s.string({ max: 40 })) }), { max: 30 }),
    bookingWindowDays: s.integer({ min: 1, max: 90 }),
    cutoffMinutes: s.integer({ min: 0, max: 7 * 24 * 60 }),
  })

export interface ServiceList {
  items: ServiceSummary[]
  /** With `keep`: the stations where the caller may create a service. */
  createAt?: Array<{ stationId: string; name: string }>
}

export const servicesContract = {
  saveService: action<ServiceView>()(
    s.object({
      serviceId: s.optional(s.id()),
      stationId: s.id(),
      type: s.oneOf(allServiceTypes),
      provider: s.string({ min: 2, max: 40 }),
      description: s.string({ min: 2, max: 300 }),
      definition: definition(),
      state: s.optional(s.oneOf(Object.values(ServiceState))),
    }),
  ),
  listServices: action<ServiceList>()(
    s.object({
      /** The services the caller keeps (src/services/access.ts), paused ones included, and where they may add one. */
      keep: s.optional(s.literal(true)),
      near: s.optional(s.lngLat()),
      stationId: s.optional(s.id()),
      type: s.optional(s.oneOf(allServiceTypes)),
      /** Only services with a free seat bookable within this many hours. */
      freeWithinHours: s.optional(s.integer({ min: 1, max: 48 })),
      /** Include paused services (managers of the station only). */
      includePaused: s.optional(s.boolean()),
      limit: s.optional(s.integer({ min: 1, max: 50 })),
    }),
  ),
  serviceDetail: action<ServiceView>()(s.object({ serviceId: s.id(), days: s.optional(s.integer({ min: 1, max: 31 })) })),
  book: action<MyBooking>()(s.object({ serviceId: s.id(), startAt: iso() })),
  cancel: action<MyBooking>()(bookingRef()),
  acceptOffer: action<MyBooking>()(bookingRef()),
  declineOffer: action<MyBooking>()(bookingRef()),
  myBookings: action<{ items: MyBooking[]; restriction: { until: string; message: string } | null }>()(s.object({})),
  rate: action<MyBooking>()(s.object({ bookingId: bookingId(), stars: s.integer({ min: 1, max: 5 }), comment: s.optional(s.string({ max: 200 })) })),

  slotRoster: action<{ label: string; rows: RosterRow[] }>()(s.object({ serviceId: s.id(), startAt: iso() })),
  markAttendance: action<RosterRow>()(s.object({ bookingId: bookingId(), mark: s.oneOf(Object.values(AttendanceMark)) })),
  figures: action<ServiceFigures>()(
    s.object({
      stationId: s.optional(s.id()),
      street: s.optional(s.string({ min: 1, max: 20 })),
      type: s.optional(s.oneOf(allServiceTypes)),
      from: day(),
      to: day(),
      group: s.oneOf(Object.values(FiguresGroup)),
    }),
  ),
  calendar: action<{ title: string; days: CalendarDay[] }>()(s.object({ stationId: s.optional(s.id()), street: s.optional(s.string({ min: 1, max: 20 })), from: day(), days: s.optional(s.integer({ min: 1, max: 31 })) })),

  /** Timer: lapsed offers passed on, ended slots' missing arrivals recorded as no-shows, slot counters recounted. */
  tick: action<ServicesTick>()(s.object({})),
}

export type ServicesContract = typeof servicesContract
