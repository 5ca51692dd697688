/**
 * Getting an exported .xlsx to the person: in WeChat the file is downloaded and opened with
 * openDocument (its menu can forward it to a chat, which is how staff get files onto a PC), or sent
 * straight to a chat with shareFileMessage; in the browser the temporary URL opens in a new tab.
 */
import Taro from '@tarojs/taro'
import type { ExportResult } from './contract'

async function download(res: ExportResult): Promise<string> {
  const { tempFilePath, statusCode } = await Taro.downloadFile({ url: res.url })
  if (statusCode !== 200) throw new Error(`download ${statusCode}`)
  return tempFilePath
}

export async function openExport(res: ExportResult): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    window.open(res.url, '_blank', 'noopener')
    return
  }
  await Taro.openDocument({ filePath: await download(res), fileType: 'xlsx', showMenu: true })
}

/** WeChat only: forward the file to a chat (文件传输助手 puts it on the PC). */
export async function shareExport(res: ExportResult): Promise<void> {
  await Taro.shareFileMessage({ filePath: await download(res), fileName: res.fileName })
}

export const canShareFile = process.env.TARO_ENV === 'weapp'
