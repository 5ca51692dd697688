/**
 * The app's one draft queue: drafts persisted in local storage, photos uploaded and reports submitted
 * through the reports service. Flushed when the network comes back and whenever 随手拍 is shown.
 */
import Taro from '@tarojs/taro'
import { DraftQueue, type Draft, type DraftStore } from './drafts'
import { uploadPhoto } from './photos'
import { publicReports } from './public-service'

const KEY = 'nx.reports.drafts'

const storage: DraftStore = {
  load: () => {
    try {
      const v = Taro.getStorageSync(KEY) as Draft[] | ''
      return Array.isArray(v) ? v : []
    } catch {
      return []
    }
  },
  save: (drafts) => {
    try {
      Taro.setStorageSync(KEY, drafts)
    } catch {
      // Storage full: the draft lives for this session only.
    }
  },
}

export const draftQueue = new DraftQueue(storage, {
  upload: uploadPhoto,
  submit: async (payload) => ({ reportId: (await publicReports.submit(payload)).report.id }),
})

let listening = false
/** Sends pending drafts now and whenever the network returns (registered once). */
export function startDraftSync(onSent?: () => void): void {
  const flush = () =>
    void draftQueue.flush().then((r) => {
      if (r.sent.length) onSent?.()
    })
  flush()
  if (listening) return
  listening = true
  Taro.onNetworkStatusChange?.((res) => {
    if (res.isConnected) flush()
  })
}
