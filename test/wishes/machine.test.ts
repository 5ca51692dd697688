/**
 * The micro-wish state machine, pure: every command from every state with the right party (allowed
 * exactly where the table says, else CONFLICT naming the state), every command by the wrong role
 * (FORBIDDEN, refusal 'role'), street staff of another street and strangers acting on someone else's
 * wish (FORBIDDEN, refusal 'scope'), the command's own conditions (quota, contact window, auto-confirm
 * delay, own wish), company claims by an enterprise's contact (their enterprise only, registered only,
 * no points), and events that replay to the stored state.
 */
import { replayState, TransitionRefused } from '../../src/core/workflow'
import { applyWishCommand, claimKindsFor, creditedClaimer, postEvent, wishCommandsFor, wishRules, wishSystemActor, type WishActor, type WishCommandInput } from '../../src/wishes/machine'
import type { WishDoc } from '../../src/wishes/model'
import { allWishStates, type WishCommand, type WishState } from '../../src/wishes/vocabulary'

const now = new Date('2026-12-05T08:00:00Z')
const DAY = 86_400_000

const beneficiary: WishActor = { userId: 'u-ben', roles: ['worker'], streetIds: [], captainTeamIds: [], memberTeamIds: [], enterpriseIds: [] }
const staff: WishActor = { userId: 'u-staff', roles: ['worker', 'dispatcher'], streetIds: ['street-lf'], captainTeamIds: [], memberTeamIds: [], enterpriseIds: [] }
const otherStaff: WishActor = { userId: 'u-staff2', roles: ['worker', 'dispatcher'], streetIds: ['street-hj'], captainTeamIds: [], memberTeamIds: [], enterpriseIds: [] }
const member: WishActor = { userId: 'u-member', roles: ['worker', 'party_member'], streetIds: [], captainTeamIds: [], memberTeamIds: [], enterpriseIds: [] }
const captain: WishActor = { userId: 'u-captain', roles: ['worker', 'team_captain'], streetIds: [], captainTeamIds: ['team-1'], memberTeamIds: ['team-1'], enterpriseIds: [] }
const teammate: WishActor = { userId: 'u-mate', roles: ['worker'], streetIds: [], captainTeamIds: [], memberTeamIds: ['team-1'], enterpriseIds: [] }
const contact: WishActor = { userId: 'u-contact', roles: ['worker', 'enterprise_contact'], streetIds: [], captainTeamIds: [], memberTeamIds: [], enterpriseIds: ['ent-1', 'ent-2'] }
const stranger: WishActor = { userId: 'u-stranger', roles: ['worker'], streetIds: [], captainTeamIds: [], memberTeamIds: [], enterpriseIds: [] }

function wish(state: WishState, over: Partial<WishDoc> = {}): WishDoc {
  const claimed = ['claimed', 'contacted', 'delivered', 'fulfilled'].includes(state)
  return {
    _id: 'wi1',
    idempotencyKey: 'k',
    beneficiaryId: 'u-ben',
    forWhom: 'self',
    categoryId: 'clothing',
    title: '棉衣',
    description: '一件棉衣',
    valueBand: 'under_100',
    district: '苏州工业园区',
    street: 'street-lf',
    streetName: '娄葑街道',
    community: '金鸡湖社区',
    phone: '13900000000',
    phoneConsent: false,
    state,
    version: 3,
    priority: 0,
    createdAt: new Date(now.getTime() - 10 * DAY),
    updatedAt: now,
    ...(claimed ? { claim: { kind: 'team', claimerId: 'u-captain', teamId: 'team-1', teamName: '先锋队', parts: 3, participants: ['u-captain'], claimedAt: now, contactBy: new Date(now.getTime() + 7 * DAY) } } : {}),
    ...(state === 'delivered' || state === 'fulfilled' ? { delivery: { photo: 'cloud://x/wishes/r.jpg', at: new Date(now.getTime() - 8 * DAY) } } : {}),
    ...over,
  } as WishDoc
}

