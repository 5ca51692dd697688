/**
 * The wish detail page (Taro's H5 components) shows each person the buttons the machine gives them: a
 * Party member on the wall claims; the beneficiary of a delivered wish confirms (and the page shows the
 * answer); a stranger gets no action; a claimer sees the phone only when the server sent it; and an
 * enterprise's contact claims in the name of their enterprise (choosing when they have several).
 */
import { fireEvent, render, screen } from '@testing-library/react'
import { fail, ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import { wishSystemActor, type WishActor } from '../../src/wishes/machine'
import type { WishDoc } from '../../src/wishes/model'
import { detailOf } from '../../src/wishes/views'
import WishDetailPage from '../../src/wishes/pages/detail/index'
import { installFakeBackend } from '../setup/fake-backend'
import { resetPageTest } from '../setup/page-test'
import { __setRouterParams } from '../setup/taro-shim'

afterEach(resetPageTest)

const now = new Date()
const base: WishDoc = {
  _id: 'wi1',
  idempotencyKey: 'k',
  beneficiaryId: 'u-ben',
  forWhom: 'self',
  categoryId: 'clothing',
  title: '一件棉衣',
  description: '晚上送单太冷',
  valueBand: 'under_100',
  district: '苏州工业园区',
  street: 'street-lf',
  streetName: '娄葑街道',
  community: '金鸡湖社区',
  phone: '13912345678',
  phoneConsent: true,
  state: 'published',
  version: 2,
  priority: 0,
  publishedAt: now,
  createdAt: now,
  updatedAt: now,
}
const actor = (userId: string, roles: WishActor['roles'] = ['worker']): WishActor => ({ ...wishSystemActor, system: false, userId, roles })

test('a Party member on the wall claims; the page then shows the claim and the consented phone', async () => {
  __setRouterParams({ id: 'wi1' })
  const member = actor('u-member', ['worker', 'party_member'])
  const claimed: WishDoc = { ...base, state: 'claimed', version: 3, claim: { kind: 'member', claimerId: 'u-member', parts: 1, participants: ['u-member'], claimedAt: now, contactBy: new Date(now.getTime() + 7 * 86_400_000) } }
  const backend = installFakeBackend({
    'wishes.detail': () => ok(detailOf(base, member, now, [], new Map())),
    'wishes.myTeams': () => ok([]),
    'wishes.claim': () => ok(detailOf(claimed, member, now, [], new Map())),
  })
  render(<WishDetailPage />)
  expect(screen.queryByText(/13912345678/)).toBeNull()
  fireEvent.click(await screen.findByText('我来认领'))
  expect(await screen.findByText('已联系许愿人')).toBeTruthy()
  expect(screen.getByText(/13912345678/)).toBeTruthy()
  expect(backend.calls.find((c) => c.key === 'wishes.claim')?.payload).toEqual({ wishId: 'wi1', kind: 'member' })
})

test('the beneficiary of a delivered wish confirms it', async () => {
  __setRouterParams({ id: 'wi1' })
  const ben = actor('u-ben')
  const delivered: WishDoc = { ...base, state: 'delivered', version: 5, claim: { kind: 'member', claimerId: 'u-member', parts: 1, participants: ['u-member'], claimedAt: now, contactBy: now, contactedAt: now }, delivery: { photo: 'cloud://x/wishes/r.jpg', at: now } }
  const backend = installFakeBackend({
    'wishes.detail': () => ok(detailOf(delivered, ben, now, [], new Map())),
    'wishes.confirm': () => ok(detailOf({ ...delivered, state: 'fulfilled', version: 6, fulfilledAt: now }, ben, now, [], new Map())),
  })
  render(<WishDetailPage />)
  expect(await screen.findByText('送达回执')).toBeTruthy()
  expect(screen.getByText('回执照片正在进行安全检测，通过后显示')).toBeTruthy()
  fireEvent.click(screen.getByText('确认收到'))
  expect(await screen.findByText('发送感谢')).toBeTruthy()
  expect(screen.getAllByText('已圆梦').length).toBeGreaterThan(0)
  expect(backend.count('wishes.confirm')).toBe(1)
})

test('a stranger sees the wish and no action', async () => {
  __setRouterParams({ id: 'wi1' })
  installFakeBackend({ 'wishes.detail': () => ok(detailOf(base, actor('u-x'), now, [], new Map())) })
  render(<WishDetailPage />)
  expect(await screen.findByText('一件棉衣')).toBeTruthy()
  for (const label of ['我来认领', '通过并上墙', '确认收到', '撤回心愿', '发送留言']) expect(screen.queryByText(label)).toBeNull()
})

const contactOf = (enterpriseIds: string[]): WishActor => ({ ...actor('u-contact', ['worker', 'enterprise_contact']), enterpriseIds })
const companyClaimed = (enterpriseId: string, enterpriseName: string): WishDoc => ({
  ...base,
  state: 'claimed',
  version: 3,
  claim: { kind: 'company', claimerId: 'u-contact', enterpriseId, enterpriseName, parts: 1, participants: ['u-contact'], claimedAt: now, contactBy: new Date(now.getTime() + 7 * 86_400_000) },
})

test('an enterprise\'s contact claims in the enterprise\'s name; the card then says 企业认领 · its name', async () => {
  __setRouterParams({ id: 'wi1' })
  const contact = contactOf(['ent-lf-001'])
  const backend = installFakeBackend({
    'wishes.detail': () => ok(detailOf(base, contact, now, [], new Map())),
    'wishes.myEnterprises': () => ok([{ id: 'ent-lf-001', name: '美团外卖娄葑配送站' }]),
    'wishes.claim': () => ok(detailOf(companyClaimed('ent-lf-001', '美团外卖娄葑配送站'), contact, now, [], new Map())),
  })
  render(<WishDetailPage />)
  expect(await screen.findByText('认领企业：美团外卖娄葑配送站')).toBeTruthy()
  // Not a Party member, not a captain: only the company button.
  expect(screen.queryByText('我来认领')).toBeNull()
  expect(screen.queryByText('团队认领')).toBeNull()
  expect(backend.count('wishes.myTeams')).toBe(0)
  fireEvent.click(screen.getByText('以企业名义认领'))
  expect(await screen.findByText('已联系许愿人')).toBeTruthy()
  expect(screen.getByText('企业认领 · 美团外卖娄葑配送站')).toBeTruthy()
  expect(backend.calls.find((c) => c.key === 'wishes.claim')?.payload).toEqual({ wishId: 'wi1', kind: 'company', enterpriseId: 'ent-lf-001' })
})

test('a contact of several enterprises picks the one that claims', async () => {
  __setRouterParams({ id: 'wi1' })
  const contact = contactOf(['ent-lf-001', 'ent-lf-002'])
  const backend = installFakeBackend({
    'wishes.detail': () => ok(detailOf(base, contact, now, [], new Map())),
    'wishes.myEnterprises': () => ok([{ id: 'ent-lf-001', name: '美团外卖娄葑配送站' }, { id: 'ent-lf-002', name: '饿了么娄葑东区站' }]),
    'wishes.claim': () => ok(detailOf(companyClaimed('ent-lf-002', '饿了么娄葑东区站'), contact, now, [], new Map())),
  })
  render(<WishDetailPage />)
  expect(await screen.findByText('认领企业：美团外卖娄葑配送站')).toBeTruthy()
  fireEvent.click(screen.getByText('饿了么娄葑东区站'))
  expect(screen.getByText('认领企业：饿了么娄葑东区站')).toBeTruthy()
  fireEvent.click(screen.getByText('以企业名义认领'))
  expect(await screen.findByText('企业认领 · 饿了么娄葑东区站')).toBeTruthy()
  expect(backend.calls.find((c) => c.key === 'wishes.claim')?.payload).toEqual({ wishId: 'wi1', kind: 'company', enterpriseId: 'ent-lf-002' })
})

test('a Party member sees no company button; a refused company claim shows the server\'s reason and changes nothing', async () => {
  __setRouterParams({ id: 'wi1' })
  const member = installFakeBackend({ 'wishes.detail': () => ok(detailOf(base, actor('u-member', ['worker', 'party_member']), now, [], new Map())) })
  const { unmount } = render(<WishDetailPage />)
  expect(await screen.findByText('我来认领')).toBeTruthy()
  expect(screen.queryByText('以企业名义认领')).toBeNull()
  expect(member.count('wishes.myEnterprises')).toBe(0)
  unmount()

  const contact = contactOf(['ent-lf-001'])
  installFakeBackend({
    'wishes.detail': () => ok(detailOf(base, contact, now, [], new Map())),
    'wishes.myEnterprises': () => ok([{ id: 'ent-lf-001', name: '美团外卖娄葑配送站' }]),
    'wishes.claim': () => fail(new AppError('FORBIDDEN', '只能以您担任联络人的企业认领', 'enterpriseId')),
  })
  render(<WishDetailPage />)
  fireEvent.click(await screen.findByText('以企业名义认领'))
  expect(await screen.findByText('只能以您担任联络人的企业认领')).toBeTruthy()
  expect(screen.getByText('以企业名义认领')).toBeTruthy()
  expect(screen.queryByText('已联系许愿人')).toBeNull()
})
