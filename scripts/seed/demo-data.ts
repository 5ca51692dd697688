/**
 * The demo data set, as plain documents per collection: stations and report points in the four
 * districts of the news reports, streets and grid polygons, departments, report categories with SLA
 * hours, volunteer teams and activities, passbook rewards and rules, users in every role with their
 * grants, and a small consistent ledger. Deterministic: the same `now` gives the same documents.
 * Document shapes are the ones features read (stations: src/stations/model.ts; users: src/users/model.ts).
 */
import { Collection, type CollectionName } from '../../src/core/collections'
import { offsetM, pointInPolygon, rectangle, toPoint, type GeoPolygon, type LngLat } from '../../src/core/geo'
import { startOfChinaDay } from '../../src/core/time'
import type { Role } from '../../src/core/roles'
import { DEFAULT_CHECKIN_RADIUS_M, type OpeningHours, type StationDoc } from '../../src/stations/model'
import { allAmenities, type Amenity, type LiveStatus, type StationType } from '../../src/stations/vocabulary'
import { devIdentities } from '../../src/users/dev-identities'
import { grantDocId, type RoleGrantDoc, type ScopeRef, type UserDoc } from '../../src/users/model'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { buildServicesDemo } from './services-data'
import { buildWishesDemo } from './wishes-data'
import { districts, huijiStationLabels, loufengCommunities, loufengSiteLabels, ningyuanLabels, platforms, shawanBranchLabels, surnames, type DistrictDef, type HostDef } from './places'
import { prng } from './synthetic-stations'
import { buildCheckinsDemo } from './checkins-data'
import { buildVolunteersDemo } from './volunteers-data'
import { buildPassbookDemo } from './passbook-data'
import { clearedStreetPath, rewardPicturePath, stationPicturePath } from './pictures'
import { buildReportsDemo } from './reports-data'
import { buildDistrictDemo, DEMO_CONTACT_ENTERPRISE } from './district-data'
import { checkinPointKind, checkinPurposeLabel, type CheckinPurpose } from '../../src/checkins/vocabulary'
import { PointRuleKind } from '../../src/passbook/vocabulary'
import { creditKeyFor } from '../../src/volunteers/attendance'
import type { SignupDoc } from '../../src/volunteers/model'
import { creditEntryId } from '../../cloudfunctions/passbook/ids'

export interface StreetDoc { _id: string; name: string; district: string; city: string; province: string; centre: LngLat }
export interface GridDoc { _id: string; name: string; street: string; streetName: string; district: string; polygon: GeoPolygon; bbox: [number, number, number, number]; order: number }
export interface DepartmentDoc { _id: string; name: string; kind: string; district: string; phone: string; active: boolean }
export interface ReportCategoryDoc { _id: string; name: string; departmentKind: string; slaHours: number; points: number; order: number; active: boolean; hint: string }
export interface TeamDoc { _id: string; name: string; district: string; street: string; captainIds: string[]; memberCount: number; description: string; createdAt: Date }
export interface TeamMemberDoc { _id: string; teamId: string; userId: string; state: 'pending' | 'member'; role: 'captain' | 'member'; joinedAt: Date }
export interface ActivityDoc { _id: string; teamId: string; title: string; description: string; stationId?: string; location: { type: 'Point'; coordinates: [number, number] }; startAt: Date; endAt: Date; signupDeadline: Date; capacity: number; signedUp: number; hoursCredit: number; state: 'open' | 'closed' | 'finished'; createdBy: string; createdAt: Date }
export interface RewardDoc { _id: string; name: string; description: string; photo?: string; passedPhotos?: string[]; cost: number; stock: number; perUserLimit: number; pickupStationIds: string[]; active: boolean; order: number; createdAt: Date }
export interface PointRuleDoc { _id: string; kind: string; label: string; points: number; monthlyCap: number; active: boolean }
/** A proposed ledger entry: a credit names its rule kind and quantity (passbook-data.ts works out its points under the rule's caps); a redemption carries its debit. */
export interface LedgerEntryDoc { _id: string; userId: string; delta: number; reason: string; refType: string; refId: string; idempotencyKey: string; actorId: string; createdAt: Date; kind?: PointRuleKind; quantity?: number }
export interface BalanceDoc { _id: string; userId: string; points: number; updatedAt: Date }

export type DemoData = Partial<Record<CollectionName, Array<{ _id: string } & Record<string, unknown>>>>

export interface DemoOptions {
  /** Reference time for relative dates (verified N days ago, activity next week). Default: now. */
  now?: Date
  seed?: number
  /** File IDs of the uploaded demo pictures by cloud path (./pictures.ts); without them nothing has a picture. */
  pictures?: Record<string, string>
}

const DAY = 86_400_000

