/**
 * Demo data of the reports domain: the 公共设施损坏 category the seeded list lacks, and 随手拍 reports
 * in 娄葑街道 in every stage (new in a grid, on a grid boundary in the dispatcher's queue, accepted,
 * dispatched, in progress, overdue, resolved awaiting confirmation, confirmed with a rating, rejected),
 * plus a few in the first street of each other district handled by that district's dev staff; the dev
 * riders and Party members have reports of their own. Each carries the event history the state machine
 * itself produces — so the stored state always equals the replayed events — and the receipt numbers
 * (受理编号) and day counters submission keeps. Resolved ones show the seed's 处置后 picture. Deterministic.
 */
import { Collection } from '../../src/core/collections'
import { offsetM, type GeoPolygon, type LngLat } from '../../src/core/geo'
import { addHours } from '../../src/core/time'
import { applyCommand, newReport, submitEvent, systemActor, type Actor, type Command } from '../../src/reports/machine'
import type { CategoryDoc, ReportDoc, ReportEventDoc } from '../../src/reports/model'
import { routeLocation } from '../../src/reports/routing'
import { receiptCounterId, receiptNumber } from '../../src/reports/rules'
import type { ReportCategory } from '../../src/reports/vocabulary'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import type { DemoData } from './demo-data'
import { districts } from './places'

const H = 3_600_000

interface Plan {
  key: string
  /** District key (places.ts); default 娄葑. Positions are relative to its first street's centre. */
  district?: 'hj' | 'sw' | 'ny' | 'lf'
  categoryId: ReportCategory
  /** Metres east/north of the street centre. */
  at: [number, number]
  address: string
  description: string
  reporter: string
  hoursAgo: number
  steps: Array<[Command, 'grid' | 'dispatcher' | 'dept' | 'reporter' | 'system', number]>
}

