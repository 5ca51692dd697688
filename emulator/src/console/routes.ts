/**
 * The read-only dev console: `/__console` serves one page, `/__console/api/*` the JSON it reads
 * (collections and documents, outbox, function invocations and logs). Nothing here writes.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FunctionsService } from '../functions/service'
import { sendJson, sendText } from '../http/respond'
import { CONSOLE_HTML } from './page'

/** What the console reads from the database engine; both methods may be absent on older engines. */
interface ConsoleDb {
  listCollections?: () => unknown
  sampleDocuments?: (name: string, limit: number, offset: number) => unknown
}

export interface ConsoleDeps {
  db: object
  functions: FunctionsService
  outbox: () => unknown[]
  envId: string
}

export async function handleConsole(pathname: string, req: IncomingMessage, res: ServerResponse, deps: ConsoleDeps): Promise<boolean> {
  if (req.method !== 'GET') return false
  const q = new URL(req.url ?? '/', 'http://x').searchParams
  const db = deps.db as ConsoleDb
  switch (pathname) {
    case '/__console':
    case '/__console/':
      sendText(res, 200, CONSOLE_HTML, 'text/html; charset=utf-8')
      return true
    case '/__console/api/collections':
      sendJson(res, { envId: deps.envId, collections: db.listCollections ? await db.listCollections() : [], available: !!db.listCollections })
      return true
    case '/__console/api/documents': {
      const name = q.get('collection') ?? ''
      const limit = clamp(Number(q.get('limit')) || 20, 1, 100)
      const offset = clamp(Number(q.get('offset')) || 0, 0, 1e9)
      if (!db.sampleDocuments) return sendJson(res, { documents: [], available: false }), true
      try {
        sendJson(res, { documents: await db.sampleDocuments(name, limit, offset), available: true })
      } catch (err) {
        sendJson(res, { documents: [], error: (err as Error).message })
      }
      return true
    }
    case '/__console/api/outbox':
      sendJson(res, { messages: deps.outbox() })
      return true
    case '/__console/api/functions':
      sendJson(res, { functions: deps.functions.names(), invocations: deps.functions.invocations.slice(-200), logs: deps.functions.logs.slice(-500) })
      return true
    default:
      return false
  }
}

function clamp(n: number, lo: number, hi: number) {
  return Math.min(hi, Math.max(lo, Math.floor(n)))
}
