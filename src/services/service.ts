/** Front-end service for the `services` cloud function (contract: ./contract.ts). */
import { createService } from '../shell/service'
import { servicesContract } from './contract'

export const services = createService('services', servicesContract, {
  reads: ['listServices', 'serviceDetail', 'myBookings', 'slotRoster', 'figures', 'calendar'],
})
