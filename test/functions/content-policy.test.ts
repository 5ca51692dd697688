/**
 * Content security as declared and as done. The free-text and picture fields of every action's input are
 * derived from the contracts' schemas and must equal the declarations in cloudfunctions/content-policy.ts (a
 * new field fails until someone decides it), no field others read is declared anything but checked,
 * docs/CONTENT-SECURITY.md must be that declaration, and the three
 * fields that reached other people unchecked — a report's address, the reporter's confirmation note, the
 * nickname — are refused with the field named and nothing stored (real wx-server-sdk, the emulator's
 * msgSecCheck word list). The other checked fields are tested per domain (test/<domain>/content-security.test.ts).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { contentPolicy, imagePolicy } from '../../cloudfunctions/content-policy'
import { checkinsContract } from '../../src/checkins/contract'
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import type { SchemaShape } from '../../src/core/schema'
import { passbookContract } from '../../src/passbook/contract'
import type { ReportDoc } from '../../src/reports/model'
import { reportsContract } from '../../src/reports/contract'
import { stationsContract } from '../../src/stations/contract'
import { usersContract } from '../../src/users/contract'
import { volunteersContract } from '../../src/volunteers/contract'
import { servicesContract } from '../../src/services/contract'
import { wishesContract } from '../../src/wishes/contract'
import { suggestionsContract } from '../../src/suggestions/contract'
import { districtContract } from '../../src/district/contract'
import { CONTENT_DOC, withTable } from '../../scripts/content-policy'
import { startProject, type Project } from '../support/project'

const contracts = { users: usersContract, stations: stationsContract, checkins: checkinsContract, passbook: passbookContract, reports: reportsContract, volunteers: volunteersContract, services: servicesContract, wishes: wishesContract, suggestions: suggestionsContract, district: districtContract }

/** The input fields of every action whose schema kind is `kind` (`text`: free text; `file`: an uploaded picture). */
function fieldsOfKind(kind: 'text' | 'file'): string[] {
  const out: string[] = []
  const walk = (shape: SchemaShape, path: string) => {
    if (shape.kind === kind) out.push(path)
    else if (shape.kind === 'array') walk(shape.item, `${path}[]`)
    else if (shape.kind === 'object') for (const [key, child] of Object.entries(shape.fields)) walk(child, `${path}.${key}`)
  }
  for (const [fn, contract] of Object.entries(contracts)) for (const [action, def] of Object.entries(contract)) walk((def as { input: { shape: SchemaShape } }).input.shape, `${fn}.${action}`)
  return out.sort()
}

describe('the declaration', () => {
  test('every free-text field of every action is declared, and nothing else', () => {
    const fields = fieldsOfKind('text')
    expect(fields.length).toBeGreaterThan(50)
    const declared = Object.keys(contentPolicy).sort()
    expect({ undeclared: fields.filter((f) => !declared.includes(f)), stale: declared.filter((f) => !fields.includes(f)) }).toEqual({ undeclared: [], stale: [] })
  })

  test('no text shown to others is left unchecked: every field is checked, notShown or staffRecord', () => {
    const allowed = ['checked', 'notShown', 'staffRecord']
    expect(Object.entries(contentPolicy).filter(([, rule]) => !allowed.includes(rule.status))).toEqual([])
  })

  test('docs/CONTENT-SECURITY.md is the declaration (npm run content-policy)', () => {
    const doc = readFileSync(CONTENT_DOC, 'utf8')
    expect(doc).toBe(withTable(doc))
    for (const field of [...Object.keys(contentPolicy), ...Object.keys(imagePolicy)]) expect(doc).toContain(`\`${field}\``)
  })

  test('every picture field of every action is declared, and nothing else', () => {
    const fields = fieldsOfKind('file')
    expect(fields.length).toBeGreaterThanOrEqual(10)
    const declared = Object.keys(imagePolicy).sort()
    expect({ undeclared: fields.filter((f) => !declared.includes(f)), stale: declared.filter((f) => !fields.includes(f)) }).toEqual({ undeclared: [], stale: [] })
  })

  test('every function that stores a checked picture may call security.mediaCheckAsync (the platform refuses it otherwise)', () => {
    const fns = [...new Set(Object.entries(imagePolicy).filter(([, rule]) => rule.status === 'checked').map(([field]) => field.split('.')[0]))]
    const lacking = fns.filter((fn) => {
      const config = JSON.parse(readFileSync(path.join(__dirname, '../../cloudfunctions', fn, 'config.json'), 'utf8')) as { permissions?: { openapi?: string[] } }
      return !config.permissions?.openapi?.includes('security.mediaCheckAsync')
    })
    expect(lacking).toEqual([])
  })
})

