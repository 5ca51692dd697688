/**
 * District benchmark: the 五个清 ledger and the two Excel exports for a street with many registry records
 * and member links, through the function (paged reads of 100, exceljs loaded on first export). The floor
 * is the same route refused by the router's input check before any database work.
 *   npx tsx scripts/bench/district.bench.ts     (DISTRICT_BENCH_ENTERPRISES to scale)
 */
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { Collection } from '../../src/core/collections'
import { allOrgStatuses } from '../../src/district/vocabulary'
import { latencyRow, runStandalone, withFunctionEmulator, type LatencyRow } from './support'

const ENTERPRISES = Number(process.env.DISTRICT_BENCH_ENTERPRISES ?? 3000)
const STREET = 'street-bench'
const OFFICER = 'district-bench-officer'

export function run(): Promise<LatencyRow[]> {
  return withFunctionEmulator('district', { maxWorkersPerFunction: 2 }, async ({ emu, call, callOk }) => {
    const now = new Date()
    const officer = userIdFor(OFFICER)
    emu.db.insertMany(Collection.streets, [{ _id: STREET, name: '基准街道', district: '基准区', city: '', province: '', centre: { lng: 120.66, lat: 31.3 } }])
    emu.db.insertMany(Collection.roleGrants, [{ _id: `${officer}:street_officer`, userId: officer, role: 'street_officer', scopes: [{ kind: 'street', id: STREET }], scopeIds: [STREET], grantedBy: 'bench', grantedAt: now, updatedAt: now }])
    emu.db.insertMany(
      Collection.enterprises,
      Array.from({ length: ENTERPRISES }, (_, i) => ({
        _id: `ent-bench-${String(i).padStart(6, '0')}`,
        street: STREET,
        streetName: '基准街道',
        district: '基准区',
        name: `基准企业${i}`,
        kind: 'courier_depot',
        brand: '',
        address: '基准街道 1 号',
        contactName: '联系人',
        contactPhone: '0512-00000000',
        workers: 10 + (i % 90),
        workersReportedOn: '2026-01-01',
        unionMembers: i % 10,
        orgStatus: allOrgStatuses[i % allOrgStatuses.length],
        instructor: i % allOrgStatuses.length === 3 ? `指导员${i % 40}` : '',
        stationIds: [],
        partyMembersConfirmed: 0,
        verifiedAt: new Date(now.getTime() - (i % 200) * 86_400_000),
        version: 1,
        createdAt: now,
        createdBy: 'bench',
        updatedAt: now,
        updatedBy: 'bench',
      })),
    )
    // One member link per third enterprise, half of them confirmed.
    emu.db.insertMany(
      Collection.enterpriseLinks,
      Array.from({ length: Math.floor(ENTERPRISES / 3) }, (_, i) => ({ _id: `u-bench-${i}`, userId: `u-bench-${i}`, enterpriseId: `ent-bench-${String(i * 3).padStart(6, '0')}`, street: STREET, status: i % 2 ? 'claimed' : 'confirmed', claimedAt: now })),
    )

    const time = async (n: number, fn: () => Promise<unknown>) => {
      const started = process.hrtime.bigint()
      for (let i = 0; i < n; i++) await fn()
      return Number(process.hrtime.bigint() - started) / 1e6 / n
    }
    const floorMs = await time(20, () => call(OFFICER, 'ledger', { street: 42 }))
    const rows: LatencyRow[] = []
    const ledger = await callOk<{ total: { enterprises: number } }>(OFFICER, 'ledger', {})
    rows.push(latencyRow(`ledger (${ENTERPRISES} enterprises)`, 5, await time(5, () => callOk(OFFICER, 'ledger', {})), ledger.total.enterprises, floorMs, 'refused call'))
    const first = process.hrtime.bigint()
    const exported = await callOk<{ rows: number }>(OFFICER, 'exportRegistry', {})
    rows.push(latencyRow('exportRegistry, first (loads exceljs)', 1, Number(process.hrtime.bigint() - first) / 1e6, exported.rows, floorMs, 'refused call'))
    rows.push(latencyRow('exportRegistry, warm', 3, await time(3, () => callOk(OFFICER, 'exportRegistry', {})), exported.rows, floorMs, 'refused call'))
    rows.push(latencyRow('exportLedger, warm', 3, await time(3, () => callOk(OFFICER, 'exportLedger', {})), 2, floorMs, 'refused call'))
    return rows
  })
}

if (require.main === module) runStandalone(run, `District (${ENTERPRISES} enterprises in one street)`)
