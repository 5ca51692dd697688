/**
 * The one seam between pages and the backend. A transport delivers `{ action, payload }` to a named
 * cloud function and resolves with whatever came back (the service validates it as an envelope), or
 * rejects with an AppError: UNAVAILABLE when the network failed or timed out, INTERNAL when the
 * platform could not run the function. Mini-program: Taro.cloud.callFunction. H5: HTTP to the local
 * emulator's dev endpoint. Component tests install a fake here with setTransport.
 */
import type { FunctionName } from '../core/contract'

export interface TransportRequest {
  name: FunctionName
  data: { action: string; payload: unknown }
  timeoutMs: number
}

export type Transport = (request: TransportRequest) => Promise<unknown>

let current: Transport | null = null

/** Replaces the transport (tests), or restores the build's default with null. */
export function setTransport(transport: Transport | null): void {
  current = transport
}

export function getTransport(): Transport {
  if (!current) {
    // require() inside the constant branch lets webpack drop the other target's transport entirely.
    current =
      process.env.TARO_ENV === 'h5'
        ? (require('./transport-http') as typeof import('./transport-http')).httpTransport
        : (require('./transport-cloud') as typeof import('./transport-cloud')).cloudTransport
  }
  return current
}

/** Rejects with UNAVAILABLE after `ms`; the underlying call may still land, which is why only safe calls are retried. */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms)
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}
