/**
 * Result shaping for `get()`: projections (inclusion / exclusion, dotted paths, `$slice`, `$elemMatch`
 * including the SDK's un-encoded command quirk) and multi-key ordering in BSON order.
 */
import { EmulatorError, PlatformCode } from '../errors'
import { isPlainObject, type Doc } from './ejson'
import { compileQuery, fromSdkCommand } from './match'
import { getField, splitPath } from './paths'
import { compare, sortKey } from './values'

function bad(msg: string): never {
  throw new EmulatorError(PlatformCode.INVALID_PARAM, msg)
}

export type Comparator = (a: Doc, b: Doc) => number

export function compileSort(order: unknown): Array<{ path: string; parts: string[]; dir: 1 | -1 }> {
  if (order === undefined || order === null) return []
  if (!isPlainObject(order)) bad('order must be an object')
  return Object.keys(order).map((path) => {
    const d = order[path]
    const dir = d === 1 || d === 'asc' ? 1 : d === -1 || d === 'desc' ? -1 : bad(`invalid sort direction for ${path}`)
    return { path, parts: splitPath(path), dir }
  })
}

export function comparator(keys: Array<{ parts: string[]; dir: 1 | -1 }>): Comparator {
  return (a, b) => {
    for (const k of keys) {
      const c = compare(sortKey(getField(a, k.parts) ?? resolveForSort(a, k.parts), k.dir), sortKey(getField(b, k.parts) ?? resolveForSort(b, k.parts), k.dir))
      if (c) return k.dir * c
    }
    return 0
  }
}

/** Sorting on `arr.x` where arr is an array of objects uses every element's x (MongoDB multikey sort). */
function resolveForSort(d: Doc, parts: string[]): unknown {
  let vals: unknown[] = [d]
  for (const p of parts) {
    const next: unknown[] = []
    for (const v of vals) {
      if (Array.isArray(v)) for (const e of v) isPlainObject(e) && e[p] !== undefined && next.push(e[p])
      else if (isPlainObject(v) && v[p] !== undefined) next.push(v[p])
    }
    vals = next
  }
  if (vals.length === 0) return undefined
  return vals.length === 1 ? vals[0] : vals.flat()
}

interface Node {
  children: Map<string, Node>
  leaf?: { include: boolean } | { slice: number | [number, number] } | { elemMatch: (e: unknown) => boolean }
}

export type Projector = (doc: Doc) => Doc

export function compileProjection(proj: unknown): Projector | null {
  if (proj === undefined || proj === null) return null
  if (!isPlainObject(proj)) bad('projection must be an object')
  const keys = Object.keys(proj)
  if (keys.length === 0) return null
  const root: Node = { children: new Map() }
  let inclusion: boolean | null = null
  let idInclude = true
  for (const path of keys) {
    const v = proj[path]
    let leaf: Node['leaf']
    if (isPlainObject(v)) {
      if ('$slice' in v) {
        const s = v.$slice
        if (typeof s !== 'number' && !(Array.isArray(s) && s.length === 2 && s.every((x) => typeof x === 'number'))) bad('$slice needs n or [skip, n]')
        leaf = { slice: s as number | [number, number] }
      } else if ('$elemMatch' in v) {
        const m = compileQuery(fromSdkCommand(v.$elemMatch))
        leaf = { elemMatch: (e) => isPlainObject(e) && m(e) }
        if (inclusion === false) bad('cannot mix $elemMatch with exclusion')
        inclusion = true
      } else bad(`unsupported projection operator for ${path}`)
    } else {
      const include = v === true || (typeof v === 'number' && v !== 0)
      if (path === '_id') {
        idInclude = include
        continue
      }
      if (inclusion !== null && inclusion !== include) {
        throw new EmulatorError(PlatformCode.DATABASE_REQUEST_FAILED, `Projection cannot have a mix of inclusion and exclusion (${path})`)
      }
      inclusion = include
      leaf = { include }
    }
    let node = root
    for (const p of splitPath(path)) {
      let next = node.children.get(p)
      if (!next) node.children.set(p, (next = { children: new Map() }))
      node = next
    }
    node.leaf = leaf
  }
  // `{_id: 1}` alone is an inclusion projection that keeps only _id.
  const mode = inclusion ?? (keys.length === 1 && keys[0] === '_id' && idInclude)
  return (doc) => {
    const out = (mode ? include(doc, root) : exclude(doc, root)) as Doc
    if (idInclude && doc._id !== undefined) return mode ? { _id: doc._id, ...out } : out
    delete out._id
    return out
  }
}

function sliceOf(arr: unknown[], s: number | [number, number]): unknown[] {
  if (typeof s === 'number') return s >= 0 ? arr.slice(0, s) : arr.slice(s)
  const start = s[0] < 0 ? Math.max(0, arr.length + s[0]) : s[0]
  return arr.slice(start, start + s[1])
}

function applyLeaf(v: unknown, leaf: NonNullable<Node['leaf']>): unknown {
  if ('slice' in leaf) return Array.isArray(v) ? sliceOf(v, leaf.slice) : v
  if ('elemMatch' in leaf) {
    if (!Array.isArray(v)) return undefined
    const hit = v.find(leaf.elemMatch)
    return hit === undefined ? undefined : [hit]
  }
  return v
}

function include(v: unknown, node: Node): unknown {
  if (Array.isArray(v)) return v.filter((e) => isPlainObject(e) || Array.isArray(e)).map((e) => include(e, node))
  if (!isPlainObject(v)) return undefined
  const out: Doc = {}
  for (const [k, child] of node.children) {
    if (!(k in v)) continue
    let r: unknown
    if (child.leaf && !('include' in child.leaf && !child.leaf.include)) r = 'include' in child.leaf ? v[k] : applyLeaf(v[k], child.leaf)
    else if (child.children.size) r = include(v[k], child)
    if (r !== undefined) out[k] = r
  }
  return out
}

function exclude(v: unknown, node: Node): unknown {
  if (Array.isArray(v)) return v.map((e) => (isPlainObject(e) ? exclude(e, node) : e))
  if (!isPlainObject(v)) return v
  const out: Doc = {}
  for (const k of Object.keys(v)) {
    const child = node.children.get(k)
    if (!child) out[k] = v[k]
    else if (child.leaf && 'include' in child.leaf) continue
    else if (child.leaf) {
      const r = applyLeaf(v[k], child.leaf)
      if (r !== undefined) out[k] = r
    } else out[k] = exclude(v[k], child)
  }
  return out
}

export { getField }
