/** The offline place description: street, grid, nearest landmark with distance and compass direction. */
import { offsetM } from '../../src/core/geo'
import { bearingDeg, compassOf, describePlace, LANDMARK_RADIUS_M, pinMoveOf, pinMoveText, roundForWalking } from '../../src/reports/place'

const station = { name: '娄葑暖新驿站', at: { lng: 120.66, lat: 31.3 } }

test('compass: eight Chinese directions, from the landmark to the spot', () => {
  const c = station.at
  expect(compassOf(bearingDeg(c, offsetM(c, 0, 100)))).toBe('北')
  expect(compassOf(bearingDeg(c, offsetM(c, 100, 100)))).toBe('东北')
  expect(compassOf(bearingDeg(c, offsetM(c, 100, 0)))).toBe('东')
  expect(compassOf(bearingDeg(c, offsetM(c, 100, -100)))).toBe('东南')
  expect(compassOf(bearingDeg(c, offsetM(c, 0, -100)))).toBe('南')
  expect(compassOf(bearingDeg(c, offsetM(c, -100, -100)))).toBe('西南')
  expect(compassOf(bearingDeg(c, offsetM(c, -100, 0)))).toBe('西')
  expect(compassOf(bearingDeg(c, offsetM(c, -100, 100)))).toBe('西北')
  expect(compassOf(359)).toBe('北')
  expect(compassOf(-10)).toBe('北')
})

test('walking distances: tens of metres near, fifties farther', () => {
  expect(roundForWalking(3)).toBe(10)
  expect(roundForWalking(124)).toBe(120)
  expect(roundForWalking(487)).toBe(500)
  expect(roundForWalking(1130)).toBe(1150)
})

test('street · grid · nearest landmark with direction and distance', () => {
  const spot = offsetM(station.at, 85, 85) // ~120 m north-east
  const far = { name: '远处驿站', at: offsetM(station.at, 900, 900) }
  const place = describePlace(spot, { streetName: '娄葑街道', gridName: '第1网格', landmarks: [far, station] })
  expect(place).toEqual({ text: '娄葑街道 · 第1网格 · 娄葑暖新驿站 东北 120 米', landmark: { name: '娄葑暖新驿站', distanceM: 120, direction: '东北' }, source: 'offline' })
})

test('beside a landmark; none near enough; nothing known at all', () => {
  expect(describePlace(offsetM(station.at, 5, 5), { streetName: '娄葑街道', landmarks: [station] }).text).toBe('娄葑街道 · 娄葑暖新驿站旁')
  const lonely = describePlace(offsetM(station.at, LANDMARK_RADIUS_M + 100, 0), { streetName: '娄葑街道', gridName: '第2网格', landmarks: [station] })
  expect(lonely).toEqual({ text: '娄葑街道 · 第2网格', landmark: undefined, source: 'offline' })
  expect(describePlace(station.at, { landmarks: [] }).text).toBe('未知位置')
})

test('a moved pin, for staff: distance and direction from the device fix with its accuracy; an unmoved pin says nothing', () => {
  const fix = { ...station.at, accuracy: 18.6 }
  expect(pinMoveOf(fix, station.at)).toBeNull()
  expect(pinMoveOf(fix, offsetM(station.at, 0.5, 0))).toBeNull()
  const moved = pinMoveOf(fix, offsetM(station.at, 30, 30))
  expect(moved).toEqual({ distanceM: 42, direction: '东北', fixAccuracyM: 19 })
  expect(pinMoveText(moved!)).toBe('上报人把位置从手机定位向东北挪了约 42 米（手机定位精度约 19 米）')
  expect(pinMoveOf({ ...station.at, accuracy: -3 }, offsetM(station.at, 0, -10))).toEqual({ distanceM: 10, direction: '南', fixAccuracyM: 0 })
})
