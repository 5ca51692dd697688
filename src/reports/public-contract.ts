/**
 * The reports actions the 随手拍 tab in the main package calls: submit (also for drafts queued offline),
 * mine and nearby. Apart from the staff and admin actions so that their schemas stay out of the main
 * package (src/reports/public-service.ts); ./contract.ts spreads these into the reportsContract the
 * function serves, so each action is defined once.
 */
import { action } from '../core/contract'
import { s } from '../core/schema'
import type { ReportSummary, SubmitResult } from './contract'
import { allReportCategories, MAX_PHOTOS } from './vocabulary'

/** Cloud storage file ids as wx.cloud.uploadFile returns them. */
export const photos = (min: number) => s.array(s.fileId(), { min, max: MAX_PHOTOS, unique: true })
export const category = () => s.oneOf(allReportCategories)

export const reportsPublicContract = {
  submit: action<SubmitResult>()(
    s.object({
      idempotencyKey: s.idempotencyKey(),
      categoryId: category(),
      /** Where the problem is: the pin, which starts at the device fix and which the reporter may move. */
      location: s.lngLat(),
      /** The device fix the pin started from; the server bounds the move (rules.pinWithinReach) and keeps both. */
      deviceFix: s.optional(s.object({ lng: s.number({ min: -180, max: 180 }), lat: s.number({ min: -90, max: 90 }), accuracy: s.number({ min: 0, max: 5000 }) })),
      address: s.string({ min: 2, max: 100 }),
      description: s.optional(s.string({ max: 500 })),
      photos: photos(1),
    }),
  ),
  mine: action<{ items: ReportSummary[] }>()(s.object({ page: s.optional(s.page(50)) })),
  /** Public: reports near a position, without anyone's identity. */
  nearby: action<{ items: ReportSummary[] }>()(s.object({ location: s.lngLat(), radiusM: s.optional(s.integer({ min: 50, max: 5000 })), limit: s.optional(s.integer({ min: 1, max: 50 })) })),
}
