/**
 * Demo 一企一档 records for 娄葑街道 (苏州工业园区): platform franchise sites, courier depots, a freight
 * fleet — built through the same pure rules the district function uses, so each record's history holds
 * its create entry (and, for some, a later edit). The dev Party member has claimed 美团 and waits for the
 * street officer to confirm; one record is past the 90-day verification mark so the ledger flags it.
 */
import { Collection } from '../../src/core/collections'
import { offsetM } from '../../src/core/geo'
import type { EnterpriseDoc, EnterpriseHistoryDoc, EnterpriseLinkDoc } from '../../src/district/model'
import { editEnterprise, newEnterprise, type EnterpriseInput } from '../../src/district/rules'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import type { DemoData } from './demo-data'

const DAY = 86_400_000

/** The enterprise the demo enterprise_contact (dev-enterprise-contact) acts for. */
export const DEMO_CONTACT_ENTERPRISE = { id: 'ent-lf-001', name: '美团外卖娄葑配送站' }
const LF = { lng: 120.66, lat: 31.3 }

export function buildDistrictDemo(data: DemoData, now: Date): DemoData {
  const street = { id: 'street-lf', name: '娄葑街道', district: '苏州工业园区' }
  if (!(data[Collection.streets] ?? []).some((s) => s._id === street.id)) return {}
  const officer = (data[Collection.users] ?? []).find((u) => u.openid === 'dev-street-officer')
  const actor = { id: officer?._id ?? 'system', name: String(officer?.nickname ?? '街道工作人员') }
  const lfStations = (data[Collection.stations] ?? []).filter((s) => s._id.startsWith('st-lf-')).map((s) => s._id)

  const specs: Array<[string, EnterpriseInput, number]> = [
    [DEMO_CONTACT_ENTERPRISE.id, { name: DEMO_CONTACT_ENTERPRISE.name, kind: 'franchise_site', brand: '美团', address: '娄葑街道葑谊路 18 号', location: offsetM(LF, 300, 200), contactName: '陈站长', contactPhone: '0512-62001801', workers: 126, unionMembers: 90, orgStatus: 'formed_jointly', instructor: '王芳', stationIds: lfStations.slice(1, 2) }, 20],
    ['ent-lf-002', { name: '饿了么娄葑东区站', kind: 'franchise_site', brand: '饿了么', address: '娄葑街道东港路 66 号', location: offsetM(LF, -400, 500), contactName: '刘经理', contactPhone: '0512-62001802', workers: 84, unionMembers: 40, orgStatus: 'instructor_assigned', instructor: '王芳', stationIds: lfStations.slice(2, 3) }, 30],
    ['ent-lf-003', { name: '顺丰速运葑谊网点', kind: 'courier_depot', brand: '顺丰', address: '娄葑街道南施街 9 号', location: offsetM(LF, 700, -300), contactName: '张主管', contactPhone: '0512-62001803', workers: 42, unionMembers: 42, orgStatus: 'formed_alone', instructor: '', stationIds: [] }, 40],
    ['ent-lf-004', { name: '中通快递娄东网点', kind: 'courier_depot', brand: '中通', address: '娄葑街道娄东路 120 号', location: offsetM(LF, -800, -600), contactName: '李老板', contactPhone: '0512-62001804', workers: 18, unionMembers: 0, orgStatus: 'none', stationIds: [] }, 120],
    ['ent-lf-005', { name: '货拉拉苏州园区车队', kind: 'freight', brand: '货拉拉', address: '娄葑街道金厍路 3 号', location: offsetM(LF, 1000, 800), contactName: '周队长', contactPhone: '0512-62001805', workers: 35, unionMembers: 12, orgStatus: 'helper_dispatched', instructor: '李强', stationIds: [] }, 10],
  ]

  const enterprises: EnterpriseDoc[] = []
  const history: EnterpriseHistoryDoc[] = []
  for (const [id, input, ageDays] of specs) {
    const created = new Date(now.getTime() - ageDays * DAY)
    const first = newEnterprise(id, { ...input, workersReportedOn: undefined }, street, actor, created)
    let doc = first.doc
    history.push(first.history)
    // The two platform sites were re-counted a week ago: their history shows the change.
    if (id === 'ent-lf-001' || id === 'ent-lf-002') {
      const edit = editEnterprise(doc, { workers: input.workers + 6 }, actor, new Date(now.getTime() - 7 * DAY), '季度人数核对')
      doc = edit.doc
      history.push(edit.history)
    }
    enterprises.push(doc)
  }

  const devParty = userIdFor('dev-party-member')
  const links: EnterpriseLinkDoc[] = (data[Collection.users] ?? []).some((u) => u._id === devParty)
    ? [{ _id: devParty, userId: devParty, enterpriseId: 'ent-lf-001', street: street.id, status: 'claimed', claimedAt: new Date(now.getTime() - 2 * DAY) }]
    : []

  return {
    [Collection.enterprises]: enterprises as unknown as DemoData['enterprises'],
    [Collection.enterpriseHistory]: history as unknown as DemoData['enterprise_history'],
    [Collection.enterpriseLinks]: links as unknown as DemoData['enterprise_links'],
  }
}
