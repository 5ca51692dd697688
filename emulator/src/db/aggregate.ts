/**
 * Aggregation pipelines: $match $project $addFields/$set $unset $group $sort $skip $limit $count $unwind
 * $lookup (both forms, across collections) $sample $geoNear $replaceRoot $sortByCount $facet. A leading
 * $match (with following $sort/$skip/$limit) or $geoNear runs through the query planner so it uses indexes.
 */
import { randomInt } from 'node:crypto'
import { EmulatorError, PlatformCode } from '../errors'
import { isPlainObject, type Doc } from './ejson'
import { accumulateArray, evaluate, type Vars } from './expr'
import * as geo from './geo'
import { compileQuery, type NearSpec } from './match'
import { resolvePath, setField, splitPath } from './paths'
import { comparator, compileProjection, compileSort } from './projection'
import { QueryEngine, type SortSpec } from './query'
import type { CollectionInfo, Store } from './store'
import { clone, compare, equals } from './values'

export type Stage = Record<string, unknown>

function bad(msg: string): never {
  throw new EmulatorError(PlatformCode.INVALID_PARAM, msg)
}
function unknownStage(name: string): never {
  throw new EmulatorError(PlatformCode.DATABASE_INVALID_OPERRATOR, `unknown or unsupported aggregation stage: ${name}`)
}

function stageName(s: Stage): string {
  const keys = Object.keys(s)
  if (keys.length !== 1 || !keys[0].startsWith('$')) bad('each pipeline stage must be an object with exactly one $-field')
  return keys[0]
}

export class Aggregator {
  constructor(
    private store: Store,
    private engine: QueryEngine,
  ) {}

  run(c: CollectionInfo, pipeline: Stage[], vars: Vars = {}): Doc[] {
    let i = 0
    let docs: Doc[]
    const first = pipeline[0] ? stageName(pipeline[0]) : null
    if (first === '$match') {
      // Fold the following $sort / $skip / $limit into the indexed query.
      const query = pipeline[0].$match as Doc
      let order: SortSpec[] = []
      let skip = 0
      let limit: number | undefined
      i = 1
      if (pipeline[i] && stageName(pipeline[i]) === '$sort') {
        order = compileSort(pipeline[i].$sort) as SortSpec[]
        i++
      }
      while (pipeline[i] && (stageName(pipeline[i]) === '$skip' || stageName(pipeline[i]) === '$limit') && limit === undefined) {
        if (stageName(pipeline[i]) === '$skip') skip += nonNegative(pipeline[i].$skip, '$skip')
        else limit = nonNegative(pipeline[i].$limit, '$limit')
        i++
      }
      docs = this.engine.find(c, isPlainObject(query) ? query : bad('$match needs an object'), { order, skip, limit, vars }).map((h) => QueryEngine.docOf(h))
    } else if (first === '$geoNear') {
      const { need, consumed } = lookaheadLimit(pipeline, 1)
      docs = this.geoNear(c, pipeline[0].$geoNear, need, vars)
      i = 1 + consumed
      if (consumed) docs = applyLimits(docs, pipeline.slice(1, 1 + consumed))
    } else {
      docs = [...this.store.scan(c)].map((r) => QueryEngine.docOf({ rid: r.rid, text: r.doc, doc: null }))
    }
    return this.stages(docs, pipeline.slice(i), vars)
  }

