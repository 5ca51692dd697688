/**
 * Uploads a picked image to cloud storage and resolves with its fileID: wx.cloud.uploadFile in the
 * mini-program; on H5 the emulator's loopback dev upload as the dev identity (the browser has no wx.cloud).
 */
import Taro from '@tarojs/taro'
import { AppError } from '../../core/errors'

export async function uploadImage(filePath: string, cloudPath: string): Promise<string> {
  try {
    if (process.env.TARO_ENV === 'h5') {
      const { currentDevIdentity } = require('../../shell/dev/identity') as typeof import('../../shell/dev/identity')
      const blob = await (await fetch(filePath)).blob()
      const form = new FormData()
      form.set('cloudPath', cloudPath)
      form.set('openid', currentDevIdentity().openid)
      form.set('file', blob, cloudPath.split('/').pop() ?? 'photo.jpg')
      const res = await fetch('/__dev/upload', { method: 'POST', body: form })
      const body = (await res.json()) as { fileID?: string }
      if (!body.fileID) throw new Error('no fileID')
      return body.fileID
    }
    const res = await Taro.cloud.uploadFile({ cloudPath, filePath })
    return res.fileID
  } catch {
    throw new AppError('UNAVAILABLE', '照片上传失败，请检查网络后重试')
  }
}
