/**
 * Pickup codes: 10 digits — 9 random plus a Luhn check digit, so a mistyped digit or swapped pair is
 * caught before any lookup (Luhn misses only a 09 ↔ 90 swap). Shown grouped `1234 5678 90`; the QR carries `NXPICKUP:<digits>`.
 */

export const PICKUP_CODE_LENGTH = 10
const QR_PREFIX = 'NXPICKUP:'

function luhnDigit(body: string): number {
  let sum = 0
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

/** `random()` returns [0, 1); the server passes a crypto-backed source. */
export function generatePickupCode(random: () => number): string {
  let body = String(1 + Math.floor(random() * 9))
  while (body.length < PICKUP_CODE_LENGTH - 1) body += String(Math.floor(random() * 10))
  return body + String(luhnDigit(body))
}

export function isValidPickupCode(code: string): boolean {
  return new RegExp(`^[1-9]\\d{${PICKUP_CODE_LENGTH - 1}}$`).test(code) && luhnDigit(code.slice(0, -1)) === Number(code.slice(-1))
}

/** Accepts typed text (spaces, dashes) or a scanned QR text; returns the bare digits or null. */
export function normalizePickupInput(text: string): string | null {
  const raw = text.trim().startsWith(QR_PREFIX) ? text.trim().slice(QR_PREFIX.length) : text
  const digits = raw.replace(/[\s-]/g, '')
  return /^\d+$/.test(digits) ? digits : null
}

export function formatPickupCode(code: string): string {
  return code.replace(/^(\d{4})(\d{4})(\d+)$/, '$1 $2 $3')
}

export function pickupQrText(code: string): string {
  return QR_PREFIX + code
}
