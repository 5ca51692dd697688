/** Front-end service for the `district` cloud function (contract: ./contract.ts). */
import { createService } from '../shell/service'
import { districtContract } from './contract'

export const district = createService('district', districtContract, {
  reads: ['myScope', 'listEnterprises', 'enterprise', 'findEnterprises', 'myLink', 'pendingLinks', 'ledger', 'coverage'],
})
