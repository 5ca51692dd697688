/**
 * A binary-safe multipart/form-data parser over an already size-limited buffer. The SDK's form-data
 * parts carry protobuf bytes (`requestData`) and file bytes without a filename, which streaming parsers
 * such as busboy hand back as lossy decoded strings; here every part keeps its raw bytes.
 */
import { EmulatorError, PlatformCode } from '../errors'

export interface MultipartPart {
  name: string
  filename?: string
  contentType?: string
  data: Buffer
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  return m ? (m[1] ?? m[2]).trim() : undefined
}

export function parseMultipart(body: Buffer, boundary: string, maxParts = 1000): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`)
  const parts: MultipartPart[] = []
  let pos = body.indexOf(delimiter)
  if (pos < 0) throw invalid('no multipart boundary found in body')
  for (;;) {
    pos += delimiter.length
    // "--" right after a delimiter closes the body.
    if (body[pos] === 45 && body[pos + 1] === 45) break
    if (body[pos] === 13 && body[pos + 1] === 10) pos += 2
    const headerEnd = body.indexOf('\r\n\r\n', pos)
    if (headerEnd < 0) throw invalid('truncated multipart part headers')
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'))
    const dataStart = headerEnd + 4
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), dataStart)
    if (next < 0) throw invalid('unterminated multipart part')
    const disposition = headers['content-disposition'] ?? ''
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1]
    if (name === undefined) throw invalid('multipart part without a name')
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1]
    parts.push({ name, filename, contentType: headers['content-type'], data: body.subarray(dataStart, next) })
    if (parts.length > maxParts) throw invalid(`more than ${maxParts} multipart parts`)
    pos = next + 2
  }
  return parts
}

function parseHeaders(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':')
    if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim()
  }
  return out
}

function invalid(message: string) {
  return new EmulatorError(PlatformCode.INVALID_PARAM, `malformed multipart body: ${message}`)
}
