/** Pure rules of the admin's reference data: a new grid's rectangle, name uniqueness, categories still unset. */
import { offsetM } from '../../src/core/geo'
import { gridBoundsProblem, missingCategories, nameTaken } from '../../src/reports/admin-rules'
import { allReportCategories } from '../../src/reports/vocabulary'

const centre = { lng: 120.66, lat: 31.3 }
const square = (sideM: number, fromCentreM = 0) => {
  const sw = offsetM(centre, fromCentreM, 0)
  const ne = offsetM(sw, sideM, sideM)
  return { west: sw.lng, south: sw.lat, east: ne.lng, north: ne.lat }
}

test('a grid rectangle is ordered, 50 m to 10 km a side, and near its street', () => {
  expect(gridBoundsProblem(square(1200), centre)).toBeNull()
  expect(gridBoundsProblem({ ...square(1200), east: square(1200).west }, centre)?.field).toBe('bounds.east')
  expect(gridBoundsProblem({ ...square(1200), north: square(1200).south - 0.001 }, centre)?.field).toBe('bounds.north')
  expect(gridBoundsProblem(square(40), centre)?.message).toMatch(/至少 50 米/)
  expect(gridBoundsProblem(square(10_500), centre)?.message).toMatch(/不超过 10 公里/)
  expect(gridBoundsProblem(square(1000, 25_000), centre)?.message).toMatch(/街道中心/)
  // Without a known street centre only the shape is checked.
  expect(gridBoundsProblem(square(1000, 25_000), undefined)).toBeNull()
})

test('names compare without white space, and an object never collides with itself', () => {
  const others = [{ _id: 'g1', name: '娄葑第1网格' }]
  expect(nameTaken(' 娄葑 第1网格 ', others)).toBe(true)
  expect(nameTaken('娄葑第1网格', others, 'g1')).toBe(false)
  expect(nameTaken('娄葑第2网格', others)).toBe(false)
})

test('missing categories are those of the closed list without a stored document, in list order', () => {
  expect(missingCategories(allReportCategories)).toEqual([])
  expect(missingCategories(allReportCategories.filter((id) => id !== 'cat-other' && id !== 'cat-garbage'))).toEqual(['cat-garbage', 'cat-other'])
})
