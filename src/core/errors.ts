/**
 * The closed list of error codes every action may answer with, and the default Chinese text a
 * person sees for each. Shared by cloud functions (which raise them) and pages (which show them).
 */
export const ErrorCode = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  CONTENT_REJECTED: 'CONTENT_REJECTED',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  INSUFFICIENT_POINTS: 'INSUFFICIENT_POINTS',
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  /** The thing was already done or closed (a used, cancelled or expired pickup code): a warning, never a success. */
  ALREADY_CLOSED: 'ALREADY_CLOSED',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

export const errorText: Record<ErrorCode, string> = {
  INVALID_ARGUMENT: '填写的内容有误，请检查后重试',
  UNAUTHENTICATED: '请先登录微信后再试',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '没有找到相关内容，可能已被删除',
  CONFLICT: '操作冲突，请刷新后重试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  CONTENT_REJECTED: '内容未通过安全检查，请修改后重试',
  OUT_OF_RANGE: '不在允许的范围内',
  INSUFFICIENT_POINTS: '积分不足',
  OUT_OF_STOCK: '已兑完，请选择其他礼品',
  ALREADY_CLOSED: '已经办结，不能重复办理',
  UNAVAILABLE: '网络不稳定，请稍后重试',
  INTERNAL: '系统开小差了，请稍后重试',
}

/** Errors a client may safely retry with the same idempotency key. */
export const retryableCodes: readonly ErrorCode[] = ['UNAVAILABLE', 'INTERNAL', 'CONFLICT']

/** Raised by server code and by the transport; carries a stable code and a message a person can act on. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly field?: string
  constructor(code: ErrorCode, message?: string, field?: string) {
    super(message ?? errorText[code])
    this.name = 'AppError'
    this.code = code
    if (field !== undefined) this.field = field
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ErrorCode, value)
}
