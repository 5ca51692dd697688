/** The admin reward form's draft → saveReward payload, refused exactly as the contract's schema refuses. */
import { AppError } from '../../src/core/errors'
import type { AdminRewardView } from '../../src/passbook/contract'
import { draftOf, emptyRewardDraft, rewardPayload, withFieldLabel } from '../../src/passbook/reward-form'

const good = { ...emptyRewardDraft, name: '洗衣液', description: '2 kg 装', cost: '200', stock: '30', stations: 'st-lf-001, st-lf-002' }

it('turns typed text into the whitelisted payload, stock only when creating', () => {
  const r = rewardPayload(good)
  expect(r).toEqual({ ok: true, input: { name: '洗衣液', description: '2 kg 装', cost: 200, stock: 30, limitPerDay: 0, limitPerMonth: 0, limitTotal: 0, pickupHours: 72, pickupStationIds: ['st-lf-001', 'st-lf-002'], active: true } })
  const edit = rewardPayload({ ...good, id: 'reward-1', validFrom: '2025-06-01', validUntil: '2025-06-30' })
  expect(edit.ok && edit.input).toMatchObject({ id: 'reward-1', validFrom: '2025-06-01', validUntil: '2025-06-30' })
  expect(edit.ok && 'stock' in edit.input).toBe(false)
})

it.each([
  [{ name: '' }, '名称不能为空', 'name'],
  [{ cost: '0' }, '所需积分不能小于 1', 'cost'],
  [{ cost: '1.5' }, '所需积分应为整数', 'cost'],
  [{ cost: 'abc' }, '所需积分应为数字', 'cost'],
  [{ stock: '-1' }, '初始库存不能小于 0', 'stock'],
  [{ stations: '' }, '领取站点至少需要 1 项', 'pickupStationIds'],
  [{ stations: 'st-1, st-1' }, '领取站点有重复项', 'pickupStationIds'],
  [{ validFrom: '2025/06/01' }, '兑换开始日期格式不正确', 'validFrom'],
  [{ validFrom: '2025-13-01' }, '兑换开始日期不是有效日期', 'validFrom'],
  [{ validFrom: '2025-06-30', validUntil: '2025-06-01' }, '兑换结束日期应晚于开始日期', 'validUntil'],
])('refuses %j with "%s"', (over, message, field) => {
  const r = rewardPayload({ ...good, ...over })
  expect(r.ok).toBe(false)
  if (!r.ok) expect(r.error).toMatchObject({ code: 'INVALID_ARGUMENT', message, field })
})

it('labels a server refusal by the same field name and leaves others as they are', () => {
  expect(withFieldLabel(new AppError('INVALID_ARGUMENT', 'pickupStationIds[1]格式不正确', 'pickupStationIds[1]')).message).toBe('领取站点格式不正确')
  expect(withFieldLabel(new AppError('NOT_FOUND', '没有找到领取站点 st-x', 'pickupStationIds')).message).toBe('没有找到领取站点 st-x')
})

it('drafts an existing reward for editing', () => {
  const view: AdminRewardView = { id: 'r1', name: '纸巾', description: '', cost: 50, stock: 3, limitPerDay: 1, limitPerMonth: 0, limitTotal: 0, validUntil: '2025-12-31T15:59:59.000Z', pickupHours: 48, stations: [{ id: 'st-1', name: '甲' }], stockInitial: 10, pending: 2, fulfilled: 5, active: false, order: 100 }
  expect(draftOf(view)).toMatchObject({ id: 'r1', cost: '50', validUntil: '2025-12-31', stations: 'st-1', active: false, stock: '10' })
})
