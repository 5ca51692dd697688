/**
 * WeChat's image check on report photos, on the shared request/settle module (../_runtime/media-check):
 * new photos are sent for checking; this function receives every `wxa_media_check` push
 * (../message-push.ts). A verdict on a report photo becomes a `media_check` command on the report (pass
 * shows an unreviewed photo, risky hides it, review leaves it to staff); a verdict on another slice's
 * photo is recorded for that slice's views.
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { systemActor } from '../../src/reports/machine'
import { getById } from '../_runtime/db'
import { parseMediaCheckPush, requestMediaChecks, settleMediaCheck, settleOnSubject, type MediaCheckDoc } from '../_runtime/media-check'
import type { ActionContext, SystemContext } from '../_runtime/router'
import { runCommand } from './store'

/** Asks WeChat to check these photos of a report; best effort, never fails the action that added them. */
export function requestPhotoChecks(ctx: Pick<ActionContext, 'db' | 'cloud' | 'openid' | 'now'>, reportId: string, fileIds: readonly string[]): Promise<void> {
  return requestMediaChecks(ctx, 'reports', { collection: Collection.reports, docId: reportId }, fileIds)
}

export interface MediaCheckOutcome {
  applied: boolean
  reason?: 'unknown_trace' | 'already_settled' | 'check_failed' | 'photo_gone'
}

/** The `wxa_media_check` push: applies the verdict once, and only for a trace id a function asked for. */
export async function onMediaCheckPush(event: Record<string, unknown>, sys: Pick<SystemContext, 'db' | 'now'>): Promise<MediaCheckOutcome> {
  const { traceId, verdict, failed } = parseMediaCheckPush(event)
  const check = await getById<MediaCheckDoc>(sys.db, Collection.mediaChecks, traceId)
  if (!check) return { applied: false, reason: 'unknown_trace' }
  if (check.settledAt) return { applied: false, reason: 'already_settled' }
  if (!verdict) {
    await settleMediaCheck(sys.db, traceId, { failed, settledAt: sys.now })
    return { applied: false, reason: 'check_failed' }
  }
  if (check.collection !== Collection.reports) {
    await settleOnSubject(sys.db, check, verdict, sys.now)
    return { applied: true }
  }
  try {
    await runCommand({ db: sys.db, now: sys.now }, check.docId, { type: 'media_check', fileId: check.fileId, ...verdict }, systemActor, async (t) => {
      await t.collection(Collection.mediaChecks).doc(traceId).update({ data: { verdict, settledAt: sys.now } })
    })
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'NOT_FOUND')) throw err
    await settleMediaCheck(sys.db, traceId, { verdict, settledAt: sys.now })
    return { applied: false, reason: 'photo_gone' }
  }
  return { applied: true }
}
