/**
 * `npm run bench -- roundtrips`: what every action of every function costs in database round trips on
 * the seeded demo, called as the role that uses it. On CloudBase each database request from a function
 * is a network round trip, so an action's latency is set by its longest chain of requests that waited on
 * each other. The emulator records per invocation the `database.*` requests, that chain and the response
 * bytes (InvocationRecord.db); nested function calls (e.g. a credit through the passbook) are added in.
 * Actions come from the contracts, so a new action shows up here as "no scenario" until it has one.
 * Goals: rider-facing chain ≤ 3, staff ≤ 5; an action over its goal says why in the reason column.
 */
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { startEmulator, type Emulator } from '@nuanxin/cloudbase-emulator'
import { schema } from '../../cloudfunctions/database-schema'
import { FunctionName } from '../../src/core/contract'
import { usersContract } from '../../src/users/contract'
import { stationsContract } from '../../src/stations/contract'
import { checkinsContract } from '../../src/checkins/contract'
import { passbookContract } from '../../src/passbook/contract'
import { reportsContract } from '../../src/reports/contract'
import { volunteersContract } from '../../src/volunteers/contract'
import { servicesContract } from '../../src/services/contract'
import { wishesContract } from '../../src/wishes/contract'
import { suggestionsContract } from '../../src/suggestions/contract'
import { districtContract } from '../../src/district/contract'
import { buildDemoData } from '../seed/demo-data'
import { writeDemoData, sdkDatabase } from '../seed/load'
import { buildFunctions, ROOT } from '../build-functions'
import { runStandalone } from './support'

const contracts: Record<FunctionName, Record<string, unknown>> = {
  users: usersContract,
  stations: stationsContract,
  checkins: checkinsContract,
  passbook: passbookContract,
  reports: reportsContract,
  volunteers: volunteersContract,
  services: servicesContract,
  wishes: wishesContract,
  suggestions: suggestionsContract,
  district: districtContract,
}

/** The seeded dev identities (src/users/dev-identities.ts) by the role each signs in as. */
const as = {
  worker: 'dev-worker',
  party: 'dev-party-member',
  captain: 'dev-team-captain',
  manager: 'dev-station-manager',
  grid: 'dev-grid-worker',
  dispatcher: 'dev-dispatcher',
  department: 'dev-department-handler',
  admin: 'dev-admin',
  provider: 'dev-service-provider',
  contact: 'dev-enterprise-contact',
  street: 'dev-street-officer',
  district: 'dev-district-officer',
} as const
type Who = keyof typeof as
const RIDERS: ReadonlySet<Who> = new Set<Who>(['worker', 'party'])

interface Ctx {
  data: ReturnType<typeof buildDemoData>
  /** The data answered by earlier scenarios, by `function.action`. */
  answers: Map<string, Record<string, unknown>>
  photo: string
  upload(cloudPath: string): string
  openidOf(userId: string): string
  /** An unmeasured call that puts state in place for a scenario; throws when it is refused. */
  call(name: string, openid: string, payload: Record<string, unknown>): Promise<Record<string, unknown>>
}

interface Scenario {
  who: Who | ((c: Ctx) => string)
  /** Shown in the role column when `who` is a function. */
  role?: string
  payload: Record<string, unknown> | ((c: Ctx) => Record<string, unknown>)
  /** Not a rider screen even when called by a rider identity, or the other way round. */
  audience?: 'rider' | 'staff'
  /** Unmeasured calls first (e.g. another rider's booking), for the state this action needs. */
  prepare?: (c: Ctx) => Promise<void>
}

const LF1 = { lng: 120.64588, lat: 31.2904 }
const key = (s: string) => `bench-${s}-${Date.now().toString(36)}`
const REPORT_KEY = key('report')
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10)
const benchReport = (c: Ctx) => (c.answers.get('reports.submit')?.report as { id?: string } | undefined)?.id
const reporterOf = (id: string) => (c: Ctx) => c.openidOf(String(c.data.reports?.find((r) => r._id === id)?.reporterId))
const inOneWeek = (h: number) => new Date(Date.now() + 7 * 86_400_000 + h * 3600_000).toISOString()
/** Where a seeded station stands. */
const at = (c: Ctx, stationId: string) => {
  const [lng, lat] = (c.data.stations?.find((st) => st._id === stationId)?.location as { coordinates: [number, number] }).coordinates
  return { lng, lat }
}
const stationScene = (c: Ctx) => String(c.answers.get('stations.generateCode')?.scene)
const activityScene = (c: Ctx) => String(c.answers.get('volunteers.activityCode')?.scene)
const userIdOf = (c: Ctx, openid: string) => c.data.users?.find((u) => u.openid === openid)?._id
const inDays = (n: number) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10)

// Services: a service with a 30-minute slot every half hour, so the next slot is open for arrival now
// (attendance, rating) and one three hours on leaves time for the cancel → offer → decline chain.
const serviceId = (c: Ctx) => String(c.answers.get('services.saveService')?.serviceId)
const slotsOfService = (c: Ctx) => ((c.answers.get('services.serviceDetail')?.slots ?? []) as Array<{ startAt: string; bookable: boolean }>).filter((sl) => sl.bookable)
const nextSlot = (c: Ctx) => slotsOfService(c)[0]?.startAt
const laterSlot = (c: Ctx) => slotsOfService(c).find((sl) => new Date(sl.startAt).getTime() > Date.now() + 3 * 3600_000)?.startAt
const bookingOf = (c: Ctx, name: string) => String(c.answers.get(name)?.bookingId)

// Wishes: the bench's own wish goes post → screen → claim → contact → deliver → confirm → thank; the
// branches use seeded wishes (wish-lf-2 published, wish-lf-3 contacted by the Party member, wish-lf-5 unscreened).
const WISH_KEY = key('wish')
const benchWish = (c: Ctx) => String((c.answers.get('wishes.post')?.wish as { id?: string } | undefined)?.id)
const beneficiaryOf = (wishId: string) => (c: Ctx) => c.openidOf(String(c.data.wishes?.find((w) => w._id === wishId)?.beneficiaryId))
/** A plain member of 小葑哥先锋服务队 (seeded), who joins the team's claim. */
const teammate = (c: Ctx) => {
  const beneficiary = c.data.wishes?.find((w) => w._id === 'wish-lf-2')?.beneficiaryId
  const devIds = new Set([userIdOf(c, as.worker), userIdOf(c, as.party), userIdOf(c, as.captain)])
  const m = c.data.team_members?.find((x) => x.teamId === 'team-lf-xfg' && x.role === 'member' && x.state === 'member' && !devIds.has(String(x.userId)) && x.userId !== beneficiary)
  return c.openidOf(String(m?.userId))
}

