/**
 * CloudBase transactions over the store: optimistic snapshot isolation for single-document operations.
 * A transaction buffers its writes (readers outside it never see them), reads its own writes and otherwise
 * the committed state as of its start (before-images kept only while a transaction is open), and its
 * commit fails with DATABASE_TRANSACTION_CONFLICT — which `db.runTransaction` retries — when a document it
 * touched was committed by someone else after it started, or is being written by another open transaction.
 * Conflicts are reported at commit, not by the read/write that noticed them: wx-server-sdk 4.0.2 rewraps
 * errors of document calls into errCode errors without the string `code`, and runTransaction retries only
 * on an error whose `code` is DATABASE_TRANSACTION_CONFLICT (commit errors reach it raw).
 * Commit applies the write set in one SQLite transaction; open transactions expire after a timeout.
 */
import { randomBytes } from 'node:crypto'
import { EmulatorError, PlatformCode } from '../errors'
import { decodeStored, type Doc } from './ejson'
import { idKey, type CollectionInfo, type Store } from './store'

interface PendingWrite {
  coll: CollectionInfo
  doc: Doc | null // null = delete
}

interface Tx {
  id: string
  startSeq: number
  deadline: number
  invocation: string
  writes: Map<string, PendingWrite>
  reads: Set<string>
  collections: Set<string>
  /** Why this transaction can no longer commit (snapshot lost or write-write conflict); answered at commit. */
  doomed: string | null
}

export function conflict(message: string): EmulatorError {
  return new EmulatorError(PlatformCode.DATABASE_TRANSACTION_CONFLICT, message)
}

/** The platform's answer to any use of a committed, aborted or timed-out transaction (verbatim). */
export const TRANSACTION_NOT_EXIST =
  '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.'

const transactionNotExist = () => new EmulatorError(PlatformCode.DATABASE_TRANSACTION_FAIL, TRANSACTION_NOT_EXIST)

const keyOf = (coll: string, key: string) => coll + '\u0000' + key

export class TransactionManager {
  private seq = 0
  /** Commit sequence of the last write per document, kept only while some transaction could conflict with it. */
  private lastWrite = new Map<string, number>()
  /** Before-images of documents written while a transaction was open, oldest first, for snapshot reads. */
  private history = new Map<string, { seq: number; before: Doc | null }[]>()
  /** Start sequence of the most recently started transaction (the newest snapshot still possibly open). */
  private newestStart = -1
  private txs = new Map<string, Tx>()
  /** Document key -> id of the open transaction holding a pending write to it. */
  private locks = new Map<string, string>()
  private timer: NodeJS.Timeout

  constructor(
    private store: Store,
    readonly timeoutMs: number,
  ) {
    store.onWrite = (coll, key, before) => this.noteWrite(coll, key, before)
    this.timer = setInterval(() => this.expire(), Math.min(1000, timeoutMs))
    this.timer.unref()
  }

  close(): void {
    clearInterval(this.timer)
  }

  private noteWrite(coll: string, key: string, before: Doc | null): void {
    this.seq++
    if (this.txs.size === 0) return
    const k = keyOf(coll, key)
    this.lastWrite.set(k, this.seq)
    // Only the first write after the newest open snapshot needs its before-image: older snapshots are
    // served by the earlier entries, and a later before-image is not what any open snapshot saw.
    const h = this.history.get(k)
    if (!h) this.history.set(k, [{ seq: this.seq, before }])
    else if (h[h.length - 1].seq <= this.newestStart) h.push({ seq: this.seq, before })
  }

  /** The committed document as of the snapshot taken at sequence `start`: the before-image of the first
   *  write after it, or the stored document when nothing was written since. */
  private snapshotDoc(c: CollectionInfo, k: string, ik: string, start: number): Doc | null {
    const h = this.history.get(k)
    if (h) for (const v of h) if (v.seq > start) return v.before
    const row = this.store.getById(c, ik)
    return row ? decodeStored(row.doc) : null
  }

  private expire(): void {
    const now = Date.now()
    for (const tx of this.txs.values()) if (tx.deadline <= now) this.finish(tx)
  }

