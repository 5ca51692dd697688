/**
 * Query planning and execution over the store: picks an index for a query (by `_id`, an ordered index for
 * equality / $in / range / orderBy, an R*Tree for geo), streams candidates, applies the full matcher as a
 * residual filter, and handles ordering, skip and limit with early termination. `$nearSphere` runs as an
 * expanding-radius search on the R*Tree so nearest-N never reads the whole collection.
 */
import { EmulatorError, PlatformCode } from '../errors'
import { decodeStored, isPlainObject, type Doc } from './ejson'
import * as geo from './geo'
import { keyOf, prefixEnd } from './keys'
import { compileQuery, isOperatorObject, nearSpec, type Matcher, type NearSpec } from './match'
import { comparator } from './projection'
import { idKey, type CollectionInfo, type IndexInfo, type KeyRange, type Row, type Store } from './store'

export interface SortSpec {
  path: string
  parts: string[]
  dir: 1 | -1
}

export interface Hit {
  rid: number
  text: string
  doc: Doc | null
  dist?: number
}

export interface FindOptions {
  order?: SortSpec[]
  skip?: number
  /** undefined = no limit */
  limit?: number
  vars?: Record<string, unknown>
}

interface Bound {
  v: unknown
  inc: boolean
}
interface PathCond {
  eq?: unknown[]
  lo?: Bound
  hi?: Bound
  near?: NearSpec
  box?: geo.BBox[]
  /** Every operator in this condition was expressed by the fields above. */
  exact: boolean
}

type Plan =
  | { kind: 'scan' }
  | { kind: 'id'; keys: string[] }
  | { kind: 'index'; ix: IndexInfo; ranges: KeyRange[]; desc: boolean; ordered: boolean; exact: boolean }
  | { kind: 'geoBox'; ix: IndexInfo; boxes: geo.BBox[] }
  | { kind: 'near'; ix: IndexInfo; spec: NearSpec }

function isScalar(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date
}

/** Top-level AND conjuncts, including those nested in `$and` (the SDK's field-level `.and()` chain). */
function conjuncts(q: Doc, out: Array<[string, unknown]> = []): { list: Array<[string, unknown]>; complete: boolean } {
  let complete = true
  for (const k of Object.keys(q)) {
    if (k === '$and' && Array.isArray(q.$and)) {
      for (const sub of q.$and) {
        if (isPlainObject(sub)) {
          if (!conjuncts(sub, out).complete) complete = false
        } else complete = false
      }
    } else if (k.startsWith('$')) complete = false
    else out.push([k, q[k]])
  }
  return { list: out, complete }
}

function analyse(cond: unknown): PathCond {
  if (!isOperatorObject(cond)) {
    return isScalar(cond) ? { eq: [cond], exact: true } : { exact: false }
  }
  const pc: PathCond = { exact: true }
  for (const op of Object.keys(cond)) {
    const x = cond[op]
    switch (op) {
      case '$eq':
        if (isScalar(x)) pc.eq = [x]
        else pc.exact = false
        break
      case '$in':
        if (Array.isArray(x) && x.every(isScalar)) pc.eq = x
        else pc.exact = false
        break
      case '$gt':
      case '$gte':
        if (isScalar(x) && x !== null) pc.lo = { v: x, inc: op === '$gte' }
        else pc.exact = false
        break
      case '$lt':
      case '$lte':
        if (isScalar(x) && x !== null) pc.hi = { v: x, inc: op === '$lte' }
        else pc.exact = false
        break
      case '$near':
      case '$nearSphere':
        pc.near = nearSpec(x, cond)
        pc.exact = false
        break
      case '$geoWithin':
      case '$geoIntersects': {
        pc.exact = false
        const a = x as Doc
        if (isPlainObject(a) && a.$geometry !== undefined) pc.box = [geo.bboxOf(geo.parseGeometry(a.$geometry))]
        else if (isPlainObject(a) && Array.isArray(a.$centerSphere)) {
          const [c, r] = a.$centerSphere as [unknown, number]
          pc.box = geo.capBoxes(geo.nearCentre(c), r * geo.EARTH_RADIUS_M)
        }
        break
      }
      default:
        pc.exact = false
    }
  }
  if (pc.lo && pc.hi && keyOf(pc.lo.v)[0] !== keyOf(pc.hi.v)[0]) pc.exact = false
  return pc
}

/** Index key ranges an $in product may expand to before the planner stops extending the bounds (residual filter after). */
const MAX_BOUNDS = 1000

