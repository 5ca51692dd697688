/**
 * The micro-wish state machine, pure, on the shared workflow (src/core/workflow.ts). `applyWishCommand`
 * checks who may (role), whether the wish is theirs to act on (their street, their own wish, their
 * claim, their team's claim, their enterprise), whether the state allows it, then the command's own
 * conditions (the team quota, the registered enterprise, the 7-day contact window, the auto-confirm
 * delay), and answers the patch and the ONE
 * append-only event. Transactions, points and messages are the function's job; nothing here does I/O.
 *
 *   submitted ─screen_ok→ published ─claim→ claimed ─mark_contacted→ contacted ─deliver→ delivered ─confirm/auto_confirm→ fulfilled
 *       └screen_decline→ declined      ↑  └──────── lapse (7 days, system) / release ───┘          └not_arrived→ contacted
 *   submitted|published ─withdraw→ withdrawn
 */
import { AppError } from '../core/errors'
import type { Role } from '../core/roles'
import { addDays } from '../core/time'
import { authorizeTransition, allowedCommands, createdEvent, transitionEvent, type PartyTests, type TransitionTable, type WorkflowLabels } from '../core/workflow'
import type { WishClaim, WishDoc, WishEventDoc } from './model'
import {
  claimedStates,
  openWishStates,
  wishCommandLabel,
  wishPolicy,
  wishStateLabel,
  type ClaimKind,
  type DeclineReason,
  type WishCommand,
  type WishState,
} from './vocabulary'

export interface WishActor {
  userId: string
  roles: readonly Role[]
  /** Streets whose wishes this person screens (dispatcher and street-wide grid worker scopes). */
  streetIds: readonly string[]
  /** Teams this person captains (team_captain scopes). */
  captainTeamIds: readonly string[]
  /** Teams this person is a member of (for joining a team claim). */
  memberTeamIds: readonly string[]
  /** Enterprises this person is the contact of (enterprise_contact scopes): a company claim names one. */
  enterpriseIds: readonly string[]
  system?: boolean
}

export const wishSystemActor: WishActor = { userId: 'system', roles: [], streetIds: [], captainTeamIds: [], memberTeamIds: [], enterpriseIds: [], system: true }

export interface WishCommandArgs {
  screen_ok: { note?: string }
  screen_decline: { reason: DeclineReason; note?: string }
  withdraw: object
  /**
   * `enterpriseName` is the name of the `enterpriseId` registry record (一企一档) as the function read it,
   * absent when there is no such record: only a registered enterprise claims.
   */
  claim: { kind: ClaimKind; teamId?: string; teamName?: string; parts?: number; enterpriseId?: string; enterpriseName?: string }
  join: object
  mark_contacted: { note?: string }
  release: { note?: string }
  lapse: object
  deliver: { photo: string; note?: string }
  confirm: { note?: string }
  not_arrived: { note: string }
  auto_confirm: object
  thank: { text: string; public: boolean }
  flag_stale: object
  set_phone_consent: { consent: boolean }
}

export type WishCommandInput = { [K in WishCommand]: { type: K } & WishCommandArgs[K] }[WishCommand]

export type WishParty = 'street_staff' | 'beneficiary' | 'member' | 'captain' | 'enterprise' | 'claimer' | 'teammate' | 'system'

export const wishRules: TransitionTable<WishCommand, WishState, WishParty> = {
  screen_ok: { from: ['submitted'], to: 'published', by: ['street_staff'] },
  screen_decline: { from: ['submitted'], to: 'declined', by: ['street_staff'] },
  withdraw: { from: ['submitted', 'published'], to: 'withdrawn', by: ['beneficiary'] },
  claim: { from: ['published'], to: 'claimed', by: ['member', 'captain', 'enterprise'] },
  join: { from: ['claimed', 'contacted'], to: null, by: ['teammate'] },
  mark_contacted: { from: ['claimed'], to: 'contacted', by: ['claimer'] },
  release: { from: ['claimed', 'contacted'], to: 'published', by: ['claimer'] },
  lapse: { from: ['claimed'], to: 'published', by: ['system'] },
  deliver: { from: ['contacted'], to: 'delivered', by: ['claimer'] },
  confirm: { from: ['delivered'], to: 'fulfilled', by: ['beneficiary'] },
  not_arrived: { from: ['delivered'], to: 'contacted', by: ['beneficiary'] },
  auto_confirm: { from: ['delivered'], to: 'fulfilled', by: ['system'] },
  thank: { from: ['fulfilled'], to: null, by: ['beneficiary'] },
  flag_stale: { from: ['submitted'], to: null, by: ['system'] },
  set_phone_consent: { from: openWishStates, to: null, by: ['beneficiary'] },
}

