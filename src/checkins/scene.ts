/**
 * The station QR code's `scene`: format and parse, free of node imports so the check-in page can read
 * the station code from a launch or an in-app scan and show the station before the user confirms.
 * Signing and verifying live in ./signature (server only).
 *
 * Format (≤ 32 visible ASCII characters, WeChat's limit for wxacode.getUnlimited):
 *
 *     <stationCode>.<keyVersion>.<signature>        e.g.  HJ0012.3.q3Jx0_a9Lk2bV-7mPz1w
 *      2–12 of [A-Z0-9]  1–2 base36   16 base64url
 *
 * - stationCode: the station's printable code (StationDoc.code), uppercase so it can be read aloud.
 * - keyVersion: the station's secret version, base36 uppercase without leading zeros (1 … ZZ = 1295);
 *   rotating the secret bumps it, so an old poster is refused as "revoked" without any crypto, and the
 *   signature never needs to be checked against a discarded secret.
 * - signature: the first 96 bits of HMAC-SHA256(stationSecret, "nuanxin.checkin.v1|code|version"),
 *   base64url (12 bytes encode to exactly 16 characters, so there is no padding and no non-canonical
 *   spelling of the same bytes).
 * Worst case 12 + 1 + 2 + 1 + 16 = 32. '.' is in WeChat's allowed scene set and in no field's alphabet.
 * Scenes whose first character is not [A-Z0-9] are reserved for other code kinds (e.g. activities).
 */

export const SCENE_MAX_LENGTH = 32
export const STATION_CODE_PATTERN = /^[A-Z0-9]{2,12}$/
export const KEY_VERSION_MAX = 36 * 36 - 1
export const SIGNATURE_LENGTH = 16
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{16}$/
const KEY_VERSION_PATTERN = /^[1-9A-Z][0-9A-Z]?$/
/** WeChat's allowed scene characters: letters, digits and !#$&'()*+,/:;=?@-._~ */
const WECHAT_SCENE_CHARS = /^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]+$/

export interface SceneParts {
  stationCode: string
  keyVersion: number
  signature: string
}

export const SceneParseError = {
  empty: 'empty',
  too_long: 'too_long',
  bad_charset: 'bad_charset',
  bad_shape: 'bad_shape',
  bad_station_code: 'bad_station_code',
  bad_key_version: 'bad_key_version',
  bad_signature: 'bad_signature',
} as const
export type SceneParseError = (typeof SceneParseError)[keyof typeof SceneParseError]

export type SceneParse = { ok: true; parts: SceneParts } | { ok: false; error: SceneParseError }

export function isStationCode(code: string): boolean {
  return STATION_CODE_PATTERN.test(code)
}

export function isKeyVersion(version: number): boolean {
  return Number.isInteger(version) && version >= 1 && version <= KEY_VERSION_MAX
}

export function encodeKeyVersion(version: number): string {
  if (!isKeyVersion(version)) throw new RangeError(`key version out of range: ${version}`)
  return version.toString(36).toUpperCase()
}

/** Builds the scene text; throws on parts that could never parse back (a programming error, not input). */
export function formatScene(parts: SceneParts): string {
  if (!isStationCode(parts.stationCode)) throw new RangeError(`bad station code: ${parts.stationCode}`)
  if (!SIGNATURE_PATTERN.test(parts.signature)) throw new RangeError('bad signature')
  return `${parts.stationCode}.${encodeKeyVersion(parts.keyVersion)}.${parts.signature}`
}

/** Parses a scene strictly: exactly one spelling per (code, version, signature) is accepted. */
export function parseScene(raw: unknown): SceneParse {
  if (typeof raw !== 'string' || raw.length === 0) return { ok: false, error: 'empty' }
  if (raw.length > SCENE_MAX_LENGTH) return { ok: false, error: 'too_long' }
  if (!WECHAT_SCENE_CHARS.test(raw)) return { ok: false, error: 'bad_charset' }
  const fields = raw.split('.')
  if (fields.length !== 3) return { ok: false, error: 'bad_shape' }
  const [stationCode, version, signature] = fields
  if (!isStationCode(stationCode)) return { ok: false, error: 'bad_station_code' }
  if (!KEY_VERSION_PATTERN.test(version)) return { ok: false, error: 'bad_key_version' }
  if (!SIGNATURE_PATTERN.test(signature)) return { ok: false, error: 'bad_signature' }
  return { ok: true, parts: { stationCode, keyVersion: parseInt(version, 36), signature } }
}

/** The station code for display, or null when the scene is not a station code at all. */
export function stationCodeFromScene(raw: unknown): string | null {
  const parsed = parseScene(raw)
  return parsed.ok ? parsed.parts.stationCode : null
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null
  }
}

/**
 * The scene from a page's launch query: WeChat passes `options.scene` URI-encoded. Returns null when
 * absent or undecodable.
 */
export function sceneFromLaunchQuery(query: Record<string, string | undefined> | undefined): string | null {
  const raw = query?.scene
  if (typeof raw !== 'string' || raw === '') return null
  return safeDecode(raw)
}

/**
 * The scene from wx.scanCode's result `path` for a mini-program code of this app
 * ("pages/checkin/index?scene=HJ0012.3.…", the scene URI-encoded). null for any other path.
 */
export function sceneFromScanPath(path: string | undefined): string | null {
  if (typeof path !== 'string') return null
  const q = path.indexOf('?')
  if (q < 0) return null
  for (const pair of path.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=')
    if (eq > 0 && pair.slice(0, eq) === 'scene') return safeDecode(pair.slice(eq + 1))
  }
  return null
}

/** The page every station code opens (subpackage `checkins`); wxacode.getUnlimited takes it without a leading '/'. */
export const CHECKIN_PAGE = 'checkins/pages/checkin/index'
