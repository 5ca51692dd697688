/**
 * Response writers shared by the emulator's routes. The CloudBase envelope is always HTTP 200: the SDK
 * turns any other status into an opaque "<status> <reason>" error, so platform errors travel in the body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Exactly this content type makes wx-server-sdk parse an openapi answer as JSON (wire protocol §1.4). */
export const JSON_TYPE = 'application/json; charset=utf-8'

export function sendJson(res: ServerResponse, body: unknown, status = 200) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

export function sendBytes(res: ServerResponse, data: Buffer, contentType: string, status = 200, extra: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': contentType, 'content-length': data.length, ...extra })
  res.end(data)
}

export function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8') {
  sendBytes(res, Buffer.from(text), contentType, status)
}

/** Loopback peers only: the dev routes act as any user and must not be reachable from the network. */
export function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? ''
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1' || a.startsWith('127.')
}

/** After refusing a request early, make sure the client is not left streaming into a dead socket. */
export function closeAfterResponse(req: IncomingMessage, res: ServerResponse) {
  res.setHeader('connection', 'close')
  req.resume()
}
