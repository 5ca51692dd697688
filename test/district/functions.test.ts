/**
 * The district function through the emulator and the real wx-server-sdk: street scopes on every read
 * and write (娄葑's officer never sees or touches another street's records; the district officer reads
 * but does not edit), the append-only history (one entry per version, earlier entries never rewritten,
 * a stale or concurrent edit refused rather than overwriting), Party-member links confirmed by staff,
 * the ledger following the records, and the Excel exports read back with exceljs: the right rows,
 * nothing from another street, even past one database page.
 */
import ExcelJS from 'exceljs'
import { Collection } from '../../src/core/collections'
import type { DashboardView, EnterpriseDetail, EnterpriseView, ExportResult, LedgerView, MemberLinkView, MyDistrictScope, MyLink } from '../../src/district/contract'
import { chinaDateKey } from '../../src/core/time'
import { percentText } from '../../src/district/dashboard'
import type { EnterpriseDoc, EnterpriseHistoryDoc } from '../../src/district/model'
import { grantDocId } from '../../src/users/model'
import { code, data, readAll } from '../passbook/support'
import { startProject, type Project } from '../support/project'

jest.setTimeout(180_000)

let app: Project
const LF = 'street-lf'
const HJ = 'street-hj-xc'
const HJ_OFFICER = 'o-district-hj-officer'
const input = (over: Record<string, unknown> = {}) => ({ name: '京东物流娄葑营业部', kind: 'courier_depot', brand: '京东', address: '娄葑街道星港街 200 号', workers: 40, unionMembers: 10, orgStatus: 'none', ...over })

async function historyOf(enterpriseId: string): Promise<EnterpriseHistoryDoc[]> {
  return (await readAll<EnterpriseHistoryDoc>(app.db, Collection.enterpriseHistory, { enterpriseId })).sort((a, b) => a.version - b.version)
}

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['district'] })
  // A second street's officer (新城街道, 惠济区), granted as an admin would.
  const userId = app.userIdOf(HJ_OFFICER)
  await app.db.collection(Collection.roleGrants).doc(grantDocId(userId, 'street_officer')).set({
    data: { userId, role: 'street_officer', scopes: [{ kind: 'street', id: HJ, name: '新城街道' }], scopeIds: [HJ], grantedBy: 'test', grantedAt: new Date(), updatedAt: new Date() },
  })
})
afterAll(async () => {
  await app?.close()
})

