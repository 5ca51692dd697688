/**
 * CloudBase transactions over the store: snapshot isolation as MongoDB implements it, for document and
 * condition operations. A transaction buffers its writes (readers outside it never see them), reads its own
 * writes and otherwise the committed state as of its start (before-images kept only while a transaction is
 * open). Conflicts are refused at the write, with DATABASE_TRANSACTION_CONFLICT: a write to a document that
 * another open transaction has an uncommitted write to, or that was committed by anyone after this
 * transaction's snapshot. The refused write aborts the transaction (MongoDB's WriteConflict does the same),
 * so the caller retries with a new one. A non-transactional write to a document an open transaction has
 * already written is not blocked (MongoDB makes it wait); that transaction's commit is refused instead.
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
  collections: Set<string>
}

/**
 * The platform's text for a refused conflicting write was not captured; this is MongoDB's WriteConflict text
 * plus what conflicted. It keeps the words "write conflict": through wx-server-sdk a document call's error
 * loses its string code, and callers can only recognise the conflict by its message.
 */
export function conflict(detail: string): EmulatorError {
  return new EmulatorError(
    PlatformCode.DATABASE_TRANSACTION_CONFLICT,
    `WriteConflict error: this operation conflicted with another operation. Please retry your operation or multi-document transaction. (write conflict: ${detail}; the transaction is aborted)`,
  )
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
    this.txs.set(id, { id, startSeq: this.seq, deadline: Date.now() + this.timeoutMs, invocation, writes: new Map(), collections: new Set() })
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

  /** The document as this transaction sees it: its own pending write, or the committed version. */
  read(txId: unknown, c: CollectionInfo, id: unknown): Doc | null {
    const tx = this.get(txId)
    tx.collections.add(c.name)
    const k = keyOf(c.name, idKey(id))
    const w = tx.writes.get(k)
    if (w) return w.doc
    // Snapshot read: a commit by someone else after this transaction started is not seen (no read skew).
    // Reads take no part in conflicts (MongoDB allows write skew).
    return this.snapshotDoc(c, k, idKey(id), tx.startSeq)
  }

  /**
   * The documents of `c` whose version for this transaction differs from the committed one: its own writes
   * (null = deleted) and the snapshot versions of documents committed by others after it started.
   * Keyed by idKey. A condition query runs on the committed state with these laid over it.
   */
  overlay(txId: unknown, c: CollectionInfo): Map<string, Doc | null> {
    const tx = this.get(txId)
    tx.collections.add(c.name)
    const out = new Map<string, Doc | null>()
    const prefix = c.name + '\u0000'
    for (const [k, h] of this.history) {
      if (!k.startsWith(prefix)) continue
      const v = h.find((e) => e.seq > tx.startSeq)
      if (v) out.set(k.slice(prefix.length), v.before)
    }
    for (const [k, w] of tx.writes) if (k.startsWith(prefix)) out.set(k.slice(prefix.length), w.doc)
    return out
  }

  /** Buffers a write; refuses it (and aborts the transaction) when it conflicts. */
  write(txId: unknown, c: CollectionInfo, id: unknown, doc: Doc | null): void {
    const tx = this.get(txId)
    const k = keyOf(c.name, idKey(id))
    const holder = this.locks.get(k)
    if (holder && holder !== tx.id) {
      this.finish(tx)
      throw conflict(`another open transaction has an uncommitted write to ${c.name}/${String(id)}`)
    }
    const s = this.lastWrite.get(k)
    if (s !== undefined && s > tx.startSeq) {
      this.finish(tx)
      throw conflict(`${c.name}/${String(id)} was changed by another writer after this transaction's snapshot`)
    }
    tx.collections.add(c.name)
    tx.writes.set(k, { coll: c, doc })
    this.locks.set(k, tx.id)
  }

  commit(txId: unknown): void {
    const tx = this.get(txId)
    // Only a non-transactional write after this transaction's own write can get here (it is not blocked).
    for (const k of tx.writes.keys()) {
      const s = this.lastWrite.get(k)
      if (s !== undefined && s > tx.startSeq) {
        this.finish(tx)
        throw conflict(`${k.replace('\u0000', '/')} was written outside the transaction after this transaction wrote it`)
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
