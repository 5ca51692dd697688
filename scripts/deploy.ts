/**
 * Deploys the backend to a real WeChat CloudBase environment:
 *   1. schema  — creates missing collections and indexes (WeChat server API `tcb/databasecollectionadd`,
 *                `tcb/updateindex`, with an access token from the app's AppID + AppSecret), then sets each
 *                collection's permission level (CloudBase API `ModifyDatabaseACL`, TC3-signed with a
 *                Tencent Cloud API key of the account that owns the environment);
 *   2. functions — uploads every built folder in dist/cloudfunctions with miniprogram-ci
 *                (`cloud.uploadFunction`, remote `npm install` of wx-server-sdk) and creates timer triggers
 *                declared in config.json.
 * One step has no API and stays manual: the message-push routes (`cloudfunctions/message-push.ts`, e.g. the
 * `wxa_media_check` image verdicts → `reports`) are set in the console; the plan and every deploy print them.
 * It cannot run in this sandbox (no network to WeChat); `--dry-run` prints the plan without credentials.
 *
 *   npm run build:functions && npm run deploy -- [--dry-run] [--only schema|functions]
 *
 * Credentials, from the environment only (never committed):
 *   CLOUD_ENV_ID                  CloudBase environment id, e.g. nuanxin-prod-1g2h3j
 *   WX_APPID, WX_APPSECRET        mini-program AppID / AppSecret (schema)
 *   TENCENTCLOUD_SECRETID/KEY     API key with CloudBase permissions (collection permission levels)
 *   MINIPROGRAM_PRIVATE_KEY_PATH  code-upload key from mp.weixin.qq.com → 开发管理 → 开发设置 (functions)
 */
import { createHash, createHmac } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type * as MiniprogramCi from 'miniprogram-ci'
import { schema } from '../cloudfunctions/database-schema'
import { messagePush } from '../cloudfunctions/message-push'
import type { CollectionSpec } from '@nuanxin/cloudbase-emulator'
import { FUNCTIONS_OUT, ROOT, type FunctionConfig } from './build-functions'

interface Credentials {
  envId: string
  appId: string
  appSecret: string
  secretId: string
  secretKey: string
  privateKeyPath: string
}

const REQUIRED: Array<[keyof Credentials, string, string]> = [
  ['envId', 'CLOUD_ENV_ID', '云开发环境 ID'],
  ['appId', 'WX_APPID', '小程序 AppID'],
  ['appSecret', 'WX_APPSECRET', '小程序 AppSecret'],
  ['secretId', 'TENCENTCLOUD_SECRETID', '腾讯云 API 密钥 SecretId'],
  ['secretKey', 'TENCENTCLOUD_SECRETKEY', '腾讯云 API 密钥 SecretKey'],
  ['privateKeyPath', 'MINIPROGRAM_PRIVATE_KEY_PATH', '小程序代码上传密钥文件路径'],
]

function credentialsFromEnv(): Credentials {
  const missing = REQUIRED.filter(([, env]) => !process.env[env])
  if (missing.length) {
    const lines = missing.map(([, env, label]) => `  ${env.padEnd(30)} ${label}`).join('\n')
    throw new Error(`缺少部署凭据，已停止（没有做任何更改）。请设置以下环境变量后重试：\n${lines}\n只想查看将要执行的操作：npm run deploy -- --dry-run`)
  }
  const creds = Object.fromEntries(REQUIRED.map(([key, env]) => [key, process.env[env] as string])) as unknown as Credentials
  if (!existsSync(creds.privateKeyPath)) throw new Error(`找不到代码上传密钥文件：${creds.privateKeyPath}`)
  return creds
}

// ── WeChat server API (collections, indexes) ─────────────────────────────────────────────────────

async function wxAccessToken(c: Credentials): Promise<string> {
  const url = `https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(c.appId)}&secret=${encodeURIComponent(c.appSecret)}`
  const res = (await (await fetch(url)).json()) as { access_token?: string; errcode?: number; errmsg?: string }
  if (!res.access_token) throw new Error(`获取 access_token 失败：${res.errcode} ${res.errmsg}`)
  return res.access_token
}

async function wxTcb(token: string, api: string, body: unknown): Promise<{ errcode: number; errmsg: string }> {
  const res = await fetch(`https://api.weixin.qq.com/tcb/${api}?access_token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return (await res.json()) as { errcode: number; errmsg: string }
}

/** "Already exists" is the expected answer on every re-deploy. */
const alreadyThere = (r: { errcode: number; errmsg: string }) => r.errcode === 0 || /exist/i.test(r.errmsg)

function indexBody(envId: string, col: CollectionSpec) {
  return {
    env: envId,
    collection_name: col.name,
    create_indexes: (col.indexes ?? []).map((i) => ({ name: i.name, unique: i.unique ?? false, keys: i.keys.map((k) => ({ name: k.field, direction: String(k.direction) })) })),
  }
}

// ── Tencent Cloud API (permission levels) ────────────────────────────────────────────────────────

/** TC3-HMAC-SHA256 request to tcb.tencentcloudapi.com (https://cloud.tencent.com/document/api/876/34812). */
async function tcbApi(c: Credentials, action: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const host = 'tcb.tencentcloudapi.com'
  const body = JSON.stringify(params)
  const ts = Math.floor(Date.now() / 1000)
  const date = new Date(ts * 1000).toISOString().slice(0, 10)
  const sha = (s: string) => createHash('sha256').update(s).digest('hex')
  const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest()
  const canonical = ['POST', '/', '', `content-type:application/json\nhost:${host}\n`, 'content-type;host', sha(body)].join('\n')
  const scope = `${date}/tcb/tc3_request`
  const toSign = ['TC3-HMAC-SHA256', ts, scope, sha(canonical)].join('\n')
  const key = hmac(hmac(hmac(`TC3${c.secretKey}`, date), 'tcb'), 'tc3_request')
  const signature = createHmac('sha256', key).update(toSign).digest('hex')
  const res = await fetch(`https://${host}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      host,
      authorization: `TC3-HMAC-SHA256 Credential=${c.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`,
      'x-tc-action': action,
      'x-tc-version': '2018-06-08',
      'x-tc-timestamp': String(ts),
    },
    body,
  })
  const json = (await res.json()) as { Response: Record<string, unknown> & { Error?: { Code: string; Message: string } } }
  if (json.Response.Error) throw new Error(`${action} 失败：${json.Response.Error.Code} ${json.Response.Error.Message}`)
  return json.Response
}

