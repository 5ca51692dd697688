/**
 * What the warm circle reads for the streets in view, all bounded: the streets' grid polygons, the
 * stations around them by a geo query on the stations' 2dsphere index, check-ins and bookings counted
 * per station by an aggregate (a station's events all sit at its location), and the reports' places in
 * the period grouped by another. Then the h3 computation of ./coverage.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { fromPoint, offsetM, toGeoPoint, toGeoPolygon, type LngLat } from '../../src/core/geo'
import type { CoverageView, StreetScope } from '../../src/district/contract'
import { isCoverageStation, WALK_15_MIN_M, type ActivityKind } from '../../src/district/coverage-rules'
import { periodBounds } from '../../src/district/dashboard'
import type { LiveStatus, StationType } from '../../src/stations/vocabulary'
import type { Database } from '../_runtime/db'
import { computeCoverage, type ActivityPoint, type CoverageGrid } from './coverage'
import { byChunks, MAX_PAGE, pagedRead } from './reads'

/** Stations this far past the grids still count as the nearest one of an edge cell (and name a gap's nearest). */
const SEARCH_MARGIN_M = 3000
const MAX_GRIDS = 5000
const MAX_STATIONS = 20_000
/** Reports in the period past which the figures would be cut short, so the read refuses. */
const MAX_REPORTS = 50_000
/** Reports are placed on a lattice of 1/REPORT_LATTICE degrees. */
const REPORT_LATTICE = 10_000
/** Stations drawn on the map / plot. */
const MAX_STATIONS_SHOWN = 500

interface GridRow {
  _id: string
  name: string
  polygon: unknown
  active?: boolean
}

interface StationRow {
  _id: string
  name: string
  type: StationType
  liveStatus: LiveStatus
  location: unknown
}

interface Box {
  west: number
  south: number
  east: number
  north: number
}

function boxOf(grids: readonly CoverageGrid[]): Box {
  const b = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity }
  for (const g of grids)
    for (const [lng, lat] of g.polygon.coordinates[0] ?? []) {
      b.west = Math.min(b.west, lng)
      b.east = Math.max(b.east, lng)
      b.south = Math.min(b.south, lat)
      b.north = Math.max(b.north, lat)
    }
  return b
}

function grow(b: Box, m: number): Box {
  const sw = offsetM({ lng: b.west, lat: b.south }, -m, -m)
  const ne = offsetM({ lng: b.east, lat: b.north }, m, m)
  return { west: sw.lng, south: sw.lat, east: ne.lng, north: ne.lat }
}

const inBox = (p: LngLat, b: Box) => p.lng >= b.west && p.lng <= b.east && p.lat >= b.south && p.lat <= b.north

function geoBox(db: Database, b: Box): unknown {
  const ring = [
    [b.west, b.south],
    [b.east, b.south],
    [b.east, b.north],
    [b.west, b.north],
    [b.west, b.south],
  ].map(([lng, lat]) => new db.Geo.Point(lng, lat))
  return new db.Geo.Polygon([new db.Geo.LineString(ring)])
}

/**
 * Reports' places in the period, counted on a ~10 m lattice (1e-4°) by one aggregate: paging through
 * 20 k reports with skip costs every page a scan of them all (measured: 5 k reports 2.7 s paged vs
 * 0.3 s grouped), and 10 m is nothing against a 300 m cell.
 */
async function reportPlaces(db: Database, where: Record<string, unknown>, max: number): Promise<ActivityPoint[]> {
  const $ = db.command.aggregate
  const snap = (axis: 0 | 1) => $.floor($.multiply([$.arrayElemAt(['$location.coordinates', axis]), REPORT_LATTICE]))
  const res = (await db.collection(Collection.reports).aggregate().match(where).group({ _id: { x: snap(0), y: snap(1) }, n: $.sum(1) }).limit(max).end()) as { list: Array<{ _id: { x: number | null; y: number | null }; n: number }> }
  return res.list.filter((r) => Number.isFinite(r._id.x) && Number.isFinite(r._id.y)).map((r) => ({ lng: ((r._id.x as number) + 0.5) / REPORT_LATTICE, lat: ((r._id.y as number) + 0.5) / REPORT_LATTICE, weight: r.n }))
}

