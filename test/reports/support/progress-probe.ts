/**
 * Run by test/reports/progress.test.ts in a child process with TZ set to a device zone: prints how the
 * promise line reads there, plus the device clock's own hour as the witness that the zone was in force.
 */
import { promiseText } from '../../../src/reports/progress'

const at = '2026-12-06T07:30:00.000Z'
process.stdout.write(
  JSON.stringify({
    deviceHour: new Date(at).getHours(),
    promised: promiseText({ kind: 'promised', at, overdue: false }),
    late: promiseText({ kind: 'promised', at: '2026-12-06T17:10:00.000Z', overdue: true }),
    resolved: promiseText({ kind: 'resolved', at: '2026-12-05T16:05:00.000Z' }),
  }),
)