describe('scopes', () => {
  test('each role sees its own streets; riders see nothing', async () => {
    expect(data(await app.callAs<MyDistrictScope>('street_officer', 'district', 'myScope'))).toEqual({ streets: [{ street: LF, streetName: '娄葑街道', district: '苏州工业园区' }], canEdit: true })
    expect(data(await app.callAs<MyDistrictScope>('district_officer', 'district', 'myScope'))).toEqual({ streets: [{ street: LF, streetName: '娄葑街道', district: '苏州工业园区' }], canEdit: false })
    expect(data(await app.call<MyDistrictScope>('district', 'myScope', {}, HJ_OFFICER)).streets.map((s) => s.street)).toEqual([HJ])
    expect(data(await app.callAs<MyDistrictScope>('admin', 'district', 'myScope')).streets.length).toBeGreaterThan(10)
    for (const role of ['worker', 'party_member', 'dispatcher'] as const) expect(code(await app.callAs(role, 'district', 'listEnterprises', {}))).toBe('FORBIDDEN')
  })

  test("a street officer creates, lists and reads only their street's records", async () => {
    const mine = data(await app.callAs<EnterpriseView>('street_officer', 'district', 'createEnterprise', { street: LF, ...input() }))
    expect(mine).toMatchObject({ street: LF, streetName: '娄葑街道', version: 1, workers: 40, partyMembersConfirmed: 0, stale: false })
    expect(code(await app.callAs('street_officer', 'district', 'createEnterprise', { street: HJ, ...input() }))).toBe('FORBIDDEN')
    expect(code(await app.callAs('district_officer', 'district', 'createEnterprise', { street: LF, ...input() }))).toBe('FORBIDDEN')
    const theirs = data(await app.call<EnterpriseView>('district', 'createEnterprise', { street: HJ, ...input({ name: '惠济美团新城站', address: '新城街道天河路 1 号' }) }, HJ_OFFICER))

    const list = data(await app.callAs<{ items: EnterpriseView[]; total: number }>('street_officer', 'district', 'listEnterprises', { page: { limit: 50 } }))
    const lfInDb = await readAll<EnterpriseDoc>(app.db, Collection.enterprises, { street: LF })
    expect(list.total).toBe(lfInDb.length)
    expect(list.items.map((e) => e.enterpriseId).sort()).toEqual(lfInDb.map((e) => e._id).sort())
    expect(list.items.every((e) => e.street === LF)).toBe(true)
    expect(code(await app.callAs('street_officer', 'district', 'listEnterprises', { street: HJ }))).toBe('FORBIDDEN')
    // Another street's record does not exist as far as this officer can tell, for reading and for writing.
    expect(code(await app.callAs('street_officer', 'district', 'enterprise', { enterpriseId: theirs.enterpriseId }))).toBe('NOT_FOUND')
    expect(code(await app.callAs('street_officer', 'district', 'updateEnterprise', { enterpriseId: theirs.enterpriseId, version: 1, patch: { workers: 1 } }))).toBe('NOT_FOUND')
    expect((await app.db.collection(Collection.enterprises).doc(theirs.enterpriseId).get()).data).toMatchObject({ workers: 40, version: 1 })
    expect(await historyOf(theirs.enterpriseId)).toHaveLength(1)
    // The district officer reads 娄葑 but not 新城.
    expect(data(await app.callAs<EnterpriseDetail>('district_officer', 'district', 'enterprise', { enterpriseId: mine.enterpriseId })).canEdit).toBe(false)
    expect(code(await app.callAs('district_officer', 'district', 'enterprise', { enterpriseId: theirs.enterpriseId }))).toBe('NOT_FOUND')
  })

  test('bad input changes nothing: unknown station, instructor missing, a refused word', async () => {
    const before = (await readAll(app.db, Collection.enterprises)).length
    const bad = await app.callAs('street_officer', 'district', 'createEnterprise', { street: LF, ...input({ name: '未登记网点甲', stationIds: ['st-nope'] }) })
    expect(bad.ok ? '' : `${bad.error.code}:${bad.error.field}`).toBe('NOT_FOUND:stationIds')
    const noInstructor = await app.callAs('street_officer', 'district', 'createEnterprise', { street: LF, ...input({ name: '未登记网点乙', orgStatus: 'instructor_assigned' }) })
    expect(noInstructor.ok ? '' : `${noInstructor.error.code}:${noInstructor.error.field}`).toBe('INVALID_ARGUMENT:instructor')
    const refused = await app.callAs('street_officer', 'district', 'createEnterprise', { street: LF, ...input({ name: '加微信领红包配送站' }) })
    expect(refused.ok ? '' : `${refused.error.code}:${refused.error.field}`).toBe('CONTENT_REJECTED:name')
    expect(code(await app.callAs('street_officer', 'district', 'createEnterprise', { street: LF, ...input({ name: '未登记网点丙', workers: -1 }) }))).toBe('INVALID_ARGUMENT')
    const twin = await app.callAs('street_officer', 'district', 'createEnterprise', { street: LF, ...input({ name: '美团外卖娄葑配送站' }) })
    expect(twin.ok ? '' : `${twin.error.code}:${twin.error.field}`).toBe('CONFLICT:name')
    expect((await readAll(app.db, Collection.enterprises)).length).toBe(before)
  })
})