  private finish(tx: Tx): void {
    for (const k of tx.writes.keys()) if (this.locks.get(k) === tx.id) this.locks.delete(k)
    this.txs.delete(tx.id)
    if (this.txs.size === 0) {
      this.lastWrite.clear()
      this.history.clear()
    } else if (this.lastWrite.size > 10000) {
      const min = Math.min(...[...this.txs.values()].map((t) => t.startSeq))
      for (const [k, s] of this.lastWrite) if (s <= min) this.lastWrite.delete(k)
      for (const [k, h] of this.history) {
        // Keep the first entry after the oldest open snapshot; everything before it serves no one.
        const i = h.findIndex((v) => v.seq > min)
        if (i < 0) this.history.delete(k)
        else if (i > 0) h.splice(0, i)
      }
    }
  }

  start(invocation: string): string {
    this.expire()
    const id = randomBytes(16).toString('hex')
    this.newestStart = this.seq
    this.txs.set(id, { id, startSeq: this.seq, deadline: Date.now() + this.timeoutMs, invocation, writes: new Map(), reads: new Set(), collections: new Set(), doomed: null })
    return id
  }

  private get(id: unknown): Tx {
    if (typeof id !== 'string') throw new EmulatorError(PlatformCode.INVALID_PARAM, 'transactionId must be a string')
    const tx = this.txs.get(id)
    if (!tx) throw transactionNotExist()
    if (tx.deadline <= Date.now()) {
      this.finish(tx)
      throw transactionNotExist()
    }
    return tx
  }

  /** Dooms the transaction when the committed state of a document moved past its snapshot. */
  private checkSnapshot(tx: Tx, k: string): void {
    const s = this.lastWrite.get(k)
    if (s !== undefined && s > tx.startSeq && !tx.doomed) {
      tx.doomed = 'write conflict: a document this transaction uses was changed by another writer after the transaction started'
    }
  }

  /** The document as this transaction sees it: its own pending write, or the committed version. */
  read(txId: unknown, c: CollectionInfo, id: unknown): Doc | null {
    const tx = this.get(txId)
    tx.collections.add(c.name)
    const k = keyOf(c.name, idKey(id))
    const w = tx.writes.get(k)
    if (w) return w.doc
    // Snapshot read: a commit by someone else after this transaction started is not seen (no read skew).
    // The read set is still validated at commit (stricter than MongoDB, which allows write skew).
    tx.reads.add(k)
    return this.snapshotDoc(c, k, idKey(id), tx.startSeq)
  }

  write(txId: unknown, c: CollectionInfo, id: unknown, doc: Doc | null): void {
    const tx = this.get(txId)
    const k = keyOf(c.name, idKey(id))
    const holder = this.locks.get(k)
    if (holder && holder !== tx.id) {
      tx.doomed ??= 'write conflict: another open transaction is writing the same document'
      tx.collections.add(c.name)
      tx.writes.set(k, { coll: c, doc })
      return
    }
    this.checkSnapshot(tx, k)
    tx.collections.add(c.name)
    tx.writes.set(k, { coll: c, doc })
    this.locks.set(k, tx.id)
  }

  commit(txId: unknown): void {
    const tx = this.get(txId)
    if (tx.doomed) {
      this.finish(tx)
      throw conflict(tx.doomed)
    }
    for (const k of [...tx.writes.keys(), ...tx.reads]) {
      const s = this.lastWrite.get(k)
      if (s !== undefined && s > tx.startSeq) {
        this.finish(tx)
        throw conflict('write conflict detected at commit')
      }
    }
    try {
      this.store.transaction(() => {
        for (const [k, w] of tx.writes) {
          const ik = k.slice(k.indexOf('\u0000') + 1)
          const row = this.store.getById(w.coll, ik)
          if (w.doc === null) {
            if (row) this.store.remove(w.coll, row.rid, decodeStored(row.doc))
          } else if (row) this.store.update(w.coll, row.rid, decodeStored(row.doc), w.doc)
          else this.store.insert(w.coll, w.doc)
        }
      })
    } finally {
      this.finish(tx)
    }
  }

  abort(txId: unknown): void {
    const tx = this.txs.get(txId as string)
    // Aborting a transaction that already ended (conflict, timeout) is harmless, as runTransaction does it best-effort.
    if (tx) this.finish(tx)
  }

  /** Strict mode: is this invocation running a transaction that touched `collection`? */
  openOn(invocation: string, collection: string): boolean {
    for (const tx of this.txs.values()) if (tx.invocation === invocation && tx.collections.has(collection) && tx.deadline > Date.now()) return true
    return false
  }

  openCount(): number {
    return this.txs.size
  }
}
