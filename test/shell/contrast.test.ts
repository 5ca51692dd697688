/**
 * Text contrast of the palette (WCAG 2.x relative luminance, ≥ 4.5:1 for text): every text colour of
 * src/shell/theme.scss on every background it is used on, the tab bar's colours, and every style rule
 * in src that sets both a text colour and an opaque background. A translucent text colour is blended over
 * its background first (the 60 % white 兑换 on orange of issue 12 was such a case).
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

const SRC = path.resolve(__dirname, '../../src')

// app.config.ts calls Taro's build-time global; here it only has to return its argument.
;(globalThis as { defineAppConfig?: (c: unknown) => unknown }).defineAppConfig = (config) => config
// eslint-disable-next-line @typescript-eslint/no-require-imports
const appConfig = (require('../../src/app.config') as { default: { tabBar: { color: string; selectedColor: string; backgroundColor: string } } }).default

type Rgba = [number, number, number, number]

function parseColor(value: string, vars: Record<string, string> = {}): Rgba | undefined {
  let v = value.trim().replace(/\s*!important$/, '')
  if (v.startsWith('$')) v = vars[v.slice(1)] ?? ''
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(v)
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1]
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16), 1]
  }
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(v)
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])]
  if (v === 'white') return [255, 255, 255, 1]
  if (v === 'black') return [0, 0, 0, 1]
  return undefined
}

function blend(fg: Rgba, bg: Rgba): Rgba {
  const a = fg[3]
  return [fg[0] * a + bg[0] * (1 - a), fg[1] * a + bg[1] * (1 - a), fg[2] * a + bg[2] * (1 - a), 1]
}

export function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

export function contrast(fg: Rgba, bg: Rgba): number {
  const [a, b] = [luminance(blend(fg, bg)), luminance(bg)]
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)
}

const theme = readFileSync(path.join(SRC, 'shell/theme.scss'), 'utf8')
const vars: Record<string, string> = Object.fromEntries([...theme.matchAll(/^\$([\w-]+):\s*([^;]+);/gm)].map((m) => [m[1], m[2].trim()]))
const c = (name: string) => {
  const color = parseColor(`$${name}`, vars)
  if (!color) throw new Error(`no colour ${name}`)
  return color
}

describe('contrast()', () => {
  it('matches known WCAG ratios', () => {
    expect(contrast([0, 0, 0, 1], [255, 255, 255, 1])).toBeCloseTo(21, 5)
    expect(contrast([255, 255, 255, 1], [255, 255, 255, 1])).toBeCloseTo(1, 5)
    // #767676 on white is the classic 4.54:1 boundary grey.
    expect(contrast(parseColor('#767676')!, parseColor('#fff')!)).toBeCloseTo(4.54, 2)
    // Translucent white on orange is blended: weaker than opaque white.
    expect(contrast(parseColor('rgba(255,255,255,0.6)')!, c('nx-brand'))).toBeLessThan(contrast(parseColor('#fff')!, c('nx-brand')))
  })
})

describe('palette pairs', () => {
  const pairs: [string, string][] = [
    ['nx-text', 'nx-bg'],
    ['nx-text', 'nx-card'],
    ['nx-text-2', 'nx-bg'],
    ['nx-text-2', 'nx-card'],
    ['nx-brand', 'nx-card'],
    ['nx-brand', 'nx-bg'],
    ['nx-brand-dark', 'nx-card'],
    ['nx-brand-dark', 'nx-bg'],
    ['nx-brand-dark', 'nx-brand-soft'],
    ['nx-card', 'nx-brand'],
    ['nx-card', 'nx-brand-dark'],
    ['nx-ok', 'nx-ok-soft'],
    ['nx-ok', 'nx-card'],
    ['nx-warn', 'nx-warn-soft'],
    ['nx-warn', 'nx-card'],
    ['nx-danger', 'nx-danger-soft'],
    ['nx-danger', 'nx-card'],
    ['nx-text', 'nx-brand-soft'],
    ['nx-text', 'nx-ok-soft'],
    ['nx-text', 'nx-warn-soft'],
    ['nx-text', 'nx-danger-soft'],
    ['nx-disabled-text', 'nx-disabled-bg'],
  ]
  it.each(pairs)('%s on %s is at least 4.5:1', (fg, bg) => {
    expect(contrast(c(fg), c(bg))).toBeGreaterThanOrEqual(4.5)
  })

  it('tab bar labels are at least 4.5:1 on the tab bar', () => {
    const tab = appConfig.tabBar
    const bg = parseColor(tab.backgroundColor)!
    expect(contrast(parseColor(tab.color)!, bg)).toBeGreaterThanOrEqual(4.5)
    expect(contrast(parseColor(tab.selectedColor)!, bg)).toBeGreaterThanOrEqual(4.5)
  })
})

function scssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return scssFiles(p)
    return e.name.endsWith('.scss') ? [p] : []
  })
}

describe('style rules with both a text colour and a background', () => {
  const rules: [string, string, string, string][] = []
  for (const file of scssFiles(SRC)) {
    const text = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '')
    // Innermost blocks: declarations without nested rules.
    for (const m of text.matchAll(/([^{};]+)\{([^{}]*)\}/g)) {
      const color = /(?:^|;|\s)color:\s*([^;]+);/.exec(m[2])?.[1]
      const background = /(?:^|;|\s)background(?:-color)?:\s*([^;]+);/.exec(m[2])?.[1]
      if (color && background) rules.push([`${path.relative(SRC, file)} ${m[1].trim()}`, color.trim(), background.trim(), file])
    }
  }

  it('finds rules to check', () => {
    expect(rules.length).toBeGreaterThan(5)
  })

  it.each(rules.map(([where, fg, bg]) => [where, fg, bg]))('%s: %s on %s is at least 4.5:1', (_where, fg, bg) => {
    const f = parseColor(fg, vars)
    const b = parseColor(bg, vars)
    // Gradients, images and inherited colours are not measurable here; an unparsed colour must say so.
    if (!f || !b || b[3] < 1) {
      expect([fg, bg].some((v) => /gradient|url\(|inherit|currentColor|transparent|rgba/.test(v))).toBe(true)
      return
    }
    expect(contrast(f, b)).toBeGreaterThanOrEqual(4.5)
  })
})
