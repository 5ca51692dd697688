/**
 * Content security for text that other people will read: WeChat's msgSecCheck v2 must say `pass`
 * before it is stored. A check that cannot run is an error the person can retry, never a silent pass.
 * A function that calls this lists `security.msgSecCheck` in its config.json openapi permissions.
 * Which fields of which actions go through here, and why the others need not, is declared in
 * cloudfunctions/content-policy.ts (checked by test/functions/content-policy.test.ts).
 */
import { AppError } from '../../src/core/errors'
import type { ActionContext } from './router'

/** scene 1 = 资料 (profile-like data), 2 = 评论 (comments). */
export async function requireCleanText(ctx: Pick<ActionContext, 'cloud' | 'openid'>, text: string, scene: 1 | 2, field: string): Promise<void> {
  const content = text.trim()
  if (!content) return
  let suggest: string | undefined
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const res = (await (ctx.cloud as any).openapi.security.msgSecCheck({ content, version: 2, scene, openid: ctx.openid })) as { result?: { suggest?: string } }
    suggest = res.result?.suggest
  } catch (err) {
    const code = (err as { errCode?: number }).errCode
    if (code === 87014) throw new AppError('CONTENT_REJECTED', '内容含有不适当的信息，请修改后再提交', field)
    throw new AppError('UNAVAILABLE', '内容安全检查暂时不可用，请稍后重试')
  }
  if (suggest !== 'pass') throw new AppError('CONTENT_REJECTED', '内容含有不适当的信息，请修改后再提交', field)
}

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
