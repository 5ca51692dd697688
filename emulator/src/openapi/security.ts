/**
 * `security.msgSecCheck` against a local word list. v2 (what the project uses) answers result.suggest
 * pass/risky, label, detail and trace_id; v1 answers errcode 87014 for risky text
 * (wechat-platform-and-security.md §3).
 */
import { randomBytes } from 'node:crypto'
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
  const traceId = `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(8).toString('hex')}`
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