/** Key range of one index component after an equality prefix, per the prefix-free key encoding. */
function componentRange(prefix: Buffer, desc: boolean, lo: Bound | undefined, hi: Bound | undefined): KeyRange {
  const bracketOf = (lo ?? hi)!.v
  if (desc) [lo, hi] = [hi, lo]
  const tag = keyOf(bracketOf, desc)[0]
  const cat = (b: Buffer) => Buffer.concat([prefix, b])
  const loKey = lo ? (lo.inc ? cat(keyOf(lo.v, desc)) : prefixEnd(cat(keyOf(lo.v, desc)))) : cat(Buffer.from([tag]))
  const hiKey = hi ? (hi.inc ? prefixEnd(cat(keyOf(hi.v, desc))) : cat(keyOf(hi.v, desc))) : cat(Buffer.from([tag + 1]))
  return { lo: loKey, loInc: true, hi: hiKey, hiInc: false }
}

export function plan(c: CollectionInfo, query: Doc | undefined, order: SortSpec[]): Plan & { residualNeeded: boolean } {
  const q = query ?? {}
  const { list, complete } = conjuncts(q)
  const byPath = new Map<string, PathCond[]>()
  for (const [p, cond] of list) {
    const arr = byPath.get(p) ?? []
    arr.push(analyse(cond))
    byPath.set(p, arr)
  }
  const merged = new Map<string, PathCond>()
  for (const [p, conds] of byPath) {
    const m: PathCond = { exact: conds.every((x) => x.exact) }
    for (const x of conds) {
      if (x.eq) {
        if (m.eq) m.exact = false
        else m.eq = x.eq
      }
      if (x.lo) {
        if (m.lo) m.exact = false
        m.lo = x.lo
      }
      if (x.hi) {
        if (m.hi) m.exact = false
        m.hi = x.hi
      }
      if (x.near) m.near = x.near
      if (x.box) m.box = x.box
    }
    if (m.eq && (m.lo || m.hi)) m.exact = false
    merged.set(p, m)
  }

  // $nearSphere must have a 2dsphere index, as on MongoDB-backed CloudBase.
  for (const [p, m] of merged) {
    if (m.near) {
      const ix = c.indexes.find((i) => i.geo && i.spec.keys[0].field === p)
      if (!ix) throw new EmulatorError(PlatformCode.DATABASE_REQUEST_FAILED, `unable to find index for $geoNear query: no 2dsphere index on ${c.name}.${p}`)
      return { kind: 'near', ix, spec: m.near, residualNeeded: true }
    }
  }

  const idc = merged.get('_id')
  if (idc?.eq && !idc.lo && !idc.hi) {
    return { kind: 'id', keys: idc.eq.map(idKey), residualNeeded: !(complete && merged.size === 1 && idc.exact) }
  }

  let best: (Plan & { residualNeeded: boolean; score: number }) | null = null
  for (const ix of c.indexes) {
    if (ix.geo) {
      const m = merged.get(ix.spec.keys[0].field)
      if (m?.box && (!best || best.score < 2)) best = { kind: 'geoBox', ix, boxes: m.box, residualNeeded: true, score: 2 }
      continue
    }
    // Equality prefix, then one range / $in / equality component, then maybe an order.
    let prefix = Buffer.alloc(0)
    let k = 0
    let used = 0
    let exact = true
    const usedPaths: string[] = []
    while (k < ix.parts.length) {
      const m = merged.get(ix.spec.keys[k].field)
      if (!m || !m.eq || m.eq.length !== 1 || m.lo || m.hi) break
      prefix = Buffer.concat([prefix, keyOf(m.eq[0], ix.desc[k])])
      exact &&= m.exact
      usedPaths.push(ix.spec.keys[k].field)
      k++
      used++
    }
    // Then $in components, each multiplying the key prefixes (MongoDB's compound bounds, up to MAX_BOUNDS),
    // then one range: { stationId: $in, at: range } scans the period, not each station's history, and
    // { street: $in, state: $in, dueAt: range } only the due window of each street and state.
    let prefixes: Buffer[] = [prefix]
    let ranges: KeyRange[] | null = null
    while (k < ix.parts.length) {
      const m = merged.get(ix.spec.keys[k].field)
      if (!m || !m.eq) break
      if (m.eq.length === 0) {
        ranges = []
        usedPaths.push(ix.spec.keys[k].field)
        used++
        break
      }
      if (prefixes.length * m.eq.length > MAX_BOUNDS) break
      const desc = ix.desc[k]
      const keys = new Map<string, Buffer>()
      for (const p of prefixes) for (const v of m.eq) {
        const b = Buffer.concat([p, keyOf(v, desc)])
        keys.set(b.toString('hex'), b)
      }
      prefixes = [...keys.values()]
      exact &&= m.exact
      usedPaths.push(ix.spec.keys[k].field)
      used++
      k++
    }
    if (!ranges) {
      const m = k < ix.parts.length ? merged.get(ix.spec.keys[k].field) : undefined
      if (m && !m.eq && (m.lo || m.hi)) {
        ranges = prefixes.map((p) => componentRange(p, ix.desc[k], m.lo, m.hi))
        exact &&= m.exact
        usedPaths.push(ix.spec.keys[k].field)
        used++
        // The range component still orders the scan, so do not advance k for the ordering check below.
      } else ranges = prefixes.map((p) => ({ lo: p, loInc: true, hi: prefixEnd(p), hiInc: false }))
    }
    const multiRange = ranges.length > 1
    if (used === 0 && prefix.length === 0) ranges = [{}]
    // Does scanning this range deliver the requested order?
    let ordered = order.length === 0
    let desc = false
    if (!ix.multikey && !multiRange && order.length > 0) {
      const rest = ix.spec.keys.slice(k)
      if (order.length <= rest.length && order.every((o, i) => rest[i].field === o.path)) {
        const flips = order.map((o, i) => (rest[i].direction === -1 ? -o.dir : o.dir))
        if (flips.every((f) => f === 1)) ordered = true
        else if (flips.every((f) => f === -1)) ordered = desc = true
      }
    }
    if (used === 0 && !(ordered && order.length > 0)) continue
    const residualNeeded = !(complete && exact && !ix.multikey && usedPaths.length === merged.size && new Set(usedPaths).size === usedPaths.length)
    const score = (ix.unique && used === ix.parts.length && !multiRange ? 100 : 0) + used * 10 + (ordered && order.length ? 5 : 0) - (multiRange ? 1 : 0) + (used && merged.get(usedPaths[usedPaths.length - 1])?.eq ? 3 : 0)
    if (!best || score > best.score) best = { kind: 'index', ix, ranges, desc, ordered: ordered && !multiRange, exact, residualNeeded, score }
  }
  if (best) return best
  return { kind: 'scan', residualNeeded: Object.keys(q).length > 0 }
}

