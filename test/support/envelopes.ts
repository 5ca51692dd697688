/**
 * Assertions on the envelopes functions answer, shared by the function tests: the data of a success,
 * an error with its code (and field), and a content-security refusal naming the field.
 */
import type { Envelope } from '../../src/core/envelope'

export function data<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${res.error.code}: ${res.error.message}`)
  return res.data
}

/** An error with `code`, a Chinese message and, when given, the field it names. */
export function expectError(res: Envelope<unknown>, code: string, field?: string): void {
  expect(res.ok).toBe(false)
  if (res.ok) return
  expect(res.error.code).toBe(code)
  expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/)
  if (field !== undefined) expect(res.error.field).toBe(field)
}

/** WeChat's text check refused `field`, with a message matching `message`. */
export function expectContentRefused(res: Envelope<unknown>, field: string, message: RegExp): void {
  expect(res.ok).toBe(false)
  if (res.ok) return
  expect({ code: res.error.code, field: res.error.field }).toEqual({ code: 'CONTENT_REJECTED', field })
  expect(res.error.message).toMatch(message)
}
