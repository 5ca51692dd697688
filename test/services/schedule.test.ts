/** Station services' recurring schedule in China time: a month with exceptions, day boundaries, window and cut-off edges. */
import { AppError } from '../../src/core/errors'
import { bookingClosesAt, bookingOpensAt, canBook, canCancel, expandSlots, MAX_EXPAND_DAYS, validateSchedule, type ScheduleDefinition } from '../../src/services/schedule'
import { allServiceTypes, isServiceType, serviceTypeLabel } from '../../src/services/vocabulary'

const china = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`)

/** A haircut on Tuesday afternoons and a short Thursday morning, 20-minute slots, 3 chairs. */
const haircut: ScheduleDefinition = {
  weekly: [
    { weekdays: [2], ranges: [{ start: '14:00', end: '16:00' }] },
    { weekdays: [4], ranges: [{ start: '09:00', end: '10:00' }] },
  ],
  slotMinutes: 20,
  seatsPerSlot: 3,
  closedDates: ['2026-12-22'],
  absences: [{ from: china('2026-12-10', '09:30').toISOString(), to: china('2026-12-10', '09:45').toISOString(), note: '理发师请假' }],
  bookingWindowDays: 7,
  cutoffMinutes: 60,
}

function expectError(fn: () => unknown, field: string, message?: RegExp) {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('INVALID_ARGUMENT')
    expect((err as AppError).field).toBe(field)
    if (message) expect((err as AppError).message).toMatch(message)
    return
  }
  throw new Error(`expected a refusal on ${field}`)
}

describe('expanding a month of December 2026 in China time', () => {
  const slots = expandSlots(haircut, china('2026-12-01', '00:00'), china('2027-01-01', '00:00'))

  it('holds every Tuesday and Thursday slot, minus the closed Tuesday and the slots the absence touches', () => {
    // Tuesdays 1, 8, 15, 29 (22 closed) × 6 slots; Thursdays 3, 10, 17, 24, 31 × 3 slots, two lost on the 10th.
    const days = [...new Set(slots.map((s) => s.date))]
    expect(days).toEqual(['2026-12-01', '2026-12-03', '2026-12-08', '2026-12-10', '2026-12-15', '2026-12-17', '2026-12-24', '2026-12-29', '2026-12-31'])
    expect(slots).toHaveLength(4 * 6 + 5 * 3 - 2)
    expect(slots.filter((s) => s.date === '2026-12-10').map((s) => s.time)).toEqual(['09:00–09:20'])
    expect(slots.filter((s) => s.date === '2026-12-01').map((s) => s.time)).toEqual(['14:00–14:20', '14:20–14:40', '14:40–15:00', '15:00–15:20', '15:20–15:40', '15:40–16:00'])
  })

  it('gives UTC instants eight hours behind the China wall clock, with China labels, weekdays and keys', () => {
    const first = slots[0]
    expect(first.startAt.toISOString()).toBe('2026-12-01T06:00:00.000Z')
    expect(first.endAt.toISOString()).toBe('2026-12-01T06:20:00.000Z')
    expect(first).toMatchObject({ key: '2026-12-01 14:00', date: '2026-12-01', weekday: 2, label: '12月1日 周二 14:00–14:20', seats: 3 })
    const thursday = slots.find((s) => s.date === '2026-12-31')
    expect(thursday).toMatchObject({ startAt: new Date('2026-12-31T01:00:00.000Z'), label: '12月31日 周四 09:00–09:20', weekday: 4 })
    expect(new Set(slots.map((s) => s.key)).size).toBe(slots.length)
    for (let i = 1; i < slots.length; i++) expect(slots[i].startAt.getTime()).toBeGreaterThan(slots[i - 1].startAt.getTime())
  })

  it('takes [from, to) literally: a window starting mid-range keeps only the later slots', () => {
    const part = expandSlots(haircut, china('2026-12-01', '15:00'), china('2026-12-03', '09:20'))
    expect(part.map((s) => s.key)).toEqual(['2026-12-01 15:00', '2026-12-01 15:20', '2026-12-01 15:40', '2026-12-03 09:00'])
    expect(expandSlots(haircut, china('2026-12-02', '00:00'), china('2026-12-02', '00:00'))).toEqual([])
  })

  it('refuses to expand more than the longest view at once', () => {
    expectError(() => expandSlots(haircut, china('2026-12-01', '00:00'), china('2027-03-01', '00:00')), 'to', new RegExp(`${MAX_EXPAND_DAYS}`))
  })
})

describe('day boundaries at 00:00 China time (16:00 UTC the day before)', () => {
  const night: ScheduleDefinition = {
    ...haircut,
    weekly: [{ weekdays: [2], ranges: [{ start: '00:00', end: '01:00' }, { start: '23:00', end: '24:00' }] }],
    slotMinutes: 30,
    closedDates: [],
    absences: [],
  }

  it('puts a Tuesday 00:00 slot on Monday 16:00 UTC, and a Tuesday 23:30 slot on Tuesday 15:30 UTC', () => {
    const slots = expandSlots(night, new Date('2026-12-07T00:00:00Z'), new Date('2026-12-09T00:00:00Z'))
    expect(slots.map((s) => [s.startAt.toISOString(), s.label])).toEqual([
      ['2026-12-07T16:00:00.000Z', '12月8日 周二 00:00–00:30'],
      ['2026-12-07T16:30:00.000Z', '12月8日 周二 00:30–01:00'],
      ['2026-12-08T15:00:00.000Z', '12月8日 周二 23:00–23:30'],
      ['2026-12-08T15:30:00.000Z', '12月8日 周二 23:30–24:00'],
    ])
  })

  it('reads a closed date as the China day: closing 12-08 removes the slot at 16:00 UTC on 12-07', () => {
    const slots = expandSlots({ ...night, closedDates: ['2026-12-08'] }, new Date('2026-12-07T00:00:00Z'), new Date('2026-12-09T00:00:00Z'))
    expect(slots).toEqual([])
  })

  it('starts from the China day containing `from`, even when UTC is still on the day before', () => {
    const slots = expandSlots(night, new Date('2026-12-07T16:00:00Z'), new Date('2026-12-07T16:30:00Z'))
    expect(slots.map((s) => s.key)).toEqual(['2026-12-08 00:00'])
  })
})

describe('booking window and cut-off', () => {
  const slot = { startAt: china('2026-12-15', '14:00') }

  it('opens at 00:00 China time seven days before the slot’s day, not a moment earlier', () => {
    expect(bookingOpensAt(slot, haircut).toISOString()).toBe('2026-12-07T16:00:00.000Z')
    expect(canBook(slot, new Date('2026-12-07T15:59:59.999Z'), haircut)).toMatchObject({ ok: false, reason: 'not_open_yet', message: expect.stringContaining('12月8日 00:00') })
    expect(canBook(slot, new Date('2026-12-07T16:00:00.000Z'), haircut)).toEqual({ ok: true })
  })

  it('closes at the cut-off instant: a minute before is fine, at the cut-off it is refused with the reason', () => {
    expect(bookingClosesAt(slot, haircut)).toEqual(china('2026-12-15', '13:00'))
    expect(canBook(slot, china('2026-12-15', '12:59'), haircut)).toEqual({ ok: true })
    expect(canBook(slot, china('2026-12-15', '13:00'), haircut)).toMatchObject({ ok: false, reason: 'closed', message: expect.stringContaining('60 分钟') })
    expect(canBook(slot, china('2026-12-15', '15:00'), haircut)).toMatchObject({ ok: false, reason: 'closed' })
  })

  it('with no cut-off, books until the start', () => {
    const rules = { bookingWindowDays: 1, cutoffMinutes: 0 }
    expect(canBook(slot, new Date(slot.startAt.getTime() - 1), rules)).toEqual({ ok: true })
    expect(canBook(slot, slot.startAt, rules)).toMatchObject({ ok: false, reason: 'closed', message: expect.stringContaining('已经开始') })
  })

  it('cancels up to the same cut-off', () => {
    expect(canCancel(slot, china('2026-12-15', '12:59'), haircut)).toEqual({ ok: true })
    expect(canCancel(slot, china('2026-12-15', '13:00'), haircut)).toMatchObject({ ok: false, reason: 'closed', message: expect.stringContaining('联系驿站') })
  })
})

describe('validating a definition', () => {
  it('accepts the haircut schedule', () => expect(() => validateSchedule(haircut)).not.toThrow())

  it('refuses broken numbers, ranges, dates and absences with the field and a reason', () => {
    expectError(() => validateSchedule({ ...haircut, slotMinutes: 0 }), 'slotMinutes')
    expectError(() => validateSchedule({ ...haircut, seatsPerSlot: 2.5 }), 'seatsPerSlot')
    expectError(() => validateSchedule({ ...haircut, bookingWindowDays: 0 }), 'bookingWindowDays')
    expectError(() => validateSchedule({ ...haircut, cutoffMinutes: -5 }), 'cutoffMinutes')
    expectError(() => validateSchedule({ ...haircut, weekly: [] }), 'weekly')
    expectError(() => validateSchedule({ ...haircut, weekly: [{ weekdays: [7 as never], ranges: [{ start: '09:00', end: '10:00' }] }] }), 'weekly')
    expectError(() => validateSchedule({ ...haircut, weekly: [{ weekdays: [1], ranges: [{ start: '9:00', end: '10:00' }] }] }), 'weekly', /14:00/)
    expectError(() => validateSchedule({ ...haircut, weekly: [{ weekdays: [1], ranges: [{ start: '22:00', end: '02:00' }] }] }), 'weekly', /午夜/)
    expectError(() => validateSchedule({ ...haircut, weekly: [{ weekdays: [1], ranges: [{ start: '09:00', end: '09:10' }] }] }), 'weekly', /放不下/)
    expectError(() => validateSchedule({ ...haircut, closedDates: ['2026-02-30'] }), 'closedDates')
    expectError(() => validateSchedule({ ...haircut, absences: [{ from: china('2026-12-10', '10:00').toISOString(), to: china('2026-12-10', '09:00').toISOString() }] }), 'absences')
  })
})

describe('service types', () => {
  it('are a closed list with Chinese labels', () => {
    expect(allServiceTypes).toEqual(['haircut', 'health_check', 'legal_advice', 'insurance', 'skills_training', 'other'])
    expect(serviceTypeLabel).toEqual({ haircut: '理发', health_check: '健康检查', legal_advice: '法律咨询', insurance: '保险', skills_training: '技能培训', other: '其他' })
    expect(isServiceType('haircut')).toBe(true)
    expect(isServiceType('massage')).toBe(false)
    expect(isServiceType(undefined)).toBe(false)
  })
})
