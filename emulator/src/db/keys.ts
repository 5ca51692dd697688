/**
 * Order-preserving binary encoding of values for index tables: SQLite compares BLOBs with memcmp, so
 * encoded keys sort exactly like BSON values (type order first, then value), which lets equality, range
 * and ordered scans run as index range scans. Every encoding is prefix-free, so compound keys are plain
 * concatenations and a descending component is its bitwise complement.
 */
import { isPlainObject } from './ejson'

const T_NULL = 0x10
const T_NUMBER = 0x20
const T_STRING = 0x30
const T_OBJECT = 0x40
const T_ARRAY = 0x50
const T_BOOL = 0x60
const T_DATE = 0x70
const T_REGEX = 0x80
const END = 0x00

const f64 = new Float64Array(1)
const f64b = new Uint8Array(f64.buffer)

function pushNumber(out: number[], n: number): void {
  if (Number.isNaN(n)) {
    // NaN sorts below every number in MongoDB.
    for (let i = 0; i < 8; i++) out.push(0)
    return
  }
  f64[0] = n === 0 ? 0 : n
  const bytes = new Array(8)
  for (let i = 0; i < 8; i++) bytes[i] = f64b[7 - i] // big-endian
  if (bytes[0] & 0x80) for (let i = 0; i < 8; i++) bytes[i] = ~bytes[i] & 0xff
  else bytes[0] |= 0x80
  // NaN took the all-zero slot; shift finite values up is unnecessary: -Infinity maps to 0x00 0x0f..., above zero bytes.
  out.push(...bytes)
}

function pushString(out: number[], s: string): void {
  const b = Buffer.from(s, 'utf8')
  for (const c of b) {
    if (c === 0) out.push(0, 0xff)
    else out.push(c)
  }
  out.push(0, 0)
}

export function encodeValue(v: unknown, out: number[]): void {
  if (v === null || v === undefined) {
    out.push(T_NULL)
  } else if (typeof v === 'number') {
    out.push(T_NUMBER)
    pushNumber(out, v)
  } else if (typeof v === 'string') {
    out.push(T_STRING)
    pushString(out, v)
  } else if (typeof v === 'boolean') {
    out.push(T_BOOL, v ? 1 : 0)
  } else if (v instanceof Date) {
    out.push(T_DATE)
    pushNumber(out, v.getTime())
  } else if (v instanceof RegExp) {
    out.push(T_REGEX)
    pushString(out, v.source)
    pushString(out, v.flags)
  } else if (Array.isArray(v)) {
    out.push(T_ARRAY)
    for (const e of v) {
      out.push(1)
      encodeValue(e, out)
    }
    out.push(END)
  } else if (isPlainObject(v)) {
    out.push(T_OBJECT)
    for (const k of Object.keys(v)) {
      if (v[k] === undefined) continue
      out.push(1)
      pushString(out, k)
      encodeValue(v[k], out)
    }
    out.push(END)
  } else {
    out.push(T_NULL)
  }
}

/** Key of one value, complemented for a descending index component. */
export function keyOf(v: unknown, desc = false): Buffer {
  const out: number[] = []
  encodeValue(v, out)
  if (desc) for (let i = 0; i < out.length; i++) out[i] = ~out[i] & 0xff
  return Buffer.from(out)
}

/** Smallest and just-past-largest keys of the type bracket a value belongs to (for $gt/$lt bounds). */
export function typeBracket(v: unknown): { lo: Buffer; hi: Buffer } {
  const tag = keyOf(v)[0]
  return { lo: Buffer.from([tag]), hi: Buffer.from([tag + 1]) }
}

/** A byte string greater than every key that starts with `prefix`. */
export function prefixEnd(prefix: Buffer): Buffer {
  return Buffer.concat([prefix, Buffer.from([0xff, 0xff])])
}

/** Values an index stores for a document at a path: array elements separately (multikey), missing as null. */
export function indexValues(v: unknown): { values: unknown[]; multikey: boolean } {
  if (Array.isArray(v)) return { values: v.length ? v : [undefined], multikey: true }
  return { values: [v], multikey: false }
}
