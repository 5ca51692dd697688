/**
 * The action router every domain function is built from. `createHandler(contract, actions)` returns
 * `exports.main`, which for each invocation:
 *   1. checks the event's shape, the action name and the payload size;
 *   2. validates the payload with the contract's schema (unknown keys dropped, field named on error);
 *   3. takes the caller from getWXContext().OPENID only, loads (or creates) the user and their grants;
 *   4. checks the action's roles (and, for internal actions, the call source);
 *   5. runs the handler and answers the envelope; anything unexpected becomes INTERNAL and is logged.
 * The order matters: bad input is refused before any database read, so it can change nothing.
 */
import type { Contract, InputOf, OutputOf } from '../../src/core/contract'
import { fail, ok, type Envelope } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import type { Role } from '../../src/core/roles'
import type { UserDoc } from '../../src/users/model'
import { Permissions } from './auth'
import { cloud, database } from './cloud'
import type { Database } from './db'
import { ensureUser, loadGrants, readWxContext, type WxIdentity } from './identity'
import { userIdFor } from './ids'
import { logAction } from './log'
import { consumeRateLimit, type RateLimit } from './rate-limit'

/** Largest accepted payload (JSON characters). Uploads go to storage; payloads carry fileIDs. */
export const MAX_PAYLOAD_CHARS = 32 * 1024

export interface ActionContext {
  db: Database
  cloud: typeof cloud
  /** Server-side only: never return it to a page or store it where pages can read it. */
  openid: string
  wx: WxIdentity
  user: UserDoc
  userId: string
  perms: Permissions
  roles: Role[]
  hasRole(role: Role): boolean
  requireRole(...roles: Role[]): void
  inScope: Permissions['inScope']
  requireScope: Permissions['requireScope']
  scopeIds: Permissions['scopeIds']
  /** Server time of this invocation; never trust client clocks. */
  now: Date
  /** Counts this call against a per-user limit; throws RATE_LIMITED when the window is used up. */
  rateLimit(rule: RateLimit): Promise<void>
  /** getWXContext().SOURCE, e.g. `wx_client`. */
  source: string
  fn: string
  action: string
}

export interface ActionSpec<I, O> {
  /** Who may call: `'any'` = every signed-in user (all users are workers). Admin is not implied. */
  roles: readonly Role[] | 'any'
  /**
   * Only for other functions and timers (last hop of SOURCE is `scf` or `wx_trigger`), e.g. a credit
   * that the reports function makes on a user's behalf but the mini-program must never call directly.
   */
  internal?: boolean
  handler(input: I, ctx: ActionContext): Promise<O>
}

export type ActionTable<C extends Contract> = { [K in keyof C]: ActionSpec<InputOf<C[K]>, OutputOf<C[K]>> }

/** What a timer job or push handler gets: no user, no roles; only the database and server time. */
export interface SystemContext {
  db: Database
  cloud: typeof cloud
  now: Date
  fn: string
  /** What started the job: the timer's TriggerName, or `<MsgType>:<Event>` of a push. */
  trigger: string
}

export interface HandlerOptions {
  /** Function name, for logs. */
  name: string
  /**
   * Jobs run by timer triggers declared in the function's config.json (`triggers[].name`). The platform
   * sends `{ Type: 'Timer', TriggerName, Time }` with no OPENID; a client cannot forge it into a
   * user action because timers never reach the action table, and the SOURCE must say `wx_trigger`.
   */
  timers?: Record<string, (ctx: SystemContext) => Promise<unknown>>
  /**
   * WeChat message pushes routed to this function (cloudfunctions/message-push.ts), keyed
   * `${MsgType}:${Event}`. The push's SOURCE is undocumented and its body is whatever the caller sent,
   * so a handler must authenticate the content itself (e.g. a trace id only WeChat and we know).
   */
  pushes?: Record<string, (event: Record<string, unknown>, ctx: SystemContext) => Promise<unknown>>
}

export type Main = (event: unknown, context?: unknown) => Promise<Envelope<unknown>>

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * SOURCE is the call chain, last hop last: `wx_client` (the mini-program itself), `wx_client,scf`
 * (the mini-program called a function that called this one). Internal actions accept only a last hop
 * from another function or a timer, so a page can never invoke them directly.
 */
export function isInternalCall(source: string): boolean {
  const last = lastHop(source)
  return last === 'scf' || last === 'wx_trigger'
}

function lastHop(source: string): string {
  return source.split(',').pop()?.trim() ?? ''
}

/**
 * A platform event rather than a user action: a timer (only with SOURCE `wx_trigger`) or a message push
 * (never from the mini-program: whatever SOURCE WeChat gives a push, a page never delivers one). Answers
 * the job to run (undefined when this function has none), or null for an ordinary action.
 */
