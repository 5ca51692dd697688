/** The station QR scene: format within 32 chars, strict parsing, signing, tampering, versions, rotation. */
import {
  formatScene,
  parseScene,
  SCENE_MAX_LENGTH,
  sceneFromLaunchQuery,
  sceneFromScanPath,
  stationCodeFromScene,
} from '../../src/checkins/scene'
import { buildScene, generateStationSecret, rotateStationKey, SIGNATURE_BITS, signatureFor, verifyScene, type StationKey } from '../../src/checkins/signature'

const key: StationKey = { stationCode: 'HJ0012', keyVersion: 3, secret: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ' }

describe('scene format', () => {
  it('is code.version.signature and fits WeChat limit even at the longest code and version', () => {
    const scene = buildScene(key)
    expect(scene).toMatch(/^HJ0012\.3\.[A-Za-z0-9_-]{16}$/)
    const longest = buildScene({ stationCode: 'ABCDEFGHIJKL', keyVersion: 1295, secret: key.secret })
    expect(longest).toMatch(/^ABCDEFGHIJKL\.ZZ\./)
    expect(longest).toHaveLength(SCENE_MAX_LENGTH)
    expect(SIGNATURE_BITS).toBe(96)
  })

  it('parses back to its parts', () => {
    const scene = buildScene(key)
    expect(parseScene(scene)).toEqual({ ok: true, parts: { stationCode: 'HJ0012', keyVersion: 3, signature: scene.slice(-16) } })
    expect(stationCodeFromScene(scene)).toBe('HJ0012')
    expect(parseScene('HJ0012.A1.' + 'a'.repeat(16))).toMatchObject({ ok: true, parts: { keyVersion: 361 } })
  })

  it.each([
    ['', 'empty'],
    [undefined, 'empty'],
    [42, 'empty'],
    ['HJ0012.3.' + 'a'.repeat(24), 'too_long'],
    ['HJ0012.3.aaaaaaaa%aaaaaaa', 'bad_charset'],
    ['HJ0012 3 aaaaaaaaaaaaaaaa', 'bad_charset'],
    ['驿站.3.aaaaaaaaaaaaaaaa', 'bad_charset'],
    ['HJ0012.aaaaaaaaaaaaaaaa', 'bad_shape'],
    ['HJ0012.3.aaaaaaaa.aaaaaaa', 'bad_shape'],
    ['hj0012.3.aaaaaaaaaaaaaaaa', 'bad_station_code'],
    ['H.3.aaaaaaaaaaaaaaaa', 'bad_station_code'],
    ['HJ0012.0.aaaaaaaaaaaaaaaa', 'bad_key_version'],
    ['HJ0012.03.aaaaaaaaaaaaaaaa', 'bad_key_version'],
    ['HJ0012.a.aaaaaaaaaaaaaaaa', 'bad_key_version'],
    ['HJ0012.3.aaaaaaaaaaaaaaa', 'bad_signature'],
    ['HJ0012.3.aaaaaaaaaaaaaaa=', 'bad_signature'],
  ])('rejects %p as %s', (raw, error) => {
    expect(parseScene(raw)).toEqual({ ok: false, error })
    expect(stationCodeFromScene(raw)).toBeNull()
  })

  it('refuses to format parts that would not parse back', () => {
    expect(() => formatScene({ stationCode: 'hj', keyVersion: 1, signature: 'a'.repeat(16) })).toThrow(RangeError)
    expect(() => formatScene({ stationCode: 'HJ', keyVersion: 1296, signature: 'a'.repeat(16) })).toThrow(RangeError)
    expect(() => formatScene({ stationCode: 'HJ', keyVersion: 1, signature: 'short' })).toThrow(RangeError)
  })
})

describe('reading the scene on the page', () => {
  const scene = 'HJ0012.3.q3Jx0_a9Lk2bV-7m'
  it('decodes the launch query', () => {
    expect(sceneFromLaunchQuery({ scene: encodeURIComponent(scene) })).toBe(scene)
    expect(sceneFromLaunchQuery({})).toBeNull()
    expect(sceneFromLaunchQuery({ scene: '%E0%A4%A' })).toBeNull()
  })
  it('extracts the scene from an in-app scan path', () => {
    expect(sceneFromScanPath(`pages/checkin/index?from=x&scene=${encodeURIComponent(scene)}`)).toBe(scene)
    expect(sceneFromScanPath('pages/checkin/index')).toBeNull()
    expect(sceneFromScanPath('pages/checkin/index?notscene=1')).toBeNull()
    expect(sceneFromScanPath(undefined)).toBeNull()
  })
})

describe('signature verification', () => {
  const scene = buildScene(key)

  it('accepts the station current scene', () => {
    expect(verifyScene(scene, key)).toMatchObject({ ok: true, parts: { stationCode: 'HJ0012', keyVersion: 3 } })
  })

  it('is deterministic for a key and differs between stations and versions', () => {
    expect(buildScene(key)).toBe(scene)
    expect(signatureFor('HJ0013', 3, key.secret)).not.toBe(signatureFor('HJ0012', 3, key.secret))
    expect(signatureFor('HJ0012', 4, key.secret)).not.toBe(signatureFor('HJ0012', 3, key.secret))
  })

  it('rejects every single-character change of the signature as tampered', () => {
    const sig = scene.slice(-16)
    for (let i = 0; i < 16; i++) {
      const flipped = sig.slice(0, i) + (sig[i] === 'A' ? 'B' : 'A') + sig.slice(i + 1)
      expect(verifyScene(scene.slice(0, -16) + flipped, key)).toEqual({ ok: false, error: 'bad_signature' })
    }
  })

  it('rejects a signature moved onto another station code', () => {
    const moved = scene.replace('HJ0012', 'HJ0013')
    expect(verifyScene(moved, { ...key, stationCode: 'HJ0013' })).toEqual({ ok: false, error: 'bad_signature' })
    expect(verifyScene(moved, key)).toEqual({ ok: false, error: 'station_mismatch' })
  })

  it('calls an older key version revoked and a newer one forged', () => {
    const old = buildScene({ ...key, keyVersion: 2 })
    expect(verifyScene(old, key)).toEqual({ ok: false, error: 'revoked' })
    const ahead = buildScene({ ...key, keyVersion: 4 })
    expect(verifyScene(ahead, key)).toEqual({ ok: false, error: 'bad_signature' })
  })

  it('a rotated secret stops the old poster and signs a new one', () => {
    const next = rotateStationKey(key)
    expect(next.keyVersion).toBe(4)
    expect(next.secret).not.toBe(key.secret)
    expect(verifyScene(scene, next)).toEqual({ ok: false, error: 'revoked' })
    expect(verifyScene(buildScene(next), next).ok).toBe(true)
    // A new secret alone (same version) also breaks the old signature.
    expect(verifyScene(scene, { ...key, secret: generateStationSecret() })).toEqual({ ok: false, error: 'bad_signature' })
  })

  it('reports malformed scenes with the parse error', () => {
    expect(verifyScene('HJ0012.3.' + 'a'.repeat(24), key)).toEqual({ ok: false, error: 'malformed', parseError: 'too_long' })
  })

  it('refuses to sign or verify with a missing or short secret', () => {
    expect(() => buildScene({ ...key, secret: '' })).toThrow(/secret/)
    expect(() => verifyScene(scene, { ...key, secret: 'c2hvcnQ' })).toThrow(/secret/)
  })

  it('generates 256-bit url-safe secrets', () => {
    const secret = generateStationSecret()
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32)
    expect(secret).not.toBe(generateStationSecret())
  })

  it('stops rotating at the last version the format can carry', () => {
    expect(() => rotateStationKey({ stationCode: 'HJ0012', keyVersion: 1295 })).toThrow(RangeError)
  })
})