/** The role a claimer acts in, by the kind of their claim (the claim's events record it). */
const claimRole: Record<ClaimKind, Role> = { member: 'party_member', team: 'team_captain', company: 'enterprise_contact' }

const partyTests: PartyTests<WishParty, WishDoc, WishActor> = {
  holds(party, a) {
    switch (party) {
      case 'street_staff':
        return a.roles.includes('dispatcher') || a.roles.includes('grid_worker')
      case 'member':
        return a.roles.includes('party_member')
      case 'captain':
        return a.roles.includes('team_captain')
      case 'enterprise':
        return a.roles.includes('enterprise_contact')
      case 'system':
        return !!a.system
      default:
        return !a.system
    }
  },
  actsAs(party, w, a) {
    switch (party) {
      case 'street_staff':
        if (!a.streetIds.includes(w.street)) return null
        return a.roles.includes('dispatcher') ? 'dispatcher' : 'grid_worker'
      case 'beneficiary':
        return !a.system && w.beneficiaryId === a.userId ? 'worker' : null
      case 'member':
        return a.roles.includes('party_member') ? 'party_member' : null
      case 'captain':
        return a.roles.includes('team_captain') && a.captainTeamIds.length ? 'team_captain' : null
      case 'enterprise':
        return a.roles.includes('enterprise_contact') && a.enterpriseIds.length ? 'enterprise_contact' : null
      case 'claimer':
        return !a.system && w.claim?.claimerId === a.userId ? claimRole[w.claim.kind] : null
      case 'teammate':
        return !a.system && w.claim?.kind === 'team' && !!w.claim.teamId && a.memberTeamIds.includes(w.claim.teamId) ? 'worker' : null
      case 'system':
        return a.system ? 'system' : null
    }
  },
}

export const wishLabels: WorkflowLabels<WishCommand, WishState, WishParty> = {
  command: wishCommandLabel,
  state: wishStateLabel,
  party: { street_staff: '心愿所在街道的工作人员', beneficiary: '许愿人本人', member: '党员', captain: '服务队队长', enterprise: '企业联络人', claimer: '认领人', teammate: '认领服务队的队员', system: '系统（定时任务）' },
  outOfScope: {
    street_staff: '这个心愿不在您负责的街道，请由所在街道审核',
    beneficiary: '只有许愿人本人可以这样做',
    member: '请先完成党员认证再认领',
    captain: '您还没有负责的服务队',
    enterprise: '您还没有联络的企业，请联系街道授权',
    claimer: '只有认领人可以这样做',
    teammate: '只有认领服务队的队员可以加入',
    system: '只有系统可以执行此操作',
  },
  noun: '这个心愿',
}

export function authorizeWish(wish: WishDoc, type: WishCommand, actor: WishActor): Role | 'system' {
  return authorizeTransition(wishRules, partyTests, wishLabels, wish, type, actor)
}

export interface WishTransition {
  patch: Partial<WishDoc>
  event: WishEventDoc
}

function trimmed(note: string | undefined): string | undefined {
  const n = (note ?? '').trim()
  return n || undefined
}

