/**
 * Update operators ($set, $unset, $inc, $mul, $min, $max, $rename, $push with modifiers, $pull,
 * $pullAll, $addToSet, $pop, $bit, $currentDate, $setOnInsert) applied to a copy of a document, on literal
 * or positional paths (`arr.$`, `arr.$[]`, resolved by positional.ts), plus replacement documents for `doc().set()`.
 */
import { EmulatorError, PlatformCode } from '../errors'
import { isPlainObject, type Doc } from './ejson'
import { compileCondition, compileQuery, isOperatorObject } from './match'
import { getField, setField, splitPath, unsetField } from './paths'
import { elemMatchKey, isPositionalPath, resolveUpdatePath } from './positional'
import { clone, compare, equals } from './values'

function fail(msg: string): never {
  throw new EmulatorError(PlatformCode.DATABASE_REQUEST_FAILED, msg)
}
function bad(msg: string): never {
  throw new EmulatorError(PlatformCode.INVALID_PARAM, msg)
}

export function isOperatorUpdate(u: Doc): boolean {
  const keys = Object.keys(u)
  return keys.length > 0 && keys[0].startsWith('$')
}

const UPDATE_OPERATORS = new Set(['$set', '$setOnInsert', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate', '$push', '$addToSet', '$pop', '$pull', '$pullAll', '$bit'])

/** Rejects unknown operators before any document is read, so the answer does not depend on matches. */
export function validateUpdate(update: Doc): void {
  for (const op of Object.keys(update)) {
    if (!op.startsWith('$')) continue
    if (!UPDATE_OPERATORS.has(op)) throw new EmulatorError(PlatformCode.DATABASE_INVALID_OPERRATOR, `unknown update operator: ${op}`)
    if (!isPlainObject(update[op])) bad(`${op} needs an object`)
  }
}

/** Field names MongoDB forbids in stored documents (`$` prefix); dots only come from path flattening. */
export function validateStoredDoc(doc: unknown, depth = 0): void {
  if (Array.isArray(doc)) {
    for (const v of doc) validateStoredDoc(v, depth + 1)
  } else if (isPlainObject(doc)) {
    for (const k of Object.keys(doc)) {
      if (k.startsWith('$')) bad(`field names must not start with '$': ${k}`)
      if (k.includes('.')) bad(`field names must not contain '.': ${k}`)
      validateStoredDoc(doc[k], depth + 1)
    }
  }
}

function numeric(v: unknown, op: string, path: string): number {
  if (typeof v !== 'number') fail(`Cannot apply ${op} to a value of non-numeric type at '${path}'`)
  return v
}

function arrayAt(doc: Doc, parts: string[], op: string, path: string): unknown[] {
  const cur = getField(doc, parts)
  if (cur === undefined || cur === null) {
    const arr: unknown[] = []
    setField(doc, parts, arr)
    return arr
  }
  if (!Array.isArray(cur)) fail(`The field '${path}' must be an array but is of type ${typeof cur} (${op})`)
  return cur
}

function pullPredicate(cond: unknown): (e: unknown) => boolean {
  if (isOperatorObject(cond)) {
    const t = compileCondition(cond)
    return (e) => t([e])
  }
  if (isPlainObject(cond)) {
    const m = compileQuery(cond)
    return (e) => isPlainObject(e) && m(e)
  }
  return (e) => equals(e, cond)
}

function sortArray(arr: unknown[], spec: unknown): void {
  if (typeof spec === 'number') {
    arr.sort((a, b) => compare(a, b) * (spec < 0 ? -1 : 1))
    return
  }
  if (!isPlainObject(spec)) bad('$sort in $push must be 1, -1 or an object')
  const keys = Object.keys(spec).map((k) => [splitPath(k), spec[k] as number] as const)
  arr.sort((a, b) => {
    for (const [p, dir] of keys) {
      const c = compare(getField(a, p), getField(b, p))
      if (c) return dir < 0 ? -c : c
    }
    return 0
  })
}

export interface UpdateContext {
  /** The document is being inserted by an upsert: enables $setOnInsert; `$` then has no match to name. */
  inserting?: boolean
  /** The query that matched the document, which the positional `$` refers to. */
  query?: Doc
}

/**
 * Applies an operator document in place to `doc` (a private copy). Positional paths (`arr.$`, `arr.$[]`)
 * are resolved against the document as it was matched, before any operator runs.
 */
export function applyUpdate(doc: Doc, update: Doc, ctx: UpdateContext = {}): void {
  const inserting = ctx.inserting === true
  let key: { value: string | undefined } | undefined
  const matchedKey = () => (key ??= { value: inserting ? undefined : elemMatchKey(ctx.query, doc) }).value
  const writes: { op: string; path: string; parts: string[]; arg: unknown }[] = []
  for (const op of Object.keys(update)) {
    const spec = update[op]
    if (!isPlainObject(spec)) bad(`${op} needs an object`)
    for (const path of Object.keys(spec)) {
      if (path === '_id' || path.startsWith('_id.')) {
        if (op === '$set' && equals(spec[path], doc._id)) continue
        fail(`Performing an update on the path '_id' would modify the immutable field '_id'`)
      }
      const parts = splitPath(path)
      const arg = spec[path]
      if (op === '$rename') {
        if (isPositionalPath(parts)) fail(`The source field for $rename may not be dynamic: ${path}`)
        if (typeof arg === 'string' && isPositionalPath(splitPath(arg))) fail(`The destination field for $rename may not be dynamic: ${arg}`)
      }
      if (!isPositionalPath(parts)) writes.push({ op, path, parts, arg })
      else for (const concrete of resolveUpdatePath(doc, path, parts, matchedKey)) writes.push({ op, path: concrete.join('.'), parts: concrete, arg })
    }
  }
  for (const w of writes) applyOperator(doc, w.op, w.parts, w.path, w.arg, inserting)
}

function applyOperator(doc: Doc, op: string, parts: string[], path: string, arg: unknown, inserting: boolean): void {
  switch (op) {
    case '$set':
      setField(doc, parts, clone(arg))
      break
    case '$setOnInsert':
      if (inserting) setField(doc, parts, clone(arg))
      break
    case '$unset':
      unsetField(doc, parts)
      break
    case '$inc':
    case '$mul': {
      const n = numeric(arg, op, path)
      const cur = getField(doc, parts)
      if (cur === undefined) setField(doc, parts, op === '$inc' ? n : 0)
      else setField(doc, parts, op === '$inc' ? numeric(cur, op, path) + n : numeric(cur, op, path) * n)
      break
    }
    case '$min':
    case '$max': {
      const cur = getField(doc, parts)
      const c = compare(arg, cur)
      if (cur === undefined || (op === '$min' ? c < 0 : c > 0)) setField(doc, parts, clone(arg))
      break
    }
    case '$rename': {
      if (typeof arg !== 'string') bad('$rename target must be a string')
      const cur = getField(doc, parts)
      if (cur !== undefined) {
        unsetField(doc, parts)
        setField(doc, splitPath(arg), cur)
      }
      break
    }
    case '$currentDate':
      setField(doc, parts, new Date())
      break
    case '$push': {
      const arr = arrayAt(doc, parts, op, path)
      const mods = isPlainObject(arg) && '$each' in arg ? arg : { $each: [arg] }
      if (!Array.isArray(mods.$each)) bad('$each must be an array')
      const items = (mods.$each as unknown[]).map(clone)
      const pos = mods.$position
      if (pos !== undefined && typeof pos !== 'number') bad('$position must be a number')
      const at = pos === undefined ? arr.length : pos < 0 ? Math.max(0, arr.length + pos) : Math.min(pos, arr.length)
      arr.splice(at, 0, ...items)
      if (mods.$sort !== undefined) sortArray(arr, mods.$sort)
      if (mods.$slice !== undefined) {
        const n = mods.$slice
        if (typeof n !== 'number') bad('$slice must be a number')
        const kept = n >= 0 ? arr.slice(0, n) : arr.slice(Math.max(0, arr.length + n))
        arr.length = 0
        arr.push(...kept)
      }
      break
    }
    case '$addToSet': {
      const arr = arrayAt(doc, parts, op, path)
      const items = isPlainObject(arg) && '$each' in arg ? (arg.$each as unknown[]) : [arg]
      if (!Array.isArray(items)) bad('$each must be an array')
      for (const it of items) if (!arr.some((e) => equals(e, it))) arr.push(clone(it))
      break
    }
    case '$pop': {
      const cur = getField(doc, parts)
      if (cur === undefined) break
      if (!Array.isArray(cur)) fail(`Path '${path}' contains an element of non-array type`)
      if (arg === -1) cur.shift()
      else if (arg === 1) cur.pop()
      else bad('$pop takes 1 or -1')
      break
    }
    case '$pull':
    case '$pullAll': {
      const cur = getField(doc, parts)
      if (cur === undefined) break
      if (!Array.isArray(cur)) fail(`Cannot apply ${op} to a non-array value at '${path}'`)
      let pred: (e: unknown) => boolean
      if (op === '$pull') pred = pullPredicate(arg)
      else {
        if (!Array.isArray(arg)) bad('$pullAll needs an array')
        pred = (e) => arg.some((x) => equals(e, x))
      }
      const kept = cur.filter((e) => !pred(e))
      cur.length = 0
      cur.push(...kept)
      break
    }
    case '$bit': {
      const cur = getField(doc, parts) ?? 0
      if (!isPlainObject(arg)) bad('$bit needs {and|or|xor: int}')
      let v = numeric(cur, op, path)
      if (typeof arg.and === 'number') v &= arg.and
      if (typeof arg.or === 'number') v |= arg.or
      if (typeof arg.xor === 'number') v ^= arg.xor
      setField(doc, parts, v)
      break
    }
    default:
      throw new EmulatorError(PlatformCode.DATABASE_INVALID_OPERRATOR, `unknown update operator: ${op}`)
  }
}

/** Replacement for `set`: the new body keeps the stored `_id`; operators are not allowed here. */
export function replaceDoc(id: unknown, data: Doc): Doc {
  if (isOperatorUpdate(data)) bad('a replacement document must not contain update operators')
  if ('_id' in data && !equals(data._id, id)) fail(`the _id of a replacement document cannot change`)
  const out: Doc = { _id: id }
  for (const k of Object.keys(data)) if (k !== '_id') out[k] = clone(data[k])
  return out
}
