/**
 * Station-service figures for managers and the street: services held, seats offered, booked, attended,
 * no-show rate, waitlist conversions and average rating, grouped by station, type or China-time month.
 * Seats offered come from the schedules (a slot nobody booked is still offered); the rest from the
 * bookings. Pure.
 */
import { chinaDateKey } from '../core/time'
import type { ServiceType } from './vocabulary'

export const FiguresGroup = { station: 'station', type: 'type', month: 'month' } as const
export type FiguresGroup = (typeof FiguresGroup)[keyof typeof FiguresGroup]

export interface FiguresBooking {
  stationId: string
  type: ServiceType
  startAt: Date
  state: string
  attendance: string
  /** Present when the booking came from the waitlist through an offer. */
  offeredAt?: Date | null
  rating?: number | null
}

export interface FiguresSlot {
  stationId: string
  type: ServiceType
  startAt: Date
  seats: number
}

export interface FiguresRow {
  key: string
  /** Slots held (scheduled) in the period. */
  slots: number
  seatsOffered: number
  booked: number
  attended: number
  noShows: number
  /** no-shows ÷ (attended + no-shows), 0–1; null when nothing was settled yet. */
  noShowRate: number | null
  /** Waiters who were offered a freed seat … */
  offers: number
  /** … and took it. */
  conversions: number
  ratings: number
  averageRating: number | null
}

function keyOf(group: FiguresGroup, x: { stationId: string; type: ServiceType; startAt: Date }): string {
  if (group === 'station') return x.stationId
  if (group === 'type') return x.type
  return chinaDateKey(x.startAt).slice(0, 7)
}

function empty(key: string): FiguresRow {
  return { key, slots: 0, seatsOffered: 0, booked: 0, attended: 0, noShows: 0, noShowRate: null, offers: 0, conversions: 0, ratings: 0, averageRating: null }
}

export function computeFigures(group: FiguresGroup, slots: FiguresSlot[], bookings: FiguresBooking[]): { rows: FiguresRow[]; total: FiguresRow } {
  const rows = new Map<string, FiguresRow & { ratingSum: number }>()
  const total = { ...empty('total'), ratingSum: 0 }
  const row = (key: string) => {
    let r = rows.get(key)
    if (!r) rows.set(key, (r = { ...empty(key), ratingSum: 0 }))
    return r
  }
  for (const s of slots) {
    for (const r of [row(keyOf(group, s)), total]) {
      r.slots++
      r.seatsOffered += s.seats
    }
  }
  for (const b of bookings) {
    for (const r of [row(keyOf(group, b)), total]) {
      if (b.state === 'booked') r.booked++
      if (b.attendance === 'attended') r.attended++
      if (b.attendance === 'no_show') r.noShows++
      if (b.offeredAt) {
        r.offers++
        if (b.state === 'booked') r.conversions++
      }
      if (b.rating) {
        r.ratings++
        r.ratingSum += b.rating
      }
    }
  }
  const finish = ({ ratingSum, ...r }: FiguresRow & { ratingSum: number }): FiguresRow => ({
    ...r,
    noShowRate: r.attended + r.noShows > 0 ? Math.round((r.noShows / (r.attended + r.noShows)) * 1000) / 1000 : null,
    averageRating: r.ratings > 0 ? Math.round((ratingSum / r.ratings) * 10) / 10 : null,
  })
  return { rows: [...rows.values()].map(finish).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)), total: finish(total) }
}
