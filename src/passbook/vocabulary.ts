/**
 * Closed vocabularies of the love passbook (爱"新"存折): what kind of event earns points, what kind of
 * ledger entry exists, and the states of a redemption. Defined once; functions, rules and pages use them.
 */

/** Event kinds an admin sets a point rule for. `admin_adjust` has no rule: it is the audited manual path. */
export const PointRuleKind = {
  checkin_visit: 'checkin_visit',
  party_report: 'party_report',
  report_accepted: 'report_accepted',
  volunteer_hour: 'volunteer_hour',
  wish_fulfilled: 'wish_fulfilled',
  service_attended: 'service_attended',
  admin_adjust: 'admin_adjust',
} as const
export type PointRuleKind = (typeof PointRuleKind)[keyof typeof PointRuleKind]
export const allPointRuleKinds: readonly PointRuleKind[] = Object.values(PointRuleKind)
/** Kinds that go through the shared credit path (everything but the manual adjustment). */
export const creditableKinds: readonly PointRuleKind[] = allPointRuleKinds.filter((k) => k !== PointRuleKind.admin_adjust)

export const pointRuleKindLabel: Record<PointRuleKind, string> = {
  checkin_visit: '驿站扫码签到',
  party_report: '流动党员报到',
  report_accepted: '随手拍被立案',
  volunteer_hour: '志愿服务（每小时）',
  wish_fulfilled: '完成微心愿',
  service_attended: '到站接受预约服务',
  admin_adjust: '人工调整',
}

/** Ledger entry types. Every entry is appended once and never edited or removed. */
export const EntryType = {
  earn: 'earn',
  redeem: 'redeem',
  reverse: 'reverse',
  expire: 'expire',
  adjust: 'adjust',
} as const
export type EntryType = (typeof EntryType)[keyof typeof EntryType]

export const entryTypeLabel: Record<EntryType, string> = {
  earn: '获得',
  redeem: '兑换',
  reverse: '退回',
  expire: '过期',
  adjust: '调整',
}

export const RedemptionState = {
  pending: 'pending',
  fulfilled: 'fulfilled',
  cancelled: 'cancelled',
  expired: 'expired',
} as const
export type RedemptionState = (typeof RedemptionState)[keyof typeof RedemptionState]

export const redemptionStateLabel: Record<RedemptionState, string> = {
  pending: '待领取',
  fulfilled: '已领取',
  cancelled: '已取消',
  expired: '已过期',
}

/** Ledger source types other domains name when they credit (the object that earned the points). */
export const SourceType = {
  checkin: 'checkin',
  report: 'report',
  activity: 'activity',
  wish: 'wish',
  redemption: 'redemption',
  expiry: 'expiry',
  adjustment: 'adjustment',
} as const
export type SourceType = (typeof SourceType)[keyof typeof SourceType]

/** Audit actions written by the passbook. */
export const PassbookAudit = {
  adjust: 'passbook.adjust',
  ruleSave: 'passbook.rule.save',
  rewardSave: 'passbook.reward.save',
  rewardStock: 'passbook.reward.stock',
  mismatch: 'passbook.reconcile.mismatch',
} as const
