/**
 * The part of the reports service the main package ships (the 随手拍 tab, its offline drafts, nearby
 * reports): same function and cache keys as ./service.ts, without the staff and admin schemas.
 */
import { createService } from '../shell/service'
import { reportsPublicContract } from './public-contract'

export const publicReports = createService('reports', reportsPublicContract, { reads: ['mine', 'nearby'] })
