/**
 * Paints a poster layout (poster-layout.ts) on any Canvas 2D context: the mini-program's offscreen
 * canvas and the browser's HTML canvas share this, so both print the same poster.
 */
import type { Measure, PosterLayout } from './poster-layout'

/** The part of CanvasRenderingContext2D the poster uses (WeChat's 2D context has the same members). */
export interface Poster2D {
  fillStyle: unknown
  font: string
  textAlign: string
  textBaseline: string
  fillRect(x: number, y: number, w: number, h: number): void
  fillText(text: string, x: number, y: number): void
  measureText(text: string): { width: number }
  drawImage(image: never, x: number, y: number, w: number, h: number): void
}

const FONTS = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
export const posterFont = (px: number, bold: boolean) => `${bold ? '700' : '400'} ${px}px ${FONTS}`

const INK = '#141414'
const BRAND = '#b93a0b'

/** Measures with the context's own font metrics, so wrapping matches what is drawn. */
export function canvasMeasure(ctx: Poster2D, bold = false): Measure {
  return (text, px) => {
    ctx.font = posterFont(px, bold)
    return ctx.measureText(text).width
  }
}

export function drawPoster(ctx: Poster2D, layout: PosterLayout, code: unknown): void {
  ctx.fillStyle = '#ffffff'
  ctx.fillRect(0, 0, layout.width, layout.height)
  ctx.fillStyle = BRAND
  ctx.fillRect(layout.band.x, layout.band.y, layout.band.width, layout.band.height)
  ctx.textAlign = 'center'
  ctx.textBaseline = 'top'
  for (const t of layout.texts) {
    ctx.font = posterFont(t.fontPx, t.bold)
    ctx.fillStyle = t.role === 'brand' ? '#ffffff' : t.role === 'instruction' ? BRAND : INK
    t.lines.forEach((line, i) => ctx.fillText(line, t.x + t.width / 2, t.y + i * t.lineHeight + (t.lineHeight - t.fontPx) / 2))
  }
  ctx.drawImage(code as never, layout.code.x, layout.code.y, layout.code.size, layout.code.size)
}