/** The right party and a valid command for each command type. */
const cases: Record<WishCommand, { actor: WishActor; command: WishCommandInput; wrongRole: WishActor }> = {
  screen_ok: { actor: staff, command: { type: 'screen_ok' }, wrongRole: member },
  screen_decline: { actor: staff, command: { type: 'screen_decline', reason: 'unclear' }, wrongRole: member },
  withdraw: { actor: beneficiary, command: { type: 'withdraw' }, wrongRole: wishSystemActor },
  claim: { actor: member, command: { type: 'claim', kind: 'member' }, wrongRole: stranger },
  join: { actor: teammate, command: { type: 'join' }, wrongRole: wishSystemActor },
  mark_contacted: { actor: captain, command: { type: 'mark_contacted' }, wrongRole: wishSystemActor },
  release: { actor: captain, command: { type: 'release' }, wrongRole: wishSystemActor },
  lapse: { actor: wishSystemActor, command: { type: 'lapse' }, wrongRole: staff },
  deliver: { actor: captain, command: { type: 'deliver', photo: 'cloud://x/wishes/d.jpg' }, wrongRole: wishSystemActor },
  confirm: { actor: beneficiary, command: { type: 'confirm' }, wrongRole: wishSystemActor },
  not_arrived: { actor: beneficiary, command: { type: 'not_arrived', note: '没收到' }, wrongRole: wishSystemActor },
  auto_confirm: { actor: wishSystemActor, command: { type: 'auto_confirm' }, wrongRole: beneficiary },
  thank: { actor: beneficiary, command: { type: 'thank', text: '谢谢', public: true }, wrongRole: wishSystemActor },
  flag_stale: { actor: wishSystemActor, command: { type: 'flag_stale' }, wrongRole: staff },
  set_phone_consent: { actor: beneficiary, command: { type: 'set_phone_consent', consent: true }, wrongRole: wishSystemActor },
}

const claimParty: readonly WishCommand[] = ['join', 'mark_contacted', 'release', 'deliver', 'lapse']

/** Claim-party commands are tried on a wish that carries a claim record in every state (so the state, not the missing claim, refuses); lapse needs an overdue contact window. */
function subjectFor(type: WishCommand, state: WishState): WishDoc {
  const w = wish(state)
  if (claimParty.includes(type) && !w.claim) w.claim = wish('claimed').claim
  if (type === 'lapse' && w.claim) w.claim = { ...w.claim, contactBy: new Date(now.getTime() - DAY) }
  return w
}

function refusal(fn: () => unknown): { code: string; refusal?: string } | null {
  try {
    fn()
    return null
  } catch (err) {
    const e = err as TransitionRefused
    return { code: e.code, refusal: e instanceof TransitionRefused ? e.refusal : undefined }
  }
}

describe('every command from every state, by its own party', () => {
  for (const type of Object.keys(cases) as WishCommand[]) {
    for (const state of allWishStates) {
      const allowed = wishRules[type].from.includes(state)
      test(`${type} from ${state}: ${allowed ? 'allowed' : 'refused (state)'}`, () => {
        const { actor, command } = cases[type]
        const w = subjectFor(type, state)
        if (allowed) {
          const { patch, event } = applyWishCommand(w, command, actor, now)
          expect(patch.state).toBe(wishRules[type].to ?? state)
          expect(patch.version).toBe(w.version + 1)
          expect(event).toMatchObject({ _id: `wi1:${w.version + 1}`, subjectId: 'wi1', seq: w.version + 1, kind: type, from: state, to: patch.state, actorId: actor.userId })
        } else {
          expect(refusal(() => applyWishCommand(w, command, actor, now))).toEqual({ code: 'CONFLICT', refusal: 'state' })
        }
      })
    }
  }
})

