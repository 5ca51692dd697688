/**
 * Comparison of engine values in MongoDB's BSON type order (null < numbers < strings < objects < arrays
 * < booleans < dates < regex), used by matching, sorting, $min/$max and grouping alike, plus deep clone.
 */
import { isPlainObject } from './ejson'

/** Ranks follow BSON's canonical type order; missing values rank as null, like MongoDB. */
export function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 2
  switch (typeof v) {
    case 'number':
      return 3
    case 'string':
      return 4
    case 'boolean':
      return 9
    case 'object':
      if (Array.isArray(v)) return 6
      if (v instanceof Date) return 10
      if (v instanceof RegExp) return 12
      return 5
    default:
      return 13
  }
}

export function compare(a: unknown, b: unknown): number {
  const ra = typeRank(a)
  const rb = typeRank(b)
  if (ra !== rb) return ra < rb ? -1 : 1
  switch (ra) {
    case 2:
      return 0
    case 3: {
      const x = a as number
      const y = b as number
      // MongoDB orders NaN below every other number and equal to itself.
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1
      if (Number.isNaN(y)) return 1
      return x < y ? -1 : x > y ? 1 : 0
    }
    case 4:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0
    case 9:
      return a === b ? 0 : a ? 1 : -1
    case 10: {
      const x = (a as Date).getTime()
      const y = (b as Date).getTime()
      return x < y ? -1 : x > y ? 1 : 0
    }
    case 12: {
      const x = (a as RegExp).source + '/' + (a as RegExp).flags
      const y = (b as RegExp).source + '/' + (b as RegExp).flags
      return x < y ? -1 : x > y ? 1 : 0
    }
    case 6: {
      const x = a as unknown[]
      const y = b as unknown[]
      const n = Math.min(x.length, y.length)
      for (let i = 0; i < n; i++) {
        const c = compare(x[i], y[i])
        if (c) return c
      }
      return x.length - y.length < 0 ? -1 : x.length > y.length ? 1 : 0
    }
    case 5: {
      // Objects compare field by field in stored order: name first, then value (BSON semantics).
      const x = a as Record<string, unknown>
      const y = b as Record<string, unknown>
      const kx = Object.keys(x).filter((k) => x[k] !== undefined)
      const ky = Object.keys(y).filter((k) => y[k] !== undefined)
      const n = Math.min(kx.length, ky.length)
      for (let i = 0; i < n; i++) {
        const va = x[kx[i]]
        const vb = y[ky[i]]
        const rk = typeRank(va) - typeRank(vb)
        if (rk) return rk < 0 ? -1 : 1
        if (kx[i] !== ky[i]) return kx[i] < ky[i] ? -1 : 1
        const c = compare(va, vb)
        if (c) return c
      }
      return kx.length < ky.length ? -1 : kx.length > ky.length ? 1 : 0
    }
  }
  return 0
}

export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return a !== undefined || b !== undefined
  if (typeof a !== 'object' && typeof b !== 'object' && typeof a !== typeof b) {
    return (a === undefined && b === null) || (a === null && b === undefined)
  }
  return compare(a, b) === 0
}

/** Sort key of a field value: arrays sort by their smallest (ascending) or largest (descending) element. */
export function sortKey(v: unknown, dir: number): unknown {
  if (!Array.isArray(v)) return v
  if (v.length === 0) return undefined
  let best = v[0]
  for (let i = 1; i < v.length; i++) {
    const c = compare(v[i], best)
    if (dir > 0 ? c < 0 : c > 0) best = v[i]
  }
  return best
}

export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v
  if (v instanceof Date) return new Date(v.getTime()) as T
  if (v instanceof RegExp) return v
  if (Array.isArray(v)) return v.map(clone) as T
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v as object)) out[k] = clone((v as Record<string, unknown>)[k])
  return out as T
}

export function isNumber(v: unknown): v is number {
  return typeof v === 'number'
}

export { isPlainObject }
