/** Geometry helpers: distances, offsets, point-in-polygon, formatting. */
import { distanceM, formatDistance, fromPoint, isValidLngLat, offsetM, pointInPolygon, rectangle, roundDistanceM, toGeoPoint, toPoint } from '../../src/core/geo'

const loufeng = { lng: 120.66, lat: 31.3 }

describe('geo', () => {
  it('measures known distances', () => {
    expect(distanceM(loufeng, loufeng)).toBe(0)
    // One degree of latitude is ~111.2 km everywhere.
    expect(distanceM({ lng: 120, lat: 31 }, { lng: 120, lat: 32 })).toBeCloseTo(111_195, -2)
    // 郑州惠济 → 苏州娄葑, roughly 770 km apart as the crow flies.
    const d = distanceM({ lng: 113.62, lat: 34.87 }, loufeng)
    expect(d).toBeGreaterThan(740_000)
    expect(d).toBeLessThan(790_000)
  })
  it('offsets by metres consistently with distance', () => {
    const p = offsetM(loufeng, 300, 400)
    expect(distanceM(loufeng, p)).toBeCloseTo(500, -1)
  })
  it('round-trips GeoJSON points as [lng, lat]', () => {
    expect(toPoint(loufeng)).toEqual({ type: 'Point', coordinates: [120.66, 31.3] })
    expect(fromPoint(toPoint(loufeng))).toEqual(loufeng)
  })
  it('validates coordinates', () => {
    expect(isValidLngLat(loufeng)).toBe(true)
    expect(isValidLngLat({ lng: 181, lat: 0 })).toBe(false)
    expect(isValidLngLat({ lng: 0, lat: NaN })).toBe(false)
  })
  it('finds points inside polygons', () => {
    const grid = rectangle(offsetM(loufeng, -500, -500), offsetM(loufeng, 500, 500))
    expect(pointInPolygon(loufeng, grid)).toBe(true)
    expect(pointInPolygon(offsetM(loufeng, 600, 0), grid)).toBe(false)
    expect(pointInPolygon(loufeng, { type: 'Polygon', coordinates: [[]] })).toBe(false)
    // A concave L shape: the notch is outside.
    const l = { type: 'Polygon' as const, coordinates: [[[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]] as Array<[number, number]>] }
    expect(pointInPolygon({ lng: 0.5, lat: 1.5 }, l)).toBe(true)
    expect(pointInPolygon({ lng: 1.5, lat: 1.5 }, l)).toBe(false)
  })
  it('formats and rounds distances for people', () => {
    expect(formatDistance(349.6)).toBe('350 米')
    expect(formatDistance(1234)).toBe('1.2 公里')
    expect(formatDistance(15_400)).toBe('15 公里')
    expect(roundDistanceM(347)).toBe(350)
  })

  it('reads a point back from either shape the SDK returns', () => {
    expect(toGeoPoint({ type: 'Point', coordinates: ['120.66', 31.3] })).toEqual({ type: 'Point', coordinates: [120.66, 31.3] })
    expect(toGeoPoint({ longitude: 120.66, latitude: 31.3 })).toEqual({ type: 'Point', coordinates: [120.66, 31.3] })
    expect(toGeoPoint(null).coordinates.every(Number.isNaN)).toBe(true)
  })
})
