/**
 * The 五个清 ledger on a hand-made fixture: two streets in view (one of them empty), enterprises of a
 * third street that must not count, member links in every state, and who reported at a point lately.
 * Every expected figure below was counted by hand from the fixture, not produced by the code under test.
 */
import { computeLedger, type LedgerEnterprise, type LedgerLink } from '../../src/district/ledger'
import { ledgerTable } from '../../src/district/sheets'

const NOW = new Date('2026-12-05T04:00:00.000Z')
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000)

const ent = (id: string, street: string, over: Partial<LedgerEnterprise>): LedgerEnterprise => ({
  _id: id,
  street,
  name: id,
  workers: 0,
  unionMembers: 0,
  orgStatus: 'none',
  instructor: '',
  stationIds: [],
  verifiedAt: daysAgo(1),
  ...over,
})

// Street A (娄葑): five enterprises.
const enterprises: LedgerEnterprise[] = [
  ent('a1', 'A', { name: '美团娄葑站', workers: 120, unionMembers: 80, orgStatus: 'formed_alone', instructor: '王芳', stationIds: ['st1', 'st2'] }),
  ent('a2', 'A', { name: '饿了么东区站', workers: 60, unionMembers: 20, orgStatus: 'instructor_assigned', instructor: '王芳', stationIds: ['st2'] }),
  ent('a3', 'A', { name: '顺丰葑谊网点', workers: 35, unionMembers: 35, orgStatus: 'none', verifiedAt: daysAgo(91) }),
  ent('a4', 'A', { name: '货拉拉车队', workers: 15, orgStatus: 'formed_jointly', instructor: ' 李强 ', verifiedAt: daysAgo(90) }),
  ent('a5', 'A', { name: '中通网点', workers: 8, orgStatus: 'none', verifiedAt: daysAgo(200) }),
  // Street C is not in view: none of this may count.
  ent('c1', 'C', { name: '别的街道', workers: 999, unionMembers: 999, orgStatus: 'helper_dispatched', instructor: '赵六', stationIds: ['st9'], verifiedAt: daysAgo(400) }),
]

const links: LedgerLink[] = [
  { userId: 'u1', enterpriseId: 'a1', status: 'confirmed' },
  { userId: 'u2', enterpriseId: 'a1', status: 'confirmed' },
  { userId: 'u3', enterpriseId: 'a1', status: 'claimed' },
  { userId: 'u4', enterpriseId: 'a3', status: 'claimed' },
  { userId: 'u5', enterpriseId: 'a5', status: 'rejected' },
  { userId: 'u7', enterpriseId: 'a5', status: 'ended' },
  { userId: 'u6', enterpriseId: 'a2', status: 'confirmed' },
  { userId: 'u9', enterpriseId: 'c1', status: 'confirmed' },
]
// u1 and u6 reported lately; u3 reported but is only claimed; u9 is in street C.
const reporting = new Set(['u1', 'u6', 'u3', 'u9'])

describe('computeLedger', () => {
  const ledger = computeLedger({ streets: [{ id: 'A', name: '娄葑街道' }, { id: 'B', name: '斜塘街道' }], enterprises, links, reportingUserIds: reporting, now: NOW })
  const [a, b] = ledger.rows

  test('street A equals the hand count', () => {
    expect(a).toMatchObject({
      street: 'A',
      streetName: '娄葑街道',
      enterprises: 5,
      workers: 120 + 60 + 35 + 15 + 8, // 238
      unionMembers: 80 + 20 + 35, // 135
      partyRegistered: 5, // u1 u2 u3 (a1), u4 (a3), u6 (a2); u5 rejected, u7 ended
      partyConfirmed: 3, // u1 u2 u6
      partyReporting: 2, // u1 u6 (u3 is not confirmed)
      organisations: { formed_alone: 1, formed_jointly: 1, helper_dispatched: 0, instructor_assigned: 1, none: 2 },
      covered: 3,
      instructors: 2, // 王芳 (twice, counted once), 李强 (spaces trimmed)
      stations: 2, // st1, st2 (st2 twice)
    })
    expect(a.workers).toBe(238)
    // Exactly 90 days is not yet stale; 91 and 200 are.
    expect(a.stale.map((f) => f.enterpriseId)).toEqual(['a3', 'a5'])
    // a3 has a claimed member and no organisation; a5's links were rejected or ended.
    expect(a.membersWithoutOrg.map((f) => f.enterpriseId)).toEqual(['a3'])
  })

  test('a street with nothing registered still has its row of zeros', () => {
    expect(b).toMatchObject({ street: 'B', enterprises: 0, workers: 0, partyRegistered: 0, covered: 0, instructors: 0, stations: 0, stale: [], membersWithoutOrg: [] })
  })

  test('the total covers the streets in view only', () => {
    expect(ledger.total).toMatchObject({ streetName: '合计', enterprises: 5, workers: 238, unionMembers: 135, partyRegistered: 5, partyConfirmed: 3, partyReporting: 2, covered: 3, instructors: 2, stations: 2 })
    expect(JSON.stringify(ledger)).not.toContain('c1')
  })

  test('instructors are distinct across streets in the total, not summed', () => {
    const two = computeLedger({
      streets: [{ id: 'A', name: 'A' }, { id: 'C', name: 'C' }],
      enterprises: [ent('x', 'A', { orgStatus: 'instructor_assigned', instructor: '王芳' }), ent('y', 'C', { orgStatus: 'instructor_assigned', instructor: '王芳' })],
      links: [],
      reportingUserIds: new Set(),
      now: NOW,
    })
    expect(two.rows.map((r) => r.instructors)).toEqual([1, 1])
    expect(two.total.instructors).toBe(1)
  })

  test('the ledger sheet: one row per street plus the total, figures in header order', () => {
    const table = ledgerTable(ledger, '苏州工业园区全部 2 个街道', NOW)
    expect(table.title).toBe('新就业群体党建"五个清"台账（苏州工业园区全部 2 个街道）· 截至 2026-12-05 12:00（北京时间）')
    expect(table.rows).toHaveLength(3)
    const row = Object.fromEntries(table.columns.map((c, i) => [c.header, table.rows[0][i]]))
    expect(row).toMatchObject({ 街道: '娄葑街道', 企业数: 5, 从业人员: 238, 登记党员: 5, 确认党员: 3, 到点报到党员: 2, 尚未覆盖: 2, 党建指导员: 2, 超90天未核实: 2, 有党员未覆盖: 1 })
    expect(table.rows[2][0]).toBe('合计')
  })
})
