/**
 * Draws the tab-bar icons (81x81 PNG, the size WeChat recommends) from a few geometric shapes, so
 * the repository carries a reproducible source instead of opaque binaries. Run after a design change:
 *   npx tsx config/tab-icons.ts
 * Writes src/assets/tab/<name>.png (normal) and <name>-on.png (selected). Each file is ~1 KB.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

type Inside = (x: number, y: number) => boolean
const SIZE = 81
const SAMPLES = 4

const circle = (cx: number, cy: number, r: number): Inside => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const rect = (x0: number, y0: number, x1: number, y1: number): Inside => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1
function polygon(points: Array<[number, number]>): Inside {
  return (x, y) => {
    let inside = false
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      const [xi, yi] = points[i]
      const [xj, yj] = points[j]
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
    }
    return inside
  }
}
const union = (...shapes: Inside[]): Inside => (x, y) => shapes.some((s) => s(x, y))
const minus = (a: Inside, ...holes: Inside[]): Inside => (x, y) => a(x, y) && !holes.some((h) => h(x, y))

const icons: Record<string, Inside> = {
  // A house with a door: a station to rest in.
  stations: minus(union(polygon([[40.5, 8], [76, 38], [66, 38], [66, 72], [15, 72], [15, 38], [5, 38]])), rect(33, 48, 48, 72.5)),
  // A passbook: a booklet frame with three lines of entries.
  passbook: union(minus(rect(12, 10, 69, 72), rect(25, 17, 62, 65)), rect(31, 28, 56, 33), rect(31, 40, 56, 45), rect(31, 52, 48, 57)),
  // A camera: body, bump and lens.
  report: union(minus(union(rect(8, 24, 73, 68), rect(28, 14, 53, 25)), circle(40.5, 46, 16)), circle(40.5, 46, 10)),
  // A person: head and shoulders.
  me: union(circle(40.5, 24, 14), minus(circle(40.5, 78, 32), rect(0, 0, 81, 44))),
}

function crc32(buf: Buffer): number {
  let c = ~0
  for (const byte of buf) {
    c ^= byte
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1
  }
  return ~c >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

function png(shape: Inside, [r, g, b]: [number, number, number]): Buffer {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1))
  for (let y = 0; y < SIZE; y++) {
    raw[y * (SIZE * 4 + 1)] = 0
    for (let x = 0; x < SIZE; x++) {
      let hits = 0
      for (let sy = 0; sy < SAMPLES; sy++) for (let sx = 0; sx < SAMPLES; sx++) if (shape(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES)) hits++
      const o = y * (SIZE * 4 + 1) + 1 + x * 4
      raw[o] = r
      raw[o + 1] = g
      raw[o + 2] = b
      raw[o + 3] = Math.round((255 * hits) / (SAMPLES * SAMPLES))
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(SIZE, 0)
  header.writeUInt32BE(SIZE, 4)
  header[8] = 8
  header[9] = 6
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

// Same colours as tabBar.color / selectedColor in src/app.config.ts.
const normal: [number, number, number] = [0x3d, 0x3d, 0x3d]
const selected: [number, number, number] = [0xb9, 0x3a, 0x0b]
const outDir = path.resolve(__dirname, '..', 'src', 'assets', 'tab')
fs.mkdirSync(outDir, { recursive: true })
for (const [name, shape] of Object.entries(icons)) {
  fs.writeFileSync(path.join(outDir, `${name}.png`), png(shape, normal))
  fs.writeFileSync(path.join(outDir, `${name}-on.png`), png(shape, selected))
}
console.log(`tab icons written to ${outDir}`)
