/**
 * The seeded local-development users that the H5 role switcher signs in as: one per role in each of
 * the four demo districts, so every district has its own staff and riders. Only the emulator's
 * loopback dev endpoint accepts an OPENID from the client; on WeChat identity comes from
 * getWXContext() alone, and this list is never bundled into the mini-program.
 */
import type { Role } from '../core/roles'

export interface DevIdentity {
  openid: string
  role: Role
  nickname: string
  /** The district (区/县) whose data this identity works with, as stations and grids name it. */
  district: string
  /** Short label for the switcher: district and street. */
  area: string
}

const lf = { district: '苏州工业园区', area: '苏州工业园区 · 娄葑街道' }
const hj = { district: '惠济区', area: '郑州惠济区 · 新城街道' }
const sw = { district: '沙湾区', area: '乐山沙湾区 · 沙湾街道' }
const ny = { district: '宁远县', area: '永州宁远县 · 舜陵街道' }

export const devIdentities: readonly DevIdentity[] = [
  // 娄葑: the original identities; their openids are used by tests and must not change.
  { openid: 'dev-worker', role: 'worker', nickname: '骑手小王', ...lf },
  { openid: 'dev-party-member', role: 'party_member', nickname: '党员骑手老李', ...lf },
  { openid: 'dev-team-captain', role: 'team_captain', nickname: '先锋队长张师傅', ...lf },
  { openid: 'dev-station-manager', role: 'station_manager', nickname: '驿站管理员刘姐', ...lf },
  { openid: 'dev-grid-worker', role: 'grid_worker', nickname: '网格员陈晨', ...lf },
  { openid: 'dev-dispatcher', role: 'dispatcher', nickname: '街道派单员赵敏', ...lf },
  { openid: 'dev-department-handler', role: 'department_handler', nickname: '城管队员孙强', ...lf },
  { openid: 'dev-admin', role: 'admin', nickname: '街道管理员周主任', ...lf },
  { openid: 'dev-street-officer', role: 'street_officer', nickname: '娄葑街道党建干事沈洁', ...lf },
  { openid: 'dev-district-officer', role: 'district_officer', nickname: '园区组织部干部顾明', ...lf },
  { openid: 'dev-enterprise-contact', role: 'enterprise_contact', nickname: '美团娄葑站陈站长', ...lf },
  { openid: 'dev-service-provider', role: 'service_provider', nickname: '园区社区医院李医生', ...lf },
  // 惠济
  { openid: 'dev-hj-worker', role: 'worker', nickname: '惠济骑手小刘', ...hj },
  { openid: 'dev-hj-party-member', role: 'party_member', nickname: '惠济党员骑手老郭', ...hj },
  { openid: 'dev-hj-team-captain', role: 'team_captain', nickname: '惠家先锋队长韩师傅', ...hj },
  { openid: 'dev-hj-station-manager', role: 'station_manager', nickname: '惠济驿站管理员宋姐', ...hj },
  { openid: 'dev-hj-grid-worker', role: 'grid_worker', nickname: '新城网格员杜鹏', ...hj },
  { openid: 'dev-hj-dispatcher', role: 'dispatcher', nickname: '新城街道派单员吕婷', ...hj },
  { openid: 'dev-hj-department-handler', role: 'department_handler', nickname: '惠济城管队员冯伟', ...hj },
  { openid: 'dev-hj-admin', role: 'admin', nickname: '惠济区管理员任主任', ...hj },
  // 沙湾
  { openid: 'dev-sw-worker', role: 'worker', nickname: '沙湾骑手小何', ...sw },
  { openid: 'dev-sw-party-member', role: 'party_member', nickname: '沙湾党员骑手老罗', ...sw },
  { openid: 'dev-sw-team-captain', role: 'team_captain', nickname: '铜河小哥队长彭师傅', ...sw },
  { openid: 'dev-sw-station-manager', role: 'station_manager', nickname: '铜心驿站管理员唐姐', ...sw },
  { openid: 'dev-sw-grid-worker', role: 'grid_worker', nickname: '沙湾网格员邓丽', ...sw },
  { openid: 'dev-sw-dispatcher', role: 'dispatcher', nickname: '沙湾街道派单员蒋涛', ...sw },
  { openid: 'dev-sw-department-handler', role: 'department_handler', nickname: '沙湾城管队员袁军', ...sw },
  { openid: 'dev-sw-admin', role: 'admin', nickname: '沙湾区管理员曾主任', ...sw },
  // 宁远
  { openid: 'dev-ny-worker', role: 'worker', nickname: '宁远骑手小欧', ...ny },
  { openid: 'dev-ny-party-member', role: 'party_member', nickname: '宁远党员骑手老蒋', ...ny },
  { openid: 'dev-ny-team-captain', role: 'team_captain', nickname: '宁远小哥队长李师傅', ...ny },
  { openid: 'dev-ny-station-manager', role: 'station_manager', nickname: '宁远驿站管理员柏姐', ...ny },
  { openid: 'dev-ny-grid-worker', role: 'grid_worker', nickname: '舜陵网格员乐文', ...ny },
  { openid: 'dev-ny-dispatcher', role: 'dispatcher', nickname: '舜陵街道派单员欧阳敏', ...ny },
  { openid: 'dev-ny-department-handler', role: 'department_handler', nickname: '宁远城管队员匡华', ...ny },
  { openid: 'dev-ny-admin', role: 'admin', nickname: '宁远县管理员雷主任', ...ny },
]