describe('history', () => {
  test('a seeded record, its location read back as a geo point, is edited like a new one (was INTERNAL)', async () => {
    const seeded = data(await app.callAs<{ enterprise: EnterpriseView }>('street_officer', 'district', 'enterprise', { enterpriseId: 'ent-lf-004' })).enterprise
    const edited = data(await app.callAs<EnterpriseView>('street_officer', 'district', 'updateEnterprise', { enterpriseId: 'ent-lf-004', version: seeded.version, patch: { workers: seeded.workers + 1 }, note: '季度人数核对' }))
    expect(edited).toMatchObject({ version: seeded.version + 1, workers: seeded.workers + 1, location: seeded.location })
  })

  test('every change is a new version with its entry; earlier entries stay as written; a stale edit is refused', async () => {
    const created = data(await app.callAs<EnterpriseView>('street_officer', 'district', 'createEnterprise', { street: LF, ...input({ name: '闪送娄葑服务点', kind: 'other' }) }))
    const [first] = await historyOf(created.enterpriseId)
    const edited = data(await app.callAs<EnterpriseView>('street_officer', 'district', 'updateEnterprise', { enterpriseId: created.enterpriseId, version: 1, patch: { workers: 55, orgStatus: 'instructor_assigned', instructor: '王芳' }, note: '指导员到岗' }))
    expect(edited).toMatchObject({ version: 2, workers: 55, orgStatus: 'instructor_assigned', instructor: '王芳' })
    // The editor who loaded version 1 cannot overwrite version 2 without seeing it.
    const stale = await app.callAs('street_officer', 'district', 'updateEnterprise', { enterpriseId: created.enterpriseId, version: 1, patch: { workers: 1 } })
    expect(code(stale)).toBe('CONFLICT')
    expect(code(await app.callAs('district_officer', 'district', 'updateEnterprise', { enterpriseId: created.enterpriseId, version: 2, patch: { workers: 1 } }))).toBe('FORBIDDEN')
    data(await app.callAs('street_officer', 'district', 'verifyEnterprise', { enterpriseId: created.enterpriseId, version: 2 }))

    const entries = await historyOf(created.enterpriseId)
    expect(entries.map((h) => [h._id, h.version, h.action])).toEqual([
      [`${created.enterpriseId}:000001`, 1, 'create'],
      [`${created.enterpriseId}:000002`, 2, 'update'],
      [`${created.enterpriseId}:000003`, 3, 'verify'],
    ])
    expect(entries[0]).toEqual(first)
    expect(entries[1]).toMatchObject({ note: '指导员到岗', actorName: '娄葑街道党建干事沈洁' })
    expect(entries[1].changes.filter((c) => c.field !== 'verifiedAt')).toEqual([
      { field: 'workers', before: 40, after: 55 },
      { field: 'orgStatus', before: 'none', after: 'instructor_assigned' },
      { field: 'instructor', before: '', after: '王芳' },
    ])
    const stored = (await app.db.collection(Collection.enterprises).doc(created.enterpriseId).get()).data
    expect(stored).toMatchObject({ version: 3, workers: 55 })
    const detail = data(await app.callAs<EnterpriseDetail>('district_officer', 'district', 'enterprise', { enterpriseId: created.enterpriseId }))
    expect(detail.history.map((h) => h.version)).toEqual([3, 2, 1])
  })

  test('two officers saving at the same moment: one wins, the other is told, one entry per version', async () => {
    const created = data(await app.callAs<EnterpriseView>('street_officer', 'district', 'createEnterprise', { street: LF, ...input({ name: '达达快送娄葑站', kind: 'franchise_site' }) }))
    const results = await Promise.all([
      app.callAs<EnterpriseView>('street_officer', 'district', 'updateEnterprise', { enterpriseId: created.enterpriseId, version: 1, patch: { workers: 70 } }),
      app.callAs<EnterpriseView>('admin', 'district', 'updateEnterprise', { enterpriseId: created.enterpriseId, version: 1, patch: { workers: 80 } }),
    ])
    expect(results.map(code).sort()).toEqual(['CONFLICT', 'OK'])
    const winner = results.find((r) => r.ok)
    const stored = (await app.db.collection(Collection.enterprises).doc(created.enterpriseId).get()).data
    const entries = await historyOf(created.enterpriseId)
    expect(entries.map((h) => h.version)).toEqual([1, 2])
    expect(stored.workers).toBe(winner && winner.ok ? winner.data.workers : -1)
    expect(entries[1].changes.find((c) => c.field === 'workers')?.after).toBe(stored.workers)
  })
})

