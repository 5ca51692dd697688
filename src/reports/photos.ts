/**
 * Photos for 随手拍, taken with the camera only (never the album: a photo from elsewhere or earlier is
 * the commonest false report) and uploaded with progress. Mini-program: chooseMedia + Taro.cloud.uploadFile.
 * H5 (local dev): the browser's file input with capture, uploaded to the emulator's dev upload route.
 */
import Taro from '@tarojs/taro'
import { AppError } from '../core/errors'

/** Opens the camera; resolves with local temp paths (empty when the rider cancels). */
export async function takePhotos(count: number): Promise<string[]> {
  try {
    if (process.env.TARO_ENV === 'h5') {
      const res = await Taro.chooseImage({ count, sourceType: ['camera'], sizeType: ['compressed'] })
      return res.tempFilePaths
    }
    const res = await Taro.chooseMedia({ count, mediaType: ['image'], sourceType: ['camera'], sizeType: ['compressed'] })
    return res.tempFiles.map((f) => f.tempFilePath)
  } catch (e) {
    const msg = String((e as { errMsg?: string })?.errMsg ?? '')
    if (/cancel/i.test(msg)) return []
    throw new AppError('FORBIDDEN', '无法打开相机：请在「设置」中允许使用摄像头')
  }
}

/** Uploads one local file to `cloudPath`; resolves with its cloud fileID. */
export async function uploadPhoto(localPath: string, cloudPath: string, onProgress?: (percent: number) => void): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    let blob: Blob
    try {
      blob = await (await fetch(localPath)).blob()
    } catch {
      throw new AppError('INVALID_ARGUMENT', '照片已失效，请重新拍摄')
    }
    const form = new FormData()
    form.append('cloudPath', cloudPath)
    // Required inside the H5 branch so the dev identities never reach the mini-program bundle.
    form.append('openid', (require('../shell/dev/identity') as typeof import('../shell/dev/identity')).currentDevIdentity().openid)
    form.append('file', blob, cloudPath.split('/').pop())
    let res: Response
    try {
      res = await fetch('/__dev/upload', { method: 'POST', body: form })
    } catch {
      throw new AppError('UNAVAILABLE', '照片上传失败，网络恢复后会自动重试')
    }
    const body = (await res.json().catch(() => ({}))) as { fileID?: string }
    if (!body.fileID) throw new AppError('UNAVAILABLE', '照片上传失败，网络恢复后会自动重试')
    onProgress?.(100)
    return body.fileID
  }
  return new Promise<string>((resolve, reject) => {
    const task = Taro.cloud.uploadFile({
      cloudPath,
      filePath: localPath,
      success: (r) => resolve(r.fileID),
      fail: () => reject(new AppError('UNAVAILABLE', '照片上传失败，网络恢复后会自动重试')),
    }) as unknown as { onProgressUpdate?: (cb: (p: { progress: number }) => void) => void }
    task?.onProgressUpdate?.((p) => onProgress?.(p.progress))
  })
}
