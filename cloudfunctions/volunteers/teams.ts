/**
 * Team actions: browse teams, ask to join, leave; and the captain's roster work — approve or decline
 * requests, remove with a reason, hand over the captaincy, export the roster. Each roster change is a
 * guarded update on the line's previous state, so a double tap or two captains at once change it once.
 * Removals and hand-overs are audited; a hand-over moves the `team_captain` role grant with it.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { Role } from '../../src/core/roles'
import { grantDocId, type RoleGrantDoc } from '../../src/users/model'
import { NoticeKind } from '../../src/users/notices'
import { volunteerNumber } from '../../src/volunteers/certificate'
import type { VolunteersContract } from '../../src/volunteers/contract'
import { decideJoin, handOverCaptaincy, leaveTeam, memberDocId, removeMember, requestToJoin } from '../../src/volunteers/membership'
import type { SignupDoc, TeamDoc, TeamMemberDoc } from '../../src/volunteers/model'
import { rosterCsv, rosterFileName } from '../../src/volunteers/roster-csv'
import { writeAudit } from '../_runtime/audit'
import { addOnce, findAll, findPage, txGet, type Database, type Transaction } from '../_runtime/db'
import { addNotice } from '../_runtime/notices'
import type { ActionContext, ActionTable } from '../_runtime/router'
import { withdrawFromTeamActivities } from './activities'
import { requireCleanTexts } from '../_runtime/content'
import { runInTransaction } from '../_runtime/transactions'
import { addressesOf, findMember, managedTeam, nicknames, normaliseActivity, normaliseMember, requireTeam } from './store'
import { activitySummary, membershipView, rosterItem, teamSummary } from './views'

type TeamActions = Pick<
  ActionTable<VolunteersContract>,
  'listTeams' | 'teamDetail' | 'myTeams' | 'requestJoin' | 'leaveTeam' | 'roster' | 'decideJoin' | 'removeMember' | 'handOver' | 'exportRoster'
>

/** Writes a transition computed by the pure rules, only if the line is still in `from`. */
async function transition(db: Database, from: TeamMemberDoc['state'], next: TeamMemberDoc): Promise<void> {
  const { _id, ...data } = next
  const res = await db.collection(Collection.teamMembers).where({ _id, state: from }).update({ data: { ...data, reason: next.reason ?? null, note: next.note ?? null } })
  if (res.stats.updated !== 1) throw new AppError('CONFLICT', '名单刚刚有变化，请刷新后重试')
}

async function adjustMemberCount(db: Database, teamId: string, delta: 1 | -1): Promise<void> {
  const _ = db.command
  const where = delta < 0 ? { _id: teamId, memberCount: _.gt(0) } : { _id: teamId }
  await db.collection(Collection.teams).where(where).update({ data: { memberCount: _.inc(delta) } })
}

/** Hours each user has certified in this team's activities (one bounded read). */
async function hoursByUser(db: Database, teamId: string, userIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  if (userIds.length === 0) return out
  const rows = await findAll<SignupDoc>(db, Collection.activitySignups, { teamId, attendance: 'attended', userId: db.command.in(userIds.slice(0, 200)) }, 2000)
  for (const r of rows) out.set(r.userId, (out.get(r.userId) ?? 0) + (r.hours ?? 0))
  return out
}

/** Takes the team out of a user's `team_captain` grant (removing the grant when it names nothing else). */
async function dropCaptainScope(t: Transaction, teamId: string, userId: string, now: Date): Promise<void> {
  const id = grantDocId(userId, Role.team_captain)
  const grant = await txGet<RoleGrantDoc>(t, Collection.roleGrants, id)
  if (!grant) return
  const scopes = grant.scopes.filter((sc) => !(sc.kind === 'team' && sc.id === teamId))
  if (scopes.length === grant.scopes.length) return
  if (scopes.length === 0) await t.collection(Collection.roleGrants).doc(id).remove()
  else await t.collection(Collection.roleGrants).doc(id).update({ data: { scopes, scopeIds: scopes.map((sc) => sc.id), updatedAt: now } })
}

