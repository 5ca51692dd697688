/** Front-end service for the `reports` cloud function (contract: ./contract.ts). */
import { createService } from '../shell/service'
import { reportsContract } from './contract'

export const reports = createService('reports', reportsContract, {
  reads: ['categories', 'suggest', 'mine', 'detail', 'nearby', 'queue', 'departments', 'grids', 'figures', 'subscribeTemplates', 'adminCategories', 'adminDepartments', 'adminGrids', 'adminStreets'],
})
