/**
 * Reaching the attendance page: an in-app camera scan (`onlyFromCamera`, so an album image cannot be
 * read) or a launch from WeChat's scan with the scene in the query. How the page was reached is what
 * the check-in rules judge (`scan_code`, or a launch with WeChat's launch scene). On H5 there is no
 * WeChat: the dev URL may carry `launchScene=1047`, and an in-app scan goes through the shell's scan
 * (the JS-SDK's scanQRCode where present, else the browser scanner).
 */
import Taro from '@tarojs/taro'
import { sceneFromLaunchQuery, sceneFromScanPath } from '../../checkins/scene'
import type { CheckinEntry } from '../../checkins/rules'
import { isScanCancel, scanCode } from '../../shell/scan'
import { isActivityScene } from '../activity-scene'

export const ATTEND_PAGE = 'volunteers/pages/attend/index'

export function entryOf(params: Record<string, string | undefined>): CheckinEntry {
  if (params.entry === 'scan_code') return { method: 'scan_code' }
  let launchScene: number | undefined
  if (process.env.TARO_ENV === 'h5') launchScene = params.launchScene ? Number(params.launchScene) : undefined
  else {
    try {
      launchScene = Taro.getEnterOptionsSync().scene
    } catch {
      launchScene = undefined
    }
  }
  return Number.isInteger(launchScene) ? { method: 'launch', launchScene } : { method: 'launch' }
}

export function sceneOf(params: Record<string, string | undefined>): string | null {
  return sceneFromLaunchQuery(params)
}

/** Opens the camera; on an activity code goes to the attendance page. Resolves with a message when it did not. */
export async function scanActivityCode(): Promise<string | null> {
  try {
    const res = await scanCode()
    const scene = sceneFromScanPath(res.path) ?? sceneFromScanPath(res.result)
    if (!scene || !isActivityScene(scene)) return '这不是志愿活动签到码，请扫描队长出示的活动签到码'
    void Taro.navigateTo({ url: `/${ATTEND_PAGE}?scene=${encodeURIComponent(scene)}&entry=scan_code` })
    return null
  } catch (e) {
    return isScanCancel(e) ? null : '无法打开扫码，请用微信“扫一扫”扫描活动签到码'
  }
}
