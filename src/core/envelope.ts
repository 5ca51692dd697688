/**
 * The one response envelope every cloud-function action answers with, on WeChat and on the emulator.
 */
import { AppError, ErrorCode, isErrorCode } from './errors'

export interface ErrorBody {
  code: ErrorCode
  message: string
  /** Dotted path of the offending input field, for INVALID_ARGUMENT. */
  field?: string
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody }

export function ok<T>(data: T): Envelope<T> {
  return { ok: true, data }
}

export function fail(error: AppError): Envelope<never> {
  const body: ErrorBody = { code: error.code, message: error.message }
  if (error.field !== undefined) body.field = error.field
  return { ok: false, error: body }
}

/** Validates that an unknown value has the envelope's shape (the client must not trust transport output blindly). */
export function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } }
  if (v.ok === true) return 'data' in v
  return v.ok === false && typeof v.error === 'object' && v.error !== null && isErrorCode(v.error.code) && typeof v.error.message === 'string'
}

/** Turns an envelope into its data or throws the AppError it carries. */
export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.data
  throw new AppError(envelope.error.code, envelope.error.message, envelope.error.field)
}
