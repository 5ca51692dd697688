/**
 * Mini-program transport: wx.cloud.callFunction through Taro. The cloud SDK is initialised once,
 * lazily, so that a page that never calls the backend does not pay for it at launch.
 */
import Taro from '@tarojs/taro'
import { AppError } from '../core/errors'
import { cloudEnv } from './env'
import { withTimeout, type Transport } from './transport'

let initialised = false

function ensureCloud(): void {
  if (initialised) return
  Taro.cloud.init(cloudEnv ? { env: cloudEnv, traceUser: true } : { traceUser: true })
  initialised = true
}

/** Failures the platform reports when the function itself could not run (vs. the network failing). */
const FUNCTION_FAILURE = /-50400[0-9]|-501[0-9]{3}|execute fail|not found|FUNCTION/i

export function toTransportError(error: unknown): AppError {
  if (error instanceof AppError) return error
  const message = typeof error === 'object' && error !== null ? String((error as { errMsg?: string; message?: string }).errMsg ?? (error as Error).message ?? '') : String(error)
  return new AppError(FUNCTION_FAILURE.test(message) && !/timeout|network|request:fail/i.test(message) ? 'INTERNAL' : 'UNAVAILABLE')
}

export const cloudTransport: Transport = async ({ name, data, timeoutMs }) => {
  ensureCloud()
  try {
    const res = await withTimeout(Taro.cloud.callFunction({ name, data }), timeoutMs, () => new AppError('UNAVAILABLE'))
    return (res as { result?: unknown }).result
  } catch (error) {
    throw toTransportError(error)
  }
}