/** Moves the team scope of the `team_captain` grant from one user to another (inside the hand-over transaction). */
async function moveCaptainGrant(t: Transaction, team: TeamDoc, fromUserId: string, toUserId: string, actorId: string, now: Date): Promise<void> {
  await dropCaptainScope(t, team._id, fromUserId, now)
  const toId = grantDocId(toUserId, Role.team_captain)
  const to = await txGet<RoleGrantDoc>(t, Collection.roleGrants, toId)
  const scopes = [...(to?.scopes ?? []).filter((sc) => sc.id !== team._id), { kind: 'team' as const, id: team._id, name: team.name }]
  await t.collection(Collection.roleGrants).doc(toId).set({
    data: { userId: toUserId, role: Role.team_captain, scopes, scopeIds: scopes.map((sc) => sc.id), grantedBy: to?.grantedBy ?? actorId, grantedAt: to?.grantedAt ?? now, updatedAt: now },
  })
}

async function upcomingActivities(ctx: ActionContext, teamId: string) {
  const _ = ctx.db.command
  const res = await ctx.db.collection(Collection.activities).where({ teamId, endAt: _.gt(ctx.now), state: _.in(['open', 'closed']) }).orderBy('startAt', 'asc').limit(10).get()
  return res.data.map((a: Record<string, unknown>) => normaliseActivity(a))
}

