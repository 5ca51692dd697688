/** Front-end service for the `passbook` cloud function (contract: ./contract.ts). */
import { createService } from '../shell/service'
import { passbookContract } from './contract'

export const passbook = createService('passbook', passbookContract, {
  reads: ['summary', 'entries', 'catalogue', 'myRedemptions', 'redemption', 'rules', 'adminRewards', 'accountEntries'],
})
