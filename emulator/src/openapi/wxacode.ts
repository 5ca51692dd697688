/**
 * `wxacode.getUnlimited`: a real, scannable QR PNG whose text carries the page and scene. A real WeChat
 * code is a round "mini-program code" only WeChat can draw and decode; a plain QR lets tests and the H5
 * dev flow read the scene back with any QR decoder.
 */
import QRCode from 'qrcode'
import type { OpenApiAnswer, OpenApiParams } from './types'

/** The scene's allowed characters and length, as documented for getUnlimited. */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

/** Text inside the emulator's code: `wxacode://<appid>/<page>?scene=<urlencoded>&env_version=<v>`. */
export function wxacodeContent(appId: string, page: string, scene: string, envVersion: string): string {
  return `wxacode://${appId}/${page}?scene=${encodeURIComponent(scene)}&env_version=${envVersion}`
}

export function parseWxacodeContent(text: string): { appId: string; page: string; scene: string; envVersion: string } | undefined {
  const m = /^wxacode:\/\/([^/]+)\/([^?]*)\?(.*)$/.exec(text)
  if (!m) return undefined
  const q = new URLSearchParams(m[3])
  return { appId: m[1], page: m[2], scene: q.get('scene') ?? '', envVersion: q.get('env_version') ?? 'release' }
}

export async function getUnlimited(params: OpenApiParams, appId: string): Promise<OpenApiAnswer> {
  const scene = params.scene
  if (typeof scene !== 'string' || !SCENE.test(scene)) return { json: { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json' } }
  const page = params.page === undefined ? '' : params.page
  // The documentation: the page must exist in a published version and must not start with '/'.
  if (typeof page !== 'string' || page.startsWith('/')) return { json: { errcode: 41030, errmsg: 'invalid page' } }
  const envVersion = typeof params.env_version === 'string' ? params.env_version : 'release'
  const width = Math.min(1280, Math.max(280, Number(params.width) || 430))
  const line = params.line_color as { r?: unknown; g?: unknown; b?: unknown } | undefined
  const dark = line && !params.auto_color ? `#${[line.r, line.g, line.b].map((v) => Math.min(255, Math.max(0, Number(v) || 0)).toString(16).padStart(2, '0')).join('')}` : '#000000'
  // `filterType` is pngjs's own option, passed through by qrcode (not in @types/qrcode). Left out, pngjs
  // tries all five row filters per row in JS: inside jest's VM (where the e2e and function tests host the
  // emulator) an 860 px code took 7–10 s on a loaded machine — past the server SDK's 15 s request timeout
  // with a few at once; unfiltered rows take ~0.5 s, and a QR's flat rows compress about as well.
  const options: QRCode.QRCodeToBufferOptions & { rendererOpts: { filterType: number } } = {
    type: 'png',
    width,
    margin: 2,
    errorCorrectionLevel: 'M',
    color: { dark, light: params.is_hyaline ? '#00000000' : '#ffffff' },
    rendererOpts: { filterType: 0 },
  }
  const png = await QRCode.toBuffer(wxacodeContent(appId, page, scene, envVersion), options)
  return { binary: png, contentType: 'image/png' }
}
