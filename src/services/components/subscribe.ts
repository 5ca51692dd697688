/**
 * Asking, inside the booking tap, for consent to the reminder / offer subscribe message. WeChat only
 * delivers one after the rider accepted its template; declining, an error or H5 never blocks the booking.
 */
import Taro from '@tarojs/taro'

export async function askForReminders(templateIds: readonly string[]): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || templateIds.length === 0) return
  try {
    await Taro.requestSubscribeMessage({ tmplIds: [...templateIds] } as Parameters<typeof Taro.requestSubscribeMessage>[0])
  } catch {
    // The booking goes ahead; the in-app message still arrives.
  }
}
