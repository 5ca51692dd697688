/**
 * H5 only: a QR scanner for the browser build, where there is no WeChat camera. It shows a full-screen
 * sheet with the camera (getUserMedia, frames decoded by jsQR) and a "choose a picture of the code"
 * button, and resolves with the code's text. It says plainly that this is the development and test
 * path: production check-ins come from WeChat's own scan, which the server's launch-scene rule expects.
 * Imported dynamically from `scan.ts` inside an H5-only branch, so the mini-program never bundles it.
 */
import jsQR from 'jsqr'

/** Largest side a picture is scaled to before decoding: enough for a code filling a tenth of a photo. */
const MAX_DECODE_SIDE = 1200
const FRAME_INTERVAL_MS = 200

export function scanInBrowser(): Promise<string> {
  return new Promise((resolve, reject) => {
    const sheet = new ScanSheet()
    sheet.onResult = (text) => {
      sheet.close()
      resolve(text)
    }
    sheet.onCancel = () => {
      sheet.close()
      reject({ errMsg: 'scanCode:fail cancel' })
    }
    sheet.open()
  })
}

/** Decodes the QR code in an image file, or null when none could be read. */
export async function decodeImageFile(file: Blob): Promise<string | null> {
  const url = URL.createObjectURL(file)
  try {
    const img = await loadImage(url)
    const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(img.naturalWidth, img.naturalHeight))
    return decodeDrawable(img, Math.round(img.naturalWidth * scale), Math.round(img.naturalHeight * scale))
  } finally {
    URL.revokeObjectURL(url)
  }
}

function decodeDrawable(source: CanvasImageSource, width: number, height: number): string | null {
  if (width === 0 || height === 0) return null
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context) return null
  context.drawImage(source, 0, 0, width, height)
  const pixels = context.getImageData(0, 0, width, height)
  return jsQR(pixels.data, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? null
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image()
    img.onload = () => resolve(img)
    img.onerror = () => reject(new Error('image'))
    img.src = url
  })
}

const COLORS = { sheet: '#111827', text: '#ffffff', note: '#fde68a', primary: '#c2410c', secondary: '#374151' }

function button(label: string, background: string): HTMLButtonElement {
  const b = document.createElement('button')
  b.type = 'button'
  b.textContent = label
  b.style.cssText = `min-height:48px;min-width:120px;padding:0 20px;margin:8px;border:0;border-radius:8px;font-size:17px;color:${COLORS.text};background:${background}`
  return b
}

class ScanSheet {
  onResult: (text: string) => void = () => undefined
  onCancel: () => void = () => undefined
  private root = document.createElement('div')
  private status = document.createElement('p')
  private video = document.createElement('video')
  private stream: MediaStream | null = null
  private timer: ReturnType<typeof setInterval> | null = null
  private done = false

  open(): void {
    this.root.setAttribute('role', 'dialog')
    this.root.setAttribute('aria-label', '扫码')
    this.root.style.cssText = `position:fixed;inset:0;z-index:10000;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:16px;background:${COLORS.sheet};color:${COLORS.text};font-size:16px;text-align:center`

    const title = document.createElement('h2')
    title.textContent = '扫码（浏览器版）'
    title.style.cssText = 'font-size:20px;margin:8px 0'
    const note = document.createElement('p')
    note.textContent = '浏览器扫码仅用于开发和测试。正式使用请在微信中打开小程序扫码。'
    note.style.cssText = `color:${COLORS.note};font-size:15px;margin:0 0 12px;line-height:1.5`

    this.video.setAttribute('playsinline', 'true')
    this.video.muted = true
    this.video.style.cssText = 'width:100%;max-width:360px;max-height:45vh;background:#000;border-radius:8px;display:none'
    this.status.style.cssText = 'font-size:16px;margin:12px 0;line-height:1.5'
    this.status.setAttribute('role', 'status')

    const file = document.createElement('input')
    file.type = 'file'
    file.accept = 'image/*'
    file.style.display = 'none'
    file.setAttribute('aria-label', '二维码图片')
    file.addEventListener('change', () => void this.readPicture(file))

    const actions = document.createElement('div')
    const pick = button('选择二维码图片', COLORS.primary)
    pick.addEventListener('click', () => file.click())
    const cancel = button('取消', COLORS.secondary)
    cancel.addEventListener('click', () => this.cancel())
    actions.append(pick, cancel)

    this.root.append(title, note, this.video, this.status, file, actions)
    document.body.appendChild(this.root)
    void this.startCamera()
  }

  close(): void {
    this.done = true
    if (this.timer) clearInterval(this.timer)
    this.stream?.getTracks().forEach((track) => track.stop())
    this.root.remove()
  }

  private cancel(): void {
    if (!this.done) this.onCancel()
  }

  private found(text: string): void {
    if (!this.done) this.onResult(text)
  }

  private async startCamera(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      this.status.textContent = '这个浏览器不能打开摄像头，请选择二维码图片'
      return
    }
    this.status.textContent = '正在打开摄像头…'
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
    } catch {
      if (!this.done) this.status.textContent = '无法打开摄像头，请选择二维码图片'
      return
    }
    if (this.done) {
      this.stream.getTracks().forEach((track) => track.stop())
      return
    }
    this.video.srcObject = this.stream
    this.video.style.display = 'block'
    await this.video.play().catch(() => undefined)
    this.status.textContent = '请把二维码放进画面中'
    this.timer = setInterval(() => {
      const { videoWidth: w, videoHeight: h } = this.video
      const text = w > 0 ? decodeDrawable(this.video, w, h) : null
      if (text) this.found(text)
    }, FRAME_INTERVAL_MS)
  }

  private async readPicture(input: HTMLInputElement): Promise<void> {
    const picked = input.files?.[0]
    input.value = ''
    if (!picked) return
    this.status.textContent = '正在识别图片…'
    const text = await decodeImageFile(picked).catch(() => null)
    if (text) this.found(text)
    else if (!this.done) this.status.textContent = '图片里没有找到二维码，请换一张清晰、完整的二维码图片'
  }
}
