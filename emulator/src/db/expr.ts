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

const zoneFormats = new Map<string, Intl.DateTimeFormat>()

/** Offset in minutes of an Olson zone ("Asia/Shanghai") or a fixed "+08:00"/"+0800"/"+08" offset at instant `t`. */
function zoneOffset(tz: unknown, t: number): number {
  if (tz === undefined || tz === null) return 0
  if (typeof tz !== 'string') return invalid('timezone must be a string')
  const m = /^([+-])(\d{2})(?::?(\d{2}))?$/.exec(tz)
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0))
  if (tz === 'UTC' || tz === 'GMT' || tz === 'Z') return 0
  let f = zoneFormats.get(tz)
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    } catch {
      return invalid(`unrecognized time zone identifier: "${tz}"`)
    }
    zoneFormats.set(tz, f)
  }
  const p: Record<string, number> = {}
  for (const part of f.formatToParts(new Date(t))) if (part.type !== 'literal') p[part.type] = Number(part.value)
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return Math.round((local - Math.floor(t / 1000) * 1000) / 60000)
}

/** Shifts a UTC instant by a timezone so the UTC getters read local fields. */
function inZone(d: Date, tz: unknown): Date {
  if (tz === undefined) return d
  return new Date(d.getTime() + zoneOffset(tz, d.getTime()) * 60000)
}

/** The UTC instant whose wall-clock time in `tz` is the UTC-field reading `localMs`. */
function fromZone(localMs: number, tz: unknown): Date {
  if (tz === undefined || tz === null) return new Date(localMs)
  let t = localMs - zoneOffset(tz, localMs) * 60000
  t = localMs - zoneOffset(tz, t) * 60000
  return new Date(t)
}

/** ISO-8601 week-numbering fields of a date read through its UTC getters. */
function isoWeekParts(d: Date): { year: number; week: number; day: number } {
  const day = d.getUTCDay() || 7
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 4 - day)
  const year = new Date(thursday).getUTCFullYear()
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / 86400000 / 7) + 1
  return { year, week, day }
}

/** Monday of ISO week 1 of `year`, UTC fields. */
function isoWeekOneMonday(year: number): number {
  const jan4 = new Date(Date.UTC(year, 0, 4))
  return jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86400000
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1
}

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

/** Distinct elements (by BSON equality), keeping the first occurrence's order. */
function distinct(vs: unknown[]): unknown[] {
  const out: unknown[] = []
  for (const v of vs) if (!out.some((o) => equals(o, v))) out.push(v)
  return out
}

function setArgs(op: string, vs: unknown[], nullable: boolean): unknown[][] | null {
  if (nullable && vs.some((v) => v === null || v === undefined)) return null
  for (const v of vs) if (!Array.isArray(v)) invalid(`All operands of ${op} must be arrays. One argument is of type: ${v === null ? 'null' : typeof v}`)
  return vs as unknown[][]
}

const DATE_PARTS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond'] as const
const ISO_PARTS = ['isoWeekYear', 'isoWeek', 'isoDayOfWeek', 'hour', 'minute', 'second', 'millisecond'] as const

