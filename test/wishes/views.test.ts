/**
 * What each viewer sees of a wish, pure: the public card carries no beneficiary id, phone, photo or
 * idempotency key whatever the stored wish holds; the claimer sees the phone only with consent; the
 * photo reaches only the beneficiary, the street's staff and the claim's people.
 */
import type { WishActor } from '../../src/wishes/machine'
import type { WishDoc } from '../../src/wishes/model'
import { wishShareCard } from '../../src/wishes/share'
import { cardOf, detailOf } from '../../src/wishes/views'

const now = new Date('2026-12-05T08:00:00Z')
const wish: WishDoc = {
  _id: 'wi1',
  idempotencyKey: 'u-ben:key-123456',
  beneficiaryId: 'u-ben',
  forWhom: 'family',
  categoryId: 'child_study',
  title: '书包',
  description: '孩子的书包',
  photo: 'cloud://env/wishes/key-123456/0.jpg',
  passedPhotos: ['cloud://env/wishes/key-123456/0.jpg'],
  valueBand: 'under_100',
  district: '苏州工业园区',
  street: 'street-lf',
  streetName: '娄葑街道',
  community: '金鸡湖社区',
  phone: '13912345678',
  phoneConsent: false,
  state: 'claimed',
  version: 3,
  priority: 1,
  publishedAt: new Date(now.getTime() - 5 * 86_400_000),
  claim: { kind: 'member', claimerId: 'u-member', parts: 1, participants: ['u-member'], claimedAt: now, contactBy: new Date(now.getTime() + 7 * 86_400_000) },
  screening: { ok: true, by: 'u-staff', at: now },
  createdAt: new Date(now.getTime() - 6 * 86_400_000),
  updatedAt: now,
}
const actor = (userId: string, extra: Partial<WishActor> = {}): WishActor => ({ userId, roles: ['worker'], streetIds: [], captainTeamIds: [], memberTeamIds: [], enterpriseIds: [], ...extra })
const secrets = ['u-ben', '13912345678', 'cloud://env/wishes', 'key-123456', 'beneficiaryId', 'u-staff']

test('the public card and a stranger\'s detail carry no identity, phone, photo or key', () => {
  const card = cardOf(wish, now)
  expect(card).toMatchObject({ waitingDays: 5, priority: true, claim: { kind: 'member', taken: 1 } })
  const stranger = detailOf(wish, actor('u-x', { roles: ['worker', 'party_member'] }), now, [], new Map())
  for (const json of [JSON.stringify(card), JSON.stringify(stranger)]) for (const s of secrets) expect(json).not.toContain(s)
})

test('the claimer sees the phone only with consent; the photo only for the wish\'s people', () => {
  expect(detailOf(wish, actor('u-member'), now, [], new Map()).phone).toBeUndefined()
  const consented = detailOf({ ...wish, phoneConsent: true }, actor('u-member'), now, [], new Map())
  expect(consented.phone).toBe('13912345678')
  expect(consented.photoUrl).toBe(wish.photo)
  expect(detailOf(wish, actor('u-ben'), now, [], new Map())).toMatchObject({ viewer: { mine: true }, photoUrl: wish.photo, phoneConsent: false })
  expect(detailOf(wish, actor('u-s', { roles: ['worker', 'dispatcher'], streetIds: ['street-lf'] }), now, [], new Map()).photoUrl).toBe(wish.photo)
  expect(detailOf(wish, actor('u-s2', { roles: ['worker', 'dispatcher'], streetIds: ['street-hj'] }), now, [], new Map()).photoUrl).toBeUndefined()
})

test('the chat card says what and where, opens the wish, and carries no identity', () => {
  const card = wishShareCard({ ...cardOf(wish, now), state: 'published' })
  expect(card).toEqual({ title: '微心愿：书包｜金鸡湖社区｜已等5天', path: '/wishes/pages/detail/index?id=wi1' })
  for (const s of secrets) expect(JSON.stringify(card)).not.toContain(s)
})

test('a photo reaches anyone but its author and staff only after WeChat\'s image check passed it', () => {
  const unchecked: WishDoc = { ...wish, passedPhotos: undefined }
  const receipt = 'cloud://env/wishes/r/receipt.jpg'
  const delivered: WishDoc = { ...unchecked, state: 'delivered', delivery: { photo: receipt, at: now } }
  // The claimer sees the wish's photo only once it passed; the beneficiary and staff see it at once.
  const claimer = detailOf(unchecked, actor('u-member'), now, [], new Map())
  expect(claimer.photoChecking).toBe(true)
  expect(claimer.photoUrl).toBeUndefined()
  expect(detailOf(unchecked, actor('u-ben'), now, [], new Map()).photoUrl).toBe(wish.photo)
  expect(detailOf(unchecked, actor('u-s', { streetIds: ['street-lf'] }), now, [], new Map()).photoUrl).toBe(wish.photo)
  // The receipt the claimer took: the beneficiary waits for the check, the claimer does not.
  expect(detailOf(delivered, actor('u-ben'), now, [], new Map()).delivery).toEqual({ photoChecking: true, at: now.toISOString() })
  expect(detailOf(delivered, actor('u-member'), now, [], new Map()).delivery?.photoUrl).toBe(receipt)
  expect(detailOf({ ...delivered, passedPhotos: [receipt] }, actor('u-ben'), now, [], new Map()).delivery?.photoUrl).toBe(receipt)
})

test('a company claim\'s card names the enterprise (a public registry fact), never the contact person', () => {
  const company: WishDoc = { ...wish, claim: { kind: 'company', claimerId: 'u-contact-9', enterpriseId: 'ent-lf-001', enterpriseName: '美团外卖娄葑配送站', parts: 1, participants: ['u-contact-9'], claimedAt: now, contactBy: new Date(now.getTime() + 7 * 86_400_000) } }
  const card = cardOf(company, now)
  expect(card.claim).toEqual({ kind: 'company', label: '企业认领', enterpriseName: '美团外卖娄葑配送站', parts: 1, taken: 1 })
  const stranger = detailOf(company, actor('u-x'), now, [], new Map())
  for (const json of [JSON.stringify(card), JSON.stringify(stranger)]) for (const s of [...secrets, 'u-contact-9', 'ent-lf-001']) expect(json).not.toContain(s)
  // The contact is the claimer: they see the claim's people view.
  expect(detailOf(company, actor('u-contact-9', { roles: ['worker', 'enterprise_contact'], enterpriseIds: ['ent-lf-001'] }), now, [], new Map())).toMatchObject({ viewer: { claimer: true, participant: true }, commands: ['mark_contacted', 'release'], claimKinds: [] })
})