describe('wrong role and outside one\'s street', () => {
  for (const type of Object.keys(cases) as WishCommand[]) {
    test(`${type} by the wrong role is FORBIDDEN (role)`, () => {
      const state = wishRules[type].from[0]
      expect(refusal(() => applyWishCommand(subjectFor(type, state), cases[type].command, cases[type].wrongRole, now))).toEqual({ code: 'FORBIDDEN', refusal: 'role' })
    })
  }
  test('staff of another street cannot screen (scope)', () => {
    expect(refusal(() => applyWishCommand(wish('submitted'), { type: 'screen_ok' }, otherStaff, now))).toEqual({ code: 'FORBIDDEN', refusal: 'scope' })
    expect(refusal(() => applyWishCommand(wish('submitted'), { type: 'screen_decline', reason: 'duplicate' }, otherStaff, now))).toEqual({ code: 'FORBIDDEN', refusal: 'scope' })
  })
  test('once a claim has lapsed, the former claimer is no longer its claimer (scope)', () => {
    expect(refusal(() => applyWishCommand(wish('published'), { type: 'deliver', photo: 'cloud://x/wishes/d.jpg' }, captain, now))).toEqual({ code: 'FORBIDDEN', refusal: 'scope' })
  })
  test('someone else cannot withdraw, confirm, thank or mark contacted (scope)', () => {
    expect(refusal(() => applyWishCommand(wish('published'), { type: 'withdraw' }, stranger, now))).toEqual({ code: 'FORBIDDEN', refusal: 'scope' })
    expect(refusal(() => applyWishCommand(wish('delivered'), { type: 'confirm' }, stranger, now))).toEqual({ code: 'FORBIDDEN', refusal: 'scope' })
    expect(refusal(() => applyWishCommand(wish('claimed'), { type: 'mark_contacted' }, member, now))).toEqual({ code: 'FORBIDDEN', refusal: 'scope' })
    expect(refusal(() => applyWishCommand(wish('claimed'), { type: 'join' }, stranger, now))).toEqual({ code: 'FORBIDDEN', refusal: 'scope' })
  })
})

describe('the commands\' own conditions', () => {
  test('no one claims their own wish; a captain claims only for a team they lead', () => {
    const self: WishActor = { ...member, userId: 'u-ben' }
    expect(refusal(() => applyWishCommand(wish('published'), { type: 'claim', kind: 'member' }, self, now))?.code).toBe('FORBIDDEN')
    expect(refusal(() => applyWishCommand(wish('published'), { type: 'claim', kind: 'team', teamId: 'team-9', parts: 3 }, captain, now))?.code).toBe('FORBIDDEN')
    expect(refusal(() => applyWishCommand(wish('published'), { type: 'claim', kind: 'member' }, captain, now))?.code).toBe('FORBIDDEN')
    const { patch } = applyWishCommand(wish('published'), { type: 'claim', kind: 'team', teamId: 'team-1', teamName: '先锋队', parts: 3 }, captain, now)
    expect(patch.claim).toMatchObject({ kind: 'team', parts: 3, participants: ['u-captain'], contactBy: new Date(now.getTime() + 7 * DAY) })
  })
  test('a team claim never takes more members than its quota', () => {
    const full = wish('claimed')
    full.claim = { ...full.claim!, participants: ['u-captain', 'a', 'b'] }
    expect(refusal(() => applyWishCommand(full, { type: 'join' }, teammate, now))?.code).toBe('OUT_OF_RANGE')
    const { patch } = applyWishCommand(wish('claimed'), { type: 'join' }, teammate, now)
    expect(patch.claim?.participants).toEqual(['u-captain', 'u-mate'])
    expect(refusal(() => applyWishCommand({ ...wish('claimed'), claim: { ...wish('claimed').claim!, participants: ['u-captain', 'u-mate'] } }, { type: 'join' }, teammate, now))?.code).toBe('CONFLICT')
  })
  test('lapse only after the 7-day window; contact only within it; lapse returns with priority', () => {
    expect(refusal(() => applyWishCommand(wish('claimed'), { type: 'lapse' }, wishSystemActor, now))?.code).toBe('CONFLICT')
    const late = subjectFor('lapse', 'claimed')
    expect(refusal(() => applyWishCommand(late, { type: 'mark_contacted' }, captain, now))?.code).toBe('CONFLICT')
    const { patch } = applyWishCommand(late, { type: 'lapse' }, wishSystemActor, now)
    expect(patch).toMatchObject({ state: 'published', priority: 1 })
    expect('claim' in patch && patch.claim === undefined).toBe(true)
  })
  test('auto-confirm only 7 days after delivery; stale flag only after 3 days and once', () => {
    const fresh = wish('delivered', { delivery: { photo: 'cloud://x/wishes/r.jpg', at: new Date(now.getTime() - DAY) } })
    expect(refusal(() => applyWishCommand(fresh, { type: 'auto_confirm' }, wishSystemActor, now))?.code).toBe('CONFLICT')
    expect(refusal(() => applyWishCommand(wish('submitted', { createdAt: now }), { type: 'flag_stale' }, wishSystemActor, now))?.code).toBe('CONFLICT')
    expect(refusal(() => applyWishCommand(wish('submitted', { staleFlagged: true }), { type: 'flag_stale' }, wishSystemActor, now))?.code).toBe('CONFLICT')
  })
  test('delivery needs a photo; not-arrived needs a note; thanks once; phone consent needs a phone', () => {
    expect(refusal(() => applyWishCommand(wish('contacted'), { type: 'deliver', photo: '' }, captain, now))?.code).toBe('INVALID_ARGUMENT')
    expect(refusal(() => applyWishCommand(wish('delivered'), { type: 'not_arrived', note: ' ' }, beneficiary, now))?.code).toBe('INVALID_ARGUMENT')
    expect(refusal(() => applyWishCommand(wish('fulfilled', { thanks: { text: 'x', public: false, at: now } }), { type: 'thank', text: '谢谢', public: true }, beneficiary, now))?.code).toBe('CONFLICT')
    expect(refusal(() => applyWishCommand(wish('published', { phone: undefined }), { type: 'set_phone_consent', consent: true }, beneficiary, now))?.code).toBe('INVALID_ARGUMENT')
  })
})

