/**
 * The printable station poster's layout, as a pure function: an A4 portrait page at 300 dpi with the
 * station's name, address, opening hours, the check-in code and one line of instructions. Text is wrapped
 * with a caller-supplied measure (the canvas's own measureText when drawing), long text shrinks down to a
 * floor and then wraps, and the code takes the space left — so nothing is ever cropped. Drawing the
 * boxes is poster-draw.ts; this module decides only where things go.
 */

/** A4 at 300 dpi (210 × 297 mm). */
export const A4_300DPI = { width: 2480, height: 3508 } as const

export interface PosterInput {
  name: string
  address: string
  /** e.g. ["周一至周五 08:00–22:00", "周六、周日 休息"]. */
  hours: string[]
  /** Which version of the code this is (printed small, so staff can tell an old poster). */
  keyVersion: number
}

/** Width of `text` in px at `fontPx` (canvas measureText in practice). */
export type Measure = (text: string, fontPx: number) => number

export interface TextBox {
  kind: 'text'
  role: 'brand' | 'name' | 'address' | 'hours' | 'instruction' | 'footer'
  x: number
  y: number
  width: number
  height: number
  fontPx: number
  bold: boolean
  /** Lines already wrapped to fit `width`, drawn top-down `lineHeight` apart, centred. */
  lines: string[]
  lineHeight: number
}

export interface CodeBox {
  kind: 'code'
  x: number
  y: number
  size: number
}

export interface PosterLayout {
  width: number
  height: number
  margin: number
  /** The top colour band behind the brand line. */
  band: { x: number; y: number; width: number; height: number }
  texts: TextBox[]
  code: CodeBox
}

export const POSTER_INSTRUCTION = '骑手朋友：打开微信“扫一扫”，扫码到站报到'
export const POSTER_BRAND = '暖新驿站 · 骑手报到点'

/** Splits text into lines no wider than `width`, breaking between characters (CJK) or at spaces. */
export function wrapText(text: string, width: number, fontPx: number, measure: Measure): string[] {
  const lines: string[] = []
  for (const paragraph of text.split('\n')) {
    let line = ''
    for (const ch of [...paragraph]) {
      const next = line + ch
      if (line && measure(next, fontPx) > width) {
        lines.push(line.trimEnd())
        line = ch.trim() ? ch : ''
      } else {
        line = next
      }
    }
    if (line.trim() || lines.length === 0) lines.push(line.trimEnd())
  }
  return lines
}

/**
 * Fits text into `width`: the largest size from `fontPx` down to `minPx` that needs at most `maxLines`
 * lines; if none does, `minPx` with as many lines as it takes (wrapped, never cut off).
 */
function fit(text: string, width: number, fontPx: number, minPx: number, maxLines: number, measure: Measure): { fontPx: number; lines: string[] } {
  for (let px = fontPx; px >= minPx; px -= 4) {
    const lines = wrapText(text, width, px, measure)
    if (lines.length <= maxLines) return { fontPx: px, lines }
  }
  return { fontPx: minPx, lines: wrapText(text, width, minPx, measure) }
}

export function posterLayout(input: PosterInput, measure: Measure, page: { width: number; height: number } = A4_300DPI): PosterLayout {
  const { width, height } = page
  // ~15 mm margins: inside every printer's unprintable edge.
  const margin = Math.round(width * 0.07)
  const inner = width - 2 * margin
  const gap = Math.round(height * 0.02)
  const texts: TextBox[] = []
  let y = 0

  const bandHeight = Math.round(height * 0.09)
  const band = { x: 0, y: 0, width, height: bandHeight }
  const brandPx = Math.round(bandHeight * 0.36)
  const brand = fit(POSTER_BRAND, inner, brandPx, Math.round(brandPx * 0.6), 1, measure)
  texts.push(box('brand', brand, margin, Math.round((bandHeight - brand.fontPx * 1.3) / 2), inner, true))
  y = bandHeight + gap * 2

  const push = (role: TextBox['role'], text: string, px: number, minPx: number, maxLines: number, bold: boolean) => {
    const f = fit(text, inner, px, minPx, maxLines, measure)
    const b = box(role, f, margin, y, inner, bold)
    texts.push(b)
    y += b.height + gap
  }
  push('name', input.name, 150, 96, 2, true)
  push('address', input.address, 84, 60, 3, false)
  push('hours', input.hours.length ? `开放时间：${input.hours.join('；')}` : '开放时间：以驿站公示为准', 72, 56, 3, false)

  // What is below the code is laid out from the bottom up, so the code gets exactly the space between.
  const footerF = fit(`第 ${input.keyVersion} 版报到码 · 旧版海报自动失效`, inner, 48, 40, 2, measure)
  const footer = box('footer', footerF, margin, 0, inner, false)
  footer.y = height - margin - footer.height
  const instrF = fit(POSTER_INSTRUCTION, inner, 96, 64, 2, measure)
  const instruction = box('instruction', instrF, margin, 0, inner, true)
  instruction.y = footer.y - gap - instruction.height

  const room = instruction.y - gap - y
  const size = Math.max(0, Math.min(inner, Math.round(width * 0.62), room))
  const code: CodeBox = { kind: 'code', x: Math.round((width - size) / 2), y: y + Math.round((room - size) / 2), size }
  texts.push(instruction, footer)
  return { width, height, margin, band, texts, code }
}

function box(role: TextBox['role'], f: { fontPx: number; lines: string[] }, x: number, y: number, width: number, bold: boolean): TextBox {
  const lineHeight = Math.round(f.fontPx * 1.3)
  return { kind: 'text', role, x, y, width, height: lineHeight * f.lines.length, fontPx: f.fontPx, bold, lines: f.lines, lineHeight }
}
