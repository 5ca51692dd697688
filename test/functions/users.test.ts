/**
 * The action router and the `users` function, built and running in the emulator's worker processes
 * with the real wx-server-sdk: input validation, identity only from getWXContext, role checks,
 * audited grants and revocations, bounded listing, and the idempotent first-call create.
 */
import { Collection } from '../../src/core/collections'
import type { GrantResult, Me, UserList } from '../../src/users/contract'
import type { AuditEntryDoc } from '../../src/users/model'
import { startProject, type Project } from '../support/project'
import { data, expectError } from '../support/envelopes'

let app: Project

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['users'] })
}, 60_000)

afterAll(async () => {
  await app?.close()
})



async function auditCount(): Promise<number> {
  return (await app.db.collection(Collection.auditLog).count()).total
}

async function nicknameOf(openid: string): Promise<string> {
  const res = await app.db.collection(Collection.users).where({ _id: app.userIdOf(openid) }).get()
  return res.data[0]?.nickname
}

describe('router: bad requests change nothing and name the problem', () => {
  it('rejects an unknown action', async () => {
    expectError(await app.call('users', 'dropDatabase', {}, 'dev-worker'), 'INVALID_ARGUMENT', 'action')
    expectError(await app.callRaw('users', { payload: {} }, 'dev-worker'), 'INVALID_ARGUMENT', 'action')
    expectError(await app.callRaw('users', { action: 'constructor' }, 'dev-worker'), 'INVALID_ARGUMENT', 'action')
    expectError(await app.callRaw('users', 'me', 'dev-worker'), 'INVALID_ARGUMENT')
  })

  it('rejects wrong types, missing fields and oversize strings, naming the field', async () => {
    const before = await nicknameOf('dev-worker')
    expectError(await app.callAs('worker', 'users', 'updateProfile', { nickname: 42 }), 'INVALID_ARGUMENT', 'nickname')
    expectError(await app.callAs('worker', 'users', 'updateProfile', {}), 'INVALID_ARGUMENT', 'nickname')
    expectError(await app.callAs('worker', 'users', 'updateProfile', { nickname: '一'.repeat(21) }), 'INVALID_ARGUMENT', 'nickname')
    expectError(await app.callAs('worker', 'users', 'updateProfile', { nickname: '   ' }), 'INVALID_ARGUMENT', 'nickname')
    expectError(await app.callAs('worker', 'users', 'updateProfile', 'nickname'), 'INVALID_ARGUMENT')
    expectError(await app.callAs('admin', 'users', 'grantRole', { userId: app.userIdOf('seed-worker-01'), role: 'emperor', scopes: [], reason: '测试' }), 'INVALID_ARGUMENT', 'role')
    expectError(await app.callAs('admin', 'users', 'grantRole', { userId: app.userIdOf('seed-worker-01'), role: 'party_member', scopes: [{ kind: 'planet', id: 'x' }], reason: '测试' }), 'INVALID_ARGUMENT', 'scopes[0].kind')
    expectError(await app.callAs('admin', 'users', 'listUsers', { page: { limit: 1000 } }), 'INVALID_ARGUMENT', 'page.limit')
    expect(await nicknameOf('dev-worker')).toBe(before)
  })

  it('rejects oversize payloads before touching the database', async () => {
    expectError(await app.callAs('worker', 'users', 'updateProfile', { nickname: '小王', junk: 'x'.repeat(40_000) }), 'INVALID_ARGUMENT', 'payload')
  })

  it('answers UNAUTHENTICATED when the platform gives no OPENID', async () => {
    expectError(await app.call('users', 'me', {}, undefined), 'UNAUTHENTICATED')
  })
})

