/**
 * React hooks over services. useQuery: a read with loading, error and cached-last-result states (the
 * page shows a skeleton, an error with 重试, or cached data marked 离线). useAction: a write that cannot
 * be fired twice while in flight, with its error kept for the page to show.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { AppError } from '../core/errors'
import { inFlight, readCache, writeCache } from './cache'
import type { ServiceMethod } from './service'

export interface QueryState<O> {
  data?: O
  error?: AppError
  /** A request is in flight. */
  loading: boolean
  /** `data` is a cached result shown because the latest request failed. */
  stale: boolean
  /** When the shown data was received (epoch ms). */
  receivedAt?: number
  refetch: () => Promise<void>
}

export function queryKey(method: { key: string }, payload: unknown): string {
  return `${method.key}:${JSON.stringify(payload ?? {})}`
}

/**
 * Reads in flight, by query key (kept in cache.ts, which forgets them on an identity switch): two mounts
 * of the same query at once (two components of a page, or a page mounted twice by the framework) share
 * one request instead of each sending its own.
 */
function shared<O>(key: string, start: () => Promise<O>): Promise<O> {
  const running = inFlight.get(key) as Promise<O> | undefined
  if (running) return running
  const request = start()
  inFlight.set(key, request)
  const done = () => {
    if (inFlight.get(key) === request) inFlight.delete(key)
  }
  request.then(done, done)
  return request
}

function toAppError(error: unknown): AppError {
  return error instanceof AppError ? error : new AppError('INTERNAL')
}

export function useQuery<I, O>(method: ServiceMethod<I, O>, payload: I, options: { enabled?: boolean } = {}): QueryState<O> {
  const enabled = options.enabled ?? true
  const key = queryKey(method, payload)
  const [state, setState] = useState(() => {
    const cached = readCache<O>(key)
    return { data: cached?.data, receivedAt: cached?.at, error: undefined as AppError | undefined, loading: enabled, stale: false }
  })
  const payloadRef = useRef(payload)
  payloadRef.current = payload
  const generation = useRef(0)

  const refetch = useCallback(async () => {
    const mine = ++generation.current
    setState((s) => ({ ...s, loading: true }))
    try {
      const data = await shared(key, () => method(payloadRef.current))
      const entry = writeCache(key, data)
      if (mine === generation.current) setState({ data, receivedAt: entry.at, error: undefined, loading: false, stale: false })
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ ...s, error: toAppError(error), loading: false, stale: s.data !== undefined }))
    }
  }, [method, key])

  useEffect(() => {
    const generations = generation
    if (enabled) void refetch()
    return () => {
      // Answers that arrive after unmount or a key change are dropped.
      generations.current++
    }
  }, [enabled, refetch])

  return { ...state, refetch }
}

/** Puts a known result into a query's cache, e.g. the profile returned by updateProfile into `users.me`. */
export function setQueryData<I, O>(method: ServiceMethod<I, O>, payload: I, data: O): void {
  writeCache(queryKey(method, payload), data)
}

export interface ActionState<I, O> {
  run: (payload: I) => Promise<O | undefined>
  loading: boolean
  error?: AppError
  data?: O
  reset: () => void
}

export function useAction<I, O>(method: ServiceMethod<I, O>): ActionState<I, O> {
  const [state, setState] = useState<{ loading: boolean; error?: AppError; data?: O }>({ loading: false })
  const inFlight = useRef(false)
  const mounted = useRef(true)
  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])

  const run = useCallback(
    async (payload: I) => {
      // A second tap while the first is in flight must not send the action again.
      if (inFlight.current) return undefined
      inFlight.current = true
      setState({ loading: true })
      try {
        const data = await method(payload)
        if (mounted.current) setState({ loading: false, data })
        return data
      } catch (error) {
        if (mounted.current) setState({ loading: false, error: toAppError(error) })
        return undefined
      } finally {
        inFlight.current = false
      }
    },
    [method],
  )
  const reset = useCallback(() => setState({ loading: false }), [])
  return { ...state, run, reset }
}

export interface LoadMoreState<T> {
  /** The first page (from the query) followed by every page loaded since. */
  items: T[]
  hasMore: boolean
  busy: boolean
  error?: AppError
  loadMore(): Promise<void>
}

/**
 * "加载更多" under a useQuery first page: keeps the later pages, whether there are more, and the last
 * failure; starts over when the first page changes (new filters, a refetch). `fetchNext` gets every item
 * shown so far, so it can page by offset or by cursor.
 */
export function useLoadMore<T>(first: { items: T[]; hasMore: boolean } | undefined, fetchNext: (shown: T[]) => Promise<{ items: T[]; hasMore: boolean }>): LoadMoreState<T> {
  const [more, setMore] = useState<T[]>([])
  const [hasMore, setHasMore] = useState<boolean>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError>()
  useEffect(() => {
    setMore([])
    setHasMore(undefined)
    setError(undefined)
  }, [first])
  const items = first ? [...first.items, ...more] : more
  const loadMore = async () => {
    if (!first || busy) return
    setBusy(true)
    setError(undefined)
    try {
      const next = await fetchNext(items)
      setMore((m) => [...m, ...next.items])
      setHasMore(next.hasMore)
    } catch (e) {
      setError(e instanceof AppError ? e : new AppError('INTERNAL'))
    } finally {
      setBusy(false)
    }
  }
  return { items, hasMore: hasMore ?? first?.hasMore ?? false, busy, error, loadMore }
}
