/**
 * The station poster's layout: A4 at 300 dpi, every box inside the page margins, no two boxes overlapping,
 * every wrapped line no wider than its box, every character of the input still there (nothing cut off),
 * and a code big enough to scan from a step away — for ordinary and for absurdly long station data.
 */
import { A4_300DPI, POSTER_INSTRUCTION, posterLayout, wrapText, type Measure, type PosterLayout } from '../../src/stations/poster-layout'

// Full-width for CJK and punctuation, 0.6 em for ASCII: close to PingFang/Microsoft YaHei.
const measure: Measure = (text, px) => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2e80 ? 0.6 : 1) * px, 0)

const ordinary = { name: '娄葑街道暖"新"服务中心', address: '苏州工业园区娄葑街道东环路 1408 号', hours: ['周一至周五 08:00–22:00', '周六、周日 09:00–18:00'], keyVersion: 2 }
const long = {
  name: '惠家·暖心驿站（郑州市惠济区长兴路与天河路交叉口向北二百米路东中石化加油站便利店内）站',
  address: '河南省郑州市惠济区长兴路街道天河路与长兴路交叉口向北约二百米路东侧中国石化第三十七加油站便利店一楼东侧靠窗位置（营业时间内可进）',
  hours: ['周一至周五 07:00–11:30、13:30–21:00', '周六 08:00–12:00、14:00–20:00', '周日 09:00–17:00', '法定节假日另行通知，以站内公示为准'],
  keyVersion: 12,
}

function boxes(l: PosterLayout) {
  return [...l.texts.map((t) => ({ name: t.role, x: t.x, y: t.y, w: t.width, h: t.height })), { name: 'code', x: l.code.x, y: l.code.y, w: l.code.size, h: l.code.size }]
}

describe.each([
  ['an ordinary station', ordinary],
  ['a station with very long name, address and hours', long],
])('%s', (_label, station) => {
  const layout = posterLayout(station, measure)

  it('is A4 portrait at 300 dpi', () => {
    expect([layout.width, layout.height]).toEqual([A4_300DPI.width, A4_300DPI.height])
    expect(layout.height).toBeGreaterThan(layout.width)
  })

  it('keeps every box inside the page (text inside the margins)', () => {
    for (const b of boxes(layout)) {
      expect(b.x).toBeGreaterThanOrEqual(layout.margin)
      expect(b.x + b.w).toBeLessThanOrEqual(layout.width - layout.margin)
      expect(b.y).toBeGreaterThanOrEqual(0)
      expect(b.y + b.h).toBeLessThanOrEqual(layout.height - (b.name === 'brand' ? 0 : layout.margin))
    }
  })

  it('overlaps nothing', () => {
    const all = boxes(layout).sort((a, b) => a.y - b.y)
    for (let i = 1; i < all.length; i++) expect(all[i].y).toBeGreaterThanOrEqual(all[i - 1].y + all[i - 1].h)
  })

  it('wraps every line within its box and loses no character', () => {
    for (const t of layout.texts) for (const line of t.lines) expect(measure(line, t.fontPx)).toBeLessThanOrEqual(t.width)
    const text = (role: string) => layout.texts.filter((t) => t.role === role).flatMap((t) => t.lines).join('')
    expect(text('name')).toBe(station.name)
    expect(text('address')).toBe(station.address)
    for (const h of station.hours) expect(text('hours').replace(/\s/g, '')).toContain(h.replace(/\s/g, ''))
    expect(text('instruction')).toBe(POSTER_INSTRUCTION)
  })

  it('leaves a code of at least 5 cm (590 px at 300 dpi)', () => {
    expect(layout.code.size).toBeGreaterThanOrEqual(590)
  })

  it('uses print-legible sizes: at least 3.4 mm text (40 px)', () => {
    for (const t of layout.texts) expect(t.fontPx).toBeGreaterThanOrEqual(40)
  })
})

test('wrapText breaks CJK between characters and never returns a line wider than asked', () => {
  const lines = wrapText('一二三四五六七八九十', 400, 100, measure)
  expect(lines).toEqual(['一二三四', '五六七八', '九十'])
  expect(wrapText('', 400, 100, measure)).toEqual([''])
})
