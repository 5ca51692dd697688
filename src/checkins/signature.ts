/**
 * Signing and verifying station check-in scenes (server only: uses node:crypto). Each station has its
 * own random secret and a key version; the secret lives in an ADMINONLY collection, never on the
 * public-read station document. Rotating it (new secret, version + 1) stops every old poster.
 *
 * Why 96 bits of HMAC-SHA256 are plenty: a scene is only ever checked online by the checkins function,
 * which is per-user rate-limited, and a forged scene would still have to pass the live-scan claim, the
 * geofence around that very station and the cooldown. Guessing a 96-bit tag at even a million tries a
 * day takes ~10^17 years on average. The real threat — a genuine poster photographed and forwarded — is
 * not a forgery at all; the launch-scene and geofence rules handle it, and rotation retires a leaked code.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { encodeKeyVersion, formatScene, parseScene, SIGNATURE_LENGTH, type SceneParseError, type SceneParts } from './scene'

export const SIGNATURE_BITS = 96
/** Domain separation: the same secret must never produce a tag valid in another context. */
const SIGNING_CONTEXT = 'nuanxin.checkin.v1'
const MIN_SECRET_BYTES = 16

/** The server-side key of one station, as stored in the secrets collection. */
export interface StationKey {
  stationCode: string
  keyVersion: number
  /** base64url of ≥ 16 random bytes (generateStationSecret makes 32). */
  secret: string
}

/** A fresh random secret for a new station or a rotation. */
export function generateStationSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** The next key after a rotation: new secret, version + 1 (throws past the format's last version). */
export function rotateStationKey(current: Pick<StationKey, 'stationCode' | 'keyVersion'>): StationKey {
  const keyVersion = current.keyVersion + 1
  encodeKeyVersion(keyVersion)
  return { stationCode: current.stationCode, keyVersion, secret: generateStationSecret() }
}

function secretBytes(secret: string): Buffer {
  const bytes = Buffer.from(secret, 'base64url')
  // A misconfigured (empty/short) secret must fail loudly, never sign with a guessable key.
  if (bytes.length < MIN_SECRET_BYTES) throw new Error('station secret is missing or too short')
  return bytes
}

export function signatureFor(stationCode: string, keyVersion: number, secret: string): string {
  const mac = createHmac('sha256', secretBytes(secret))
    .update(`${SIGNING_CONTEXT}|${stationCode}|${encodeKeyVersion(keyVersion)}`)
    .digest()
  return mac.subarray(0, SIGNATURE_BITS / 8).toString('base64url')
}

/** The scene to pass to wxacode.getUnlimited for this station's current key. */
export function buildScene(key: StationKey): string {
  return formatScene({ stationCode: key.stationCode, keyVersion: key.keyVersion, signature: signatureFor(key.stationCode, key.keyVersion, key.secret) })
}

export const SceneVerifyError = {
  /** Not a station scene at all (see parse). */
  malformed: 'malformed',
  /** The scene names another station than the key given (caller looked up the wrong one). */
  station_mismatch: 'station_mismatch',
  /** Signed with an older key version: a poster from before the last rotation. */
  revoked: 'revoked',
  /** A version the station never had, or a signature that does not match: tampered or forged. */
  bad_signature: 'bad_signature',
} as const
export type SceneVerifyError = (typeof SceneVerifyError)[keyof typeof SceneVerifyError]

export type SceneVerify =
  | { ok: true; parts: SceneParts }
  | { ok: false; error: SceneVerifyError; parseError?: SceneParseError }

export function verifyScene(raw: unknown, key: StationKey): SceneVerify {
  const parsed = parseScene(raw)
  if (!parsed.ok) return { ok: false, error: 'malformed', parseError: parsed.error }
  const { parts } = parsed
  if (parts.stationCode !== key.stationCode) return { ok: false, error: 'station_mismatch' }
  if (parts.keyVersion < key.keyVersion) return { ok: false, error: 'revoked' }
  if (parts.keyVersion > key.keyVersion) return { ok: false, error: 'bad_signature' }
  const expected = Buffer.from(signatureFor(parts.stationCode, parts.keyVersion, key.secret))
  const given = Buffer.from(parts.signature)
  // Both are 16 ASCII chars after parsing; constant-time anyway so timing reveals no prefix.
  if (given.length !== SIGNATURE_LENGTH || !timingSafeEqual(expected, given)) return { ok: false, error: 'bad_signature' }
  return { ok: true, parts }
}
