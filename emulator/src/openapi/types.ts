/** Shapes shared by the open-API implementations. */

/** Request params after decoding: snake_case keys, JSON values; media params as {contentType, value}. */
export type OpenApiParams = Record<string, unknown>

/** An API's answer: a WeChat JSON body (errcode/errmsg…) or binary content (e.g. a PNG). */
export type OpenApiAnswer = { json: Record<string, unknown> } | { binary: Buffer; contentType: string }

export interface OutboxMessage {
  id: number
  time: number
  api: 'subscribeMessage.send'
  touser: string
  templateId: string
  page?: string
  data: Record<string, unknown>
  miniprogramState?: string
  lang?: string
  /** The function whose invocation sent it, and the user it ran for. */
  fromFunction?: string
  fromOpenid?: string
}

export interface SensitiveWord {
  word: string
  /** msgSecCheck v2 label, e.g. 20001 时政, 20002 色情, 20003 辱骂, 20006 违法犯罪, 21000 其他. */
  label: number
}
