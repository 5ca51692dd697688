/**
 * Cloud function invocation: the `functions.invokeFunction` action, the dev-call entry, per-invocation
 * WeChat context (wire protocol §8), size limits, timeouts, and the log of invocations and console output.
 */
import { randomBytes } from 'node:crypto'
import type { ActionTable, CallerIdentity } from '../actions'
import { EmulatorError, PlatformCode } from '../errors'
import { MAX_EVENT_BYTES, MAX_RESULT_BYTES } from './limits'
import { WorkerPool } from './pool'
import { findFunction, listFunctions, type FunctionInfo } from './registry'
import { TokenRegistry, type TokenEntry } from './tokens'
import { dbRequestStats, type DbRequestStats, type Span } from './requests'
import type { LogLine, RequestTiming } from './worker'

export interface FunctionsOptions {
  functionsDir?: string
  envId: string
  appId: string
  /** Filled in once the server listens; functions reach the emulator through it. */
  adminUrl: () => string
  maxWorkersPerFunction?: number
  idleMs?: number
  /** TZ inside functions; the platform runs in UTC, so code must not depend on the laptop's zone. */
  timezone?: string
}

export interface FunctionLogEntry {
  time: number
  invocationId: string | null
  functionName: string
  level: string
  text: string
}

export interface InvocationRecord {
  invocationId: string
  functionName: string
  openid?: string
  source: string
  startedAt: number
  durationMs?: number
  outcome?: 'ok' | 'error' | 'timeout' | 'crash'
  error?: string
  /** The database requests it made (updated as they answer; final once it has ended). */
  db: DbRequestStats
}

export interface InvokeRequest {
  name: string
  /** JSON text of the event, or '' for none (what the SDK sends as `request_data`). */
  data: string
  /** Who the callee runs as; undefined = an admin call with no user. */
  identity?: Omit<CallerIdentity, 'source' | 'functionName' | 'invocationId'>
  source: string
  /** false: deliver `data` as is, without the `userInfo` the platform merges into events from users (message pushes). */
  userInfo?: boolean
}

const LOG_CAP = 5000
const RECORD_CAP = 1000
const PER_INVOCATION_KEYS = ['WX_OPENID', 'WX_APPID', 'WX_UNIONID', 'WX_CLIENTIP', 'WX_CLIENTIPV6', 'WX_API_TOKEN']

export class FunctionsService {
  readonly tokens = new TokenRegistry()
  readonly logs: FunctionLogEntry[] = []
  readonly invocations: InvocationRecord[] = []
  private pools = new Map<string, WorkerPool>()
  /** The timed database requests of the invocations still in `invocations`. */
  private spans = new Map<string, { record: InvocationRecord; spans: Span[] }>()
  /** Invocations still running, each with the promise its end resolves. */
  private running = new Map<string, Promise<void>>()
  private closed = false
  readonly actions: ActionTable

