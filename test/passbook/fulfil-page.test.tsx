/**
 * 核销 page (Taro's H5 components): a fulfilled code shows 核销成功 once; a used, cancelled or expired code
 * shows a warning with the server's when/where/who, never a success; a resend after a failed answer
 * carries the same scan key (so the server answers the first result) and a new code gets a new key.
 */
import '../pages/support/h5-build'
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import type { FulfilResult } from '../../src/passbook/contract'
import FulfilPage from '../../src/passbook/pages/fulfil/index'
import type { Me } from '../../src/users/contract'
import { installFakeBackend } from '../setup/fake-backend'
import { rendered, resetPageTest } from '../setup/page-test'

// Ceilings for renders on a busy shared machine, not speed checks.
configure({ asyncUtilTimeout: 10_000 })
jest.setTimeout(60_000)
afterEach(resetPageTest)

const manager: Me = { userId: 'u-m', nickname: '驿站管理员刘姐', roles: ['worker', 'station_manager'], grants: [{ role: 'station_manager', scopes: [{ kind: 'station', id: 'st-lf-001', name: '娄葑驿站' }] }], createdAt: '2025-03-01T08:00:00Z', unreadMessages: 0 }
const done: FulfilResult = { id: 'r1', rewardName: '洗衣液', cost: 200, state: 'fulfilled', fulfilledAt: '2025-06-02T02:05:00.000Z', station: { id: 'st-lf-001', name: '娄葑驿站' } }
const CODE_A = '1234567897'
const CODE_B = '2345678907'

async function typeCode(value: string) {
  const input = await rendered('[aria-label="取货码"] input, input[aria-label="取货码"]')
  fireEvent.input(input, { target: { value } })
}

test('a used code is a warning with when, where and by whom — never 核销成功', async () => {
  const used = '这个取货码已于 6月2日 10:05 在「娄葑驿站」由 驿站管理员刘姐 核销，礼品已经发出，请勿再次发放'
  installFakeBackend({ 'users.me': () => ok(manager), 'passbook.fulfil': () => Promise.reject(new AppError('ALREADY_CLOSED', used, 'code')) })
  render(<FulfilPage />)
  await typeCode(CODE_A)
  fireEvent.click(await screen.findByText('确认核销'))
  const warning = await screen.findByRole('alert')
  expect(warning.textContent).toContain('不能发放')
  expect(warning.textContent).toContain(used)
  expect(screen.queryByText(/核销成功/)).toBeNull()
})

test('a resend after a failed answer (the transport retries UNAVAILABLE) carries the same scan key; a new code gets a new key', async () => {
  let calls = 0
  const backend = installFakeBackend({
    'users.me': () => ok(manager),
    'passbook.fulfil': () => {
      calls++
      if (calls === 1) return Promise.reject(new AppError('UNAVAILABLE'))
      return ok(done)
    },
  })
  render(<FulfilPage />)
  await typeCode(CODE_A)
  fireEvent.click(await screen.findByText('确认核销'))
  expect(await screen.findByText(/核销成功：请交付「洗衣液」/)).toBeTruthy()
  const sent = backend.calls.filter((c) => c.key === 'passbook.fulfil').map((c) => c.payload as { code: string; idempotencyKey: string })
  expect(sent).toHaveLength(2)
  expect(sent[0].idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
  expect(sent[1].idempotencyKey).toBe(sent[0].idempotencyKey)

  await typeCode(CODE_B)
  fireEvent.click(screen.getByText('确认核销'))
  await waitFor(() => expect(backend.calls.filter((c) => c.key === 'passbook.fulfil')).toHaveLength(3))
  const third = backend.calls.filter((c) => c.key === 'passbook.fulfil')[2].payload as { code: string; idempotencyKey: string }
  expect(third.code).toBe(CODE_B)
  expect(third.idempotencyKey).not.toBe(sent[0].idempotencyKey)
})
