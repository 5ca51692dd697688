/**
 * The emulator's HTTP server and its assembly. Routes:
 *   POST /admin          every CloudBase action the SDK sends (JSON, or multipart for wx.openApi),
 *                        answered in the platform envelope (HTTP 200, `{code, message, requestId}` on error)
 *   /__cos/…, /__files/… the fake COS: uploads and signed temporary URLs
 *   /__dev/…             dev-mode helpers for the H5 front end (loopback only)
 *   /__console           a read-only dev console (loopback only)
 *   GET anything else    the static H5 app when `staticDir` is set (SPA fallback to index.html)
 */
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { ActionContext, ActionTable, BinaryPart, CallerIdentity } from './actions'
import { EmulatorError, PlatformCode } from './errors'
import type { DatabaseSchema } from './schema'
import { DatabaseService } from './db'
import { parseJsonObject, readBody } from './http/body'
import { boundaryOf, parseMultipart } from './http/multipart'
import { closeAfterResponse, isLoopback, sendBytes, sendJson, sendText } from './http/respond'
import { rawBodyOf } from './http/raw'
import { serveStatic } from './http/static'
import { handleDev } from './http/dev-routes'
import { FunctionsService, type FunctionLogEntry, type InvocationRecord } from './functions/service'
import { TimerService, type TimerClock, type TimerFiring, type TimerTrigger } from './functions/timers'
import { StorageService } from './storage/service'
import { DiskFileStore, MemoryFileStore } from './storage/store'
import { OpenApiService } from './openapi/service'
import type { OutboxMessage, SensitiveWord } from './openapi/types'
import { MessagePushService, type MessagePushRoute, type PushRecord } from './openapi/push'
import type { MediaVerdictRule } from './openapi/security'
import { handleConsole } from './console/routes'

export type { MessagePushRoute, PushRecord, MediaVerdictRule, TimerClock, TimerFiring, TimerTrigger }

export interface EmulatorOptions {
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Folder for the SQLite file and stored files; ignored with `memory`. Without it the emulator runs in memory. */
  dataDir?: string
  memory?: boolean
  schema?: DatabaseSchema
  /** Fail loudly where the SDK would silently run an operation outside a transaction. */
  strict?: boolean
  /** An open transaction is aborted this long after it started (default 30,000 ms). */
  transactionTimeoutMs?: number
  /** Limit appended to aggregations without a $limit stage (default 20, as the platform is reported to do). */
  aggregateDefaultLimit?: number
  envId?: string
  /** APPID that functions see in getWXContext(). */
  appId?: string
  /** Folders `<name>/index.js` (+ optional config.json) of cloud functions. */
  functionsDir?: string
  /** A built H5 app served at `/` for GET requests that match no emulator route. */
  staticDir?: string
  /** Enables the /__dev routes (answered to loopback clients only). */
  dev?: boolean
  /** msgSecCheck word list; plain strings get label 21000 (其他). */
  sensitiveWords?: Array<string | SensitiveWord>
  /** Warm instances per function at most (the platform allows far more; two cores here). Default 4. */
  maxWorkersPerFunction?: number
  /** Load one instance of every function at start, so the first call is warm. */
  prewarm?: boolean
  /** Largest upload accepted by the fake COS. Default 50 MB. */
  maxUploadBytes?: number
  /** Extra action handlers, merged last (tools and tests that need to observe requests). */
  actions?: ActionTable
  /**
   * Message-push routes (云开发控制台 → 设置 → 消息推送): which function receives a push of this MsgType (+ Event).
   * A push with no matching route is recorded as undelivered.
   */
  messagePush?: MessagePushRoute[]
  /** Delay before a mediaCheckAsync verdict is pushed. Default 0 in memory, 1000 ms with a data folder. */
  mediaCheckDelayMs?: number
  /** Replaces the default mediaCheckAsync verdict rule ('risky'/'review' in the file's cloud path or URL path). */
  mediaVerdict?: MediaVerdictRule
  /**
   * Fire the functions' timer triggers (`config.json` `triggers`, 7-field cron in China time) on schedule.
   * Default false: tests fire timer events by hand.
   */
  timers?: boolean
  /** Code-only, for tests: the clock the timer service schedules with (`now`, `setTimeout`, `clearTimeout`). */
  timerClock?: TimerClock
}