const SUGGESTION_KEY = key('suggestion')
const benchSuggestion = (c: Ctx) => String((c.answers.get('suggestions.post')?.suggestion as { id?: string } | undefined)?.id)

/** Run in this order (later ones use earlier answers); one per action. */
const scenarios: Record<string, Scenario> = {
  // The 我的 tab's one call (other pages call me({}), which reads less).
  'users.me': { who: 'worker', payload: { overview: true } },
  'users.updateProfile': { who: 'worker', payload: { nickname: '骑手小王' } },
  'users.acceptPrivacy': { who: 'worker', payload: { version: '2024-01' } },
  'users.workbench': { who: 'grid', payload: {} },
  'users.messages': { who: 'worker', payload: {} },
  'users.markMessagesRead': { who: 'worker', payload: { all: true } },
  'users.listUsers': { who: 'admin', payload: {} },
  'users.grantRole': { who: 'admin', payload: (c) => ({ userId: c.data.users?.find((u) => u.openid === as.worker)?._id, role: 'party_member', scopes: [], reason: '测试授权' }) },
  'users.revokeRole': { who: 'admin', payload: (c) => ({ userId: c.data.users?.find((u) => u.openid === as.worker)?._id, role: 'party_member', reason: '测试撤销' }) },
  'users.auditLog': { who: 'admin', payload: {} },

  'stations.districts': { who: 'worker', payload: {} },
  'stations.nearby': { who: 'worker', payload: { location: LF1, page: { limit: 20, offset: 0 } } },
  'stations.search': { who: 'worker', payload: { q: '驿站' } },
  'stations.detail': { who: 'worker', payload: { stationId: 'st-lf-001', location: LF1 } },
  'stations.problems': { who: 'manager', payload: { stationId: 'st-lf-001' } },
  'stations.reportProblem': { who: 'worker', payload: { stationId: 'st-lf-001', kind: 'closed_but_shown_open', note: '门关着' } },
  'stations.managed': { who: 'manager', payload: {} },
  'stations.update': { who: 'manager', payload: { stationId: 'st-lf-001', patch: { phone: '0512-66666666' } } },
  'stations.setLiveStatus': { who: 'manager', payload: { stationId: 'st-lf-001', status: 'open', durationMinutes: 60 } },
  'stations.markVerified': { who: 'manager', payload: { stationId: 'st-lf-001' } },
  'stations.addPhoto': { who: 'manager', payload: (c) => ({ stationId: 'st-lf-001', fileId: c.upload('stations/st-lf-001/bench.jpg') }) },
  'stations.removePhoto': { who: 'manager', payload: (c) => ({ stationId: 'st-lf-001', fileId: c.upload('stations/st-lf-001/bench.jpg') }) },
  'stations.rotateSecret': { who: 'admin', payload: { stationId: 'st-lf-002', reason: '测试轮换' } },
  'stations.generateCode': { who: 'manager', payload: { stationId: 'st-lf-001' } },
  'stations.create': {
    who: 'admin',
    payload: (c) => ({
      type: 'station',
      name: '测试驿站',
      location: { lng: 120.65, lat: 31.3 },
      address: { province: '江苏省', city: '苏州市', district: '苏州工业园区', street: '娄葑街道', detail: '测试路 1 号' },
      amenities: ['drinking_water'],
      hours: c.data.stations?.[0]?.hours,
    }),
  },
  'stations.adminUpdate': { who: 'admin', payload: { stationId: 'st-lf-003', patch: { checkinRadiusM: 200 }, reason: '测试修改' } },

  'checkins.preview': { who: 'worker', payload: (c) => ({ scene: stationScene(c) }) },
  'checkins.checkIn': {
    who: 'worker',
    payload: (c) => ({ scene: stationScene(c), entry: { method: 'scan_code' }, location: { ...at(c, 'st-lf-001'), accuracy: 20 }, purpose: 'visit', idempotencyKey: key('checkin') }),
  },
  'checkins.myHistory': { who: 'worker', payload: {} },
  'checkins.stationFigures': { who: 'manager', payload: { stationId: 'st-lf-001', granularity: 'day', from: daysAgo(13), to: today() } },
  'checkins.districtFigures': { who: 'admin', payload: { district: '苏州工业园区', granularity: 'day', from: daysAgo(13), to: today() } },
  'checkins.partyApply': { who: 'worker', payload: { organisation: '娄葑街道新业态联合党支部', contact: '13800000001' } },
  'checkins.partyMyStatus': { who: 'worker', payload: {} },
  'checkins.partyApplications': { who: 'admin', payload: {} },
  'checkins.partyReview': { who: 'admin', payload: (c) => ({ applicationId: c.data.users?.find((u) => u.openid === as.worker)?._id, decision: 'approve' }) },

  'passbook.adjust': { who: 'admin', payload: (c) => ({ userId: c.data.users?.find((u) => u.openid === as.party)?._id, points: 200, reason: '测试调整积分', idempotencyKey: key('adjust') }) },
  'passbook.summary': { who: 'party', payload: {} },
  'passbook.entries': { who: 'party', payload: {} },
  'passbook.catalogue': { who: 'party', payload: {} },
  'passbook.redeem': { who: 'party', payload: { rewardId: 'reward-01', idempotencyKey: key('redeem') } },
  'passbook.myRedemptions': { who: 'party', payload: {} },
  'passbook.redemption': { who: 'party', payload: (c) => ({ id: c.answers.get('passbook.redeem')?.id }) },
  'passbook.fulfil': { who: 'manager', payload: (c) => ({ code: c.answers.get('passbook.redeem')?.pickupCode, stationId: 'st-lf-001', idempotencyKey: key('fulfil') }) },
  'passbook.cancelRedemption': {
    who: 'worker',
    // The Party member's redemption was handed out above (and reward-01 allows one a day): the rider redeems and cancels.
    prepare: async (c) => {
      c.answers.set('prep:redeem', await c.call('passbook.redeem', as.worker, { rewardId: 'reward-01', idempotencyKey: key('redeem-again') }))
    },
    payload: (c) => ({ id: c.answers.get('prep:redeem')?.id }),
  },
  'passbook.rules': { who: 'admin', payload: {} },
  'passbook.saveRule': { who: 'admin', payload: { kind: 'checkin_visit', label: '驿站扫码签到', pointsPerUnit: 2, dailyCap: 4, monthlyCap: 60, active: true, reason: '测试保存' } },
  'passbook.adminRewards': { who: 'admin', payload: {} },
  'passbook.saveReward': {
    who: 'admin',
    payload: { name: '测试奖品', description: '测试奖品说明', cost: 50, stock: 10, limitPerDay: 1, limitPerMonth: 2, limitTotal: 0, pickupHours: 72, pickupStationIds: ['st-lf-001'], active: true },
  },
  'passbook.addStock': { who: 'admin', payload: { rewardId: 'reward-01', quantity: 5, reason: '测试补货' } },
  'passbook.accountEntries': { who: 'admin', payload: (c) => ({ userId: c.data.users?.find((u) => u.openid === as.party)?._id }) },
  'passbook.reconcile': { who: 'admin', payload: {} },

  'reports.categories': { who: 'worker', payload: {} },
  'reports.suggest': { who: 'worker', payload: { categoryId: 'cat-garbage', location: LF1 } },
  'reports.submit': { who: 'worker', payload: (c) => ({ idempotencyKey: REPORT_KEY, categoryId: 'cat-garbage', location: LF1, address: '双湖广场路口', description: '垃圾满了', photos: [c.upload(`reports/${REPORT_KEY}/1.jpg`)] }) },
  'reports.mine': { who: 'worker', payload: {} },
  'reports.detail': { who: 'worker', payload: (c) => ({ reportId: benchReport(c) }) },
  'reports.addPhotos': { who: 'worker', payload: (c) => ({ reportId: benchReport(c), location: LF1, photos: [c.photo] }) },
  'reports.nearby': { who: 'worker', payload: { location: LF1 } },
  'reports.subscribeTemplates': { who: 'worker', payload: {} },
  'reports.queue': { who: 'grid', payload: { as: 'grid_worker' } },
  'reports.departments': { who: 'dispatcher', payload: { reportId: 'rp-demo-04' } },
  'reports.grids': { who: 'dispatcher', payload: { reportId: 'rp-demo-04' } },
  'reports.accept': { who: 'grid', payload: { reportId: 'rp-demo-01' } },
  'reports.reject': { who: 'grid', payload: { reportId: 'rp-demo-02', reason: 'insufficient_info', note: '信息不足' } },
  'reports.addNote': { who: 'grid', payload: { reportId: 'rp-demo-04', note: '已到现场' } },
  'reports.dispatch': { who: 'dispatcher', payload: { reportId: 'rp-demo-04', departmentId: 'dept-lf-city_management' } },
  'reports.transfer': { who: 'dispatcher', payload: { reportId: 'rp-demo-01', gridId: 'grid-lf-2' } },
  'reports.reviewPhotos': { who: 'dispatcher', payload: (c) => ({ reportId: benchReport(c), decisions: [{ index: 0, ok: true }] }) },
  // The bench's own report (still submitted, same category and street) as a duplicate of the accepted rp-demo-01.
  'reports.merge': { who: 'dispatcher', payload: (c) => ({ reportId: benchReport(c), targetId: 'rp-demo-01' }) },
  'reports.start': { who: 'department', payload: { reportId: 'rp-demo-05' } },
  'reports.resolve': { who: 'department', payload: (c) => ({ reportId: 'rp-demo-06', photos: [c.photo], note: '已清理完毕' }) },
  'reports.sendBack': { who: 'department', payload: { reportId: 'rp-demo-07', reason: 'wrong_department', note: '不属于本部门' } },
  'reports.confirm': { who: reporterOf('rp-demo-08'), role: 'worker (reporter)', payload: { reportId: 'rp-demo-08', rating: 5 } },
  'reports.reopen': { who: reporterOf('rp-demo-12'), role: 'worker (reporter)', payload: (c) => ({ reportId: 'rp-demo-12', photos: [c.photo], note: '又堆上了' }) },
  'reports.bulk': { who: 'dispatcher', payload: { reportIds: ['rp-demo-02'], command: 'accept' } },
  'reports.figures': { who: 'dispatcher', payload: {} },
  'reports.adminCategories': { who: 'admin', payload: {} },
  'reports.saveCategory': {
    who: 'admin',
    payload: (c) => {
      const cat = c.data.report_categories?.find((x) => x._id === 'cat-garbage')
      // A save that changes nothing is refused: move the deadline by half a day.
      return { id: 'cat-garbage', hint: String(cat?.hint ?? '垃圾满溢、乱堆乱放'), slaHours: Number(cat?.slaHours ?? 24) + 12, departmentKind: String(cat?.departmentKind ?? 'sanitation'), active: true, reason: '测试保存' }
    },
  },
  'reports.adminDepartments': { who: 'admin', payload: { district: '苏州工业园区' } },
  'reports.saveDepartment': { who: 'admin', payload: { name: '测试保洁队', kind: 'sanitation', district: '苏州工业园区', active: true, reason: '测试新建' } },
  'reports.adminGrids': { who: 'admin', payload: { street: 'street-lf' } },
  'reports.saveGrid': { who: 'admin', payload: { name: '测试网格', street: 'street-lf', active: true, bounds: { west: 120.6, south: 31.25, east: 120.61, north: 31.26 }, reason: '测试新建' } },
  'reports.adminStreets': { who: 'admin', payload: {} },

  'volunteers.listTeams': { who: 'worker', payload: {} },
  'volunteers.teamDetail': { who: 'worker', payload: { teamId: 'team-lf-xfg' } },
  'volunteers.myTeams': { who: 'captain', payload: {}, audience: 'rider' },
  // The rider is already in 小葑哥 (seeded): they ask to join the captain's other team, 助老服务队.
  'volunteers.requestJoin': { who: 'worker', payload: { teamId: 'team-lf-zl', note: '想参加' } },
  'volunteers.roster': { who: 'captain', payload: { teamId: 'team-lf-xfg' } },
  'volunteers.decideJoin': { who: 'captain', payload: (c) => ({ teamId: 'team-lf-zl', userId: c.data.users?.find((u) => u.openid === as.worker)?._id, decision: 'approve' }) },
  'volunteers.exportRoster': { who: 'captain', payload: { teamId: 'team-lf-xfg' } },
  'volunteers.listActivities': { who: 'worker', payload: { near: LF1 } },
  'volunteers.activityDetail': { who: 'worker', payload: { activityId: 'act-lf-001' } },
  'volunteers.signUp': { who: 'worker', payload: { activityId: 'act-lf-001' } },
  'volunteers.myActivities': { who: 'worker', payload: {} },
  'volunteers.cancelSignup': { who: 'worker', payload: { activityId: 'act-lf-001' } },
  'volunteers.createActivity': {
    who: 'captain',
    payload: { teamId: 'team-lf-xfg', title: '测试活动', description: '测试活动介绍', stationId: 'st-lf-001', startAt: inOneWeek(2), endAt: inOneWeek(4), signupDeadline: inOneWeek(0), capacity: 10, audience: 'all' },
  },
  // An activity starting in 20 minutes (check-in opens 30 minutes before), the rider signed up: attendance can be taken now.
  'volunteers.activityCode': {
    who: 'captain',
    prepare: async (c) => {
      const soon = (min: number) => new Date(Date.now() + min * 60_000).toISOString()
      const activity = await c.call('volunteers.createActivity', as.captain, { teamId: 'team-lf-xfg', title: '即将开始的活动', description: '测试签到', stationId: 'st-lf-001', startAt: soon(20), endAt: soon(140), signupDeadline: soon(10), capacity: 10, audience: 'all' })
      c.answers.set('prep:activity', activity)
      await c.call('volunteers.signUp', as.worker, { activityId: activity.activityId })
    },
    payload: (c) => ({ activityId: c.answers.get('prep:activity')?.activityId }),
  },
  'volunteers.scanPreview': { who: 'worker', payload: (c) => ({ scene: activityScene(c) }) },
  'volunteers.attend': { who: 'worker', payload: (c) => ({ scene: activityScene(c), phase: 'in', entry: { method: 'scan_code' }, location: { ...at(c, 'st-lf-001'), accuracy: 20 }, idempotencyKey: key('attend') }) },
  'volunteers.attendanceSheet': { who: 'captain', payload: { activityId: 'act-lf-003' } },
  'volunteers.markAttendance': { who: 'captain', payload: (c) => ({ activityId: 'act-lf-003', userId: c.data.activity_signups?.find((s) => s.activityId === 'act-lf-003' && !s.creditedAt && s.userId !== userIdOf(c, as.captain))?.userId, mark: 'attended', reason: '现场补记到场' }) },
  'volunteers.closeAttendance': { who: 'captain', payload: { activityId: 'act-lf-003' } },
  'volunteers.certificate': { who: 'captain', payload: { activityId: 'act-lf-003' } },
  'volunteers.verifyCertificate': { who: 'worker', payload: (c) => ({ certificateNo: String(c.answers.get('volunteers.certificate')?.certificateNo ?? 'NX-0000000000') }) },
  'volunteers.periodCertificate': { who: 'captain', payload: { from: daysAgo(90), to: today() } },
  'volunteers.removeMember': { who: 'captain', payload: (c) => ({ teamId: 'team-lf-xfg', userId: c.data.users?.find((u) => u.openid === as.worker)?._id, reason: '测试移出' }) },
  'volunteers.leaveTeam': { who: 'party', payload: { teamId: 'team-lf-xfg' } },
  'volunteers.handOver': { who: 'captain', payload: (c) => ({ teamId: 'team-lf-zl', toUserId: userIdOf(c, as.worker), reason: '测试移交' }) },

  'services.saveService': {
    who: 'provider',
    payload: {
      stationId: 'st-lf-004',
      type: 'insurance',
      provider: '园区社区医院',
      description: '骑手意外险咨询，每人 30 分钟。',
      definition: { weekly: [{ weekdays: [0, 1, 2, 3, 4, 5, 6], ranges: [{ start: '00:00', end: '23:30' }] }], slotMinutes: 30, seatsPerSlot: 1, closedDates: [], absences: [], bookingWindowDays: 2, cutoffMinutes: 0 },
    },
  },
  'services.listServices': { who: 'worker', payload: (c) => ({ near: at(c, 'st-lf-004') }) },
  'services.serviceDetail': { who: 'worker', payload: (c) => ({ serviceId: serviceId(c) }) },
  'services.book': { who: 'worker', payload: (c) => ({ serviceId: serviceId(c), startAt: nextSlot(c) }) },
  'services.myBookings': { who: 'worker', payload: {} },
  'services.slotRoster': { who: 'provider', payload: (c) => ({ serviceId: serviceId(c), startAt: nextSlot(c) }) },
  'services.markAttendance': { who: 'provider', payload: (c) => ({ bookingId: bookingOf(c, 'services.book'), mark: 'attended' }) },
  'services.rate': { who: 'worker', payload: (c) => ({ bookingId: bookingOf(c, 'services.book'), stars: 5, comment: '讲得很清楚' }) },
  'services.cancel': {
    who: 'worker',
    // The later slot's one seat to the rider, two waiting behind: cancelling offers it to the first waiter.
    prepare: async (c) => {
      const at = { serviceId: serviceId(c), startAt: laterSlot(c) }
      c.answers.set('prep:worker-book', await c.call('services.book', as.worker, at))
      c.answers.set('prep:party-book', await c.call('services.book', as.party, at))
      c.answers.set('prep:captain-book', await c.call('services.book', as.captain, at))
    },
    payload: (c) => ({ bookingId: bookingOf(c, 'prep:worker-book') }),
  },
  'services.acceptOffer': { who: 'party', payload: (c) => ({ bookingId: bookingOf(c, 'prep:party-book') }) },
  'services.declineOffer': {
    who: 'captain',
    audience: 'rider',
    prepare: async (c) => {
      await c.call('services.cancel', as.party, { bookingId: bookingOf(c, 'prep:party-book') })
    },
    payload: (c) => ({ bookingId: bookingOf(c, 'prep:captain-book') }),
  },
  'services.figures': { who: 'provider', payload: { stationId: 'st-lf-004', from: daysAgo(29), to: today(), group: 'type' } },
  'services.calendar': { who: 'worker', payload: { stationId: 'st-lf-004', from: today() } },

  'wishes.streets': { who: 'worker', payload: {} },
  'wishes.myTeams': { who: 'captain', payload: {} },
  'wishes.myEnterprises': { who: 'contact', payload: {} },
  'wishes.post': {
    who: 'worker',
    payload: { idempotencyKey: WISH_KEY, categoryId: 'work_gear', title: '一副防水手套', description: '冬天送单手冻得厉害，想要一副防水手套。', valueBand: 'under_100', street: 'street-lf', community: '文萃社区', forWhom: 'self', phone: '13800000002' },
  },
  'wishes.setPhoneConsent': { who: 'worker', payload: (c) => ({ wishId: benchWish(c), consent: true }) },
  'wishes.queue': { who: 'dispatcher', payload: {} },
  'wishes.screen': { who: 'dispatcher', payload: (c) => ({ wishId: benchWish(c), ok: true }) },
  'wishes.wall': { who: 'worker', payload: { street: 'street-lf' } },
  'wishes.detail': { who: 'party', payload: (c) => ({ wishId: benchWish(c) }) },
  'wishes.claim': { who: 'party', payload: (c) => ({ wishId: benchWish(c), kind: 'member' }) },
  'wishes.claimed': { who: 'party', payload: {} },
  'wishes.message': { who: 'party', payload: (c) => ({ wishId: benchWish(c), text: '你好，我周末把手套送到驿站。' }) },
  'wishes.markContacted': { who: 'party', payload: (c) => ({ wishId: benchWish(c), note: '已约好周末在驿站交接' }) },
  'wishes.deliver': { who: 'party', payload: (c) => ({ wishId: benchWish(c), photo: c.upload(`wishes/${WISH_KEY}/delivery.jpg`) }) },
  'wishes.confirm': { who: 'worker', payload: (c) => ({ wishId: benchWish(c) }) },
  'wishes.thank': { who: 'worker', payload: (c) => ({ wishId: benchWish(c), text: '谢谢你的手套，很暖和！', public: true }) },
  'wishes.stories': { who: 'worker', payload: { street: 'street-lf' } },
  'wishes.mine': { who: 'worker', payload: {} },
  'wishes.notArrived': {
    who: beneficiaryOf('wish-lf-3'),
    role: 'worker (beneficiary)',
    prepare: async (c) => {
      await c.call('wishes.deliver', as.party, { wishId: 'wish-lf-3', photo: c.upload('wishes/bench-lf-3/delivery.jpg') })
    },
    payload: { wishId: 'wish-lf-3', note: '还没有收到，请再确认一下' },
  },
  'wishes.join': {
    who: teammate,
    role: 'worker (teammate)',
    prepare: async (c) => {
      await c.call('wishes.claim', as.captain, { wishId: 'wish-lf-2', kind: 'team', teamId: 'team-lf-xfg', parts: 3 })
    },
    payload: { wishId: 'wish-lf-2' },
  },
  'wishes.release': { who: 'captain', audience: 'rider', payload: { wishId: 'wish-lf-2', note: '队员这周排班满了' } },
  'wishes.withdraw': { who: beneficiaryOf('wish-lf-5'), role: 'worker (beneficiary)', payload: { wishId: 'wish-lf-5' } },

  'suggestions.post': {
    who: 'worker',
    payload: { idempotencyKey: SUGGESTION_KEY, categoryId: 'charging', text: '驿站门口希望增设电动车充电桩，方便换电。', place: '娄葑驿站门口', street: 'street-lf' },
  },
  'suggestions.support': { who: 'party', payload: (c) => ({ suggestionId: benchSuggestion(c) }) },
  'suggestions.board': { who: 'worker', payload: { street: 'street-lf', sort: 'supported' } },
  'suggestions.detail': { who: 'worker', payload: (c) => ({ suggestionId: benchSuggestion(c) }) },
  'suggestions.mine': { who: 'worker', payload: {} },
  'suggestions.queue': { who: 'dispatcher', payload: {} },
  'suggestions.templates': { who: 'dispatcher', payload: {} },
  'suggestions.departments': { who: 'dispatcher', payload: (c) => ({ suggestionId: benchSuggestion(c) }) },
  'suggestions.evaluate': { who: 'dispatcher', payload: (c) => ({ suggestionId: benchSuggestion(c), reply: '感谢建议，我们已安排人员到现场查看。' }) },
  'suggestions.assign': { who: 'dispatcher', payload: (c) => ({ suggestionId: benchSuggestion(c), departmentId: 'dept-lf-city_management' }) },
  'suggestions.addNote': { who: 'dispatcher', payload: (c) => ({ suggestionId: benchSuggestion(c), note: '需与供电所协调线路' }) },
  'suggestions.adopt': { who: 'dispatcher', payload: (c) => ({ suggestionId: benchSuggestion(c), reply: '建议已采纳，由城管部门办理。', promisedDate: inDays(30) }) },
  'suggestions.solve': { who: 'dispatcher', payload: (c) => ({ suggestionId: benchSuggestion(c), reply: '充电桩已安装完成，欢迎使用。' }) },
  'suggestions.decline': { who: 'dispatcher', payload: { suggestionId: 'suggestion-lf-5', reason: 'not_our_remit', reply: '该事项由人社部门负责，我们已转告。' } },
  'suggestions.export': { who: 'dispatcher', payload: {} },
  'suggestions.figures': { who: 'worker', payload: { district: '苏州工业园区' } },

  'district.myScope': { who: 'street', payload: {} },
  'district.listEnterprises': { who: 'street', payload: {} },
  'district.enterprise': { who: 'street', payload: { enterpriseId: 'ent-lf-002' } },
  'district.createEnterprise': { who: 'street', payload: { street: 'street-lf', name: '闪送娄葑服务点', kind: 'courier_depot', address: '娄葑街道星港街 8 号', workers: 12, orgStatus: 'none' } },
  'district.updateEnterprise': {
    who: 'street',
    payload: (c) => ({ enterpriseId: c.answers.get('district.createEnterprise')?.enterpriseId, version: c.answers.get('district.createEnterprise')?.version, patch: { workers: 15 }, note: '季度人数核对' }),
  },
  'district.verifyEnterprise': { who: 'street', payload: (c) => ({ enterpriseId: c.answers.get('district.updateEnterprise')?.enterpriseId, version: c.answers.get('district.updateEnterprise')?.version, note: '现场核实' }) },
  'district.findEnterprises': { who: 'party', payload: { q: '顺丰' } },
  'district.claimEnterprise': { who: 'party', payload: { enterpriseId: 'ent-lf-003' } },
  'district.myLink': { who: 'party', payload: {} },
  'district.pendingLinks': { who: 'street', payload: {} },
  'district.decideLink': { who: 'street', payload: (c) => ({ userId: userIdOf(c, as.party), decision: 'confirm' }) },
  'district.endLink': { who: 'street', payload: (c) => ({ userId: userIdOf(c, as.party), reason: '已离开这家企业' }) },
  'district.ledger': { who: 'street', payload: {} },
  'district.dashboard': { who: 'district', payload: { from: daysAgo(6), to: today() } },
  'district.coverage': { who: 'district', payload: { from: daysAgo(29), to: today() } },
  'district.exportRegistry': { who: 'street', payload: {} },
  'district.exportLedger': { who: 'street', payload: {} },
  'district.exportDashboard': { who: 'street', payload: { from: daysAgo(6), to: today() } },
}

