/**
 * The admin's read side, through the emulator with the real wx-server-sdk: finding a user by nickname,
 * the audit trail of grants and revocations (admin only, newest first, paged), and the station
 * management list searched by name or street and paged beyond 50.
 */
import { Collection } from '../../src/core/collections'
import type { StationPage } from '../../src/stations/contract'
import type { AuditPage, UserList } from '../../src/users/contract'
import { startProject, type Project } from '../support/project'
import { data, expectError } from '../support/envelopes'

let app: Project

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['users', 'stations'] })
}, 90_000)

afterAll(async () => {
  await app?.close()
})



describe('users.listUsers by nickname', () => {
  it('finds users whose nickname contains the text, and one user by exact id', async () => {
    const found = data(await app.callAs<UserList>('admin', 'users', 'listUsers', { q: '刘姐' }))
    expect(found.items.map((u) => u.nickname)).toContain('驿站管理员刘姐')
    expect(found.items.every((u) => u.nickname.includes('刘姐') || u.userId === '刘姐')).toBe(true)
    const byId = data(await app.callAs<UserList>('admin', 'users', 'listUsers', { q: app.userIdOf('seed-worker-03') }))
    expect(byId.items.map((u) => u.userId)).toEqual([app.userIdOf('seed-worker-03')])
  })

  it('treats the text literally (no pattern injection) and refuses q with role', async () => {
    expect(data(await app.callAs<UserList>('admin', 'users', 'listUsers', { q: '.*' })).items).toEqual([])
    expectError(await app.callAs('admin', 'users', 'listUsers', { q: '刘', role: 'admin' }), 'INVALID_ARGUMENT', 'q')
    expectError(await app.callAs('admin', 'users', 'listUsers', { q: '' }), 'INVALID_ARGUMENT', 'q')
    expectError(await app.callAs('station_manager', 'users', 'listUsers', { q: '刘' }), 'FORBIDDEN')
  })
})

describe('users.auditLog', () => {
  const target = () => app.userIdOf('seed-worker-09')

  it('shows a user\u2019s grants and revocations newest first with actor name and reason', async () => {
    data(await app.callAs('admin', 'users', 'grantRole', { userId: target(), role: 'station_manager', scopes: [{ kind: 'station', id: 'st-lf-010' }], reason: '接手站点' }))
    data(await app.callAs('admin', 'users', 'revokeRole', { userId: target(), role: 'station_manager', reason: '调岗离开' }))
    const page = data(await app.callAs<AuditPage>('admin', 'users', 'auditLog', { targetKind: 'user', targetId: target() }))
    expect(page.items.map((e) => e.action)).toEqual(['role.revoke', 'role.grant'])
    expect(page.items[0]).toMatchObject({ targetKind: 'user', targetId: target(), reason: '调岗离开', after: null, actorId: app.userIdOf('dev-admin') })
    expect(page.items[0].actorName).toEqual(expect.any(String))
    expect(page.items[1].after).toMatchObject({ role: 'station_manager', scopes: [{ kind: 'station', id: 'st-lf-010' }] })
    expect(Date.parse(page.items[0].at)).toBeGreaterThanOrEqual(Date.parse(page.items[1].at))
    expect(page.hasMore).toBe(false)
  })

  it('pages the whole log without overlap', async () => {
    const first = data(await app.callAs<AuditPage>('admin', 'users', 'auditLog', { page: { limit: 1 } }))
    expect(first.items).toHaveLength(1)
    expect(first.hasMore).toBe(true)
    const second = data(await app.callAs<AuditPage>('admin', 'users', 'auditLog', { page: { limit: 1, offset: 1 } }))
    expect(second.items[0].id).not.toBe(first.items[0].id)
  })

  it('is admin only, needs kind and id together, and reading writes nothing', async () => {
    const before = (await app.db.collection(Collection.auditLog).count()).total
    for (const role of ['worker', 'station_manager', 'dispatcher', 'grid_worker'] as const) {
      expectError(await app.callAs(role, 'users', 'auditLog', {}), 'FORBIDDEN')
    }
    expectError(await app.callAs('admin', 'users', 'auditLog', { targetKind: 'user' }), 'INVALID_ARGUMENT', 'targetId')
    expectError(await app.callAs('admin', 'users', 'auditLog', { targetId: target() }), 'INVALID_ARGUMENT', 'targetKind')
    expectError(await app.callAs('admin', 'users', 'auditLog', { targetKind: 'User; drop', targetId: target() }), 'INVALID_ARGUMENT', 'targetKind')
    expectError(await app.callAs('admin', 'users', 'auditLog', { page: { limit: 51 } }), 'INVALID_ARGUMENT', 'page.limit')
    expect((await app.db.collection(Collection.auditLog).count()).total).toBe(before)
  })
})

describe('stations.managed search and paging', () => {
  it('pages an admin past the first 50 stations without overlap, to the end', async () => {
    const total = (await app.db.collection(Collection.stations).count()).total
    expect(total).toBeGreaterThan(50)
    const seen: string[] = []
    let offset = 0
    for (;;) {
      const page = data(await app.callAs<StationPage>('admin', 'stations', 'managed', { page: { limit: 50, offset } }))
      seen.push(...page.items.map((s) => s.stationId))
      offset += page.items.length
      if (!page.hasMore) break
    }
    expect(new Set(seen).size).toBe(total)
  })

  it('matches the name or the street, case-insensitively and literally', async () => {
    const sample = (await app.db.collection(Collection.stations).where({}).limit(1).get()).data[0] as { name: string; street: string }
    const byStreet = data(await app.callAs<StationPage>('admin', 'stations', 'managed', { q: sample.street, page: { limit: 50 } }))
    expect(byStreet.items.length).toBeGreaterThan(0)
    expect(byStreet.items.every((s) => s.street.includes(sample.street) || s.name.includes(sample.street))).toBe(true)
    const byName = data(await app.callAs<StationPage>('admin', 'stations', 'managed', { q: sample.name }))
    expect(byName.items.map((s) => s.name)).toContain(sample.name)
    expect(data(await app.callAs<StationPage>('admin', 'stations', 'managed', { q: '.*' })).items).toEqual([])
    expectError(await app.callAs('admin', 'stations', 'managed', { q: '站'.repeat(31) }), 'INVALID_ARGUMENT', 'q')
  })

  it('keeps a station manager to their own stations when searching', async () => {
    const mine = data(await app.callAs<StationPage>('station_manager', 'stations', 'managed', {}))
    expect(mine.items.length).toBeGreaterThan(0)
    const street = mine.items[0].street
    const searched = data(await app.callAs<StationPage>('station_manager', 'stations', 'managed', { q: street }))
    const ids = new Set(mine.items.map((s) => s.stationId))
    expect(searched.items.length).toBeGreaterThan(0)
    expect(searched.items.every((s) => ids.has(s.stationId))).toBe(true)
    expectError(await app.callAs('worker', 'stations', 'managed', { q: street }), 'FORBIDDEN')
  })
})
