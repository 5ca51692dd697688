/**
 * The offline draft queue behind 随手拍: a report composed in a basement is kept as a draft and sent
 * when the network returns — exactly once. The idempotency key is made when the draft is created and
 * travels with every attempt (photo cloud paths are derived from it too, so a re-upload overwrites
 * instead of adding files); the server answers a repeated key with the first report. Only retryable
 * failures (network, platform) keep a draft pending; a refusal (content, location) marks it failed with
 * the reason so the rider can fix it. Storage and I/O are injected, so this runs in tests as is.
 */
import { AppError, retryableCodes } from '../core/errors'
import type { LngLat } from '../core/geo'
import { newIdempotencyKey } from '../core/idempotency'
import type { DeviceFix } from './rules'
import type { ReportCategory } from './vocabulary'

export interface DraftInput {
  categoryId: ReportCategory
  location: LngLat
  /** The device fix, when the reporter moved the pin away from it. */
  deviceFix?: DeviceFix
  address: string
  description?: string
  /** Local file paths of the photos (camera temp files). */
  localPhotos: string[]
}

export interface Draft {
  /** The idempotency key, generated at creation; also the draft's id. */
  key: string
  createdAt: number
  input: DraftInput
  /** fileIDs of photos already uploaded, by index. */
  uploaded: Array<string | null>
  state: 'pending' | 'failed'
  attempts: number
  error?: { code: string; message: string }
}

export interface DraftStore {
  load(): Draft[]
  save(drafts: Draft[]): void
}

export interface SubmitPayload {
  idempotencyKey: string
  categoryId: ReportCategory
  location: LngLat
  deviceFix?: DeviceFix
  address: string
  description?: string
  photos: string[]
}

export interface DraftTransport {
  /** Uploads one local file to `cloudPath`; resolves with the fileID. */
  upload(localPath: string, cloudPath: string, onProgress?: (percent: number) => void): Promise<string>
  submit(payload: SubmitPayload): Promise<{ reportId: string }>
}

/** Where a draft's photo goes in storage: the same path on every attempt. */
export function photoCloudPath(key: string, index: number): string {
  return `reports/${key}/${index}.jpg`
}

export type SendOutcome = { ok: true; reportId: string } | { ok: false; retry: boolean; error: AppError }

export class DraftQueue {
  private sending = new Set<string>()

  constructor(
    private readonly store: DraftStore,
    private readonly transport: DraftTransport,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  list(): Draft[] {
    return this.store.load()
  }

  /** Keeps a new draft (with its idempotency key) before any network is tried. */
  add(input: DraftInput): Draft {
    const draft: Draft = { key: newIdempotencyKey(this.random), createdAt: this.now(), input, uploaded: input.localPhotos.map(() => null), state: 'pending', attempts: 0 }
    this.store.save([...this.store.load(), draft])
    return draft
  }

  remove(key: string): void {
    this.store.save(this.store.load().filter((d) => d.key !== key))
  }

  private update(key: string, change: (d: Draft) => Draft): void {
    this.store.save(this.store.load().map((d) => (d.key === key ? change(d) : d)))
  }

  /**
   * Sends one draft: uploads the photos not yet uploaded, then submits with the draft's key. A draft
   * already being sent is not sent again concurrently (two "network is back" signals in a row).
   */
  async send(key: string, onProgress?: (percent: number) => void): Promise<SendOutcome> {
    if (this.sending.has(key)) return { ok: false, retry: true, error: new AppError('CONFLICT', '正在发送，请稍候') }
    const draft = this.store.load().find((d) => d.key === key)
    if (!draft) return { ok: false, retry: false, error: new AppError('NOT_FOUND', '草稿已发送或已删除') }
    this.sending.add(key)
    try {
      const uploaded = [...draft.uploaded]
      const total = draft.input.localPhotos.length
      for (let i = 0; i < total; i++) {
        if (uploaded[i]) continue
        uploaded[i] = await this.transport.upload(draft.input.localPhotos[i], photoCloudPath(key, i), (p) => onProgress?.(Math.round(((i + p / 100) / total) * 100)))
        this.update(key, (d) => ({ ...d, uploaded: [...uploaded] }))
      }
      const { input } = draft
      const payload: SubmitPayload = { idempotencyKey: key, categoryId: input.categoryId, location: input.location, address: input.address, photos: uploaded as string[] }
      if (input.description) payload.description = input.description
      if (input.deviceFix) payload.deviceFix = input.deviceFix
      const { reportId } = await this.transport.submit(payload)
      this.remove(key)
      return { ok: true, reportId }
    } catch (err) {
      const error = err instanceof AppError ? err : new AppError('UNAVAILABLE')
      const retry = retryableCodes.includes(error.code)
      this.update(key, (d) => ({ ...d, attempts: d.attempts + 1, state: retry ? 'pending' : 'failed', error: { code: error.code, message: error.message } }))
      return { ok: false, retry, error }
    } finally {
      this.sending.delete(key)
    }
  }

  /** Sends every pending draft once, oldest first (called when the network comes back and on app show). */
  async flush(): Promise<{ sent: string[]; kept: string[]; failed: string[] }> {
    const out = { sent: [] as string[], kept: [] as string[], failed: [] as string[] }
    const pending = this.store.load().filter((d) => d.state === 'pending').sort((a, b) => a.createdAt - b.createdAt)
    for (const d of pending) {
      const r = await this.send(d.key)
      if (r.ok) out.sent.push(r.reportId)
      else if (r.retry) out.kept.push(d.key)
      else out.failed.push(d.key)
    }
    return out
  }

  /** After the rider edited a failed draft: back to pending with the SAME key (the server never saw it succeed). */
  retry(key: string, input?: Partial<DraftInput>): void {
    this.update(key, (d) => {
      const next: Draft = { ...d, state: 'pending', input: { ...d.input, ...input } }
      delete next.error
      return next
    })
  }
}
