/**
 * Positional update paths as MongoDB (under CloudBase) resolves them: `arr.$` names the array element
 * through which the query matched the document (MongoDB's elemMatchKey), `arr.$[]` every element of the
 * array. `resolveUpdatePath` turns one update path into the literal paths the operators then write.
 * Errors carry MongoDB's BadValue messages verbatim.
 */
import { EmulatorError, PlatformCode } from '../errors'
import { isPlainObject, type Doc } from './ejson'
import { compileCondition, isOperatorObject } from './match'
import { collect, getField } from './paths'

const POSITIONAL = '$'
const ALL_POSITIONAL = '$[]'

function badValue(msg: string): never {
  throw new EmulatorError(PlatformCode.DATABASE_REQUEST_FAILED, msg)
}

function isIndex(part: string): boolean {
  return /^\d+$/.test(part)
}

/** True when a split update path has a `$`, `$[]` or `$[<id>]` part, i.e. needs resolving per document. */
export function isPositionalPath(parts: string[]): boolean {
  return parts.some((p) => p === POSITIONAL || p.startsWith('$['))
}

/**
 * How a field condition sees an array at the end of its path, which decides whether it records a position:
 * `perElement` tests each element (equality, ranges, `$in`, `$regex`, `$type`, …); `elemMatch` matches the
 * member whose contents match; `whole` (`$exists`, `$size`, geo) sees the array as one value, so only an
 * array inside the path records.
 */
type LeafArrays = 'perElement' | 'elemMatch' | 'whole'

const WHOLE_ARRAY_OPERATORS = new Set(['$exists', '$size', '$near', '$nearSphere', '$geoWithin', '$geoIntersects'])

function leafArraysOf(op: string): LeafArrays {
  if (op === '$elemMatch') return 'elemMatch'
  return WHOLE_ARRAY_OPERATORS.has(op) ? 'whole' : 'perElement'
}

/**
 * The position (as a path part) of the first element of the first array on `parts` through which `test`
 * matches `doc`, as MongoDB's path iterator reports it; undefined when the match did not go through an
 * array element (no array on the path, or the whole array matched).
 */
function matchedPosition(doc: unknown, parts: string[], test: (vals: unknown[]) => boolean, leaf: LeafArrays): string | undefined {
  let cur = doc
  for (let i = 0; i < parts.length; i++) {
    if (Array.isArray(cur)) {
      if (isIndex(parts[i])) {
        cur = cur[Number(parts[i])]
        continue
      }
      const j = cur.findIndex((el) => (isPlainObject(el) || Array.isArray(el)) && test(collect(el, parts, i)))
      return j < 0 ? undefined : String(j)
    }
    if (!isPlainObject(cur)) return undefined
    cur = cur[parts[i]]
  }
  if (!Array.isArray(cur) || leaf === 'whole') return undefined
  const j = cur.findIndex((el) => test(leaf === 'elemMatch' ? [[el]] : [el]))
  return j < 0 ? undefined : String(j)
}

/** Negations match by the absence of a value, so MongoDB records no position for them. */
const NON_RECORDING = new Set(['$ne', '$nin', '$not', '$options', '$maxDistance', '$minDistance'])

/**
 * MongoDB's elemMatchKey: the array position recorded while `query` matched `doc`. Field conditions are
 * evaluated in query order (top level and inside `$and`); each one that matches through an array
 * element records its position, and the last one wins. `$or` (of two or more branches), `$nor`, `$expr`
 * and negations record nothing. (With conditions on several arrays MongoDB's choice depends on its plan; it documents the
 * result as unspecified.)
 */
export function elemMatchKey(query: Doc | undefined, doc: Doc): string | undefined {
  let key: string | undefined
  const record = (k: string | undefined) => {
    if (k !== undefined) key = k
  }
  const walk = (q: Doc) => {
    for (const field of Object.keys(q)) {
      const cond = q[field]
      // MongoDB's optimizer folds a one-branch `$or` into its branch, which then records like any condition.
      if (Array.isArray(cond) && (field === '$and' || (field === '$or' && cond.length === 1))) {
        for (const sub of cond) if (isPlainObject(sub)) walk(sub)
        continue
      }
      if (field.startsWith('$')) continue
      const parts = field.split('.')
      if (!isOperatorObject(cond)) {
        record(matchedPosition(doc, parts, compileCondition(cond), 'perElement'))
        continue
      }
      for (const op of Object.keys(cond)) {
        if (NON_RECORDING.has(op)) continue
        // `$all` is a conjunction of equalities (or $elemMatch): each records in turn.
        const singles: Doc[] = op === '$all' && Array.isArray(cond.$all) ? cond.$all.map((e) => (isPlainObject(e) && '$elemMatch' in e ? e : { $eq: e })) : [{ [op]: cond[op] }]
        for (const single of singles) {
          const first = Object.keys(single)[0]
          if (first === '$regex' && '$options' in cond) single.$options = cond.$options
          if (first === '$near' || first === '$nearSphere') {
            if ('$maxDistance' in cond) single.$maxDistance = cond.$maxDistance
            if ('$minDistance' in cond) single.$minDistance = cond.$minDistance
          }
          record(matchedPosition(doc, parts, compileCondition(single), leafArraysOf(first)))
        }
      }
    }
  }
  if (query) walk(query)
  return key
}

function shown(v: unknown): string {
  return JSON.stringify(v) ?? String(v)
}

/**
 * The literal paths one update path writes in `doc`. `matchedKey` yields the query's elemMatchKey (asked
 * only when the path has a `$`; undefined on insert, as in an upsert). Checks run in MongoDB's order:
 * path syntax first, then the document.
 */
export function resolveUpdatePath(doc: Doc, path: string, parts: string[], matchedKey: () => string | undefined): string[][] {
  const dollars = parts.filter((p) => p === POSITIONAL).length
  if (dollars > 1) badValue(`Too many positional (i.e. '$') elements found in path '${path}'`)
  if (parts[0] === POSITIONAL) badValue(`Cannot have positional (i.e. '$') element in the first position in path '${path}'`)
  if (parts[0].startsWith('$[')) badValue(`Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '${path}'`)
  for (const p of parts) {
    // The SDK has no arrayFilters option, so an identifier can never be declared.
    const id = /^\$\[(.+)\]$/.exec(p)
    if (id) badValue(`No array filter found for identifier '${id[1]}' in path '${path}'`)
  }
  let concrete = parts
  if (dollars === 1) {
    const key = matchedKey()
    if (key === undefined) badValue('The positional operator did not find the match needed from the query.')
    concrete = parts.map((p) => (p === POSITIONAL ? key : p))
  }
  const out: string[][] = []
  const expand = (prefix: string[], i: number) => {
    while (i < concrete.length && concrete[i] !== ALL_POSITIONAL) prefix = [...prefix, concrete[i++]]
    if (i === concrete.length) {
      out.push(prefix)
      return
    }
    const arr = getField(doc, prefix)
    if (arr === undefined) badValue(`The path '${prefix.join('.')}' must exist in the document in order to apply array updates.`)
    if (!Array.isArray(arr)) badValue(`Cannot apply array updates to non-array element ${prefix[prefix.length - 1]}: ${shown(arr)}`)
    for (let j = 0; j < arr.length; j++) expand([...prefix, String(j)], i + 1)
  }
  expand([], 0)
  return out
}
