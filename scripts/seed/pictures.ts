/**
 * The demo data's pictures: station fronts, reward cards and a "处置后" street view, drawn as small flat
 * PNG illustrations (no photographs ship with the repository, and the seed must run offline). The seed
 * uploads them to cloud storage and links them by the file IDs the upload returns, so station details,
 * the rewards catalogue and resolved reports show real, loadable images. Deterministic.
 */
import { PNG } from 'pngjs'

type Rgb = readonly [number, number, number]

/** A tiny rasteriser over an RGBA buffer: enough shapes for a flat illustration. */
class Canvas {
  readonly png: PNG
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    this.png = new PNG({ width: w, height: h })
  }
  private put(x: number, y: number, [r, g, b]: Rgb) {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) return
    const i = (y * this.w + x) * 4
    this.png.data[i] = r
    this.png.data[i + 1] = g
    this.png.data[i + 2] = b
    this.png.data[i + 3] = 255
  }
  /** Vertical gradient over the whole picture. */
  sky(top: Rgb, bottom: Rgb) {
    for (let y = 0; y < this.h; y++) {
      const t = y / (this.h - 1)
      const c: Rgb = [0, 1, 2].map((k) => Math.round(top[k] + (bottom[k] - top[k]) * t)) as unknown as Rgb
      for (let x = 0; x < this.w; x++) this.put(x, y, c)
    }
  }
  rect(x: number, y: number, w: number, h: number, c: Rgb) {
    for (let j = Math.max(0, y); j < Math.min(this.h, y + h); j++) for (let i = Math.max(0, x); i < Math.min(this.w, x + w); i++) this.put(i, j, c)
  }
  circle(cx: number, cy: number, r: number, c: Rgb, upperHalfOnly = false) {
    for (let j = -r; j <= (upperHalfOnly ? 0 : r); j++) for (let i = -r; i <= r; i++) if (i * i + j * j <= r * r) this.put(cx + i, cy + j, c)
  }
  /** Isosceles triangle pointing up: apex at (cx, top), base of width w at y = top + h. */
  triangle(cx: number, top: number, w: number, h: number, c: Rgb) {
    for (let j = 0; j < h; j++) {
      const half = ((j + 1) / h) * (w / 2)
      this.rect(Math.round(cx - half), top + j, Math.round(2 * half), 1, c)
    }
  }
  /** Alternating stripes, for an awning. */
  stripes(x: number, y: number, w: number, h: number, a: Rgb, b: Rgb, n: number) {
    for (let k = 0; k < n; k++) this.rect(x + Math.round((k * w) / n), y, Math.ceil(w / n), h, k % 2 ? b : a)
  }
  toBuffer(): Buffer {
    return PNG.sync.write(this.png, { colorType: 2 })
  }
}

const brand: Rgb = [185, 58, 11]
const white: Rgb = [255, 255, 255]
const glass: Rgb = [170, 205, 225]
const road: Rgb = [120, 124, 130]
const green: Rgb = [92, 160, 96]

/** A station front: sky, a building with an orange-striped awning, windows, a door and a bench. */
function stationFront(variant: number): Buffer {
  const palettes: Array<{ sky: [Rgb, Rgb]; wall: Rgb; stripe: Rgb }> = [
    { sky: [[150, 200, 240], [225, 240, 250]], wall: [240, 232, 214], stripe: brand },
    { sky: [[255, 205, 150], [255, 236, 210]], wall: [226, 232, 238], stripe: [200, 40, 40] },
    { sky: [[170, 215, 200], [230, 245, 238]], wall: [245, 240, 230], stripe: [30, 110, 160] },
    { sky: [[200, 190, 235], [238, 234, 250]], wall: [236, 226, 210], stripe: [200, 120, 20] },
  ]
  const p = palettes[variant % palettes.length]
  const c = new Canvas(640, 400)
  c.sky(p.sky[0], p.sky[1])
  c.rect(0, 330, 640, 70, road)
  c.rect(0, 322, 640, 8, [200, 200, 196])
  c.rect(90, 110, 460, 212, p.wall)
  c.stripes(76, 150, 488, 34, p.stripe, white, 12)
  c.rect(110, 210, 120, 80, glass)
  c.rect(410, 210, 120, 80, glass)
  c.rect(275, 205, 90, 117, [120, 86, 60])
  c.rect(96, 120, 448, 24, brand)
  c.circle(590, 250, 36, green)
  c.rect(584, 280, 12, 45, [110, 80, 50])
  c.rect(430, 300, 90, 8, [90, 70, 50])
  c.rect(436, 308, 6, 16, [90, 70, 50])
  c.rect(508, 308, 6, 16, [90, 70, 50])
  return c.toBuffer()
}

