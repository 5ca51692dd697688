/**
 * The state every page test starts from and leaves behind, written once: consent already given (so
 * the privacy sheet does not cover the page under test), and after each test no spies, no fake
 * backend, no cached queries, no consent waiters and a fresh Taro shim — so one test's answers never
 * leak into the next one's first render.
 */
import { waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { clearQueryCache } from '../../src/shell/cache'
import { resetPrivacyForTests } from '../../src/shell/privacy'
import { uninstallFakeBackend } from './fake-backend'
import { __resetTaroShim } from './taro-shim'

export function agreePrivacy(at = '2025-03-01T08:00:00Z'): void {
  Taro.setStorageSync('nx.privacy.agreedAt', at)
}

export function resetPageTest(): void {
  jest.restoreAllMocks()
  uninstallFakeBackend()
  clearQueryCache()
  resetPrivacyForTests()
  __resetTaroShim()
}

/**
 * Taro's H5 components (Input, Textarea, Image) are custom elements that render their native element
 * a moment after mounting, later still on a loaded machine: waits until `selector` matches under `root`.
 */
export function rendered<T extends Element = HTMLInputElement>(selector: string, root: ParentNode = document): Promise<T> {
  return waitFor(() => {
    const el = root.querySelector<T>(selector)
    if (!el) throw new Error(`${selector} not rendered yet`)
    return el
  })
}
