/**
 * How this page was reached, as the check-in rules need it: `scan_code` when our own in-app scan
 * navigated here, otherwise a launch with WeChat's launch scene (1047/1011 for a live camera scan).
 * On H5 there is no WeChat; the local dev URL carries the launch scene WeChat would report
 * (`launchScene=1047`), which is how browser tests fake the scan at this boundary.
 */
import Taro from '@tarojs/taro'
// Type only: rules.ts itself is server code (node:crypto) and never bundled into pages.
import type { CheckinEntry } from '../../rules'

export function entryOf(params: Record<string, string | undefined>): Required<Pick<CheckinEntry, 'method'>> & { launchScene: number | undefined } {
  if (params.entry === 'scan_code') return { method: 'scan_code', launchScene: undefined }
  let launchScene: number | undefined
  if (process.env.TARO_ENV === 'h5' && params.launchScene) launchScene = Number(params.launchScene)
  else {
    try {
      launchScene = Taro.getEnterOptionsSync().scene
    } catch {
      launchScene = undefined
    }
  }
  return Number.isInteger(launchScene) && (launchScene as number) >= 1000 && (launchScene as number) <= 9999 ? { method: 'launch', launchScene } : { method: 'launch', launchScene: undefined }
}
