/**
 * Turns a validation error into text about the field the person sees: the shared schema names fields
 * by their code path (`nickname不能为空`); pages pass their Chinese labels (`{ nickname: '昵称' }`).
 */
import type { AppError } from '../core/errors'

export function describeError(error: AppError, labels: Record<string, string> = {}): string {
  if (error.code !== 'INVALID_ARGUMENT' || !error.field) return error.message
  const label = labels[error.field]
  return label && error.message.startsWith(error.field) ? label + error.message.slice(error.field.length) : error.message
}
