/** Front-end service for the `suggestions` cloud function (contract: ./contract.ts). */
import { createService } from '../shell/service'
import { suggestionsContract } from './contract'

export const suggestions = createService('suggestions', suggestionsContract, {
  reads: ['board', 'detail', 'mine', 'queue', 'templates', 'departments', 'figures'],
})