describe('Party-member links and the ledger', () => {
  test('a member claims, the street confirms, and the figures follow', async () => {
    const ledgerOf = async () => data(await app.callAs<LedgerView>('street_officer', 'district', 'ledger', {})).total
    const before = await ledgerOf()
    // The seeded dev Party member (approved registration) has claimed 美团 and waits.
    const mine = data(await app.callAs<MyLink>('party_member', 'district', 'myLink'))
    expect(mine).toMatchObject({ approved: true, link: { enterpriseId: 'ent-lf-001', status: 'claimed', organisation: '娄葑街道新业态联合党支部' } })
    // A rider without an approved registration cannot claim.
    expect(code(await app.callAs('worker', 'district', 'claimEnterprise', { enterpriseId: 'ent-lf-002' }))).toBe('FORBIDDEN')
    // Another street's officer cannot decide it; the district officer only reads.
    expect(code(await app.call('district', 'decideLink', { userId: app.userIdOf('dev-party-member'), decision: 'confirm' }, HJ_OFFICER))).toBe('FORBIDDEN')
    expect(code(await app.callAs('district_officer', 'district', 'decideLink', { userId: app.userIdOf('dev-party-member'), decision: 'confirm' }))).toBe('FORBIDDEN')
    const pending = data(await app.callAs<{ items: MemberLinkView[] }>('street_officer', 'district', 'pendingLinks', {}))
    expect(pending.items.map((l) => l.userId)).toContain(app.userIdOf('dev-party-member'))
    expect(data(await app.call<{ items: MemberLinkView[] }>('district', 'pendingLinks', {}, HJ_OFFICER)).items).toEqual([])

    // He reported at a 娄葑 point yesterday (arranged: the seeded report is dated by the seed's clock).
    await app.db.collection(Collection.checkins).add({ data: { userId: app.userIdOf('dev-party-member'), stationId: 'rp-lf-001', purpose: 'party_report', at: new Date(Date.now() - 86_400_000), district: '苏州工业园区', day: 'test' } })
    const decided = data(await app.callAs<MemberLinkView>('street_officer', 'district', 'decideLink', { userId: app.userIdOf('dev-party-member'), decision: 'confirm' }))
    expect(decided.status).toBe('confirmed')
    expect(code(await app.callAs('street_officer', 'district', 'decideLink', { userId: app.userIdOf('dev-party-member'), decision: 'confirm' }))).toBe('CONFLICT')
    const ent = (await app.db.collection(Collection.enterprises).doc('ent-lf-001').get()).data as EnterpriseDoc
    expect(ent.partyMembersConfirmed).toBe(1)
    expect((await historyOf('ent-lf-001')).pop()).toMatchObject({ version: ent.version, action: 'link_confirmed', changes: [{ field: 'partyMembersConfirmed', before: 0, after: 1 }] })

    const after = await ledgerOf()
    expect(after.partyRegistered).toBe(before.partyRegistered)
    expect(after.partyConfirmed).toBe(before.partyConfirmed + 1)
    expect(after.partyReporting).toBe(before.partyReporting + 1)
    // The ledger counts exactly 娄葑's records.
    const lfInDb = await readAll<EnterpriseDoc>(app.db, Collection.enterprises, { street: LF })
    expect(after.enterprises).toBe(lfInDb.length)
    expect(after.workers).toBe(lfInDb.reduce((n, e) => n + e.workers, 0))
    expect(code(await app.callAs('street_officer', 'district', 'ledger', { street: HJ }))).toBe('FORBIDDEN')
  })

  test('a member who left: the link ends with its reason, the count drops, both on record', async () => {
    const member = 'o-district-member-leaves'
    const userId = app.userIdOf(member)
    await app.db.collection(Collection.partyApplications).doc(userId).set({ data: { userId, organisation: '娄葑街道新业态联合党支部', contact: '13800000000', status: 'approved', appliedAt: new Date(), attempts: 1 } })
    expect(data(await app.call<MyLink>('district', 'claimEnterprise', { enterpriseId: 'ent-lf-002' }, member)).link?.status).toBe('claimed')
    expect(code(await app.callAs('street_officer', 'district', 'endLink', { userId, reason: '已离职' }))).toBe('CONFLICT')
    data(await app.callAs('street_officer', 'district', 'decideLink', { userId, decision: 'confirm' }))
    const before = (await app.db.collection(Collection.enterprises).doc('ent-lf-002').get()).data as EnterpriseDoc
    expect(code(await app.call('district', 'endLink', { userId, reason: '已离职' }, HJ_OFFICER))).toBe('FORBIDDEN')
    expect(data(await app.callAs<MemberLinkView>('street_officer', 'district', 'endLink', { userId, reason: '已离职，转到别的城市' }))).toMatchObject({ status: 'ended', reason: '已离职，转到别的城市' })
    const after = (await app.db.collection(Collection.enterprises).doc('ent-lf-002').get()).data as EnterpriseDoc
    expect(after).toMatchObject({ partyMembersConfirmed: before.partyMembersConfirmed - 1, version: before.version + 1 })
    expect((await historyOf('ent-lf-002')).pop()).toMatchObject({ action: 'link_removed', changes: [{ field: 'partyMembersConfirmed', before: before.partyMembersConfirmed, after: before.partyMembersConfirmed - 1 }] })
    // The member sees why, and may register at another enterprise.
    expect(data(await app.call<MyLink>('district', 'myLink', {}, member)).link).toMatchObject({ status: 'ended', reason: '已离职，转到别的城市' })
    expect(data(await app.call<MyLink>('district', 'claimEnterprise', { enterpriseId: 'ent-lf-003' }, member)).link).toMatchObject({ status: 'claimed', enterpriseId: 'ent-lf-003' })
  })
})

