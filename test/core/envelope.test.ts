/** The response envelope: construction, shape check of untrusted transport output, unwrap. */
import { fail, isEnvelope, ok, unwrap } from '../../src/core/envelope'
import { AppError, errorText, ErrorCode } from '../../src/core/errors'

describe('envelope', () => {
  it('wraps success', () => expect(ok({ a: 1 })).toEqual({ ok: true, data: { a: 1 } }))
  it('wraps errors with the field only when there is one', () => {
    expect(fail(new AppError('FORBIDDEN'))).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: errorText.FORBIDDEN } })
    expect(fail(new AppError('INVALID_ARGUMENT', 'nickname不能为空', 'nickname'))).toEqual({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'nickname不能为空', field: 'nickname' } })
  })
  it('recognises only well-formed envelopes', () => {
    expect(isEnvelope(ok(null))).toBe(true)
    expect(isEnvelope(fail(new AppError('INTERNAL')))).toBe(true)
    for (const bad of [null, undefined, 'ok', {}, { ok: true }, { ok: false }, { ok: false, error: { code: 'NOPE', message: 'x' } }, { ok: false, error: { code: 'INTERNAL' } }]) {
      expect(isEnvelope(bad)).toBe(false)
    }
  })
  it('unwrap returns data or throws the carried AppError', () => {
    expect(unwrap(ok(5))).toBe(5)
    const err = (() => {
      try {
        unwrap(fail(new AppError('NOT_FOUND', '没有找到该驿站', 'stationId')))
      } catch (e) {
        return e as AppError
      }
    })()
    expect(err).toBeInstanceOf(AppError)
    expect(err?.code).toBe('NOT_FOUND')
    expect(err?.field).toBe('stationId')
  })
  it('has a Chinese default message for every code', () => {
    for (const code of Object.values(ErrorCode)) expect(errorText[code]).toMatch(/[\u4e00-\u9fa5]/)
  })
})
