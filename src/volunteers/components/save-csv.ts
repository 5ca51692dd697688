/**
 * Hands the captain the roster file: on H5 a download; in WeChat the file is written to the user data
 * folder and shared into a chat (shareFileMessage), from where it opens in Excel on a computer —
 * WeChat's own document viewer does not open CSV.
 */
import Taro from '@tarojs/taro'

export async function saveCsv(fileName: string, csv: string): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' })
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return `已下载 ${fileName}`
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const wxEnv = (globalThis as any).wx?.env as { USER_DATA_PATH?: string } | undefined
  const filePath = `${wxEnv?.USER_DATA_PATH ?? ''}/${fileName}`
  Taro.getFileSystemManager().writeFileSync(filePath, csv, 'utf8')
  await Taro.shareFileMessage({ filePath, fileName })
  return '已发送，可在电脑微信中用 Excel 打开'
}