  private geoNear(c: CollectionInfo, spec: unknown, need: number, vars: Vars): Doc[] {
    if (!isPlainObject(spec)) bad('$geoNear needs an object')
    if (typeof spec.distanceField !== 'string') bad('$geoNear needs distanceField')
    const geoIndexes = c.indexes.filter((ix) => ix.geo)
    const ix = typeof spec.key === 'string' ? geoIndexes.find((g) => g.spec.keys[0].field === spec.key) : geoIndexes.length === 1 ? geoIndexes[0] : undefined
    if (!ix) {
      throw new EmulatorError(
        PlatformCode.DATABASE_REQUEST_FAILED,
        geoIndexes.length > 1 ? '$geoNear: more than one 2dsphere index, specify key' : `$geoNear requires a 2dsphere index on ${c.name}${spec.key ? '.' + String(spec.key) : ''}`,
      )
    }
    const near: NearSpec = {
      centre: geo.nearCentre(spec.near),
      maxDistance: typeof spec.maxDistance === 'number' ? spec.maxDistance : Infinity,
      minDistance: typeof spec.minDistance === 'number' ? spec.minDistance : 0,
    }
    const matcher = compileQuery(spec.query, vars)
    const mult = typeof spec.distanceMultiplier === 'number' ? spec.distanceMultiplier : 1
    const hits = this.engine.near(c, ix, near, matcher, [], 0, need)
    return hits.map((h) => {
      const d = clone(QueryEngine.docOf(h))
      setField(d, splitPath(spec.distanceField as string), (h.dist ?? 0) * mult)
      if (typeof spec.includeLocs === 'string') setField(d, splitPath(spec.includeLocs), clone(resolvePath(d, ix.parts[0])))
      return d
    })
  }

  stages(input: Doc[], pipeline: Stage[], vars: Vars): Doc[] {
    let docs = input
    for (const stage of pipeline) docs = this.stage(docs, stage, vars)
    return docs
  }

  private stage(docs: Doc[], stage: Stage, vars: Vars): Doc[] {
    const name = stageName(stage)
    const arg = stage[name]
    switch (name) {
      case '$match': {
        const m = compileQuery(arg, vars)
        return docs.filter((d) => m(d))
      }
      case '$project': {
        if (!isPlainObject(arg)) bad('$project needs an object')
        const computed = Object.keys(arg).filter((k) => !(arg[k] === 0 || arg[k] === 1 || arg[k] === true || arg[k] === false))
        if (computed.length === 0) {
          const p = compileProjection(arg)
          return p ? docs.map(p) : docs
        }
        const plain: Doc = {}
        for (const k of Object.keys(arg)) if (!computed.includes(k)) plain[k] = arg[k]
        const excludeId = plain._id === 0 || plain._id === false
        delete plain._id
        const p = Object.keys(plain).length ? compileProjection({ ...plain, _id: excludeId ? 0 : 1 }) : null
        return docs.map((d) => {
          const out: Doc = p ? p(d) : excludeId ? {} : d._id !== undefined ? { _id: d._id } : {}
          for (const k of computed) {
            const v = evaluate(arg[k], d, { ...vars, ROOT: d })
            if (v !== undefined) setField(out, splitPath(k), v)
          }
          return out
        })
      }
      case '$addFields':
      case '$set': {
        if (!isPlainObject(arg)) bad(`${name} needs an object`)
        return docs.map((d) => {
          const out = clone(d)
          for (const k of Object.keys(arg)) {
            const v = evaluate(arg[k], d, { ...vars, ROOT: d })
            if (v !== undefined) setField(out, splitPath(k), v)
          }
          return out
        })
      }
      case '$unset': {
        const fields = Array.isArray(arg) ? arg : [arg]
        const p = compileProjection(Object.fromEntries(fields.map((f) => [String(f), 0])))
        return p ? docs.map(p) : docs
      }
      case '$replaceRoot':
      case '$replaceWith': {
        const expr = name === '$replaceRoot' ? (arg as Doc)?.newRoot : arg
        return docs.map((d) => {
          const v = evaluate(expr, d, { ...vars, ROOT: d })
          if (!isPlainObject(v)) throw new EmulatorError(PlatformCode.DATABASE_REQUEST_FAILED, `${name}: newRoot must evaluate to an object`)
          return v
        })
      }
      case '$group':
        return this.group(docs, arg, vars)
      case '$sort': {
        const cmp = comparator(compileSort(arg))
        return docs.map((d, i) => [d, i] as const).sort((a, b) => cmp(a[0], b[0]) || a[1] - b[1]).map((x) => x[0])
      }
      case '$skip':
        return docs.slice(nonNegative(arg, '$skip'))
      case '$limit':
        return docs.slice(0, nonNegative(arg, '$limit'))
      case '$count': {
        if (typeof arg !== 'string' || arg === '' || arg.startsWith('$') || arg.includes('.')) bad('$count needs a field name')
        return docs.length ? [{ [arg]: docs.length }] : []
      }
      case '$sortByCount':
        return this.stage(this.group(docs, { _id: arg, count: { $sum: 1 } }, vars), { $sort: { count: -1 } }, vars)
      case '$unwind':
        return unwind(docs, arg)
      case '$sample': {
        const size = nonNegative(isPlainObject(arg) ? arg.size : undefined, '$sample.size')
        const copy = [...docs]
        for (let i = copy.length - 1; i > 0; i--) {
          const j = randomInt(i + 1)
          ;[copy[i], copy[j]] = [copy[j], copy[i]]
        }
        return copy.slice(0, size)
      }
      case '$lookup':
        return this.lookup(docs, arg, vars)
      case '$facet': {
        if (!isPlainObject(arg)) bad('$facet needs an object')
        const out: Doc = {}
        for (const k of Object.keys(arg)) out[k] = this.stages(docs, arg[k] as Stage[], vars)
        return [out]
      }
      case '$bucket':
        return this.bucket(docs, arg, vars)
      case '$bucketAuto':
        return this.bucketAuto(docs, arg, vars)
      case '$geoNear':
        return bad('$geoNear is only valid as the first stage of a pipeline')
      default:
        return unknownStage(name)
    }
  }

