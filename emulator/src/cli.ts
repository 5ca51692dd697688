/**
 * `npm run emulator`: starts the local CloudBase emulator and keeps it running until SIGINT/SIGTERM.
 *
 *   --port <n>          default 18080 (0 = any free port)
 *   --data <dir>        persist the database and files here (default .data/ in the project)
 *   --memory            keep everything in memory instead
 *   --schema <file>     .ts/.js/.json module exporting `schema` (or default) to apply on start
 *   --functions <dir>   cloud functions, one folder each (default dist/cloudfunctions)
 *   --static <dir>      serve a built H5 app at /
 *   --dev               enable the /__dev routes (loopback only)
 *   --timers            fire the functions' timer triggers (config.json `triggers`) on their cron, China time
 *   --strict            fail loudly on operations the SDK would silently run outside a transaction
 *   --env <id>          environment id (default local-dev)
 *   --transaction-timeout <ms>   abort transactions open longer than this (default 30000)
 *   --aggregate-limit <n>        limit for aggregations without a $limit stage (default 20)
 */
import path from 'node:path'
import fs from 'node:fs'
import type { DatabaseSchema } from './schema'
import { startEmulator, type EmulatorOptions } from './server'

interface CliArgs {
  port: number
  data: string
  memory: boolean
  schema?: string
  functions: string
  static?: string
  dev: boolean
  strict: boolean
  timers: boolean
  env?: string
  transactionTimeoutMs?: number
  aggregateDefaultLimit?: number
}

const USAGE = 'usage: npm run emulator -- [--port N] [--data DIR | --memory] [--schema FILE] [--functions DIR] [--static DIR] [--dev] [--timers] [--strict] [--env ID] [--transaction-timeout MS] [--aggregate-limit N]'

export function parseArgs(argv: string[], cwd = process.cwd()): CliArgs {
  const args: CliArgs = { port: 18080, data: path.join(cwd, '.data'), memory: false, functions: path.join(cwd, 'dist', 'cloudfunctions'), dev: false, strict: false, timers: false }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = () => {
      const v = argv[++i]
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`)
      return v
    }
    switch (flag) {
      case '--port': {
        const p = Number(value())
        if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error(`--port must be 0–65535\n${USAGE}`)
        args.port = p
        break
      }
      case '--data': args.data = path.resolve(cwd, value()); break
      case '--memory': args.memory = true; break
      case '--schema': args.schema = path.resolve(cwd, value()); break
      case '--functions': args.functions = path.resolve(cwd, value()); break
      case '--static': args.static = path.resolve(cwd, value()); break
      case '--dev': args.dev = true; break
      case '--strict': args.strict = true; break
      case '--timers': args.timers = true; break
      case '--env': args.env = value(); break
      case '--transaction-timeout': args.transactionTimeoutMs = positiveInt(flag, value()); break
      case '--aggregate-limit': args.aggregateDefaultLimit = positiveInt(flag, value()); break
      case '--help': case '-h': throw new Error(USAGE)
      default: throw new Error(`unknown option ${flag}\n${USAGE}`)
    }
  }
  return args
}

function positiveInt(flag: string, v: string): number {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer\n${USAGE}`)
  return n
}

export function loadSchema(file: string): DatabaseSchema {
  if (!fs.existsSync(file)) throw new Error(`schema file not found: ${file}`)
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mod = file.endsWith('.json') ? JSON.parse(fs.readFileSync(file, 'utf8')) : require(file)
  const schema = mod?.schema ?? mod?.default ?? mod
  if (!schema || !Array.isArray(schema.collections)) throw new Error(`${file} does not export a schema with collections`)
  return schema as DatabaseSchema
}

async function main() {
  let args: CliArgs
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (err) {
    console.error((err as Error).message)
    process.exit(2)
  }
  const options: EmulatorOptions = {
    port: args.port,
    dataDir: args.memory ? undefined : args.data,
    memory: args.memory,
    schema: args.schema ? loadSchema(args.schema) : undefined,
    functionsDir: args.functions,
    staticDir: args.static,
    dev: args.dev,
    strict: args.strict,
    timers: args.timers,
    envId: args.env,
    transactionTimeoutMs: args.transactionTimeoutMs,
    aggregateDefaultLimit: args.aggregateDefaultLimit,
  }
  const emu = await startEmulator(options)
  const fnCount = emu.functions.names().length
  console.log(`CloudBase emulator listening on ${emu.url}`)
  console.log(`  SDK endpoint  TCB_CONTEXT_CNFG='{"URL":"${emu.adminUrl}"}'  (env ${emu.envId})`)
  console.log(`  storage       ${args.memory ? 'in memory' : args.data}`)
  console.log(`  functions     ${args.functions} (${fnCount} found)`)
  if (args.static) console.log(`  H5 app        ${emu.url}/`)
  if (args.timers) {
    const triggers = emu.timers.triggers
    const bad = triggers.filter((t) => t.error).length
    console.log(`  timers        ${triggers.length - bad} timer trigger(s) scheduled (China time)${bad ? `, ${bad} invalid (see above)` : ''}`)
  }
  if (args.dev) console.log(`  dev routes    ${emu.url}/__dev/call/<name>, console ${emu.url}/__console`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`\n${signal}: stopping emulator`)
    emu.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