  constructor(private readonly opts: FunctionsOptions) {
    this.actions = {
      'functions.invokeFunction': async (body, ctx) => {
        const name = body.function_name
        if (typeof name !== 'string' || !name) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'function_name is required')
        const data = body.request_data === undefined ? '' : body.request_data
        if (typeof data !== 'string') throw new EmulatorError(PlatformCode.INVALID_PARAM, 'request_data must be a JSON string')
        const caller = ctx.caller
        const result = await this.invoke({ name, data, identity: caller, source: calleeSource(caller, this.kindOf(body)) })
        return { data: { response_data: result } }
      },
    }
  }

  private kindOf(body: Record<string, unknown>): TokenEntry['kind'] | undefined {
    const token = body.wxCloudApiToken
    return typeof token === 'string' && token ? this.tokens.resolve(token)?.kind : undefined
  }

  /** The identity behind a `wxCloudApiToken` ('' or absent = no identity; unknown = an error, as a forged token would be). */
  resolveCaller(token: unknown): CallerIdentity | undefined {
    if (typeof token !== 'string' || token === '') return undefined
    const entry = this.tokens.resolve(token)
    if (!entry) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'wxCloudApiToken is invalid or expired')
    return entry.identity
  }

  /** A token that makes SDK calls from outside any function (e.g. a test process) act as this user. */
  mintClientToken(identity: { openid: string; appid?: string; unionid?: string; source?: string; clientIp?: string }): string {
    return this.tokens.mint({ kind: 'client', identity: { appid: this.opts.appId, source: 'wx_client', ...identity } })
  }

  names(): string[] {
    return listFunctions(this.opts.functionsDir)
  }

  configOf(name: string): FunctionInfo['config'] | undefined {
    return findFunction(this.opts.functionsDir, name)?.config
  }

  /** Runs one invocation and answers the callee's return value as JSON text. */
  async invoke(req: InvokeRequest): Promise<string> {
    // After close() a new pool would start workers nobody stops (e.g. a timer firing or push racing the close).
    if (this.closed) throw new EmulatorError(PlatformCode.FUNCTIONS_EXECUTE_FAIL, 'emulator is closing')
    let info: FunctionInfo | undefined
    try {
      info = findFunction(this.opts.functionsDir, req.name)
    } catch (err) {
      throw new EmulatorError(PlatformCode.FUNCTIONS_EXECUTE_FAIL, (err as Error).message)
    }
    // Platform text for a missing function is "[ResourceNotFound.Function]…"; the exact string code was not captured.
    if (!info) throw new EmulatorError(PlatformCode.FUNCTION_NOT_FOUND, `[ResourceNotFound.Function] function not found: ${req.name}`)
    const eventBytes = Buffer.byteLength(req.data)
    if (eventBytes > MAX_EVENT_BYTES) {
      // SCF refuses such a request before running anything; its text names the 6 MB body limit. Code chosen.
      throw new EmulatorError(PlatformCode.INVALID_PARAM, `[InvalidParameterValue.RequestBodySize] event payload is ${eventBytes} bytes; the limit is ${MAX_EVENT_BYTES} bytes (6 MB)`)
    }
    const event = req.userInfo === false ? req.data : withUserInfo(req.data, req.identity)
    const invocationId = randomBytes(16).toString('hex')
    const identity: CallerIdentity = { ...(req.identity ?? { openid: '', appid: this.opts.appId }), source: req.source, functionName: info.name, invocationId }
    const token = this.tokens.mint({ kind: 'function', identity })
    const record: InvocationRecord = { invocationId, functionName: info.name, openid: identity.openid || undefined, source: req.source, startedAt: Date.now(), db: dbRequestStats([]) }
    let ended!: () => void
    this.running.set(invocationId, new Promise<void>((resolve) => (ended = resolve)))
    this.spans.set(invocationId, { record, spans: [] })
    for (const gone of pushCapped(this.invocations, record, RECORD_CAP)) this.spans.delete(gone.invocationId)
    const timeoutMs = info.config.timeout * 1000
    try {
      const outcome = await this.pool(info).run(
        { id: invocationId, event, env: this.invocationEnv(identity, token, invocationId), context: this.context(info, invocationId, timeoutMs) },
        timeoutMs,
      )
      record.durationMs = Date.now() - record.startedAt
      if (!outcome.ok) {
        record.outcome = outcome.kind === 'error' ? 'error' : outcome.kind
        record.error = outcome.error.message
        if (outcome.kind === 'timeout') throw new EmulatorError(PlatformCode.FUNCTIONS_TIME_LIMIT_EXCEEDED, outcome.error.message)
        throw new EmulatorError(PlatformCode.FUNCTIONS_EXECUTE_FAIL, outcome.error.stack ?? `${outcome.error.name}: ${outcome.error.message}`)
      }
      const resultBytes = Buffer.byteLength(outcome.result)
      if (resultBytes > MAX_RESULT_BYTES) {
        record.outcome = 'error'
        record.error = 'result too large'
        throw new EmulatorError(PlatformCode.FUNCTIONS_EXECUTE_FAIL, `[ResponseSizeLimitExceeded] function result is ${resultBytes} bytes; the limit is ${MAX_RESULT_BYTES} bytes (6 MB)`)
      }
      record.outcome = 'ok'
      return outcome.result
    } finally {
      this.tokens.revokeLater(token)
      this.running.delete(invocationId)
      ended()
    }
  }

  /** Resolves when the invocation has ended (at once when it is not running, or unknown). */
  whenDone(invocationId: string | null | undefined): Promise<void> {
    return (invocationId && this.running.get(invocationId)) || Promise.resolve()
  }

  private pool(info: FunctionInfo): WorkerPool {
    let pool = this.pools.get(info.name)
    if (!pool) {
      pool = new WorkerPool({
        entry: info.entry,
        cwd: info.dir,
        env: this.baseEnv(info.name),
        maxWorkers: this.opts.maxWorkersPerFunction ?? 4,
        idleMs: this.opts.idleMs ?? 10 * 60_000,
        onLog: (line) => this.log(info.name, line),
        onRequest: (timing) => this.recordRequest(timing),
      })
      this.pools.set(info.name, pool)
    }
    return pool
  }

  /** Loads one instance of each named function ahead of its first call. */
  async prewarm(names: string[]): Promise<void> {
    await Promise.all(names.map((n) => findFunction(this.opts.functionsDir, n)).filter((i): i is FunctionInfo => !!i).map((i) => this.pool(i).prewarm(i.config.timeout * 1000)))
  }

  private recordRequest(t: RequestTiming) {
    const entry = this.spans.get(t.invocationId)
    if (!entry || !t.action.startsWith('database.')) return
    entry.spans.push({ start: t.start, end: t.end, bytes: t.bytes })
    entry.record.db = dbRequestStats(entry.spans)
  }

  private log(functionName: string, line: LogLine) {
    pushCapped(this.logs, { time: Date.now(), functionName, ...line }, LOG_CAP)
  }

  /** What every instance of a function starts with (wire protocol §8); identity is added per invocation. */
  private baseEnv(name: string): Record<string, string | undefined> {
    const env: Record<string, string | undefined> = {}
    // The host's own WX_/TCB_/SCF_ variables (e.g. a test process acting as a user) must not leak in.
    for (const [k, v] of Object.entries(process.env)) if (!/^(WX_|TCB_|SCF_|TENCENTCLOUD)/.test(k)) env[k] = v
    Object.assign(env, {
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_SECRETID: 'AKIDlocalemulator',
      TENCENTCLOUD_SECRETKEY: 'local-emulator-secret-key',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      SCF_NAMESPACE: this.opts.envId,
      SCF_FUNCTIONNAME: name,
      SCF_FUNCTIONVERSION: '$LATEST',
      TCB_ENV: this.opts.envId,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.opts.adminUrl() }),
      TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SEQID,TCB_SOURCE',
      SILENCE: 'true',
      TZ: this.opts.timezone ?? 'UTC',
    })
    return env
  }

  private invocationEnv(identity: CallerIdentity, token: string, invocationId: string): Record<string, string> {
    const wx: Record<string, string | undefined> = {
      WX_OPENID: identity.openid || undefined,
      WX_APPID: identity.appid,
      WX_UNIONID: identity.unionid,
      WX_CLIENTIP: identity.clientIp,
      WX_API_TOKEN: token,
    }
    const env: Record<string, string> = {}
    for (const k of PER_INVOCATION_KEYS) if (wx[k] !== undefined) env[k] = wx[k] as string
    env.WX_CONTEXT_KEYS = Object.keys(env).join(',')
    env.TCB_SEQID = invocationId
    env.TCB_SOURCE = identity.source
    return env
  }

  private context(info: FunctionInfo, invocationId: string, timeoutMs: number): Record<string, unknown> {
    return {
      request_id: invocationId,
      function_name: info.name,
      function_version: '$LATEST',
      namespace: this.opts.envId,
      memory_limit_in_mb: 256,
      time_limit_in_ms: timeoutMs,
      environment: JSON.stringify({ SCF_NAMESPACE: this.opts.envId, TCB_ENV: this.opts.envId, TENCENTCLOUD_REGION: 'ap-shanghai' }),
    }
  }

  async close(): Promise<void> {
    this.closed = true
    const pools = [...this.pools.values()]
    this.pools.clear()
    await Promise.all(pools.map((p) => p.close()))
  }
}

