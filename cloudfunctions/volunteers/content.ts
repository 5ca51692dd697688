/**
 * Content security for the volunteer texts other people read — an activity's title, description and
 * meeting address (everyone browsing), a join note (the captains), a captain's decline or removal
 * reason (the volunteer it concerns). Each text goes through the platform check before anything is
 * written; a risky one answers with its own field and a message saying what to change, so the form
 * keeps everything else the person typed.
 */
import { AppError } from '../../src/core/errors'
import { requireCleanText } from '../_runtime/content'
import type { ActionContext } from '../_runtime/router'

export interface CheckedText {
  text: string | undefined
  field: string
  /** 1 = 资料 (activity information), 2 = 评论 (notes and reasons). */
  scene: 1 | 2
  /** Shown when the text is refused: which text, and what to do next. */
  message: string
}

/**
 * Checks the texts side by side (one round trip of latency, not one per field). A refusal wins over
 * an unavailable check, and the first refused field in `texts` order is the one named.
 */
export async function requireCleanTexts(ctx: Pick<ActionContext, 'cloud' | 'openid'>, texts: CheckedText[]): Promise<void> {
  const present = texts.filter((t) => t.text && t.text.trim())
  const results = await Promise.allSettled(present.map((t) => requireCleanText(ctx, t.text as string, t.scene, t.field)))
  const refused = results.findIndex((r) => r.status === 'rejected' && r.reason instanceof AppError && r.reason.code === 'CONTENT_REJECTED')
  if (refused >= 0) throw new AppError('CONTENT_REJECTED', present[refused].message, present[refused].field)
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
}
