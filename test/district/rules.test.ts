/**
 * 一企一档 rules: a new record's first history entry lists what was entered; an edit lists exactly the
 * fields that changed (before → after) and bumps the version; an edit that changes nothing is refused;
 * the organisation/instructor invariant; member claims and staff decisions.
 */
import { AppError } from '../../src/core/errors'
import type { EnterpriseDoc, EnterpriseLinkDoc } from '../../src/district/model'
import { claimEnterprise, countConfirmedMember, decideLink, editEnterprise, endLink, historyId, newEnterprise, verifyEnterprise } from '../../src/district/rules'
import { registryTable } from '../../src/district/sheets'

const NOW = new Date('2026-12-05T04:00:00.000Z')
const LATER = new Date('2026-12-06T04:00:00.000Z')
const actor = { id: 'u-officer', name: '街道干事小周' }
const street = { id: 'street-lf', name: '娄葑街道', district: '苏州工业园区' }

function codeOf(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    return err instanceof AppError ? `${err.code}:${err.field ?? ''}` : 'other'
  }
  return 'none'
}

function created(): EnterpriseDoc {
  return newEnterprise('ent-1', { name: '美团娄葑站', kind: 'franchise_site', brand: '美团', address: '娄葑街道葑谊路 18 号', workers: 120, orgStatus: 'none' }, street, actor, NOW).doc
}

describe('new records', () => {
  test('version 1 with a create entry listing the entered fields', () => {
    const { doc, history } = newEnterprise('ent-1', { name: '美团娄葑站', kind: 'franchise_site', address: '娄葑街道葑谊路 18 号', workers: 120, orgStatus: 'instructor_assigned', instructor: '王芳', location: { lng: 120.66, lat: 31.3 } }, street, actor, NOW)
    expect(doc).toMatchObject({ version: 1, street: 'street-lf', streetName: '娄葑街道', workersReportedOn: '2026-12-05', partyMembersConfirmed: 0, verifiedAt: NOW, createdBy: 'u-officer' })
    expect(doc.location).toEqual({ type: 'Point', coordinates: [120.66, 31.3] })
    expect(history).toMatchObject({ _id: 'ent-1:000001', version: 1, action: 'create', actorName: '街道干事小周', at: NOW })
    const fields = history.changes.map((c) => c.field)
    expect(fields).toEqual(expect.arrayContaining(['name', 'kind', 'address', 'workers', 'orgStatus', 'instructor', 'location', 'verifiedAt']))
    expect(fields).not.toContain('brand') // empty: nothing was entered
    expect(history.changes.every((c) => c.before === null)).toBe(true)
  })

  test('an instructor is required for instructor_assigned and refused with none', () => {
    const base = { name: '顺丰网点', kind: 'courier_depot' as const, address: '娄葑街道 1 号', workers: 10 }
    expect(codeOf(() => newEnterprise('e', { ...base, orgStatus: 'instructor_assigned' }, street, actor, NOW))).toBe('INVALID_ARGUMENT:instructor')
    expect(codeOf(() => newEnterprise('e', { ...base, orgStatus: 'none', instructor: '李强' }, street, actor, NOW))).toBe('INVALID_ARGUMENT:orgStatus')
    expect(codeOf(() => newEnterprise('e', { ...base, orgStatus: 'none', unionMembers: 11 }, street, actor, NOW))).toBe('INVALID_ARGUMENT:unionMembers')
    expect(codeOf(() => newEnterprise('e', { ...base, orgStatus: 'none', workersReportedOn: '2026-12-06' }, street, actor, NOW))).toBe('INVALID_ARGUMENT:workersReportedOn')
  })
})

describe('edits', () => {
  test('only the changed fields are recorded, before → after, and the version moves by one', () => {
    const before = created()
    const { doc, history } = editEnterprise(before, { workers: 130, orgStatus: 'instructor_assigned', instructor: '王芳', name: '美团娄葑站' }, actor, LATER, '季度核对')
    expect(doc).toMatchObject({ version: 2, workers: 130, workersReportedOn: '2026-12-06', verifiedAt: LATER, createdAt: NOW, updatedAt: LATER })
    expect(history._id).toBe(historyId('ent-1', 2))
    expect(history).toMatchObject({ action: 'update', note: '季度核对', version: 2 })
    expect(history.changes).toEqual([
      { field: 'workers', before: 120, after: 130 },
      { field: 'workersReportedOn', before: '2026-12-05', after: '2026-12-06' },
      { field: 'orgStatus', before: 'none', after: 'instructor_assigned' },
      { field: 'instructor', before: '', after: '王芳' },
      { field: 'verifiedAt', before: NOW.toISOString(), after: LATER.toISOString() },
    ])
    // The input record is untouched (the function writes the new version; nothing is edited in place).
    expect(before).toMatchObject({ version: 1, workers: 120, orgStatus: 'none' })
  })

  test('an edit that changes nothing is refused; verifying is its own entry', () => {
    const before = created()
    expect(codeOf(() => editEnterprise(before, { name: '美团娄葑站', workers: 120 }, actor, LATER))).toBe('INVALID_ARGUMENT:patch')
    const { doc, history } = verifyEnterprise(before, actor, LATER)
    expect(doc).toMatchObject({ version: 2, verifiedAt: LATER, workers: 120 })
    expect(history).toMatchObject({ action: 'verify', changes: [{ field: 'verifiedAt', before: NOW.toISOString(), after: LATER.toISOString() }] })
  })

  test('removing the instructor while the status still says assigned is refused', () => {
    const withInstructor = editEnterprise(created(), { orgStatus: 'instructor_assigned', instructor: '王芳' }, actor, LATER).doc
    expect(codeOf(() => editEnterprise(withInstructor, { instructor: '' }, actor, LATER))).toBe('INVALID_ARGUMENT:instructor')
  })
})

