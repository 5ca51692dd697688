/**
 * The 10-minute warm circle (十分钟暖新服务圈), pure and h3-free: which stations count, how far a rider
 * reaches on foot in 10 and 15 minutes (500 m / 1 km of walking, i.e. straight-line distance times a
 * detour factor), the nearest station of each hexagon cell, and the figures a planner reads — share of
 * rider activity covered and the biggest uncovered cells ranked. The hexagons themselves (H3 resolution
 * 9) are made in the district function (cloudfunctions/district/coverage.ts) so h3-js never reaches a page.
 */
import { distanceM, offsetM, type LngLat } from '../core/geo'
import type { LiveStatus, StationType } from '../stations/vocabulary'

/** H3 resolution of the cells: ~0.1 km² hexagons, edge ~175 m — finer than a 500 m walk, coarse enough for a district. */
export const COVERAGE_RESOLUTION = 9
/** Planning standards: a 10-minute living circle ≈ 500 m on foot, a 15-minute circle ≈ 1 km. */
export const WALK_10_MIN_M = 500
export const WALK_15_MIN_M = 1000
/** Walking distance ÷ straight-line distance; 1.3 is a common figure for city blocks. */
export const DETOUR = { min: 1, max: 2, default: 1.3 } as const
/** Longest period a coverage read covers (China days). */
export const COVERAGE_MAX_DAYS = 92
/** Gaps listed, biggest first. */
export const GAP_LIST_MAX = 20

/** Where rider activity comes from, each event weighing one. */
export const ActivityKind = { checkin: 'checkin', report: 'report', booking: 'booking' } as const
export type ActivityKind = (typeof ActivityKind)[keyof typeof ActivityKind]
export const activityKindLabel: Record<ActivityKind, string> = { checkin: '扫码到访/报到', report: '随手拍', booking: '服务预约' }

/** A warm station that can cover a place: a station (not a Party report point) that is not closed. `full` still counts: it is there. */
export function isCoverageStation(s: { type: StationType; liveStatus: LiveStatus }): boolean {
  return s.type === 'station' && s.liveStatus !== 'closed'
}

/** The straight-line radius that is `walkM` of walking under `detour`. */
export function reachM(walkM: number, detour: number): number {
  return walkM / detour
}

export function clampDetour(detour: number | undefined): number {
  if (detour === undefined || !Number.isFinite(detour)) return DETOUR.default
  return Math.min(DETOUR.max, Math.max(DETOUR.min, detour))
}

export interface CoverageStation {
  id: string
  name: string
  location: LngLat
}

export interface NearestStation {
  stationId: string
  name: string
  /** Straight-line metres (the walk is this times the detour factor). */
  distanceM: number
}

/** Row and column of a bucket as one exact integer (rows and columns stay far below ±10⁶ at ≥ 500 m). */
const bucketKey = (i: number, j: number) => (i + 1_000_000) * 4_000_000 + (j + 2_000_000)

/**
 * A bucket side holding about one station on average (0.5–20 km): sparse stations get big buckets, so
 * a cell far from all of them looks at a few rings, not hundreds.
 */
function bucketSizeFor(stations: readonly CoverageStation[]): number {
  if (stations.length < 2) return 20_000
  let west = Infinity
  let east = -Infinity
  let south = Infinity
  let north = -Infinity
  for (const { location: p } of stations) {
    west = Math.min(west, p.lng)
    east = Math.max(east, p.lng)
    south = Math.min(south, p.lat)
    north = Math.max(north, p.lat)
  }
  const widthM = distanceM({ lng: west, lat: (south + north) / 2 }, { lng: east, lat: (south + north) / 2 })
  const heightM = distanceM({ lng: west, lat: south }, { lng: west, lat: north })
  return Math.min(20_000, Math.max(500, Math.sqrt((Math.max(widthM, 500) * Math.max(heightM, 500)) / stations.length)))
}

/**
 * Stations bucketed on a lat/lng grid (about one station per bucket), so the nearest one to a point is
 * found by looking at the rings of buckets around it rather than at every station (a district of
 * thousands of stations and tens of thousands of cells stays linear).
 */
export class StationIndex {
  /** Keyed by bucketKey(i, j): a number, not a string, since every lookup would build one. */
  private readonly buckets = new Map<number, CoverageStation[]>()
  private readonly stepLat: number
  private readonly stepLng: number
  /** Bucket rows (i, by latitude) and columns (j, by longitude) that hold any station. */
  private readonly box = { minI: Infinity, maxI: -Infinity, minJ: Infinity, maxJ: -Infinity }

  constructor(
    readonly stations: readonly CoverageStation[],
    bucketM = bucketSizeFor(stations),
  ) {
    const lat0 = stations.length ? stations.reduce((a, s) => a + s.location.lat, 0) / stations.length : 0
    const origin = { lng: 0, lat: lat0 }
    const probe = offsetM(origin, bucketM, bucketM)
    this.stepLat = probe.lat - origin.lat
    this.stepLng = probe.lng - origin.lng
    for (const s of stations) {
      const [i, j] = this.cellOf(s.location)
      this.box.minI = Math.min(this.box.minI, i)
      this.box.maxI = Math.max(this.box.maxI, i)
      this.box.minJ = Math.min(this.box.minJ, j)
      this.box.maxJ = Math.max(this.box.maxJ, j)
      const key = bucketKey(i, j)
      const list = this.buckets.get(key)
      if (list) list.push(s)
      else this.buckets.set(key, [s])
    }
  }