  private group(docs: Doc[], spec: unknown, vars: Vars): Doc[] {
    if (!isPlainObject(spec) || !('_id' in spec)) bad('$group needs an _id')
    const fields = Object.keys(spec).filter((k) => k !== '_id')
    const accs = fields.map((f) => {
      const a = spec[f]
      if (!isPlainObject(a) || Object.keys(a).length !== 1) bad(`$group field ${f} must be an accumulator object`)
      const op = Object.keys(a)[0]
      return { field: f, op, expr: a[op] }
    })
    const groups = new Map<string, { id: unknown; values: unknown[][] }>()
    const order: string[] = []
    for (const d of docs) {
      const ev = (e: unknown) => evaluate(e, d, { ...vars, ROOT: d })
      const id = ev(spec._id) ?? null
      const key = groupKey(id)
      let g = groups.get(key)
      if (!g) {
        g = { id, values: accs.map(() => []) }
        groups.set(key, g)
        order.push(key)
      }
      accs.forEach((a, i) => g!.values[i].push(a.op === '$count' ? 1 : ev(a.expr)))
    }
    return order.map((k) => {
      const g = groups.get(k)!
      const out: Doc = { _id: g.id }
      accs.forEach((a, i) => {
        out[a.field] = accumulate(a.op, g.values[i])
      })
      return out
    })
  }

  /** `$bucket`: documents grouped by the boundary interval [b[i], b[i+1]) their groupBy value falls in. */
  private bucket(docs: Doc[], spec: unknown, vars: Vars): Doc[] {
    if (!isPlainObject(spec) || spec.groupBy === undefined || !Array.isArray(spec.boundaries) || spec.boundaries.length < 2) {
      bad("$bucket requires 'groupBy' and 'boundaries' (an array of at least 2 values)")
    }
    const b = spec.boundaries
    for (let i = 1; i < b.length; i++) if (compare(b[i - 1], b[i]) >= 0) bad("$bucket 'boundaries' must be sorted in ascending order")
    const hasDefault = 'default' in spec
    if (hasDefault && compare(spec.default, b[0]) >= 0 && compare(spec.default, b[b.length - 1]) < 0) {
      bad("$bucket 'default' must be less than the lowest boundary or greater than or equal to the highest boundary")
    }
    const parts: Doc[][] = b.slice(1).map(() => [])
    const rest: Doc[] = []
    for (const d of docs) {
      const v = evaluate(spec.groupBy, d, { ...vars, ROOT: d })
      const i = parts.findIndex((_p, j) => compare(b[j], v) <= 0 && compare(v, b[j + 1]) < 0)
      if (i >= 0) parts[i].push(d)
      else if (hasDefault) rest.push(d)
      else throw new EmulatorError(PlatformCode.DATABASE_REQUEST_FAILED, '$bucket could not find a matching branch for an input, and no default was specified.')
    }
    const output = isPlainObject(spec.output) ? spec.output : { count: { $sum: 1 } }
    const out: Doc[] = []
    parts.forEach((p, i) => {
      if (p.length) out.push(...this.group(p, { _id: { $literal: b[i] }, ...output }, vars))
    })
    if (rest.length) out.push(...this.group(rest, { _id: { $literal: spec.default }, ...output }, vars))
    return out
  }

