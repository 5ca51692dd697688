/**
 * WeChat's asynchronous image check on report photos (wechat-platform-and-security.md §3). Each new
 * photo goes to security.mediaCheckAsync with a temporary URL and its trace id is stored; the verdict
 * comes back as a `wxa_media_check` message push and becomes a `media_check` command on the report
 * (pass shows an unreviewed photo, risky hides it, review leaves it to staff). A check that cannot be
 * requested leaves the photo pending for staff: nothing is shown unchecked.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { systemActor } from '../../src/reports/machine'
import { MediaVerdict } from '../../src/reports/vocabulary'
import { getById, type Database } from '../_runtime/db'
import type { ActionContext, SystemContext } from '../_runtime/router'
import { runCommand } from './store'
import { photoUrls } from './views'

export interface MediaCheckDoc {
  /** WeChat's trace_id: the only link between a push and the photo, and never shown to clients. */
  _id: string
  reportId: string
  fileId: string
  openid: string
  requestedAt: Date
  verdict?: { suggest: MediaVerdict; label: number }
  /** WeChat could not check the file (errcode of the push); staff review it. */
  failed?: number
  settledAt?: Date
}

/** scene 2 (评论): the same scene report descriptions are checked under. */
const SCENE = 2
const MEDIA_IMAGE = 2

/** Asks WeChat to check these photos of a report; best effort, never fails the action that added them. */
export async function requestPhotoChecks(ctx: Pick<ActionContext, 'db' | 'cloud' | 'openid' | 'now'>, reportId: string, fileIds: readonly string[]): Promise<void> {
  if (!fileIds.length) return
  const urls = await photoUrls(ctx, [...fileIds])
  await Promise.all(
    fileIds.map(async (fileId) => {
      const mediaUrl = urls.get(fileId)
      if (!mediaUrl || !/^https?:\/\//.test(mediaUrl)) return
      try {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const res = (await (ctx.cloud as any).openapi.security.mediaCheckAsync({ mediaUrl, mediaType: MEDIA_IMAGE, version: 2, openid: ctx.openid, scene: SCENE })) as { traceId?: string; trace_id?: string }
        const traceId = res.traceId ?? res.trace_id
        if (!traceId) throw new Error('mediaCheckAsync answered no trace_id')
        const doc: Omit<MediaCheckDoc, '_id'> = { reportId, fileId, openid: ctx.openid, requestedAt: ctx.now }
        await ctx.db.collection(Collection.mediaChecks).add({ data: { _id: traceId, ...doc } })
      } catch (err) {
        console.warn(JSON.stringify({ fn: 'reports', mediaCheck: 'request failed', reportId, fileId, error: String((err as Error)?.message ?? err).slice(0, 300) }))
      }
    }),
  )
}

export interface MediaCheckOutcome {
  applied: boolean
  reason?: 'unknown_trace' | 'already_settled' | 'check_failed' | 'photo_gone'
}

/** The `wxa_media_check` push: applies the verdict once, and only for a trace id this function asked for. */
export async function onMediaCheckPush(event: Record<string, unknown>, sys: Pick<SystemContext, 'db' | 'now'>): Promise<MediaCheckOutcome> {
  const traceId = event.trace_id
  if (typeof traceId !== 'string' || !traceId || traceId.length > 128) throw new AppError('INVALID_ARGUMENT', 'trace_id is required', 'trace_id')
  const failed = typeof event.errcode === 'number' && event.errcode !== 0 ? event.errcode : undefined
  const result = (event.result ?? {}) as { suggest?: unknown; label?: unknown }
  const verdict = isVerdict(result.suggest) ? { suggest: result.suggest, label: typeof result.label === 'number' ? result.label : 0 } : undefined
  if (failed === undefined && !verdict) throw new AppError('INVALID_ARGUMENT', 'result.suggest must be pass, risky or review', 'result.suggest')
  const check = await getById<MediaCheckDoc>(sys.db, Collection.mediaChecks, traceId)
  if (!check) return { applied: false, reason: 'unknown_trace' }
  if (check.settledAt) return { applied: false, reason: 'already_settled' }
  if (failed !== undefined || !verdict) {
    await settle(sys.db, traceId, { failed, settledAt: sys.now })
    return { applied: false, reason: 'check_failed' }
  }
  const { suggest, label } = verdict
  try {
    await runCommand({ db: sys.db, now: sys.now }, check.reportId, { type: 'media_check', fileId: check.fileId, suggest, label }, systemActor, async (t) => {
      await t.collection(Collection.mediaChecks).doc(traceId).update({ data: { verdict: { suggest, label }, settledAt: sys.now } })
    })
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err
    await settle(sys.db, traceId, { verdict: { suggest, label }, settledAt: sys.now })
    return { applied: false, reason: 'photo_gone' }
  }
  return { applied: true }
}

function isVerdict(x: unknown): x is MediaVerdict {
  return x === MediaVerdict.pass || x === MediaVerdict.risky || x === MediaVerdict.review
}

async function settle(db: Database, traceId: string, data: Partial<MediaCheckDoc>): Promise<void> {
  await db.collection(Collection.mediaChecks).doc(traceId).update({ data })
}
