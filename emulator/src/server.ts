/**
 * The emulator's HTTP server: one POST route (`/admin`) that decodes the CloudBase request, dispatches on
 * `action` to the service tables, and answers in the platform's envelope (HTTP 200, `{code, message}` on error).
 * SKELETON: functions, storage, open APIs, dev routes and the console are added by their modules.
 */
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import type { ActionContext, ActionTable } from './actions'
import { EmulatorError, PlatformCode } from './errors'
import type { DatabaseSchema } from './schema'
import { DatabaseService } from './db'

export interface EmulatorOptions {
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Folder for the SQLite file and stored files; ignored with `memory`. */
  dataDir?: string
  memory?: boolean
  schema?: DatabaseSchema
  /** Fail loudly where the SDK would silently run an operation outside a transaction. */
  strict?: boolean
  envId?: string
}

export interface Emulator {
  /** e.g. http://127.0.0.1:4567 */
  url: string
  /** The URL to give wx-server-sdk: `TCB_CONTEXT_CNFG={"URL": adminUrl}` or `cloud.init({ serviceUrl })`. */
  adminUrl: string
  port: number
  envId: string
  db: DatabaseService
  close(): Promise<void>
}

const MAX_BODY = 8 * 1024 * 1024

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1'
  const envId = options.envId ?? 'local-dev'
  const db = new DatabaseService({ dataDir: options.memory ? undefined : options.dataDir, strict: options.strict ?? false })
  if (options.schema) db.applySchema(options.schema)
  const table: ActionTable = { ...db.actions }

  const server = http.createServer((req, res) => {
    void handle(req, res, table)
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve))
  const port = (server.address() as AddressInfo).port
  const url = `http://${host}:${port}`
  return {
    url,
    adminUrl: `${url}/admin`,
    port,
    envId,
    db,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      db.close()
    },
  }
}

function send(res: http.ServerResponse, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new EmulatorError(PlatformCode.EXCEED_REQUEST_LIMIT, `request body exceeds ${MAX_BODY} bytes`)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, table: ActionTable) {
  const requestId = randomBytes(8).toString('hex')
  try {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'POST' || path !== '/admin') {
      res.writeHead(404).end()
      return
    }
    const raw = await readBody(req)
    let body: Record<string, unknown>
    try {
      body = JSON.parse(raw.toString('utf8'))
    } catch {
      throw new EmulatorError(PlatformCode.INVALID_PARAM, 'request body is not valid JSON')
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new EmulatorError(PlatformCode.INVALID_PARAM, 'request body must be a JSON object')
    }
    const action = body.action
    const handler = typeof action === 'string' ? table[action] : undefined
    if (!handler) throw new EmulatorError(PlatformCode.INVALID_ACTION, `unknown action: ${String(action)}`)
    const ctx: ActionContext = { requestId, headers: req.headers }
    const result = await handler(body, ctx)
    send(res, { requestId, ...result })
  } catch (err) {
    const e = err instanceof EmulatorError ? err : new EmulatorError(PlatformCode.SYS_ERR, (err as Error)?.message ?? String(err))
    send(res, { requestId, code: e.code, message: e.message })
  }
}
