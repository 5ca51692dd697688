/**
 * Cloud storage: the `storage.*` actions (wire protocol §6.2) and the fake COS behind them —
 * `/__cos/<path>` takes uploads (PUT from SDK 4.x, multipart POST from 2.x/3.x) and `/__files/<path>`
 * serves signed, expiring temporary URLs.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ActionTable } from '../actions'
import { EmulatorError, PlatformCode } from '../errors'
import { readBody } from '../http/body'
import { contentTypeFor } from '../http/mime'
import { boundaryOf, parseMultipart } from '../http/multipart'
import { sendBytes } from '../http/respond'
import { makeFileId, normalizeCloudPath, pathOfFileId } from './fileid'
import type { FileStore } from './store'

export interface StorageOptions {
  envId: string
  store: FileStore
  /** Base URL of the emulator (http://127.0.0.1:port), known once it listens. */
  baseUrl: () => string
  maxUploadBytes: number
}

/** getTempFileURL without maxAge: the platform answers maxAge 86400 (wire protocol §6.2 capture). */
const DEFAULT_MAX_AGE_S = 86_400
/** downloadFile asks for 600 s itself; an upload signature is valid about as long on COS. */
const UPLOAD_GRANT_MS = 10 * 60_000

interface UploadGrant {
  path: string
  expires: number
}

export class StorageService {
  readonly actions: ActionTable
  private grants = new Map<string, UploadGrant>()
  private secret = randomBytes(32)

