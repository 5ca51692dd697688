/**
 * Team roster rules: ask to join, a captain approves or declines, members leave, captains remove
 * (with a reason) and hand the captaincy over. Pure transitions on one roster line; the function
 * persists each result with a guarded update on the previous state, so two captains deciding the same
 * request at once cannot both win.
 */
import { AppError } from '../core/errors'
import type { TeamDoc, TeamMemberDoc } from './model'
import type { JoinDecision } from './vocabulary'

export function memberDocId(teamId: string, userId: string): string {
  return `${teamId}:${userId}`
}

/** Captains of this team manage it; admins may step in for any team. */
export function isCaptainOf(team: Pick<TeamDoc, 'captainIds'>, userId: string): boolean {
  return team.captainIds.includes(userId)
}

export function requireCaptain(team: Pick<TeamDoc, 'captainIds'>, userId: string, isAdmin: boolean): void {
  if (!isAdmin && !isCaptainOf(team, userId)) throw new AppError('FORBIDDEN', '只有本队队长可以管理这支队伍')
}

/** A new or renewed request. Declined, left and removed people may ask again. */
export function requestToJoin(existing: TeamMemberDoc | null, input: { teamId: string; userId: string; note?: string }, now: Date): TeamMemberDoc {
  if (existing?.state === 'member') throw new AppError('CONFLICT', '你已经是这支队伍的队员了')
  if (existing?.state === 'pending') throw new AppError('CONFLICT', '你的入队申请正在等待队长审核')
  const doc: TeamMemberDoc = {
    _id: memberDocId(input.teamId, input.userId),
    teamId: input.teamId,
    userId: input.userId,
    state: 'pending',
    role: 'member',
    joinedAt: now,
    requestedAt: now,
    updatedAt: now,
  }
  if (input.note) doc.note = input.note
  return doc
}

/** A captain's answer to a pending request; declining needs a reason the person can act on. */
export function decideJoin(member: TeamMemberDoc, decision: { decision: JoinDecision; reason?: string; actorId: string }, now: Date): TeamMemberDoc {
  if (member.userId === decision.actorId) throw new AppError('FORBIDDEN', '不能审核自己的入队申请')
  if (member.state !== 'pending') throw new AppError('CONFLICT', '该申请已处理过，请刷新列表')
  const reason = decision.reason?.trim()
  if (decision.decision === 'decline' && (!reason || reason.length < 2)) throw new AppError('INVALID_ARGUMENT', '拒绝时请填写原因', 'reason')
  const next: TeamMemberDoc = { ...member, state: decision.decision === 'approve' ? 'member' : 'declined', decidedAt: now, decidedBy: decision.actorId, updatedAt: now }
  if (decision.decision === 'approve') next.joinedAt = now
  if (reason) next.reason = reason
  else delete next.reason
  return next
}

/** A member leaves. The last captain must hand over first, or the team would have nobody to run it. */
export function leaveTeam(member: TeamMemberDoc | null, team: Pick<TeamDoc, 'captainIds'>, now: Date): TeamMemberDoc {
  if (!member || (member.state !== 'member' && member.state !== 'pending')) throw new AppError('CONFLICT', '你不在这支队伍里')
  if (isCaptainOf(team, member.userId) && team.captainIds.length <= 1) {
    throw new AppError('CONFLICT', '你是唯一的队长，请先把队长移交给其他队员再退出')
  }
  return { ...member, state: 'left', role: 'member', decidedAt: now, updatedAt: now }
}

/** A captain removes a member, with a reason; captains are not removed this way (hand over instead). */
export function removeMember(member: TeamMemberDoc | null, team: Pick<TeamDoc, 'captainIds'>, input: { actorId: string; reason: string }, now: Date): TeamMemberDoc {
  if (!member || member.state !== 'member') throw new AppError('NOT_FOUND', '该队员不在队伍名单中')
  if (member.userId === input.actorId) throw new AppError('FORBIDDEN', '不能把自己移出队伍，请使用“退出队伍”')
  if (isCaptainOf(team, member.userId)) throw new AppError('FORBIDDEN', '不能移出队长，请先移交队长')
  const reason = input.reason.trim()
  if (reason.length < 2) throw new AppError('INVALID_ARGUMENT', '请填写移出原因', 'reason')
  return { ...member, state: 'removed', role: 'member', reason, decidedAt: now, decidedBy: input.actorId, updatedAt: now }
}

export interface HandOver {
  captainIds: string[]
  from: TeamMemberDoc
  to: TeamMemberDoc
}

/** The captain passes the captaincy to a current member; the old captain stays on as a member. */
export function handOverCaptaincy(team: Pick<TeamDoc, 'captainIds'>, from: TeamMemberDoc | null, to: TeamMemberDoc | null, now: Date): HandOver {
  if (!from || !isCaptainOf(team, from.userId)) throw new AppError('FORBIDDEN', '只有队长可以移交队长')
  if (!to || to.state !== 'member') throw new AppError('INVALID_ARGUMENT', '只能移交给本队在册队员', 'toUserId')
  if (to.userId === from.userId) throw new AppError('INVALID_ARGUMENT', '请选择另一名队员', 'toUserId')
  if (isCaptainOf(team, to.userId)) throw new AppError('CONFLICT', '对方已经是队长')
  const captainIds = [...team.captainIds.filter((id) => id !== from.userId), to.userId]
  return {
    captainIds,
    from: { ...from, role: 'member', updatedAt: now },
    to: { ...to, role: 'captain', updatedAt: now },
  }
}