/** Applies one command: guard, the command's own conditions, then the patch and its event. */
export function applyWishCommand(wish: WishDoc, command: WishCommandInput, actor: WishActor, now: Date): WishTransition {
  let role = authorizeWish(wish, command.type, actor)
  const rule = wishRules[command.type]
  const patch: Partial<WishDoc> = {}
  const data: Record<string, unknown> = {}
  let note: string | undefined
  let reason: string | undefined

  switch (command.type) {
    case 'screen_ok':
      note = trimmed(command.note)
      patch.screening = { ok: true, by: actor.userId, at: now, ...(note ? { note } : {}) }
      patch.publishedAt = wish.publishedAt ?? now
      patch.staleFlagged = false
      break
    case 'screen_decline':
      note = trimmed(command.note)
      reason = command.reason
      patch.screening = { ok: false, reason: command.reason, by: actor.userId, at: now, ...(note ? { note } : {}) }
      break
    case 'withdraw':
      break
    case 'claim': {
      if (wish.beneficiaryId === actor.userId) throw new AppError('FORBIDDEN', '不能认领自己的心愿')
      let parts = 1
      if (command.kind === 'team') {
        if (!command.teamId || !actor.captainTeamIds.includes(command.teamId)) throw new AppError('FORBIDDEN', '只能以您担任队长的服务队认领', 'teamId')
        parts = command.parts ?? 1
        if (!Number.isInteger(parts) || parts < 1 || parts > wishPolicy.maxParts) throw new AppError('INVALID_ARGUMENT', `团队认领名额应为 1–${wishPolicy.maxParts} 人`, 'parts')
      } else if (command.kind === 'company') {
        if (!actor.roles.includes('enterprise_contact')) throw new AppError('FORBIDDEN', '企业认领需要由街道授权的企业联络人办理')
        if (!command.enterpriseId) throw new AppError('INVALID_ARGUMENT', '请选择以哪家企业认领', 'enterpriseId')
        if (!actor.enterpriseIds.includes(command.enterpriseId)) throw new AppError('FORBIDDEN', '只能以您担任联络人的企业认领', 'enterpriseId')
        // Registered = on the street's registry (一企一档). The record has no status to require: every record is
        // one staff created and keep verifying, and a stale verification is the ledger's flag, not a deregistration.
        if (!command.enterpriseName) throw new AppError('FORBIDDEN', '这家企业不在街道企业名录（一企一档）中，暂不能以企业名义认领', 'enterpriseId')
      } else if (!actor.roles.includes('party_member')) {
        throw new AppError('FORBIDDEN', '个人认领需要党员身份；服务队请由队长以团队认领，企业请由联络人以企业认领')
      }
      role = claimRole[command.kind]
      patch.claim = {
        kind: command.kind,
        claimerId: actor.userId,
        parts,
        participants: [actor.userId],
        claimedAt: now,
        contactBy: addDays(now, wishPolicy.contactDays),
        ...(command.kind === 'team' ? { teamId: command.teamId, teamName: command.teamName ?? '' } : {}),
        ...(command.kind === 'company' ? { enterpriseId: command.enterpriseId, enterpriseName: command.enterpriseName } : {}),
      }
      data.kind = command.kind
      if (command.kind === 'team' && command.teamId) data.teamId = command.teamId
      if (command.kind === 'company') data.enterpriseId = command.enterpriseId
      data.parts = parts
      break
    }
    case 'join': {
      const c = wish.claim!
      if (c.participants.includes(actor.userId)) throw new AppError('CONFLICT', '您已经在认领名单里了')
      if (c.participants.length >= c.parts) throw new AppError('OUT_OF_RANGE', `团队认领的 ${c.parts} 个名额已满`)
      patch.claim = { ...c, participants: [...c.participants, actor.userId] }
      data.participants = c.participants.length + 1
      break
    }
    case 'mark_contacted': {
      const c = wish.claim!
      if (now.getTime() > new Date(c.contactBy).getTime()) throw new AppError('CONFLICT', `认领已超过 ${wishPolicy.contactDays} 天未联系，心愿将退回心愿墙`)
      note = trimmed(command.note)
      patch.claim = { ...c, contactedAt: now }
      break
    }
    case 'release':
    case 'lapse': {
      const c = wish.claim!
      if (command.type === 'lapse' && now.getTime() <= new Date(c.contactBy).getTime()) throw new AppError('CONFLICT', '认领还在联系期内')
      if (command.type === 'release') note = trimmed(command.note)
      // Back on the wall ahead of the others: waiting time still counts from the first publication.
      patch.claim = undefined
      patch.priority = wish.priority + 1
      data.claimerId = c.claimerId
      break
    }
    case 'deliver':
      if (!command.photo) throw new AppError('INVALID_ARGUMENT', '请拍一张送达照片作为回执', 'photo')
      note = trimmed(command.note)
      patch.delivery = { photo: command.photo, at: now, ...(note ? { note } : {}) }
      data.photo = command.photo
      break
    case 'confirm':
      note = trimmed(command.note)
      patch.fulfilledAt = now
      break
    case 'not_arrived': {
      note = trimmed(command.note)
      if (!note) throw new AppError('INVALID_ARGUMENT', '请说明没有收到的情况', 'note')
      patch.delivery = undefined
      break
    }
    case 'auto_confirm':
      if (!wish.delivery || now.getTime() < addDays(new Date(wish.delivery.at), wishPolicy.autoConfirmDays).getTime()) {
        throw new AppError('CONFLICT', `送达未满 ${wishPolicy.autoConfirmDays} 天，还在等许愿人确认`)
      }
      patch.fulfilledAt = now
      patch.autoConfirmed = true
      break
    case 'thank': {
      if (wish.thanks) throw new AppError('CONFLICT', '已经发过感谢了')
      const text = command.text.trim()
      if (!text) throw new AppError('INVALID_ARGUMENT', '请写几句感谢的话', 'text')
      patch.thanks = { text, public: command.public, at: now }
      data.public = command.public
      break
    }
    case 'flag_stale':
      if (wish.staleFlagged) throw new AppError('CONFLICT', '已经提醒过了')
      if (now.getTime() < addDays(new Date(wish.createdAt), wishPolicy.staleScreenDays).getTime()) throw new AppError('CONFLICT', '还没有到提醒时间')
      patch.staleFlagged = true
      break
    case 'set_phone_consent':
      if (command.consent && !wish.phone) throw new AppError('INVALID_ARGUMENT', '这个心愿没有留电话', 'consent')
      patch.phoneConsent = command.consent
      data.consent = command.consent
      break
  }

  const to = rule.to ?? wish.state
  const event = transitionEvent<WishState, WishCommand>(wish, command.type, to, actor, role, now, { note, reason, data })
  Object.assign(patch, { state: to, version: event.seq, updatedAt: now })
  return { patch, event }
}