export interface ClientIdentity {
  openid: string
  appid?: string
  unionid?: string
  /** getWXContext().SOURCE of functions this identity calls; default `wx_client`. */
  source?: string
  clientIp?: string
}

export interface Emulator {
  /** e.g. http://127.0.0.1:4567 */
  url: string
  /** The URL to give wx-server-sdk: `TCB_CONTEXT_CNFG={"URL": adminUrl}` or `cloud.init({ serviceUrl })`. */
  adminUrl: string
  port: number
  envId: string
  appId: string
  db: DatabaseService
  functions: FunctionsService
  storage: StorageService
  openapi: OpenApiService
  /** Messages sent with subscribeMessage.send. */
  readonly outbox: OutboxMessage[]
  /** Message pushes attempted (mediaCheckAsync verdicts), oldest first (capped at 1000). */
  readonly pushes: PushRecord[]
  /**
   * Resolves once every scheduled push has been attempted (also those scheduled meanwhile by the functions
   * receiving them). `{ now: true }` delivers pushes still waiting out `mediaCheckDelayMs` at once.
   */
  settlePushes(options?: { now?: boolean }): Promise<void>
  /** Replaces the mediaCheckAsync verdict rule; no argument restores the option's rule or the default. */
  setMediaVerdict(rule?: MediaVerdictRule): void
  /** Timer triggers: the declared triggers (`timers.triggers`), firings, `settle()`; scheduling only with `timers: true`. */
  timers: TimerService
  /** Timer-trigger firings, oldest first (capped at 1000). */
  readonly timerFirings: TimerFiring[]
  /** Console output of function invocations, oldest first (capped). */
  readonly functionLogs: FunctionLogEntry[]
  readonly invocations: InvocationRecord[]
  /** Makes the next `times` calls of an open API answer this WeChat errcode (e.g. 87014). */
  injectOpenApiError(apiName: string, errcode: number, errmsg?: string, times?: number): void
  clearInjectedErrors(): void
  /** A `WX_API_TOKEN` that makes wx-server-sdk calls from this process act as the given mini-program user. */
  mintToken(identity: ClientIdentity): string
  /**
   * Environment for running wx-server-sdk in the current process against this emulator (as a function
   * would see it); with an identity, calls carry that user (getWXContext, callFunction).
   */
  sdkEnv(identity?: ClientIdentity): Record<string, string>
  close(): Promise<void>
}

