/**
 * `subscribeMessage.send`: validates the request the way the documented errcodes describe and records the
 * message in the outbox instead of delivering it.
 */
import type { CallerIdentity } from '../actions'
import type { OpenApiAnswer, OpenApiParams, OutboxMessage } from './types'

export function subscribeSend(params: OpenApiParams, caller: CallerIdentity | undefined, outbox: OutboxMessage[]): OpenApiAnswer {
  if (typeof params.touser !== 'string' || params.touser === '') return { json: { errcode: 40003, errmsg: 'invalid openid' } }
  if (typeof params.template_id !== 'string' || params.template_id === '') return { json: { errcode: 40037, errmsg: 'invalid template_id' } }
  const data = params.data
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { json: { errcode: 47003, errmsg: 'argument invalid! data is required' } }
  outbox.push({
    id: outbox.length + 1,
    time: Date.now(),
    api: 'subscribeMessage.send',
    touser: params.touser,
    templateId: params.template_id,
    page: typeof params.page === 'string' ? params.page : undefined,
    data: data as Record<string, unknown>,
    miniprogramState: typeof params.miniprogram_state === 'string' ? params.miniprogram_state : undefined,
    lang: typeof params.lang === 'string' ? params.lang : undefined,
    fromFunction: caller?.functionName,
    fromOpenid: caller?.openid || undefined,
  })
  return { json: { errcode: 0, errmsg: 'ok' } }
}
