/**
 * Passbook admin page on Taro's H5 components, against a fake backend at the transport seam: a rule edit
 * and a restock each ask for a reason inline (the H5 build has no editable modal), send nothing until the
 * reason has two characters, send exactly the edited values with it, and keep the prompt open on a refusal.
 */
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { fail, ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import type { AdminRewardView, RuleView } from '../../src/passbook/contract'
import PassbookAdmin from '../../src/passbook/pages/admin/index'
import { installFakeBackend } from '../setup/fake-backend'
import { rendered, resetPageTest } from '../setup/page-test'

afterEach(resetPageTest)

const rule: RuleView = { kind: 'checkin_visit', label: '驿站打卡', pointsPerUnit: 5, dailyCap: 10, monthlyCap: 100, active: true }
const water: AdminRewardView = {
  id: 'rw-water',
  name: '矿泉水一箱',
  description: '',
  cost: 50,
  stock: 3,
  limitPerDay: 1,
  limitPerMonth: 4,
  limitTotal: 0,
  pickupHours: 48,
  stations: [],
  stockInitial: 20,
  pending: 2,
  fulfilled: 15,
  active: true,
  order: 1,
}

async function typeInto(label: string, value: string) {
  const el = await rendered(`[aria-label="${label}"] input, input[aria-label="${label}"]`)
  fireEvent.input(el, { target: { value } })
}

test('saving a rule asks for a reason inline and sends the edited values with it', async () => {
  const backend = installFakeBackend({
    'passbook.rules': () => ok([rule]),
    'passbook.adminRewards': () => ok([]),
    'passbook.saveRule': (p: RuleView) => ok({ ...p, updatedAt: '2026-12-05T02:00:00.000Z' }),
  })
  render(<PassbookAdmin />)
  await screen.findByText('驿站打卡')
  await rendered('.pb-input--small input')
  const inputs = document.querySelectorAll('.pb-input--small input, input.pb-input--small')
  expect(inputs.length).toBe(3)
  fireEvent.input(inputs[1], { target: { value: '20' } })
  fireEvent.click(screen.getByText('保存'))
  await screen.findByText(/保存“驿站打卡”的新规则/)
  fireEvent.click(screen.getByText('保存规则'))
  await typeInto('理由', '一')
  fireEvent.click(screen.getByText('保存规则'))
  expect(backend.count('passbook.saveRule')).toBe(0)
  await typeInto('理由', '街道会议决定')
  await act(async () => {
    fireEvent.click(screen.getByText('保存规则'))
  })
  await waitFor(() => expect(backend.count('passbook.saveRule')).toBe(1))
  expect(backend.calls.find((c) => c.key === 'passbook.saveRule')?.payload).toEqual({
    kind: 'checkin_visit',
    label: '驿站打卡',
    pointsPerUnit: 5,
    dailyCap: 20,
    monthlyCap: 100,
    active: true,
    reason: '街道会议决定',
  })
  await waitFor(() => expect(screen.queryByText('保存规则')).toBeNull())
})

test('a restock needs a reason, is never the main button, and a refusal keeps the prompt with the message', async () => {
  let refuse = true
  const backend = installFakeBackend({
    'passbook.rules': () => ok([]),
    'passbook.adminRewards': () => ok([water]),
    'passbook.addStock': (p: { quantity: number }) => (refuse ? fail(new AppError('FORBIDDEN', '只有管理员可以补货')) : ok({ ...water, stock: water.stock + p.quantity })),
  })
  render(<PassbookAdmin />)
  const restock = await screen.findByText('补货 10')
  expect(restock.closest('.nx-button')?.className).not.toContain('nx-button--primary')
  fireEvent.click(restock)
  fireEvent.click(screen.getByText('补货 10 件'))
  expect(backend.count('passbook.addStock')).toBe(0)
  await typeInto('理由', '工会新采购')
  await act(async () => {
    fireEvent.click(screen.getByText('补货 10 件'))
  })
  expect(await screen.findByText('只有管理员可以补货')).toBeTruthy()
  refuse = false
  await act(async () => {
    fireEvent.click(screen.getByText('补货 10 件'))
  })
  await waitFor(() => expect(screen.queryByText('补货 10 件')).toBeNull())
  expect(backend.calls.filter((c) => c.key === 'passbook.addStock').map((c) => c.payload)).toEqual([
    { rewardId: 'rw-water', quantity: 10, reason: '工会新采购' },
    { rewardId: 'rw-water', quantity: 10, reason: '工会新采购' },
  ])
  expect(backend.count('passbook.adminRewards')).toBeGreaterThanOrEqual(2)
})
