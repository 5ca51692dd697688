/**
 * Check-ins domain contract: preview a scanned code, check in, my history, visit figures per station
 * and per district, and Party-member registration (apply, my status, the admin's list and review).
 * Every input is bounded; identity and roles come from the server, never from these payloads.
 */
import { action } from '../core/contract'
import { AppError } from '../core/errors'
import { s, type Schema } from '../core/schema'
import type { StationType } from '../stations/vocabulary'
import { FiguresGranularity, rangeProblem } from './figures'
import { PartyApplicationStatus, PartyDecision, type MyPartyStatus } from './party'
import { SCENE_MAX_LENGTH } from './scene'
import { allCheckinPurposes, EntryMethod, type CheckinOutcome, type CheckinPurpose, type CheckinRejectionCode } from './vocabulary'

// ---- outputs ----

export interface CheckinStationView {
  stationId: string
  stationCode: string
  name: string
  type: StationType
  address: string
}

/** What the check-in page shows before the user confirms. */
export interface CheckinPreview {
  station: CheckinStationView
  /** False when the code is revoked or fails its signature; `problem` says why. */
  valid: boolean
  problem?: { code: CheckinRejectionCode; message: string }
  /** Purposes this user may choose here (visit at stations; party_report at report points if approved). */
  purposes: CheckinPurpose[]
}

export interface CheckinResult {
  outcome: CheckinOutcome
  checkinId: string
  purpose: CheckinPurpose
  station: CheckinStationView
  /** ISO time the counted check-in was recorded (for `acknowledged`, the earlier one). */
  countedAt: string
  /** Rounded distance to the station in metres. */
  distanceM: number
  /** ISO time from which a new check-in here would count again. */
  nextCountableAt: string
  message: string
  /** Points this counted check-in earned under the admin's rule (0 when capped or no rule is active). */
  points?: number
  /** The rule's daily or monthly cap stopped some or all of the points. */
  pointsCapped?: boolean
}

export interface CheckinHistoryItem {
  checkinId: string
  purpose: CheckinPurpose
  stationId: string
  stationName: string
  stationType: StationType
  at: string
}

export interface FiguresBucket {
  /** `YYYY-MM-DD` or `YYYY-MM` (China time). */
  period: string
  checkins: number
  uniqueUsers: number
}

export interface VisitFigures {
  granularity: FiguresGranularity
  from: string
  to: string
  /** Every period of the range, zeros included. */
  buckets: FiguresBucket[]
  total: number
}

export interface DistrictFigures extends VisitFigures {
  district: string
  /** Busiest stations first, at most 50. */
  byStation: Array<{ stationId: string; name: string; checkins: number }>
}

export interface PartyApplicationView {
  applicationId: string
  userId: string
  nickname: string
  organisation: string
  contact: string
  status: PartyApplicationStatus
  appliedAt: string
  attempts: number
}

// ---- input pieces ----

/** The raw scene as the page decoded it; parsed and verified by the server. */
const scene = () => s.string({ min: 1, max: SCENE_MAX_LENGTH, trim: false })
const date = () => s.string({ min: 10, max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/ })

/** A figures range: real dates, from ≤ to, and at most 92 days or 24 months of buckets. */
function figuresQuery<T extends { granularity: FiguresGranularity; from: string; to: string }>(inner: Schema<T>): Schema<T> {
  return {
    optional: false,
    shape: inner.shape,
    parse(value, path = '') {
      const out = inner.parse(value, path)
      const problem = rangeProblem(out.granularity, out.from, out.to)
      if (problem) {
        const at = path ? `${path}.to` : 'to'
        throw new AppError('INVALID_ARGUMENT', `${at}${problem}`, at)
      }
      return out
    },
  }
}

const granularity = () => s.oneOf(Object.values(FiguresGranularity))

export const checkinsContract = {
  preview: action<CheckinPreview>()(s.object({ scene: scene() })),
  checkIn: action<CheckinResult>()(
    s.object({
      scene: scene(),
      entry: s.object({
        method: s.oneOf(Object.values(EntryMethod)),
        /** wx.getEnterOptionsSync().scene for `launch`; ignored for `scan_code`. */
        launchScene: s.optional(s.integer({ min: 1000, max: 9999 })),
      }),
      location: s.object({
        lng: s.number({ min: -180, max: 180 }),
        lat: s.number({ min: -90, max: 90 }),
        /** Metres, as wx.getLocation reports it; the rules refuse vague fixes with a clear message. */
        accuracy: s.number({ min: 0, max: 100_000 }),
      }),
      purpose: s.oneOf(allCheckinPurposes),
      idempotencyKey: s.idempotencyKey(),
    }),
  ),
  myHistory: action<{ items: CheckinHistoryItem[]; hasMore: boolean }>()(
    s.object({ purpose: s.optional(s.oneOf(allCheckinPurposes)), page: s.optional(s.page(50)) }),
  ),
  /** Station managers for their stations, admins for all. */
  stationFigures: action<VisitFigures>()(
    figuresQuery(s.object({ stationId: s.id(), granularity: granularity(), from: date(), to: date(), purpose: s.optional(s.oneOf(allCheckinPurposes)) })),
  ),
  /** Admins of the district (street scopes) and above. */
  districtFigures: action<DistrictFigures>()(
    figuresQuery(
      s.object({
        district: s.string({ min: 2, max: 20 }),
        granularity: granularity(),
        from: date(),
        to: date(),
        purpose: s.optional(s.oneOf(allCheckinPurposes)),
      }),
    ),
  ),

  // Party-member registration
  partyApply: action<MyPartyStatus>()(
    s.object({
      organisation: s.string({ min: 2, max: 60 }),
      contact: s.string({ min: 5, max: 20, pattern: /^[0-9+\-() ]+$/ }),
    }),
  ),
  partyMyStatus: action<MyPartyStatus>()(s.object({})),
  partyApplications: action<{ items: PartyApplicationView[]; hasMore: boolean }>()(
    s.object({ status: s.optional(s.oneOf(Object.values(PartyApplicationStatus))), page: s.optional(s.page(50)) }),
  ),
  /** A rejection needs a reason (checked by reviewPartyApplication, answered with field `reason`). */
  partyReview: action<{ applicationId: string; status: PartyApplicationStatus }>()(
    s.object({
      applicationId: s.id(),
      decision: s.oneOf(Object.values(PartyDecision)),
      reason: s.optional(s.string({ min: 2, max: 200 })),
    }),
  ),
}