test('a whole life replays from its events to the stored state', () => {
  let w = wish('submitted', { version: 1, claim: undefined })
  const events = [postEvent(w)]
  const steps: Array<[WishCommandInput, WishActor]> = [
    [{ type: 'screen_ok' }, staff],
    [{ type: 'claim', kind: 'member' }, member],
    [{ type: 'mark_contacted' }, member],
    [{ type: 'deliver', photo: 'cloud://x/wishes/d.jpg' }, member],
    [{ type: 'not_arrived', note: '没收到' }, beneficiary],
    [{ type: 'deliver', photo: 'cloud://x/wishes/e.jpg' }, member],
    [{ type: 'confirm' }, beneficiary],
    [{ type: 'thank', text: '谢谢', public: true }, beneficiary],
  ]
  for (const [command, actor] of steps) {
    const { patch, event } = applyWishCommand(w, command, actor, now)
    w = { ...w, ...patch }
    events.push(event)
  }
  expect(w.state).toBe('fulfilled')
  expect(replayState(events)).toBe(w.state)
  expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9])
})

test('buttons: the wall offers claim to a party member, never to the beneficiary; staff see screening', () => {
  expect(wishCommandsFor(wish('published'), member)).toEqual(['claim'])
  expect(wishCommandsFor(wish('published'), beneficiary)).toEqual(['withdraw', 'set_phone_consent'])
  expect(wishCommandsFor(wish('submitted'), staff)).toEqual(['screen_ok', 'screen_decline'])
  expect(wishCommandsFor(wish('submitted'), otherStaff)).toEqual([])
  expect(wishCommandsFor(wish('claimed'), teammate)).toEqual(['join'])
})

