/**
 * Station services' closed vocabularies (暖新365): the kinds of service a station offers, with their
 * Chinese labels. Shared by the services function, its pages and the calendar.
 */
export const ServiceType = {
  haircut: 'haircut',
  health_check: 'health_check',
  legal_advice: 'legal_advice',
  insurance: 'insurance',
  skills_training: 'skills_training',
  other: 'other',
} as const
export type ServiceType = (typeof ServiceType)[keyof typeof ServiceType]
export const allServiceTypes: readonly ServiceType[] = Object.values(ServiceType)

export const serviceTypeLabel: Record<ServiceType, string> = {
  haircut: '理发',
  health_check: '健康检查',
  legal_advice: '法律咨询',
  insurance: '保险',
  skills_training: '技能培训',
  other: '其他',
}

export function isServiceType(value: unknown): value is ServiceType {
  return typeof value === 'string' && (allServiceTypes as readonly string[]).includes(value)
}
