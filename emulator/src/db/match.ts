/**
 * Query matching: compiles a decoded query document (MongoDB operators as CloudBase sends them) into a
 * predicate over documents. Arrays match element-wise, missing fields behave as null, comparisons are
 * type-bracketed in BSON order, and unknown operators fail with DATABASE_INVALID_OPERRATOR.
 */
import { EmulatorError, PlatformCode } from '../errors'
import { isPlainObject, makeRegExp, type Doc } from './ejson'
import { evaluate, truthy, type Vars } from './expr'
import * as geo from './geo'
import { compileSchema } from './jsonschema'
import { collect, splitPath } from './paths'
import { compare, equals, typeRank } from './values'

export type Matcher = (doc: unknown) => boolean
type ValuesTest = (vals: unknown[]) => boolean

function unknownOp(op: string): never {
  throw new EmulatorError(PlatformCode.DATABASE_INVALID_OPERRATOR, `unknown operator: ${op}`)
}
function bad(msg: string): never {
  throw new EmulatorError(PlatformCode.INVALID_PARAM, msg)
}

export function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false
  const keys = Object.keys(v)
  return keys.length > 0 && keys[0].charCodeAt(0) === 36
}

const always: Matcher = () => true

export function compileQuery(q: unknown, vars: Vars = {}): Matcher {
  if (q === undefined || q === null) return always
  if (!isPlainObject(q)) bad('query must be an object')
  const parts: Matcher[] = []
  for (const key of Object.keys(q)) {
    const cond = q[key]
    if (key.charCodeAt(0) === 36) {
      switch (key) {
        case '$and':
        case '$or':
        case '$nor': {
          if (!Array.isArray(cond) || cond.length === 0) bad(`${key} must be a nonempty array`)
          const subs = cond.map((c) => compileQuery(c, vars))
          if (key === '$and') parts.push((d) => subs.every((m) => m(d)))
          else if (key === '$or') parts.push((d) => subs.some((m) => m(d)))
          else parts.push((d) => !subs.some((m) => m(d)))
          break
        }
        case '$expr':
          parts.push((d) => truthy(evaluate(cond, d, { ...vars, ROOT: d })))
          break
        case '$comment':
          break
        case '$jsonSchema': {
          const check = compileSchema(cond)
          parts.push((d) => check(d))
          break
        }
        default:
          unknownOp(key)
      }
      continue
    }
    const path = splitPath(key)
    const test = compileCondition(cond)
    parts.push(path.length === 1 ? (d) => test([(d as Doc)[key]]) : (d) => test(collect(d, path)))
  }
  if (parts.length === 0) return always
  if (parts.length === 1) return parts[0]
  return (d) => {
    for (const m of parts) if (!m(d)) return false
    return true
  }
}

/** A field's condition: either an operator object or a literal value to compare equal. */
export function compileCondition(cond: unknown): ValuesTest {
  if (!isOperatorObject(cond)) return eqTest(cond)
  const tests: ValuesTest[] = []
  for (const op of Object.keys(cond)) {
    const t = operatorTest(op, cond[op], cond)
    if (t) tests.push(t)
  }
  if (tests.length === 1) return tests[0]
  return (vals) => tests.every((t) => t(vals))
}

function anyElement(pred: (v: unknown) => boolean, wholeArray = false): ValuesTest {
  return (vals) => {
    for (const v of vals) {
      if (Array.isArray(v)) {
        if (wholeArray && pred(v)) return true
        for (const e of v) if (pred(e)) return true
      } else if (pred(v)) return true
    }
    return false
  }
}

function valueEquals(x: unknown): (v: unknown) => boolean {
  if (x instanceof RegExp) return (v) => (typeof v === 'string' ? (x.lastIndex = 0, x.test(v)) : v instanceof RegExp && equals(v, x))
  if (x === null || x === undefined) return (v) => v === null || v === undefined
  if (typeof x !== 'object') return (v) => v === x
  return (v) => equals(v, x)
}

function eqTest(x: unknown): ValuesTest {
  return anyElement(valueEquals(x), Array.isArray(x))
}

function cmpTest(op: string, x: unknown): ValuesTest {
  const rank = typeRank(x)
  const ok = (c: number) => (op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0)
  return anyElement((v) => typeRank(v) === rank && ok(compare(v, x)), Array.isArray(x))
}

