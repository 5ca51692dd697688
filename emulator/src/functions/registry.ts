/**
 * Finds cloud functions on disk: each `<functionsDir>/<name>/index.js` is a function, with an optional
 * `config.json` as the platform reads it (`timeout` in seconds, `permissions.openapi` whitelist, `triggers`).
 * Looked up on demand, so functions built after the emulator started are found.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface FunctionConfig {
  /** Seconds; the WeChat console's default is 3 (wechat-platform-and-security.md §5). */
  timeout: number
  openapi: string[]
  /** `triggers` as written (validated by the timer service: `{ name, type: 'timer', config: <cron> }`). */
  triggers: unknown[]
}

export interface FunctionInfo {
  name: string
  dir: string
  entry: string
  config: FunctionConfig
}

export const DEFAULT_TIMEOUT_S = 3
/** The platform accepts 1–60 s (wechat-platform-and-security.md §5). */
const MAX_TIMEOUT_S = 60

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/

export function findFunction(functionsDir: string | undefined, name: string): FunctionInfo | undefined {
  if (!functionsDir || !NAME.test(name)) return undefined
  const dir = path.resolve(functionsDir, name)
  const entry = path.join(dir, 'index.js')
  if (!fs.existsSync(entry)) return undefined
  return { name, dir, entry, config: readConfig(dir) }
}

export function listFunctions(functionsDir: string | undefined): string[] {
  if (!functionsDir || !fs.existsSync(functionsDir)) return []
  return fs
    .readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && NAME.test(d.name) && fs.existsSync(path.join(functionsDir, d.name, 'index.js')))
    .map((d) => d.name)
    .sort()
}

function readConfig(dir: string): FunctionConfig {
  const file = path.join(dir, 'config.json')
  let raw: { timeout?: unknown; permissions?: { openapi?: unknown }; triggers?: unknown } = {}
  if (fs.existsSync(file)) {
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'))
    } catch (err) {
      throw new Error(`${file} is not valid JSON: ${(err as Error).message}`)
    }
  }
  const t = typeof raw.timeout === 'number' && raw.timeout > 0 ? Math.min(raw.timeout, MAX_TIMEOUT_S) : DEFAULT_TIMEOUT_S
  const openapi = Array.isArray(raw.permissions?.openapi) ? raw.permissions.openapi.filter((x): x is string => typeof x === 'string') : []
  const triggers = Array.isArray(raw.triggers) ? raw.triggers : []
  return { timeout: t, openapi, triggers }
}
