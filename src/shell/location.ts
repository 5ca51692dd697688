/**
 * The app's only location API: precise getLocation (GCJ-02, as WeChat maps use), always behind the
 * privacy consent. Must stay in step with `requiredPrivateInfos` in src/app.config.ts.
 * Coordinates are used for the request at hand and not stored by the client (PIPL: a trail of
 * positions is sensitive information).
 */
import Taro from '@tarojs/taro'
import { AppError } from '../core/errors'
import { wgs84ToGcj02 } from '../core/geo'
import { ensurePrivacyConsent } from './privacy'

export interface Position {
  lng: number
  lat: number
  /** Metres. */
  accuracy: number
}

export async function locate(): Promise<Position> {
  await ensurePrivacyConsent()
  try {
    if (process.env.TARO_ENV === 'h5') {
      // Browsers only give WGS-84 (Taro H5 refuses type gcj02); stations are GCJ-02, so convert here once.
      const res = await Taro.getLocation({ type: 'wgs84' })
      const p = wgs84ToGcj02({ lng: res.longitude, lat: res.latitude })
      return { lng: p.lng, lat: p.lat, accuracy: Math.round(res.accuracy ?? 0) }
    }
    const res = await Taro.getLocation({ type: 'gcj02' })
    return { lng: res.longitude, lat: res.latitude, accuracy: Math.round(res.accuracy ?? 0) }
  } catch (error) {
    const message = String((error as { errMsg?: string })?.errMsg ?? (error as Error)?.message ?? '')
    if (/auth|deny|denied|permission/i.test(message)) {
      throw new AppError('FORBIDDEN', '没有位置权限：请在右上角「…」→「设置」中允许使用位置信息')
    }
    throw new AppError('UNAVAILABLE', '暂时无法定位，请到开阔处或打开手机定位后重试')
  }
}
