/**
 * Value encoding at the database's two edges: decoding the canonical EJSON v2 the SDK sends (plus its
 * non-standard `$tcb_server_date` and JS-flagged `$regularExpression`) into engine values, and encoding
 * engine values into the EJSON text that is both stored in SQLite and returned verbatim in `data.list`.
 *
 * Engine values are plain JS: number, string, boolean, null, Date, RegExp, arrays and plain objects.
 * int32/int64/double distinctions are not kept (the SDK reads numbers back as JS numbers anyway).
 */
import { EmulatorError, PlatformCode } from '../errors'

export type Doc = Record<string, unknown>

/** MongoDB's own limit for document nesting; also keeps recursive walks far from the stack limit. */
export const MAX_DEPTH = 100

function bad(message: string): never {
  throw new EmulatorError(PlatformCode.INVALID_PARAM, message)
}

export function isPlainObject(v: unknown): v is Doc {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp)
}

function decodeNumber(s: unknown, kind: string): number {
  if (typeof s !== 'string') bad(`invalid EJSON ${kind}: expected a string`)
  if (s === 'NaN') return NaN
  if (s === 'Infinity') return Infinity
  if (s === '-Infinity') return -Infinity
  const n = Number(s)
  if (s.trim() === '' || Number.isNaN(n)) bad(`invalid EJSON ${kind}: ${s.slice(0, 40)}`)
  return n
}

/** Only flags JS and MongoDB agree on survive; `g`/`y`/`d` mean nothing to a matcher and `x` has no JS form. */
export function makeRegExp(pattern: unknown, options: unknown): RegExp {
  if (typeof pattern !== 'string') bad('invalid regular expression: pattern must be a string')
  const opts = typeof options === 'string' ? options : ''
  const flags = [...new Set(opts.split('').filter((f) => 'imsu'.includes(f)))].join('')
  try {
    return new RegExp(pattern, flags)
  } catch (e) {
    return bad(`invalid regular expression: ${(e as Error).message}`)
  }
}

function decodeDate(v: unknown): Date {
  let ms: number
  if (typeof v === 'number') ms = v
  else if (typeof v === 'string') ms = Date.parse(v)
  else if (isPlainObject(v) && '$numberLong' in v) ms = decodeNumber(v.$numberLong, '$date')
  else return bad('invalid EJSON $date')
  const d = new Date(ms)
  if (Number.isNaN(d.getTime())) bad('invalid EJSON $date')
  return d
}

/**
 * Decodes one parsed-JSON value from the wire. `now` is fixed per request so every serverDate in one
 * request gets the same instant.
 */
export function decodeWire(v: unknown, now: number, depth = 0): unknown {
  if (v === null || typeof v !== 'object') return v
  if (depth > MAX_DEPTH) bad(`value nesting exceeds ${MAX_DEPTH} levels`)
  if (Array.isArray(v)) {
    const out = new Array(v.length)
    for (let i = 0; i < v.length; i++) out[i] = decodeWire(v[i], now, depth + 1)
    return out
  }
  const o = v as Doc
  const keys = Object.keys(o)
  if (keys.length === 1 && keys[0].charCodeAt(0) === 36 /* $ */) {
    const k = keys[0]
    const x = o[k]
    switch (k) {
      case '$numberInt':
      case '$numberLong':
      case '$numberDouble':
      case '$numberDecimal':
        return decodeNumber(x, k)
      case '$date':
        return decodeDate(x)
      case '$regularExpression':
        if (!isPlainObject(x)) bad('invalid EJSON $regularExpression')
        return makeRegExp(x.pattern, x.options)
      case '$tcb_server_date': {
        const off = isPlainObject(x) ? decodeWire(x.offset, now, depth + 1) : 0
        const offset = typeof off === 'number' && Number.isFinite(off) ? off : 0
        return new Date(now + offset)
      }
      case '$oid':
        // wx-server-sdk does not expose ObjectId; ids are strings on this platform, so keep it a string.
        if (typeof x !== 'string') bad('invalid EJSON $oid')
        return x
      case '$undefined':
        return null
      case '$binary':
      case '$timestamp':
      case '$minKey':
      case '$maxKey':
      case '$symbol':
      case '$code':
      case '$dbPointer':
      case '$uuid':
        return bad(`EJSON type ${k} is not supported by the emulator`)
    }
  }
  const out: Doc = {}
  for (const k of keys) {
    if (k === '__proto__') bad('field name __proto__ is not allowed')
    out[k] = decodeWire(o[k], now, depth + 1)
  }
  return out
}

/** Parses an EJSON string field of a request; any failure is the caller's bad input, never a crash. */
export function parseWire(text: unknown, field: string, now: number): unknown {
  if (typeof text !== 'string') bad(`${field} must be an EJSON string`)
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return bad(`${field} is not valid EJSON`)
  }
  return decodeWire(raw, now)
}

function regexOptions(r: RegExp): string {
  return r.flags
    .split('')
    .filter((f) => 'imsu'.includes(f))
    .sort()
    .join('')
}

/** JSON.stringify calls toJSON before a replacer sees a Date, so the replacer reads the raw holder value. */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key]
  if (raw instanceof Date) {
    const t = raw.getTime()
    return Number.isNaN(t) ? null : { $date: { $numberLong: String(t) } }
  }
  if (raw instanceof RegExp) return { $regularExpression: { pattern: raw.source, options: regexOptions(raw) } }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return { $numberDouble: Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity' }
  }
  return value
}

/**
 * Encodes an engine value as relaxed EJSON text (plain numbers, `$date` as `$numberLong`): the stored form
 * and the wire form of `data.list` elements, which the SDK's `EJSON.parse` reads directly.
 */
export function encode(v: unknown): string {
  return JSON.stringify(v, replacer) ?? 'null'
}

/** Reverses `encode` in place on freshly parsed stored text (cheaper than a copying decode). */
function reviveInPlace(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]
      if (x !== null && typeof x === 'object') v[i] = reviveInPlace(x)
    }
    return v
  }
  const o = v as Doc
  if ('$date' in o) return decodeDate(o.$date)
  if ('$regularExpression' in o) {
    const r = o.$regularExpression as Doc
    return makeRegExp(r.pattern, r.options)
  }
  if ('$numberDouble' in o) return decodeNumber(o.$numberDouble, '$numberDouble')
  for (const k in o) {
    const x = o[k]
    if (x !== null && typeof x === 'object') o[k] = reviveInPlace(x)
  }
  return o
}

/** Decodes stored document text. Skips the walk when the text cannot hold a wrapper. */
export function decodeStored(text: string): Doc {
  const v = JSON.parse(text)
  return (text.includes('"$') ? reviveInPlace(v) : v) as Doc
}
