/**
 * H5-only local development identity: which seeded user the browser acts as. The emulator accepts an
 * OPENID from the client only on its loopback dev endpoint; on WeChat identity comes from
 * getWXContext() alone and this module is never bundled (see src/shell/env.ts).
 */
import Taro from '@tarojs/taro'
import { devIdentities, type DevIdentity } from '../../users/dev-identities'
import { clearQueryCache } from '../cache'

const KEY = 'nx.dev.openid'
export const HOME_PATH = '/pages/stations/index'

export function currentDevIdentity(): DevIdentity {
  const openid = Taro.getStorageSync(KEY) as string
  return devIdentities.find((d) => d.openid === openid) ?? devIdentities[0]
}

/** Seams for tests: jsdom cannot navigate. */
export const devIdentitySettings = {
  reload: () => window.location.reload(),
}

/** Signs in as another seeded user: forgets cached results of the previous one and reloads on the home tab. */
export function switchDevIdentity(openid: string): void {
  if (!devIdentities.some((d) => d.openid === openid)) return
  Taro.setStorageSync(KEY, openid)
  clearQueryCache()
  if (typeof window !== 'undefined' && window.location) {
    window.location.hash = HOME_PATH
    devIdentitySettings.reload()
  }
}
