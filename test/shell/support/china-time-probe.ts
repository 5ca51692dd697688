/**
 * Run by test/shell/china-time.test.ts in a child process with TZ set to a device zone: prints what the
 * app's formatters and picker conversions answer there, plus the device clock's own hour as a witness.
 */
import { parseChinaDate } from '../../../src/core/time'
import { draftOf } from '../../../src/passbook/reward-form'
import { china, chinaInstant, formatDate, formatMoment } from '../../../src/shell/time'
import { formatTime, formatWindow } from '../../../src/volunteers/components/format'

const lateNight = '2025-06-06T18:30:00.000Z'
const now = Date.now()
const draft = draftOf({ id: 'r', name: 'x', description: '', cost: 1, stock: 1, stockInitial: 1, pending: 0, fulfilled: 0, limitPerDay: 0, limitPerMonth: 0, limitTotal: 0, pickupHours: 1, stations: [], active: true, order: 1, validFrom: '2025-05-31T16:00:00.000Z' })

process.stdout.write(
  JSON.stringify({
    deviceHour: new Date(lateNight).getHours(),
    formatDate: formatDate(lateNight),
    formatTime: formatTime(lateNight),
    weekday: china(lateNight).format('dddd HH:mm'),
    morning: formatWindow('2025-06-07T01:00:00.000Z', '2025-06-07T03:00:00.000Z'),
    acrossDeviceMidnight: formatWindow('2025-06-06T23:00:00.000Z', '2025-06-07T01:00:00.000Z'),
    today: formatMoment(now),
    todayClock: china(now).format('HH:mm'),
    twoDaysAgo: formatMoment(now - 2 * 86_400_000),
    picked: chinaInstant('2025-06-07', '09:00'),
    typedDate: parseChinaDate('2025-06-01').toISOString(),
    typedInstant: parseChinaDate('2025-06-01T12:00:00Z').toISOString(),
    formShows: draft.validFrom,
  }),
)