describe('the three fields that reached others unchecked', () => {
  let app: Project
  const RISKY = '加微信领红包'
  beforeAll(async () => {
    app = await startProject({ seed: true, functions: ['users', 'reports'] })
  }, 90_000)
  afterAll(async () => {
    await app?.close()
  })

  function expectRefused(res: Envelope<unknown>, field: string) {
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.error.code).toBe('CONTENT_REJECTED')
    expect(res.error.field).toBe(field)
    expect(res.error.message).toMatch(/不适宜/)
  }

  test('a nickname with a prohibited word: refused naming nickname; the old nickname stays', async () => {
    const before = (await app.db.collection(Collection.users).doc(app.userIdOf('dev-worker')).get()).data.nickname
    expectRefused(await app.callAs('worker', 'users', 'updateProfile', { nickname: `小王${RISKY}` }), 'nickname')
    expect((await app.db.collection(Collection.users).doc(app.userIdOf('dev-worker')).get()).data.nickname).toBe(before)
    expect(await app.callAs('worker', 'users', 'updateProfile', { nickname: '小王跑得快' })).toMatchObject({ ok: true, data: { nickname: '小王跑得快' } })
  })

  test('a report address with a prohibited word: refused naming address; no report stored', async () => {
    const grid = (await app.db.collection(Collection.grids).doc('grid-lf-1').get()).data as { bbox: number[] }
    const at = { lng: (grid.bbox[0] + grid.bbox[2]) / 2, lat: (grid.bbox[1] + grid.bbox[3]) / 2 }
    const before = (await app.db.collection(Collection.reports).count()).total
    const key = `cp-${Date.now().toString(36)}`
    const res = await app.call('reports', 'submit', { idempotencyKey: key, categoryId: 'cat-ebike_parking', location: at, address: `星港街 1 号 ${RISKY}`, description: '电动车堵住了盲道', photos: [`cloud://local-dev.bucket/reports/${key}/0.jpg`] }, 'o-cp-reporter')
    expectRefused(res, 'address')
    expect((await app.db.collection(Collection.reports).count()).total).toBe(before)
  })

  test('a reporter’s confirmation note with a prohibited word: refused naming note; the report stays resolved, no event', async () => {
    const resolved = (await app.db.collection(Collection.reports).where({ state: 'resolved' }).limit(1).get()).data[0] as ReportDoc
    expect(resolved).toBeDefined()
    const reporter = (await app.db.collection(Collection.users).doc(resolved.reporterId).get()).data as { openid: string }
    const events = (await app.db.collection(Collection.reportEvents).where({ reportId: resolved._id }).count()).total
    expectRefused(await app.call('reports', 'confirm', { reportId: resolved._id, rating: 5, note: `谢谢 ${RISKY}` }, reporter.openid), 'note')
    expect(((await app.db.collection(Collection.reports).doc(resolved._id).get()).data as ReportDoc).state).toBe('resolved')
    expect((await app.db.collection(Collection.reportEvents).where({ reportId: resolved._id }).count()).total).toBe(events)
    // The same confirmation in clean words goes through.
    expect(await app.call('reports', 'confirm', { reportId: resolved._id, rating: 5, note: '处理得很快，谢谢' }, reporter.openid)).toMatchObject({ ok: true, data: { state: 'confirmed' } })
  })
})
