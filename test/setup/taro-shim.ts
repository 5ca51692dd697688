/**
 * A small stand-in for `@tarojs/taro` in component tests: exactly the APIs and hooks the app uses,
 * backed by jsdom (localStorage) or inert defaults that a test replaces with jest.spyOn. It is not the
 * backend seam: tests fake the backend at src/shell/transport (setTransport), never here.
 */
import { useEffect, useRef } from 'react'

type Callback<T> = { success?: (res: T) => void; fail?: (err: { errMsg: string }) => void; complete?: () => void }

const pageHooks = { didShow: new Set<() => void>(), pullDownRefresh: new Set<() => void>() }

function read(key: string): unknown {
  const raw = window.localStorage.getItem(key)
  return raw === null ? '' : JSON.parse(raw)
}

const Taro = {
  getStorageSync: (key: string): unknown => read(key),
  setStorageSync: (key: string, data: unknown): void => window.localStorage.setItem(key, JSON.stringify(data)),
  removeStorageSync: (key: string): void => window.localStorage.removeItem(key),
  setStorage: async ({ key, data }: { key: string; data: unknown }) => {
    window.localStorage.setItem(key, JSON.stringify(data))
    return { errMsg: 'setStorage:ok' }
  },
  getStorageInfoSync: () => ({ keys: Object.keys(window.localStorage), currentSize: 0, limitSize: 10240 }),
  cloud: {
    init: (_options?: unknown): void => undefined,
    callFunction: (_options: { name: string; data: unknown }): Promise<{ result: unknown }> => Promise.reject({ errMsg: 'cloud.callFunction:fail no backend in component tests' }),
  },
  getPrivacySetting: (options: Callback<{ needAuthorization: boolean; privacyContractName: string }>): void => {
    options.success?.({ needAuthorization: false, privacyContractName: '《测试隐私指引》' })
  },
  onNeedPrivacyAuthorization: (_listener: (resolve: (o: unknown) => void, info: unknown) => void): void => undefined,
  openPrivacyContract: (_options?: unknown): void => undefined,
  getLocation: async (_options: { type?: string }) => ({ longitude: 113.62, latitude: 34.87, accuracy: 30, errMsg: 'getLocation:ok' }),
  navigateTo: async (_options: { url: string }) => ({ errMsg: 'navigateTo:ok' }),
  navigateBack: async (_options?: unknown) => ({ errMsg: 'navigateBack:ok' }),
  redirectTo: async (_options: { url: string }) => ({ errMsg: 'redirectTo:ok' }),
  switchTab: async (_options: { url: string }) => ({ errMsg: 'switchTab:ok' }),
  showToast: async (_options: unknown) => ({ errMsg: 'showToast:ok' }),
  showModal: async (_options: { title?: string; content?: string; showCancel?: boolean }) => ({ confirm: true, cancel: false, errMsg: 'showModal:ok' }),
  stopPullDownRefresh: (): void => undefined,
  setTabBarBadge: async (_options: { index: number; text: string }) => ({ errMsg: 'setTabBarBadge:ok' }),
  removeTabBarBadge: async (_options: { index: number }) => ({ errMsg: 'removeTabBarBadge:ok' }),
}

export default Taro

export function useLaunch(fn: () => void): void {
  fn()
}
function usePageHook(name: keyof typeof pageHooks, fn: () => void): void {
  const latest = useRef(fn)
  latest.current = fn
  useEffect(() => {
    const handler = () => latest.current()
    pageHooks[name].add(handler)
    return () => {
      pageHooks[name].delete(handler)
    }
  }, [name])
}
const router: { params: Record<string, string | undefined> } = { params: {} }
export const useRouter = () => router
/** Sharing registers WeChat page handlers; jsdom pages have none to register. */
export const useShareAppMessage = (_fn: () => unknown): void => undefined
export const useShareTimeline = (_fn: () => unknown): void => undefined
export const useDidShow = (fn: () => void) => usePageHook('didShow', fn)
export const usePullDownRefresh = (fn: () => void) => usePageHook('pullDownRefresh', fn)

/** Test helpers: the page's launch query, fire a page lifecycle as Taro would, and forget registered hooks between tests. */
export function __setRouterParams(params: Record<string, string | undefined>): void {
  router.params = params
}
export function __firePageEvent(name: keyof typeof pageHooks): void {
  pageHooks[name].forEach((fn) => fn())
}
export function __resetTaroShim(): void {
  pageHooks.didShow.clear()
  pageHooks.pullDownRefresh.clear()
  router.params = {}
  window.localStorage.clear()
}
