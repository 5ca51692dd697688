/**
 * 角色授权 page on Taro's H5 components, against a fake backend at the transport seam: finding a user,
 * granting a role with scopes and a reason (the exact payload sent), revoking only after a second tap
 * with a reason, the audit trail shown, and a refusal shown without changing the list.
 */
import { act, fireEvent, render, screen, waitForElementToBeRemoved } from '@testing-library/react'
import { fail, ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import type { AuditPage, GrantResult, RoleGrant, UserList, UserSummary } from '../../src/users/contract'
import GrantsPage from '../../src/users/pages/grants/index'
import { installFakeBackend } from '../setup/fake-backend'
import { rendered, resetPageTest } from '../setup/page-test'

afterEach(resetPageTest)

const liu: UserSummary = {
  userId: 'u-liu',
  nickname: '驿站管理员刘姐',
  roles: ['worker', 'station_manager'],
  grants: [{ role: 'station_manager', scopes: [{ kind: 'station', id: 'st-lf-001', name: '娄葑暖"新"服务站' }] }],
  createdAt: '2025-05-01T00:00:00.000Z',
}
const wang: UserSummary = { userId: 'u-wang', nickname: '骑手小王', roles: ['worker'], grants: [], createdAt: '2025-05-02T00:00:00.000Z' }
const list = (items: UserSummary[]): UserList => ({ items, total: items.length, limit: 20, offset: 0 })
const trail: AuditPage = {
  items: [{ id: 'a1', action: 'role.grant', actorId: 'u-admin', actorName: '管理员老周', targetKind: 'user', targetId: 'u-liu', before: null, after: liu.grants[0], reason: '新任站长', at: '2025-06-01T02:00:00.000Z' }],
  hasMore: false,
}

async function typeInto(label: string, value: string) {
  const el = await rendered(`[aria-label="${label}"] input, input[aria-label="${label}"]`)
  fireEvent.input(el, { target: { value } })
}

test('search by nickname, open a user, see grants with scope names and the audit trail in China time', async () => {
  const backend = installFakeBackend({
    'users.listUsers': (p: { q?: string }) => ok(list(p.q ? [liu] : [liu, wang])),
    'users.auditLog': () => ok(trail),
  })
  render(<GrantsPage />)
  await screen.findByText('骑手小王')
  await typeInto('昵称或用户编号', '刘姐')
  fireEvent.click(screen.getByText('查找'))
  // Not waitFor(expect(...).toBeNull()): every failed check would pretty-print the element's React fibre, seconds each.
  await waitForElementToBeRemoved(() => screen.queryByText('骑手小王'))
  expect(backend.calls.filter((c) => c.key === 'users.listUsers').map((c) => c.payload)).toEqual([{ page: { limit: 20 } }, { q: '刘姐', page: { limit: 20 } }])
  fireEvent.click(screen.getByLabelText('查看 驿站管理员刘姐 的角色'))
  expect(await screen.findByText('驿站 娄葑暖"新"服务站')).toBeTruthy()
  expect(await screen.findByText('理由：新任站长')).toBeTruthy()
  // 02:00 UTC is 10:00 in China.
  expect(screen.getByText(/10:00 · 操作人 管理员老周/)).toBeTruthy()
  expect(backend.calls.find((c) => c.key === 'users.auditLog')?.payload).toEqual({ targetKind: 'user', targetId: 'u-liu', page: { limit: 20 } })
})

test('grant: the button stays disabled until role, scopes and reason are given; then sends exactly those', async () => {
  const granted: RoleGrant = { role: 'grid_worker', scopes: [{ kind: 'grid', id: 'grid-lf-1', name: '娄葑一网格' }, { kind: 'grid', id: 'grid-lf-2', name: '娄葑二网格' }] }
  const backend = installFakeBackend({
    'users.listUsers': () => ok(list([wang])),
    'users.auditLog': () => ok({ items: [], hasMore: false }),
    'users.grantRole': (p: { userId: string }): unknown => ok<GrantResult>({ userId: p.userId, grants: [granted] }),
  })
  render(<GrantsPage />)
  fireEvent.click(await screen.findByLabelText('查看 骑手小王 的角色'))
  expect(await screen.findByText('只有骑手/快递员身份，还没有授予其他角色')).toBeTruthy()
  fireEvent.click(screen.getByText('网格员'))
  const submit = () => screen.getByText('授予网格员')
  await typeInto('授权理由', '新任网格员')
  fireEvent.click(submit())
  expect(backend.count('users.grantRole')).toBe(0)
  await typeInto('负责范围编号', 'grid-lf-1，grid-lf-2')
  fireEvent.click(submit())
  await screen.findByText('已授予网格员')
  expect(backend.calls.find((c) => c.key === 'users.grantRole')?.payload).toEqual({
    userId: 'u-wang',
    role: 'grid_worker',
    scopes: [
      { kind: 'grid', id: 'grid-lf-1' },
      { kind: 'grid', id: 'grid-lf-2' },
    ],
    reason: '新任网格员',
  })
  expect(screen.getByText('网格 娄葑一网格、网格 娄葑二网格')).toBeTruthy()
  // The trail is read again after the change.
  expect(backend.count('users.auditLog')).toBe(2)
})

test('revoke is a secondary button that asks for a reason and a second tap; a refusal is shown and nothing changes', async () => {
  let refuse = true
  const backend = installFakeBackend({
    'users.listUsers': () => ok(list([liu])),
    'users.auditLog': () => ok(trail),
    'users.revokeRole': (p: { userId: string }) => (refuse ? fail(new AppError('FORBIDDEN', '只有管理员可以撤销角色')) : ok<GrantResult>({ userId: p.userId, grants: [] })),
  })
  render(<GrantsPage />)
  fireEvent.click(await screen.findByLabelText('查看 驿站管理员刘姐 的角色'))
  const revoke = await screen.findByText('撤销')
  expect(revoke.closest('.nx-button')?.className).toContain('nx-button--secondary')
  fireEvent.click(revoke)
  expect(backend.count('users.revokeRole')).toBe(0)
  const confirm = screen.getByText('确认撤销')
  fireEvent.click(confirm)
  expect(backend.count('users.revokeRole')).toBe(0)
  await typeInto('撤销理由', '调岗')
  fireEvent.click(screen.getByText('确认撤销'))
  expect(await screen.findByText('只有管理员可以撤销角色')).toBeTruthy()
  expect(document.querySelector('.gr-grant__role')?.textContent).toBe('驿站管理员')

  refuse = false
  await act(async () => {
    fireEvent.click(screen.getByText('确认撤销'))
  })
  await screen.findByText('已撤销驿站管理员')
  expect(backend.calls.filter((c) => c.key === 'users.revokeRole').map((c) => c.payload)).toEqual([
    { userId: 'u-liu', role: 'station_manager', reason: '调岗' },
    { userId: 'u-liu', role: 'station_manager', reason: '调岗' },
  ])
  expect(screen.queryByText('确认撤销')).toBeNull()
  expect(screen.getByText('只有骑手/快递员身份，还没有授予其他角色')).toBeTruthy()
})