function inTest(list: unknown, op: string): ValuesTest {
  if (!Array.isArray(list)) bad(`${op} needs an array`)
  const preds = list.map(valueEquals)
  const hasArray = list.some(Array.isArray)
  return anyElement((v) => preds.some((p) => p(v)), hasArray)
}

/**
 * The SDK does not run the argument of `_.elemMatch(cmd)` / `_.project.elemMatch(q)` through its query
 * encoder, so the wire carries its internal `{operator, operands, fieldName}` objects. Translate them.
 */
export function fromSdkCommand(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromSdkCommand)
  if (!isPlainObject(v)) return v
  if (typeof v.operator === 'string' && Array.isArray(v.operands)) {
    const op = v.operator
    if (op === 'in' || op === 'nin' || op === 'all') return { ['$' + op]: v.operands }
    if (op === 'and' || op === 'or' || op === 'nor') {
      // A field-level chain (`_.gt(4).and(_.lt(6))`) has command operands: merge them into one operator object.
      const subs = v.operands.map(fromSdkCommand)
      if (op === 'and' && subs.every((s) => isOperatorObject(s))) return Object.assign({}, ...subs)
      return { ['$' + op]: subs }
    }
    return { [op === 'neq' ? '$ne' : '$' + op]: fromSdkCommand(v.operands[0]) }
  }
  const out: Doc = {}
  for (const k of Object.keys(v)) out[k] = fromSdkCommand(v[k])
  return out
}

function elemMatchTest(raw: unknown): ValuesTest {
  const q = fromSdkCommand(raw)
  if (!isPlainObject(q)) bad('$elemMatch needs an object')
  const keys = Object.keys(q)
  const valueLevel = keys.length > 0 && keys.every((k) => k.startsWith('$') && k !== '$and' && k !== '$or' && k !== '$nor' && k !== '$expr')
  let elem: (e: unknown) => boolean
  if (valueLevel) {
    const t = compileCondition(q)
    elem = (e) => t([e])
  } else {
    const m = compileQuery(q)
    elem = (e) => isPlainObject(e) && m(e)
  }
  return (vals) => vals.some((v) => Array.isArray(v) && v.some(elem))
}

const typeAliases: Record<string, (v: unknown) => boolean> = {
  double: (v) => typeof v === 'number' && !Number.isInteger(v),
  string: (v) => typeof v === 'string',
  object: (v) => isPlainObject(v),
  array: (v) => Array.isArray(v),
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp,
  int: (v) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 2 ** 31,
  long: (v) => typeof v === 'number' && Number.isInteger(v),
  number: (v) => typeof v === 'number',
}
const typeNumbers: Record<number, string> = { 1: 'double', 2: 'string', 3: 'object', 4: 'array', 8: 'bool', 9: 'date', 10: 'null', 11: 'regex', 16: 'int', 18: 'long' }

function geoShapeOf(v: unknown): geo.Shape | null {
  const g = geo.asGeometry(v)
  if (g) return geo.normalize(g)
  // Legacy coordinate pairs are accepted by MongoDB's 2dsphere too.
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') {
    return { points: [[v[0], v[1]]], lines: [], polygons: [] }
  }
  return null
}

/** Geo tests see the stored value as a whole (a GeoJSON object or a coordinate pair), or array elements. */
function geoTest(pred: (s: geo.Shape) => boolean): ValuesTest {
  return (vals) => {
    for (const v of vals) {
      const s = geoShapeOf(v)
      if (s) {
        if (pred(s)) return true
      } else if (Array.isArray(v)) {
        for (const e of v) {
          const es = geoShapeOf(e)
          if (es && pred(es)) return true
        }
      }
    }
    return false
  }
}

export interface NearSpec {
  centre: geo.Pos
  maxDistance: number
  minDistance: number
}

/** Reads `$nearSphere` in the SDK's form (`$geometry` + `$maxDistance`/`$minDistance` inside) or the legacy sibling form. */
export function nearSpec(arg: unknown, siblings: Doc): NearSpec {
  const a = isPlainObject(arg) ? arg : {}
  const max = a.$maxDistance ?? siblings.$maxDistance
  const min = a.$minDistance ?? siblings.$minDistance
  if (max !== undefined && (typeof max !== 'number' || max < 0)) bad('$maxDistance must be a non-negative number')
  if (min !== undefined && (typeof min !== 'number' || min < 0)) bad('$minDistance must be a non-negative number')
  return { centre: geo.nearCentre(arg), maxDistance: (max as number) ?? Infinity, minDistance: (min as number) ?? 0 }
}

