/**
 * Dotted field paths over documents: the three readings MongoDB gives them (query matching expands
 * through arrays, updates address exact positions, aggregation maps over arrays) and in-place writes.
 */
import { EmulatorError, PlatformCode } from '../errors'
import { isPlainObject, type Doc } from './ejson'

const splitCache = new Map<string, string[]>()

export function splitPath(path: string): string[] {
  let parts = splitCache.get(path)
  if (!parts) {
    if (path === '' || path.split('.').some((p) => p === '')) {
      throw new EmulatorError(PlatformCode.INVALID_PARAM, `invalid field path: "${path}"`)
    }
    parts = path.split('.')
    if (splitCache.size > 10000) splitCache.clear()
    splitCache.set(path, parts)
  }
  return parts
}

function isIndex(part: string): boolean {
  const c = part.charCodeAt(0)
  return c >= 48 && c <= 57 && /^\d+$/.test(part)
}

/**
 * Candidate values at a path for query matching. Intermediate arrays are traversed element-wise (a
 * numeric part indexes instead); a missing leaf yields `undefined` so null/$exists semantics work.
 * Leaf arrays are returned whole: the matcher decides between whole-array and per-element tests.
 */
export function collect(doc: unknown, parts: string[], i = 0, out: unknown[] = []): unknown[] {
  if (i === parts.length) {
    out.push(doc)
    return out
  }
  if (Array.isArray(doc)) {
    const part = parts[i]
    if (isIndex(part)) {
      const idx = Number(part)
      if (idx < doc.length) collect(doc[idx], parts, i + 1, out)
      else out.push(undefined)
      return out
    }
    let any = false
    for (const el of doc) {
      if (isPlainObject(el) || Array.isArray(el)) {
        collect(el, parts, i, out)
        any = true
      }
    }
    if (!any) out.push(undefined)
    return out
  }
  if (isPlainObject(doc)) return collect(doc[parts[i]], parts, i + 1, out)
  out.push(undefined)
  return out
}

/** Exact read: a numeric part indexes an array, any other part on an array finds nothing. */
export function getField(doc: unknown, parts: string[]): unknown {
  let cur = doc
  for (const part of parts) {
    if (Array.isArray(cur)) {
      if (!isIndex(part)) return undefined
      cur = cur[Number(part)]
    } else if (isPlainObject(cur)) {
      cur = cur[part]
    } else return undefined
  }
  return cur
}

/** Aggregation's reading of `$a.b`: a path through an array maps over its elements. */
export function resolvePath(doc: unknown, parts: string[], i = 0): unknown {
  if (i === parts.length) return doc
  if (Array.isArray(doc)) {
    const out: unknown[] = []
    for (const el of doc) {
      if (isPlainObject(el) || Array.isArray(el)) {
        const v = resolvePath(el, parts, i)
        if (v !== undefined) out.push(v)
      }
    }
    return out
  }
  if (isPlainObject(doc)) return resolvePath(doc[parts[i]], parts, i + 1)
  return undefined
}

function cannot(parts: string[], i: number, what: unknown): never {
  throw new EmulatorError(
    PlatformCode.DATABASE_REQUEST_FAILED,
    `Cannot create field '${parts[i]}' in element {${parts.slice(0, i).join('.')}: ${JSON.stringify(what)}}`,
  )
}

/** Writes a value, creating intermediate objects (and padding arrays with null, as MongoDB does). */
export function setField(doc: Doc, parts: string[], value: unknown): void {
  let cur: unknown = doc
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]
    const last = i === parts.length - 1
    if (Array.isArray(cur)) {
      if (!isIndex(part)) cannot(parts, i, cur)
      const idx = Number(part)
      if (idx > 1_000_000) throw new EmulatorError(PlatformCode.INVALID_PARAM, `array index too large: ${idx}`)
      while (cur.length < idx) cur.push(null)
      if (last) cur[idx] = value
      else {
        if (cur[idx] === undefined || cur[idx] === null) cur[idx] = {}
        cur = cur[idx]
      }
    } else if (isPlainObject(cur)) {
      if (part === '__proto__') throw new EmulatorError(PlatformCode.INVALID_PARAM, 'field name __proto__ is not allowed')
      if (last) cur[part] = value
      else {
        const next = cur[part]
        if (next === undefined || next === null) cur[part] = {}
        else if (typeof next !== 'object' || next instanceof Date || next instanceof RegExp) cannot(parts, i + 1, next)
        cur = cur[part]
      }
    } else cannot(parts, i, cur)
  }
}

/** Removes a field; on an array position MongoDB leaves a null rather than shifting elements. */
export function unsetField(doc: Doc, parts: string[]): boolean {
  let cur: unknown = doc
  for (let i = 0; i < parts.length - 1; i++) {
    if (Array.isArray(cur)) cur = isIndex(parts[i]) ? cur[Number(parts[i])] : undefined
    else if (isPlainObject(cur)) cur = cur[parts[i]]
    else return false
  }
  const last = parts[parts.length - 1]
  if (Array.isArray(cur)) {
    if (!isIndex(last) || Number(last) >= cur.length) return false
    cur[Number(last)] = null
    return true
  }
  if (isPlainObject(cur) && Object.prototype.hasOwnProperty.call(cur, last)) {
    delete cur[last]
    return true
  }
  return false
}
