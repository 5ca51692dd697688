/**
 * `cloud.openapi.*` (the `wx.openApi` action, wire protocol §6.4): decodes the protobuf CommApiData,
 * enforces the calling function's `permissions.openapi` whitelist, applies injected errors, dispatches
 * to the emulated APIs, and answers a protobuf CommOpenApiResp. Anything else is "not emulated".
 */
import type { ActionContext, ActionTable, CallerIdentity } from '../actions'
import { EmulatorError, PlatformCode } from '../errors'
import { rawResult } from '../http/raw'
import { decodeCommApiData, encodeCommOpenApiResp, type KeyValuePair } from './proto'
import type { MessagePushService } from './push'
import { defaultMediaVerdict, mediaCheckAsync, msgSecCheck, normalizeWords, type MediaCheckRequest, type MediaVerdictRule } from './security'
import { subscribeSend } from './subscribe'
import type { OpenApiAnswer, OpenApiParams, OutboxMessage, SensitiveWord } from './types'
import { getUnlimited } from './wxacode'

export interface OpenApiOptions {
  appId: string
  sensitiveWords?: Array<string | SensitiveWord>
  /** The whitelist from a function's config.json; undefined when the function is unknown. */
  permissionsOf: (functionName: string) => string[] | undefined
  /** Delivers the mediaCheckAsync verdicts (wxa_media_check pushes). */
  pushes: MessagePushService
  /** The cloud path of a file stored in the emulator when `url` is one of its temporary URLs. */
  storedPathOf: (url: string) => string | undefined
  /** When the calling invocation ends; a verdict push waits for it (see MessagePushService.schedule). */
  invocationDone?: (invocationId: string | null | undefined) => Promise<void>
  /** Replaces the default mediaCheckAsync verdict rule (see `defaultMediaVerdict`). */
  mediaVerdict?: MediaVerdictRule
}

interface Injected {
  errcode: number
  errmsg: string
  remaining: number
}

/**
 * wx-server-sdk's own error table names -604101 "function has no permission to call this API"
 * (WX_FUNCTIONS_SERVER_OPENAPI_NO_PERMISSION) and reads such platform-level failures from
 * CommOpenApiResp.errorCode, so a missing whitelist entry is answered there.
 */
const NO_PERMISSION = -604101

export class OpenApiService {
  readonly outbox: OutboxMessage[] = []
  readonly actions: ActionTable
  private words: SensitiveWord[]
  private injected = new Map<string, Injected>()
  private mediaVerdict: MediaVerdictRule

  constructor(private readonly opts: OpenApiOptions) {
    this.words = normalizeWords(opts.sensitiveWords)
    this.mediaVerdict = opts.mediaVerdict ?? defaultMediaVerdict
    this.actions = {
      'wx.openApi': (body, ctx) => this.openApi(body, ctx),
      'wx.wxPayApi': (body) => notEmulated(`cloudPay.${String(body.apiName)}`),
      'wx.api': (body) => notEmulated(`callOpenAPI ${String(body.apiName)}`),
    }
  }

  setSensitiveWords(words: Array<string | SensitiveWord>) {
    this.words = normalizeWords(words)
  }

  /** Replaces the mediaCheckAsync verdict rule; undefined restores the option's rule (or the default). */
  setMediaVerdict(rule: MediaVerdictRule | undefined) {
    this.mediaVerdict = rule ?? this.opts.mediaVerdict ?? defaultMediaVerdict
  }

  /** Makes the next `times` calls of `apiName` answer this WeChat error (e.g. 87014 risky content). */
  injectError(apiName: string, errcode: number, errmsg = 'injected error', times = 1) {
    this.injected.set(apiName, { errcode, errmsg, remaining: times })
  }

  clearInjectedErrors() {
    this.injected.clear()
  }