/** Weekly hours profiles by host type (China time). */
function hoursFor(profile: HostDef['hours'], rand: () => number): OpeningHours {
  const every = (open: string, close: string) => [{ open, close }]
  switch (profile) {
    case 'always':
      return { always: true, note: '全天开放' }
    case 'office':
      return { always: false, weekly: { 1: every('08:30', '18:00'), 2: every('08:30', '18:00'), 3: every('08:30', '18:00'), 4: every('08:30', '18:00'), 5: every('08:30', '18:00'), 6: every('09:00', '17:00') } }
    case 'shop': {
      const close = rand() < 0.5 ? '22:00' : '21:30'
      const w = every('09:00', close)
      return { always: false, weekly: { 0: w, 1: w, 2: w, 3: w, 4: w, 5: every('09:00', '22:30'), 6: every('09:00', '22:30') } }
    }
    case 'late': {
      const w = every('07:00', '02:00')
      return { always: false, weekly: { 0: w, 1: w, 2: w, 3: w, 4: w, 5: w, 6: w }, note: '夜间配送高峰照常开放' }
    }
    case 'community': {
      const w = [{ open: '08:30', close: '12:00' }, { open: '13:30', close: '17:30' }]
      return { always: false, weekly: { 1: w, 2: w, 3: w, 4: w, 5: w, 6: every('09:00', '12:00') }, note: '法定节假日另行通知' }
    }
    case 'library':
      return { always: false, weekly: { 0: every('09:00', '17:00'), 2: every('08:30', '20:30'), 3: every('08:30', '20:30'), 4: every('08:30', '20:30'), 5: every('08:30', '20:30'), 6: every('09:00', '17:00') }, note: '周一闭馆' }
  }
}

function phoneFor(areaCode: string, rand: () => number): string {
  const digits = areaCode === '0371' || areaCode === '0512' ? 8 : 7
  const first = areaCode === '0371' ? '6' : areaCode === '0512' ? '6' : areaCode === '0833' ? '3' : '7'
  let rest = first
  while (rest.length < digits) rest += Math.floor(rand() * 10)
  return `${areaCode}-${rest}`
}

function pick<T>(list: readonly T[], rand: () => number): T {
  return list[Math.floor(rand() * list.length)]
}

function uniq<T>(list: T[]): T[] {
  return [...new Set(list)]
}

/** Grids: each street's ~2.4 km box split into 2 × 2 rectangles (网格). */
function gridsFor(d: DistrictDef): GridDoc[] {
  const out: GridDoc[] = []
  for (const street of d.streets) {
    const c = offsetM(d.centre, street.offset[0], street.offset[1])
    const size = d.key === 'lf' ? 1600 : 1200
    let n = 0
    for (const [ix, iy] of [[-1, 0], [0, 0], [-1, -1], [0, -1]] as const) {
      n++
      const sw = offsetM(c, ix * size, iy * size)
      const ne = offsetM(c, (ix + 1) * size, (iy + 1) * size)
      out.push({
        _id: `grid-${street.id.replace('street-', '')}-${n}`,
        name: `${street.name}第${n}网格`,
        street: street.id,
        streetName: street.name,
        district: d.district,
        polygon: rectangle(sw, ne),
        bbox: [sw.lng, sw.lat, ne.lng, ne.lat],
        order: n,
      })
    }
  }
  return out
}

interface StationSpec {
  id: string
  code: string
  name: string
  type: StationType
  hub?: boolean
  host: HostDef
  street: DistrictDef['streets'][number]
}

