/**
 * `users` function: the caller's own profile (`me`, with 我的's overview when asked: ./overview.ts;
 * `updateProfile`, `acceptPrivacy`), the caller's
 * in-app messages (`messages`, `markMessagesRead`), the staff workbench counts (`workbench`) and the admin's role administration (`grantRole`,
 * `revokeRole`, `listUsers`) and the admin's read of the audit log (`auditLog`). Grants and revocations are written
 * together with their audit entry in one transaction, so no role change exists without its record.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { Role, roleNeedsScope, roleScopeKinds, type ScopeKind } from '../../src/core/roles'
import { usersContract, type AuditPage, type AuditView, type GrantResult, type Me, type RoleGrant, type Scope, type UserSummary } from '../../src/users/contract'
import { AuditAction, grantDocId, type AuditEntryDoc, type RoleGrantDoc, type ScopeRef, type UserDoc } from '../../src/users/model'
import { messageView, type NoticeDoc } from '../../src/users/notices'
import { writeAudit } from '../_runtime/audit'
import { requireCleanTexts } from '../_runtime/content'
import { escapeRegExp, findPage, getById, type Database } from '../_runtime/db'
import { createHandler, type ActionContext } from '../_runtime/router'
import { runInTransaction } from '../_runtime/transactions'
import { overviewOf } from './overview'
import { countWaiting } from './workbench'

function toGrant(doc: RoleGrantDoc): RoleGrant {
  return { role: doc.role, scopes: doc.scopes.map((sc) => ({ ...sc })) }
}

function meOf(user: UserDoc, grants: RoleGrant[], unreadMessages: number): Me {
  const me: Me = {
    userId: user._id,
    nickname: user.nickname,
    roles: [Role.worker, ...grants.map((g) => g.role).filter((r) => r !== Role.worker)],
    grants,
    createdAt: new Date(user.createdAt).toISOString(),
    unreadMessages,
  }
  if (user.privacyAcceptedAt) me.privacyAcceptedAt = new Date(user.privacyAcceptedAt).toISOString()
  return me
}

/** Where the display name of each scope kind lives; streets, grids etc. are admin-maintained collections. */
const scopeCollection: Record<ScopeKind, string> = {
  station: Collection.stations,
  grid: Collection.grids,
  team: Collection.teams,
  department: Collection.departments,
  street: Collection.streets,
  enterprise: Collection.enterprises,
}

/** Checks each scope names an existing object of an allowed kind and attaches its display name. */
async function resolveScopes(db: Database, role: Role, scopes: Array<Pick<Scope, 'kind' | 'id'>>): Promise<ScopeRef[]> {
  const allowed = roleScopeKinds[role]
  if (roleNeedsScope(role) && scopes.length === 0) throw new AppError('INVALID_ARGUMENT', '该角色需要指定负责范围', 'scopes')
  const out: ScopeRef[] = []
  for (const [i, sc] of scopes.entries()) {
    if (!allowed.includes(sc.kind)) throw new AppError('INVALID_ARGUMENT', `scopes[${i}].kind 不适用于该角色`, `scopes[${i}].kind`)
    const target = await getById<{ name?: string; active?: boolean }>(db, scopeCollection[sc.kind], sc.id)
    if (!target) throw new AppError('NOT_FOUND', `没有找到负责范围 ${sc.id}`, `scopes[${i}].id`)
    // A deactivated grid or department receives no new work: a new grant there would be an empty queue.
    if (target.active === false) throw new AppError('INVALID_ARGUMENT', `负责范围 ${target.name ?? sc.id} 已停用，请选择其他范围`, `scopes[${i}].id`)
    out.push({ kind: sc.kind, id: sc.id, name: target.name })
  }
  return out
}

async function grantsOf(db: Database, userId: string): Promise<RoleGrant[]> {
  const res = await db.collection<RoleGrantDoc>(Collection.roleGrants).where({ userId }).orderBy('_id', 'asc').limit(20).get()
  return res.data.map(toGrant)
}

async function requireUser(db: Database, userId: string): Promise<UserDoc> {
  const user = await getById<UserDoc>(db, Collection.users, userId)
  if (!user) throw new AppError('NOT_FOUND', '没有找到该用户', 'userId')
  return user
}

async function myProfile(ctx: ActionContext, user: UserDoc = ctx.user, withOverview = false): Promise<Me> {
  const [unread, overview] = await Promise.all([unreadOf(ctx.db, ctx.userId), withOverview ? overviewOf(ctx) : undefined])
  const me = meOf(user, ctx.perms.grants, unread)
  if (overview) me.overview = overview
  return me
}

/** Served by the `user_read_at` index (userId, read, createdAt). */
async function unreadOf(db: Database, userId: string): Promise<number> {
  return (await db.collection(Collection.notifications).where({ userId, read: false }).count()).total
}

