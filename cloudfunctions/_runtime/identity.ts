/**
 * Who is calling: the OPENID that the platform injects (never anything the event claims), the user
 * record it maps to (created on first sight), and the role grants an admin gave that user.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import type { RoleGrantDoc, UserDoc } from '../../src/users/model'
import { cloud } from './cloud'
import { addOnce, getById, type Database } from './db'
import { defaultNickname, userIdFor } from './ids'

export { userIdFor } from './ids'

/** What getWXContext() told us about this invocation. */
export interface WxIdentity {
  openid: string
  appid?: string
  unionid?: string
  /** Call chain, e.g. `wx_client`, `wx_client,scf`, `wx_trigger`. */
  source: string
  clientIp?: string
}

/** Must be called inside exports.main: outside an invocation the context does not exist yet. */
export function readWxContext(): WxIdentity | null {
  const ctx = cloud.getWXContext() as Record<string, unknown>
  const openid = typeof ctx.OPENID === 'string' ? ctx.OPENID.trim() : ''
  if (!openid) return null
  return {
    openid,
    appid: typeof ctx.APPID === 'string' ? ctx.APPID : undefined,
    unionid: typeof ctx.UNIONID === 'string' ? ctx.UNIONID : undefined,
    source: typeof ctx.SOURCE === 'string' ? ctx.SOURCE : '',
    clientIp: typeof ctx.CLIENTIP === 'string' ? ctx.CLIENTIP : undefined,
  }
}

/** Loads the caller's user record, creating it on first sight. */
export async function ensureUser(db: Database, openid: string, now: Date): Promise<UserDoc> {
  const userId = userIdFor(openid)
  const existing = await getById<UserDoc>(db, Collection.users, userId)
  if (existing) return existing
  const fresh: UserDoc = { _id: userId, openid, nickname: defaultNickname(userId), createdAt: now, updatedAt: now }
  if (await addOnce(db, Collection.users, fresh)) return fresh
  // A concurrent first call won the insert; theirs is the record.
  const winner = await getById<UserDoc>(db, Collection.users, userId)
  if (!winner) throw new AppError('CONFLICT')
  return winner
}

/** A user holds each role at most once, so one small bounded read returns all their grants. */
export async function loadGrants(db: Database, userId: string): Promise<RoleGrantDoc[]> {
  const res = await db.collection<RoleGrantDoc>(Collection.roleGrants).where({ userId }).orderBy('_id', 'asc').limit(20).get()
  return res.data
}
