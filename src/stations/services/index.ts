/**
 * Front-end services of the stations and checkins functions (contracts: ../contract.ts and
 * ../../checkins/contract.ts). Reads are retried and cached; writes are retried only when they carry an
 * idempotency key (check-in does).
 */
import { checkinsContract } from '../../checkins/contract'
import { createService } from '../../shell/service'
import { stationsContract } from '../contract'

export const stationsService = createService('stations', stationsContract, {
  reads: ['nearby', 'search', 'districts', 'detail', 'managed', 'problems'],
  // Draws and stores the code image: up to the stations function's 20 s limit (cloudfunctions/stations/config.json).
  timeoutsMs: { generateCode: 22_000 },
})

export const checkinsService = createService('checkins', checkinsContract, {
  reads: ['preview', 'myHistory', 'stationFigures', 'districtFigures', 'partyMyStatus', 'partyApplications'],
})