export class QueryEngine {
  constructor(private store: Store) {}

  /** Parses stored text once per hit. */
  private hit(row: Row): Hit {
    return { rid: row.rid, text: row.doc, doc: null }
  }

  static docOf(h: Hit): Doc {
    if (!h.doc) h.doc = decodeStored(h.text)
    return h.doc
  }

  private *candidates(c: CollectionInfo, p: Plan): Generator<Row> {
    switch (p.kind) {
      case 'id':
        for (const k of p.keys) {
          const r = this.store.getById(c, k)
          if (r) yield r
        }
        return
      case 'index':
        for (const r of p.ranges) yield* this.store.indexScan(c, p.ix, r, p.desc)
        return
      case 'geoBox': {
        const seen = new Set<number>()
        for (const b of p.boxes) {
          for (const g of this.store.geoScan(p.ix, b)) {
            if (seen.has(g.rid)) continue
            seen.add(g.rid)
            const text = this.store.getByRid(c, g.rid)
            if (text !== undefined) yield { rid: g.rid, doc: text }
          }
        }
        return
      }
      default:
        yield* this.store.scan(c)
    }
  }

  find(c: CollectionInfo, query: Doc | undefined, opts: FindOptions = {}): Hit[] {
    const order = opts.order ?? []
    const skip = Math.max(0, opts.skip ?? 0)
    const limit = opts.limit ?? Infinity
    if (limit <= 0) return []
    const p = plan(c, query, order)
    if (p.kind === 'near') return this.near(c, p.ix, p.spec, compileQuery(query, opts.vars), order, skip, limit)
    // Fast path: the index range is the whole query and yields the requested order: let SQLite page it.
    if (p.kind === 'index' && !p.residualNeeded && p.ordered && p.ranges.length === 1) {
      const rows = this.store.indexScan(c, p.ix, p.ranges[0], p.desc, Number.isFinite(limit) ? limit : -1, skip)
      return [...rows].map((r) => this.hit(r))
    }
    if (p.kind === 'scan' && !p.residualNeeded && order.length === 0) {
      return this.store.page(c, skip, Number.isFinite(limit) ? limit : -1).map((r) => this.hit(r))
    }
    const matcher: Matcher | null = p.residualNeeded ? compileQuery(query, opts.vars) : null
    const dedupe = p.kind === 'index' && (p.ix.multikey || p.ranges.length > 1) ? new Set<number>() : null
    const ordered = order.length === 0 || (p.kind === 'index' && p.ordered)
    const out: Hit[] = []
    let skipped = 0
    for (const row of this.candidates(c, p)) {
      if (dedupe) {
        if (dedupe.has(row.rid)) continue
        dedupe.add(row.rid)
      }
      const h = this.hit(row)
      if (matcher && !matcher(QueryEngine.docOf(h))) continue
      if (ordered) {
        if (skipped < skip) {
          skipped++
          continue
        }
        out.push(h)
        if (out.length >= limit) break
      } else out.push(h)
    }
    if (ordered) return out
    const cmp = comparator(order)
    out.sort((a, b) => cmp(QueryEngine.docOf(a), QueryEngine.docOf(b)) || a.rid - b.rid)
    return out.slice(skip, skip + limit)
  }

