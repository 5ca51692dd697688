/**
 * Run by test/services/schedule-zones.test.ts in a child process with TZ set to a device zone: prints a
 * month of one schedule's slots and booking verdicts, plus the device clock's own offset as a witness.
 */
import { canBook, expandSlots, type ScheduleDefinition } from '../../../src/services/schedule'

const china = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`)
const def: ScheduleDefinition = {
  weekly: [
    { weekdays: [2], ranges: [{ start: '00:00', end: '01:00' }, { start: '14:00', end: '16:00' }] },
    { weekdays: [0, 6], ranges: [{ start: '23:00', end: '24:00' }] },
  ],
  slotMinutes: 20,
  seatsPerSlot: 2,
  closedDates: ['2026-12-22'],
  absences: [{ from: china('2026-12-08', '14:30').toISOString(), to: china('2026-12-08', '15:00').toISOString() }],
  bookingWindowDays: 3,
  cutoffMinutes: 30,
}
const slots = expandSlots(def, china('2026-12-01', '00:00'), china('2027-01-01', '00:00'))

process.stdout.write(
  JSON.stringify({
    deviceOffsetMin: new Date('2026-12-01T00:00:00Z').getTimezoneOffset(),
    slots: slots.map((s) => ({ ...s, startAt: s.startAt.toISOString(), endAt: s.endAt.toISOString() })),
    verdicts: slots.slice(0, 12).map((s) => canBook(s, new Date('2026-12-04T16:10:00Z'), def).ok),
  }),
)