/** `afterPhoto`: the uploaded 处置后 picture's file ID, shown on every resolved demo report. */
export function buildReportsDemo(data: DemoData, now: Date, afterPhoto?: string): DemoData {
  const categories = [...((data[Collection.reportCategories] ?? []) as unknown as CategoryDoc[])]
  if (!categories.some((c) => c._id === 'cat-public_facility')) {
    categories.push({ _id: 'cat-public_facility', name: '公共设施损坏', departmentKind: 'city_management', slaHours: 48, points: 20, order: categories.length + 1, active: true, hint: '座椅、护栏、指示牌、健身器材损坏' })
  }
  const grids = (data[Collection.grids] ?? []) as unknown as Array<{ _id: string; street: string; district: string; polygon: GeoPolygon; bbox: number[] }>
  const lfGrids = grids.filter((g) => g.street === 'street-lf')
  if (!lfGrids.length) return { [Collection.reportCategories]: categories as unknown as DemoData['report_categories'] }
  // Grids 1 and 2 of a street are its north-west and north-east quarters; they meet at the street centre.
  const centreOf = (streetGrids: typeof grids): LngLat => ({ lng: (streetGrids[1].bbox[0] + streetGrids[0].bbox[2]) / 2, lat: streetGrids[0].bbox[1] })

  const actors: Record<string, Actor> = {
    grid: { userId: userIdFor('dev-grid-worker'), roles: ['worker', 'grid_worker'], gridIds: ['grid-lf-1', 'grid-lf-2'], gridWorkerStreetIds: [], streetIds: [], departmentIds: [] },
    dispatcher: { userId: userIdFor('dev-dispatcher'), roles: ['worker', 'dispatcher'], gridIds: [], gridWorkerStreetIds: [], streetIds: ['street-lf'], departmentIds: [] },
    dept: { userId: userIdFor('dev-department-handler'), roles: ['worker', 'department_handler'], gridIds: [], gridWorkerStreetIds: [], streetIds: [], departmentIds: ['dept-lf-city_management'] },
    system: systemActor,
  }
  const districtActors = (key: string): Record<string, Actor> => {
    const street = districts.find((d) => d.key === key)!.streets[0]
    const prefix = `grid-${street.id.replace('street-', '')}`
    return {
      grid: { userId: userIdFor(`dev-${key}-grid-worker`), roles: ['worker', 'grid_worker'], gridIds: [`${prefix}-1`, `${prefix}-2`], gridWorkerStreetIds: [], streetIds: [], departmentIds: [] },
      dispatcher: { userId: userIdFor(`dev-${key}-dispatcher`), roles: ['worker', 'dispatcher'], gridIds: [], gridWorkerStreetIds: [], streetIds: [street.id], departmentIds: [] },
      dept: { userId: userIdFor(`dev-${key}-department-handler`), roles: ['worker', 'department_handler'], gridIds: [], gridWorkerStreetIds: [], streetIds: [], departmentIds: [`dept-${key}-city_management`] },
      system: systemActor,
    }
  }
  const dispatch: Command = { type: 'dispatch', departmentId: 'dept-lf-city_management' }
  const after = (key: string): Command => ({ type: 'resolve', photos: [afterPhoto ?? `cloud://local-dev.demo/reports/${key}/after-0.jpg`], note: '已现场处置完毕' })
  const plans: Plan[] = [
    { key: 'demo-01', categoryId: 'cat-garbage', at: [-700, 600], address: '东港路 21 号小区门口', description: '垃圾桶满溢，周边堆了好几袋', reporter: 'seed-worker-03', hoursAgo: 3, steps: [] },
    { key: 'demo-02', categoryId: 'cat-ebike_parking', at: [600, 900], address: '星港街地铁站 2 号口', description: '电动车堵住盲道', reporter: 'seed-worker-05', hoursAgo: 5, steps: [] },
    { key: 'demo-03', categoryId: 'cat-manhole', at: [0, 400], address: '葑谊路与文萃路交叉口', description: '井盖松动，车压过去会翘起', reporter: 'seed-worker-07', hoursAgo: 2, steps: [] },
    { key: 'demo-04', categoryId: 'cat-public_facility', at: [-400, 1200], address: '双湖广场西侧', description: '长椅断了一条腿', reporter: 'seed-worker-02', hoursAgo: 20, steps: [[{ type: 'accept' }, 'grid', 1]] },
    { key: 'demo-05', categoryId: 'cat-street_vendor', at: [900, 300], address: '南施街菜场门口', description: '早市摊贩占了非机动车道', reporter: 'seed-worker-04', hoursAgo: 30, steps: [[{ type: 'accept' }, 'grid', 1], [dispatch, 'grid', 2]] },
    { key: 'demo-06', categoryId: 'cat-streetlight', at: [-1100, 800], address: '杨枝塘路 100 号', description: '一排路灯晚上不亮', reporter: 'seed-worker-06', hoursAgo: 40, steps: [[{ type: 'accept' }, 'grid', 2], [dispatch, 'grid', 3], [{ type: 'start', note: '已安排维修班组' }, 'dept', 10]] },
    { key: 'demo-07', categoryId: 'cat-ebike_parking', at: [300, 1400], address: '娄东路公交站', description: '共享单车倒了一地', reporter: 'seed-worker-08', hoursAgo: 50, steps: [[{ type: 'accept' }, 'grid', 1], [dispatch, 'grid', 2], [{ type: 'mark_overdue' }, 'system', 25]] },
    { key: 'demo-08', categoryId: 'cat-other', at: [-800, -700], address: '金厍路 5 号', description: '人行道上有废弃沙发', reporter: 'seed-worker-09', hoursAgo: 60, steps: [[{ type: 'accept' }, 'dispatcher', 2], [dispatch, 'dispatcher', 3], [after('demo-08'), 'dept', 30]] },
    { key: 'demo-09', categoryId: 'cat-street_vendor', at: [700, -900], address: '民生路夜市', description: '夜市油烟扰民', reporter: 'seed-worker-10', hoursAgo: 120, steps: [[{ type: 'accept' }, 'dispatcher', 1], [dispatch, 'dispatcher', 2], [after('demo-09'), 'dept', 20], [{ type: 'confirm', rating: 5, note: '处理很及时' }, 'reporter', 30]] },
    { key: 'demo-10', categoryId: 'cat-public_facility', at: [-300, 700], address: '翰林路口', description: '护栏被撞歪', reporter: 'seed-worker-11', hoursAgo: 200, steps: [[{ type: 'accept' }, 'grid', 1], [dispatch, 'grid', 2], [after('demo-10'), 'dept', 40], [{ type: 'confirm', rating: 3 }, 'reporter', 60]] },
    { key: 'demo-11', categoryId: 'cat-other', at: [500, 500], address: '万宝路 8 号', description: '墙上有小广告', reporter: 'seed-worker-12', hoursAgo: 10, steps: [[{ type: 'reject', reason: 'not_in_scope', note: '属物业管理范围，已转告物业' }, 'grid', 1]] },
    { key: 'demo-12', categoryId: 'cat-streetlight', at: [-200, -300], address: '东环路 66 号', description: '路灯闪烁', reporter: 'seed-worker-13', hoursAgo: 150, steps: [[{ type: 'accept' }, 'dispatcher', 1], [dispatch, 'dispatcher', 2], [after('demo-12'), 'dept', 30], [{ type: 'auto_close' }, 'system', 105]] },
    // The dev rider, Party member and captain of 娄葑 have reports behind their passbook credits.
    { key: 'demo-13', categoryId: 'cat-garbage', at: [-500, 300], address: '东港路 60 号', description: '绿化带里有人倒了建筑垃圾', reporter: 'dev-worker', hoursAgo: 170, steps: [[{ type: 'accept' }, 'grid', 1], [dispatch, 'grid', 2], [after('demo-13'), 'dept', 20], [{ type: 'confirm', rating: 5, note: '第二天就清走了' }, 'reporter', 30]] },
    { key: 'demo-14', categoryId: 'cat-ebike_parking', at: [400, 800], address: '星港街 88 号', description: '电动车把消防通道口堵了', reporter: 'dev-worker', hoursAgo: 26, steps: [[{ type: 'accept' }, 'grid', 1]] },
    { key: 'demo-15', categoryId: 'cat-streetlight', at: [-900, 1000], address: '杨枝塘路 12 号', description: '小区门口路灯不亮', reporter: 'dev-party-member', hoursAgo: 100, steps: [[{ type: 'accept' }, 'grid', 1]] },
    { key: 'demo-16', categoryId: 'cat-street_vendor', at: [200, 200], address: '葑谊路 30 号', description: '水果摊占了人行道', reporter: 'dev-team-captain', hoursAgo: 90, steps: [[{ type: 'accept' }, 'grid', 1]] },
  ]
  for (const d of districts.filter((x) => x.key !== 'lf')) {
    const k = d.key as 'hj' | 'sw' | 'ny'
    const road = (i: number) => d.roads[i % d.roads.length]
    plans.push(
      { key: `${k}-01`, district: k, categoryId: 'cat-garbage', at: [-600, 500], address: `${road(0)} 18 号`, description: '垃圾桶满了没人收', reporter: `dev-${k}-worker`, hoursAgo: 4, steps: [] },
      { key: `${k}-02`, district: k, categoryId: 'cat-ebike_parking', at: [500, 700], address: `${road(1)} 36 号`, description: '共享单车堆在盲道上', reporter: `dev-${k}-worker`, hoursAgo: 120, steps: [[{ type: 'accept' }, 'grid', 1], [{ type: 'dispatch', departmentId: `dept-${k}-city_management` }, 'grid', 2], [after(`${k}-02`), 'dept', 20], [{ type: 'confirm', rating: 4 }, 'reporter', 30]] },
      { key: `${k}-03`, district: k, categoryId: 'cat-streetlight', at: [-300, 900], address: `${road(2)} 5 号`, description: '路口两盏路灯不亮', reporter: `dev-${k}-party-member`, hoursAgo: 30, steps: [[{ type: 'accept' }, 'grid', 2], [{ type: 'dispatch', departmentId: `dept-${k}-city_management` }, 'grid', 3]] },
      { key: `${k}-04`, district: k, categoryId: 'cat-public_facility', at: [700, -500], address: `${road(3)} 120 号`, description: '公交站座椅坏了', reporter: `dev-${k}-worker`, hoursAgo: 8, steps: [] },
    )
  }

  const reports: ReportDoc[] = []
  const events: ReportEventDoc[] = []
  const receipts = receiptNumbers(plans.map((plan) => new Date(now.getTime() - plan.hoursAgo * H)))
  for (const [i, plan] of plans.entries()) {
    const key = plan.district ?? 'lf'
    const street = districts.find((d) => d.key === key)!.streets[0]
    const streetGrids = grids.filter((g) => g.street === street.id)
    const who = key === 'lf' ? actors : districtActors(key)
    const p = offsetM(centreOf(streetGrids), plan.at[0], plan.at[1])
    const at = { lng: +p.lng.toFixed(6), lat: +p.lat.toFixed(6) }
    const route = routeLocation(at, streetGrids)
    const cat = categories.find((c) => c._id === plan.categoryId)!
    const createdAt = new Date(now.getTime() - plan.hoursAgo * H)
    const reporterId = userIdFor(plan.reporter)
    let r = newReport({
      _id: `rp-${plan.key}`,
      idempotencyKey: `${reporterId}:${plan.key}`,
      receiptNo: receipts.numbers[i],
      reporterId,
      categoryId: plan.categoryId,
      description: plan.description,
      location: at,
      address: plan.address,
      route,
      slaHours: cat.slaHours,
      photos: [],
      now: createdAt,
    })
    events.push(submitEvent(r))
    for (const [cmd, role, hoursLater] of plan.steps) {
      const actor = role === 'reporter' ? { ...who.grid, userId: reporterId, roles: ['worker' as const], gridIds: [] } : who[role]
      const { patch, event } = applyCommand(r, cmd, actor, addHours(createdAt, hoursLater))
      r = { ...r, ...patch }
      events.push(event)
    }
    reports.push(r)
  }

  return {
    [Collection.reportCategories]: categories as unknown as DemoData['report_categories'],
    [Collection.reports]: reports as unknown as DemoData['reports'],
    [Collection.reportEvents]: events as unknown as DemoData['report_events'],
    [Collection.counters]: receipts.counters,
  }
}

/**
 * 受理编号 as the submit path hands them out: each China day numbered in the order its reports were made,
 * and each day's counter at its last number, so a report submitted after seeding continues the sequence.
 */
export function receiptNumbers(times: readonly Date[]): { numbers: string[]; counters: Array<{ _id: string; seq: number }> } {
  const order = times.map((t, i) => ({ t, i })).sort((a, b) => a.t.getTime() - b.t.getTime() || a.i - b.i)
  const numbers: string[] = new Array<string>(times.length)
  const seqs = new Map<string, number>()
  for (const { t, i } of order) {
    const id = receiptCounterId(t)
    const seq = (seqs.get(id) ?? 0) + 1
    seqs.set(id, seq)
    numbers[i] = receiptNumber(t, seq)
  }
  return { numbers, counters: [...seqs.entries()].map(([_id, seq]) => ({ _id, seq })) }
}
