/**
 * In-app scan of a station's code (the shell's camera-only scan), then the check-in page with the scene
 * from the code's path and `entry=scan_code`. Resolves with a message to show when the scan did not lead
 * anywhere, or null.
 */
import Taro from '@tarojs/taro'
import { CHECKIN_PAGE, sceneFromScanPath } from '../../checkins/scene'
import { isScanCancel, scanCode } from '../../shell/scan'

export async function scanStationCode(): Promise<string | null> {
  try {
    const res = await scanCode()
    const scene = sceneFromScanPath(res.path)
    if (!scene) return '这不是暖新驿站的二维码，请扫描驿站现场张贴的小程序码'
    void Taro.navigateTo({ url: `/${CHECKIN_PAGE}?scene=${encodeURIComponent(scene)}&entry=scan_code` })
    return null
  } catch (e) {
    return isScanCancel(e) ? null : '无法打开扫码，请用微信“扫一扫”扫描驿站二维码'
  }
}