function platformEvent(event: Record<string, unknown>, options: HandlerOptions): { action: string; trigger: string; allowed: (lastHop: string) => boolean; job?: (ctx: SystemContext) => Promise<unknown> } | null {
  if (event.Type === 'Timer') {
    const trigger = String(event.TriggerName).slice(0, 60)
    const job = typeof event.TriggerName === 'string' ? options.timers?.[event.TriggerName] : undefined
    return { action: `timer:${trigger}`, trigger, allowed: (last) => last === 'wx_trigger', job }
  }
  if (typeof event.MsgType === 'string' && event.action === undefined) {
    const trigger = `${event.MsgType}:${String(event.Event ?? '')}`
    const push = options.pushes?.[trigger]
    return { action: `push:${trigger.slice(0, 60)}`, trigger, allowed: (last) => last !== 'wx_client' && last !== 'wx_devtools', job: push && ((ctx) => push(event, ctx)) }
  }
  return null
}

function payloadSize(payload: unknown): number {
  try {
    return JSON.stringify(payload ?? {}).length
  } catch {
    return Infinity
  }
}

export function createHandler<C extends Contract>(contract: C, actions: ActionTable<C>, options: HandlerOptions): Main {
  const names = new Set(Object.keys(contract))
  for (const name of names) if (!actions[name]) throw new Error(`[${options.name}] action "${name}" has no handler`)

  return async function main(event: unknown): Promise<Envelope<unknown>> {
    const started = Date.now()
    let action = '?'
    let userId: string | undefined
    try {
      if (!isPlainObject(event)) throw new AppError('INVALID_ARGUMENT', '请求格式不正确')
      const platform = platformEvent(event, options)
      if (platform) {
        action = platform.action
        if (!platform.job || !platform.allowed(lastHop(String(cloud.getWXContext().SOURCE ?? '')))) throw new AppError('FORBIDDEN')
        const data = await platform.job({ db: database(), cloud, now: new Date(), fn: options.name, trigger: platform.trigger })
        logAction({ fn: options.name, action, code: 'OK', ms: Date.now() - started })
        return ok(data ?? null)
      }
      if (typeof event.action !== 'string' || !names.has(event.action)) {
        throw new AppError('INVALID_ARGUMENT', `不支持的操作：${String(event.action).slice(0, 40)}`, 'action')
      }
      action = event.action
      const raw = event.payload === undefined ? {} : event.payload
      if (payloadSize(raw) > MAX_PAYLOAD_CHARS) throw new AppError('INVALID_ARGUMENT', '提交的内容过大，请精简后重试', 'payload')
      const def = contract[action]
      const input = def.input.parse(raw, '')
      const spec = actions[action] as ActionSpec<unknown, unknown>

      const wx = readWxContext()
      if (!wx) throw new AppError('UNAUTHENTICATED')
      if (spec.internal && !isInternalCall(wx.source)) throw new AppError('FORBIDDEN')

      const db = database()
      const now = new Date()
      // The user id is derived from the OPENID, so the grants read need not wait for the user read (one round trip less per call).
      const [user, grants] = await Promise.all([ensureUser(db, wx.openid, now), loadGrants(db, userIdFor(wx.openid))])
      userId = user._id
      if (user.blocked) throw new AppError('FORBIDDEN', '账号已被停用，如有疑问请联系街道工作人员')
      const perms = new Permissions(grants)
      if (spec.roles !== 'any' && !perms.hasAnyRole(spec.roles)) throw new AppError('FORBIDDEN')

      const ctx: ActionContext = {
        db,
        cloud,
        openid: wx.openid,
        wx,
        user,
        userId: user._id,
        perms,
        roles: perms.roles,
        hasRole: (r) => perms.hasRole(r),
        requireRole: (...r) => perms.requireRole(...r),
        inScope: (k, id, r) => perms.inScope(k, id, r),
        requireScope: (k, id, r) => perms.requireScope(k, id, r),
        scopeIds: (k, r) => perms.scopeIds(k, r),
        now,
        rateLimit: async (rule) => {
          await consumeRateLimit(db, user._id, rule, now)
        },
        source: wx.source,
        fn: options.name,
        action,
      }
      const data = await spec.handler(input, ctx)
      logAction({ fn: options.name, action, userId, code: 'OK', ms: Date.now() - started })
      return ok(data)
    } catch (err) {
      if (err instanceof AppError) {
        logAction({ fn: options.name, action, userId, code: err.code, ms: Date.now() - started, detail: err.field })
        return fail(err)
      }
      // Unexpected: log the detail for operators, answer a message that leaks nothing.
      const e = err as { message?: string; stack?: string }
      logAction({ fn: options.name, action, userId, code: 'INTERNAL', ms: Date.now() - started, detail: (e?.stack ?? e?.message ?? String(err)).slice(0, 2000) })
      return fail(new AppError('INTERNAL'))
    }
  }
}