  private cellOf(p: LngLat): [number, number] {
    return [Math.floor(p.lat / this.stepLat), Math.floor(p.lng / this.stepLng)]
  }

  /** The nearest station to `p` (ties: smaller id), or null when there is none within `maxM` (Infinity: anywhere). */
  nearest(p: LngLat, maxM = Infinity): NearestStation | null {
    if (!this.stations.length) return null
    const [ci, cj] = this.cellOf(p)
    const { minI, maxI, minJ, maxJ } = this.box
    // Past this ring every bucket with a station has been seen.
    const lastRing = Math.max(ci - minI, maxI - ci, cj - minJ, maxJ - cj)
    // Every point of ring r lies at least (r − 1) bucket sides from p.
    const sideM = Math.min(distanceM(p, { lng: p.lng, lat: p.lat + this.stepLat }), distanceM(p, { lng: p.lng + this.stepLng, lat: p.lat }))
    let best: CoverageStation | null = null
    let bestM = Infinity
    const visit = (i: number, j: number) => {
      if (i < minI || i > maxI || j < minJ || j > maxJ) return
      const list = this.buckets.get(bucketKey(i, j))
      if (!list) return
      for (const s of list) {
        const d = distanceM(p, s.location)
        if (d < bestM || (d === bestM && best !== null && s.id < best.id)) {
          best = s
          bestM = d
        }
      }
    }
    for (let r = 0; r <= lastRing; r++) {
      if ((r - 1) * sideM > Math.min(bestM, maxM)) break
      if (r === 0) {
        visit(ci, cj)
        continue
      }
      // The ring's perimeter only: top and bottom rows, then the two sides between them.
      for (let j = cj - r; j <= cj + r; j++) {
        visit(ci - r, j)
        visit(ci + r, j)
      }
      for (let i = ci - r + 1; i <= ci + r - 1; i++) {
        visit(i, cj - r)
        visit(i, cj + r)
      }
    }
    const found = best as CoverageStation | null
    if (!found || bestM > maxM) return null
    return { stationId: found.id, name: found.name, distanceM: bestM }
  }
}

export interface CellInput {
  /** H3 index. */
  id: string
  centre: LngLat
  /** Rider activity (events) in the cell over the period. */
  weight: number
  /** The grid (网格/社区) the cell was drawn from. */
  gridName: string
}

export interface CellCoverage extends CellInput {
  nearest: NearestStation | null
  within10: boolean
  within15: boolean
}

/** Each cell's nearest open station and whether a 10- and a 15-minute walk reach it. */
export function coverCells(cells: readonly CellInput[], index: StationIndex, detour: number): CellCoverage[] {
  const r10 = reachM(WALK_10_MIN_M, detour)
  const r15 = reachM(WALK_15_MIN_M, detour)
  return cells.map((c) => {
    const nearest = index.nearest(c.centre)
    return { ...c, nearest, within10: !!nearest && nearest.distanceM <= r10, within15: !!nearest && nearest.distanceM <= r15 }
  })
}

export interface CoverageShare {
  cells: number
  activity: number
  /** Covered activity ÷ all activity; null when there was no activity in the period. */
  share: number | null
}

export interface CoverageGap {
  cellId: string
  gridName: string
  weight: number
  /** Suggested spot for a new station: the cell's centre. */
  centre: LngLat
  nearest: NearestStation | null
  /** Reached within 15 minutes though not within 10. */
  within15: boolean
}

export interface CoverageSummary {
  cells: number
  activity: number
  covered10: CoverageShare
  covered15: CoverageShare
  gaps: CoverageGap[]
}

/**
 * Gaps are cells with activity that no 10-minute walk reaches, biggest activity first; among equals the
 * one farther from any station first (a new station there helps more), then by cell id so the order is stable.
 */
export function rankGaps(cells: readonly CellCoverage[], limit = GAP_LIST_MAX): CoverageGap[] {
  const far = (c: CellCoverage) => c.nearest?.distanceM ?? Infinity
  return cells
    .filter((c) => !c.within10 && c.weight > 0)
    .sort((a, b) => b.weight - a.weight || far(b) - far(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit)
    .map((c) => ({ cellId: c.id, gridName: c.gridName, weight: c.weight, centre: c.centre, nearest: c.nearest, within15: c.within15 }))
}

function shareOf(cells: readonly CellCoverage[], covered: (c: CellCoverage) => boolean, activity: number): CoverageShare {
  const inside = cells.filter(covered)
  const act = inside.reduce((n, c) => n + c.weight, 0)
  return { cells: inside.length, activity: act, share: activity > 0 ? act / activity : null }
}

export function summarise(cells: readonly CellCoverage[], gapLimit = GAP_LIST_MAX): CoverageSummary {
  const activity = cells.reduce((n, c) => n + c.weight, 0)
  return {
    cells: cells.length,
    activity,
    covered10: shareOf(cells, (c) => c.within10, activity),
    covered15: shareOf(cells, (c) => c.within15, activity),
    gaps: rankGaps(cells, gapLimit),
  }
}

/** "83.4%" or "—" when there was no activity. */
export function formatShare(share: number | null): string {
  return share === null ? '—' : `${(Math.round(share * 1000) / 10).toFixed(1)}%`
}