  /**
   * `$bucketAuto` without `granularity`: documents sorted by groupBy, cut into `buckets` runs of about equal
   * size (equal values stay together, the last bucket takes the rest), `_id: {min, max}` where max is the next
   * bucket's min (the last bucket's own maximum), as MongoDB does.
   */
  private bucketAuto(docs: Doc[], spec: unknown, vars: Vars): Doc[] {
    if (!isPlainObject(spec) || spec.groupBy === undefined) bad("$bucketAuto requires 'groupBy' and 'buckets'")
    const n = spec.buckets
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) bad("$bucketAuto 'buckets' must be a positive integer")
    if (spec.granularity !== undefined) bad('$bucketAuto granularity is not supported by the emulator')
    const keyed = docs.map((d) => ({ d, v: evaluate(spec.groupBy, d, { ...vars, ROOT: d }) ?? null })).sort((x, y) => compare(x.v, y.v))
    const size = Math.max(1, Math.round(keyed.length / n))
    const runs: (typeof keyed)[] = []
    let i = 0
    while (i < keyed.length) {
      let j = runs.length === n - 1 ? keyed.length : Math.min(keyed.length, i + size)
      while (j < keyed.length && compare(keyed[j].v, keyed[j - 1].v) === 0) j++
      runs.push(keyed.slice(i, j))
      i = j
    }
    const output = isPlainObject(spec.output) ? spec.output : { count: { $sum: 1 } }
    return runs.map((run, k) => {
      const max = k + 1 < runs.length ? runs[k + 1][0].v : run[run.length - 1].v
      return this.group(
        run.map((x) => x.d),
        { _id: { $literal: { min: run[0].v, max } }, ...output },
        vars,
      )[0]
    })
  }

  private lookup(docs: Doc[], spec: unknown, vars: Vars): Doc[] {
    if (!isPlainObject(spec) || typeof spec.from !== 'string' || typeof spec.as !== 'string') bad('$lookup needs from and as')
    const from = this.store.require(spec.from)
    const as = splitPath(spec.as)
    const hasLocal = typeof spec.localField === 'string' && typeof spec.foreignField === 'string'
    const pipeline = spec.pipeline
    if (pipeline !== undefined && !Array.isArray(pipeline)) bad('$lookup pipeline must be an array')
    if (!hasLocal && !pipeline) bad('$lookup needs localField/foreignField or a pipeline')
    return docs.map((d) => {
      let query: Doc = {}
      if (hasLocal) {
        const local = resolvePath(d, splitPath(spec.localField as string))
        const values = Array.isArray(local) ? (local.length ? local : [null]) : [local ?? null]
        query = { [spec.foreignField as string]: { $in: values } }
      }
      let matched: Doc[]
      if (pipeline) {
        const lets: Vars = { ...vars }
        if (isPlainObject(spec.let)) for (const k of Object.keys(spec.let)) lets[k] = evaluate(spec.let[k], d, { ...vars, ROOT: d })
        matched = this.run(from, [{ $match: query }, ...(pipeline as Stage[])], lets)
      } else matched = this.engine.find(from, query).map((h) => QueryEngine.docOf(h))
      const out = clone(d)
      setField(out, as, matched)
      return out
    })
  }
}

function nonNegative(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) bad(`${what} must be a non-negative integer`)
  return v
}

