/**
 * The 10-minute warm circle on fixtures of known geometry: the nearest-station index against brute
 * force, covered shares and gap ranking from cells placed at measured distances, the detour factor
 * shrinking the reach, and the H3 cells over grid polygons (a street split into four grids has exactly
 * the cells of the whole street; the count follows the area). Also that no page can reach h3-js.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { cellArea, cellToLatLng, latLngToCell } from 'h3-js'
import { computeCoverage, gridCells, type CoverageGrid } from '../../cloudfunctions/district/coverage'
import { ringOf } from '../../src/district/components/coverage-style'
import { distanceM, offsetM, rectangle, type LngLat } from '../../src/core/geo'
import { clampDetour, coverCells, formatShare, isCoverageStation, rankGaps, reachM, StationIndex, summarise, type CellInput, type CoverageStation } from '../../src/district/coverage-rules'

const C: LngLat = { lng: 120.66, lat: 31.3 }
const at = (east: number, north: number) => offsetM(C, east, north)

describe('coverage rules (h3-free)', () => {
  it('counts stations, not report points, and not closed ones; full ones still count', () => {
    expect(isCoverageStation({ type: 'station', liveStatus: 'open' })).toBe(true)
    expect(isCoverageStation({ type: 'station', liveStatus: 'full' })).toBe(true)
    expect(isCoverageStation({ type: 'station', liveStatus: 'closed' })).toBe(false)
    expect(isCoverageStation({ type: 'report_point', liveStatus: 'open' })).toBe(false)
    expect(reachM(500, 1.25)).toBe(400)
    expect(clampDetour(undefined)).toBe(1.3)
    expect(clampDetour(5)).toBe(2)
    expect(clampDetour(0.5)).toBe(1)
    expect(formatShare(0.8345)).toBe('83.5%')
    expect(formatShare(null)).toBe('—')
  })

  it('finds the same nearest station as brute force, near and far from every station', () => {
    let seed = 7
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) * 2 - 1
    const stations: CoverageStation[] = Array.from({ length: 300 }, (_, i) => ({ id: `s${String(i).padStart(3, '0')}`, name: `驿站${i}`, location: at(rnd() * 8000, rnd() * 8000) }))
    const probes = [...Array.from({ length: 400 }, () => at(rnd() * 12_000, rnd() * 12_000)), at(40_000, -30_000), at(-90_000, 0)]
    // The default bucket (about one station each) and small ones (many rings to walk).
    for (const index of [new StationIndex(stations), new StationIndex(stations, 300)]) {
      for (const p of probes) {
        const brute = stations.map((s) => ({ s, d: distanceM(p, s.location) })).sort((a, b) => a.d - b.d || (a.s.id < b.s.id ? -1 : 1))[0]
        const found = index.nearest(p)
        expect(found?.stationId).toBe(brute.s.id)
        expect(found?.distanceM).toBeCloseTo(brute.d, 6)
        // Bounded search: within the radius it still finds it, below it nothing.
        expect(index.nearest(p, brute.d + 1)?.stationId).toBe(brute.s.id)
        expect(index.nearest(p, brute.d - 1)).toBeNull()
      }
    }
    expect(new StationIndex([]).nearest(C)).toBeNull()
  })

  // One station at the centre; cells at measured distances east, each with its activity.
  const station: CoverageStation = { id: 'st-a', name: '娄葑驿站', location: C }
  const cell = (id: string, east: number, north: number, weight: number): CellInput => ({ id, centre: at(east, north), weight, gridName: `网格${id}` })
  const cells = [
    cell('a', 100, 0, 50), // 100 m
    cell('b', 0, 360, 20), // 360 m: 10 min only while the detour ≤ 1.38
    cell('c', 700, 0, 15), // 700 m: 15 min at 1.3, not 10
    cell('d', 0, -1500, 10), // 1.5 km: neither
    cell('e', -2500, 0, 10), // 2.5 km: neither, same activity as d but farther
    cell('f', 3000, 0, 0), // no activity: a gap on the map, not on the list
  ]

  it('gives the covered share of activity at 10 and 15 minutes and ranks the gaps', () => {
    const covered = coverCells(cells, new StationIndex([station]), 1.3)
    const s = summarise(covered)
    expect(s.cells).toBe(6)
    expect(s.activity).toBe(105)
    expect(s.covered10).toEqual({ cells: 2, activity: 70, share: 70 / 105 })
    expect(s.covered15).toEqual({ cells: 3, activity: 85, share: 85 / 105 })
    // Biggest first; d and e tie on activity, the farther (e) first; f (no activity) left out.
    expect(s.gaps.map((g) => g.cellId)).toEqual(['c', 'e', 'd'])
    expect(s.gaps[0]).toMatchObject({ gridName: '网格c', weight: 15, within15: true, nearest: { stationId: 'st-a', name: '娄葑驿站' } })
    expect(s.gaps[0].nearest?.distanceM).toBeCloseTo(700, -1)
    expect(s.gaps[1].nearest?.distanceM).toBeCloseTo(2500, -1)
    expect(rankGaps(covered, 1).map((g) => g.cellId)).toEqual(['c'])
  })

  it('shrinks the circles as the detour factor grows', () => {
    const index = new StationIndex([station])
    const straight = summarise(coverCells(cells, index, 1))
    const winding = summarise(coverCells(cells, index, 2))
    // detour 1: 500 m / 1 km straight → a, b covered in 10 min; c (700 m) in 15.
    expect(straight.covered10.activity).toBe(70)
    expect(straight.covered15.activity).toBe(85)
    // detour 2: 250 m / 500 m → only a in 10 min; b (360 m) only in 15; c (700 m) in neither.
    expect(winding.covered10.activity).toBe(50)
    expect(winding.covered15.activity).toBe(70)
    expect(winding.gaps.map((g) => g.cellId)).toEqual(['b', 'c', 'e', 'd'])
  })

  it('has no share, and every active cell a gap, with no activity or no station', () => {
    const none = summarise(coverCells(cells.map((c) => ({ ...c, weight: 0 })), new StationIndex([station]), 1.3))
    expect(none.covered10.share).toBeNull()
    expect(none.gaps).toEqual([])
    const noStation = summarise(coverCells(cells, new StationIndex([]), 1.3))
    expect(noStation.covered10).toEqual({ cells: 0, activity: 0, share: 0 })
    expect(noStation.gaps.map((g) => [g.cellId, g.nearest])).toEqual([
      ['a', null],
      ['b', null],
      ['c', null],
      ['d', null],
      ['e', null],
    ])
  })
})

describe('coverage cells (h3)', () => {
  // A 2 km × 2 km street, as one grid and as the seed draws it: 2 × 2 grids.
  const whole: CoverageGrid = { id: 'g', name: '整条街道', polygon: rectangle(at(-1000, -1000), at(1000, 1000)) }
  const quads: CoverageGrid[] = [
    [-1000, -1000, 0, 0],
    [0, -1000, 1000, 0],
    [-1000, 0, 0, 1000],
    [0, 0, 1000, 1000],
  ].map(([w, s, e, n], i) => ({ id: `g${i + 1}`, name: `第${i + 1}网格`, polygon: rectangle(at(w, s), at(e, n)) }))

  it('covers the grids with resolution-9 cells, each once, in proportion to the area', () => {
    const one = gridCells([whole])
    const four = gridCells(quads)
    expect([...four.keys()].sort()).toEqual([...one.keys()].sort())
    expect(new Set(four.values()).size).toBe(4)
    const area = cellArea(latLngToCell(C.lat, C.lng, 9), 'km2')
    // 4 km² of ~0.08 km² hexagons: the count is the area over the cell area, to within the ragged edge.
    expect(one.size).toBeGreaterThan((4 / area) * 0.85)
    expect(one.size).toBeLessThan((4 / area) * 1.15)
    expect(one.size).toBe(49)
    expect(gridCells([...quads, whole]).size).toBe(49)
    expect(gridCells([]).size).toBe(0)
  })

  it('bins activity into cells, keeps what falls outside apart, and ranks the uncovered cells', () => {
    // The station in the south-west cell's centre; activity at cell centres at known distances from it.
    const centreOf = (p: LngLat) => {
      const [lat, lng] = cellToLatLng(latLngToCell(p.lat, p.lng, 9))
      return { lng, lat }
    }
    const home = centreOf(at(-400, -700))
    const near = centreOf(at(-150, -700))
    const mid = centreOf(at(100, -700))
    const far = centreOf(at(800, 800))
    const dist = (p: LngLat) => distanceM(home, p)
    // The fixture's own geometry: near inside a 10-minute walk, mid between 10 and 15, far beyond both.
    expect(dist(near)).toBeLessThan(reachM(500, 1.3))
    expect(dist(mid)).toBeGreaterThan(reachM(500, 1.3))
    expect(dist(mid)).toBeLessThan(reachM(1000, 1.3))
    expect(dist(far)).toBeGreaterThan(reachM(1000, 1))
    const points = [
      { ...home, weight: 40 },
      { ...near, weight: 20 },
      { ...mid, weight: 25 },
      { ...far, weight: 15 },
      { ...at(5000, 5000), weight: 7 }, // outside the street
    ]
    const stations = [{ id: 'st-sw', name: '西南驿站', location: home }]
    const res = computeCoverage({ grids: quads, stations, points, detour: 1.3 })
    expect(res.cells).toBe(49)
    expect(res.activity).toBe(100)
    expect(res.outside).toBe(7)
    expect(res.covered10.share).toBeCloseTo(0.6)
    expect(res.covered15.share).toBeCloseTo(0.85)
    expect(res.gaps.map((g) => g.weight)).toEqual([25, 15])
    expect(res.gaps[0]).toMatchObject({ cellId: latLngToCell(mid.lat, mid.lng, 9), gridName: '第2网格', within15: true, nearest: { stationId: 'st-sw' } })
    expect(res.gaps[0].centre.lng).toBeCloseTo(mid.lng, 9)
    expect(res.gaps[1]).toMatchObject({ gridName: '第4网格', within15: false })
    expect(res.gaps[1].nearest?.distanceM).toBeCloseTo(dist(far), 3)
    expect(res.reach10M).toBeCloseTo(500 / 1.3)
    // The plot: every cell, the gaps first, each a hexagon of six corners ~90 m (res 9) from its centre.
    expect(res.plot.truncated).toBe(false)
    expect(res.plot.cells).toHaveLength(49)
    expect(res.plot.cells.slice(0, 2).map((c) => c.weight)).toEqual([25, 15])
    expect(res.plot.cells.find((c) => c.weight === 40)?.reach).toBe('r10')
    expect(res.plot.cells[0].reach).toBe('r15')
    const first = res.plot.cells[0]
    expect(first.centre[0]).toBeCloseTo(mid.lng, 5)
    expect(first.ring).toHaveLength(12)
    for (const [lng, lat] of ringOf(first)) expect(distanceM({ lng, lat }, mid)).toBeGreaterThan(100)
    for (const [lng, lat] of ringOf(first)) expect(distanceM({ lng, lat }, mid)).toBeLessThan(250)
    // A winding walk (detour 2): 15 minutes reach only 500 m, short of mid.
    expect(dist(mid)).toBeGreaterThan(500)
    const straight = computeCoverage({ grids: quads, stations, points, detour: 2, plotMax: 10 })
    expect(straight.covered15.share).toBeCloseTo(0.6)
    expect(straight.gaps[0]).toMatchObject({ weight: 25, within15: false })
    expect(straight.plot).toMatchObject({ truncated: true })
    expect(straight.plot.cells).toHaveLength(10)
  })
})

describe('bundles', () => {
  it('keeps h3-js out of every page: only the district function imports it', () => {
    const root = path.resolve(__dirname, '../../src')
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(path.join(dir, f)).isDirectory() ? walk(path.join(dir, f)) : [path.join(dir, f)]))
    const importers = walk(root).filter((f) => /\.(ts|tsx)$/.test(f) && /from ['"]h3-js['"]|require\(['"]h3-js['"]\)/.test(readFileSync(f, 'utf8')))
    expect(importers).toEqual([])
  })
})