async function readBack(res: ExportResult): Promise<{ title: string; headers: string[]; rows: Array<Record<string, unknown>> }> {
  const bytes = Buffer.from(await (await fetch(res.url)).arrayBuffer())
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]
  const values = (r: number) => (ws.getRow(r).values as unknown[]).slice(1)
  const headers = values(2).map(String)
  const rows: Array<Record<string, unknown>> = []
  for (let r = 3; r <= ws.rowCount; r++) rows.push(Object.fromEntries(values(r).map((v, i) => [headers[i], v])))
  return { title: String(ws.getRow(1).getCell(1).value), headers, rows }
}

describe('Excel exports', () => {
  test("the registry file holds the street's records, page after page, and nothing of another street", async () => {
    // More records than one database page (100), arranged directly.
    const bulk = Array.from({ length: 130 }, (_, i) => ({
      _id: `ent-bulk-${String(i).padStart(3, '0')}`,
      street: LF,
      streetName: '娄葑街道',
      district: '苏州工业园区',
      name: `批量测试网点${String(i).padStart(3, '0')}`,
      kind: 'courier_depot',
      brand: '',
      address: '娄葑街道',
      contactName: '',
      contactPhone: '',
      workers: 1,
      workersReportedOn: '2026-01-01',
      unionMembers: 0,
      orgStatus: 'none',
      instructor: '',
      stationIds: [],
      partyMembersConfirmed: 0,
      verifiedAt: new Date(),
      version: 1,
      createdAt: new Date(),
      createdBy: 'test',
      updatedAt: new Date(),
      updatedBy: 'test',
    }))
    for (let i = 0; i < bulk.length; i += 20) await Promise.all(bulk.slice(i, i + 20).map(({ _id, ...doc }) => app.db.collection(Collection.enterprises).doc(_id).set({ data: doc })))

    const res = data(await app.callAs<ExportResult>('street_officer', 'district', 'exportRegistry', {}))
    const lfInDb = await readAll<EnterpriseDoc>(app.db, Collection.enterprises, { street: LF })
    expect(lfInDb.length).toBeGreaterThan(130)
    expect(res.rows).toBe(lfInDb.length)
    expect(res.fileId).toContain('exports/district/')
    const file = await readBack(res)
    expect(file.title).toMatch(/^新就业形态企业一企一档（苏州工业园区娄葑街道）· 截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/)
    expect(file.headers.slice(0, 4)).toEqual(['序号', '街道', '企业（站点）名称', '类型'])
    expect(file.rows).toHaveLength(lfInDb.length)
    expect(file.rows.map((r) => r['档案编号']).sort()).toEqual(lfInDb.map((e) => e._id).sort())
    expect(new Set(file.rows.map((r) => r['街道']))).toEqual(new Set(['娄葑街道']))
    expect(file.rows.map((r) => r['企业（站点）名称'])).not.toContain('惠济美团新城站')
    const meituan = file.rows.find((r) => r['档案编号'] === 'ent-lf-001')
    expect(meituan).toMatchObject({ '企业（站点）名称': '美团外卖娄葑配送站', 类型: '加盟配送站点', 党组织覆盖方式: '行业联合组建党组织', 党建指导员: '王芳', 已确认党员数: 1 })

    // 新城's officer gets 新城's file; a rider gets nothing.
    const hj = await readBack(data(await app.call<ExportResult>('district', 'exportRegistry', {}, HJ_OFFICER)))
    expect(hj.rows.map((r) => r['企业（站点）名称'])).toEqual(['惠济美团新城站'])
    expect(code(await app.callAs('street_officer', 'district', 'exportRegistry', { street: HJ }))).toBe('FORBIDDEN')
    expect(code(await app.callAs('worker', 'district', 'exportRegistry', {}))).toBe('FORBIDDEN')
  })

  test('the ledger file: one row per street in view and the total, equal to the ledger action', async () => {
    const ledger = data(await app.callAs<LedgerView>('district_officer', 'district', 'ledger', {}))
    const file = await readBack(data(await app.callAs<ExportResult>('district_officer', 'district', 'exportLedger', {})))
    expect(file.title).toContain('"五个清"台账（苏州工业园区娄葑街道）')
    expect(file.rows.map((r) => r['街道'])).toEqual(['娄葑街道', '合计'])
    expect(file.rows[1]).toMatchObject({ 企业数: ledger.total.enterprises, 从业人员: ledger.total.workers, 确认党员: ledger.total.partyConfirmed, 到点报到党员: ledger.total.partyReporting, 党建指导员: ledger.total.instructors })
    // The admin's ledger for 新城 alone counts the one record there.
    const hj = await readBack(data(await app.callAs<ExportResult>('admin', 'district', 'exportLedger', { street: HJ })))
    expect(hj.rows[0]).toMatchObject({ 街道: '新城街道', 企业数: 1, 从业人员: 40 })
  })
})

