/**
 * The warm circle's hexagons: H3 resolution-9 cells over a scope's grid polygons, rider activity
 * binned into them, and each cell's nearest open station (the rules in src/district/coverage-rules.ts).
 * No I/O, so the district function, its tests and the benchmark run the same code. h3-js lives only
 * here, in the district function's bundle: pages import the h3-free rules, never this file.
 */
import { cellToBoundary, cellToLatLng, latLngToCell, polygonToCells } from 'h3-js'
import type { GeoPolygon } from '../../src/core/geo'
import type { CoveragePlotCell } from '../../src/district/contract'
import { COVERAGE_RESOLUTION, coverCells, reachM, StationIndex, summarise, WALK_10_MIN_M, WALK_15_MIN_M, type CellInput, type CoverageStation, type CoverageSummary } from '../../src/district/coverage-rules'

/** Cells drawn at most: the gaps, then the busiest (a whole district has ~25 k; a street ~100–1 000). */
export const PLOT_MAX_CELLS = 800

export interface CoverageGrid {
  id: string
  name: string
  polygon: GeoPolygon
}

/** Activity at a place: a report's location (weight 1), a station's check-ins or bookings (weight = count). */
export interface ActivityPoint {
  lng: number
  lat: number
  weight: number
}

export interface CoverageInput {
  grids: readonly CoverageGrid[]
  stations: readonly CoverageStation[]
  points: readonly ActivityPoint[]
  detour: number
  gapLimit?: number
  /** Most cells returned for the plot (gaps first, then by activity). */
  plotMax?: number
}

export interface CoverageResult extends CoverageSummary {
  outside: number
  reach10M: number
  reach15M: number
  plot: { cells: CoveragePlotCell[]; truncated: boolean }
}

/**
 * Cells whose centre lies in any of the grids (H3's polygon fill is by centre, so grids that tile a
 * street give each cell to exactly one grid and the union equals the cells of the whole street).
 */
export function gridCells(grids: readonly CoverageGrid[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const g of grids) {
    const ring = g.polygon.coordinates[0]
    if (!ring || ring.length < 4) continue
    for (const cell of polygonToCells(g.polygon.coordinates, COVERAGE_RESOLUTION, true)) if (!out.has(cell)) out.set(cell, g.name)
  }
  return out
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

/** The cell's ring as 1e-5-degree offsets from its centre (the contract's compact form). */
function ringOf(cell: string, centre: { lng: number; lat: number }): number[] {
  const ring = cellToBoundary(cell, true)
  // GeoJSON closes the ring; the plot closes it itself.
  return ring.slice(0, -1).flatMap(([lng, lat]) => [Math.round((lng - centre.lng) * 1e5), Math.round((lat - centre.lat) * 1e5)])
}

export function computeCoverage(input: CoverageInput): CoverageResult {
  const cellGrid = gridCells(input.grids)
  const weight = new Map<string, number>()
  let outside = 0
  for (const p of input.points) {
    const cell = latLngToCell(p.lat, p.lng, COVERAGE_RESOLUTION)
    if (cellGrid.has(cell)) weight.set(cell, (weight.get(cell) ?? 0) + p.weight)
    else outside += p.weight
  }
  const cells: CellInput[] = []
  for (const [id, gridName] of cellGrid) {
    const [lat, lng] = cellToLatLng(id)
    cells.push({ id, centre: { lng, lat }, weight: weight.get(id) ?? 0, gridName })
  }
  const covered = coverCells(cells, new StationIndex(input.stations), input.detour)
  const summary = summarise(covered, input.gapLimit)
  const plotMax = input.plotMax ?? PLOT_MAX_CELLS
  const gapIds = new Set(summary.gaps.map((g) => g.cellId))
  const ordered = [...covered].sort((a, b) => Number(gapIds.has(b.id)) - Number(gapIds.has(a.id)) || b.weight - a.weight || (a.id < b.id ? -1 : 1))
  const plotCells: CoveragePlotCell[] = ordered.slice(0, plotMax).map((c) => ({ id: c.id, centre: [round6(c.centre.lng), round6(c.centre.lat)], ring: ringOf(c.id, c.centre), weight: c.weight, reach: c.within10 ? 'r10' : c.within15 ? 'r15' : 'none' }))
  return {
    ...summary,
    outside,
    reach10M: reachM(WALK_10_MIN_M, input.detour),
    reach15M: reachM(WALK_15_MIN_M, input.detour),
    plot: { cells: plotCells, truncated: covered.length > plotMax },
  }
}
