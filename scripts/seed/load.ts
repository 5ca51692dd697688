/**
 * Loads the demo data into a running emulator (or any CloudBase-compatible endpoint) through the
 * real wx-server-sdk, exactly as a cloud function would write it: first the demo pictures into cloud
 * storage, then the documents that link them by the returned file IDs. Writes are `doc(id).set` and
 * uploads overwrite the same paths, so a second run converges to the same data; `reset` first empties
 * every collection of the schema.
 */
import * as cloud from 'wx-server-sdk'
import { schema } from '../../cloudfunctions/database-schema'
import { buildDemoData, type DemoData, type DemoOptions } from './demo-data'
import { demoPictures } from './pictures'

export interface SeedOptions extends DemoOptions {
  /** The emulator's admin endpoint, e.g. http://127.0.0.1:4567/admin. */
  adminUrl: string
  envId?: string
  /** Remove every document of every schema collection first. */
  reset?: boolean
  /** Parallel writes (the emulator serialises them anyway; this only hides HTTP latency). */
  concurrency?: number
  log?: (line: string) => void
}

export interface SeedResult {
  counts: Record<string, number>
  ms: number
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Db = any

/** A wx-server-sdk instance of its own (database and storage), so seeding never re-initialises a process's default instance. */
export function sdkInstance(adminUrl: string, envId = 'local-dev'): any {
  // Outside a function, node-sdk probes a Tencent metadata host before every call unless told it runs in the cloud.
  if (!process.env.TENCENTCLOUD_RUNENV && !process.env.TENCENTCLOUD) process.env.TENCENTCLOUD = 'true'
  process.env.SILENCE ??= 'true'
  return (cloud as any).createNewInstance({ env: envId, serviceUrl: adminUrl, secretId: 'local-seed', secretKey: 'local-seed', timeout: 60_000 })
}

export function sdkDatabase(adminUrl: string, envId = 'local-dev'): Db {
  return sdkInstance(adminUrl, envId).database()
}

/** Uploads the demo pictures; answers their file IDs by cloud path. */
export async function uploadDemoPictures(instance: any): Promise<Record<string, string>> {
  const ids: Record<string, string> = {}
  for (const { cloudPath, png } of demoPictures()) {
    const res = (await instance.uploadFile({ cloudPath, fileContent: png })) as { fileID: string }
    ids[cloudPath] = res.fileID
  }
  return ids
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn))
}

export async function clearCollections(db: Db, names: string[]): Promise<void> {
  const _ = db.command
  for (const name of names) await db.collection(name).where({ _id: _.exists(true) }).remove()
}

export async function writeDemoData(db: Db, data: DemoData, concurrency = 8): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const [name, docs] of Object.entries(data)) {
    await inBatches(docs ?? [], concurrency, async (doc) => {
      const { _id, ...rest } = doc
      await db.collection(name).doc(_id).set({ data: rest })
    })
    counts[name] = docs?.length ?? 0
  }
  return counts
}

export async function seedDemoData(options: SeedOptions): Promise<SeedResult> {
  const started = Date.now()
  const log = options.log ?? (() => undefined)
  const instance = sdkInstance(options.adminUrl, options.envId)
  const db = instance.database()
  if (options.reset) {
    log('清空现有数据 …')
    await clearCollections(db, schema.collections.map((c) => c.name))
  }
  const pictures = await uploadDemoPictures(instance)
  const counts = await writeDemoData(db, buildDemoData({ ...options, pictures }), options.concurrency)
  return { counts, ms: Date.now() - started }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
