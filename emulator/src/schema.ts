/**
 * The database schema format the emulator applies on start and a deploy script applies to a real
 * environment: collections, their permission level, and their indexes.
 */
export type Permission = 'READONLY' | 'PRIVATE' | 'ADMINWRITE' | 'ADMINONLY'

export interface IndexKey {
  /** Dotted field path. */
  field: string
  /** 1 / -1 for ordered keys, '2dsphere' for a geo index on a GeoJSON field. */
  direction: 1 | -1 | '2dsphere'
}

export interface IndexSpec {
  name: string
  keys: IndexKey[]
  unique?: boolean
}

export interface CollectionSpec {
  name: string
  permission: Permission
  indexes?: IndexSpec[]
  /** Why the collection exists; shown in the dev console and the deploy log. */
  description?: string
}

export interface DatabaseSchema {
  collections: CollectionSpec[]
}