/** How many results a leading stage must produce when directly followed by $skip/$limit stages. */
function lookaheadLimit(pipeline: Stage[], from: number): { need: number; consumed: number } {
  let skip = 0
  let i = from
  while (pipeline[i]) {
    const n = stageName(pipeline[i])
    if (n === '$skip') skip += nonNegative(pipeline[i].$skip, '$skip')
    else if (n === '$limit') return { need: skip + nonNegative(pipeline[i].$limit, '$limit'), consumed: i - from + 1 }
    else break
    i++
  }
  return { need: Infinity, consumed: 0 }
}

function applyLimits(docs: Doc[], stages: Stage[]): Doc[] {
  for (const s of stages) docs = stageName(s) === '$skip' ? docs.slice(s.$skip as number) : docs.slice(0, s.$limit as number)
  return docs
}

function groupKey(v: unknown): string {
  if (v === null || v === undefined) return 'n'
  if (typeof v === 'number') return 'x' + (Number.isNaN(v) ? 'NaN' : String(v === 0 ? 0 : v))
  if (typeof v === 'string') return 's' + v
  if (typeof v === 'boolean') return 'b' + v
  if (v instanceof Date) return 'd' + v.getTime()
  if (Array.isArray(v)) return 'a[' + v.map(groupKey).join(',') + ']'
  if (isPlainObject(v)) return 'o{' + Object.keys(v).map((k) => JSON.stringify(k) + ':' + groupKey(v[k])).join(',') + '}'
  return 'r' + String(v)
}

function accumulate(op: string, vs: unknown[]): unknown {
  switch (op) {
    case '$sum':
    case '$avg':
    case '$min':
    case '$max':
      return accumulateArray(op, vs)
    case '$count':
      return vs.length
    case '$first':
      return vs[0] ?? null
    case '$last':
      return vs[vs.length - 1] ?? null
    case '$push':
      return vs.filter((v) => v !== undefined)
    case '$addToSet': {
      const out: unknown[] = []
      for (const v of vs) if (v !== undefined && !out.some((o) => equals(o, v))) out.push(v)
      return out
    }
    case '$stdDevPop':
    case '$stdDevSamp': {
      const ns = vs.filter((v): v is number => typeof v === 'number')
      const n = ns.length
      if (n === 0 || (op === '$stdDevSamp' && n < 2)) return null
      const mean = ns.reduce((a, b) => a + b, 0) / n
      const ss = ns.reduce((a, b) => a + (b - mean) ** 2, 0)
      return Math.sqrt(ss / (op === '$stdDevPop' ? n : n - 1))
    }
    case '$mergeObjects': {
      const out: Doc = {}
      for (const v of vs) if (isPlainObject(v)) Object.assign(out, v)
      return out
    }
    default:
      throw new EmulatorError(PlatformCode.DATABASE_INVALID_OPERRATOR, `unknown group accumulator: ${op}`)
  }
}

function unwind(docs: Doc[], arg: unknown): Doc[] {
  const spec = typeof arg === 'string' ? { path: arg } : isPlainObject(arg) ? arg : bad('$unwind needs a path')
  const p = spec.path
  if (typeof p !== 'string' || !p.startsWith('$')) bad('$unwind path must start with $')
  const parts = splitPath(p.slice(1))
  const keep = spec.preserveNullAndEmptyArrays === true
  const idxField = typeof spec.includeArrayIndex === 'string' ? splitPath(spec.includeArrayIndex) : null
  const out: Doc[] = []
  for (const d of docs) {
    const v = resolvePath(d, parts)
    if (Array.isArray(v) && v.length > 0) {
      v.forEach((el, i) => {
        const copy = clone(d)
        setField(copy, parts, clone(el))
        if (idxField) setField(copy, idxField, i)
        out.push(copy)
      })
    } else if (v !== undefined && v !== null && !Array.isArray(v)) {
      const copy = clone(d)
      if (idxField) setField(copy, idxField, null)
      out.push(copy)
    } else if (keep) {
      const copy = clone(d)
      if (idxField) setField(copy, idxField, null)
      out.push(copy)
    }
  }
  return out
}

