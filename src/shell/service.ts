/**
 * Typed per-domain services built from a contract: `const users = createService('users', usersContract,
 * { reads: ['me'] })` then `await users.me({})`. Each call validates its payload with the contract's own
 * schema (same Chinese messages as the server), sends it through the one transport, checks that the
 * answer is a well-formed envelope, and returns its data or throws its AppError.
 *
 * Retries never double an action: only calls declared as reads, or whose payload carries an
 * `idempotencyKey`, are retried, and only for retryable codes (network, platform hiccups).
 */
import type { Contract, FunctionName, InputOf, OutputOf } from '../core/contract'
import { isEnvelope, unwrap } from '../core/envelope'
import { AppError, retryableCodes } from '../core/errors'
import { getTransport } from './transport'

export interface CallOptions {
  /** Per-attempt timeout; a timed-out attempt counts as UNAVAILABLE. */
  timeoutMs?: number
}

export interface ServiceMethod<I, O> {
  (payload: I, options?: CallOptions): Promise<O>
  /** `<function>.<action>`, the base of cache keys. */
  readonly key: string
  readonly retryable: (payload: I) => boolean
}

export type Service<C extends Contract> = { readonly [K in keyof C & string]: ServiceMethod<InputOf<C[K]>, OutputOf<C[K]>> }

export interface ServiceOptions<C extends Contract> {
  /** Actions without side effects: safe to retry and to cache. */
  reads?: ReadonlyArray<keyof C & string>
  /**
   * Per-attempt timeouts for actions whose server work takes seconds (drawing a code, building a file):
   * the page waits up to the function's own time limit instead of calling a slow success a network failure.
   */
  timeoutsMs?: Partial<Record<keyof C & string, number>>
}

export const serviceSettings = {
  timeoutMs: 10_000,
  /** Waits before the 2nd and 3rd attempts of a retryable call. */
  retryDelaysMs: [400, 1500] as number[],
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function hasIdempotencyKey(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && typeof (payload as { idempotencyKey?: unknown }).idempotencyKey === 'string'
}

export function createService<C extends Contract>(name: FunctionName, contract: C, options: ServiceOptions<C> = {}): Service<C> {
  const reads = new Set<string>(options.reads ?? [])
  const service: Record<string, ServiceMethod<unknown, unknown>> = {}
  for (const action of Object.keys(contract)) {
    const retryable = (payload: unknown) => reads.has(action) || hasIdempotencyKey(payload)
    const call = async (payload: unknown, callOptions: CallOptions = {}) => {
      const clean = contract[action].input.parse(payload)
      const attempts = retryable(clean) ? 1 + serviceSettings.retryDelaysMs.length : 1
      let lastError: AppError = new AppError('UNAVAILABLE')
      for (let attempt = 0; attempt < attempts; attempt++) {
        if (attempt > 0) await sleep(serviceSettings.retryDelaysMs[attempt - 1])
        try {
          const timeoutMs = callOptions.timeoutMs ?? options.timeoutsMs?.[action as keyof C & string] ?? serviceSettings.timeoutMs
          const raw = await getTransport()({ name, data: { action, payload: clean }, timeoutMs })
          if (!isEnvelope(raw)) throw new AppError('INTERNAL')
          return unwrap(raw)
        } catch (error) {
          lastError = error instanceof AppError ? error : new AppError('INTERNAL')
          if (!retryableCodes.includes(lastError.code)) throw lastError
        }
      }
      throw lastError
    }
    service[action] = Object.assign(call, { key: `${name}.${action}`, retryable })
  }
  return service as unknown as Service<C>
}