  count(c: CollectionInfo, query: Doc | undefined, vars?: Record<string, unknown>): number {
    if (!query || Object.keys(query).length === 0) return this.store.count(c)
    const p = plan(c, query, [])
    // The ranges of distinct $in keys are disjoint, so their counts add up.
    if (p.kind === 'index' && !p.residualNeeded) return p.ranges.reduce((n, r) => n + this.store.indexCount(p.ix, r), 0)
    return this.find(c, query, { vars }).length
  }

  /**
   * Nearest-first search: grows a search radius over the R*Tree until `skip + limit` matching documents lie
   * inside it (anything not yet seen is farther away), so the cost follows the answer, not the collection.
   */
  near(c: CollectionInfo, ix: IndexInfo, spec: NearSpec, matcher: Matcher, order: SortSpec[], skip: number, limit: number): Hit[] {
    const need = order.length ? Infinity : skip + limit
    const world = Math.PI * geo.EARTH_RADIUS_M
    // Start small and double: in a dense city the nearest 20 lie within a few hundred metres, and each
    // doubling rescans at most 4x the previous box, so a sparse search costs only ~4/3 of its final box.
    let r = Math.min(spec.maxDistance, 250)
    const evaluated = new Map<number, number>() // rid -> distance
    const texts = new Map<number, string>()
    const passed = new Map<number, Hit>()
    let results: Hit[] = []
    const fromCentre = geo.distanceFrom(spec.centre)
    for (;;) {
      const boxes = geo.capBoxes(spec.centre, Math.min(r, world))
      for (const b of boxes) {
        for (const g of this.store.geoScan(ix, b)) {
          if (evaluated.has(g.rid)) continue
          let d: number
          if (g.cx !== null && g.cy !== null) d = fromCentre(g.cx, g.cy)
          else {
            const text = this.store.getByRid(c, g.rid)
            if (text === undefined) continue
            texts.set(g.rid, text)
            const shape = geo.asGeometry((decodeStored(text) as Doc)[ix.spec.keys[0].field])
            d = shape ? geo.distanceTo(spec.centre, geo.normalize(shape)) : Infinity
          }
          evaluated.set(g.rid, d)
        }
      }
      const inside = [...evaluated].filter(([, d]) => d <= r && d <= spec.maxDistance && d >= spec.minDistance).sort((a, b) => a[1] - b[1] || a[0] - b[0])
      results = []
      for (const [rid, d] of inside) {
        let text = texts.get(rid)
        if (text === undefined) {
          text = this.store.getByRid(c, rid)
          if (text === undefined) continue
          texts.set(rid, text)
        }
        let h = passed.get(rid)
        if (!h) {
          h = { rid, text, doc: null, dist: d }
          if (!matcher(QueryEngine.docOf(h))) {
            evaluated.set(rid, Infinity)
            continue
          }
          passed.set(rid, h)
        }
        results.push(h)
        if (results.length >= need) break
      }
      if (results.length >= need || r >= spec.maxDistance || r >= world) break
      r = Math.min(r * 2, spec.maxDistance, world)
    }
    if (order.length) {
      const cmp = comparator(order)
      results.sort((a, b) => cmp(QueryEngine.docOf(a), QueryEngine.docOf(b)) || (a.dist ?? 0) - (b.dist ?? 0))
    }
    return results.slice(skip, skip + limit)
  }
}
