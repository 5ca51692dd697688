/**
 * Dev-only HTTP routes for the H5 front end and tools: call a function as a given user
 * (`POST /__dev/call/<name>`), upload a file (`POST /__dev/upload`), and read the outbox, message pushes, timer
 * triggers and their firings, and function logs.
 * They act as any user, so the server answers them only in dev mode and only to loopback peers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { EmulatorError, PlatformCode } from '../errors'
import type { FunctionsService } from '../functions/service'
import { MAX_EVENT_BYTES } from '../functions/limits'
import { readBody, parseJsonObject } from './body'
import { boundaryOf, parseMultipart } from './multipart'
import { sendJson } from './respond'

export interface DevDeps {
  appId: string
  functions: FunctionsService
  /** Stores an uploaded file as the given user; answers its fileID. */
  upload?: (cloudPath: string, data: Buffer, openid: string) => Promise<string> | string
  outbox?: () => unknown[]
  pushes?: () => unknown[]
  timers?: () => unknown
  maxUploadBytes: number
}

export async function handleDev(path: string, req: IncomingMessage, res: ServerResponse, deps: DevDeps): Promise<boolean> {
  const call = /^\/__dev\/call\/([^/]+)$/.exec(path)
  if (call && req.method === 'POST') {
    await devCall(decodeURIComponent(call[1]), req, res, deps)
    return true
  }
  if (path === '/__dev/upload' && req.method === 'POST') {
    await devUpload(req, res, deps)
    return true
  }
  if (path === '/__dev/outbox' && req.method === 'GET') {
    sendJson(res, { messages: deps.outbox?.() ?? [] })
    return true
  }
  if (path === '/__dev/pushes' && req.method === 'GET') {
    sendJson(res, { pushes: deps.pushes?.() ?? [] })
    return true
  }
  if (path === '/__dev/timers' && req.method === 'GET') {
    sendJson(res, deps.timers?.() ?? { enabled: false, triggers: [], firings: [] })
    return true
  }
  if (path === '/__dev/logs' && req.method === 'GET') {
    sendJson(res, { logs: deps.functions.logs, invocations: deps.functions.invocations })
    return true
  }
  if (path === '/__dev/functions' && req.method === 'GET') {
    sendJson(res, { functions: deps.functions.names() })
    return true
  }
  return false
}

async function devCall(name: string, req: IncomingMessage, res: ServerResponse, deps: DevDeps) {
  try {
    // Room for the 6 MB event plus its JSON wrapper; the exact event limit is checked by the invoker.
    const body = parseJsonObject(await readBody(req, MAX_EVENT_BYTES * 2 + 1024))
    const openid = body.openid
    if (openid !== undefined && (typeof openid !== 'string' || openid.length > 128)) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'openid must be a string')
    const unionid = typeof body.unionid === 'string' ? body.unionid : undefined
    const data = body.data === undefined ? '' : JSON.stringify(body.data)
    const identity = openid ? { openid, appid: deps.appId, unionid, clientIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') } : undefined
    const text = await deps.functions.invoke({ name, data, identity, source: 'wx_client' })
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
    res.end(`{"result":${text}}`)
  } catch (err) {
    const e = err instanceof EmulatorError ? err : new EmulatorError(PlatformCode.SYS_ERR, (err as Error)?.message ?? String(err))
    sendJson(res, { error: { code: e.code, message: e.message } })
  }
}

async function devUpload(req: IncomingMessage, res: ServerResponse, deps: DevDeps) {
  try {
    if (!deps.upload) throw new EmulatorError(PlatformCode.NOT_EMULATED, 'storage is not enabled')
    const boundary = boundaryOf(req.headers['content-type'])
    if (!boundary) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'expected multipart/form-data')
    const parts = parseMultipart(await readBody(req, deps.maxUploadBytes), boundary)
    const text = (n: string) => parts.find((p) => p.name === n)?.data.toString('utf8')
    const cloudPath = text('cloudPath')
    const file = parts.find((p) => p.name === 'file')
    if (!cloudPath) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'cloudPath is required')
    if (!file) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'file is required')
    const fileID = await deps.upload(cloudPath, file.data, text('openid') ?? '')
    sendJson(res, { fileID })
  } catch (err) {
    const e = err instanceof EmulatorError ? err : new EmulatorError(PlatformCode.SYS_ERR, (err as Error)?.message ?? String(err))
    sendJson(res, { error: { code: e.code, message: e.message } })
  }
}