describe('identity comes only from getWXContext', () => {
  it('ignores a payload that claims another user or role', async () => {
    const res = data(await app.call<Me>('users', 'me', { openid: 'dev-admin', userId: app.userIdOf('dev-admin'), roles: ['admin'] }, 'dev-worker'))
    expect(res.userId).toBe(app.userIdOf('dev-worker'))
    expect(res.roles).toEqual(['worker'])
    expectError(await app.callRaw('users', { action: 'grantRole', payload: { userId: app.userIdOf('dev-worker'), role: 'admin', scopes: [], reason: '我是管理员' }, openid: 'dev-admin', userInfo: { openId: 'dev-admin' } }, 'dev-worker'), 'FORBIDDEN')
  })

  it('never sends the OPENID to the page', async () => {
    const res = await app.callAs('admin', 'users', 'me')
    expect(JSON.stringify(res)).not.toContain('dev-admin')
    const list = await app.callAs('admin', 'users', 'listUsers', { page: { limit: 50 } })
    expect(JSON.stringify(list)).not.toMatch(/dev-|seed-worker/)
  })

  it('updateProfile writes only whitelisted fields', async () => {
    const me = data(await app.call<Me>('users', 'updateProfile', { nickname: '送餐的小李', roles: ['admin'], blocked: false, openid: 'dev-admin' }, 'seed-worker-08'))
    expect(me.nickname).toBe('送餐的小李')
    expect(me.roles).toEqual(['worker'])
    const stored = (await app.db.collection(Collection.users).where({ _id: app.userIdOf('seed-worker-08') }).get()).data[0]
    expect(stored.openid).toBe('seed-worker-08')
    expect(stored.roles).toBeUndefined()
  })
})

describe('me', () => {
  it('answers a seeded dev identity with its roles and named scopes', async () => {
    const me = data(await app.callAs<Me>('station_manager', 'users', 'me'))
    expect(me.nickname).toBe('驿站管理员刘姐')
    expect(me.roles).toEqual(['worker', 'station_manager'])
    expect(me.grants[0].scopes.map((s) => s.id)).toEqual(['st-lf-001', 'st-lf-002', 'st-lf-004'])
    expect(me.grants[0].scopes[0].name).toBe('娄葑街道暖"新"服务中心')
  })

  it('creates the record once, even for concurrent first calls', async () => {
    const openid = 'o-first-time-rider'
    const results = await Promise.all(Array.from({ length: 6 }, () => app.call<Me>('users', 'me', {}, openid)))
    const ids = new Set(results.map((r) => data(r).userId))
    expect(ids.size).toBe(1)
    expect([...ids][0]).not.toContain(openid)
    expect((await app.db.collection(Collection.users).where({ openid }).count()).total).toBe(1)
    const again = data(await app.call<Me>('users', 'me', {}, openid))
    expect(again.createdAt).toBe(data(results[0]).createdAt)
    expect(again.nickname).toMatch(/^新朋友/)
  })

  it('records privacy consent with server time', async () => {
    const me = data(await app.call<Me>('users', 'acceptPrivacy', { version: '2025-06' }, 'o-privacy'))
    expect(Date.parse(me.privacyAcceptedAt!)).not.toBeNaN()
  })
})

