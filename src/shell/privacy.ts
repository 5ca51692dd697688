/**
 * Privacy consent before the first privacy-relevant API (WeChat's 隐私协议 flow, base library ≥ 2.32.3).
 * Features call `ensurePrivacyConsent()` before e.g. getLocation; WeChat may also ask on its own through
 * onNeedPrivacyAuthorization (installed once at launch). Both open the same sheet (<PrivacySheet>, on
 * every page via <Page>), whose agree button has open-type="agreePrivacyAuthorization" in the
 * mini-program, as WeChat requires; on H5 consent is a local flag.
 */
import Taro from '@tarojs/taro'
import { AppError } from '../core/errors'

export const PRIVACY_AGREE_BUTTON_ID = 'nx-privacy-agree'
const H5_KEY = 'nx.privacy.agreedAt'
const DEFAULT_CONTRACT = '《暖新隐私保护指引》'

type WeChatResolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void

export interface PrivacySheetState {
  open: boolean
  contractName: string
}

let sheet: PrivacySheetState = { open: false, contractName: DEFAULT_CONTRACT }
const listeners = new Set<(state: PrivacySheetState) => void>()
let wechatResolve: WeChatResolve | null = null
let waiters: Array<{ resolve: () => void; reject: (error: AppError) => void }> = []
let installed = false

function setSheet(next: PrivacySheetState) {
  sheet = next
  listeners.forEach((listener) => listener(sheet))
}

export function getPrivacySheet(): PrivacySheetState {
  return sheet
}

export function subscribePrivacySheet(listener: (state: PrivacySheetState) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Mini-program only: WeChat asks us to show our sheet when a privacy API is called before consent. */
export function installPrivacyHandler(): void {
  if (installed || process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  installed = true
  Taro.onNeedPrivacyAuthorization((resolve) => {
    wechatResolve = resolve
    setSheet({ ...sheet, open: true })
    resolve({ event: 'exposureAuthorization' })
  })
}

function needsConsent(): Promise<{ need: boolean; contractName?: string }> {
  if (process.env.TARO_ENV === 'weapp') {
    return new Promise((resolve) => {
      if (typeof Taro.getPrivacySetting !== 'function') return resolve({ need: false })
      Taro.getPrivacySetting({
        success: (res) => resolve({ need: res.needAuthorization, contractName: res.privacyContractName }),
        // Older base libraries have no privacy API and no privacy gate: nothing to ask.
        fail: () => resolve({ need: false }),
      })
    })
  }
  let agreed = ''
  try {
    agreed = Taro.getStorageSync(H5_KEY) as string
  } catch {
    // No storage: ask every session.
  }
  return Promise.resolve({ need: !agreed })
}

/** Resolves once the user has agreed (at once if they already had); rejects with FORBIDDEN if they decline. */
export async function ensurePrivacyConsent(): Promise<void> {
  const { need, contractName } = await needsConsent()
  if (!need) return
  return new Promise<void>((resolve, reject) => {
    waiters.push({ resolve, reject })
    setSheet({ open: true, contractName: contractName || DEFAULT_CONTRACT })
  })
}

export function agreePrivacy(): void {
  if (process.env.TARO_ENV !== 'weapp') {
    try {
      Taro.setStorageSync(H5_KEY, new Date().toISOString())
    } catch {
      // Consent still holds for this session.
    }
  }
  wechatResolve?.({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID })
  wechatResolve = null
  const pending = waiters
  waiters = []
  setSheet({ ...sheet, open: false })
  pending.forEach((w) => w.resolve())
}

export function declinePrivacy(): void {
  wechatResolve?.({ event: 'disagree' })
  wechatResolve = null
  const pending = waiters
  waiters = []
  setSheet({ ...sheet, open: false })
  const error = new AppError('FORBIDDEN', '未同意隐私保护指引，暂时无法使用定位。需要时可再次点击并同意。')
  pending.forEach((w) => w.reject(error))
}

export function openPrivacyContract(): void {
  if (process.env.TARO_ENV === 'weapp' && typeof Taro.openPrivacyContract === 'function') Taro.openPrivacyContract({})
}

/** Test helper: forget consent state between tests. */
export function resetPrivacyForTests(): void {
  wechatResolve = null
  waiters = []
  installed = false
  sheet = { open: false, contractName: DEFAULT_CONTRACT }
  listeners.clear()
}
