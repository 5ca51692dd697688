/**
 * "Take me there": WeChat's built-in map with navigation (wx.openLocation, GCJ-02 as our data is) in
 * the mini-program. The browser build has no such API, so it opens Tencent Maps' public marker page in
 * a new tab — and if the browser blocks that, says where the place is instead of doing nothing.
 */
import Taro from '@tarojs/taro'
import type { LngLat } from '../core/geo'

export interface MapTarget extends LngLat {
  name: string
  address: string
}

/** Tencent Maps' URI API marker page (GCJ-02 coordinates, which this app stores). */
export function mapPageUrl(t: MapTarget): string {
  const marker = `coord:${t.lat.toFixed(6)},${t.lng.toFixed(6)};title:${t.name};addr:${t.address}`
  return `https://apis.map.qq.com/uri/v1/marker?marker=${encodeURIComponent(marker)}&referer=nuanxin`
}

export async function openMap(t: MapTarget): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    const opened = typeof window !== 'undefined' ? window.open(mapPageUrl(t), '_blank', 'noopener') : null
    if (!opened) await Taro.showModal({ title: t.name, content: `${t.address}\n坐标 ${t.lat.toFixed(5)}, ${t.lng.toFixed(5)}（浏览器未能打开地图，请在微信中使用导航）`, showCancel: false })
    return
  }
  try {
    await Taro.openLocation({ longitude: t.lng, latitude: t.lat, name: t.name, address: t.address, scale: 17 })
  } catch {
    await Taro.showToast({ title: '无法打开地图，请稍后再试', icon: 'none' })
  }
}
