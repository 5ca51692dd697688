/**
 * Closed vocabularies of suggestions (建议): categories, states, commands, reasons for not adopting,
 * and the answer templates staff start common replies from. Defined once for the function, the
 * machine, the figures and the pages.
 */

export const SuggestionCategory = {
  rest_point: 'rest_point',
  charging: 'charging',
  parking: 'parking',
  road_safety: 'road_safety',
  rights: 'rights',
  other: 'other',
} as const
export type SuggestionCategory = (typeof SuggestionCategory)[keyof typeof SuggestionCategory]
export const allSuggestionCategories = Object.values(SuggestionCategory)
export const suggestionCategoryLabel: Record<SuggestionCategory, string> = {
  rest_point: '歇脚避雨点',
  charging: '充电换电',
  parking: '停车通行',
  road_safety: '道路安全',
  rights: '权益保障',
  other: '其他建议',
}

export const SuggestionState = {
  received: 'received',
  evaluating: 'evaluating',
  adopted: 'adopted',
  not_adopted: 'not_adopted',
  solved: 'solved',
} as const
export type SuggestionState = (typeof SuggestionState)[keyof typeof SuggestionState]
export const allSuggestionStates = Object.values(SuggestionState)
export const suggestionStateLabel: Record<SuggestionState, string> = {
  received: '已收到',
  evaluating: '研究中',
  adopted: '已采纳',
  not_adopted: '暂不采纳',
  solved: '已解决',
}

export const SuggestionCommand = {
  evaluate: 'evaluate',
  adopt: 'adopt',
  decline: 'decline',
  solve: 'solve',
  assign: 'assign',
  note: 'note',
} as const
export type SuggestionCommand = (typeof SuggestionCommand)[keyof typeof SuggestionCommand]
export const suggestionCommandLabel: Record<SuggestionCommand, string> = {
  evaluate: '转入研究',
  adopt: '采纳',
  decline: '暂不采纳',
  solve: '标记已解决',
  assign: '指定责任部门',
  note: '添加内部备注',
}

export const NotAdoptedReason = {
  not_our_remit: 'not_our_remit',
  not_feasible: 'not_feasible',
  already_exists: 'already_exists',
  needs_more_info: 'needs_more_info',
  conflicts_with_rules: 'conflicts_with_rules',
} as const
export type NotAdoptedReason = (typeof NotAdoptedReason)[keyof typeof NotAdoptedReason]
export const allNotAdoptedReasons = Object.values(NotAdoptedReason)
export const notAdoptedReasonLabel: Record<NotAdoptedReason, string> = {
  not_our_remit: '不属于街道职责，已转告相关单位',
  not_feasible: '现阶段条件不具备',
  already_exists: '附近已有相应设施或规定',
  needs_more_info: '信息不足，欢迎补充后再提',
  conflicts_with_rules: '与现行规定不符',
}

/** Replies staff start from (they may edit before sending); keyed by the command they go with. */
export const answerTemplates: ReadonlyArray<{ id: string; command: 'evaluate' | 'adopt' | 'decline' | 'solve'; title: string; text: string }> = [
  { id: 'eval_visit', command: 'evaluate', title: '现场查看', text: '感谢您的建议，我们已安排工作人员到现场查看，研究后再答复您。' },
  { id: 'adopt_plan', command: 'adopt', title: '采纳并排期', text: '您的建议已采纳，已交由责任部门办理，将在承诺日期前完成。' },
  { id: 'decline_remit', command: 'decline', title: '不属职责', text: '该事项不属于街道职责范围，我们已转告相关单位，感谢您的关心。' },
  { id: 'solve_done', command: 'solve', title: '已办结', text: '您建议的事项已办结，欢迎到现场查看，并继续为我们提建议。' },
]

export const suggestionPolicy = {
  /** "Answered within N days" in the published figures. */
  answerDays: 7,
  maxPerDay: 5,
} as const