export function buildDemoData(options: DemoOptions = {}): DemoData {
  const now = options.now ?? new Date()
  const today = startOfChinaDay(now)
  const rand = prng(options.seed ?? 20230621)
  const users: UserDoc[] = []
  const grants: RoleGrantDoc[] = []
  const streets: StreetDoc[] = []
  const grids: GridDoc[] = []
  const stations: StationDoc[] = []
  const created = new Date(today.getTime() - 200 * DAY)

  // ── places ───────────────────────────────────────────────────────────────────────────────────
  for (const d of districts) {
    for (const st of d.streets) streets.push({ _id: st.id, name: st.name, district: d.district, city: d.city, province: d.province, centre: offsetM(d.centre, st.offset[0], st.offset[1]) })
    const districtGrids = gridsFor(d)
    grids.push(...districtGrids)

    const specs: StationSpec[] = []
    const hostAt = (i: number) => d.hosts[i % d.hosts.length]
    const streetAt = (i: number) => d.streets[i % d.streets.length]
    if (d.key === 'hj') {
      huijiStationLabels.forEach((label, i) => specs.push({ id: `st-hj-${String(i + 1).padStart(3, '0')}`, code: `HJ${String(i + 1).padStart(3, '0')}`, name: `惠家·暖心驿站（${label}站）`, type: 'station', host: hostAt(i), street: streetAt(i) }))
    } else if (d.key === 'sw') {
      specs.push({ id: 'st-sw-000', code: 'SW000', name: '铜心驿站总站（沙湾区市场监督管理局）', type: 'station', hub: true, host: { host: '沙湾区市场监督管理局', amenities: ['toilet', 'books', 'legal_advice', 'hot_water', 'air_conditioning'], hours: 'office' }, street: d.streets[0] })
      shawanBranchLabels.forEach((label, i) => specs.push({ id: `st-sw-${String(i + 1).padStart(3, '0')}`, code: `SW${String(i + 1).padStart(3, '0')}`, name: `铜心驿站·${label}分站`, type: 'station', host: hostAt(i), street: streetAt(i) }))
      specs.push({ id: 'rp-sw-001', code: 'SWB01', name: '沙湾街道流动党员报到点', type: 'report_point', host: { host: '街道党群服务中心', amenities: ['books', 'toilet'], hours: 'community' }, street: d.streets[0] })
    } else if (d.key === 'lf') {
      loufengSiteLabels.forEach((label, i) => specs.push({ id: `st-lf-${String(i + 1).padStart(3, '0')}`, code: `LF${String(i + 1).padStart(3, '0')}`, name: i === 0 ? '娄葑街道暖"新"服务中心' : `暖"新"服务站·${label}`, type: 'station', host: i === 0 ? { host: '街道党群服务中心', amenities: ['books', 'toilet', 'legal_advice', 'haircut', 'meals'], hours: 'office' } : hostAt(i), street: d.streets[0] }))
      loufengCommunities.forEach((c, i) => specs.push({ id: `rp-lf-${String(i + 1).padStart(3, '0')}`, code: `LFB${String(i + 1).padStart(2, '0')}`, name: `${c}社区党群服务中心`, type: 'report_point', host: { host: '社区党群服务中心', amenities: ['books', 'toilet', 'hot_water'], hours: 'community' }, street: d.streets[0] }))
    } else {
      ningyuanLabels.forEach((label, i) => specs.push({ id: `st-ny-${String(i + 1).padStart(3, '0')}`, code: `NY${String(i + 1).padStart(3, '0')}`, name: label, type: 'station', host: d.hosts.find((h) => label.includes(h.host.slice(0, 2))) ?? hostAt(i), street: streetAt(i) }))
    }

    for (const [i, spec] of specs.entries()) {
      const streetCentre = offsetM(d.centre, spec.street.offset[0], spec.street.offset[1])
      // Hubs sit at the street centre; others spread within the street's grids (≈ ±1.1 km / ±1.5 km).
      const spread = d.key === 'lf' ? 1500 : 1100
      const at = spec.hub ? streetCentre : offsetM(streetCentre, (rand() * 2 - 1) * spread, (rand() * 2 - 1) * spread)
      const lngLat = { lng: +at.lng.toFixed(6), lat: +at.lat.toFixed(6) }
      const amenities = uniq<Amenity>([...d.baseAmenities, ...spec.host.amenities, ...allAmenities.filter(() => rand() < 0.06)])
        .filter((a) => spec.type === 'station' || a !== 'battery_swap')
        .sort((a, b) => allAmenities.indexOf(a) - allAmenities.indexOf(b))
      const road = pick(d.roads, rand)
      const r = rand()
      const liveStatus: LiveStatus = r < 0.84 ? 'open' : r < 0.93 ? 'full' : 'closed'
      const grid = districtGrids.find((g) => g.street === spec.street.id && pointInPolygon(lngLat, g.polygon))
      const verifiedDaysAgo = 1 + Math.floor(rand() * 90)
      stations.push({
        _id: spec.id,
        code: spec.code,
        name: spec.name,
        type: spec.type,
        network: spec.type === 'report_point' ? '流动党员报到点' : d.network,
        hub: spec.hub ?? false,
        location: toPoint(lngLat),
        address: { province: d.province, city: d.city, district: d.district, street: spec.street.name, detail: `${road}${1 + Math.floor(rand() * 300)}号${spec.host.host}` },
        district: d.district,
        street: spec.street.name,
        host: spec.host.host,
        amenities,
        hours: hoursFor(spec.host.hours, rand),
        liveStatus,
        liveStatusUpdatedAt: new Date(now.getTime() - Math.floor(rand() * 48) * 3_600_000),
        phone: phoneFor(d.areaCode, rand),
        photos: options.pictures?.[stationPicturePath(i)] ? [options.pictures[stationPicturePath(i)]] : [],
        // The seed's own drawings count as checked: the catalogue and station pages show them.
        passedPhotos: options.pictures?.[stationPicturePath(i)] ? [options.pictures[stationPicturePath(i)]] : [],
        description:
          spec.type === 'report_point'
            ? '流动党员扫码报到、参加组织生活；提供饮水、阅读和休息。'
            : `${d.network}：${amenities.includes('battery_swap') ? '可换电，' : ''}${amenities.includes('microwave') ? '可热饭，' : ''}热了能乘凉、渴了喝口水、累了歇歇脚。`,
        lastVerifiedAt: new Date(today.getTime() - verifiedDaysAgo * DAY),
        checkinRadiusM: spec.hub ? 300 : i % 7 === 3 ? 150 : DEFAULT_CHECKIN_RADIUS_M,
        gridId: grid?._id,
        visitCount: Math.floor(rand() * (spec.hub ? 9000 : 2500)),
        createdAt: new Date(created.getTime() + i * 3_600_000),
        updatedAt: new Date(today.getTime() - verifiedDaysAgo * DAY),
      })
    }
  }

  // ── departments and categories ────────────────────────────────────────────────────────────────
  const departmentKinds: Array<[string, string]> = [
    ['city_management', '城市管理局'],
    ['sanitation', '环境卫生管理处'],
    ['traffic_police', '公安交警大队'],
    ['housing', '住房和城乡建设局'],
    ['fire', '消防救援大队'],
    ['market_supervision', '市场监督管理局'],
  ]
  const departments: DepartmentDoc[] = []
  for (const d of districts) {
    for (const [kind, label] of departmentKinds) {
      departments.push({ _id: `dept-${d.key}-${kind}`, name: d.key === 'lf' ? `园区${label}娄葑片区` : `${d.district}${label}`, kind, district: d.district, phone: phoneFor(d.areaCode, rand), active: true })
    }
  }
  const categories: ReportCategoryDoc[] = [
    ['garbage', '暴露垃圾', 'sanitation', 24, '垃圾满溢、乱堆乱放、垃圾桶破损'],
    ['ebike_parking', '非机动车乱停放', 'city_management', 24, '电动车、共享单车占用盲道或消防通道'],
    ['ebike_upstairs', '电动车上楼入户', 'fire', 12, '电动自行车进楼道、入户充电'],
    ['illegal_parking', '机动车违停', 'traffic_police', 8, '占用车道、人行道、公交站违停'],
    ['road_damage', '道路破损', 'housing', 72, '坑洼、塌陷、路面开裂'],
    ['manhole', '井盖缺失破损', 'housing', 12, '井盖缺失、松动、破损，易致人受伤'],
    ['fire_passage', '消防通道堵塞', 'fire', 12, '消防通道、安全出口被占用'],
    ['streetlight', '路灯不亮', 'city_management', 48, '路灯损坏、夜间照明不足'],
    ['street_vendor', '占道经营', 'city_management', 24, '流动摊贩占道、店外经营'],
    ['food_safety', '食品安全隐患', 'market_supervision', 48, '无证经营、后厨脏乱'],
    ['other', '其他问题', 'city_management', 72, '其他城市管理、基层治理问题'],
  ].map(([id, name, departmentKind, slaHours, hint], i) => ({ _id: `cat-${id}`, name: name as string, departmentKind: departmentKind as string, slaHours: slaHours as number, points: 20, order: i + 1, active: true, hint: hint as string }))

  // ── users and grants ─────────────────────────────────────────────────────────────────────────
  const addUser = (openid: string, nickname: string, daysAgo: number): UserDoc => {
    const u: UserDoc = { _id: userIdFor(openid), openid, nickname, createdAt: new Date(today.getTime() - daysAgo * DAY), updatedAt: new Date(today.getTime() - daysAgo * DAY) }
    if (daysAgo % 3 !== 0) u.privacyAcceptedAt = new Date(u.createdAt.getTime() + 60_000)
    users.push(u)
    return u
  }
  const byName = new Map(stations.map((st) => [st._id, st.name]))
  const scopeName = (kind: ScopeRef['kind'], id: string): string | undefined =>
    kind === 'station'
      ? byName.get(id)
      : kind === 'grid'
        ? grids.find((g) => g._id === id)?.name
        : kind === 'street'
          ? streets.find((s) => s._id === id)?.name
          : kind === 'department'
            ? departments.find((x) => x._id === id)?.name
            : kind === 'enterprise'
              ? (id === DEMO_CONTACT_ENTERPRISE.id ? DEMO_CONTACT_ENTERPRISE.name : undefined)
              : teamsById.get(id)
  const teamsById = new Map<string, string>()
  const grant = (userId: string, role: Exclude<Role, 'worker'>, scopes: Array<[ScopeRef['kind'], string]>, by: string) => {
    const refs = scopes.map(([kind, id]) => ({ kind, id, name: scopeName(kind, id) }))
    grants.push({ _id: grantDocId(userId, role), userId, role, scopes: refs, scopeIds: refs.map((r) => r.id), grantedBy: by, grantedAt: created, updatedAt: created })
  }

  const teams: TeamDoc[] = [
    { _id: 'team-lf-xfg', name: '小葑哥先锋服务队', district: '苏州工业园区', street: '娄葑街道', description: '快递员、外卖小哥发挥“人清、地清、事清”优势，随手拍、文明劝导、助老服务。' },
    { _id: 'team-lf-wc', name: '文萃路社区兼职网格员队', district: '苏州工业园区', street: '娄葑街道', description: '外卖配送员受聘“兼职网格员”，当好民情前哨。' },
    { _id: 'team-sw-thxg', name: '铜河小哥志愿服务队', district: '沙湾区', street: '沙湾街道', description: '“铜心为民”志愿活动，安全骑士、网络食品安全宣传。' },
    { _id: 'team-hj-xfqs', name: '惠家先锋骑手队', district: '惠济区', street: '新城街道', description: '社区治安巡逻、文明行为劝导，深夜紧急购药召集。' },
    { _id: 'team-ny-xg', name: '宁远小哥志愿服务队', district: '宁远县', street: '舜陵街道', description: '编入社区“流动网格”，参与文明创建和基层治理。' },
  ].map((t) => ({ ...t, captainIds: [] as string[], memberCount: 0, createdAt: created }))
  for (const t of teams) teamsById.set(t._id, t.name)

  // The 娄葑 identities are the original ones (tests use them); every other district gets its own set.
  const lfDevs = devIdentities.filter((d) => d.district === '苏州工业园区')
  const dev = new Map(lfDevs.map((d) => [d.role, addUser(d.openid, d.nickname, 120)]))
  const admin = dev.get('admin')!
  const managed = ['st-lf-001', 'st-lf-002', 'st-lf-004']
  grant(dev.get('party_member')!._id, 'party_member', [], admin._id)
  grant(dev.get('team_captain')!._id, 'team_captain', [['team', 'team-lf-xfg']], admin._id)
  grant(dev.get('team_captain')!._id, 'party_member', [], admin._id)
  grant(dev.get('station_manager')!._id, 'station_manager', managed.map((id) => ['station', id] as ['station', string]), admin._id)
  grant(dev.get('grid_worker')!._id, 'grid_worker', [['grid', 'grid-lf-1'], ['grid', 'grid-lf-2']], admin._id)
  grant(dev.get('dispatcher')!._id, 'dispatcher', [['street', 'street-lf']], admin._id)
  grant(dev.get('department_handler')!._id, 'department_handler', [['department', 'dept-lf-city_management']], admin._id)
  grant(admin._id, 'admin', [], admin._id)
  // The district workbench: the street officer keeps 娄葑's registry; the district officer reads every street of 苏州工业园区.
  grant(dev.get('street_officer')!._id, 'street_officer', [['street', 'street-lf']], admin._id)
  grant(dev.get('district_officer')!._id, 'district_officer', streets.filter((st) => st.district === '苏州工业园区').map((st) => ['street', st._id] as ['street', string]), admin._id)
  // An enterprise's contact claims wishes in its name; a clinic's doctor keeps the services it runs at one of the managed stations.
  grant(dev.get('enterprise_contact')!._id, 'enterprise_contact', [['enterprise', DEMO_CONTACT_ENTERPRISE.id]], admin._id)
  grant(dev.get('service_provider')!._id, 'service_provider', [['station', 'st-lf-004']], admin._id)

  /** Each other district's dev staff work in its first street: grids 1–2, that street, the city-management department, its first two stations that are not closed (the reward pickup points) and the district's team. */
  const districtTeam: Record<string, string> = { hj: 'team-hj-xfqs', sw: 'team-sw-thxg', ny: 'team-ny-xg' }
  /** A district's reward pickup points: its first two stations that are not closed. */
  const pickupStationsOf = (district: string) => stations.filter((st) => st.district === district && st.type === 'station' && st.liveStatus !== 'closed').slice(0, 2).map((st) => st._id)
  const districtDevs = new Map<string, Map<Role, UserDoc>>()
  for (const d of districts.filter((x) => x.key !== 'lf')) {
    const ids = devIdentities.filter((x) => x.district === d.district)
    const byRole = new Map(ids.map((x) => [x.role, addUser(x.openid, x.nickname, 110)]))
    districtDevs.set(d.key, byRole)
    const street = d.streets[0]
    const gridPrefix = `grid-${street.id.replace('street-', '')}`
    const pickupIds = pickupStationsOf(d.district)
    grant(byRole.get('party_member')!._id, 'party_member', [], admin._id)
    grant(byRole.get('team_captain')!._id, 'team_captain', [['team', districtTeam[d.key]]], admin._id)
    grant(byRole.get('station_manager')!._id, 'station_manager', pickupIds.map((id) => ['station', id] as ['station', string]), admin._id)
    grant(byRole.get('grid_worker')!._id, 'grid_worker', [['grid', `${gridPrefix}-1`], ['grid', `${gridPrefix}-2`]], admin._id)
    grant(byRole.get('dispatcher')!._id, 'dispatcher', [['street', street.id]], admin._id)
    grant(byRole.get('department_handler')!._id, 'department_handler', [['department', `dept-${d.key}-city_management`]], admin._id)
    grant(byRole.get('admin')!._id, 'admin', [], admin._id)
  }

  // One more manager per district so every network has someone keeping data true.
  const districtManagers: Array<[string, string, string[]]> = [
    ['seed-manager-hj', '惠济驿站管理员马姐', ['st-hj-001', 'st-hj-002', 'st-hj-003', 'st-hj-004']],
    ['seed-manager-sw', '铜心驿站站长陈霜', ['st-sw-000', 'st-sw-001', 'st-sw-002']],
    ['seed-manager-ny', '宁远驿站管理员胡勇', ['st-ny-001', 'st-ny-002']],
  ]
  for (const [openid, nickname, ids] of districtManagers) {
    const u = addUser(openid, nickname, 150)
    grant(u._id, 'station_manager', ids.map((id) => ['station', id] as ['station', string]), admin._id)
  }

  const workers: UserDoc[] = []
  for (let i = 1; i <= 30; i++) {
    const nickname = `${pick(platforms, rand)}${pick(surnames, rand)}${rand() < 0.5 ? '师傅' : '小哥'}`
    const w = addUser(`seed-worker-${String(i).padStart(2, '0')}`, nickname.slice(0, 20), 5 + Math.floor(rand() * 180))
    workers.push(w)
    if (i % 6 === 0) grant(w._id, 'party_member', [], admin._id)
  }

  // ── teams, members, activities ───────────────────────────────────────────────────────────────
  const members: TeamMemberDoc[] = []
  const join = (team: TeamDoc, userId: string, role: 'captain' | 'member', state: 'pending' | 'member' = 'member') => {
    members.push({ _id: `${team._id}:${userId}`, teamId: team._id, userId, state, role, joinedAt: new Date(created.getTime() + members.length * DAY) })
    if (state === 'member') team.memberCount++
    if (role === 'captain') team.captainIds.push(userId)
  }
  const [xfg, wc, thxg, hj, ny] = teams
  join(xfg, dev.get('team_captain')!._id, 'captain')
  join(xfg, dev.get('worker')!._id, 'member')
  join(xfg, dev.get('party_member')!._id, 'member')
  workers.forEach((w, i) => join([xfg, wc, thxg, hj, ny][i % 5], w._id, i < 5 ? 'captain' : 'member', i >= 25 ? 'pending' : 'member'))
  for (const t of teams) if (t.captainIds.length > 1) t.captainIds = t.captainIds.slice(0, 1)
  for (const m of members) if (m.role === 'captain' && !teams.find((t) => t._id === m.teamId)!.captainIds.includes(m.userId)) m.role = 'member'
  for (const t of teams.slice(1)) grant(t.captainIds[0], 'team_captain', [['team', t._id]], admin._id)
  // Each district's dev captain co-leads its district team; its dev rider and Party member are members.
  for (const [key, byRole] of districtDevs) {
    const team = teams.find((t) => t._id === districtTeam[key])!
    join(team, byRole.get('team_captain')!._id, 'captain')
    join(team, byRole.get('worker')!._id, 'member')
    join(team, byRole.get('party_member')!._id, 'member')
  }

  // `today` is China midnight, so adding the hour gives that hour in China time.
  const at = (days: number, hour: number) => new Date(today.getTime() + days * DAY + hour * 3_600_000)
  const activity = (id: string, team: TeamDoc, title: string, description: string, stationId: string, days: number, hour: number, hours: number, capacity: number, signedUp: number): ActivityDoc => {
    const st = stations.find((s) => s._id === stationId)!
    return { _id: id, teamId: team._id, title, description, stationId, location: st.location, startAt: at(days, hour), endAt: at(days, hour + hours), signupDeadline: at(days - 1, 20), capacity, signedUp, hoursCredit: hours, state: days < 0 ? 'finished' : 'open', createdBy: team.captainIds[0], createdAt: at(Math.min(days, 0) - 7, 10) }
  }
  const activities: ActivityDoc[] = [
    activity('act-lf-001', xfg, '文明骑行劝导', '在双湖广场路口劝导非机动车规范停放、不闯红灯。', 'st-lf-003', 3, 9, 2, 20, 8),
    activity('act-lf-002', xfg, '助老送餐', '为独居老人配送爱心午餐。', 'st-lf-001', 6, 10, 3, 10, 10),
    activity('act-lf-003', xfg, '暴露垃圾随手拍集中行动', '沿东港路、葑谊路巡查并随手拍上报。', 'st-lf-006', -5, 14, 2, 30, 17),
    activity('act-lf-004', xfg, '端午助老送餐', '端午前为文萃社区独居老人送粽子和午餐。', 'st-lf-001', -40, 9, 5, 20, 16),
    activity('act-sw-001', thxg, '“安全骑士”培训', '交通安全与网络食品安全知识培训。', 'st-sw-000', 4, 15, 2, 40, 12),
    activity('act-hj-001', hj, '社区治安夜巡', '配合社区开展夜间治安巡逻。', 'st-hj-001', 2, 18, 2, 15, 6),
    activity('act-ny-001', ny, '爱心早餐志愿服务', '在县图书馆爱心驿站为小哥们发放早餐。', 'st-ny-001', -10, 8, 2, 12, 12),
    activity('act-ny-002', ny, '文明交通劝导', '在舜陵大道路口劝导电动车戴头盔、不逆行。', 'st-ny-003', 5, 9, 2, 20, 5),
    activity('act-hj-002', hj, '送清凉进驿站', '到各暖心驿站整理冰柜、补充饮用水。', 'st-hj-002', -6, 15, 3, 12, 8),
    activity('act-sw-002', thxg, '网络食品安全宣传', '在沙湾街道向商户宣传网络订餐食品安全。', 'st-sw-001', -8, 10, 2, 15, 9),
  ]

  // ── passbook ─────────────────────────────────────────────────────────────────────────────────
  // Every reward can be collected in every district, at open stations someone manages: the 娄葑 dev manager's three and two of each other district (its dev station manager's).
  const pickup = [
    ...managed,
    ...districts.filter((d) => d.key !== 'lf').flatMap((d) => pickupStationsOf(d.district)),
  ]
  const rewards: RewardDoc[] = [
    ['矿泉水一箱', '550ml × 24 瓶，到站领取', 100, 200, 2],
    ['骑行雨衣', '分体式反光雨衣', 300, 60, 1],
    ['先锋骑手头盔', '3C 认证安全头盔', 800, 20, 1],
    ['爱心理发券', '暖"新"服务中心理发一次', 200, 50, 2],
    ['手机流量包', '10GB 月包（兑换后短信发放）', 150, 100, 1],
    ['健康体检套餐', '社区医院基础体检一次', 1000, 10, 1],
    ['电动车充电卡', '充电 20 次', 250, 80, 2],
  ].map(([name, description, cost, stock, perUserLimit], i) => ({ _id: `reward-${String(i + 1).padStart(2, '0')}`, name: name as string, description: description as string, ...(options.pictures?.[rewardPicturePath(i)] ? { photo: options.pictures[rewardPicturePath(i)], passedPhotos: [options.pictures[rewardPicturePath(i)]] } : {}), cost: cost as number, stock: stock as number, perUserLimit: perUserLimit as number, pickupStationIds: pickup, active: true, order: i + 1, createdAt: created }))
  const pointRules: PointRuleDoc[] = [
    { _id: 'rule-report_accepted', kind: 'report_accepted', label: '随手拍被立案', points: 20, monthlyCap: 200, active: true },
    { _id: 'rule-activity_hour', kind: 'activity_hour', label: '志愿服务每小时', points: 10, monthlyCap: 400, active: true },
    { _id: 'rule-wish_fulfilled', kind: 'wish_fulfilled', label: '完成微心愿', points: 30, monthlyCap: 150, active: true },
    { _id: 'rule-party_report', kind: 'party_report', label: '流动党员报到', points: 5, monthlyCap: 20, active: true },
  ]
  const ledger: LedgerEntryDoc[] = []
  /** A credit under `kind`'s rule, keyed as the crediting function keys it. */
  const credit = (userId: string, kind: PointRuleKind, quantity: number, reason: string, refType: string, refId: string, at: Date, key: string) => {
    ledger.push({ _id: key, userId, delta: 0, kind, quantity, reason, refType, refId, idempotencyKey: key, actorId: 'system', createdAt: at })
  }
  const data: DemoData = {
    [Collection.streets]: streets as unknown as DemoData['streets'],
    [Collection.grids]: grids as unknown as DemoData['grids'],
    [Collection.stations]: stations as unknown as DemoData['stations'],
    [Collection.departments]: departments as unknown as DemoData['departments'],
    [Collection.reportCategories]: categories as unknown as DemoData['report_categories'],
    [Collection.users]: users as unknown as DemoData['users'],
    [Collection.roleGrants]: grants as unknown as DemoData['role_grants'],
    [Collection.teams]: teams as unknown as DemoData['teams'],
    [Collection.teamMembers]: members as unknown as DemoData['team_members'],
    [Collection.activities]: activities as unknown as DemoData['activities'],
    [Collection.rewards]: rewards as unknown as DemoData['rewards'],
    [Collection.pointRules]: pointRules as unknown as DemoData['point_rules'],
  }
  // Each domain adds its own demo documents from its module. Points follow what happened, each under
  // the key its own function credits with: every accepted report credits its reporter, every counted
  // check-in its rule (a visit or a Party report), every attended activity its hours. So the passbook
  // never shows a credit whose report, check-in or attendance does not exist, and nothing that earns
  // points in the app is missing from it. passbook-data.ts applies the rules and their caps in time order.
  const reportsDemo = buildReportsDemo(data, now, options.pictures?.[clearedStreetPath])
  const checkinsDemo = buildCheckinsDemo(data, now)
  const volunteersDemo = buildVolunteersDemo(data, now)
  const categoryName = new Map(((reportsDemo[Collection.reportCategories] ?? []) as unknown as ReportCategoryDoc[]).map((c) => [c._id, c.name]))
  for (const r of (reportsDemo[Collection.reports] ?? []) as unknown as Array<{ _id: string; reporterId: string; categoryId: string; acceptedAt?: Date }>) {
    if (r.acceptedAt) credit(r.reporterId, PointRuleKind.report_accepted, 1, `随手拍被立案：${categoryName.get(r.categoryId) ?? '随手拍'}`, 'report', r._id, r.acceptedAt, `report_accepted:${r._id}`)
  }
  const stationName = new Map(stations.map((st) => [st._id, st.name]))
  for (const c of (checkinsDemo[Collection.checkins] ?? []) as unknown as Array<{ _id: string; userId: string; stationId: string; purpose: CheckinPurpose; at: Date }>) {
    const kind = checkinPointKind[c.purpose]
    if (kind) credit(c.userId, kind, 1, `${checkinPurposeLabel[c.purpose]}：${stationName.get(c.stationId) ?? ''}`, 'checkin', c._id, c.at, `checkin:${c._id}`)
  }
  const signups = (volunteersDemo[Collection.activitySignups] ?? []) as unknown as SignupDoc[]
  const activityTitle = new Map(((volunteersDemo[Collection.activities] ?? []) as unknown as ActivityDoc[]).map((a) => [a._id, a.title]))
  for (const s of signups) {
    if (s.attendance === 'attended' && s.hours && s.checkOutAt) credit(s.userId, PointRuleKind.volunteer_hour, s.hours, `志愿服务：${activityTitle.get(s.activityId)} ${s.hours} 小时`, 'activity', s.activityId, s.checkOutAt, creditKeyFor(s.activityId, s.userId))
  }
  // A water redemption yesterday morning (collected that afternoon) for the seeded riders, not the dev
  // identities, who keep their points to redeem live; passbook-data.ts keeps one only where the balance covered it.
  const redeemAt = new Date(today.getTime() - DAY + 9 * 3_600_000)
  workers.forEach((u, i) => {
    ledger.push({ _id: `seed-redeem-${i}`, userId: u._id, delta: -100, reason: '兑换：矿泉水一箱', refType: 'redemption', refId: `seed-redeem-${i}`, idempotencyKey: `seed-redeem-${i}`, actorId: 'system', createdAt: redeemAt })
  })
  data[Collection.ledger] = ledger as unknown as DemoData['ledger']
  const passbookDemo = buildPassbookDemo(data, now)
  // Each attended sign-up records the points its credit gave (after caps) and that entry's id.
  const credited = new Map(((passbookDemo[Collection.ledger] ?? []) as unknown as Array<{ _id: string; delta: number }>).map((e) => [e._id, e]))
  for (const s of signups) {
    const entry = s.creditedAt ? credited.get(creditEntryId(creditKeyFor(s.activityId, s.userId))) : undefined
    if (entry) Object.assign(s, { points: entry.delta, creditEntryId: entry._id })
  }
  const wishesDemo = buildWishesDemo(data, now)
  // Reports (receipt numbers) and wishes (open-wish slots) both keep counters.
  const counters = [...(reportsDemo[Collection.counters] ?? []), ...(wishesDemo[Collection.counters] ?? [])]
  return { ...data, ...checkinsDemo, ...passbookDemo, ...reportsDemo, ...volunteersDemo, ...wishesDemo, ...buildDistrictDemo(data, now), ...buildServicesDemo(data, now), [Collection.counters]: counters }
}
