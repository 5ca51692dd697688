/**
 * Content security for text that other people will read (station names and descriptions, problem
 * notes, report descriptions): WeChat's msgSecCheck v2 must say `pass` before it is stored. A check
 * that cannot run is an error the person can retry, never a silent pass. A function that calls this
 * lists `security.msgSecCheck` in its config.json openapi permissions.
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