/** A reward card: the brand colour behind a simple drawing of the thing. */
function rewardCard(kind: 'water' | 'raincoat' | 'helmet' | 'haircut' | 'data' | 'health' | 'charge'): Buffer {
  const c = new Canvas(400, 400)
  c.sky([255, 236, 222], [250, 214, 190])
  const ink = brand
  switch (kind) {
    case 'water':
      for (let k = 0; k < 4; k++) {
        c.rect(80 + k * 64, 150, 44, 170, glass)
        c.rect(92 + k * 64, 126, 20, 26, [60, 120, 200])
      }
      break
    case 'raincoat':
      c.triangle(200, 90, 220, 230, [250, 200, 40])
      c.circle(200, 110, 40, [250, 200, 40])
      c.rect(150, 250, 100, 10, white)
      break
    case 'helmet':
      c.circle(200, 250, 120, ink, true)
      c.rect(80, 250, 240, 22, [60, 60, 60])
      c.rect(150, 160, 100, 14, white)
      break
    case 'haircut':
      c.circle(150, 270, 40, ink)
      c.circle(250, 270, 40, ink)
      c.circle(150, 270, 20, white)
      c.circle(250, 270, 20, white)
      c.triangle(200, 90, 60, 170, [90, 90, 90])
      break
    case 'data':
      c.rect(130, 80, 140, 250, [60, 60, 60])
      c.rect(142, 100, 116, 200, glass)
      for (let k = 0; k < 4; k++) c.rect(160 + k * 22, 250 - k * 30, 14, 30 + k * 30, ink)
      break
    case 'health':
      c.rect(170, 110, 60, 180, ink)
      c.rect(110, 170, 180, 60, ink)
      break
    case 'charge':
      c.rect(120, 110, 160, 200, [60, 60, 60])
      c.rect(180, 90, 40, 22, [60, 60, 60])
      c.triangle(200, 140, 70, 80, [250, 200, 40])
      c.rect(185, 215, 30, 60, [250, 200, 40])
      break
  }
  return c.toBuffer()
}

/** A cleared street after a report was handled: road, kerb, trees, a new bench. */
function clearedStreet(): Buffer {
  const c = new Canvas(640, 400)
  c.sky([160, 205, 240], [228, 242, 250])
  c.rect(0, 260, 640, 140, road)
  c.rect(0, 240, 640, 20, [205, 205, 200])
  for (let k = 0; k < 5; k++) {
    c.rect(40 + k * 140, 160, 12, 80, [110, 80, 50])
    c.circle(46 + k * 140, 140, 44, green)
  }
  for (let k = 0; k < 8; k++) c.rect(20 + k * 80, 325, 44, 8, white)
  return c.toBuffer()
}

export const rewardPictureKinds = ['water', 'raincoat', 'helmet', 'haircut', 'data', 'health', 'charge'] as const
export const STATION_PICTURE_VARIANTS = 4

/** Every demo picture by cloud path (also its key in DemoOptions.pictures). */
export function demoPictures(): Array<{ cloudPath: string; png: Buffer }> {
  return [
    ...Array.from({ length: STATION_PICTURE_VARIANTS }, (_, i) => ({ cloudPath: stationPicturePath(i), png: stationFront(i) })),
    ...rewardPictureKinds.map((kind, i) => ({ cloudPath: rewardPicturePath(i), png: rewardCard(kind) })),
    { cloudPath: clearedStreetPath, png: clearedStreet() },
  ]
}

export const stationPicturePath = (i: number) => `demo/stations/front-${i % STATION_PICTURE_VARIANTS}.png`
/** The i-th reward of the seeded catalogue (same order as rewardPictureKinds). */
export const rewardPicturePath = (i: number) => `demo/rewards/${rewardPictureKinds[i % rewardPictureKinds.length]}.png`
export const clearedStreetPath = 'demo/reports/cleared-street.png'
