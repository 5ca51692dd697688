/**
 * The seeded local-development users, one per role, that the H5 role switcher signs in as. Only the
 * emulator's loopback dev endpoint accepts an OPENID from the client; on WeChat identity comes from
 * getWXContext() alone, and this list is never bundled into the mini-program.
 */
import type { Role } from '../core/roles'

export interface DevIdentity {
  openid: string
  role: Role
  nickname: string
}

export const devIdentities: readonly DevIdentity[] = [
  { openid: 'dev-worker', role: 'worker', nickname: '骑手小王' },
  { openid: 'dev-party-member', role: 'party_member', nickname: '党员骑手老李' },
  { openid: 'dev-team-captain', role: 'team_captain', nickname: '先锋队长张师傅' },
  { openid: 'dev-station-manager', role: 'station_manager', nickname: '驿站管理员刘姐' },
  { openid: 'dev-grid-worker', role: 'grid_worker', nickname: '网格员陈晨' },
  { openid: 'dev-dispatcher', role: 'dispatcher', nickname: '街道派单员赵敏' },
  { openid: 'dev-department-handler', role: 'department_handler', nickname: '城管队员孙强' },
  { openid: 'dev-admin', role: 'admin', nickname: '街道管理员周主任' },
]
