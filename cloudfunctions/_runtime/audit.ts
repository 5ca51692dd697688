/**
 * The append-only audit log. Privileged changes (role grants, balance corrections, report overrides)
 * write an entry with actor, target, before/after and reason. Entries are inserted, never updated or
 * removed; writing inside the caller's transaction makes "changed but not audited" impossible.
 */
import { Collection } from '../../src/core/collections'
import type { AuditEntryDoc } from '../../src/users/model'
import type { Database, Transaction } from './db'

export type AuditInput = Omit<AuditEntryDoc, '_id' | 'at'> & { at?: Date }

export async function writeAudit(target: Database | Transaction, entry: AuditInput, now: Date): Promise<string> {
  const doc: AuditEntryDoc = { ...entry, at: entry.at ?? now }
  const res = await target.collection(Collection.auditLog).add({ data: { ...doc } })
  return res._id
}