/** Events per station in the period, by one aggregate per 100 stations, a few at once (never the events themselves). */
async function countByStation(db: Database, collection: string, stationIds: string[], match: Record<string, unknown>): Promise<Map<string, number>> {
  const _ = db.command
  const $ = _.aggregate
  const rows = await byChunks(stationIds, async (chunk) => {
    const res = (await db
      .collection(collection)
      .aggregate()
      .match({ ...match, stationId: _.in(chunk) })
      .group({ _id: '$stationId', n: $.sum(1) })
      .limit(chunk.length + 1)
      .end()) as { list: Array<{ _id: string; n: number }> }
    return res.list
  })
  return new Map(rows.map((row) => [row._id, row.n]))
}

export async function coverageFor(db: Database, streets: readonly StreetScope[], period: { from: string; to: string }, detour: number): Promise<CoverageView> {
  const _ = db.command
  const ids = streets.map((s) => s.street)
  const gridRows = ids.length ? await pagedRead<GridRow>(db, Collection.grids, { street: _.in(ids) }, MAX_GRIDS, ['_id', 'asc'], { _id: true, name: true, polygon: true, active: true }, MAX_PAGE) : []
  const grids: CoverageGrid[] = gridRows.filter((g) => g.active !== false).map((g) => ({ id: g._id, name: g.name, polygon: toGeoPolygon(g.polygon) }))
  const { start, end } = periodBounds(period.from, period.to)
  const range = () => _.gte(start).and(_.lt(end))

  let stationRows: StationRow[] = []
  const points: ActivityPoint[] = []
  const byKind: Record<ActivityKind, number> = { checkin: 0, report: 0, booking: 0 }
  if (grids.length) {
    const box = boxOf(grids)
    const searchBox = grow(box, SEARCH_MARGIN_M)
    stationRows = await pagedRead<StationRow>(db, Collection.stations, { location: _.geoWithin({ geometry: geoBox(db, searchBox) }) }, MAX_STATIONS, ['_id', 'asc'], {
      _id: true,
      name: true,
      type: true,
      liveStatus: true,
      location: true,
    }, MAX_PAGE)
    // Events happen at stations and report points of any state: only those inside the grids' box can land in a cell.
    const inside = stationRows.filter((s) => inBox(fromPoint(toGeoPoint(s.location)), box))
    const insideIds = inside.map((s) => s._id)
    const reportWhere = { street: _.in(ids), createdAt: range() }
    const reportCount = (await db.collection(Collection.reports).where(reportWhere).count()).total
    if (reportCount > MAX_REPORTS) throw new AppError('INVALID_ARGUMENT', `这段时间的随手拍超过 ${MAX_REPORTS} 件，请缩短时间段或选一个街道`, 'from')
    const [checkins, bookings, reports] = await Promise.all([
      // A service check-in is the attendance of a booking already counted: not twice.
      countByStation(db, Collection.checkins, insideIds, { at: range(), purpose: _.neq('service') }),
      countByStation(db, Collection.serviceBookings, insideIds, { startAt: range(), state: 'booked' }),
      reportPlaces(db, reportWhere, MAX_REPORTS),
    ])
    for (const s of inside) {
      const at = fromPoint(toGeoPoint(s.location))
      const n = (checkins.get(s._id) ?? 0) + (bookings.get(s._id) ?? 0)
      if (n) points.push({ ...at, weight: n })
      byKind.checkin += checkins.get(s._id) ?? 0
      byKind.booking += bookings.get(s._id) ?? 0
    }
    // Every report counts, whatever became of it: a rejected or merged one still shows a rider was there.
    for (const r of reports) {
      points.push(r)
      byKind.report += r.weight
    }
  }

  const open = stationRows.filter((s) => isCoverageStation(s)).map((s) => ({ id: s._id, name: s.name, location: fromPoint(toGeoPoint(s.location)) }))
  const res = computeCoverage({ grids, stations: open, points, detour })
  const shownBox = grids.length ? grow(boxOf(grids), WALK_15_MIN_M) : null
  return {
    from: period.from,
    to: period.to,
    detour,
    reach10M: res.reach10M,
    reach15M: res.reach15M,
    grids: grids.length,
    cells: res.cells,
    activity: res.activity,
    activityByKind: byKind,
    outside: res.outside,
    covered10: res.covered10,
    covered15: res.covered15,
    gaps: res.gaps,
    stations: open
      .filter((s) => shownBox && inBox(s.location, shownBox))
      .slice(0, MAX_STATIONS_SHOWN)
      .map((s) => ({ stationId: s.id, name: s.name, location: s.location })),
    plot: res.plot,
  }
}
