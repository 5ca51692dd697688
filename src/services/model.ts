/**
 * Stored shapes of the station-services collections (services, service_slots, service_bookings). All are
 * ADMINONLY: pages see only what the services function returns. A slot's document is created on its
 * first booking (the schedule is the truth for slots nobody booked); it is the seat counter of the
 * shared capacity module, and bookings are its claims.
 */
import type { GeoPoint } from '../core/geo'
import type { Absence, WeeklyHours } from './schedule'
import type { AttendanceSource, BookingState, ServiceAttendance, ServiceState, ServiceType } from './vocabulary'

export interface ServiceDoc {
  _id: string
  stationId: string
  /** Copied from the station when saved: lists and the street calendar filter without a join. */
  stationName: string
  district: string
  street: string
  location: GeoPoint
  type: ServiceType
  provider: string
  description: string
  weekly: WeeklyHours[]
  slotMinutes: number
  seatsPerSlot: number
  closedDates: string[]
  absences: Absence[]
  bookingWindowDays: number
  cutoffMinutes: number
  state: ServiceState
  ratingSum: number
  ratingCount: number
  createdBy: string
  /** The provider organisation's staff member who keeps it (src/services/access.ts); absent when the station's manager does. */
  providedBy?: string
  createdAt: Date
  updatedAt: Date
}

/** `_id = slotIdFor(serviceId, startAt)`. */
export interface SlotDoc {
  _id: string
  serviceId: string
  stationId: string
  street: string
  type: ServiceType
  startAt: Date
  endAt: Date
  seats: number
  /** Seats held by bookings and live offers (the capacity counter). */
  booked: number
  createdAt: Date
}

/** `_id = bookingIdFor(slotId, userId)`. */
export interface BookingDoc {
  _id: string
  slotId: string
  serviceId: string
  stationId: string
  street: string
  type: ServiceType
  /** Copied from the service, so a provider's figures and workbench count read bookings without a join. */
  providedBy?: string
  userId: string
  startAt: Date
  endAt: Date
  state: BookingState
  waitlistedAt: Date
  bookedAt?: Date
  offeredAt?: Date
  offerExpiresAt?: Date
  cancelledAt?: Date
  attendance: ServiceAttendance
  /** The hour-before reminder went out. */
  reminded: boolean
  attendanceSource?: AttendanceSource
  attendedAt?: Date
  checkinId?: string
  markedBy?: string
  rating?: number
  comment?: string
  ratedAt?: Date
  points?: number
  creditedAt?: Date
  createdAt: Date
  updatedAt: Date
}