export function withinSpec(arg: unknown): (s: geo.Shape) => boolean {
  if (!isPlainObject(arg)) bad('$geoWithin needs $geometry or $centerSphere')
  if (arg.$geometry !== undefined) {
    const container = geo.parseGeometry(arg.$geometry)
    if (container.polygons.length === 0) bad('$geoWithin $geometry must be a Polygon or MultiPolygon')
    return (s) => geo.within(s, container)
  }
  if (arg.$centerSphere !== undefined) {
    const cs = arg.$centerSphere
    if (!Array.isArray(cs) || cs.length !== 2 || typeof cs[1] !== 'number') bad('$centerSphere needs [[lng, lat], radians]')
    const centre = geo.nearCentre(cs[0])
    const r = (cs[1] as number) * geo.EARTH_RADIUS_M
    return (s) => geo.withinCap(s, centre, r)
  }
  return bad('$geoWithin needs $geometry or $centerSphere')
}

function operatorTest(op: string, x: unknown, siblings: Doc): ValuesTest | null {
  switch (op) {
    case '$eq':
      return eqTest(x)
    case '$ne': {
      const t = eqTest(x)
      return (vals) => !t(vals)
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return cmpTest(op, x)
    case '$in':
      return inTest(x, op)
    case '$nin': {
      const t = inTest(x, op)
      return (vals) => !t(vals)
    }
    case '$exists': {
      const want = truthy(x)
      return (vals) => vals.some((v) => v !== undefined) === want
    }
    case '$size':
      if (typeof x !== 'number') bad('$size needs a number')
      return (vals) => vals.some((v) => Array.isArray(v) && v.length === x)
    case '$all': {
      if (!Array.isArray(x)) bad('$all needs an array')
      if (x.length === 0) return () => false
      const tests = x.map((e) => (isPlainObject(e) && isPlainObject(e.$elemMatch) ? elemMatchTest(e.$elemMatch) : eqTest(e)))
      return (vals) => tests.every((t) => t(vals))
    }
    case '$mod': {
      if (!Array.isArray(x) || x.length !== 2 || typeof x[0] !== 'number' || typeof x[1] !== 'number' || x[0] === 0) bad('$mod needs [divisor, remainder] with a nonzero divisor')
      const [d, r] = x as number[]
      return anyElement((v) => typeof v === 'number' && Math.trunc(v) % d === r)
    }
    case '$regex': {
      const re = x instanceof RegExp ? (siblings.$options ? makeRegExp(x.source, siblings.$options) : x) : makeRegExp(x, siblings.$options)
      return anyElement((v) => typeof v === 'string' && (re.lastIndex = 0, re.test(v)))
    }
    case '$options':
      if (!('$regex' in siblings)) bad('$options needs a $regex')
      return null
    case '$elemMatch':
      return elemMatchTest(x)
    case '$not': {
      if (!(x instanceof RegExp) && !isOperatorObject(x)) bad('$not needs a regex or an operator object')
      const t = compileCondition(x)
      return (vals) => !t(vals)
    }
    case '$type': {
      const names = (Array.isArray(x) ? x : [x]).map((t) => (typeof t === 'number' ? typeNumbers[t] : t))
      const preds = names.map((n) => typeAliases[n as string] ?? bad(`unknown $type: ${String(n)}`))
      return anyElement((v) => preds.some((p) => p(v)), true)
    }
    case '$near':
    case '$nearSphere': {
      const spec = nearSpec(x, siblings)
      return geoTest((s) => {
        const d = geo.distanceTo(spec.centre, s)
        return d <= spec.maxDistance && d >= spec.minDistance
      })
    }
    case '$maxDistance':
    case '$minDistance':
      if (!('$nearSphere' in siblings) && !('$near' in siblings)) bad(`${op} needs $nearSphere`)
      return null
    case '$geoWithin':
      return geoTest(withinSpec(x))
    case '$geoIntersects': {
      if (!isPlainObject(x) || x.$geometry === undefined) bad('$geoIntersects needs $geometry')
      const other = geo.parseGeometry(x.$geometry)
      return geoTest((s) => geo.intersects(s, other))
    }
    default:
      return unknownOp(op)
  }
}
