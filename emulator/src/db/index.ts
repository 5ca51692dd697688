/**
 * PLACEHOLDER seam, to be replaced by the database engine: the `database.*` action table over an
 * embedded SQLite store.
 */
import type { ActionTable } from '../actions'
import type { DatabaseSchema } from '../schema'

export interface DatabaseOptions {
  /** Folder holding `db.sqlite`; undefined = in-memory. */
  dataDir?: string
  strict?: boolean
}

export class DatabaseService {
  readonly actions: ActionTable = {}
  constructor(_options: DatabaseOptions) {}
  applySchema(_schema: DatabaseSchema): void {}
  close(): void {}
}
