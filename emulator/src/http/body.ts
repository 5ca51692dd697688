/**
 * Request-body reading with hard limits: a size cap enforced while streaming (so a huge body is refused
 * before it is buffered) and a nesting-depth cap checked on the raw JSON text (so no handler ever walks a
 * pathologically deep value with recursive code).
 */
import type { IncomingMessage } from 'node:http'
import { EmulatorError, PlatformCode } from '../errors'

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw tooLarge(limit)
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function tooLarge(limit: number) {
  return new EmulatorError(PlatformCode.EXCEED_REQUEST_LIMIT, `request body exceeds ${limit} bytes`)
}

/** Deepest array/object nesting in a JSON text, ignoring brackets inside strings. Linear, no recursion. */
export function jsonDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \ */) i++
      else if (c === 34 /* " */) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth
    } else if (c === 125 || c === 93) depth--
  }
  return max
}

export const MAX_JSON_DEPTH = 64

/** Parse a request body as a JSON object, answering the platform's INVALID_PARAM for anything else. */
export function parseJsonObject(raw: Buffer | string, maxDepth = MAX_JSON_DEPTH): Record<string, unknown> {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8')
  if (jsonDepth(text) > maxDepth) {
    throw new EmulatorError(PlatformCode.INVALID_PARAM, `request body nests deeper than ${maxDepth} levels`)
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new EmulatorError(PlatformCode.INVALID_PARAM, 'request body is not valid JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new EmulatorError(PlatformCode.INVALID_PARAM, 'request body must be a JSON object')
  }
  return body as Record<string, unknown>
}