  private async openApi(body: Record<string, unknown>, ctx: ActionContext) {
    const apiName = body.apiName
    if (typeof apiName !== 'string' || !apiName) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'apiName is required')
    const requestData = ctx.parts?.find((p) => p.name === 'requestData')?.data
    if (!requestData) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'requestData part is required')
    let decoded
    try {
      decoded = decodeCommApiData(requestData)
    } catch (err) {
      throw new EmulatorError(PlatformCode.INVALID_PARAM, `requestData is not a CommApiData protobuf: ${(err as Error).message}`)
    }
    // svrkit helpers (getOpenData, getVoIPSign, …) and resource-sharing token calls are not emulated.
    if (decoded.apiType !== 0) return notEmulated(apiName)
    if (!this.allowed(ctx.caller, apiName)) return rawResult(encodeCommOpenApiResp({ errorCode: NO_PERMISSION }), 'application/octet-stream')
    const params = decodeParams(decoded.pairs)
    const answer = this.injectedAnswer(apiName) ?? (await this.dispatch(apiName, params, ctx.caller))
    return rawResult(encodeAnswer(answer), 'application/octet-stream')
  }

  /** Calls from outside any function (tests, scripts) act as an admin and skip the whitelist. */
  private allowed(caller: CallerIdentity | undefined, apiName: string): boolean {
    if (!caller?.functionName) return true
    return (this.opts.permissionsOf(caller.functionName) ?? []).includes(apiName)
  }

  private injectedAnswer(apiName: string): OpenApiAnswer | undefined {
    const inj = this.injected.get(apiName)
    if (!inj) return undefined
    if (--inj.remaining <= 0) this.injected.delete(apiName)
    return { json: { errcode: inj.errcode, errmsg: inj.errmsg } }
  }

  private async dispatch(apiName: string, params: OpenApiParams, caller: CallerIdentity | undefined): Promise<OpenApiAnswer> {
    switch (apiName) {
      case 'wxacode.getUnlimited':
        return getUnlimited(params, caller?.appid || this.opts.appId)
      case 'security.msgSecCheck':
        return msgSecCheck(params, this.words)
      case 'subscribeMessage.send':
        return subscribeSend(params, caller, this.outbox)
      case 'security.mediaCheckAsync': {
        const { answer, request } = mediaCheckAsync(params)
        if (request) this.scheduleVerdict(request, caller?.appid || this.opts.appId, this.opts.invocationDone?.(caller?.invocationId))
        return answer
      }
      default:
        return notEmulated(apiName)
    }
  }

  /**
   * The verdict is decided when the push is built (at call time), from the file the URL points at then;
   * WeChat downloads the media itself and answers within 30 minutes.
   */
  private scheduleVerdict(req: MediaCheckRequest, appid: string, after?: Promise<void>) {
    const path = this.opts.storedPathOf(req.mediaUrl)
    const { suggest, label } = this.mediaVerdict({ url: req.mediaUrl, ...(path !== undefined ? { path } : {}) })
    this.opts.pushes.schedule(
      {
        ToUserName: this.opts.pushes.toUserName,
        FromUserName: req.openid,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: 'event',
        Event: 'wxa_media_check',
        appid,
        trace_id: req.traceId,
        version: 2,
        detail: [{ strategy: 'content_model', errcode: 0, suggest, label, prob: suggest === 'pass' ? 0 : 90 }],
        errcode: 0,
        errmsg: 'ok',
        result: { suggest, label },
      },
      { traceId: req.traceId, after },
    )
  }
}

function notEmulated(apiName: string): never {
  throw new EmulatorError(PlatformCode.NOT_EMULATED, `not emulated: ${apiName}`)
}

/** Each pair holds one top-level param as JSON text (json-bigint on the client); media pairs hold raw bytes. */
function decodeParams(pairs: KeyValuePair[]): OpenApiParams {
  const params: OpenApiParams = {}
  for (const p of pairs) {
    if (p.contenttype) {
      params[p.key] = { contentType: p.contenttype, filename: p.filename, value: p.value }
      continue
    }
    const text = p.value.toString('utf8')
    try {
      params[p.key] = JSON.parse(text)
    } catch {
      params[p.key] = text
    }
  }
  return params
}

function encodeAnswer(answer: OpenApiAnswer): Buffer {
  if ('binary' in answer) return encodeCommOpenApiResp({ respData: answer.binary, contentType: answer.contentType })
  return encodeCommOpenApiResp({ respData: Buffer.from(JSON.stringify(answer.json)), contentType: 'application/json' })
}
