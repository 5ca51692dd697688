/**
 * Party-member registration rules: a worker applies (organisation, contact), an admin of the street
 * approves or rejects with a reason, and the worker sees their status. Pure state transitions on one
 * application document per user (`_id = userId`, so applying twice cannot create two); the function
 * writes the result with a guarded update on the previous status and, on approval, grants the
 * `party_member` role (which is what check-in rules read as "approved").
 */
import { AppError } from '../core/errors'

export const PartyApplicationStatus = {
  pending: 'pending',
  approved: 'approved',
  rejected: 'rejected',
} as const
export type PartyApplicationStatus = (typeof PartyApplicationStatus)[keyof typeof PartyApplicationStatus]

export const partyStatusLabel: Record<PartyApplicationStatus | 'none', string> = {
  none: '未认证',
  pending: '审核中',
  approved: '已认证',
  rejected: '未通过',
}

export const PartyDecision = { approve: 'approve', reject: 'reject' } as const
export type PartyDecision = (typeof PartyDecision)[keyof typeof PartyDecision]

/** Stored in an ADMINONLY collection: the contact is personal data only reviewers see. */
export interface PartyApplication {
  _id: string
  userId: string
  /** 所在党组织, e.g. "惠济区新业态党委第三支部". */
  organisation: string
  /** Phone the reviewer can call to confirm membership. */
  contact: string
  status: PartyApplicationStatus
  appliedAt: Date
  reviewedAt?: Date
  reviewerId?: string
  /** Why it was rejected (shown to the applicant), or an approval note. */
  reason?: string
  /** How many times this user has applied (re-applying after a rejection increments it). */
  attempts: number
}

/** A new or renewed application; refused while pending or once approved. */
export function applyForParty(
  existing: PartyApplication | null,
  input: { userId: string; organisation: string; contact: string },
  now: Date,
): PartyApplication {
  if (existing?.status === 'pending') throw new AppError('CONFLICT', '你的党员认证申请正在审核中，请耐心等待')
  if (existing?.status === 'approved') throw new AppError('CONFLICT', '你已经是认证党员，无需重复申请')
  return {
    _id: input.userId,
    userId: input.userId,
    organisation: input.organisation,
    contact: input.contact,
    status: 'pending',
    appliedAt: now,
    attempts: (existing?.attempts ?? 0) + 1,
  }
}

/** Approve or reject a pending application; a rejection needs a reason the applicant can act on. */
export function reviewPartyApplication(
  application: PartyApplication,
  review: { decision: PartyDecision; reason?: string; reviewerId: string },
  now: Date,
): PartyApplication {
  if (application.userId === review.reviewerId) throw new AppError('FORBIDDEN', '不能审核自己的申请')
  if (application.status !== 'pending') throw new AppError('CONFLICT', '该申请已审核过，请刷新列表')
  const reason = review.reason?.trim()
  if (review.decision === 'reject' && (!reason || reason.length < 2)) {
    throw new AppError('INVALID_ARGUMENT', '驳回时请填写原因，方便申请人补充材料', 'reason')
  }
  const next: PartyApplication = {
    ...application,
    status: review.decision === 'approve' ? 'approved' : 'rejected',
    reviewedAt: now,
    reviewerId: review.reviewerId,
  }
  if (reason) next.reason = reason
  else delete next.reason
  return next
}

/** What the applicant sees about their own application (never the reviewer's id). */
export interface MyPartyStatus {
  status: PartyApplicationStatus | 'none'
  label: string
  organisation?: string
  appliedAt?: string
  reviewedAt?: string
  /** The rejection reason, so the applicant knows what to fix. */
  reason?: string
  canApply: boolean
}

export function myPartyStatus(application: PartyApplication | null): MyPartyStatus {
  if (!application) return { status: 'none', label: partyStatusLabel.none, canApply: true }
  const view: MyPartyStatus = {
    status: application.status,
    label: partyStatusLabel[application.status],
    organisation: application.organisation,
    appliedAt: application.appliedAt.toISOString(),
    canApply: application.status === 'rejected',
  }
  if (application.reviewedAt) view.reviewedAt = application.reviewedAt.toISOString()
  if (application.status === 'rejected' && application.reason) view.reason = application.reason
  return view
}
