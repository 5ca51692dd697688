/**
 * H5 transport for local development and browser tests: POST to the emulator's same-origin dev
 * endpoint `/__dev/call/<name>` with the dev identity's OPENID. The emulator answers
 * `{ result: <envelope> }`, or `{ error: { code, message } }` when the function could not run.
 */
import { AppError, errorText, isErrorCode } from '../core/errors'
import { currentDevIdentity } from './dev/identity'
import type { Transport } from './transport'

export const httpTransport: Transport = async ({ name, data, timeoutMs }) => {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  let response: Response
  try {
    response = await fetch(`/__dev/call/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: currentDevIdentity().openid, data }),
      signal: controller.signal,
    })
  } catch {
    throw new AppError('UNAVAILABLE')
  } finally {
    clearTimeout(timer)
  }
  let body: { result?: unknown; error?: { code?: unknown; message?: unknown } }
  try {
    body = (await response.json()) as typeof body
  } catch {
    throw new AppError(response.status >= 500 || response.status === 0 ? 'UNAVAILABLE' : 'INTERNAL')
  }
  if (body && typeof body === 'object' && 'result' in body) return body.result
  const code = isErrorCode(body?.error?.code) ? body.error.code : 'INTERNAL'
  // Emulator messages are for developers; the person sees the code's Chinese text.
  if (typeof console !== 'undefined') console.warn(`[transport] ${name}: ${String(body?.error?.message ?? response.status)}`)
  throw new AppError(code, errorText[code])
}
