/**
 * The H5 location path converts the browser's WGS-84 fix to GCJ-02 (src/core/geo wgs84ToGcj02): inside
 * China the shift is a few hundred metres (enough to fail every 200 m geofence if skipped), the inverse
 * round-trips below a metre, and outside China nothing moves.
 */
import { distanceM, gcj02ToWgs84, wgs84ToGcj02 } from '../../src/core/geo'

const places = [
  { name: '郑州惠济', lng: 113.62, lat: 34.87 },
  { name: '乐山沙湾', lng: 103.55, lat: 29.41 },
  { name: '苏州娄葑', lng: 120.66, lat: 31.3 },
  { name: '永州宁远', lng: 111.94, lat: 25.58 },
]

test.each(places)('$name: GCJ-02 is a few hundred metres from WGS-84 and the inverse round-trips', (p) => {
  const gcj = wgs84ToGcj02(p)
  const shift = distanceM(p, gcj)
  expect(shift).toBeGreaterThan(200)
  expect(shift).toBeLessThan(800)
  expect(distanceM(gcj02ToWgs84(gcj), p)).toBeLessThan(1)
})

test('the published reference point: Tiananmen, WGS-84 → GCJ-02 within a few metres', () => {
  // Widely cited pair for the standard offset algorithm.
  const gcj = wgs84ToGcj02({ lng: 116.397128, lat: 39.916527 })
  expect(distanceM(gcj, { lng: 116.403364, lat: 39.917929 })).toBeLessThan(5)
})

test('outside China the coordinates are unchanged', () => {
  expect(wgs84ToGcj02({ lng: 2.35, lat: 48.85 })).toEqual({ lng: 2.35, lat: 48.85 })
})
