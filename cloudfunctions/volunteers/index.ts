/**
 * `volunteers` function: teams and rosters (./teams), activities with capacity and waitlist
 * (./activities, ./seats), attendance by code or captain's mark (./attendance), hours credited through
 * the passbook and certificates (./hours, ./certificates). Captaincy is checked per team object
 * (team.captainIds, or admin), not by role alone, so every action is open to signed-in users and
 * refuses inside the handler.
 */
import { volunteersContract } from '../../src/volunteers/contract'
import { createHandler } from '../_runtime/router'
import { activityActions } from './activities'
import { attendanceActions } from './attendance'
import { certificateActions } from './certificates'
import { teamActions } from './teams'

export const main = createHandler(volunteersContract, { ...teamActions, ...activityActions, ...attendanceActions, ...certificateActions }, { name: 'volunteers' })
