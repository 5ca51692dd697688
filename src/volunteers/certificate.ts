/**
 * Service-hour certificates (志愿服务时长证明) as 《志愿服务记录与证明出具办法》 asks: the volunteer's
 * identity, the hours, what the service was, the issuing organisation, a certificate number and the
 * date — issued free of charge. Server side (node:crypto).
 *
 * Number: `NX-<YYYYMMDD>-<serial>-<check>`, e.g. NX-20250602-7K3M9Q-A4TZ
 *  - YYYYMMDD: China date of the service;
 *  - serial: 6 Crockford base-32 characters from SHA-256 of the sign-up id, so issuing twice gives the
 *    same number (idempotent) and numbers do not reveal how many were issued;
 *  - check: 4 base-32 characters of HMAC-SHA256(issuer key, "nuanxin.cert.v1|<date>-<serial>"). Anyone
 *    holding the key verifies a number offline; a typo or an invented number fails (1 in ~10^6 passes
 *    by chance), and the stored record then supplies the details.
 */
import { createHash, createHmac } from 'node:crypto'
import { chinaDateKey } from '../core/time'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const CONTEXT = 'nuanxin.cert.v1'
export const CERTIFICATE_PATTERN = /^NX-(\d{8})-([0-9A-HJKMNP-TV-Z]{6})-([0-9A-HJKMNP-TV-Z]{4})$/
/** Printed on every certificate: the rules require the certificate to be free. */
export const FREE_OF_CHARGE_TEXT = '本证明免费出具'

function base32(bytes: Buffer, chars: number): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5 && out.length < chars) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
    if (out.length >= chars) break
  }
  return out
}

function checkFor(body: string, secret: string): string {
  if (!secret || secret.length < 16) throw new Error('certificate key is missing or too short')
  return base32(createHmac('sha256', secret).update(`${CONTEXT}|${body}`).digest(), 4)
}

/** The certificate number for one sign-up's service on `serviceDate`. */
export function certificateNumber(signupId: string, serviceDate: Date, secret: string): string {
  const date = chinaDateKey(serviceDate).replace(/-/g, '')
  const serial = base32(createHash('sha256').update(`${CONTEXT}|${signupId}`).digest(), 6)
  const body = `${date}-${serial}`
  return `NX-${body}-${checkFor(body, secret)}`
}

/** Normalises what a person typed (case, spaces, O/I/L look-alikes) before checking. */
export function normaliseCertificateNumber(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
}

export type CertificateCheck = { ok: true; serviceDate: string } | { ok: false; reason: 'format' | 'check' }

export function verifyCertificateNumber(input: string, secret: string): CertificateCheck {
  const m = CERTIFICATE_PATTERN.exec(normaliseCertificateNumber(input))
  if (!m) return { ok: false, reason: 'format' }
  const [, date, serial, check] = m
  if (checkFor(`${date}-${serial}`, secret) !== check) return { ok: false, reason: 'check' }
  return { ok: true, serviceDate: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}` }
}

/** The platform's volunteer number for a user: stable, not the OPENID, readable on paper. */
export function volunteerNumber(userId: string): string {
  return `NXV${userId.replace(/^u/, '').slice(0, 10).toUpperCase()}`
}

/** Shows a name on a public verification answer without exposing it fully: 王** / 骑手*王. */
export function maskName(name: string): string {
  const chars = [...name]
  if (chars.length <= 1) return '*'
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}
