/**
 * Asking the reporter, in the mini-program, to let us send the progress messages (立案 / 未受理 / 已处理):
 * WeChat delivers a subscribe message only after the user accepted its template in
 * requestSubscribeMessage, which must run inside the tap — so the page calls this first thing in its
 * submit handler, with template ids fetched beforehand. Declining, an error or H5 never blocks sending.
 */
import Taro from '@tarojs/taro'

export type SubscribeOutcome = 'accepted' | 'declined' | 'skipped'

export async function askForProgressMessages(templateIds: readonly string[] | undefined): Promise<SubscribeOutcome> {
  if (process.env.TARO_ENV !== 'weapp' || !templateIds?.length) return 'skipped'
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [...templateIds] } as Parameters<typeof Taro.requestSubscribeMessage>[0])) as unknown as Record<string, string>
    return templateIds.some((id) => res[id] === 'accept') ? 'accepted' : 'declined'
  } catch {
    // Closed, rejected, "only from a tap", templates banned: the report goes out all the same.
    return 'declined'
  }
}