/** `$dateFromString` parser: MongoDB's default forms (ISO-8601 and "YYYY-MM-DD HH:MM:SS") or an explicit format. */
function parseDateString(str: string, format: string | undefined, tz: unknown): Date | null {
  let y = 1970
  let mo = 1
  let d = 1
  let h = 0
  let mi = 0
  let sec = 0
  let ms = 0
  let offset: number | null = null
  let isoYear: number | null = null
  let isoWeek: number | null = null
  let isoDay = 1
  if (format === undefined) {
    const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(str.trim())
    if (!m) return null
    ;[y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
    if (m[4] !== undefined) [h, mi, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)]
    if (m[7] !== undefined) ms = Number(m[7].padEnd(3, '0'))
    if (m[8] !== undefined) offset = zoneOffset(m[8], 0)
  } else {
    let i = 0
    const take = (max: number, signed = false): number | null => {
      const m = (signed ? /^[+-]?\d+/ : /^\d+/).exec(str.slice(i, i + max + (signed ? 1 : 0)))
      if (!m) return null
      i += m[0].length
      return Number(m[0])
    }
    for (let f = 0; f < format.length; f++) {
      const c = format[f]
      if (c !== '%') {
        if (str[i] !== c) return null
        i++
        continue
      }
      const spec = format[++f]
      let v: number | null = 0
      switch (spec) {
        case 'Y':
          v = y = take(4) ?? NaN
          break
        case 'm':
          v = mo = take(2) ?? NaN
          break
        case 'd':
          v = d = take(2) ?? NaN
          break
        case 'H':
          v = h = take(2) ?? NaN
          break
        case 'M':
          v = mi = take(2) ?? NaN
          break
        case 'S':
          v = sec = take(2) ?? NaN
          break
        case 'L':
          v = ms = take(3) ?? NaN
          break
        case 'G':
          v = isoYear = take(4) ?? NaN
          break
        case 'V':
          v = isoWeek = take(2) ?? NaN
          break
        case 'u':
          v = isoDay = take(1) ?? NaN
          break
        case 'z': {
          const m = /^[+-]\d{4}/.exec(str.slice(i))
          if (!m) return null
          i += m[0].length
          offset = zoneOffset(m[0], 0)
          break
        }
        case 'Z': {
          const m = /^[+-]\d+/.exec(str.slice(i))
          if (!m) return null
          i += m[0].length
          offset = Number(m[0])
          break
        }
        case '%':
          if (str[i] !== '%') return null
          i++
          break
        default:
          return invalid(`$dateFromString: invalid format character %${spec}`)
      }
      if (Number.isNaN(v)) return null
    }
    if (i !== str.length) return null
  }
  let local: number
  if (isoYear !== null) local = isoWeekOneMonday(isoYear) + ((isoWeek ?? 1) - 1) * 7 * 86400000 + (isoDay - 1) * 86400000 + ((h * 60 + mi) * 60 + sec) * 1000 + ms
  else {
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null
    local = Date.UTC(y, mo - 1, d, h, mi, sec, ms)
    if (new Date(local).getUTCDate() !== d) return null
  }
  return offset !== null ? new Date(local - offset * 60000) : fromZone(local, tz)
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
    case '$dayOfYear':
    case '$week':
    case '$isoWeek':
    case '$isoWeekYear':
    case '$isoDayOfWeek': {
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
        case '$week':
          // Weeks start on Sunday; days before the year's first Sunday are week 0 (strftime %U).
          return Math.floor((dayOfYear(d) - 1 - d.getUTCDay() + 7) / 7)
        case '$isoWeek':
          return isoWeekParts(d).week
        case '$isoWeekYear':
          return isoWeekParts(d).year
        case '$isoDayOfWeek':
          return d.getUTCDay() || 7
        default:
          return dayOfYear(d)
      }
    }
    case '$dateFromParts': {
      if (!isPlainObject(a)) return invalid('$dateFromParts only supports an object as its argument')
      const iso = 'isoWeekYear' in a
      if (iso && 'year' in a) invalid('$dateFromParts does not accept both year and isoWeekYear')
      if (!iso && !('year' in a)) invalid("$dateFromParts requires either 'year' or 'isoWeekYear' to be present")
      const names: readonly string[] = iso ? ISO_PARTS : DATE_PARTS
      for (const k of Object.keys(a)) if (k !== 'timezone' && !names.includes(k)) invalid(`Unrecognized argument to $dateFromParts: ${k}`)
      const part: Record<string, number> = {}
      for (const k of names) {
        const v = a[k] === undefined ? undefined : ev(a[k])
        if (v === null) return null
        if (v === undefined) part[k] = k === 'month' || k === 'day' || k === 'isoWeek' || k === 'isoDayOfWeek' ? 1 : 0
        else if (typeof v !== 'number' || !Number.isInteger(v)) return invalid(`'${k}' must evaluate to an integer, found ${typeof v} with value ${String(v)}`)
        else part[k] = v
      }
      const clock = ((part.hour * 60 + part.minute) * 60 + part.second) * 1000 + part.millisecond
      const local = iso
        ? isoWeekOneMonday(part.isoWeekYear) + ((part.isoWeek - 1) * 7 + part.isoDayOfWeek - 1) * 86400000 + clock
        : Date.UTC(part.year, part.month - 1, part.day) + clock
      // Date.UTC maps years 0–99 to 1900–1999; MongoDB does not.
      const fixed = !iso && part.year >= 0 && part.year < 100 ? new Date(local).setUTCFullYear(new Date(local).getUTCFullYear() - 1900) : local
      const tz = a.timezone === undefined ? undefined : ev(a.timezone)
      return fromZone(fixed, tz)
    }
    case '$dateFromString': {
      if (!isPlainObject(a)) return invalid('$dateFromString only supports an object as an argument')
      const str = ev(a.dateString)
      const tz = a.timezone === undefined ? undefined : ev(a.timezone)
      const format = a.format === undefined ? undefined : ev(a.format)
      if (format !== undefined && typeof format !== 'string') invalid('$dateFromString requires that \'format\' be a string')
      if (str === null || str === undefined) return a.onNull === undefined ? null : ev(a.onNull)
      const fail = (msg: string) => (a.onError === undefined ? invalid(msg) : ev(a.onError))
      if (typeof str !== 'string') return fail(`$dateFromString requires that 'dateString' be a string, found: ${typeof str} with value ${String(str)}`)
      const parsed = parseDateString(str, format as string | undefined, tz)
      return parsed ?? fail(`Error parsing date string '${str}'`)
    }
    case '$log': {
      const [x, b] = list().map((v) => num(v, op))
      if (x === null || b === null) return null
      if (x <= 0) invalid(`$log's argument must be a positive number, but is ${x}`)
      if (b <= 0 || b === 1) invalid(`$log's base must be a positive number not equal to 1, but is ${b}`)
      return Math.log(x) / Math.log(b)
    }
    case '$indexOfArray': {
      const [arr, x, start = 0, end] = list()
      if (arr === null || arr === undefined) return null
      if (!Array.isArray(arr)) return invalid(`$indexOfArray requires an array as a first argument, found: ${typeof arr}`)
      const stop = Math.min(typeof end === 'number' ? end : arr.length, arr.length)
      for (let i = typeof start === 'number' ? start : 0; i < stop; i++) if (equals(arr[i], x)) return i
      return -1
    }
    case '$range': {
      const [from, to, step = 1] = list()
      if (![from, to, step].every((v) => typeof v === 'number' && Number.isInteger(v))) invalid('$range requires integral start, end and step values')
      if (step === 0) invalid("$range requires a non-zero step value")
      const out: number[] = []
      for (let i = from as number; (step as number) > 0 ? i < (to as number) : i > (to as number); i += step as number) out.push(i)
      return out
    }
    case '$zip': {
      if (!isPlainObject(a)) return invalid('$zip only supports an object as an argument')
      const inputs = ev(a.inputs)
      if (!Array.isArray(inputs)) return invalid("inputs must be an array of expressions")
      if (inputs.some((v) => v === null || v === undefined)) return null
      if (!inputs.every(Array.isArray)) invalid('$zip found a non-array expression in input')
      const arrays = inputs as unknown[][]
      const longest = a.useLongestLength === true
      const defaults = Array.isArray(a.defaults) ? (a.defaults as unknown[]).map(ev) : []
      const n = arrays.length === 0 ? 0 : longest ? Math.max(...arrays.map((x) => x.length)) : Math.min(...arrays.map((x) => x.length))
      return Array.from({ length: n }, (_v, i) => arrays.map((x, j) => (i < x.length ? x[i] : defaults[j] ?? null)))
    }
    case '$indexOfBytes':
    case '$indexOfCP': {
      const [sv, subv, startv, endv] = list()
      if (sv === null || sv === undefined) return null
      if (typeof sv !== 'string') invalid(`${op} requires a string as the first argument, found: ${typeof sv}`)
      if (typeof subv !== 'string') invalid(`${op} requires a string as the second argument, found: ${subv === null ? 'null' : typeof subv}`)
      const units = op === '$indexOfCP' ? Array.from(sv) : null
      const len = units ? units.length : utf8Length(sv)
      const bound = (v: unknown, name: string, dflt: number): number => {
        if (v === undefined) return dflt
        if (typeof v !== 'number' || !Number.isInteger(v)) invalid(`${op} ${name} index must resolve to a number that can be represented as a 32-bit integral value`)
        if (v < 0) invalid(`${op} ${name} index must be a non-negative integer`)
        return v
      }
      const start = bound(startv, 'starting', 0)
      const end = Math.min(bound(endv, 'ending', len), len)
      if (start > end || start > len) return -1
      if (units) {
        const sub = Array.from(subv as string)
        for (let i = start; i + sub.length <= end; i++) if (sub.every((c, j) => units[i + j] === c)) return i
        return -1
      }
      const hay = Buffer.from(sv, 'utf8')
      const needle = Buffer.from(subv as string, 'utf8')
      const at = hay.subarray(0, end).indexOf(needle, start)
      return at
    }
    case '$strcasecmp': {
      const vs = list()
      if (vs.length !== 2) invalid(`Expression $strcasecmp takes exactly 2 arguments. ${vs.length} were passed in.`)
      const [x, y] = vs.map((v) => (v == null ? '' : v instanceof Date ? v.toISOString() : String(v)).toUpperCase())
      return x < y ? -1 : x > y ? 1 : 0
    }
    case '$allElementsTrue':
    case '$anyElementTrue': {
      const vs = list()
      if (vs.length !== 1) invalid(`Expression ${op} takes exactly 1 arguments. ${vs.length} were passed in.`)
      const arr = vs[0]
      if (!Array.isArray(arr)) return invalid(`${op}'s argument must be an array, but is ${arr === null || arr === undefined ? 'missing' : typeof arr}`)
      return op === '$allElementsTrue' ? arr.every(truthy) : arr.some(truthy)
    }
    case '$setDifference': {
      const vs = list()
      if (vs.length !== 2) invalid(`Expression $setDifference takes exactly 2 arguments. ${vs.length} were passed in.`)
      const sets = setArgs(op, vs, true)
      if (!sets) return null
      return distinct(sets[0]).filter((x) => !sets[1].some((y) => equals(x, y)))
    }
    case '$setEquals':
    case '$setIsSubset': {
      const vs = list()
      if (op === '$setIsSubset' ? vs.length !== 2 : vs.length < 2) invalid(`${op} needs ${op === '$setIsSubset' ? 'exactly 2' : 'at least two'} arguments had: ${vs.length}`)
      const sets = setArgs(op, vs, false) as unknown[][]
      const within = (p: unknown[], q: unknown[]) => p.every((x) => q.some((y) => equals(x, y)))
      if (op === '$setIsSubset') return within(sets[0], sets[1])
      return sets.every((s2) => within(s2, sets[0]) && within(sets[0], s2))
    }
    case '$setIntersection':
    case '$setUnion': {
      const sets = setArgs(op, list(), true)
      if (!sets) return null
      if (op === '$setUnion') return distinct(sets.flat())
      if (sets.length === 0) return []
      return distinct(sets[0]).filter((x) => sets.every((s2) => s2.some((y) => equals(x, y))))
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
