/**
 * H5 only (required behind TARO_ENV === 'h5', never in the mini-program bundle): draws the station poster
 * on an HTML canvas at print resolution and downloads it as a PNG.
 */
import { canvasMeasure, drawPoster, type Poster2D } from './poster-draw'
import { A4_300DPI, posterLayout, type PosterInput } from './poster-layout'

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image()
    // The code comes from cloud storage: without CORS the canvas would be tainted and refuse to export.
    img.crossOrigin = 'anonymous'
    img.onload = () => resolve(img)
    img.onerror = () => reject(new Error('code image'))
    img.src = url
  })
}

export function posterFileName(name: string): string {
  return `${name.replace(/[\\/:*?"<>|\s]+/g, '')}-报到海报.png`
}

/** Renders the poster and starts a download; resolves with the file name. */
export async function downloadPosterH5(input: PosterInput, codeUrl: string): Promise<string> {
  const canvas = document.createElement('canvas')
  canvas.width = A4_300DPI.width
  canvas.height = A4_300DPI.height
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('canvas')
  const code = await loadImage(codeUrl)
  const c2d = ctx as unknown as Poster2D
  const layout = posterLayout(input, canvasMeasure(c2d, true))
  drawPoster(c2d, layout, code)
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('png'))), 'image/png'))
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = posterFileName(input.name)
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return a.download
}