describe('company claims: an enterprise\'s contact claims in the name of one registered enterprise of theirs', () => {
  const companyClaim = (enterpriseId?: string, enterpriseName?: string): WishCommandInput => ({ type: 'claim', kind: 'company', enterpriseId, enterpriseName })

  test('the contact claims for their enterprise: the claim carries its id and name, the contact is the claimer', () => {
    const { patch, event } = applyWishCommand(wish('published'), companyClaim('ent-2', '美团外卖娄葑配送站'), contact, now)
    expect(patch).toMatchObject({ state: 'claimed' })
    expect(patch.claim).toEqual({ kind: 'company', claimerId: 'u-contact', enterpriseId: 'ent-2', enterpriseName: '美团外卖娄葑配送站', parts: 1, participants: ['u-contact'], claimedAt: now, contactBy: new Date(now.getTime() + 7 * DAY) })
    expect(event).toMatchObject({ kind: 'claim', actorId: 'u-contact', actorRole: 'enterprise_contact', data: { kind: 'company', enterpriseId: 'ent-2', parts: 1 } })
  })

  test('wrong role: a party member, a captain or a plain worker cannot claim as a company', () => {
    expect(refusal(() => applyWishCommand(wish('published'), companyClaim('ent-1', '某企业'), member, now))).toEqual({ code: 'FORBIDDEN', refusal: undefined })
    expect(refusal(() => applyWishCommand(wish('published'), companyClaim('ent-1', '某企业'), captain, now))).toEqual({ code: 'FORBIDDEN', refusal: undefined })
    expect(refusal(() => applyWishCommand(wish('published'), companyClaim('ent-1', '某企业'), stranger, now))).toEqual({ code: 'FORBIDDEN', refusal: 'role' })
    // Nor does the contact claim as a Party member without being one.
    expect(refusal(() => applyWishCommand(wish('published'), { type: 'claim', kind: 'member' }, contact, now))?.code).toBe('FORBIDDEN')
  })

  test('a contact without an enterprise is out of scope; another enterprise is FORBIDDEN naming the field', () => {
    const none: WishActor = { ...contact, enterpriseIds: [] }
    expect(refusal(() => applyWishCommand(wish('published'), companyClaim('ent-1', '某企业'), none, now))).toEqual({ code: 'FORBIDDEN', refusal: 'scope' })
    expect(() => applyWishCommand(wish('published'), companyClaim('ent-9', '别家企业'), contact, now)).toThrow(expect.objectContaining({ code: 'FORBIDDEN', field: 'enterpriseId' }))
  })

  test('the enterprise must be named, and on the registry (the function found its name)', () => {
    expect(() => applyWishCommand(wish('published'), companyClaim(undefined, undefined), contact, now)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'enterpriseId' }))
    expect(() => applyWishCommand(wish('published'), companyClaim('ent-1', undefined), contact, now)).toThrow(expect.objectContaining({ code: 'FORBIDDEN', field: 'enterpriseId', message: expect.stringContaining('一企一档') }))
  })

  test('wrong state: only a wish on the wall can be claimed for a company', () => {
    for (const state of allWishStates.filter((st) => st !== 'published')) {
      expect(refusal(() => applyWishCommand(wish(state), companyClaim('ent-1', '某企业'), contact, now))).toEqual({ code: 'CONFLICT', refusal: 'state' })
    }
  })

  test('the contact contacts, delivers or gives back; an unmarked claim lapses back to the wall with priority', () => {
    const claimed = wish('claimed', { claim: applyWishCommand(wish('published'), companyClaim('ent-1', '某企业'), contact, now).patch.claim })
    expect(wishCommandsFor(claimed, contact)).toEqual(['mark_contacted', 'release'])
    expect(wishCommandsFor(claimed, member)).toEqual([])
    const contacted = applyWishCommand(claimed, { type: 'mark_contacted' }, contact, now)
    expect(contacted.event.actorRole).toBe('enterprise_contact')
    expect(applyWishCommand({ ...claimed, ...contacted.patch }, { type: 'deliver', photo: 'cloud://x/wishes/d.jpg' }, contact, now).patch.state).toBe('delivered')
    // No one else of the enterprise's scope acts on the contact's claim.
    expect(refusal(() => applyWishCommand(claimed, { type: 'mark_contacted' }, { ...contact, userId: 'u-contact2' }, now))).toEqual({ code: 'FORBIDDEN', refusal: 'scope' })
    const late = { ...claimed, claim: { ...claimed.claim!, contactBy: new Date(now.getTime() - DAY) } }
    expect(applyWishCommand(late, { type: 'lapse' }, wishSystemActor, now).patch).toMatchObject({ state: 'published', priority: 1, claim: undefined })
  })

  test('points: a member\'s or team\'s claimer is credited, a company claim credits nobody', () => {
    expect(creditedClaimer({ kind: 'member', claimerId: 'u-member' })).toBe('u-member')
    expect(creditedClaimer({ kind: 'team', claimerId: 'u-captain' })).toBe('u-captain')
    expect(creditedClaimer({ kind: 'company', claimerId: 'u-contact' })).toBeNull()
  })

  test('buttons: the wall offers the contact claim, with the kinds each person may use', () => {
    expect(wishCommandsFor(wish('published'), contact)).toEqual(['claim'])
    expect(claimKindsFor(contact)).toEqual(['company'])
    expect(claimKindsFor({ ...contact, enterpriseIds: [] })).toEqual([])
    expect(claimKindsFor(member)).toEqual(['member'])
    expect(claimKindsFor({ ...captain, roles: ['worker', 'team_captain', 'party_member'] })).toEqual(['member', 'team'])
    expect(claimKindsFor(wishSystemActor)).toEqual([])
  })
})