describe('member links', () => {
  const enterprise = { _id: 'ent-1', street: 'street-lf' }

  test('a claim needs an approved registration and cannot move a confirmed link', () => {
    expect(codeOf(() => claimEnterprise(null, { userId: 'u1', enterprise, approved: false }, NOW))).toBe('FORBIDDEN:')
    const claim = claimEnterprise(null, { userId: 'u1', enterprise, approved: true }, NOW)
    expect(claim).toEqual({ _id: 'u1', userId: 'u1', enterpriseId: 'ent-1', street: 'street-lf', status: 'claimed', claimedAt: NOW })
    const confirmed: EnterpriseLinkDoc = { ...claim, status: 'confirmed' }
    expect(codeOf(() => claimEnterprise(confirmed, { userId: 'u1', enterprise, approved: true }, NOW))).toBe('CONFLICT:')
    expect(codeOf(() => claimEnterprise(confirmed, { userId: 'u1', enterprise: { _id: 'ent-2', street: 'street-lf' }, approved: true }, NOW))).toBe('CONFLICT:')
    // After a rejection the member may claim again (e.g. the right enterprise this time).
    expect(claimEnterprise({ ...claim, status: 'rejected' }, { userId: 'u1', enterprise: { _id: 'ent-2', street: 'street-lf' }, approved: true }, LATER).enterpriseId).toBe('ent-2')
  })

  test('staff decide once; a rejection needs a reason; nobody confirms themselves', () => {
    const claim = claimEnterprise(null, { userId: 'u1', enterprise, approved: true }, NOW)
    expect(decideLink(claim, 'confirm', 'u-officer', LATER)).toMatchObject({ status: 'confirmed', decidedBy: 'u-officer', decidedAt: LATER })
    expect(codeOf(() => decideLink(claim, 'reject', 'u-officer', LATER, ' '))).toBe('INVALID_ARGUMENT:reason')
    expect(codeOf(() => decideLink(claim, 'confirm', 'u1', LATER))).toBe('FORBIDDEN:')
    expect(codeOf(() => decideLink({ ...claim, status: 'confirmed' }, 'confirm', 'u-officer', LATER))).toBe('CONFLICT:')
  })

  test('only a confirmed link ends, with a reason; the member may then claim elsewhere', () => {
    const claim = claimEnterprise(null, { userId: 'u1', enterprise, approved: true }, NOW)
    expect(codeOf(() => endLink(claim, 'u-officer', LATER, '已离职'))).toBe('CONFLICT:')
    const confirmed = decideLink(claim, 'confirm', 'u-officer', LATER)
    expect(codeOf(() => endLink(confirmed, 'u-officer', LATER, ' '))).toBe('INVALID_ARGUMENT:reason')
    const ended = endLink(confirmed, 'u-officer', LATER, '已离职')
    expect(ended).toMatchObject({ status: 'ended', reason: '已离职', enterpriseId: 'ent-1' })
    expect(claimEnterprise(ended, { userId: 'u1', enterprise: { _id: 'ent-2', street: 'street-lf' }, approved: true }, LATER)).toMatchObject({ status: 'claimed', enterpriseId: 'ent-2' })
  })

  test('a confirmed member moves the enterprise count with its own history entry', () => {
    const { doc, history } = countConfirmedMember(created(), 1, actor, LATER, '确认党员登记')
    expect(doc).toMatchObject({ partyMembersConfirmed: 1, version: 2 })
    expect(history).toMatchObject({ action: 'link_confirmed', changes: [{ field: 'partyMembersConfirmed', before: 0, after: 1 }] })
  })
})

test('the registry sheet: Chinese headers, China-time dates, a stale mark past 90 days', () => {
  const fresh = created()
  const old = { ...created(), _id: 'ent-2', name: '中通网点', verifiedAt: new Date('2026-08-01T16:30:00.000Z') }
  const table = registryTable([fresh, old], '苏州工业园区娄葑街道', NOW)
  expect(table.title).toBe('新就业形态企业一企一档（苏州工业园区娄葑街道）· 截至 2026-12-05 12:00（北京时间）')
  const rows = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c.header, r[i]])))
  expect(rows[0]).toMatchObject({ 序号: 1, 街道: '娄葑街道', '企业（站点）名称': '美团娄葑站', 类型: '加盟配送站点', 从业人员数: 120, 党组织覆盖方式: '尚未覆盖', 最近核实: '2026-12-05 12:00', 超过90天未核实: '' })
  // 16:30 UTC on 1 August is 00:30 on 2 August in China.
  expect(rows[1]).toMatchObject({ 最近核实: '2026-08-02 00:30', 超过90天未核实: '是', 档案编号: 'ent-2' })
})