/** The wish as first stored: submitted at version 1 (its first event is `postEvent`). */
export function postEvent(wish: Pick<WishDoc, '_id' | 'beneficiaryId' | 'createdAt'>): WishEventDoc {
  return createdEvent<WishState, 'post'>(wish._id, 'post', 'submitted', wish.beneficiaryId, 'worker', wish.createdAt)
}

/** Buttons for this person on this wish (the server re-checks). */
export function wishCommandsFor(wish: WishDoc, actor: WishActor): WishCommand[] {
  const out = allowedCommands<WishCommand, WishState, WishParty, WishDoc, WishActor>(wishRules, partyTests, wishLabels, wish, actor, ['lapse', 'auto_confirm', 'flag_stale'])
  return out.filter((c) => {
    if (c === 'claim') return wish.beneficiaryId !== actor.userId
    if (c === 'join') return !!wish.claim && !wish.claim.participants.includes(actor.userId) && wish.claim.participants.length < wish.claim.parts
    if (c === 'thank') return !wish.thanks
    return true
  })
}

/** The claim kinds this person may use (which claim buttons the page shows; the server re-checks). */
export function claimKindsFor(actor: WishActor): ClaimKind[] {
  const kinds: ClaimKind[] = []
  if (actor.system) return kinds
  if (actor.roles.includes('party_member')) kinds.push('member')
  if (actor.roles.includes('team_captain') && actor.captainTeamIds.length) kinds.push('team')
  if (actor.roles.includes('enterprise_contact') && actor.enterpriseIds.length) kinds.push('company')
  return kinds
}

/**
 * Who a fulfilled wish's points go to: the claimer of a member or team claim. A company claim credits
 * nobody: the passbook rewards a person's own service, and a company claim is the enterprise's gift that
 * its contact carries out as part of their job — crediting the contact would turn the company's spending
 * into one employee's redeemable points (and the next claim on its budget into more).
 */
export function creditedClaimer(claim: Pick<WishClaim, 'kind' | 'claimerId'>): string | null {
  return claim.kind === 'company' ? null : claim.claimerId
}

export function hasLiveClaim(wish: Pick<WishDoc, 'state'>): boolean {
  return claimedStates.includes(wish.state)
}