describe('role grants', () => {
  const target = () => app.userIdOf('seed-worker-07')

  it('a worker (or any non-admin) calling grantRole is FORBIDDEN and nothing is written', async () => {
    const audits = await auditCount()
    for (const role of ['worker', 'station_manager', 'dispatcher'] as const) {
      expectError(await app.callAs(role, 'users', 'grantRole', { userId: target(), role: 'admin', scopes: [], reason: '越权尝试' }), 'FORBIDDEN')
      expectError(await app.callAs(role, 'users', 'listUsers', {}), 'FORBIDDEN')
    }
    expect(await auditCount()).toBe(audits)
    expect((await app.db.collection(Collection.roleGrants).where({ userId: target() }).count()).total).toBe(0)
  })

  it('an admin grant and revoke are applied and audited with actor, target, before/after and reason', async () => {
    const audits = await auditCount()
    const granted = data(await app.callAs<GrantResult>('admin', 'users', 'grantRole', { userId: target(), role: 'station_manager', scopes: [{ kind: 'station', id: 'st-lf-010' }], reason: '新接手东港站点' }))
    expect(granted.grants).toEqual([{ role: 'station_manager', scopes: [{ kind: 'station', id: 'st-lf-010', name: expect.stringContaining('暖"新"服务站') }] }])
    const me = data(await app.call<Me>('users', 'me', {}, 'seed-worker-07'))
    expect(me.roles).toEqual(['worker', 'station_manager'])

    // Re-granting replaces the scopes and records the previous ones.
    data(await app.callAs('admin', 'users', 'grantRole', { userId: target(), role: 'station_manager', scopes: [{ kind: 'station', id: 'st-lf-010' }, { kind: 'station', id: 'st-lf-011' }], reason: '增加一个站点' }))
    const revoked = data(await app.callAs<GrantResult>('admin', 'users', 'revokeRole', { userId: target(), role: 'station_manager', reason: '调岗' }))
    expect(revoked.grants).toEqual([])
    expect(data(await app.call<Me>('users', 'me', {}, 'seed-worker-07')).roles).toEqual(['worker'])

    const entries: AuditEntryDoc[] = (await app.db.collection(Collection.auditLog).where({ targetId: target() }).orderBy('at', 'asc').limit(10).get()).data
    expect(await auditCount()).toBe(audits + 3)
    expect(entries.map((e) => e.action)).toEqual(['role.grant', 'role.grant', 'role.revoke'])
    expect(entries.every((e) => e.actorId === app.userIdOf('dev-admin') && e.targetKind === 'user')).toBe(true)
    expect(entries[0]).toMatchObject({ before: null, after: { role: 'station_manager' }, reason: '新接手东港站点', origin: 'users.grantRole' })
    expect((entries[1].before as { scopes: unknown[] }).scopes).toHaveLength(1)
    expect((entries[1].after as { scopes: unknown[] }).scopes).toHaveLength(2)
    expect(entries[2]).toMatchObject({ after: null, reason: '调岗' })
    expect(entries[2].at instanceof Date || typeof entries[2].at === 'string').toBe(true)
  })

  it('refuses scopes that do not exist or do not fit the role, without writing', async () => {
    const audits = await auditCount()
    expectError(await app.callAs('admin', 'users', 'grantRole', { userId: target(), role: 'station_manager', scopes: [{ kind: 'station', id: 'st-nowhere' }], reason: '测试' }), 'NOT_FOUND', 'scopes[0].id')
    expectError(await app.callAs('admin', 'users', 'grantRole', { userId: target(), role: 'station_manager', scopes: [{ kind: 'grid', id: 'grid-lf-1' }], reason: '测试' }), 'INVALID_ARGUMENT', 'scopes[0].kind')
    expectError(await app.callAs('admin', 'users', 'grantRole', { userId: target(), role: 'grid_worker', scopes: [], reason: '测试' }), 'INVALID_ARGUMENT', 'scopes')
    expectError(await app.callAs('admin', 'users', 'grantRole', { userId: 'u-nobody', role: 'party_member', scopes: [], reason: '测试' }), 'NOT_FOUND', 'userId')
    expectError(await app.callAs('admin', 'users', 'revokeRole', { userId: target(), role: 'dispatcher', reason: '测试' }), 'NOT_FOUND', 'role')
    expectError(await app.callAs('admin', 'users', 'revokeRole', { userId: app.userIdOf('dev-admin'), role: 'admin', reason: '测试' }), 'FORBIDDEN')
    expect(await auditCount()).toBe(audits)
  })
})

describe('listUsers', () => {
  it('pages through users with a bounded limit and a total', async () => {
    const first = data(await app.callAs<UserList>('admin', 'users', 'listUsers', { page: { limit: 10 } }))
    expect(first.items).toHaveLength(10)
    expect(first.total).toBeGreaterThanOrEqual(41)
    const second = data(await app.callAs<UserList>('admin', 'users', 'listUsers', { page: { limit: 10, offset: 10 } }))
    const overlap = second.items.filter((u) => first.items.some((f) => f.userId === u.userId))
    expect(overlap).toEqual([])
  })

  it('filters by role', async () => {
    const managers = data(await app.callAs<UserList>('admin', 'users', 'listUsers', { role: 'station_manager' }))
    // Exactly the users the stored grants name as station managers (the seed has one per district at least).
    const grants: Array<{ userId: string }> = (await app.db.collection(Collection.roleGrants).where({ role: 'station_manager' }).limit(100).get()).data
    const holders = new Set(grants.map((g) => g.userId))
    expect(holders.size).toBeGreaterThanOrEqual(4)
    expect(managers.total).toBe(holders.size)
    expect(managers.items.map((u) => u.userId).sort()).toEqual([...holders].sort())
    expect(managers.items.every((u) => u.roles.includes('station_manager'))).toBe(true)
    expect(managers.items.map((u) => u.nickname)).toContain('驿站管理员刘姐')
  })
})

describe('test harness', () => {
  it('invokes as another function or a timer would', async () => {
    const viaFunction = await app.invoke<Me>('users', { action: 'me', payload: {} }, { source: 'wx_client,scf', openid: 'dev-worker' })
    expect(data(viaFunction).userId).toBe(app.userIdOf('dev-worker'))
    // users has no timer jobs: a timer event is refused rather than treated as an action.
    expectError(await app.timer('users', 'nightly'), 'FORBIDDEN')
  })
})
