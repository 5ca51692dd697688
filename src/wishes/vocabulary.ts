/**
 * Closed vocabularies of micro-wishes (微心愿): categories, value bands, who the wish is for, states,
 * commands, screening reasons, claim kinds and the policy numbers (open wishes per person, days to
 * contact, days to auto-confirm). Defined once; the function, the machine and the pages share them.
 */

export const WishCategory = {
  daily_goods: 'daily_goods',
  clothing: 'clothing',
  child_study: 'child_study',
  work_gear: 'work_gear',
  legal_help: 'legal_help',
  health: 'health',
  other: 'other',
} as const
export type WishCategory = (typeof WishCategory)[keyof typeof WishCategory]
export const allWishCategories = Object.values(WishCategory)

export const wishCategoryLabel: Record<WishCategory, string> = {
  daily_goods: '生活用品',
  clothing: '衣物御寒',
  child_study: '子女学习',
  work_gear: '工作装备',
  legal_help: '法律帮助',
  health: '健康关爱',
  other: '其他心愿',
}

/** The generic picture a public card shows for each category: never the beneficiary's own photo. */
export const wishCategoryIcon: Record<WishCategory, string> = {
  daily_goods: '🧺',
  clothing: '🧥',
  child_study: '🎒',
  work_gear: '🛵',
  legal_help: '⚖️',
  health: '🩺',
  other: '🎁',
}

export const ValueBand = {
  under_100: 'under_100',
  from_100_to_300: 'from_100_to_300',
  from_300_to_500: 'from_300_to_500',
} as const
export type ValueBand = (typeof ValueBand)[keyof typeof ValueBand]
export const allValueBands = Object.values(ValueBand)
export const valueBandLabel: Record<ValueBand, string> = { under_100: '100 元以内', from_100_to_300: '100–300 元', from_300_to_500: '300–500 元' }

export const WishFor = { self: 'self', family: 'family' } as const
export type WishFor = (typeof WishFor)[keyof typeof WishFor]
export const wishForLabel: Record<WishFor, string> = { self: '本人', family: '家人' }

export const WishState = {
  submitted: 'submitted',
  published: 'published',
  declined: 'declined',
  withdrawn: 'withdrawn',
  claimed: 'claimed',
  contacted: 'contacted',
  delivered: 'delivered',
  fulfilled: 'fulfilled',
} as const
export type WishState = (typeof WishState)[keyof typeof WishState]
export const allWishStates = Object.values(WishState)

export const wishStateLabel: Record<WishState, string> = {
  submitted: '待审核',
  published: '待认领',
  declined: '未通过审核',
  withdrawn: '已撤回',
  claimed: '已认领',
  contacted: '已联系',
  delivered: '已送达待确认',
  fulfilled: '已圆梦',
}

/** States that count against a person's open-wish limit. */
export const openWishStates: readonly WishState[] = ['submitted', 'published', 'claimed', 'contacted', 'delivered']
/** States with a live claim. */
export const claimedStates: readonly WishState[] = ['claimed', 'contacted', 'delivered']

export const WishCommand = {
  screen_ok: 'screen_ok',
  screen_decline: 'screen_decline',
  withdraw: 'withdraw',
  claim: 'claim',
  join: 'join',
  mark_contacted: 'mark_contacted',
  release: 'release',
  lapse: 'lapse',
  deliver: 'deliver',
  confirm: 'confirm',
  not_arrived: 'not_arrived',
  auto_confirm: 'auto_confirm',
  thank: 'thank',
  flag_stale: 'flag_stale',
  set_phone_consent: 'set_phone_consent',
} as const
export type WishCommand = (typeof WishCommand)[keyof typeof WishCommand]

export const wishCommandLabel: Record<WishCommand, string> = {
  screen_ok: '审核通过并上墙',
  screen_decline: '审核不通过',
  withdraw: '撤回心愿',
  claim: '认领（点亮）',
  join: '加入团队认领',
  mark_contacted: '标记已联系',
  release: '放弃认领',
  lapse: '认领超时退回',
  deliver: '标记已送达',
  confirm: '确认收到',
  not_arrived: '反馈未收到',
  auto_confirm: '超时自动确认',
  thank: '发布感谢',
  flag_stale: '提醒审核',
  set_phone_consent: '设置电话授权',
}

export const DeclineReason = {
  not_small: 'not_small',
  not_eligible: 'not_eligible',
  duplicate: 'duplicate',
  unclear: 'unclear',
  better_channel: 'better_channel',
} as const
export type DeclineReason = (typeof DeclineReason)[keyof typeof DeclineReason]
export const allDeclineReasons = Object.values(DeclineReason)
export const declineReasonLabel: Record<DeclineReason, string> = {
  not_small: '超出微心愿范围（价值过高）',
  not_eligible: '不属于服务对象',
  duplicate: '与已有心愿重复',
  unclear: '内容不清楚，请补充后重新提交',
  better_channel: '有更合适的办理渠道（如救助、法律援助）',
}

/** Who lights a wish up: a Party member alone, a volunteer team with a quota of parts, or a registered enterprise (一企一档) through its contact person. */
export const ClaimKind = { member: 'member', team: 'team', company: 'company' } as const
export type ClaimKind = (typeof ClaimKind)[keyof typeof ClaimKind]
export const allClaimKinds = Object.values(ClaimKind)
export const claimKindLabel: Record<ClaimKind, string> = { member: '党员认领', team: '服务队认领', company: '企业认领' }

export const wishPolicy = {
  /** Open wishes one person may have at once. */
  maxOpenPerUser: 2,
  /** The claimer marks "contacted" within this many days or the claim lapses (上高 rule). */
  contactDays: 7,
  /** An unanswered delivery is confirmed after this many days. */
  autoConfirmDays: 7,
  /** An unscreened wish older than this is flagged to staff. */
  staleScreenDays: 3,
  /** Largest quota of parts of a team claim. */
  maxParts: 20,
} as const
