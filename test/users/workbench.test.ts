/**
 * users.workbench through the emulator on the seeded demo: each staff role gets its own kinds of
 * waiting work, counted within its scopes with the same conditions as the queue it opens (checked
 * against reports.queue's totals), and the counts move when work arrives or is done. Riders get none.
 */
import type { Role } from '../../src/core/roles'
import type { Envelope } from '../../src/core/envelope'
import type { RedemptionView } from '../../src/passbook/contract'
import type { QueuePage, ReportDetail, SubmitResult } from '../../src/reports/contract'
import { kindsFor, type WaitingKind, type Workbench } from '../../src/users/workbench'
import { startProject, type Project } from '../support/project'

let app: Project

function data<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${res.error.code}: ${res.error.message}`)
  return res.data
}

const bench = async (role: Role) => data(await app.callAs<Workbench>(role, 'users', 'workbench', {}))
const countOf = (w: Workbench, kind: WaitingKind) => w.items.find((i) => i.kind === kind)?.count
const queueTotal = async (role: Role, payload: Record<string, unknown>) => data(await app.callAs<QueuePage>(role, 'reports', 'queue', { as: role, page: { limit: 1 }, ...payload })).total

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['users', 'reports', 'passbook', 'district'] })
}, 90_000)

afterAll(async () => {
  await app?.close()
})

test('a rider has no workbench', async () => {
  expect(await bench('worker')).toEqual({ items: [], total: 0 })
})

test.each<Role>(['grid_worker', 'dispatcher', 'department_handler', 'station_manager', 'team_captain', 'street_officer', 'district_officer', 'admin'])('%s sees exactly the kinds of their role, each opening its queue', async (role) => {
  const w = await bench(role)
  expect(w.items.map((i) => i.kind)).toEqual(kindsFor([role]))
  expect(w.total).toBe(w.items.reduce((s, i) => s + i.count, 0))
  for (const item of w.items) {
    expect(item.label).toMatch(/[\u4e00-\u9fa5]/)
    expect(item.page).toMatch(/^\/[a-z]+\/pages\//)
  }
})

test('district counts equal what the district workbench lists', async () => {
  const pending = data(await app.callAs<{ items: unknown[] }>('street_officer', 'district', 'pendingLinks', {})).items.length
  expect(pending).toBeGreaterThan(0)
  expect(countOf(await bench('street_officer'), 'enterprise_links')).toBe(pending)
  const stale = data(await app.callAs<{ total: number }>('district_officer', 'district', 'listEnterprises', { staleOnly: true })).total
  expect(stale).toBeGreaterThan(0)
  expect(countOf(await bench('district_officer'), 'enterprises_stale')).toBe(stale)
})

test('report counts equal the totals of the queues they open', async () => {
  const grid = await bench('grid_worker')
  expect(countOf(grid, 'grid_overdue')).toBe(await queueTotal('grid_worker', { overdue: true }))
  expect(countOf(grid, 'grid_new')).toBe((await queueTotal('grid_worker', { state: 'submitted' })) + (await queueTotal('grid_worker', { state: 'reopened' })))
  const street = await bench('dispatcher')
  expect(countOf(street, 'street_to_dispatch')).toBe((await queueTotal('dispatcher', { state: 'accepted' })) + (await queueTotal('dispatcher', { state: 'returned' })))
  expect(countOf(street, 'street_overdue')).toBe(await queueTotal('dispatcher', { overdue: true }))
  const dept = await bench('department_handler')
  expect(countOf(dept, 'department_todo')).toBe(await queueTotal('department_handler', {}))
  expect(countOf(dept, 'department_overdue')).toBe(await queueTotal('department_handler', { overdue: true }))
  // The seed has work waiting for someone in every report queue.
  expect(grid.total + street.total + dept.total).toBeGreaterThan(0)
})

test('a new report raises the grid worker’s count; accepting it moves it to the dispatcher’s', async () => {
  const queue = data(await app.callAs<QueuePage>('grid_worker', 'reports', 'queue', { as: 'grid_worker', page: { limit: 1 } }))
  const at = queue.items[0]?.at
  expect(at).toBeDefined()
  const before = { grid: await bench('grid_worker'), street: await bench('dispatcher') }
  const key = `wb-${Date.now().toString(36)}`
  const report = data(
    await app.call<SubmitResult>(
      'reports',
      'submit',
      { idempotencyKey: key, categoryId: 'cat-ebike_parking', location: at, address: '星港街 1 号', description: '电动车堵住了盲道', photos: [`cloud://local-dev.bucket/reports/${key}/0.jpg`] },
      'wb-reporter',
    ),
  ).report
  const afterSubmit = await bench('grid_worker')
  expect(countOf(afterSubmit, 'grid_new')).toBe(countOf(before.grid, 'grid_new')! + 1)
  expect(afterSubmit.total).toBe(before.grid.total + 1)

  data(await app.callAs<ReportDetail>('grid_worker', 'reports', 'accept', { reportId: report.id }))
  expect(countOf(await bench('grid_worker'), 'grid_new')).toBe(countOf(before.grid, 'grid_new'))
  expect(countOf(await bench('dispatcher'), 'street_to_dispatch')).toBe(countOf(before.street, 'street_to_dispatch')! + 1)
})

test('a redemption collectable at the manager’s stations waits for them until it is handed out', async () => {
  const before = countOf(await bench('station_manager'), 'pickups_pending')!
  const r = data(await app.callAs<RedemptionView>('worker', 'passbook', 'redeem', { rewardId: 'reward-01', idempotencyKey: `wb-redeem-${Date.now().toString(36)}` }))
  const manager = data(await app.callAs<{ grants: Array<{ role: string; scopes: Array<{ id: string }> }> }>('station_manager', 'users', 'me', {}))
  const mine = manager.grants.find((g) => g.role === 'station_manager')!.scopes.map((s) => s.id)
  const collectableHere = r.stations.some((s) => mine.includes(s.id))
  expect(collectableHere).toBe(true)
  expect(countOf(await bench('station_manager'), 'pickups_pending')).toBe(before + 1)
  data(await app.callAs('station_manager', 'passbook', 'fulfil', { code: r.pickupCode, stationId: r.stations.find((s) => mine.includes(s.id))!.id, idempotencyKey: `wb-scan-${Date.now().toString(36)}` }))
  expect(countOf(await bench('station_manager'), 'pickups_pending')).toBe(before)
})
