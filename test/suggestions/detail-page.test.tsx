/**
 * The suggestion detail page (Taro's H5 components): a rider +1s once (the button then says so); the
 * street's staff fill a reply from a template, set a promised date and adopt; a rider sees no answer
 * panel and no internal notes.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import { ok } from '../../src/core/envelope'
import type { SuggestionDoc } from '../../src/suggestions/model'
import { suggestionDetailOf } from '../../src/suggestions/views'
import SuggestionDetailPage from '../../src/suggestions/pages/detail/index'
import { installFakeBackend } from '../setup/fake-backend'
import { rendered, resetPageTest } from '../setup/page-test'
import { __setRouterParams } from '../setup/taro-shim'

afterEach(resetPageTest)

const now = new Date()
const base: SuggestionDoc = { _id: 'sg1', idempotencyKey: 'k', authorId: 'u-author', categoryId: 'charging', text: '美食街需要充电桩', district: '苏州工业园区', street: 'street-lf', streetName: '娄葑街道', state: 'evaluating', version: 3, supportCount: 4, departmentId: 'dept-1', departmentName: '城管', internalNotes: [{ by: 'u-staff', text: '内部备注甲', at: now }], createdAt: now, updatedAt: now }

test('a rider +1s once and sees no answer panel or internal notes', async () => {
  __setRouterParams({ id: 'sg1' })
  const backend = installFakeBackend({
    'suggestions.detail': () => ok(suggestionDetailOf(base, { userId: 'u-rider', staff: false, supported: false }, [])),
    'suggestions.support': () => ok({ supportCount: 5, supported: true }),
  })
  render(<SuggestionDetailPage />)
  fireEvent.click(await screen.findByText('+1 支持（4）'))
  expect(await screen.findByText('已 +1（5）')).toBeTruthy()
  expect(screen.queryByText('答复（街道工作人员）')).toBeNull()
  expect(screen.queryByText(/内部备注甲/)).toBeNull()
  expect(backend.count('suggestions.support')).toBe(1)
})

test('staff adopt with a template reply and a promised date', async () => {
  __setRouterParams({ id: 'sg1' })
  const staff = { userId: 'u-staff', staff: true, supported: false }
  const backend = installFakeBackend({
    'suggestions.detail': () => ok(suggestionDetailOf(base, staff, [])),
    'suggestions.departments': () => ok([{ id: 'dept-1', name: '城管' }]),
    'suggestions.adopt': (p: { reply: string; promisedDate: string }) => ok(suggestionDetailOf({ ...base, state: 'adopted', publicReply: p.reply, promisedDate: p.promisedDate }, staff, [])),
  })
  render(<SuggestionDetailPage />)
  expect(await screen.findByText(/内部备注甲/)).toBeTruthy()
  // Taro's Textarea and Input render their native elements a moment after mounting.
  await rendered('textarea')
  const date = await rendered('input[placeholder="YYYY-MM-DD"]')
  fireEvent.click(screen.getByText('采纳并排期'))
  fireEvent.input(date, { target: { value: '2027-01-31' } })
  fireEvent.click(screen.getByText('采纳'))
  expect(await screen.findByText(/承诺 2027-01-31 前完成/)).toBeTruthy()
  const payload = backend.calls.find((c) => c.key === 'suggestions.adopt')?.payload as { reply: string; promisedDate: string }
  expect(payload.promisedDate).toBe('2027-01-31')
  expect(payload.reply).toContain('已采纳')
})
