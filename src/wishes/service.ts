/** Front-end service for the `wishes` cloud function (contract: ./contract.ts). */
import { createService } from '../shell/service'
import { wishesContract } from './contract'

export const wishes = createService('wishes', wishesContract, {
  reads: ['streets', 'myTeams', 'myEnterprises', 'wall', 'stories', 'detail', 'mine', 'claimed', 'queue'],
})
