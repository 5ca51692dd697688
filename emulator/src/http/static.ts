/**
 * Serves a built single-page app (the H5 front end) for GET requests that match no emulator route:
 * an existing file is sent as is, anything else falls back to index.html so client-side routes load.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendText } from './respond'
import { contentTypeFor } from './mime'

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  const rootAbs = path.resolve(root)
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
  } catch {
    return sendText(res, 400, 'bad path')
  }
  const candidate = path.resolve(rootAbs, '.' + pathname)
  const inside = candidate === rootAbs || candidate.startsWith(rootAbs + path.sep)
  const file = inside && isFile(candidate) ? candidate : path.join(rootAbs, 'index.html')
  // A missing asset (has an extension) is a 404, not the app shell: the browser would try to run HTML as JS.
  if (file !== candidate && path.extname(pathname) && pathname !== '/index.html') return sendText(res, 404, 'not found')
  if (!isFile(file)) return sendText(res, 404, 'no index.html in static dir')
  const data = fs.readFileSync(file)
  const cache = file.endsWith('index.html') ? 'no-cache' : 'public, max-age=300'
  res.writeHead(200, { 'content-type': contentTypeFor(file), 'content-length': data.length, 'cache-control': cache })
  res.end(req.method === 'HEAD' ? undefined : data)

}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile()
  } catch {
    return false
  }
}