// ── functions ────────────────────────────────────────────────────────────────────────────────────

function builtFunctions(): Array<{ name: string; dir: string; config: FunctionConfig }> {
  const manifest = path.join(FUNCTIONS_OUT, 'database-schema.json')
  if (!existsSync(manifest)) throw new Error('没有找到构建产物，请先运行 npm run build:functions')
  const names = require('node:fs').readdirSync(FUNCTIONS_OUT, { withFileTypes: true }).filter((d: { isDirectory(): boolean }) => d.isDirectory()).map((d: { name: string }) => d.name) as string[]
  return names.sort().map((name) => {
    const dir = path.join(FUNCTIONS_OUT, name)
    return { name, dir, config: JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as FunctionConfig }
  })
}

async function deployFunctions(c: Credentials, log: (s: string) => void) {
  // Loaded lazily: miniprogram-ci is large and only needed here.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const ci = require('miniprogram-ci') as typeof MiniprogramCi
  const project = new ci.Project({ appid: c.appId, type: 'miniProgram', projectPath: ROOT, privateKeyPath: c.privateKeyPath, ignores: ['node_modules/**/*'] })
  for (const fn of builtFunctions()) {
    const res = await ci.cloud.uploadFunction({ project, env: c.envId, name: fn.name, path: fn.dir, remoteNpmInstall: true })
    log(`  ✓ 函数 ${fn.name}（${res.filesCount} 个文件，${(res.packSize / 1024).toFixed(1)} KB）`)
    if (fn.config.triggers?.length) {
      await ci.cloud.createTimeTrigger({ project, envId: c.envId, functionName: fn.name, triggersConfig: fn.config.triggers })
      log(`    定时触发器：${fn.config.triggers.map((t) => `${t.name} ${t.config}`).join('；')}`)
    }
  }
}

async function deploySchema(c: Credentials, log: (s: string) => void) {
  const token = await wxAccessToken(c)
  for (const col of schema.collections) {
    const created = await wxTcb(token, 'databasecollectionadd', { env: c.envId, collection_name: col.name })
    if (!alreadyThere(created)) throw new Error(`创建集合 ${col.name} 失败：${created.errcode} ${created.errmsg}`)
    if (col.indexes?.length) {
      const idx = await wxTcb(token, 'updateindex', indexBody(c.envId, col))
      if (!alreadyThere(idx)) throw new Error(`创建 ${col.name} 的索引失败：${idx.errcode} ${idx.errmsg}`)
    }
    await tcbApi(c, 'ModifyDatabaseACL', { EnvId: c.envId, CollectionName: col.name, AclTag: col.permission })
    log(`  ✓ 集合 ${col.name.padEnd(20)} ${col.permission.padEnd(10)} 索引 ${(col.indexes ?? []).map((i) => i.name).join(', ') || '—'}`)
  }
}

/** The console settings no API covers; printed by the plan and after every deploy. */
function printManualSteps(log: (s: string) => void) {
  log('手动步骤（控制台，无 API）/ manual console step:')
  log('  云开发控制台 → 设置 → 其他设置 → 消息推送：推送模式选"云函数"，逐条添加 / add each route:')
  for (const r of messagePush) log(`    消息类型 ${r.msgType.padEnd(6)} 事件类型 ${(r.event ?? '—').padEnd(16)} → 云函数 ${r.functionName}`)
  log('  未配置时图片审核结果（wxa_media_check）不会送达，举报照片会一直等待人工审核。')
}

function printPlan(only: string | undefined, log: (s: string) => void) {
  if (only !== 'functions') {
    log('数据库（集合 / 权限 / 索引）：')
    for (const col of schema.collections) log(`  ${col.name.padEnd(20)} ${col.permission.padEnd(10)} ${(col.indexes ?? []).map((i) => `${i.name}${i.unique ? '(unique)' : ''}`).join(', ') || '—'}`)
  }
  if (only !== 'schema') {
    log('云函数：')
    for (const fn of builtFunctions()) log(`  ${fn.name.padEnd(12)} timeout ${fn.config.timeout}s  openapi [${(fn.config.permissions?.openapi ?? []).join(', ')}]  triggers ${fn.config.triggers?.length ?? 0}`)
    printManualSteps(log)
  }
}

async function main() {
  const log = (s: string) => console.log(s)
  const onlyAt = process.argv.indexOf('--only')
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined
  if (only && only !== 'schema' && only !== 'functions') throw new Error('--only 只能是 schema 或 functions')
  if (process.argv.includes('--dry-run')) {
    printPlan(only, log)
    log('（--dry-run：未连接任何环境）')
    return
  }
  const creds = credentialsFromEnv()
  log(`部署到环境 ${creds.envId}`)
  if (only !== 'functions') await deploySchema(creds, log)
  if (only !== 'schema') await deployFunctions(creds, log)
  log('部署完成')
  if (only !== 'schema') printManualSteps(log)
}

main().catch((err) => {
  console.error((err as Error).message)
  process.exitCode = 1
})
