/**
 * Persistence around the pure wish machine: who the caller is for it (grants, team memberships, the
 * enterprises they are the contact of), loading a wish with its dates as Dates, and committing one
 * command through the shared workflow commit (../_runtime/workflow.ts), so of twenty people claiming at
 * once exactly one wins (the others re-read and are told it is claimed).
 */
import { createHash } from 'node:crypto'
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { applyWishCommand, type WishActor, type WishCommandInput } from '../../src/wishes/machine'
import type { WishDoc, WishEventDoc } from '../../src/wishes/model'
import { MemberState } from '../../src/volunteers/vocabulary'
import { dateOf, getById, type Database, type Transaction } from '../_runtime/db'
import type { ActionContext } from '../_runtime/router'
import { commitCommand, type Committed, type WorkflowStore } from '../_runtime/workflow'


export function normaliseWish(raw: WishDoc): WishDoc {
  const w: WishDoc = { ...raw }
  for (const k of ['createdAt', 'updatedAt', 'publishedAt', 'fulfilledAt'] as const) {
    const d = dateOf(w[k])
    if (d) w[k] = d
  }
  if (w.claim) {
    w.claim = { ...w.claim, claimedAt: dateOf(w.claim.claimedAt)!, contactBy: dateOf(w.claim.contactBy)! }
    if (raw.claim?.contactedAt) w.claim.contactedAt = dateOf(raw.claim.contactedAt)
  }
  if (w.delivery) w.delivery = { ...w.delivery, at: dateOf(w.delivery.at)! }
  if (w.thanks) w.thanks = { ...w.thanks, at: dateOf(w.thanks.at)! }
  return w
}

export async function actorOf(ctx: Pick<ActionContext, 'db' | 'userId' | 'roles' | 'scopeIds'>): Promise<WishActor> {
  const memberships = (await ctx.db.collection(Collection.teamMembers).where({ userId: ctx.userId, state: MemberState.member }).field({ teamId: true }).limit(20).get()).data as Array<{ teamId: string }>
  return {
    userId: ctx.userId,
    roles: ctx.roles,
    streetIds: [...new Set([...ctx.scopeIds('street', 'dispatcher'), ...ctx.scopeIds('street', 'grid_worker')])],
    captainTeamIds: ctx.scopeIds('team', 'team_captain'),
    memberTeamIds: memberships.map((m) => m.teamId),
    enterpriseIds: ctx.scopeIds('enterprise', 'enterprise_contact'),
  }
}

export function wishIdFor(userId: string, key: string): string {
  return 'wi' + createHash('sha256').update(`nuanxin:wish:${userId}:${key}`).digest('hex').slice(0, 22)
}

export async function loadWish(db: Database, id: string): Promise<WishDoc> {
  const doc = await getById<WishDoc>(db, Collection.wishes, id)
  if (!doc) throw new AppError('NOT_FOUND', '没有找到这个心愿，可能已被撤回', 'wishId')
  return normaliseWish(doc)
}

export type WishCommitted = Committed<WishDoc, WishEventDoc>

const wishStore: WorkflowStore<WishDoc> = {
  collection: Collection.wishes,
  eventCollection: Collection.wishEvents,
  normalise: normaliseWish,
  notFound: { message: '没有找到这个心愿，可能已被撤回', field: 'wishId' },
  conflict: '这个心愿刚刚有了新进展，请刷新后再操作',
}

/**
 * Runs one command on a wish inside a transaction. `also` writes what must commit with it (the points
 * credit, in-app messages); it may run more than once if the transaction retries.
 */
export async function runWishCommand(
  ctx: Pick<ActionContext, 'db' | 'now'>,
  wishId: string,
  command: WishCommandInput,
  actor: WishActor,
  also?: (t: Transaction, c: WishCommitted) => Promise<void>,
): Promise<WishCommitted> {
  return commitCommand(ctx.db, wishStore, wishId, (before) => applyWishCommand(before, command, actor, ctx.now), also)
}
