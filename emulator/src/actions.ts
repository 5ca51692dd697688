/**
 * The seam between the HTTP server and the services behind it: every CloudBase action (`database.*`,
 * `functions.*`, `storage.*`, `wx.*`) is a handler that takes the decoded request body and answers the
 * response body (without `requestId`, which the server adds), or throws an EmulatorError.
 */
import type { IncomingHttpHeaders } from 'node:http'

export interface CallerIdentity {
  openid: string
  appid: string
  unionid?: string
  /** Call chain as getWXContext().SOURCE shows it, e.g. `wx_client` or `wx_client,scf`. */
  source: string
  clientIp?: string
  /** The function whose invocation made this request, when the request came from a function. */
  functionName?: string
  /** Id of the function invocation that made the request (scopes transactions for strict mode). */
  invocationId?: string
}

export interface BinaryPart {
  name: string
  data: Buffer
  filename?: string
  contentType?: string
}

export interface ActionContext {
  requestId: string
  headers: IncomingHttpHeaders
  /** Resolved from `wxCloudApiToken`; undefined for requests from outside any function (tests, scripts). */
  caller?: CallerIdentity
  /** Binary parts of a multipart request (`wx.openApi` carries its protobuf here). */
  parts?: BinaryPart[]
}

export type ActionResult = Record<string, unknown>
export type ActionHandler = (body: Record<string, unknown>, ctx: ActionContext) => ActionResult | Promise<ActionResult>
export type ActionTable = Record<string, ActionHandler>
