/**
 * The two transports at their outer edge: the cloud SDK call in the mini-program build, and HTTP to the
 * emulator's dev endpoint in the H5 build. Failures map to UNAVAILABLE (network, timeout) or INTERNAL.
 */
import Taro from '@tarojs/taro'
import { cloudTransport } from '../../src/shell/transport-cloud'
import { httpTransport } from '../../src/shell/transport-http'
import { __resetTaroShim } from '../setup/taro-shim'

const request = { name: 'users' as const, data: { action: 'me', payload: {} }, timeoutMs: 5_000 }
const envelope = { ok: true, data: { nickname: '骑手小王' } }

afterEach(() => {
  jest.restoreAllMocks()
  jest.useRealTimers()
  __resetTaroShim()
})

describe('cloud transport (mini-program)', () => {
  test('initialises the cloud SDK once and resolves with the function result', async () => {
    const init = jest.spyOn(Taro.cloud, 'init')
    const call = jest.spyOn(Taro.cloud, 'callFunction').mockResolvedValue({ result: envelope } as never)
    await expect(cloudTransport(request)).resolves.toEqual(envelope)
    await expect(cloudTransport(request)).resolves.toEqual(envelope)
    expect(call).toHaveBeenCalledWith({ name: 'users', data: { action: 'me', payload: {} } })
    expect(init).toHaveBeenCalledTimes(1)
  })

  test('a network failure is UNAVAILABLE; a function that failed to run is INTERNAL', async () => {
    jest.spyOn(Taro.cloud, 'callFunction').mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail request:fail timeout' } as never)
    await expect(cloudTransport(request)).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    jest.spyOn(Taro.cloud, 'callFunction').mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail Error: errCode: -504002 functions execute fail' } as never)
    await expect(cloudTransport(request)).rejects.toMatchObject({ code: 'INTERNAL' })
  })

  test('a call that never answers times out as UNAVAILABLE', async () => {
    jest.useFakeTimers()
    jest.spyOn(Taro.cloud, 'callFunction').mockReturnValue(new Promise(() => undefined) as never)
    const pending = cloudTransport(request)
    jest.advanceTimersByTime(5_001)
    await expect(pending).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  })
})

describe('HTTP transport (H5 dev build)', () => {
  const fetchMock = jest.fn()
  beforeEach(() => {
    fetchMock.mockReset()
    ;(globalThis as { fetch?: unknown }).fetch = fetchMock
  })
  const reply = (status: number, body: unknown) => ({ status, ok: status < 400, json: async () => body })

  test('posts to /__dev/call/<name> as the current dev identity and returns the envelope', async () => {
    Taro.setStorageSync('nx.dev.openid', 'dev-grid-worker')
    fetchMock.mockResolvedValue(reply(200, { result: envelope }))
    await expect(httpTransport(request)).resolves.toEqual(envelope)
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit]
    expect(url).toBe('/__dev/call/users')
    expect(JSON.parse(String(init.body))).toEqual({ openid: 'dev-grid-worker', data: { action: 'me', payload: {} } })
  })

  test('without a stored choice the first dev identity (the worker) is used', async () => {
    fetchMock.mockResolvedValue(reply(200, { result: envelope }))
    await httpTransport(request)
    expect(JSON.parse(String((fetchMock.mock.calls[0] as [string, RequestInit])[1].body)).openid).toBe('dev-worker')
  })

  test('an emulator error keeps a known code but shows the Chinese text', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    fetchMock.mockResolvedValue(reply(403, { error: { code: 'FORBIDDEN', message: 'dev routes are loopback only' } }))
    await expect(httpTransport(request)).rejects.toMatchObject({ code: 'FORBIDDEN', message: '您没有权限进行此操作' })
    fetchMock.mockResolvedValue(reply(500, { error: { code: 'FUNCTION_CRASHED', message: 'boom' } }))
    await expect(httpTransport(request)).rejects.toMatchObject({ code: 'INTERNAL' })
  })

  test('no connection, or a gateway page instead of JSON, is UNAVAILABLE', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))
    await expect(httpTransport(request)).rejects.toMatchObject({ code: 'UNAVAILABLE' })
    fetchMock.mockResolvedValue({ status: 502, ok: false, json: async () => JSON.parse('<html>') })
    await expect(httpTransport(request)).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  })

  test('a request that never answers is aborted and reported as UNAVAILABLE', async () => {
    jest.useFakeTimers()
    fetchMock.mockImplementation((_url: string, init: RequestInit) => new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))))
    const pending = httpTransport(request)
    jest.advanceTimersByTime(5_001)
    await expect(pending).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  })
})