  constructor(private readonly opts: StorageOptions) {
    this.actions = {
      'storage.getUploadMetadata': (body) => {
        const path = normalizeCloudPath(body.path)
        const cosFileId = randomBytes(16).toString('hex')
        this.grants.set(cosFileId, { path, expires: Date.now() + UPLOAD_GRANT_MS })
        this.sweepGrants()
        return {
          data: {
            url: `${this.opts.baseUrl()}/__cos/${encodePath(path)}`,
            token: `emu-cos-token-${randomBytes(8).toString('hex')}`,
            authorization: `q-sign-algorithm=sha1&q-ak=AKIDlocalemulator&q-sign-time=${Math.floor(Date.now() / 1000)}&q-signature=${cosFileId}`,
            fileId: makeFileId(this.opts.envId, path),
            cosFileId,
          },
        }
      },
      'storage.batchGetDownloadUrl': (body) => {
        const list = body.file_list
        if (!Array.isArray(list) || list.length === 0) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'file_list must be a non-empty array')
        if (list.length > 50) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'file_list holds more than 50 files')
        if (!list.every((i) => isRecord(i) && typeof i.fileid === 'string' && i.fileid !== '')) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'file_list must hold {fileid} objects')
        return { data: { download_list: list.map((item) => this.tempUrlItem(item)) } }
      },
      // node-sdk's app.getFileAuthority: which of the caller's paths it may read / write. The emulator has no
      // storage security rules, so a signed-in user (openId or uid, as the platform requires) may do both.
      'storage.getFileAuthority': (body) => {
        const list = body.fileList
        if (!body.openId && !body.uid) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'getFileAuthority needs an end user (openId or uid)')
        if (!Array.isArray(list) || list.length === 0) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'fileList must be a non-empty array')
        if (list.length > 50) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'fileList holds more than 50 files')
        return {
          data: list.map((item) => {
            if (!isRecord(item) || typeof item.path !== 'string' || !['READ', 'WRITE', 'READWRITE'].includes(item.type as string)) {
              throw new EmulatorError(PlatformCode.INVALID_PARAM, 'fileList items must be {path, type: READ | WRITE | READWRITE}')
            }
            const path = pathOfFileId(this.opts.envId, item.path) ?? normalizeCloudPath(item.path)
            return { path: item.path, cosFileId: makeFileId(this.opts.envId, path), read: true, write: true }
          }),
        }
      },
      'storage.batchDeleteFile': (body) => {
        const list = body.fileid_list
        if (!Array.isArray(list) || list.length === 0) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'fileid_list must be a non-empty array')
        if (list.length > 50) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'fileid_list holds more than 50 files')
        if (!list.every((f) => typeof f === 'string' && f !== '')) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'fileid_list must hold non-empty strings')
        return {
          data: {
            delete_list: list.map((fileID) => {
              const path = pathOfFileId(this.opts.envId, fileID)
              if (path !== undefined && this.opts.store.delete(path)) return { fileID, code: 'SUCCESS' }
              return { fileID, code: PlatformCode.STORAGE_FILE_NONEXIST, message: 'storage file not exists' }
            }),
          },
        }
      },
    }
  }

  private tempUrlItem(item: unknown) {
    const fileID = (item as { fileid?: unknown })?.fileid
    const rawAge = Number((item as { max_age?: unknown })?.max_age)
    const maxAge = Number.isFinite(rawAge) && rawAge > 0 ? Math.floor(rawAge) : DEFAULT_MAX_AGE_S
    const path = pathOfFileId(this.opts.envId, fileID)
    if (path === undefined || !this.opts.store.has(path)) {
      return { fileID, tempFileURL: '', code: PlatformCode.STORAGE_FILE_NONEXIST, message: 'storage file not exists' }
    }
    return { fileID, tempFileURL: this.signedUrl(path, maxAge), code: 'SUCCESS', maxAge }
  }

  /** A temporary URL, valid for maxAge seconds. */
  signedUrl(path: string, maxAgeS: number): string {
    const t = Math.floor(Date.now() / 1000) + maxAgeS
    // Like the platform's URLs the path is left unencoded: downloadFile runs encodeURI over it before its GET.
    return `${this.opts.baseUrl()}/__files/${path.replace(/[?#]/g, encodeURIComponent)}?t=${t}&sign=${this.sign(path, t)}`
  }

  /**
   * The cloud path behind one of this emulator's temporary URLs (`<base>/__files/<path>?t=&sign=`) when the
   * file is stored; undefined for any other URL. The signature and expiry are not checked: the caller only
   * wants to know which file the URL names.
   */
  pathOfTempUrl(url: string): string | undefined {
    let parsed: URL
    let base: URL
    try {
      parsed = new URL(url)
      base = new URL(this.opts.baseUrl())
    } catch {
      return undefined
    }
    if (parsed.origin !== base.origin || !parsed.pathname.startsWith('/__files/')) return undefined
    try {
      const path = normalizeCloudPath(decodePath(parsed.pathname.slice('/__files/'.length)))
      return this.opts.store.has(path) ? path : undefined
    } catch {
      return undefined
    }
  }

  private sign(path: string, t: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${t}`).digest('hex').slice(0, 32)
  }

  /** Stores a file directly (the H5 dev upload route). */
  put(cloudPath: string, data: Buffer): string {
    const path = normalizeCloudPath(cloudPath)
    this.opts.store.put(path, data)
    return makeFileId(this.opts.envId, path)
  }

  /** `/__cos/…` and `/__files/…`; answers false for any other path. */
  async handleHttp(pathname: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (pathname === '/__cos' || pathname.startsWith('/__cos/')) {
      await this.handleUpload(pathname.slice('/__cos/'.length), req, res)
      return true
    }
    if (pathname.startsWith('/__files/') && (req.method === 'GET' || req.method === 'HEAD')) {
      this.handleDownload(pathname.slice('/__files/'.length), req, res)
      return true
    }
    return false
  }

  private async handleUpload(encodedPath: string, req: IncomingMessage, res: ServerResponse) {
    try {
      let urlPath = decodePath(encodedPath)
      let data: Buffer
      let grantId: string | undefined
      if (req.method === 'PUT') {
        grantId = header(req, 'x-cos-meta-fileid')
        data = await readBody(req, this.opts.maxUploadBytes)
      } else if (req.method === 'POST') {
        // COS "POST Object": the object key and credentials are form fields, the bytes are the `file` part.
        const boundary = boundaryOf(req.headers['content-type'])
        if (!boundary) return cosError(res, 400, 'InvalidArgument', 'expected multipart/form-data')
        const parts = parseMultipart(await readBody(req, this.opts.maxUploadBytes), boundary)
        const field = (n: string) => parts.find((p) => p.name === n)?.data.toString('utf8')
        grantId = field('x-cos-meta-fileid')
        const key = field('key')
        if (key) urlPath = normalizeCloudPath(key)
        const file = parts.find((p) => p.name === 'file')
        if (!file) return cosError(res, 400, 'InvalidArgument', 'missing file part')
        data = file.data
      } else {
        return cosError(res, 405, 'MethodNotAllowed', `${req.method} is not allowed`)
      }
      const grant = grantId ? this.grants.get(grantId) : undefined
      if (!grant || grant.expires < Date.now() || grant.path !== urlPath) {
        return cosError(res, 403, 'AccessDenied', 'upload is not authorised: call storage.getUploadMetadata for this path first')
      }
      this.opts.store.put(grant.path, data)
      res.writeHead(req.method === 'POST' ? 204 : 200, { 'content-length': 0, etag: `"${data.length}"` })
      res.end()
    } catch (err) {
      const e = err as EmulatorError
      if (e.code === PlatformCode.EXCEED_REQUEST_LIMIT) {
        res.setHeader('connection', 'close')
        return cosError(res, 400, 'EntityTooLarge', e.message)
      }
      return cosError(res, 400, 'InvalidArgument', e.message ?? String(err))
    }
  }

  private handleDownload(encodedPath: string, req: IncomingMessage, res: ServerResponse) {
    let path: string
    try {
      path = normalizeCloudPath(decodePath(encodedPath))
    } catch {
      return cosError(res, 400, 'InvalidURI', 'bad object key')
    }
    const q = new URL(req.url ?? '/', 'http://x').searchParams
    const t = Number(q.get('t'))
    const given = Buffer.from(q.get('sign') ?? '')
    const want = Buffer.from(Number.isFinite(t) ? this.sign(path, t) : '')
    if (given.length !== want.length || !timingSafeEqual(given, want)) return cosError(res, 403, 'AccessDenied', 'Request has invalid signature')
    if (t * 1000 < Date.now()) return cosError(res, 403, 'AccessDenied', 'Request has expired')
    const file = this.opts.store.get(path)
    if (!file) return cosError(res, 404, 'NoSuchKey', 'The specified key does not exist.')
    sendBytes(res, req.method === 'HEAD' ? Buffer.alloc(0) : file.data, contentTypeFor(path), 200, { 'last-modified': new Date(file.modified).toUTCString() })
  }

  private sweepGrants() {
    if (this.grants.size < 1000) return
    const now = Date.now()
    for (const [k, g] of this.grants) if (g.expires < now) this.grants.delete(k)
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}

function encodePath(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/')
}

function decodePath(p: string): string {
  try {
    return p.split('/').map(decodeURIComponent).join('/')
  } catch {
    throw new EmulatorError(PlatformCode.INVALID_PARAM, 'bad percent-encoding in path')
  }
}

/** COS answers errors as XML; node-sdk 3.x reads Code, Message, RequestId and TraceId from it. */
function cosError(res: ServerResponse, status: number, code: string, message: string) {
  const id = randomBytes(8).toString('hex')
  const xml = `<?xml version='1.0' encoding='utf-8' ?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${id}</RequestId><TraceId>${id}</TraceId></Error>`
  sendBytes(res, Buffer.from(xml), 'application/xml', status)
}

function escapeXml(s: string) {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