/** Room for a 6 MB function payload after JSON escaping inside the request body. */
const MAX_ADMIN_BODY = 16 * 1024 * 1024
const DEFAULT_MAX_UPLOAD = 50 * 1024 * 1024
/** With a data folder (`npm start`) a verdict arrives a moment later, so the UI shows the pending state. */
const DEFAULT_DISK_MEDIA_CHECK_DELAY_MS = 1000

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1'
  const envId = options.envId ?? 'local-dev'
  const appId = options.appId ?? 'wx0000000000000000'
  const onDisk = !options.memory && options.dataDir !== undefined
  if (onDisk) fs.mkdirSync(options.dataDir as string, { recursive: true })
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD
  let baseUrl = ''

  const db = new DatabaseService({
    dataDir: onDisk ? options.dataDir : undefined,
    strict: options.strict ?? false,
    transactionTimeoutMs: options.transactionTimeoutMs,
    aggregateDefaultLimit: options.aggregateDefaultLimit,
  })
  if (options.schema) db.applySchema(options.schema)
  const functions = new FunctionsService({
    functionsDir: options.functionsDir,
    envId,
    appId,
    adminUrl: () => `${baseUrl}/admin`,
    maxWorkersPerFunction: options.maxWorkersPerFunction,
  })
  const storage = new StorageService({
    envId,
    store: onDisk ? new DiskFileStore(path.join(options.dataDir as string, 'storage')) : new MemoryFileStore(),
    baseUrl: () => baseUrl,
    maxUploadBytes,
  })
  const pushes = new MessagePushService({
    appId,
    routes: options.messagePush ?? [],
    delayMs: options.mediaCheckDelayMs ?? (onDisk ? DEFAULT_DISK_MEDIA_CHECK_DELAY_MS : 0),
    invoke: (req) => functions.invoke(req),
  })
  const openapi = new OpenApiService({
    appId,
    sensitiveWords: options.sensitiveWords,
    permissionsOf: (name) => functions.configOf(name)?.openapi,
    pushes,
    invocationDone: (id) => functions.whenDone(id),
    storedPathOf: (url) => storage.pathOfTempUrl(url),
    mediaVerdict: options.mediaVerdict,
  })
  const timers = new TimerService({
    names: () => functions.names(),
    triggersOf: (name) => functions.configOf(name)?.triggers,
    invoke: (req) => functions.invoke(req),
    clock: options.timerClock,
  })
  const table: ActionTable = { ...db.actions, ...functions.actions, ...storage.actions, ...openapi.actions, ...options.actions }

  const devDeps = {
    appId,
    functions,
    upload: (cloudPath: string, data: Buffer) => storage.put(cloudPath, data),
    outbox: () => openapi.outbox,
    pushes: () => pushes.records,
    timers: () => ({ enabled: timers.enabled, triggers: timers.triggers.map(showTrigger), firings: timers.firings }),
    maxUploadBytes,
  }
  const consoleDeps = { db, functions, outbox: () => openapi.outbox, envId }

  const route = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const pathname = (req.url ?? '/').split('?')[0]
    if (pathname === '/admin') {
      if (req.method !== 'POST') return sendText(res, 405, 'POST only')
      return handleAdmin(req, res, table, functions)
    }
    if (await storage.handleHttp(pathname, req, res)) return
    if (pathname.startsWith('/__dev/')) {
      if (!options.dev) return sendText(res, 404, 'dev routes are off (start with dev mode)')
      if (!isLoopback(req)) return sendText(res, 403, 'dev routes answer loopback clients only')
      if (await handleDev(pathname, req, res, devDeps)) return
      return sendText(res, 404, 'no such dev route')
    }
    if (pathname === '/__console' || pathname.startsWith('/__console/')) {
      if (!isLoopback(req)) return sendText(res, 403, 'the console answers loopback clients only')
      if (await handleConsole(pathname, req, res, consoleDeps)) return
      return sendText(res, 404, 'no such console route')
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && options.staticDir) return serveStatic(options.staticDir, req, res)
    sendText(res, 404, 'not found')
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err) => {
      // Last line of defence: a route that failed unexpectedly still gets an answer, never a crash.
      if (!res.headersSent) sendJson(res, { requestId: newRequestId(), code: PlatformCode.SYS_ERR, message: (err as Error)?.message ?? String(err) })
      else res.destroy()
    })
  })
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n')
    else socket.destroy()
  })
  // The server SDK's keep-alive agent (agentkeepalive) drops a socket after 4.8 s idle. A server closing at
  // 5 s left 0.2 s: on a loaded machine the client's timer fired late, it reused a socket the server had
  // just closed, and a function's database or open-API call failed with "read ECONNRESET" (-501001).
  // Holding idle sockets much longer means the client is always the one to close them.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  if (options.prewarm) await functions.prewarm(functions.names())
  if (options.timers) timers.start()

  const adminUrl = `${baseUrl}/admin`
  let closing: Promise<void> | undefined
  return {
    url: baseUrl,
    adminUrl,
    port,
    envId,
    appId,
    db,
    functions,
    storage,
    openapi,
    get outbox() {
      return openapi.outbox
    },
    get pushes() {
      return pushes.records
    },
    timers,
    get timerFirings() {
      return timers.firings
    },
    settlePushes: (opts) => pushes.settle(opts),
    setMediaVerdict: (rule) => openapi.setMediaVerdict(rule),
    get functionLogs() {
      return functions.logs
    },
    get invocations() {
      return functions.invocations
    },
    injectOpenApiError: (apiName, errcode, errmsg, times) => openapi.injectError(apiName, errcode, errmsg, times),
    clearInjectedErrors: () => openapi.clearInjectedErrors(),
    mintToken: (identity) => functions.mintClientToken(identity),
    sdkEnv(identity) {
      const env: Record<string, string> = {
        TENCENTCLOUD_RUNENV: 'SCF',
        TENCENTCLOUD_SECRETID: 'AKIDlocalemulator',
        TENCENTCLOUD_SECRETKEY: 'local-emulator-secret-key',
        TENCENTCLOUD_REGION: 'ap-shanghai',
        SCF_NAMESPACE: envId,
        TCB_ENV: envId,
        TCB_CONTEXT_CNFG: JSON.stringify({ URL: adminUrl }),
        TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SOURCE',
        SILENCE: 'true',
      }
      if (identity) {
        Object.assign(env, {
          WX_OPENID: identity.openid,
          WX_APPID: identity.appid ?? appId,
          WX_API_TOKEN: functions.mintClientToken(identity),
          WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_API_TOKEN',
          TCB_SOURCE: identity.source ?? 'wx_client',
        })
      }
      return env
    },
    close() {
      closing ??= (async () => {
        server.closeIdleConnections()
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        // Pushes still waiting are recorded as undelivered; one mid-delivery ends when its worker is killed below.
        const pushesClosed = pushes.close()
        // Nothing more is scheduled; a firing still running ends with its worker below.
        const timersClosed = timers.close()
        // Long-running requests (a function mid-invocation) end when their workers are killed below.
        await functions.close()
        await pushesClosed
        await timersClosed
        server.closeAllConnections()
        await closed
        db.close()
      })()
      return closing
    },
  }
}

