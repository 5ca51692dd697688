/**
 * Aggregation expressions (`$add`, `$cond`, `$gt`, `$$ROOT`, …) evaluated against one document; used by
 * `$expr` in queries and by the $project / $addFields / $group / $lookup stages.
 */
import { EmulatorError, PlatformCode } from '../errors'
import { isPlainObject, type Doc } from './ejson'
import { resolvePath, splitPath } from './paths'
import { compare, equals } from './values'

export type Vars = Record<string, unknown>

function invalid(msg: string): never {
  throw new EmulatorError(PlatformCode.DATABASE_INVALID_OPERRATOR, msg)
}

function num(v: unknown, op: string): number | null {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return v
  if (v instanceof Date) return v.getTime()
  return invalid(`${op} only supports numeric types, not ${typeof v}`)
}

function args(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v]
}

export function truthy(v: unknown): boolean {
  return !(v === false || v === null || v === undefined || v === 0)
}

function dateOf(v: unknown, op: string): Date {
  if (v instanceof Date) return v
  return invalid(`${op} needs a date`)
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

function dateToString(d: Date, format: string): string {
  return format.replace(/%([YmdHMSLjuwGV%])/g, (_m, f: string) => {
    switch (f) {
      case 'Y':
        return String(d.getUTCFullYear())
      case 'm':
        return pad(d.getUTCMonth() + 1)
      case 'd':
        return pad(d.getUTCDate())
      case 'H':
        return pad(d.getUTCHours())
      case 'M':
        return pad(d.getUTCMinutes())
      case 'S':
        return pad(d.getUTCSeconds())
      case 'L':
        return pad(d.getUTCMilliseconds(), 3)
      case 'u':
        return String(d.getUTCDay() || 7)
      case 'w':
        return String(d.getUTCDay())
      case '%':
        return '%'
      default:
        return ''
    }
  })
}

/** Shifts a UTC instant by a fixed "+08:00"-style timezone so the UTC getters read local fields. */
function inZone(d: Date, tz: unknown): Date {
  if (typeof tz !== 'string') return d
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(tz)
  if (m) return new Date(d.getTime() + (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60000)
  if (tz === 'Asia/Shanghai' || tz === 'PRC' || tz === 'Asia/Chongqing') return new Date(d.getTime() + 8 * 3600000)
  if (tz === 'UTC' || tz === 'GMT') return d
  return invalid(`unsupported timezone: ${tz}`)
}

export function evaluate(e: unknown, doc: unknown, vars: Vars): unknown {
  if (typeof e === 'string') {
    if (e.charCodeAt(0) !== 36) return e
    if (e.startsWith('$$')) {
      const [name, ...rest] = e.slice(2).split('.')
      const base = name === 'ROOT' ? vars.ROOT ?? doc : name === 'CURRENT' ? doc : vars[name]
      if (!(name in vars) && name !== 'ROOT' && name !== 'CURRENT' && name !== 'REMOVE') invalid(`use of undefined variable: ${name}`)
      return rest.length ? resolvePath(base, rest) : base
    }
    return resolvePath(doc, splitPath(e.slice(1)))
  }
  if (Array.isArray(e)) return e.map((x) => evaluate(x, doc, vars))
  if (!isPlainObject(e)) return e
  const keys = Object.keys(e)
  if (keys.length === 1 && keys[0].startsWith('$')) return operator(keys[0], e[keys[0]], doc, vars)
  const out: Doc = {}
  for (const k of keys) {
    if (k.startsWith('$')) invalid(`unknown expression operator: ${k}`)
    const v = evaluate(e[k], doc, vars)
    if (v !== undefined) out[k] = v
  }
  return out
}

function operator(op: string, a: unknown, doc: unknown, vars: Vars): unknown {
  const ev = (x: unknown) => evaluate(x, doc, vars)
  const list = () => args(a).map(ev)
  switch (op) {
    case '$literal':
      return a
    case '$add': {
      const vs = list()
      if (vs.some((v) => v === null || v === undefined)) return null
      let date = false
      let s = 0
      for (const v of vs) {
        if (v instanceof Date) date = true
        s += num(v, op) as number
      }
      return date ? new Date(s) : s
    }
    case '$subtract': {
      const [x, y] = list()
      if (x == null || y == null) return null
      if (x instanceof Date && y instanceof Date) return x.getTime() - y.getTime()
      if (x instanceof Date) return new Date(x.getTime() - (num(y, op) as number))
      return (num(x, op) as number) - (num(y, op) as number)
    }
    case '$multiply': {
      const vs = list()
      if (vs.some((v) => v == null)) return null
      return vs.reduce((p: number, v) => p * (num(v, op) as number), 1)
    }
    case '$divide': {
      const [x, y] = list()
      if (x == null || y == null) return null
      if (y === 0) invalid('$divide by zero')
      return (num(x, op) as number) / (num(y, op) as number)
    }
    case '$mod': {
      const [x, y] = list()
      if (x == null || y == null) return null
      return (num(x, op) as number) % (num(y, op) as number)
    }
    case '$abs':
    case '$ceil':
    case '$floor':
    case '$sqrt':
    case '$exp':
    case '$ln':
    case '$log10':
    case '$trunc': {
      const v = num(ev(args(a)[0]), op)
      if (v === null) return null
      const f = { $abs: Math.abs, $ceil: Math.ceil, $floor: Math.floor, $sqrt: Math.sqrt, $exp: Math.exp, $ln: Math.log, $log10: Math.log10, $trunc: Math.trunc }[op]!
      return f(v)
    }
    case '$round': {
      const [x, p] = list()
      const v = num(x, op)
      if (v === null) return null
      const f = 10 ** ((p as number) || 0)
      return Math.round(v * f) / f
    }
    case '$pow': {
      const [x, y] = list()
      if (x == null || y == null) return null
      return (num(x, op) as number) ** (num(y, op) as number)
    }
    case '$concat': {
      const vs = list()
      if (vs.some((v) => v == null)) return null
      if (vs.some((v) => typeof v !== 'string')) invalid('$concat only supports strings')
      return vs.join('')
    }
    case '$toLower':
    case '$toUpper': {
      const v = ev(args(a)[0])
      const s = v == null ? '' : String(v)
      return op === '$toLower' ? s.toLowerCase() : s.toUpperCase()
    }
    case '$substr':
    case '$substrCP':
    case '$substrBytes': {
      const [s, start, len] = list()
      const str = s == null ? '' : String(s)
      const chars = [...str]
      return chars.slice(start as number, (len as number) < 0 ? undefined : (start as number) + (len as number)).join('')
    }
    case '$strLenCP':
    case '$strLenBytes': {
      const v = ev(args(a)[0])
      if (typeof v !== 'string') invalid(`${op} needs a string`)
      return op === '$strLenCP' ? [...v].length : Buffer.byteLength(v)
    }
    case '$split': {
      const [s, d] = list()
      if (s == null) return null
      return String(s).split(String(d))
    }
    case '$trim':
    case '$ltrim':
    case '$rtrim': {
      const o = a as Doc
      const v = ev(o.input)
      if (v == null) return null
      const s = String(v)
      return op === '$trim' ? s.trim() : op === '$ltrim' ? s.trimStart() : s.trimEnd()
    }
    case '$eq':
    case '$ne':
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
    case '$cmp': {
      const [x, y] = list()
      const c = compare(x, y)
      switch (op) {
        case '$eq':
          return equals(x ?? null, y ?? null)
        case '$ne':
          return !equals(x ?? null, y ?? null)
        case '$gt':
          return c > 0
        case '$gte':
          return c >= 0
        case '$lt':
          return c < 0
        case '$lte':
          return c <= 0
        default:
          return c
      }
    }
    case '$and':
      return args(a).every((x) => truthy(ev(x)))
    case '$or':
      return args(a).some((x) => truthy(ev(x)))
    case '$not':
      return !truthy(ev(args(a)[0]))
    case '$cond': {
      const [c, t, f] = isPlainObject(a) ? [a.if, a.then, a.else] : (a as unknown[])
      return truthy(ev(c)) ? ev(t) : ev(f)
    }
    case '$ifNull': {
      const vs = args(a)
      for (let i = 0; i < vs.length - 1; i++) {
        const v = ev(vs[i])
        if (v !== null && v !== undefined) return v
      }
      return ev(vs[vs.length - 1])
    }
    case '$switch': {
      const o = a as { branches?: Array<{ case: unknown; then: unknown }>; default?: unknown }
      for (const b of o.branches ?? []) if (truthy(ev(b.case))) return ev(b.then)
      if (!('default' in o)) invalid('$switch could not find a matching branch and has no default')
      return ev(o.default)
    }
    case '$in': {
      const [x, arr] = list()
      if (!Array.isArray(arr)) invalid('$in needs an array as its second argument')
      return arr.some((v) => equals(v, x))
    }
    case '$size': {
      const v = ev(args(a)[0])
      if (!Array.isArray(v)) invalid('$size needs an array')
      return v.length
    }
    case '$isArray':
      return Array.isArray(ev(args(a)[0]))
    case '$arrayElemAt': {
      const [arr, i] = list()
      if (arr == null) return null
      if (!Array.isArray(arr)) invalid('$arrayElemAt needs an array')
      const idx = (i as number) < 0 ? arr.length + (i as number) : (i as number)
      return arr[idx]
    }
    case '$first':
    case '$last': {
      const arr = ev(args(a)[0])
      if (!Array.isArray(arr)) return arr == null ? null : invalid(`${op} needs an array`)
      return op === '$first' ? arr[0] : arr[arr.length - 1]
    }
    case '$concatArrays': {
      const vs = list()
      if (vs.some((v) => v == null)) return null
      return ([] as unknown[]).concat(...(vs as unknown[][]))
    }
    case '$slice': {
      const [arr, x, y] = list()
      if (arr == null) return null
      if (!Array.isArray(arr)) invalid('$slice needs an array')
      if (y === undefined) return (x as number) < 0 ? arr.slice(x as number) : arr.slice(0, x as number)
      const start = (x as number) < 0 ? Math.max(0, arr.length + (x as number)) : (x as number)
      return arr.slice(start, start + (y as number))
    }
    case '$reverseArray': {
      const v = ev(args(a)[0])
      return Array.isArray(v) ? [...v].reverse() : null
    }
    case '$filter':
    case '$map': {
      const o = a as Doc
      const input = ev(o.input)
      if (input == null) return null
      if (!Array.isArray(input)) invalid(`${op} needs an array input`)
      const name = typeof o.as === 'string' ? o.as : 'this'
      if (op === '$filter') return input.filter((el) => truthy(evaluate(o.cond, doc, { ...vars, [name]: el })))
      return input.map((el) => evaluate(o.in, doc, { ...vars, [name]: el }))
    }
    case '$reduce': {
      const o = a as Doc
      const input = ev(o.input)
      if (!Array.isArray(input)) return null
      let acc = ev(o.initialValue)
      for (const el of input) acc = evaluate(o.in, doc, { ...vars, value: acc, this: el })
      return acc
    }
    case '$let': {
      const o = a as { vars: Doc; in: unknown }
      const nv: Vars = { ...vars }
      for (const k of Object.keys(o.vars ?? {})) nv[k] = ev(o.vars[k])
      return evaluate(o.in, doc, nv)
    }
    case '$sum':
    case '$avg':
    case '$max':
    case '$min': {
      let vs = list()
      if (vs.length === 1 && Array.isArray(vs[0])) vs = vs[0] as unknown[]
      return accumulateArray(op, vs)
    }
    case '$mergeObjects': {
      const out: Doc = {}
      for (const v of list()) if (isPlainObject(v)) Object.assign(out, v)
      return out
    }
    case '$objectToArray': {
      const v = ev(args(a)[0])
      if (!isPlainObject(v)) return null
      return Object.keys(v).map((k) => ({ k, v: v[k] }))
    }
    case '$arrayToObject': {
      const v = ev(args(a)[0])
      if (!Array.isArray(v)) return null
      const out: Doc = {}
      for (const p of v) {
        if (Array.isArray(p)) out[String(p[0])] = p[1]
        else if (isPlainObject(p)) out[String(p.k)] = p.v
      }
      return out
    }
    case '$year':
    case '$month':
    case '$dayOfMonth':
    case '$hour':
    case '$minute':
    case '$second':
    case '$millisecond':
    case '$dayOfWeek':
    case '$dayOfYear': {
      const spec = isPlainObject(a) && 'date' in a ? a : { date: args(a)[0] }
      const raw = ev(spec.date)
      if (raw == null) return null
      const d = inZone(dateOf(raw, op), spec.timezone === undefined ? undefined : ev(spec.timezone))
      switch (op) {
        case '$year':
          return d.getUTCFullYear()
        case '$month':
          return d.getUTCMonth() + 1
        case '$dayOfMonth':
          return d.getUTCDate()
        case '$hour':
          return d.getUTCHours()
        case '$minute':
          return d.getUTCMinutes()
        case '$second':
          return d.getUTCSeconds()
        case '$millisecond':
          return d.getUTCMilliseconds()
        case '$dayOfWeek':
          return d.getUTCDay() + 1
        default:
          return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1
      }
    }
    case '$dateToString': {
      const o = a as Doc
      const raw = ev(o.date)
      if (raw == null) return o.onNull === undefined ? null : ev(o.onNull)
      const d = inZone(dateOf(raw, op), o.timezone === undefined ? undefined : ev(o.timezone))
      return dateToString(d, typeof o.format === 'string' ? o.format : '%Y-%m-%dT%H:%M:%S.%LZ')
    }
    case '$toString': {
      const v = ev(args(a)[0])
      if (v == null) return null
      return v instanceof Date ? v.toISOString() : String(v)
    }
    case '$toInt':
    case '$toLong':
    case '$toDouble':
    case '$toDecimal': {
      const v = ev(args(a)[0])
      if (v == null) return null
      const n = v instanceof Date ? v.getTime() : typeof v === 'boolean' ? Number(v) : Number(v)
      if (Number.isNaN(n)) invalid(`${op} cannot convert ${String(v)}`)
      return op === '$toInt' || op === '$toLong' ? Math.trunc(n) : n
    }
    case '$toBool':
      return truthy(ev(args(a)[0]))
    case '$toDate': {
      const v = ev(args(a)[0])
      if (v == null) return null
      const d = v instanceof Date ? v : new Date(v as string | number)
      if (Number.isNaN(d.getTime())) invalid(`$toDate cannot convert ${String(v)}`)
      return d
    }
    case '$type': {
      const v = ev(args(a)[0])
      if (v === undefined) return 'missing'
      if (v === null) return 'null'
      if (Array.isArray(v)) return 'array'
      if (v instanceof Date) return 'date'
      if (v instanceof RegExp) return 'regex'
      if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double'
      if (typeof v === 'boolean') return 'bool'
      return typeof v === 'string' ? 'string' : 'object'
    }
    default:
      return invalid(`unknown or unsupported expression operator: ${op}`)
  }
}

/** Array forms of $sum/$avg/$min/$max: non-numbers are ignored by $sum/$avg, nulls by $min/$max. */
export function accumulateArray(op: string, vs: unknown[]): unknown {
  if (op === '$sum' || op === '$avg') {
    let s = 0
    let n = 0
    for (const v of vs) {
      if (typeof v === 'number') {
        s += v
        n++
      }
    }
    return op === '$sum' ? s : n ? s / n : null
  }
  let best: unknown = null
  for (const v of vs) {
    if (v === null || v === undefined) continue
    if (best === null || (op === '$max' ? compare(v, best) > 0 : compare(v, best) < 0)) best = v
  }
  return best
}
