/**
 * `volunteers` function: teams and rosters (./teams), activities with capacity and waitlist
 * (./activities, ./seats), attendance by code or captain's mark (./attendance), hours credited through
 * the passbook and certificates (./hours, ./certificates, ./period-certificate), and the timer job
 * that recounts seat counters (./recount). Captaincy is checked per team object
 * (team.captainIds, or admin), not by role alone, so every action is open to signed-in users and
 * refuses inside the handler.
 */
import { volunteersContract } from '../../src/volunteers/contract'
import { createHandler } from '../_runtime/router'
import { activityActions } from './activities'
import { attendanceActions } from './attendance'
import { certificateActions } from './certificates'
import { recountSeats } from './recount'
import { teamActions } from './teams'

export const main = createHandler(
  volunteersContract,
  {
    ...teamActions,
    ...activityActions,
    ...attendanceActions,
    ...certificateActions,
    recountSeats: { roles: 'any', internal: true, handler: async ({ limit }, ctx) => recountSeats(ctx, limit) },
  },
  // The seat-counter recount (./recount) also runs on the timer declared in config.json.
  { name: 'volunteers', timers: { recountSeats: (sys) => recountSeats(sys) } },
)