/** Internal or timer-only actions: not called by any screen, so not measured against a goal. */
const INTERNAL = new Set(['passbook.credit', 'passbook.expireRedemptions', 'passbook.expirePoints', 'reports.runTimers', 'volunteers.recountSeats', 'services.tick', 'wishes.runTimers'])

const TX = 'write in runInTransaction: begin, each read and write inside, commit are one round trip each and wait on each other'
/** Why an action stays over its goal; "not yet" marks what this pass did not get to. */
export const REASONS: Record<string, string> = {
  'users.grantRole': `${TX} (+ audit entry)`,
  'users.revokeRole': `${TX} (+ audit entry)`,
  'stations.update': `${TX}; then the detail view is read back`,
  'stations.setLiveStatus': `${TX}; then the detail view is read back`,
  'stations.markVerified': `${TX}; then the detail view is read back`,
  'stations.rotateSecret': `${TX} (station + secret + audit)`,
  'stations.create': `${TX} (code uniqueness, station, secret, audit)`,
  'stations.adminUpdate': `${TX} (+ audit entry)`,
  'checkins.checkIn': `counted visit: ${TX} (check-in + point credit under caps), then the station's visit counter`,
  'checkins.partyApply': `${TX} (application + attempts); not yet reduced`,
  'checkins.partyReview': `${TX} (application, grant, audit)`,
  'passbook.redeem': `${TX} (balance lots, reward stock, limits, redemption, ledger) — the points must not be spent twice`,
  'passbook.cancelRedemption': `${TX} (redemption, stock, refund entry)`,
  'passbook.fulfil': `${TX} (redemption, stock, station scope)`,
  'passbook.adjust': `${TX} (balance, ledger entry, audit)`,
  'passbook.saveRule': `${TX} (+ audit entry)`,
  'passbook.addStock': `${TX} (+ audit entry)`,
  'passbook.reconcile': 'pages through accounts and their ledgers (admin batch job); not yet reduced',
  'reports.submit': `${TX} (daily limit, idempotency, receipt counter, report, first event) after the category/route reads and the text check`,
  'reports.addPhotos': `${TX} (report version, event) + photo checks`,
  'reports.accept': `${TX} on the report with version check, event, notices; points credit to the reporter`,
  'reports.reject': `${TX} on the report with version check, event, notices`,
  'reports.merge': `${TX} on both reports`,
  'reports.addNote': `${TX} (report version, event)`,
  'reports.dispatch': `${TX} (report version, event, notices)`,
  'reports.transfer': `${TX} (report version, event, notices)`,
  'reports.reviewPhotos': `${TX} (report version, event)`,
  'reports.start': `${TX} (report version, event, notices)`,
  'reports.resolve': `${TX} (report version, event, notices) + photo checks`,
  'reports.sendBack': `${TX} (report version, event, notices)`,
  'reports.confirm': `${TX} (report version, event, notices) + the reporter's points`,
  'reports.reopen': `${TX} (report version, event, notices) + photo checks`,
  'reports.bulk': `one ${TX} per report (each must pass its own version check)`,
  'volunteers.myTeams': 'member lines → their teams → captains\' names; ≤ 3 needs captain names denormalised on the team (not yet)',
  'volunteers.myActivities': 'signups (+ totals) → activities and waitlist places → team names and places; ≤ 3 needs the activity summary denormalised on the signup (not yet)',
  'volunteers.signUp': `${TX} (seat counter, signup)`,
  'volunteers.cancelSignup': `${TX} (seat counter, signup, waitlist promotion)`,
  'volunteers.leaveTeam': `${TX} (member line, count, each upcoming signup withdrawn, captain scope)`,
  'volunteers.removeMember': `${TX} (member line, count, each upcoming signup withdrawn)`,
  'volunteers.certificate': 'issues the certificate once: signup, activity, team, certificate number in a transaction',
  'volunteers.attend': "activity from the scanned code (and its key) → the rider's signup → conditional attendance write → hours and certificate when earned (nothing at check-in, still read) → the arrival counted for the station's figures → signup re-read for the answer; not yet reduced",
  'volunteers.markAttendance': `activity (captain right) → signup → text check of the reason → conditional write → audit entry → arrival counted → the hours credited through the passbook's credit path (${TX}: rule, caps, balance, ledger entry, signup) and the certificate → nickname; not yet reduced`,
  'volunteers.periodCertificate': 'all attended signups of the period → their activities and teams; not yet reduced',
  'volunteers.requestJoin': "team → the caller's member line → text check → the request added once (conditional add); ≤ 3 needs the team and the member line read together (not yet)",
  'volunteers.decideJoin': "team (captain right) → the applicant's member line → text check → conditional state change → member count → notice to the rider → nickname; not yet reduced",
  'volunteers.handOver': `team (captain right) → ${TX} (team, both member lines, the captain grant moved from one to the other, audit entry)`,
  'stations.addPhoto': "station (manage right) → photo list updated → read back → the photo's image check (a temporary URL and WeChat's mediaCheckAsync, not database requests, then its media_checks record) → the detail view (visits this month)",
  'passbook.saveReward': `${TX} (reward, stock, audit entry)`,
  'reports.saveCategory': `${TX} (+ audit entry)`,
  'reports.saveDepartment': `${TX} (name unique in the district, department, audit entry)`,
  'reports.saveGrid': `${TX} (name unique in the street, grid, audit entry)`,

  'services.book': 'seats are held by conditional single-document writes, each deciding the next (no transaction): service → the rider\'s booking lease → open bookings ∥ no-shows → slot counter (add once, read back) → queue entry → seat claim (queue read, counter, grant) → booked notice (booking, notice, user for the subscribe message) → re-read (and the queue place when waiting) → lease released; not yet reduced',
  'services.cancel': 'booking → service → conditional cancel → seat released → slot read → freed seat offered to the first waiter (queue read, counter, grant) → offer notice (booking, notice, user) → re-read → service for the view',
  'services.declineOffer': 'booking → offer passed on with conditional writes (the declined booking, the seat to the next waiter: queue read, counter, grant) → offer notice to them (booking, notice, user) → re-read → service for the view',
  'services.acceptOffer': 'booking → the held offer taken by a conditional update (it must still be held) → re-read → service for the view; ≤ 3 needs the service read alongside the booking (not yet)',
  'services.markAttendance': `booking → service (manage right) → ${TX} (booking, the rider's points credit under caps) → nickname`,
  'services.rate': `booking → ${TX} (booking, service rating sums) → re-read → service for the view`,

  'wishes.post': `replay check → rate limit → street → text check → ${TX} (open-wish slots and each open wish, wish, event) → who the caller is (team lines) → view (events ∥ photo URLs)`,
  'wishes.setPhoneConsent': `who the caller is (team lines) → ${TX} (wish with its state check, event) → view (events ∥ photo URLs)`,
  'wishes.screen': `who the caller is (team lines) → ${TX} (wish with its state check, event, notice to the beneficiary) → view (events ∥ photo URLs)`,
  'wishes.claim': `who the caller is (team lines) → ${TX} (wish with its state check — exactly one claimer wins —, event, notice) → view (events ∥ photo URLs)`,
  'wishes.markContacted': `who the caller is (team lines) → ${TX} (wish with its state check, event) → view (events ∥ photo URLs)`,
  'wishes.deliver': `who the caller is (team lines) → ${TX} (wish with its state check, event, notice) → photo check record → view (events ∥ photo URLs)`,
  'wishes.confirm': `who the caller is (team lines) → ${TX} (wish with its state check, event, the claimer's points credit under caps, notice) → view (events ∥ photo URLs)`,
  'wishes.thank': `who the caller is (team lines) → ${TX} (wish with its state check, event, a notice per participant) → view (events ∥ photo URLs)`,
  'wishes.notArrived': `who the caller is (team lines) → ${TX} (wish with its state check, event, a notice per participant) → view (events ∥ photo URLs)`,
  'wishes.join': `who the caller is (team lines) → ${TX} (wish with its state check — the quota is never exceeded —, event) → view (events ∥ photo URLs)`,
  'wishes.release': `who the caller is (team lines) → ${TX} (wish with its state check, event, notice) → view (events ∥ photo URLs)`,
  'wishes.withdraw': `who the caller is (team lines) → ${TX} (wish with its state check, event) → view (events ∥ photo URLs)`,
  'wishes.message': 'wish (who may write) → rate limit → text check → one notice per recipient; not yet reduced',

  'suggestions.post': `replay check → street → rate limit → text check → ${TX} (suggestion, event) → view (events ∥ the caller's +1 ∥ photo URL)`,
  'suggestions.support': `${TX} (suggestion, the caller's +1, count) — each user counts once`,
  'suggestions.evaluate': `${TX} (suggestion with its state check, event, notice to the author) → view (events ∥ the caller's +1 ∥ photo URL)`,
  'suggestions.assign': `suggestion → department (same district) → ${TX} (suggestion with its state check, event) → view (events ∥ the caller's +1 ∥ photo URL)`,
  'suggestions.addNote': `${TX} (suggestion with its state check, event) → view (events ∥ the caller's +1 ∥ photo URL)`,
  'suggestions.adopt': `${TX} (suggestion with its state check, event, notice to the author) → view (events ∥ the caller's +1 ∥ photo URL)`,
  'suggestions.decline': `${TX} (suggestion with its state check, event, notice to the author) → view (events ∥ the caller's +1 ∥ photo URL)`,
  'suggestions.solve': `${TX} (suggestion with its state check, event, notice to the author) → view (events ∥ the caller's +1 ∥ photo URL)`,

  'district.createEnterprise': `street → same name in the street → ${TX} (record, first history entry)`,
  'district.updateEnterprise': `${TX} (record with its version check, history entry)`,
  'district.verifyEnterprise': `${TX} (record with its version check, history entry)`,
  'district.claimEnterprise': `enterprise ∥ Party registration → ${TX} (the member's link) → link view (member, registration, enterprise)`,
  'district.decideLink': `${TX} (link, enterprise record's confirmed count, history entry) → link view (member, registration, enterprise)`,
  'district.endLink': `${TX} (link, enterprise record's confirmed count, history entry) → link view (member, registration, enterprise)`,
  'district.dashboard':
    'streets in view → stored day stats (street days and points days) ∥ stations, teams and overdue now → the days not stored yet (the nightly timer fills them) from reports (one indexed read per event), wishes, suggestions (one page, more only past 1 000 rows), the street\'s stations and teams → check-ins grouped per day ∥ activities → their sign-ups, points per missing day (one aggregate each, four at a time) → stored; once stored, a view is the stats read, the figures of now and today',
  'district.coverage': 'rate limit ∥ streets in view → grids (count, pages) → stations around them (count, pages) → reports count → check-ins ∥ bookings ∥ reports of the period (count, pages); a whole district\'s analysis page',
  'district.exportRegistry': 'rate limit ∥ streets in view → records (count, then the pages); the file upload is not a database request',
  'district.exportLedger': 'rate limit ∥ streets in view → the ledger\'s reads (enterprises, links, members)',
  'district.exportDashboard': 'rate limit ∥ streets in view → the dashboard\'s reads (see district.dashboard)',
}

