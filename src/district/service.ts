/** Front-end service for the `district` cloud function (contract: ./contract.ts). */
import { createService } from '../shell/service'
import { districtContract } from './contract'

export const district = createService('district', districtContract, {
  reads: ['myScope', 'listEnterprises', 'enterprise', 'findEnterprises', 'myLink', 'pendingLinks', 'ledger', 'coverage'],
  // Building a workbook, a period's first dashboard or a district's coverage takes seconds: up to the district function's 60 s limit.
  timeoutsMs: { exportRegistry: 60_000, exportLedger: 60_000, exportDashboard: 60_000, dashboard: 60_000, coverage: 60_000 },
})
