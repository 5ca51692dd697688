/**
 * Writing an in-app message: the one place that shapes a `notifications` row, used by every function
 * that tells a person something (inside a transition's transaction, or after a commit with `addNotice`,
 * which a retried run cannot double because the id is derived from the event).
 */
import { Collection } from '../../src/core/collections'
import type { NoticeDoc } from '../../src/users/notices'
import { addOnce, type Database } from './db'

export type NoticeInput = Omit<NoticeDoc, 'read' | 'readAt' | 'createdAt'>

export function noticeData(input: NoticeInput, now: Date): Omit<NoticeDoc, '_id'> {
  const { _id: _omit, ...rest } = input
  return { ...rest, read: false, createdAt: now }
}

/** Adds the message once; answers false when a message with that id already exists. */
export function addNotice(db: Pick<Database, 'collection'>, input: NoticeInput, now: Date): Promise<boolean> {
  return addOnce(db, Collection.notifications, { _id: input._id, ...noticeData(input, now) })
}
