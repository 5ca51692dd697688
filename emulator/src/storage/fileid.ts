/**
 * `cloud://<env>.<bucket>/<path>` file IDs and the cloud paths inside them. A cloud path is relative,
 * '/'-separated, and may not climb out of the bucket — it becomes a file path on disk.
 */
import { EmulatorError, PlatformCode } from '../errors'

export function bucketFor(envId: string): string {
  // Shaped like a real bucket: <hex of the env's first two characters>-<env>-<app number>.
  return `${Buffer.from(envId.slice(0, 2)).toString('hex')}-${envId}-1300000000`
}

export function makeFileId(envId: string, cloudPath: string): string {
  return `cloud://${envId}.${bucketFor(envId)}/${cloudPath}`
}

/** The cloud path of a file ID of this environment, or undefined when it is not one. */
export function pathOfFileId(envId: string, fileId: unknown): string | undefined {
  if (typeof fileId !== 'string') return undefined
  const prefix = `cloud://${envId}.${bucketFor(envId)}/`
  if (!fileId.startsWith(prefix)) return undefined
  try {
    return normalizeCloudPath(fileId.slice(prefix.length))
  } catch {
    return undefined
  }
}

export function normalizeCloudPath(p: unknown): string {
  if (typeof p !== 'string' || p.length === 0) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'cloudPath is required')
  if (p.length > 1024) throw new EmulatorError(PlatformCode.INVALID_PARAM, 'cloudPath is longer than 1024 characters')
  const segments = p.replace(/^\/+/, '').split('/')
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes('\0') || s.includes('\\'))) {
    throw new EmulatorError(PlatformCode.INVALID_PARAM, `invalid cloudPath: ${p}`)
  }
  return segments.join('/')
}