export const main = createHandler(
  usersContract,
  {
    me: {
      roles: 'any',
      // The router already created the record on first sight (idempotently, by a derived _id).
      handler: async ({ overview }, ctx) => myProfile(ctx, ctx.user, overview === true),
    },

    updateProfile: {
      roles: 'any',
      handler: async ({ nickname }, ctx) => {
        // Shown to others on team cards, rosters, attendance sheets and the roster export.
        await requireCleanTexts(ctx, [{ text: nickname, field: 'nickname', scene: 1, message: '昵称里有不适宜的内容，队友和队长会看到它，请换一个昵称' }])
        await ctx.db.collection(Collection.users).doc(ctx.userId).update({ data: { nickname, updatedAt: ctx.now } })
        return myProfile(ctx, { ...ctx.user, nickname, updatedAt: ctx.now })
      },
    },

    acceptPrivacy: {
      roles: 'any',
      handler: async ({ version }, ctx) => {
        await ctx.db.collection(Collection.users).doc(ctx.userId).update({ data: { privacyAcceptedAt: ctx.now, privacyVersion: version, updatedAt: ctx.now } })
        return myProfile(ctx, { ...ctx.user, privacyAcceptedAt: ctx.now, privacyVersion: version })
      },
    },

    workbench: {
      roles: 'any',
      handler: async (_input, ctx) => countWaiting(ctx),
    },

    messages: {
      roles: 'any',
      handler: async ({ unreadOnly, page }, ctx) => {
        const limit = page?.limit ?? 20
        const offset = page?.offset ?? 0
        const where = unreadOnly ? { userId: ctx.userId, read: false } : { userId: ctx.userId }
        // One more than the page tells whether there is a next page without a second count.
        const [list, unread] = await Promise.all([
          ctx.db.collection<NoticeDoc>(Collection.notifications).where(where).orderBy('createdAt', 'desc').orderBy('_id', 'asc').skip(offset).limit(limit + 1).get(),
          unreadOf(ctx.db, ctx.userId),
        ])
        return { items: list.data.slice(0, limit).map(messageView), unread, hasMore: list.data.length > limit }
      },
    },

    markMessagesRead: {
      roles: 'any',
      handler: async ({ ids, all }, ctx) => {
        if (!ids === !all) throw new AppError('INVALID_ARGUMENT', '请选择要标为已读的消息，或选择全部已读', 'ids')
        const _ = ctx.db.command
        // userId in the condition: ids of other people's messages match nothing and change nothing.
        const where = all ? { userId: ctx.userId, read: false } : { userId: ctx.userId, read: false, _id: _.in(ids) }
        const res = await ctx.db.collection(Collection.notifications).where(where).update({ data: { read: true, readAt: ctx.now } })
        return { marked: res.stats.updated ?? 0, unread: await unreadOf(ctx.db, ctx.userId) }
      },
    },

    grantRole: {
      roles: [Role.admin],
      handler: async ({ userId, role, scopes, reason }, ctx): Promise<GrantResult> => {
        await requireUser(ctx.db, userId)
        const resolved = await resolveScopes(ctx.db, role, scopes)
        const id = grantDocId(userId, role)
        await runInTransaction(ctx.db, async (t) => {
          const before = (await t.collection<RoleGrantDoc>(Collection.roleGrants).doc(id).get()).data
          const after: RoleGrantDoc = {
            _id: id,
            userId,
            role,
            scopes: resolved,
            scopeIds: resolved.map((sc) => sc.id),
            grantedBy: before?.grantedBy ?? ctx.userId,
            grantedAt: before?.grantedAt ?? ctx.now,
            updatedAt: ctx.now,
          }
          const { _id: _omit, ...data } = after
          await t.collection(Collection.roleGrants).doc(id).set({ data })
          await writeAudit(
            t,
            { action: AuditAction.roleGrant, actorId: ctx.userId, targetKind: 'user', targetId: userId, before: before ? toGrant(before) : null, after: toGrant(after), reason, origin: 'users.grantRole' },
            ctx.now,
          )
        })
        return { userId, grants: await grantsOf(ctx.db, userId) }
      },
    },

    revokeRole: {
      roles: [Role.admin],
      handler: async ({ userId, role, reason }, ctx): Promise<GrantResult> => {
        await requireUser(ctx.db, userId)
        // An admin removing their own admin role could leave a district with no admin at all.
        if (userId === ctx.userId && role === Role.admin) throw new AppError('FORBIDDEN', '不能撤销自己的管理员角色，请让其他管理员操作')
        const id = grantDocId(userId, role)
        await runInTransaction(ctx.db, async (t) => {
          const before = (await t.collection<RoleGrantDoc>(Collection.roleGrants).doc(id).get()).data
          if (!before) throw new AppError('NOT_FOUND', '该用户没有这个角色', 'role')
          await t.collection(Collection.roleGrants).doc(id).remove()
          await writeAudit(
            t,
            { action: AuditAction.roleRevoke, actorId: ctx.userId, targetKind: 'user', targetId: userId, before: toGrant(before), after: null, reason, origin: 'users.revokeRole' },
            ctx.now,
          )
        })
        return { userId, grants: await grantsOf(ctx.db, userId) }
      },
    },

    listUsers: {
      roles: [Role.admin],
      handler: async ({ role, q, page }, ctx) => {
        const limit = page?.limit ?? 20
        const offset = page?.offset ?? 0
        let users: UserDoc[]
        let total: number
        if (q && role) throw new AppError('INVALID_ARGUMENT', '请按昵称查找或按角色筛选，二选一', 'q')
        if (q) {
          const _ = ctx.db.command
          const nickname = ctx.db.RegExp({ regexp: escapeRegExp(q), options: 'i' })
          const res = await findPage<UserDoc>(ctx.db, Collection.users, _.or([{ nickname }, { _id: q }]), { limit, offset, orderBy: [['createdAt', 'desc'], ['_id', 'asc']], projection: { openid: false } })
          users = res.items
          total = res.total
        } else if (role && role !== Role.worker) {
          const grants = await findPage<RoleGrantDoc>(ctx.db, Collection.roleGrants, { role }, { limit, offset, orderBy: [['userId', 'asc']] })
          total = grants.total
          const ids = grants.items.map((g) => g.userId)
          const found = ids.length ? (await ctx.db.collection<UserDoc>(Collection.users).where({ _id: ctx.db.command.in(ids) }).limit(ids.length).get()).data : []
          const byId = new Map(found.map((u) => [u._id, u]))
          users = ids.map((id) => byId.get(id)).filter((u): u is UserDoc => !!u)
        } else {
          const res = await findPage<UserDoc>(ctx.db, Collection.users, {}, { limit, offset, orderBy: [['createdAt', 'desc'], ['_id', 'asc']], projection: { openid: false } })
          users = res.items
          total = res.total
        }
        const ids = users.map((u) => u._id)
        const grantDocs = ids.length
          ? (await ctx.db.collection<RoleGrantDoc>(Collection.roleGrants).where({ userId: ctx.db.command.in(ids) }).limit(Math.min(1000, ids.length * 8)).get()).data
          : []
        const items: UserSummary[] = users.map((u) => ({
          userId: u._id,
          nickname: u.nickname,
          roles: [Role.worker, ...grantDocs.filter((g) => g.userId === u._id).map((g) => g.role)],
          grants: grantDocs.filter((g) => g.userId === u._id).map(toGrant),
          createdAt: new Date(u.createdAt).toISOString(),
        }))
        return { items, total, limit, offset }
      },
    },

    auditLog: {
      roles: [Role.admin],
      handler: async ({ targetKind, targetId, page }, ctx): Promise<AuditPage> => {
        if (!targetKind !== !targetId) throw new AppError('INVALID_ARGUMENT', '查看某个对象的记录时需要同时给出类型和编号', targetKind ? 'targetId' : 'targetKind')
        const limit = page?.limit ?? 20
        const offset = page?.offset ?? 0
        // Served by the target_at and at indexes; one more than the page tells whether there is a next one.
        const where = targetKind ? { targetKind, targetId } : {}
        const res = await ctx.db.collection<AuditEntryDoc>(Collection.auditLog).where(where).orderBy('at', 'desc').orderBy('_id', 'asc').skip(offset).limit(limit + 1).get()
        const rows = res.data.slice(0, limit)
        const actorIds = [...new Set(rows.map((r) => r.actorId).filter((a) => a !== 'system'))]
        const actors = actorIds.length ? (await ctx.db.collection<UserDoc>(Collection.users).where({ _id: ctx.db.command.in(actorIds) }).field({ nickname: true }).limit(actorIds.length).get()).data : []
        const names = new Map(actors.map((a) => [a._id, a.nickname]))
        const items: AuditView[] = rows.map((r) => {
          const view: AuditView = { id: String(r._id), action: r.action, actorId: r.actorId, targetKind: r.targetKind, targetId: r.targetId, before: r.before ?? null, after: r.after ?? null, reason: r.reason, at: new Date(r.at).toISOString() }
          const name = r.actorId === 'system' ? '系统' : names.get(r.actorId)
          if (name) view.actorName = name
          return view
        })
        return { items, hasMore: res.data.length > limit }
      },
    },
  },
  { name: 'users' },
)