/**
 * SOURCE as getWXContext() shows it: a call made by a client keeps the client's source; a call made by
 * a function appends `scf` to the caller's chain (documented: B called from A sees `wx_client,scf`).
 */
function calleeSource(caller: CallerIdentity | undefined, kind: TokenEntry['kind'] | undefined): string {
  if (!caller) return ''
  return kind === 'function' ? `${caller.source},scf` : caller.source
}

/** The platform injects `userInfo {appId, openId}` into events from users, overwriting any sent by the client. */
function withUserInfo(data: string, identity: InvokeRequest['identity']): string {
  if (!identity?.openid) return data
  const trimmed = data.trimStart()
  if (trimmed !== '' && !trimmed.startsWith('{')) return data
  const userInfo = JSON.stringify({ appId: identity.appid, openId: identity.openid })
  if (trimmed === '' || /^\{\s*\}$/.test(trimmed)) return `{"userInfo":${userInfo}}`
  // Appending a later duplicate key makes JSON.parse keep ours without re-serialising a large event.
  return `${trimmed.replace(/\}\s*$/, '')},"userInfo":${userInfo}}`
}

/** Appends, dropping the oldest beyond `cap`; answers the dropped ones. */
function pushCapped<T>(list: T[], item: T, cap: number): T[] {
  list.push(item)
  return list.length > cap ? list.splice(0, list.length - cap) : []
}
