/** Front-end service for the `volunteers` cloud function (contract: ./contract.ts). */
import { createService } from '../shell/service'
import { volunteersContract } from './contract'

export const volunteers = createService('volunteers', volunteersContract, {
  reads: ['listTeams', 'teamDetail', 'myTeams', 'roster', 'listActivities', 'activityDetail', 'myActivities', 'scanPreview', 'attendanceSheet', 'certificate', 'periodCertificate', 'verifyCertificate', 'exportRoster', 'activityCode'],
})
