/**
 * The `$jsonSchema` query operator: compiles MongoDB's JSON Schema dialect (draft 4 plus `bsonType`) into a
 * predicate over a document. As in MongoDB, a keyword that constrains one type (minimum, minLength, items,
 * properties, …) ignores values of other types, unknown keywords are refused, and `type: "integer"` is
 * not supported (use `bsonType: "int"`/`"long"`).
 */
import { EmulatorError, PlatformCode } from '../errors'
import { isPlainObject, type Doc } from './ejson'
import { equals } from './values'

type Check = (v: unknown) => boolean

function bad(msg: string): never {
  throw new EmulatorError(PlatformCode.DATABASE_INVALID_OPERRATOR, `$jsonSchema: ${msg}`)
}

const isNum = (v: unknown): v is number => typeof v === 'number'

const BSON_TYPES: Record<string, Check> = {
  double: (v) => isNum(v) && !Number.isInteger(v),
  string: (v) => typeof v === 'string',
  object: isPlainObject,
  array: Array.isArray,
  bool: (v) => typeof v === 'boolean',
  date: (v) => v instanceof Date,
  null: (v) => v === null,
  regex: (v) => v instanceof RegExp,
  int: (v) => isNum(v) && Number.isInteger(v) && Math.abs(v) < 2 ** 31,
  long: (v) => isNum(v) && Number.isInteger(v),
  decimal: () => false,
  number: isNum,
  objectId: () => false,
}

const JSON_TYPES: Record<string, Check> = {
  object: isPlainObject,
  array: Array.isArray,
  number: isNum,
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  null: (v) => v === null,
}

function typeCheck(spec: unknown, table: Record<string, Check>, kw: string): Check {
  const names = Array.isArray(spec) ? spec : [spec]
  if (names.length === 0) bad(`${kw} must be a non-empty array or a string`)
  const checks = names.map((n) => (typeof n === 'string' && table[n]) || bad(`unknown type name alias: ${String(n)} (in ${kw})`))
  return (v) => checks.some((c) => c(v))
}

function count(kw: string, x: unknown): number {
  if (!isNum(x) || !Number.isInteger(x) || x < 0) bad(`${kw} must be a non-negative integer`)
  return x
}

function number(kw: string, x: unknown): number {
  if (!isNum(x)) bad(`${kw} must be a number`)
  return x
}

function schemas(kw: string, x: unknown): Check[] {
  if (!Array.isArray(x) || x.length === 0) bad(`${kw} must be a non-empty array`)
  return x.map((s) => compileSchema(s))
}

