/**
 * In-app scan of a station's code: the camera only (`onlyFromCamera`, so an album photo of a poster
 * cannot be read), then the check-in page with the scene from the code's path and `entry=scan_code`.
 * Resolves with a message to show when the scan did not lead anywhere, or null.
 */
import Taro from '@tarojs/taro'
import { CHECKIN_PAGE, sceneFromScanPath } from '../../checkins/scene'

export async function scanStationCode(): Promise<string | null> {
  try {
    const res = await Taro.scanCode({ onlyFromCamera: true })
    const scene = sceneFromScanPath(res.path)
    if (!scene) return '这不是暖新驿站的二维码，请扫描驿站现场张贴的小程序码'
    void Taro.navigateTo({ url: `/${CHECKIN_PAGE}?scene=${encodeURIComponent(scene)}&entry=scan_code` })
    return null
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? '')
    return /cancel/.test(msg) ? null : '无法打开扫码，请用微信“扫一扫”扫描驿站二维码'
  }
}
