/**
 * Demo station services (暖新365): at 娄葑's st-lf-004 (tests book at st-lf-001), a weekly haircut the station keeps
 * and a health check the clinic's provider keeps (so the provider's 我管理的服务 and workbench are not
 * empty), and a legal-advice hour at each other district's first open station. No bookings: riders
 * book them in the demo. The passbook's `service_attended` rule is seeded with the other rules.
 */
import { Collection } from '../../src/core/collections'
import type { ServiceDoc } from '../../src/services/model'
import type { ServiceType } from '../../src/services/vocabulary'
import type { DemoData } from './demo-data'

type StationRow = { _id: string; name: string; district: string; street: string; location: unknown; type: string; liveStatus: string }

export function buildServicesDemo(data: DemoData, now: Date): DemoData {
  const stations = (data[Collection.stations] ?? []) as unknown as StationRow[]
  const userId = (openid: string) => ((data[Collection.users] ?? []) as unknown as Array<{ _id: string; openid: string }>).find((u) => u.openid === openid)?._id
  const manager = userId('dev-station-manager')
  const provider = userId('dev-service-provider')
  const services: ServiceDoc[] = []
  const add = (st: StationRow | undefined, id: string, type: ServiceType, providerName: string, description: string, weekdays: Array<0 | 1 | 2 | 3 | 4 | 5 | 6>, start: string, end: string, slotMinutes: number, seats: number, createdBy: string | undefined, providedBy?: string) => {
    if (!st || !createdBy) return
    services.push({
      _id: id,
      stationId: st._id,
      stationName: st.name,
      district: st.district,
      street: st.street,
      location: st.location as ServiceDoc['location'],
      type,
      provider: providerName,
      description,
      weekly: [{ weekdays, ranges: [{ start, end }] }],
      slotMinutes,
      seatsPerSlot: seats,
      closedDates: [],
      absences: [],
      bookingWindowDays: 7,
      cutoffMinutes: 30,
      state: 'active',
      ratingSum: 0,
      ratingCount: 0,
      createdBy,
      ...(providedBy ? { providedBy } : {}),
      createdAt: now,
      updatedAt: now,
    })
  }
  const lf = stations.find((s) => s._id === 'st-lf-004')
  add(lf, 'svc-lf-haircut', 'haircut', '文萃社区爱心理发师', '免费理发，每人约 20 分钟，请提前 5 分钟到站。', [2, 4], '14:00', '16:00', 20, 1, manager)
  add(lf, 'svc-lf-health', 'health_check', '园区社区医院', '测血压、血糖，健康咨询；带上医保卡更方便。', [1, 3, 5], '09:00', '11:00', 30, 3, provider, provider)
  for (const key of ['hj', 'sw', 'ny']) {
    const st = stations.find((s) => s._id.startsWith(`st-${key}-`) && s.type === 'station' && s.liveStatus !== 'closed')
    add(st, `svc-${key}-legal`, 'legal_advice', '律师事务所公益律师', '劳动合同、工伤、欠薪等法律咨询，每人 30 分钟。', [6], '09:00', '11:00', 30, 2, userId(`dev-${key}-station-manager`))
  }
  return { [Collection.services]: services as unknown as DemoData['services'] }
}
