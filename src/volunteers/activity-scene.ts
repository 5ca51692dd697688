/**
 * The activity attendance code's `scene` (≤ 32 characters, WeChat's wxacode.getUnlimited limit): the
 * same signed-scene idea as station codes (src/checkins/scene.ts), in the space that format reserves
 * for other code kinds (a first character that is not [A-Z0-9]). Node-free so pages can tell an
 * activity code from a station code before asking the server.
 *
 *     a.<code>.<keyVersion>.<signature>        e.g.  a.K7P2QX9M.1.q3Jx0_a9Lk2bV-7mPz1w
 *        6–10 [A-Z0-9]  1–2 base36  16 base64url
 *
 * Worst case 2 + 10 + 1 + 2 + 1 + 16 = 32. The signature is the check-in HMAC (src/checkins/signature)
 * over the activity's own random secret.
 */
import { encodeKeyVersion, SCENE_MAX_LENGTH } from '../checkins/scene'

export const ACTIVITY_SCENE_PREFIX = 'a'
export const ACTIVITY_CODE_PATTERN = /^[A-Z0-9]{6,10}$/
const KEY_VERSION_PATTERN = /^[1-9A-Z][0-9A-Z]?$/
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{16}$/

export interface ActivitySceneParts {
  code: string
  keyVersion: number
  signature: string
}

export function formatActivityScene(parts: ActivitySceneParts): string {
  if (!ACTIVITY_CODE_PATTERN.test(parts.code)) throw new RangeError(`bad activity code: ${parts.code}`)
  if (!SIGNATURE_PATTERN.test(parts.signature)) throw new RangeError('bad signature')
  return `${ACTIVITY_SCENE_PREFIX}.${parts.code}.${encodeKeyVersion(parts.keyVersion)}.${parts.signature}`
}

/** Strict parse: one spelling per (code, version, signature); null for anything else. */
export function parseActivityScene(raw: unknown): ActivitySceneParts | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > SCENE_MAX_LENGTH) return null
  const fields = raw.split('.')
  if (fields.length !== 4 || fields[0] !== ACTIVITY_SCENE_PREFIX) return null
  const [, code, version, signature] = fields
  if (!ACTIVITY_CODE_PATTERN.test(code) || !KEY_VERSION_PATTERN.test(version) || !SIGNATURE_PATTERN.test(signature)) return null
  return { code, keyVersion: parseInt(version, 36), signature }
}

export function isActivityScene(raw: unknown): boolean {
  return parseActivityScene(raw) !== null
}
