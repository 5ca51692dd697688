/**
 * `security.msgSecCheck` against a local word list. v2 (what the project uses) answers result.suggest
 * pass/risky, label, detail and trace_id; v1 answers errcode 87014 for risky text
 * (wechat-platform-and-security.md §3). `security.mediaCheckAsync` (v2) validates its request here and
 * answers a trace_id; its verdict is pushed later (see `push.ts`).
 */
import { randomBytes } from 'node:crypto'
import { EmulatorError, PlatformCode } from '../errors'
import type { OpenApiAnswer, OpenApiParams, SensitiveWord } from './types'

/** A small illustrative list; projects pass their own with `sensitiveWords`. */
export const DEFAULT_SENSITIVE_WORDS: SensitiveWord[] = [
  { word: '赌博', label: 20006 },
  { word: '代开发票', label: 20006 },
  { word: '色情', label: 20002 },
  { word: '傻逼', label: 20003 },
  { word: '加微信领红包', label: 10001 },
]

const MAX_CONTENT = 2500

export function normalizeWords(words: Array<string | SensitiveWord> | undefined): SensitiveWord[] {
  if (!words) return DEFAULT_SENSITIVE_WORDS
  return words.map((w) => (typeof w === 'string' ? { word: w, label: 21000 } : w)).filter((w) => w.word.length > 0)
}

export function msgSecCheck(params: OpenApiParams, words: SensitiveWord[]): OpenApiAnswer {
  const content = params.content
  if (typeof content !== 'string' || content.length > MAX_CONTENT) return { json: { errcode: 47001, errmsg: 'data format error: content must be a string of at most 2500 characters' } }
  const texts = [content, params.nickname, params.title, params.signature].filter((t): t is string => typeof t === 'string')
  const hit = findWord(texts, words)
  const traceId = newTraceId()
  if (Number(params.version) !== 2) {
    return { json: hit ? { errcode: 87014, errmsg: 'risky content' } : { errcode: 0, errmsg: 'ok' } }
  }
  if (typeof params.openid !== 'string' || params.openid === '') return { json: { errcode: 40003, errmsg: 'invalid openid' } }
  const scene = Number(params.scene)
  if (!(scene >= 1 && scene <= 4)) return { json: { errcode: 47001, errmsg: 'data format error: scene must be 1, 2, 3 or 4' } }
  const suggest = hit ? 'risky' : 'pass'
  const label = hit ? hit.label : 100
  return {
    json: {
      errcode: 0,
      errmsg: 'ok',
      result: { suggest, label },
      detail: [
        { strategy: 'content_model', errcode: 0, suggest, label, prob: hit ? 90 : 0 },
        { strategy: 'keyword', errcode: 0, suggest, label, ...(hit ? { level: 20, keyword: hit.word } : {}) },
      ],
      trace_id: traceId,
    },
  }
}

function findWord(texts: string[], words: SensitiveWord[]): SensitiveWord | undefined {
  const lowered = texts.map((t) => t.toLowerCase())
  return words.find((w) => lowered.some((t) => t.includes(w.word.toLowerCase())))
}

/** A trace id shaped like the platform's (three hex groups). */
export function newTraceId(): string {
  return `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(8).toString('hex')}`
}

export type MediaSuggest = 'pass' | 'risky' | 'review'

export interface MediaVerdict {
  suggest: MediaSuggest
  /** 100 正常; otherwise a msgSecCheck-style label (20002 色情, 21000 其他, …). */
  label: number
}

/** What the verdict rule sees: the `media_url` as given and, when it is one of the emulator's own temp URLs, the stored file's cloud path. */
export interface MediaRef {
  url: string
  path?: string
}

export type MediaVerdictRule = (media: MediaRef) => MediaVerdict

/**
 * The default verdict: the cloud path (or else the URL's path) containing 'risky' is risky with label
 * 20002, 'review' is review with label 21000, anything else passes with label 100.
 */
export const defaultMediaVerdict: MediaVerdictRule = (media) => {
  const subject = (media.path ?? urlPath(media.url)).toLowerCase()
  if (subject.includes('risky')) return { suggest: 'risky', label: 20002 }
  if (subject.includes('review')) return { suggest: 'review', label: 21000 }
  return { suggest: 'pass', label: 100 }
}

function urlPath(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname)
  } catch {
    return url
  }
}

/** A validated mediaCheckAsync v2 request. */
export interface MediaCheckRequest {
  traceId: string
  mediaUrl: string
  mediaType: 1 | 2
  openid: string
  scene: number
}

const MAX_MEDIA_URL = 2048

/**
 * Validates `security.mediaCheckAsync` as msgSecCheck does (47001 data format error, 40003 invalid
 * openid). Version 1 (deprecated since 2021-09, a different push payload) is not emulated.
 */
export function mediaCheckAsync(params: OpenApiParams): { answer: OpenApiAnswer; request?: MediaCheckRequest } {
  const mediaUrl = params.media_url
  if (typeof mediaUrl !== 'string' || mediaUrl === '' || mediaUrl.length > MAX_MEDIA_URL) return { answer: { json: { errcode: 47001, errmsg: 'data format error: media_url must be a non-empty URL string' } } }
  const mediaType = Number(params.media_type)
  if (mediaType !== 1 && mediaType !== 2) return { answer: { json: { errcode: 47001, errmsg: 'data format error: media_type must be 1 (audio) or 2 (image)' } } }
  if (Number(params.version) !== 2) throw new EmulatorError(PlatformCode.NOT_EMULATED, 'not emulated: security.mediaCheckAsync version 1 (deprecated; send version: 2)')
  if (typeof params.openid !== 'string' || params.openid === '') return { answer: { json: { errcode: 40003, errmsg: 'invalid openid' } } }
  const scene = Number(params.scene)
  if (!(scene >= 1 && scene <= 4)) return { answer: { json: { errcode: 47001, errmsg: 'data format error: scene must be 1, 2, 3 or 4' } } }
  const traceId = newTraceId()
  return { answer: { json: { errcode: 0, errmsg: 'ok', trace_id: traceId } }, request: { traceId, mediaUrl, mediaType, openid: params.openid, scene } }
}