export const teamActions: TeamActions = {
  listTeams: {
    roles: 'any',
    handler: async ({ street, page }, ctx) => {
      const limit = page?.limit ?? 20
      const res = await findPage<TeamDoc>(ctx.db, Collection.teams, street ? { street } : {}, { limit: limit + 1, offset: page?.offset ?? 0, orderBy: [['_id', 'asc']], withTotal: false })
      const teams = res.items.slice(0, limit).map((t) => ({ ...t, captainIds: t.captainIds ?? [] }))
      const names = await nicknames(ctx.db, teams.flatMap((t) => t.captainIds))
      return { items: teams.map((t) => teamSummary(t, names)), hasMore: res.items.length > limit }
    },
  },

  teamDetail: {
    roles: 'any',
    handler: async ({ teamId }, ctx) => {
      // Two round trips: what the team id alone finds, then what needs the team or its activities.
      const [team, me, acts] = await Promise.all([requireTeam(ctx.db, teamId), findMember(ctx.db, teamId, ctx.userId), upcomingActivities(ctx, teamId)])
      const canManage = ctx.perms.isAdmin || team.captainIds.includes(ctx.userId)
      const [names, addresses, pending] = await Promise.all([
        nicknames(ctx.db, team.captainIds),
        addressesOf(ctx.db, acts),
        canManage ? ctx.db.collection(Collection.teamMembers).where({ teamId, state: 'pending' }).count() : Promise.resolve(null),
      ])
      const upcoming = acts.map((a) => activitySummary(a, team.name, addresses.get(a._id) ?? ''))
      const view = { ...teamSummary(team, names), description: team.description, me: me ? membershipView(me) : null, canManage, upcoming }
      return pending ? { ...view, pendingCount: pending.total } : view
    },
  },

  myTeams: {
    roles: 'any',
    handler: async (_input, ctx) => {
      const _ = ctx.db.command
      const lines = (await ctx.db.collection<TeamMemberDoc>(Collection.teamMembers).where({ userId: ctx.userId, state: _.in(['member', 'pending']) }).limit(50).get()).data.map(normaliseMember)
      const teams = lines.length ? (await ctx.db.collection<TeamDoc>(Collection.teams).where({ _id: _.in(lines.map((l) => l.teamId)) }).limit(50).get()).data : []
      const names = await nicknames(ctx.db, teams.flatMap((t) => t.captainIds ?? []))
      const items = teams.map((t) => {
        const line = lines.find((l) => l.teamId === t._id) as TeamMemberDoc
        const team = { ...t, captainIds: t.captainIds ?? [] }
        return { ...teamSummary(team, names), me: membershipView(line), canManage: team.captainIds.includes(ctx.userId) }
      })
      return { items }
    },
  },

  requestJoin: {
    roles: 'any',
    handler: async ({ teamId, note }, ctx) => {
      await requireTeam(ctx.db, teamId)
      const existing = await findMember(ctx.db, teamId, ctx.userId)
      const next = requestToJoin(existing, { teamId, userId: ctx.userId, note }, ctx.now)
      await requireCleanTexts(ctx, [{ text: note, field: 'note', scene: 2, message: '入队留言里有不适宜的内容，队长会看到留言，请修改或删去后再申请' }])
      if (!existing) {
        if (!(await addOnce(ctx.db, Collection.teamMembers, next))) {
          // A concurrent tap created it first: answer the stored line.
          const stored = await findMember(ctx.db, teamId, ctx.userId)
          if (!stored) throw new AppError('CONFLICT', '名单刚刚有变化，请刷新后重试')
          return membershipView(stored)
        }
      } else {
        await transition(ctx.db, existing.state, next)
      }
      return membershipView(next)
    },
  },

  leaveTeam: {
    roles: 'any',
    handler: async ({ teamId }, ctx) => {
      const team = await requireTeam(ctx.db, teamId)
      const line = await findMember(ctx.db, teamId, ctx.userId)
      const next = leaveTeam(line, team, ctx.now)
      await transition(ctx.db, (line as TeamMemberDoc).state, next)
      if (line?.state === 'member') {
        await adjustMemberCount(ctx.db, teamId, -1)
        await withdrawFromTeamActivities(ctx, teamId, ctx.userId)
      }
      if (team.captainIds.includes(ctx.userId)) {
        // One of several captains leaves: the team and their role grant both let go of them.
        await ctx.db.collection(Collection.teams).doc(teamId).update({ data: { captainIds: ctx.db.command.pull(ctx.userId) } })
        await runInTransaction(ctx.db, (t) => dropCaptainScope(t, teamId, ctx.userId, ctx.now))
      }
      return membershipView(next)
    },
  },

  roster: {
    roles: 'any',
    handler: async ({ teamId, state, page }, ctx) => {
      const team = await managedTeam(ctx, teamId)
      const _ = ctx.db.command
      const where = state ? { teamId, state } : { teamId, state: _.in(['member', 'pending']) }
      const res = await findPage<TeamMemberDoc>(ctx.db, Collection.teamMembers, where, { limit: page?.limit ?? 100, offset: page?.offset ?? 0, orderBy: [['state', 'desc'], ['joinedAt', 'asc'], ['_id', 'asc']] })
      const lines = res.items.map(normaliseMember)
      const [names, hours] = await Promise.all([nicknames(ctx.db, lines.map((l) => l.userId)), hoursByUser(ctx.db, teamId, lines.map((l) => l.userId))])
      return { items: lines.map((l) => rosterItem(l, names, hours.get(l.userId) ?? 0, team)), total: res.total }
    },
  },

  decideJoin: {
    roles: 'any',
    handler: async ({ teamId, userId, decision, reason }, ctx) => {
      const team = await managedTeam(ctx, teamId)
      const line = await findMember(ctx.db, teamId, userId)
      if (!line) throw new AppError('NOT_FOUND', '没有找到这条入队申请', 'userId')
      const next = decideJoin(line, { decision, reason, actorId: ctx.userId }, ctx.now)
      await requireCleanTexts(ctx, [{ text: reason, field: 'reason', scene: 2, message: '申请人会看到这条理由，其中有不适宜的内容，请修改理由后再提交' }])
      await transition(ctx.db, 'pending', next)
      if (next.state === 'member') await adjustMemberCount(ctx.db, teamId, 1)
      const approved = next.state === 'member'
      await addNotice(
        ctx.db,
        {
          _id: `volunteers:join:${teamId}:${userId}:${ctx.now.getTime()}`,
          userId,
          kind: approved ? NoticeKind.team_join_approved : NoticeKind.team_join_rejected,
          title: approved ? '入队申请已通过' : '入队申请未通过',
          body: approved ? `欢迎加入「${team.name}」，可以报名队里的志愿活动了。` : `「${team.name}」：${reason ?? '队长未通过这次申请'}`,
          page: `/volunteers/pages/team/index?id=${teamId}`,
          refType: 'team',
          refId: teamId,
        },
        ctx.now,
      )
      const names = await nicknames(ctx.db, [userId])
      return rosterItem(next, names, 0, team)
    },
  },

  removeMember: {
    roles: 'any',
    handler: async ({ teamId, userId, reason }, ctx) => {
      const team = await managedTeam(ctx, teamId)
      const line = await findMember(ctx.db, teamId, userId)
      const next = removeMember(line, team, { actorId: ctx.userId, reason }, ctx.now)
      await requireCleanTexts(ctx, [{ text: reason, field: 'reason', scene: 2, message: '队员会看到移出理由，其中有不适宜的内容，请修改理由后再提交' }])
      await transition(ctx.db, 'member', next)
      await adjustMemberCount(ctx.db, teamId, -1)
      await withdrawFromTeamActivities(ctx, teamId, userId)
      await writeAudit(ctx.db, { action: 'team.remove_member', actorId: ctx.userId, targetKind: 'team_member', targetId: next._id, before: { state: 'member' }, after: { state: 'removed' }, reason: next.reason ?? reason, origin: 'volunteers.removeMember' }, ctx.now)
      const names = await nicknames(ctx.db, [userId])
      return rosterItem(next, names, 0, team)
    },
  },

  handOver: {
    roles: 'any',
    handler: async ({ teamId, toUserId, reason }, ctx) => {
      const team = await managedTeam(ctx, teamId)
      // An admin hands over on behalf of the (first) captain.
      const fromUserId = team.captainIds.includes(ctx.userId) ? ctx.userId : team.captainIds[0]
      if (!fromUserId) throw new AppError('CONFLICT', '这支队伍目前没有队长')
      const captainIds = await runInTransaction(ctx.db, async (t) => {
        const teamNow = (await t.collection<TeamDoc>(Collection.teams).doc(teamId).get()).data as TeamDoc
        const get = async (uid: string) => {
          const d = await txGet<TeamMemberDoc>(t, Collection.teamMembers, memberDocId(teamId, uid))
          return d ? normaliseMember(d) : null
        }
        const result = handOverCaptaincy({ captainIds: teamNow.captainIds ?? [] }, await get(fromUserId), await get(toUserId), ctx.now)
        await t.collection(Collection.teams).doc(teamId).update({ data: { captainIds: result.captainIds } })
        await t.collection(Collection.teamMembers).doc(result.from._id).update({ data: { role: 'member', updatedAt: ctx.now } })
        await t.collection(Collection.teamMembers).doc(result.to._id).update({ data: { role: 'captain', updatedAt: ctx.now } })
        await moveCaptainGrant(t, team, fromUserId, toUserId, ctx.userId, ctx.now)
        await writeAudit(t, { action: 'team.hand_over', actorId: ctx.userId, targetKind: 'team', targetId: teamId, before: { captainIds: teamNow.captainIds }, after: { captainIds: result.captainIds }, reason: reason ?? '移交队长', origin: 'volunteers.handOver' }, ctx.now)
        return result.captainIds
      })
      return { captainIds }
    },
  },

  exportRoster: {
    roles: 'any',
    handler: async ({ teamId }, ctx) => {
      const team = await managedTeam(ctx, teamId)
      const _ = ctx.db.command
      const lines = (await findAll<TeamMemberDoc>(ctx.db, Collection.teamMembers, { teamId, state: _.in(['member', 'pending']) }, 2000)).map(normaliseMember)
      lines.sort((a, b) => Number(team.captainIds.includes(b.userId)) - Number(team.captainIds.includes(a.userId)) || a.joinedAt.getTime() - b.joinedAt.getTime())
      const [names, hours] = await Promise.all([nicknames(ctx.db, lines.map((l) => l.userId)), hoursByUser(ctx.db, teamId, lines.map((l) => l.userId))])
      const csv = rosterCsv(
        lines.map((l) => ({
          nickname: names.get(l.userId) ?? '志愿者',
          volunteerNo: volunteerNumber(l.userId),
          role: team.captainIds.includes(l.userId) ? 'captain' : 'member',
          state: l.state,
          joinedAt: l.joinedAt,
          hours: hours.get(l.userId) ?? 0,
        })),
      )
      return { fileName: rosterFileName(team.name, ctx.now), csv, rows: lines.length }
    },
  },
}
