/** Distance and travel text for station lists: rounding, unit switch, walking/riding estimates. */
import { offsetM } from '../../src/core/geo'
import { distanceText, durationText, estimateTravel, travelForDistance, travelText } from '../../src/stations/distance'

describe('distanceText', () => {
  it.each([
    [0, '0 米'],
    [85.4, '85 米'],
    [354, '350 米'],
    [356, '360 米'],
    [994, '990 米'],
    [996, '1 公里'],
    [1234, '1.2 公里'],
    [9_960, '10 公里'],
    [12_345, '12 公里'],
    [-5, '0 米'],
    [Number.NaN, '0 米'],
  ])('%p m reads %p', (m, text) => expect(distanceText(m)).toBe(text))
})

describe('travel estimates', () => {
  it('walks at 4.5 km/h and rides at 15 km/h along roads ~1.3× the straight line, rounding up', () => {
    // 350 m straight → 455 m of road: 455/75 = 6.07 → 7 min walking, 455/250 = 1.82 → 2 min riding.
    expect(travelForDistance(350)).toEqual({ distanceM: 350, walkMin: 7, rideMin: 2 })
    expect(travelText(travelForDistance(350))).toBe('步行 7 分钟 · 骑行 2 分钟')
  })

  it('never says 0 minutes', () => expect(travelForDistance(0)).toEqual({ distanceM: 0, walkMin: 1, rideMin: 1 }))

  it('drops the walking time once it exceeds an hour', () => {
    const far = travelForDistance(5_000)
    expect(far.walkMin).toBeGreaterThan(60)
    expect(travelText(far)).toBe(`骑行 ${far.rideMin} 分钟`)
    // 20 km straight → 26 km of road at 250 m/min = 104 min.
    expect(travelText(travelForDistance(20_000))).toBe('骑行 1 小时 44 分钟')
  })

  it('formats hours and minutes', () => {
    expect(durationText(5)).toBe('5 分钟')
    expect(durationText(60)).toBe('1 小时')
    expect(durationText(125)).toBe('2 小时 5 分钟')
  })

  it('measures between GCJ-02 points with haversine', () => {
    const home = { lng: 113.62, lat: 34.87 }
    const est = estimateTravel(home, offsetM(home, 300, 400))
    expect(Math.abs(est.distanceM - 500)).toBeLessThanOrEqual(1)
    expect(est.walkMin).toBe(Math.ceil((est.distanceM * 1.3) / 75))
  })
})
