/**
 * Station services' closed vocabularies (暖新365): the kinds of service a station offers, with their
 * Chinese labels. Shared by the services function, its pages and the calendar.
 */
export const ServiceType = {
  haircut: 'haircut',
  health_check: 'health_check',
  legal_advice: 'legal_advice',
  insurance: 'insurance',
  skills_training: 'skills_training',
  other: 'other',
} as const
export type ServiceType = (typeof ServiceType)[keyof typeof ServiceType]
export const allServiceTypes: readonly ServiceType[] = Object.values(ServiceType)

export const serviceTypeLabel: Record<ServiceType, string> = {
  haircut: '理发',
  health_check: '健康检查',
  legal_advice: '法律咨询',
  insurance: '保险',
  skills_training: '技能培训',
  other: '其他',
}

export function isServiceType(value: unknown): value is ServiceType {
  return typeof value === 'string' && (allServiceTypes as readonly string[]).includes(value)
}

/** A service's own state: `paused` keeps its bookings but takes no new ones and is not listed. */
export const ServiceState = { active: 'active', paused: 'paused' } as const
export type ServiceState = (typeof ServiceState)[keyof typeof ServiceState]

/**
 * A booking's place on its slot (the shared capacity module's claim states): waiting in the queue, holding
 * a held offer, holding the seat, the offer lapsed untaken, or given up by the rider.
 */
export const BookingState = {
  waitlisted: 'waitlisted',
  offered: 'offered',
  booked: 'booked',
  lapsed: 'lapsed',
  cancelled: 'cancelled',
} as const
export type BookingState = (typeof BookingState)[keyof typeof BookingState]
/** States in which a booking is still "open": it counts toward the rider's limit and overlaps. */
export const openBookingStates: readonly BookingState[] = ['waitlisted', 'offered', 'booked']

export const bookingStateLabel: Record<BookingState, string> = {
  waitlisted: '候补中',
  offered: '有空位待确认',
  booked: '已预约',
  lapsed: '候补已过期',
  cancelled: '已取消',
}

/** Whether a booked rider came: none yet, came (by check-in or the provider's mark), or did not. */
export const ServiceAttendance = { none: 'none', attended: 'attended', no_show: 'no_show' } as const
export type ServiceAttendance = (typeof ServiceAttendance)[keyof typeof ServiceAttendance]

export const serviceAttendanceLabel: Record<ServiceAttendance, string> = { none: '未签到', attended: '已到场', no_show: '未到场' }

/** How attendance was recorded: the rider's check-in at the station code, or the provider's mark. */
export const AttendanceSource = { checkin: 'checkin', provider: 'provider', timer: 'timer' } as const
export type AttendanceSource = (typeof AttendanceSource)[keyof typeof AttendanceSource]

/** What a provider may mark. */
export const AttendanceMark = { attended: 'attended', no_show: 'no_show' } as const
export type AttendanceMark = (typeof AttendanceMark)[keyof typeof AttendanceMark]