/** Compiles one (sub)schema. */
export function compileSchema(schema: unknown): Check {
  if (!isPlainObject(schema)) bad('schema must be an object')
  const s: Doc = schema
  const checks: Check[] = []
  const when = (type: Check, c: Check) => checks.push((v) => !type(v) || c(v))
  const str = JSON_TYPES.string
  const obj = JSON_TYPES.object
  const arr = JSON_TYPES.array
  for (const kw of Object.keys(s)) {
    const x = s[kw]
    switch (kw) {
      case 'bsonType':
        checks.push(typeCheck(x, BSON_TYPES, kw))
        break
      case 'type':
        if ('bsonType' in s) bad('cannot specify both type and bsonType')
        if (x === 'integer' || (Array.isArray(x) && x.includes('integer'))) bad("'integer' type is not supported; use bsonType: 'int' or 'long'")
        checks.push(typeCheck(x, JSON_TYPES, kw))
        break
      case 'required': {
        if (!Array.isArray(x) || x.length === 0 || !x.every((k) => typeof k === 'string')) bad('required must be a non-empty array of strings')
        when(obj, (v) => (x as string[]).every((k) => Object.prototype.hasOwnProperty.call(v, k)))
        break
      }
      case 'properties': {
        if (!isPlainObject(x)) bad('properties must be an object')
        const props = Object.keys(x).map((k) => [k, compileSchema(x[k])] as const)
        when(obj, (v) => props.every(([k, c]) => !Object.prototype.hasOwnProperty.call(v, k) || c((v as Doc)[k])))
        break
      }
      case 'patternProperties': {
        if (!isPlainObject(x)) bad('patternProperties must be an object')
        const pats = Object.keys(x).map((k) => [new RegExp(k, 'u'), compileSchema(x[k])] as const)
        when(obj, (v) => Object.keys(v as Doc).every((k) => pats.every(([re, c]) => !re.test(k) || c((v as Doc)[k]))))
        break
      }
      case 'additionalProperties': {
        if (typeof x !== 'boolean' && !isPlainObject(x)) bad('additionalProperties must be a boolean or an object')
        const known = new Set(isPlainObject(s.properties) ? Object.keys(s.properties) : [])
        const pats = isPlainObject(s.patternProperties) ? Object.keys(s.patternProperties).map((k) => new RegExp(k, 'u')) : []
        const extra = typeof x === 'boolean' ? () => x : compileSchema(x)
        when(obj, (v) => Object.keys(v as Doc).every((k) => known.has(k) || pats.some((re) => re.test(k)) || extra((v as Doc)[k])))
        break
      }
      case 'minProperties':
      case 'maxProperties': {
        const n = count(kw, x)
        when(obj, (v) => (kw === 'minProperties' ? Object.keys(v as Doc).length >= n : Object.keys(v as Doc).length <= n))
        break
      }
      case 'minimum':
      case 'maximum': {
        const n = number(kw, x)
        const exclusive = s[kw === 'minimum' ? 'exclusiveMinimum' : 'exclusiveMaximum'] === true
        when(isNum, (v) => {
          const d = (v as number) - n
          return kw === 'minimum' ? (exclusive ? d > 0 : d >= 0) : exclusive ? d < 0 : d <= 0
        })
        break
      }
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        if (typeof x !== 'boolean') bad(`${kw} must be a boolean`)
        if (!((kw === 'exclusiveMinimum' ? 'minimum' : 'maximum') in s)) bad(`${kw} needs ${kw === 'exclusiveMinimum' ? 'minimum' : 'maximum'}`)
        break
      case 'multipleOf': {
        const n = number(kw, x)
        if (n <= 0) bad('multipleOf must be positive')
        when(isNum, (v) => Number.isInteger((v as number) / n))
        break
      }
      case 'minLength':
      case 'maxLength': {
        const n = count(kw, x)
        when(str, (v) => (kw === 'minLength' ? Array.from(v as string).length >= n : Array.from(v as string).length <= n))
        break
      }
      case 'pattern': {
        if (typeof x !== 'string') bad('pattern must be a string')
        const re = new RegExp(x, 'u')
        when(str, (v) => re.test(v as string))
        break
      }
      case 'enum': {
        if (!Array.isArray(x) || x.length === 0) bad('enum must be a non-empty array')
        checks.push((v) => (x as unknown[]).some((e) => equals(e, v)))
        break
      }
      case 'items': {
        if (Array.isArray(x)) {
          const each = x.map((i) => compileSchema(i))
          const more = s.additionalItems
          const extra = more === undefined || more === true ? () => true : more === false ? () => false : compileSchema(more)
          when(arr, (v) => (v as unknown[]).every((e, i) => (i < each.length ? each[i](e) : extra(e))))
        } else {
          const c = compileSchema(x)
          when(arr, (v) => (v as unknown[]).every(c))
        }
        break
      }
      case 'additionalItems':
        if (typeof x !== 'boolean' && !isPlainObject(x)) bad('additionalItems must be a boolean or an object')
        break
      case 'minItems':
      case 'maxItems': {
        const n = count(kw, x)
        when(arr, (v) => (kw === 'minItems' ? (v as unknown[]).length >= n : (v as unknown[]).length <= n))
        break
      }
      case 'uniqueItems':
        if (typeof x !== 'boolean') bad('uniqueItems must be a boolean')
        if (x) when(arr, (v) => (v as unknown[]).every((e, i, all) => all.findIndex((o) => equals(o, e)) === i))
        break
      case 'allOf': {
        const cs = schemas(kw, x)
        checks.push((v) => cs.every((c) => c(v)))
        break
      }
      case 'anyOf': {
        const cs = schemas(kw, x)
        checks.push((v) => cs.some((c) => c(v)))
        break
      }
      case 'oneOf': {
        const cs = schemas(kw, x)
        checks.push((v) => cs.filter((c) => c(v)).length === 1)
        break
      }
      case 'not': {
        const c = compileSchema(x)
        checks.push((v) => !c(v))
        break
      }
      case 'dependencies': {
        if (!isPlainObject(x)) bad('dependencies must be an object')
        const deps = Object.keys(x).map((k) => {
          const d = x[k]
          const c: Check = Array.isArray(d) ? (v) => d.every((p) => Object.prototype.hasOwnProperty.call(v, p as string)) : compileSchema(d)
          return [k, c] as const
        })
        when(obj, (v) => deps.every(([k, c]) => !Object.prototype.hasOwnProperty.call(v, k) || c(v)))
        break
      }
      case 'title':
      case 'description':
        if (typeof x !== 'string') bad(`${kw} must be a string`)
        break
      default:
        bad(`unknown $jsonSchema keyword: ${kw}`)
    }
  }
  return (v) => checks.every((c) => c(v))
}