/** A trigger for /__dev/timers, with its next due time readable. */
function showTrigger(t: TimerTrigger) {
  return { ...t, next: t.next === null ? null : new Date(t.next).toISOString() }
}

function newRequestId() {
  return randomBytes(8).toString('hex')
}

async function handleAdmin(req: http.IncomingMessage, res: http.ServerResponse, table: ActionTable, functions: FunctionsService) {
  const requestId = newRequestId()
  try {
    let raw: Buffer
    try {
      raw = await readBody(req, MAX_ADMIN_BODY)
    } catch (err) {
      closeAfterResponse(req, res)
      throw err
    }
    let body: Record<string, unknown>
    let parts: BinaryPart[] | undefined
    const boundary = boundaryOf(req.headers['content-type'])
    if (boundary) {
      // wx.openApi: one text part per param plus the binary protobuf `requestData`.
      const all = parseMultipart(raw, boundary)
      body = {}
      parts = all.map((p) => ({ name: p.name, data: p.data, filename: p.filename, contentType: p.contentType }))
      for (const p of all) if (p.name !== 'requestData' && p.filename === undefined) body[p.name] = p.data.toString('utf8')
    } else {
      body = parseJsonObject(raw)
    }
    const action = body.action
    const handler = typeof action === 'string' && Object.prototype.hasOwnProperty.call(table, action) ? table[action] : undefined
    if (!handler) throw new EmulatorError(PlatformCode.INVALID_ACTION, `unknown action: ${String(action)}`)
    const caller: CallerIdentity | undefined = functions.resolveCaller(body.wxCloudApiToken)
    const ctx: ActionContext = { requestId, headers: req.headers, caller, parts }
    const result = await handler(body, ctx)
    const rawBody = rawBodyOf(result)
    if (rawBody) return sendBytes(res, rawBody.data, rawBody.contentType)
    sendJson(res, { requestId, ...result })
  } catch (err) {
    const e = err instanceof EmulatorError ? err : new EmulatorError(PlatformCode.SYS_ERR, (err as Error)?.message ?? String(err))
    sendJson(res, { requestId, code: e.code, message: e.message })
  }
}
