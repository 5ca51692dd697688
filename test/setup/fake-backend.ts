/**
 * Component tests fake the backend at the front end's own boundary, the transport seam
 * (src/shell/transport.setTransport): each handler answers one `<function>.<action>` with what the
 * real transport would resolve (an envelope) or reject with (an AppError such as UNAVAILABLE).
 */
import { AppError } from '../../src/core/errors'
import { setTransport, type TransportRequest } from '../../src/shell/transport'
import { serviceSettings } from '../../src/shell/service'

export type Handler = (payload: any, request: TransportRequest) => unknown | Promise<unknown>

export interface FakeBackend {
  calls: Array<{ key: string; payload: unknown; request: TransportRequest }>
  on(key: string, handler: Handler): FakeBackend
  count(key: string): number
}

export function installFakeBackend(handlers: Record<string, Handler> = {}): FakeBackend {
  const table = new Map(Object.entries(handlers))
  // No waiting between retries in tests.
  serviceSettings.retryDelaysMs = [0, 0]
  const backend: FakeBackend = {
    calls: [],
    on(key, handler) {
      table.set(key, handler)
      return backend
    },
    count(key) {
      return backend.calls.filter((c) => c.key === key).length
    },
  }
  setTransport(async (request) => {
    const key = `${request.name}.${request.data.action}`
    backend.calls.push({ key, payload: request.data.payload, request })
    const handler = table.get(key)
    if (!handler) throw new AppError('INTERNAL', `no fake for ${key}`)
    return handler(request.data.payload, request)
  })
  return backend
}

export function uninstallFakeBackend(): void {
  setTransport(null)
  serviceSettings.retryDelaysMs = [400, 1500]
}
