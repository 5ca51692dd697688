/**
 * Which function receives which WeChat message push (云开发 → 设置 → 其他设置 → 消息推送). On WeChat this
 * is set by hand in the console (the deploy script prints it); the emulator reads it from here.
 */
import type { MessagePushRoute } from '@nuanxin/cloudbase-emulator'

export const messagePush: MessagePushRoute[] = [
  // The verdicts of security.mediaCheckAsync on user photos (all slices; cloudfunctions/_runtime/media-check.ts).
  { msgType: 'event', event: 'wxa_media_check', functionName: 'reports' },
]
