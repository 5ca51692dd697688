/**
 * Every admin screen, defined once: the 管理 card on 我的 lists them for admins (and only admins), each
 * one tap away. The pages themselves check nothing on the client; every action behind them is admin-only
 * on the server.
 */
export interface AdminPageLink {
  label: string
  /** What it is for, in a few words (shown on the row). */
  detail: string
  url: string
}

export const adminPages: readonly AdminPageLink[] = [
  { label: '角色授权', detail: '授予 · 撤销 · 记录', url: '/users/pages/grants/index' },
  { label: '站点管理', detail: '搜索 · 新建 · 维护', url: '/stations/pages/manage/index' },
  { label: '积分管理', detail: '规则 · 礼品 · 对账', url: '/passbook/pages/admin/index' },
  { label: '问题类别、部门、网格', detail: '时限 · 派单 · 分区', url: '/reports/pages/admin/index' },
  { label: '党员审核', detail: '认证申请', url: '/checkins/pages/review/index' },
  { label: '到访统计', detail: '驿站报到', url: '/checkins/pages/figures/index' },
  { label: '随手拍统计', detail: '受理 · 办结 · 超期', url: '/reports/pages/figures/index' },
  { label: '区/街道工作台', detail: '一企一档 · 五个清 · 导出', url: '/district/pages/workbench/index' },
]