describe('dashboard', () => {
  // The seed's reports and check-ins fall in the 30 days before SEED_NOW (2025-06-02 China).
  const period = { street: LF, from: '2025-05-03', to: '2025-06-01' }

  test('precomputed days equal a live recomputation of the same period, and are what is read', async () => {
    const first = data(await app.callAs<DashboardView>('street_officer', 'district', 'dashboard', period))
    expect(first).toMatchObject({ from: '2025-05-03', to: '2025-06-01', previousFrom: '2025-04-03', previousTo: '2025-05-02', storedDays: 0, liveDays: 60 })
    expect(first.days).toHaveLength(30)
    // The seed has 娄葑 activity in the period.
    expect(first.current.received + first.current.visits).toBeGreaterThan(0)
    const stats = await readAll<{ _id: string; street: string }>(app.db, Collection.districtStats, { street: LF })
    expect(stats.length).toBeGreaterThanOrEqual(60)

    const again = data(await app.callAs<DashboardView>('street_officer', 'district', 'dashboard', period))
    const live = data(await app.callAs<DashboardView>('street_officer', 'district', 'dashboard', { ...period, live: true }))
    expect(again).toMatchObject({ storedDays: 60, liveDays: 0 })
    expect(live).toMatchObject({ storedDays: 0, liveDays: 60 })
    expect({ current: again.current, previous: again.previous, days: again.days, points: again.points }).toEqual({ current: live.current, previous: live.previous, days: live.days, points: live.points })
    expect(again.current).toEqual(first.current)
    // Hand check of one figure against the source: 娄葑 reports created in the period.
    const reports = await readAll<{ street: string; createdAt: Date }>(app.db, Collection.reports, { street: LF })
    const inPeriod = reports.filter((r) => chinaDateKey(new Date(r.createdAt)) >= period.from && chinaDateKey(new Date(r.createdAt)) <= period.to)
    expect(live.current.received).toBe(inPeriod.length)

    // The stored day is what the precomputed path reads (changed directly here; live recomputes the truth).
    const day = first.days.find((d) => d.received > 0) ?? first.days[0]
    await app.db.collection(Collection.districtStats).doc(`${LF}:${day.day}`).update({ data: { received: day.received + 100 } })
    expect(data(await app.callAs<DashboardView>('street_officer', 'district', 'dashboard', period)).current.received).toBe(live.current.received + 100)
    expect(data(await app.callAs<DashboardView>('street_officer', 'district', 'dashboard', { ...period, live: true })).current.received).toBe(live.current.received)
  })

  test('each new figure equals a count by hand from its source collection; the figures of right now', async () => {
    const live = data(await app.callAs<DashboardView>('street_officer', 'district', 'dashboard', { ...period, live: true }))
    const inPeriod = (t: unknown) => !!t && chinaDateKey(new Date(t as Date)) >= period.from && chinaDateKey(new Date(t as Date)) <= period.to
    type R = { createdAt: Date; acceptedAt?: Date; resolvedAt?: Date; closedAt?: Date; dueAt?: Date; rating?: number; state: string }
    const reports = await readAll<R>(app.db, Collection.reports, { street: LF })
    // 三率 by hand: a response is due a day after receipt, a resolution at the SLA due time of an accepted report.
    const respondBy = (r: R) => new Date(new Date(r.createdAt).getTime() + 86_400_000)
    const responseDue = reports.filter((r) => inPeriod(respondBy(r)) && respondBy(r) <= new Date())
    const respondedInTime = responseDue.filter((r) => {
      const answered = r.acceptedAt ?? r.closedAt
      return answered && new Date(answered) <= respondBy(r)
    })
    const resolveDue = reports.filter((r) => r.acceptedAt && inPeriod(r.dueAt))
    const rated = reports.filter((r) => typeof r.rating === 'number' && inPeriod(r.closedAt))
    expect(live.current).toMatchObject({
      responseDue: responseDue.length,
      respondedInTime: respondedInTime.length,
      resolveDue: resolveDue.length,
      resolvedInTime: resolveDue.filter((r) => r.resolvedAt && new Date(r.resolvedAt) <= new Date(r.dueAt as Date)).length,
      rated: rated.length,
      satisfied: rated.filter((r) => (r.rating as number) >= 4).length,
    })
    const hours = reports.filter((r) => inPeriod(r.resolvedAt)).map((r) => (new Date(r.resolvedAt as Date).getTime() - new Date(r.createdAt).getTime()) / 3_600_000).sort((a, b) => a - b)
    expect(hours.length).toBeGreaterThan(0)
    expect(live.current.medianHoursToResolve).toBeCloseTo(hours.length % 2 ? hours[(hours.length - 1) / 2] : (hours[hours.length / 2 - 1] + hours[hours.length / 2]) / 2, 0)
    expect(live.current.rates.response).toBe(responseDue.length ? respondedInTime.length / responseDue.length : null)

    const wishes = await readAll<{ publishedAt?: Date; fulfilledAt?: Date; claim?: { claimedAt: Date } }>(app.db, Collection.wishes, { street: LF })
    const suggestions = await readAll<{ createdAt: Date; answeredAt?: Date; adoptedAt?: Date }>(app.db, Collection.suggestions, { street: LF })
    expect(live.current).toMatchObject({
      wishesPublished: wishes.filter((w) => inPeriod(w.publishedAt)).length,
      wishesClaimed: wishes.filter((w) => inPeriod(w.claim?.claimedAt)).length,
      wishesFulfilled: wishes.filter((w) => inPeriod(w.fulfilledAt)).length,
      suggestionsReceived: suggestions.filter((x) => inPeriod(x.createdAt)).length,
      suggestionsAnswered: suggestions.filter((x) => inPeriod(x.answeredAt)).length,
      suggestionsAdopted: suggestions.filter((x) => inPeriod(x.adoptedAt)).length,
    })

    const teams = await readAll<{ _id: string; memberCount: number }>(app.db, Collection.teams, { street: '娄葑街道' })
    const activities = (await readAll<{ _id: string; teamId: string; startAt: Date; state: string }>(app.db, Collection.activities, {})).filter((a) => teams.some((t) => t._id === a.teamId) && a.state !== 'cancelled' && inPeriod(a.startAt))
    const signups = (await readAll<{ activityId: string; attendance: string; hours?: number }>(app.db, Collection.activitySignups, {})).filter((x) => x.attendance === 'attended' && activities.some((a) => a._id === x.activityId))
    expect(live.current).toMatchObject({ activities: activities.length, attendances: signups.length })
    expect(live.current.certifiedHours).toBeCloseTo(signups.reduce((n, x) => n + (x.hours ?? 0), 0), 5)
    expect(live.now).toMatchObject({ teams: teams.length, members: teams.reduce((n, t) => n + t.memberCount, 0) })

    const stations = await readAll<{ _id: string; type: string }>(app.db, Collection.stations, { street: '娄葑街道' })
    expect(live.now.stations.station.total + live.now.stations.report_point.total).toBe(stations.length)
    // Check-ins by their instant (the read groups by the day key stored with each): visitors are distinct per day.
    const checkins = (await readAll<{ stationId: string; userId: string; purpose: string; at: Date }>(app.db, Collection.checkins, {})).filter((c) => stations.some((st) => st._id === c.stationId) && inPeriod(c.at))
    const visits = checkins.filter((c) => c.purpose === 'visit')
    expect(visits.length).toBeGreaterThan(0)
    expect(live.current).toMatchObject({
      visits: visits.length,
      visitors: new Set(visits.map((c) => `${chinaDateKey(new Date(c.at))}|${c.userId}`)).size,
      partyReports: checkins.filter((c) => c.purpose === 'party_report').length,
    })
    expect(live.now.stations.station.open).toBeLessThanOrEqual(live.now.stations.station.total)
    const open = reports.filter((r) => ['submitted', 'accepted', 'returned', 'reopened', 'dispatched', 'in_progress'].includes(r.state) && r.dueAt && new Date(r.dueAt) < new Date())
    expect(live.now.overdue).toBe(open.length)

    const ledger = await readAll<{ type: string; delta: number; createdAt: Date }>(app.db, Collection.ledger, {})
    const sum = (type: string) => ledger.filter((e) => e.type === type && inPeriod(e.createdAt)).reduce((n, e) => n + e.delta, 0)
    expect(live.points.current).toEqual({ issued: sum('earn'), redeemed: -sum('redeem'), reversed: sum('reverse') })
    // The seed makes this period worth checking: something in each family.
    expect([live.current.received, live.current.visits, live.current.activities + live.current.wishesPublished + live.current.suggestionsReceived, live.points.current.issued].every((n) => n > 0)).toBe(true)
  })

  test('the dashboard file: a row per day, the totals equal to the dashboard, only the streets in view', async () => {
    const board = data(await app.callAs<DashboardView>('street_officer', 'district', 'dashboard', period))
    const file = await readBack(data(await app.callAs<ExportResult>('street_officer', 'district', 'exportDashboard', period)))
    expect(file.title).toContain('新就业群体服务数据看板（苏州工业园区娄葑街道）')
    expect(file.title).toContain(`统计 ${period.from} 至 ${period.to}`)
    expect(file.rows.map((r) => r['日期'])).toEqual([...board.days.map((d) => d.day), '本期合计', '上期合计（2025-04-03 至 2025-05-02）'])
    const total = file.rows[board.days.length]
    expect(total).toMatchObject({ 随手拍收到: board.current.received, 驿站到访: board.current.visits, 志愿服务人次: board.current.attendances, 建议收到: board.current.suggestionsReceived, 响应率: percentText(board.current.rates.response) })
    expect(file.rows[0]).toMatchObject({ 随手拍收到: board.days[0].received, 驿站到访: board.days[0].visits })
    // The admin's file for 新城 alone holds 新城's figures, not 娄葑's.
    const hjBoard = data(await app.callAs<DashboardView>('admin', 'district', 'dashboard', { ...period, street: HJ }))
    const hj = await readBack(data(await app.callAs<ExportResult>('admin', 'district', 'exportDashboard', { ...period, street: HJ })))
    expect(hj.title).toContain('新城街道')
    expect(hj.rows[hjBoard.days.length]).toMatchObject({ 随手拍收到: hjBoard.current.received, 驿站到访: hjBoard.current.visits })
    expect(code(await app.callAs('street_officer', 'district', 'exportDashboard', { ...period, street: HJ }))).toBe('FORBIDDEN')
    expect(code(await app.callAs('street_officer', 'district', 'exportDashboard', { from: '2025-02-30', to: '2025-03-01' }))).toBe('INVALID_ARGUMENT')
    expect(code(await app.callAs('worker', 'district', 'exportDashboard', period))).toBe('FORBIDDEN')
  })

  test('the timer stores yesterday for every street, equal to its recomputation; scopes and bad periods refused', async () => {
    const res = await app.timer<{ streets: number; day: string }>('district', 'districtStats')
    const ran = data(res)
    expect(ran.day).toBe(chinaDateKey(new Date(Date.now() - 86_400_000)))
    const stored = (await app.db.collection(Collection.districtStats).doc(`${LF}:${ran.day}`).get()).data
    const live = data(await app.callAs<DashboardView>('street_officer', 'district', 'dashboard', { street: LF, from: ran.day, to: ran.day, live: true }))
    expect(stored).toMatchObject(live.days[0])
    const points = (await app.db.collection(Collection.districtStats).doc(`points:${ran.day}`).get()).data
    expect(points).toMatchObject(live.points.current)
    expect(code(await app.callAs('street_officer', 'district', 'dashboard', { street: HJ, from: ran.day, to: ran.day }))).toBe('FORBIDDEN')
    expect(code(await app.callAs('street_officer', 'district', 'dashboard', { from: '2025-01-01', to: '2025-06-01' }))).toBe('INVALID_ARGUMENT')
    expect(code(await app.callAs('street_officer', 'district', 'dashboard', { from: '2099-01-01', to: '2099-01-02' }))).toBe('INVALID_ARGUMENT')
    expect(code(await app.callAs('worker', 'district', 'dashboard', { from: ran.day, to: ran.day }))).toBe('FORBIDDEN')
  })
})
