/**
 * A small input validator for action payloads. Each schema checks an unknown value and returns a typed,
 * cleaned copy (unknown object keys are dropped, so mass assignment is impossible) or throws an
 * INVALID_ARGUMENT AppError naming the offending field. Written here rather than pulled in from a
 * library so that messages are Chinese, limits are on by default, and the mini-program bundle stays small.
 */
import { AppError } from './errors'

export interface Schema<T> {
  /** Returns the cleaned value or throws AppError(INVALID_ARGUMENT, message, path). */
  parse(value: unknown, path?: string): T
  readonly optional: boolean
  /** What it accepts, for tooling (e.g. the content-security audit lists every free-text field). */
  readonly shape: SchemaShape
}

/**
 * `text` is free text a person types; a `token` is a string held to a pattern (ids, keys, dates); a
 * `file` is the cloud-storage id of a picture someone uploaded.
 */
export type SchemaShape =
  | { kind: 'text' | 'token' | 'file' | 'number' | 'boolean' | 'literal' | 'oneOf' }
  | { kind: 'array'; item: SchemaShape }
  | { kind: 'object'; fields: Record<string, SchemaShape> }

export type Infer<S> = S extends Schema<infer T> ? T : never

const DEFAULT_MAX_STRING = 500
const DEFAULT_MAX_ITEMS = 100

function invalid(path: string, message: string): never {
  throw new AppError('INVALID_ARGUMENT', `${path || '参数'}${message}`, path || undefined)
}

function make<T>(shape: SchemaShape, parse: (value: unknown, path: string) => T): Schema<T> {
  return { parse: (value, path = '') => parse(value, path), optional: false, shape }
}

function optional<T>(inner: Schema<T>): Schema<T | undefined> {
  return {
    parse: (value, path = '') => (value === undefined || value === null ? undefined : inner.parse(value, path)),
    optional: true,
    shape: inner.shape,
  }
}

interface StringOptions {
  min?: number
  max?: number
  pattern?: RegExp
  /** Trim surrounding white space before checking (default true). */
  trim?: boolean
}

function string(options: StringOptions = {}): Schema<string> {
  const { min = 0, max = DEFAULT_MAX_STRING, pattern, trim = true } = options
  return make({ kind: pattern ? 'token' : 'text' }, (value, path) => {
    if (typeof value !== 'string') invalid(path, '应为文本')
    const s = trim ? (value as string).trim() : (value as string)
    if (s.length < min) invalid(path, min === 1 ? '不能为空' : `至少需要 ${min} 个字`)
    if (s.length > max) invalid(path, `不能超过 ${max} 个字`)
    if (pattern && !pattern.test(s)) invalid(path, '格式不正确')
    return s
  })
}

interface NumberOptions {
  min?: number
  max?: number
  integer?: boolean
}

function number(options: NumberOptions = {}): Schema<number> {
  const { min = -Number.MAX_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER, integer = false } = options
  return make({ kind: 'number' }, (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) invalid(path, '应为数字')
    const n = value as number
    if (integer && !Number.isInteger(n)) invalid(path, '应为整数')
    if (n < min) invalid(path, `不能小于 ${min}`)
    if (n > max) invalid(path, `不能大于 ${max}`)
    return n
  })
}

function integer(options: Omit<NumberOptions, 'integer'> = {}): Schema<number> {
  return number({ ...options, integer: true })
}

function boolean(): Schema<boolean> {
  return make({ kind: 'boolean' }, (value, path) => {
    if (typeof value !== 'boolean') invalid(path, '应为是或否')
    return value as boolean
  })
}

function literal<const V extends string | number | boolean>(expected: V): Schema<V> {
  return make({ kind: 'literal' }, (value, path) => {
    if (value !== expected) invalid(path, `应为 ${String(expected)}`)
    return expected
  })
}

/** One of a closed vocabulary, e.g. `oneOf(Object.values(Amenity))`. */
function oneOf<const V extends string>(values: readonly V[]): Schema<V> {
  const set = new Set<string>(values)
  return make({ kind: 'oneOf' }, (value, path) => {
    if (typeof value !== 'string' || !set.has(value)) invalid(path, '不是可选的值')
    return value as V
  })
}

interface ArrayOptions {
  min?: number
  max?: number
  unique?: boolean
}

function array<T>(item: Schema<T>, options: ArrayOptions = {}): Schema<T[]> {
  const { min = 0, max = DEFAULT_MAX_ITEMS, unique = false } = options
  return make({ kind: 'array', item: item.shape }, (value, path) => {
    if (!Array.isArray(value)) invalid(path, '应为列表')
    const list = value as unknown[]
    if (list.length < min) invalid(path, `至少需要 ${min} 项`)
    if (list.length > max) invalid(path, `最多 ${max} 项`)
    const out = list.map((v, i) => item.parse(v, `${path}[${i}]`))
    if (unique && new Set(out.map((v) => JSON.stringify(v))).size !== out.length) invalid(path, '有重复项')
    return out
  })
}

type Shape = Record<string, Schema<unknown>>
// A key is optional when its schema admits undefined (what s.optional() produces).
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S]
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }

function object<S extends Shape>(shape: S): Schema<ObjectOf<S>> {
  const keys = Object.keys(shape)
  return make({ kind: 'object', fields: Object.fromEntries(keys.map((k) => [k, shape[k].shape])) }, (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(path, '应为对象')
    const input = value as Record<string, unknown>
    const out: Record<string, unknown> = {}
    for (const key of keys) {
      const childPath = path ? `${path}.${key}` : key
      const raw = Object.prototype.hasOwnProperty.call(input, key) ? input[key] : undefined
      const schema = shape[key]
      if (raw === undefined && !schema.optional) invalid(childPath, '不能为空')
      const parsed = schema.parse(raw, childPath)
      if (parsed !== undefined) out[key] = parsed
    }
    return out as ObjectOf<S>
  })
}

/** A GeoJSON-free coordinate pair as pages send it: WeChat's GCJ-02 longitude and latitude. */
function lngLat(): Schema<{ lng: number; lat: number }> {
  return object({ lng: number({ min: -180, max: 180 }), lat: number({ min: -90, max: 90 }) })
}

/** An opaque id as stored in the database (cloud ids are 32 hex chars; seeded ids are readable slugs). */
function id(): Schema<string> {
  return string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_\-:.]+$/ })
}

/**
 * The `cloud://` id of an uploaded picture, held to one storage folder when given (`wishes` accepts only
 * `cloud://…/wishes/…`). Its own kind, so the image-check audit finds every picture field.
 */
function fileId(folder?: string): Schema<string> {
  const pattern = folder ? new RegExp(`^cloud://\\S+/${folder}/\\S+$`) : /^cloud:\/\/\S+$/
  return { ...string({ min: 10, max: 300, pattern }), shape: { kind: 'file' } }
}

/** A client-generated idempotency key (UUID or similar), 8–64 safe characters. */
function idempotencyKey(): Schema<string> {
  return string({ min: 8, max: 64, pattern: /^[A-Za-z0-9_-]+$/ })
}

/** Paging parameters; the limit is always bounded. */
function page(maxLimit = 50) {
  return object({
    limit: optional(integer({ min: 1, max: maxLimit })),
    offset: optional(integer({ min: 0, max: 10_000 })),
  })
}

export const s = { string, number, integer, boolean, literal, oneOf, array, object, optional, lngLat, id, fileId, idempotencyKey, page }
