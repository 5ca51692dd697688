/** Front-end service for the `users` cloud function (contract: ./contract.ts). */
import { createService } from '../shell/service'
import { usersContract } from './contract'

export const users = createService('users', usersContract, { reads: ['me', 'listUsers', 'messages', 'workbench', 'auditLog'] })
