/**
 * Crash safety of the file-backed store: a child emulator receives a stream of single writes and
 * two-document transactions through the REAL wx-server-sdk, is killed with SIGKILL mid-stream, and is
 * restarted on the same folder. Every write the SDK saw acknowledged must be there, and every transaction
 * must be all or nothing (both documents of a pair, or neither).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sdkEnv } from './fixtures/db-harness'

const FIXTURE = path.join(__dirname, 'fixtures', 'db-crash-server.ts')

function startChild(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    // The emulator must be this very process: tsx's CLI would fork a grandchild that SIGKILL never reaches.
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString()
      const m = /URL (\S+)\n/.exec(out)
      if (m) resolve({ child, url: m[1] })
    })
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()))
    child.on('exit', (code) => reject(new Error(`emulator child exited (${code}) before ready: ${err}`)))
  })
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))
}

jest.setTimeout(120_000)

test('kill -9 mid-stream loses no acknowledged write and leaves no partial transaction', async () => {
  sdkEnv()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nuanxin-crash-'))
  const first = await startChild(dataDir)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk')
  cloud.init({ env: 'local-dev', serviceUrl: first.url, timeout: 5000 })
  const db = cloud.database()

  const acked: number[] = []
  const ackedTx: number[] = []
  let stop = false
  const writer = async (lane: number) => {
    for (let i = 0; !stop; i++) {
      const seq = lane * 1_000_000 + i
      try {
        if (i % 3 === 0) {
          await db.runTransaction(async (tx: any) => {
            await tx.collection('pairs').add({ data: { _id: `p${seq}-a`, seq } })
            await tx.collection('pairs').add({ data: { _id: `p${seq}-b`, seq } })
          }, 1)
          ackedTx.push(seq)
        } else {
          await db.collection('events').add({ data: { _id: `e${seq}`, seq, at: new Date() } })
          acked.push(seq)
        }
      } catch {
        return // the server is gone
      }
    }
  }
  const lanes = [0, 1, 2, 3].map(writer)
  // Kill once a good number of writes have been acknowledged (progress-based, not time-based).
  while (acked.length + ackedTx.length < 300) await new Promise((r) => setImmediate(r))
  first.child.kill('SIGKILL')
  stop = true
  await Promise.all(lanes)
  await waitExit(first.child)
  expect(first.child.signalCode).toBe('SIGKILL')
  // The killed server must really be gone: nothing answers on its port any more.
  await expect(fetch(first.url, { method: 'POST', body: '{}' })).rejects.toThrow()

  const second = await startChild(dataDir)
  try {
    // A fresh SDK instance: re-running init() on the first one keeps its old endpoint.
    let cloud2: any
    jest.isolateModules(() => {
      cloud2 = require('wx-server-sdk')
    })
    cloud2.init({ env: 'local-dev', serviceUrl: second.url })
    const db2 = cloud2.database()
    const events = new Set<number>()
    const total = (await db2.collection('events').count()).total
    for (let off = 0; off < total; off += 1000) {
      const page = await db2.collection('events').orderBy('seq', 'asc').skip(off).limit(1000).get()
      for (const d of page.data) events.add(d.seq)
    }
    for (const seq of acked) expect(events.has(seq)).toBe(true)
    const pairs = await db2.collection('pairs').aggregate().group({ _id: '$seq', n: db2.command.aggregate.sum(1) }).limit(100000).end()
    const bySeq = new Map<number, number>(pairs.list.map((p: { _id: number; n: number }) => [p._id, p.n]))
    for (const [, n] of bySeq) expect(n).toBe(2) // no half transaction
    for (const seq of ackedTx) expect(bySeq.get(seq)).toBe(2)
    expect(acked.length).toBeGreaterThan(0)
    expect(ackedTx.length).toBeGreaterThan(0)
    // The restarted emulator keeps accepting writes on the recovered file (unique index intact).
    await db2.collection('events').add({ data: { _id: 'after-restart', seq: -1 } })
    expect((await db2.collection('events').where({ seq: -1 }).count()).total).toBe(1)
  } finally {
    second.child.kill('SIGKILL')
    await waitExit(second.child)
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
})
