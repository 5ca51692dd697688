/**
 * THE SHARED CREDIT PATH — how every domain gives a user points.
 *
 * Usage (server side only; reports, volunteers, check-ins, wishes import this file, it is bundled into
 * their function): after your own state change is committed (report accepted, hours certified …), call
 *   await creditPoints(ctx.db, { userId, kind: PointRuleKind.report_accepted, source: { type: 'report', id: reportId },
 *     idempotencyKey: `report_accepted:${reportId}`, actorId: ctx.userId, now: ctx.now, reason: '随手拍被立案：暴露垃圾' })
 * Derive the idempotencyKey from YOUR object (never random), so a retry after a crash or timeout credits
 * exactly once: the same key returns the original result with `duplicate: true`; the same key with a
 * different user/kind/source/quantity throws CONFLICT. Points = the admin rule's pointsPerUnit ×
 * quantity (default 1; e.g. service hours, up to 2 decimals, rounded down), limited by the rule's daily
 * and monthly caps per user. A capped credit is recorded honestly: the entry is written with the points
 * that still fit (possibly 0) and `capped: true`, and a kind with no active rule writes a 0-point entry —
 * so the user can see every event and why it earned what it did. Never pass points from a client, and
 * never call this from an action a user can trigger for themselves without checking the event is real.
 * To credit atomically with your own write, use `creditInTransaction(t, …)` inside your runTransaction
 * (single-document operations only; keep the callback free of side effects, it may run more than once).
 * Manual corrections are not credits: they go through the admin `adjust` action (mandatory reason, audited).
 */
import { AppError } from '../../src/core/errors'
import type { PointRuleDoc } from '../../src/passbook/model'
import { applyCaps, basePoints, differingParams, MAX_QUANTITY } from '../../src/passbook/rules'
import { creditableKinds, EntryType, pointRuleKindLabel, type PointRuleKind } from '../../src/passbook/vocabulary'
import { Collection } from '../../src/core/collections'
import { txGet, type Database, type Transaction } from '../_runtime/db'
import { runInTransaction } from '../_runtime/transactions'
import { creditEntryId, ruleId } from './ids'
import { appendEntry, asRetryable, readBalance, readEntry } from './ledger'

export interface CreditInput {
  userId: string
  kind: PointRuleKind
  source: { type: string; id: string }
  idempotencyKey: string
  /** Units of the rule (e.g. service hours); default 1. */
  quantity?: number
  actorId: string
  now: Date
  reason?: string
}

export interface CreditResult {
  entryId: string
  points: number
  capped: boolean
  duplicate: boolean
}

const SAFE = /^[A-Za-z0-9_\-:.]+$/

/** Checks what a caller passes before any read: programming errors surface as INVALID_ARGUMENT. */
function validate(input: CreditInput): number {
  const quantity = input.quantity ?? 1
  if (!creditableKinds.includes(input.kind)) throw new AppError('INVALID_ARGUMENT', `不支持的积分类型：${String(input.kind)}`, 'kind')
  if (typeof input.userId !== 'string' || !SAFE.test(input.userId) || input.userId.length > 64) throw new AppError('INVALID_ARGUMENT', '用户标识不正确', 'userId')
  if (typeof input.idempotencyKey !== 'string' || input.idempotencyKey.length < 4 || input.idempotencyKey.length > 255) throw new AppError('INVALID_ARGUMENT', '幂等键长度应为 4–255', 'idempotencyKey')
  if (!input.source || typeof input.source.type !== 'string' || typeof input.source.id !== 'string' || !input.source.type || !input.source.id || input.source.type.length > 40 || input.source.id.length > 128) {
    throw new AppError('INVALID_ARGUMENT', '积分来源不正确', 'source')
  }
  if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity <= 0 || quantity > MAX_QUANTITY || Math.round(quantity * 100) !== quantity * 100) {
    throw new AppError('INVALID_ARGUMENT', `数量应为 0–${MAX_QUANTITY} 之间、最多两位小数的正数`, 'quantity')
  }
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) throw new AppError('INVALID_ARGUMENT', '时间不正确', 'now')
  return quantity
}

/** The credit inside an open transaction (for callers that need it atomic with their own writes). */
export async function creditInTransaction(t: Transaction, input: CreditInput): Promise<CreditResult> {
  const quantity = validate(input)
  const entryId = creditEntryId(input.idempotencyKey)
  const params = { userId: input.userId, kind: input.kind, sourceType: input.source.type, sourceId: input.source.id, quantity }
  const existing = await readEntry(t, entryId)
  if (existing) {
    const differs = differingParams(existing.params, params)
    if (differs.length > 0) throw new AppError('CONFLICT', `同一幂等键的参数不一致：${differs.join(', ')}`, 'idempotencyKey')
    return { entryId, points: existing.delta, capped: existing.capped === true, duplicate: true }
  }
  const rule = await txGet<PointRuleDoc>(t, Collection.pointRules, ruleId(input.kind))
  const balance = await readBalance(t, input.userId, input.now)
  const label = rule?.label ?? pointRuleKindLabel[input.kind]
  let points = 0
  let capped = false
  const caps = { ...(balance.caps ?? {}) }
  if (rule && rule.active) {
    const r = applyCaps(rule, caps[input.kind], basePoints(rule, quantity), input.now)
    points = r.points
    capped = r.capped
    caps[input.kind] = r.usage
  }
  const note = !rule || !rule.active ? '（该积分规则未启用）' : capped ? (points > 0 ? '（已达上限，部分计入）' : '（已达上限，本次不计分）') : ''
  await appendEntry(
    t,
    balance,
    {
      _id: entryId,
      delta: points,
      type: EntryType.earn,
      kind: input.kind,
      reason: `${(input.reason ?? label).slice(0, 100)}${note}`,
      source: { type: input.source.type, id: input.source.id },
      actorId: input.actorId,
      // Scoped so a credit key can never collide with an adjustment or redemption key in the unique index.
      idempotencyKey: `credit:${input.idempotencyKey}`,
      params,
      capped,
      createdAt: input.now,
    },
    { caps },
  )
  return { entryId, points, capped, duplicate: false }
}

/** Credits points for a real event, once per idempotency key, in its own transaction. */
export async function creditPoints(db: Database, input: CreditInput): Promise<CreditResult> {
  validate(input)
  try {
    return await runInTransaction(db, (t) => creditInTransaction(t, input))
  } catch (err) {
    return asRetryable(err)
  }
}