export interface RoundTripRow {
  action: string
  role: string
  code: string
  requests: number | string
  chain: number | string
  bytes: number | string
  calls: number | string
  goal: string
  reason: string
}

async function measure(emu: Emulator, fn: string, openid: string, action: string, payload: unknown) {
  const mark = emu.invocations.length
  const res = await fetch(`${emu.url}/__dev/call/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid, data: { action, payload } }) })
  const body = (await res.json()) as { result?: { ok: boolean; data?: unknown; error?: { code: string; message?: string; field?: string } }; error?: { code: string; message: string } }
  // Everything started by this call: the invocation itself and the functions it called (SOURCE …,scf).
  const records = emu.invocations.slice(mark)
  const own = records.find((r) => r.functionName === fn && r.source === 'wx_client')
  const nested = records.filter((r) => r !== own && r.source.endsWith(',scf'))
  const requests = records.reduce((n, r) => n + r.db.requests, 0)
  // A nested call waits for the caller: its chain adds to the caller's (an upper bound if calls overlap).
  const chain = (own?.db.chain ?? 0) + nested.reduce((n, r) => n + r.db.chain, 0)
  const bytes = records.reduce((n, r) => n + r.db.responseBytes, 0)
  return { result: body.result, error: body.error, requests, chain, bytes, calls: nested.length }
}

export async function run(): Promise<RoundTripRow[]> {
  const functionsDir = path.join(ROOT, '.temp', `bench-roundtrips-${process.pid}`)
  mkdirSync(functionsDir, { recursive: true })
  try {
    await buildFunctions({ outRoot: functionsDir })
    process.env.NUANXIN_QUIET_LOGS = '1'
    const emu = await startEmulator({ memory: true, dev: true, port: 0, schema, functionsDir, maxWorkersPerFunction: 1, prewarm: true })
    try {
      const data = buildDemoData()
      await writeDemoData(sdkDatabase(emu.adminUrl, emu.envId), data)
      const photo = emu.storage.put('reports/bench/photo.jpg', Buffer.from('bench photo'))
      const openids = new Map((data.users ?? []).map((u) => [u._id, String(u.openid)]))
      const call = async (name: string, openid: string, payload: Record<string, unknown>) => {
        const [fn, action] = name.split('.')
        const m = await measure(emu, fn, openid, action, payload)
        if (!m.result?.ok) throw new Error(`${name}: ${m.error?.code ?? m.result?.error?.code ?? '?'} ${m.error?.message ?? m.result?.error?.message ?? ''}`)
        return (m.result.data ?? {}) as Record<string, unknown>
      }
      const ctx: Ctx = { data, answers: new Map(), photo, upload: (p) => emu.storage.put(p, Buffer.from('bench photo')), openidOf: (id) => openids.get(id) ?? 'unknown', call }
      const rows: RoundTripRow[] = []
      const all = Object.entries(contracts).flatMap(([fn, c]) => Object.keys(c).map((a) => `${fn}.${a}`))
      const ordered = [...Object.keys(scenarios).filter((k) => all.includes(k)), ...all.filter((k) => !scenarios[k])]
      for (const name of ordered) {
        const [fn, action] = name.split('.')
        const s = scenarios[name]
        if (!s) {
          const internal = INTERNAL.has(name)
          rows.push({ action: name, role: internal ? 'internal' : '?', code: '-', requests: '-', chain: '-', bytes: '-', calls: '-', goal: '-', reason: internal ? 'other functions and timers only' : 'no scenario in roundtrips.bench.ts' })
          continue
        }
        const openid = typeof s.who === 'function' ? s.who(ctx) : as[s.who]
        const role = s.role ?? (typeof s.who === 'function' ? '?' : s.who)
        if (s.prepare) {
          try {
            await s.prepare(ctx)
          } catch (err) {
            rows.push({ action: name, role, code: `setup failed: ${(err as Error).message}`, requests: '-', chain: '-', bytes: '-', calls: '-', goal: '-', reason: '' })
            continue
          }
        }
        const payload = typeof s.payload === 'function' ? s.payload(ctx) : s.payload
        const m = await measure(emu, fn, openid, action, payload)
        if (m.result?.ok && m.result.data && typeof m.result.data === 'object') ctx.answers.set(name, m.result.data as Record<string, unknown>)
        const rider = s.audience ? s.audience === 'rider' : typeof s.who !== 'function' ? RIDERS.has(s.who) : true
        const limit = rider ? 3 : 5
        const failed = m.result?.error
        const code = m.error ? m.error.code : m.result?.ok ? 'OK' : `${failed?.code ?? '?'}${failed?.field ? ` (${failed.field})` : ''}`
        const over = m.chain > limit
        rows.push({ action: name, role, code, requests: m.requests, chain: m.chain, bytes: m.bytes, calls: m.calls, goal: `${rider ? 'rider' : 'staff'} ≤ ${limit}${over ? ' OVER' : ''}`, reason: over ? (REASONS[name] ?? 'unexplained') : '' })
      }
      rows.push(await homeScreen(emu))
      return rows
    } finally {
      await emu.close()
    }
  } finally {
    rmSync(functionsDir, { recursive: true, force: true })
  }
}

/**
 * The home tab's first screen (src/pages/stations/index.tsx): users.me and stations.districts at mount,
 * then users.workbench once `me` says the user is staff. Sequential function calls: 2 for staff, 1 for riders.
 */
async function homeScreen(emu: Emulator): Promise<RoundTripRow> {
  const [me, districts] = await Promise.all([measure(emu, 'users', as.grid, 'me', {}), measure(emu, 'stations', as.grid, 'districts', {})])
  const bench = await measure(emu, 'users', as.grid, 'workbench', {})
  const chain = Math.max(me.chain, districts.chain) + bench.chain
  return {
    action: 'home tab first screen',
    role: 'grid',
    code: 'function calls in sequence: 2 (me ∥ districts, then workbench)',
    requests: me.requests + districts.requests + bench.requests,
    chain,
    bytes: me.bytes + districts.bytes + bench.bytes,
    calls: 3,
    goal: '≤ 2 sequential calls',
    reason: '',
  }
}

if (require.main === module) runStandalone(run, 'Database round trips per action (seeded demo)')
