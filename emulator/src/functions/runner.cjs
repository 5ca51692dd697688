/**
 * Worker process for one cloud function (forked by pool.ts): loads the function once, like a warm
 * instance, then runs ONE invocation at a time as messages arrive. Per-invocation WeChat context is
 * written into process.env before each call, because getWXContext() reads only process.env.
 * Plain CommonJS on purpose: it is forked without any TypeScript loader, so a warm start stays cheap.
 */
'use strict'
const util = require('node:util')
const http = require('node:http')
const { performance } = require('node:perf_hooks')

const entry = process.argv[2]
let currentId = null
let perInvocationKeys = []

// Console output goes over IPC tagged with the invocation id, so it is ordered with the result message.
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  console[level] = (...args) => {
    send({ type: 'log', id: currentId, level: level === 'trace' ? 'debug' : level, text: util.format(...args) })
  }
}

function send(msg) {
  if (process.connected) process.send(msg)
}

function describe(err) {
  // The runner's own frames say nothing about the user's bug.
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack && err.stack.split('\n').filter((l) => !l.includes(__filename)).join('\n') }
  return { name: 'Error', message: typeof err === 'string' ? err : util.inspect(err) }
}

function fatal(err) {
  // An escaped error kills the instance, as on SCF; the parent answers the current invocation with it.
  send({ type: 'fatal', id: currentId, error: describe(err) })
  setImmediate(() => process.exit(1))
}
process.on('uncaughtException', fatal)
process.on('unhandledRejection', fatal)
process.on('disconnect', () => process.exit(0))

// Each CloudBase request the function makes to the emulator is timed here, on the caller's side: only
// here do two requests sent together (Promise.all) overlap in time, since the server may answer the first
// before it reads the second. The host counts them per invocation (requests, sequential chain, bytes).
const adminUrl = (() => {
  try {
    return JSON.parse(process.env.TCB_CONTEXT_CNFG || '{}').URL || ''
  } catch {
    return ''
  }
})()
const httpRequest = http.request
http.request = function request(...args) {
  const req = httpRequest.apply(this, args)
  const target = typeof args[0] === 'string' ? args[0] : args[0] instanceof URL ? args[0].href : ''
  if (currentId !== null && adminUrl && target.split('?')[0] === adminUrl) timeRequest(req, currentId)
  return req
}

function timeRequest(req, id) {
  const start = performance.now()
  let action = ''
  const write = req.write
  req.write = function (chunk, ...rest) {
    // The SDK writes the JSON body in one piece; its first "action" key is the CloudBase action.
    if (!action && chunk) action = (/"action":"([^"]+)"/.exec(String(chunk).slice(0, 2048)) || [])[1] || '?'
    return write.call(this, chunk, ...rest)
  }
  req.once('response', (res) => {
    // Only the header: reading the body here would race the SDK's own reader.
    const bytes = Number(res.headers['content-length']) || 0
    res.once('end', () => send({ type: 'request', id, action: action || '?', start, end: performance.now(), bytes }))
  })
}

// The runtime is up: what SCF provides before it starts the function's own code (and its time limit).
send({ type: 'booted' })

let main
try {
  const mod = require(entry)
  main = typeof mod === 'function' ? mod : mod && mod.main
  if (typeof main !== 'function') throw new Error(`${entry} does not export main`)
  send({ type: 'ready' })
} catch (err) {
  // Exit only once the report has left: an exit right after an asynchronous IPC send can drop it, and the
  // parent would then see a bare "exited while loading" instead of the user's error.
  if (process.connected) process.send({ type: 'loadError', error: describe(err) }, () => process.exit(1))
  else process.exit(1)
}

process.on('message', async (msg) => {
  if (!msg || msg.type !== 'invoke') return
  currentId = msg.id
  for (const key of perInvocationKeys) delete process.env[key]
  perInvocationKeys = Object.keys(msg.env)
  Object.assign(process.env, msg.env)
  let reply
  try {
    const event = msg.event === '' ? {} : JSON.parse(msg.event)
    const value = await main(event, msg.context)
    // A function that returns nothing answers null on the platform's JSON result.
    const result = value === undefined ? 'null' : JSON.stringify(value)
    reply = { type: 'result', id: msg.id, ok: true, result: result === undefined ? 'null' : result }
  } catch (err) {
    reply = { type: 'result', id: msg.id, ok: false, error: describe(err) }
  }
  send(reply)
})
