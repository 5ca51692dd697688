/**
 * Idempotency keys for one user intent (a tap on 签到, 兑换, 提交…): made when the intent starts and
 * sent with every retry of it, so the server answers a repeat with the first result. Pages and the
 * offline draft queue use the same maker; `random` is injectable so tests can make keys repeatable.
 * Keys are 24 characters of [A-Za-z0-9], inside what `s.idempotencyKey()` accepts.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const LENGTH = 24

export function newIdempotencyKey(random: () => number = Math.random): string {
  let out = ''
  for (let i = 0; i < LENGTH; i++) out += ALPHABET[Math.floor(random() * ALPHABET.length) % ALPHABET.length]
  return out
}
