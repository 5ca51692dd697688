/**
 * WeChat's asynchronous image check (wechat-platform-and-security.md §3) for every user photo someone
 * other than its author sees. Requesting: each photo goes to security.mediaCheckAsync with a temporary
 * URL, and its trace id is stored with the document the photo belongs to. Settling: WeChat pushes every
 * verdict (`wxa_media_check`) to one function (cloudfunctions/message-push.ts), which records it here
 * whatever slice asked. Reports keep photo states of their own and apply the verdict as a command; for
 * every other document a pass adds the file id to the document's `passedPhotos` (src/core/media-check.ts),
 * which its views filter by, so no view needs another read. A photo without a pass is never shown to
 * others: a check that cannot be requested leaves it to staff.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { isMediaVerdict, MediaVerdict } from '../../src/core/media-check'
import type { Database } from './db'
import { tempFileUrls } from './files'
import type { ActionContext } from './router'

/** The document a checked photo belongs to. */
export interface MediaSubject {
  collection: string
  docId: string
}

export interface MediaCheckDoc extends MediaSubject {
  /** WeChat's trace_id: the only link between a push and the photo, and never shown to clients. */
  _id: string
  fileId: string
  openid: string
  requestedAt: Date
  verdict?: { suggest: MediaVerdict; label: number }
  /** WeChat could not check the file (errcode of the push); staff review it. */
  failed?: number
  settledAt?: Date
}

/** A `wxa_media_check` push, validated: the verdict, or the errcode of a check WeChat could not make. */
export interface MediaCheckPush {
  traceId: string
  verdict?: { suggest: MediaVerdict; label: number }
  failed?: number
}

/** scene 2 (评论): the scene user texts are checked under too. */
const SCENE = 2
const MEDIA_IMAGE = 2

/** Asks WeChat to check these photos of one document; best effort, never fails the action that added them. */
export async function requestMediaChecks(ctx: Pick<ActionContext, 'db' | 'cloud' | 'openid' | 'now'>, fn: string, subject: MediaSubject, fileIds: readonly string[]): Promise<void> {
  if (!fileIds.length) return
  const urls = await tempFileUrls(ctx, [...fileIds])
  await Promise.all(
    fileIds.map(async (fileId) => {
      const mediaUrl = urls.get(fileId)
      try {
        if (!mediaUrl || !/^https?:\/\//.test(mediaUrl)) throw new Error('no download URL for the file')
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const res = (await (ctx.cloud as any).openapi.security.mediaCheckAsync({ mediaUrl, mediaType: MEDIA_IMAGE, version: 2, openid: ctx.openid, scene: SCENE })) as { traceId?: string; trace_id?: string }
        const traceId = res.traceId ?? res.trace_id
        if (!traceId) throw new Error('mediaCheckAsync answered no trace_id')
        const doc: Omit<MediaCheckDoc, '_id'> = { collection: subject.collection, docId: subject.docId, fileId, openid: ctx.openid, requestedAt: ctx.now }
        await ctx.db.collection(Collection.mediaChecks).add({ data: { _id: traceId, ...doc } })
      } catch (err) {
        console.warn(JSON.stringify({ fn, mediaCheck: 'request failed', ...subject, fileId, error: String((err as Error)?.message ?? err).slice(0, 300) }))
      }
    }),
  )
}

export function parseMediaCheckPush(event: Record<string, unknown>): MediaCheckPush {
  const traceId = event.trace_id
  if (typeof traceId !== 'string' || !traceId || traceId.length > 128) throw new AppError('INVALID_ARGUMENT', 'trace_id is required', 'trace_id')
  const failed = typeof event.errcode === 'number' && event.errcode !== 0 ? event.errcode : undefined
  const result = (event.result ?? {}) as { suggest?: unknown; label?: unknown }
  const verdict = isMediaVerdict(result.suggest) ? { suggest: result.suggest, label: typeof result.label === 'number' ? result.label : 0 } : undefined
  if (failed === undefined && !verdict) throw new AppError('INVALID_ARGUMENT', 'result.suggest must be pass, risky or review', 'result.suggest')
  return failed !== undefined ? { traceId, failed } : { traceId, verdict }
}

export async function settleMediaCheck(db: Database, traceId: string, data: Pick<MediaCheckDoc, 'verdict' | 'failed' | 'settledAt'>): Promise<void> {
  await db.collection(Collection.mediaChecks).doc(traceId).update({ data })
}

/**
 * Records a verdict on a photo of any document but a report: a pass first joins the document's
 * `passedPhotos` (a set, so a repeated push changes nothing), then the check is settled.
 */
export async function settleOnSubject(db: Database, check: MediaCheckDoc, verdict: NonNullable<MediaCheckDoc['verdict']>, now: Date): Promise<void> {
  if (verdict.suggest === MediaVerdict.pass) await db.collection(check.collection).doc(check.docId).update({ data: { passedPhotos: db.command.addToSet(check.fileId) } })
  await settleMediaCheck(db, check._id, { verdict, settledAt: now })
}
