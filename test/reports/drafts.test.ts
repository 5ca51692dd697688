/**
 * The offline draft queue: a draft keeps its idempotency key from creation; sending while offline keeps
 * it; a send whose answer was lost (the server stored the report) and is retried creates ONE report;
 * two flushes racing send once; photos go to the same cloud paths on every attempt; refusals mark the
 * draft failed with the reason and keep it for editing. The "server" here keeps reports by key the way
 * the reports function does (unique index on the key); the function-level proof is in reports.test.ts.
 */
import { AppError } from '../../src/core/errors'
import { DraftQueue, photoCloudPath, type Draft, type DraftStore, type DraftTransport, type SubmitPayload } from '../../src/reports/drafts'

function memoryStore(): DraftStore & { saved: number } {
  let drafts: Draft[] = []
  return {
    saved: 0,
    load: () => JSON.parse(JSON.stringify(drafts)) as Draft[],
    save(next) {
      this.saved++
      drafts = JSON.parse(JSON.stringify(next)) as Draft[]
    },
  }
}

/** A server that stores by idempotency key and can be told to fail before or after storing. */
function fakeServer() {
  const reports = new Map<string, SubmitPayload & { id: string }>()
  const uploads: string[] = []
  let mode: 'online' | 'offline' | 'lose-answer' | 'refuse' = 'online'
  const transport: DraftTransport = {
    async upload(_local, cloudPath) {
      if (mode === 'offline') throw new AppError('UNAVAILABLE')
      uploads.push(cloudPath)
      return `cloud://env.bucket/${cloudPath}`
    },
    async submit(payload) {
      if (mode === 'offline') throw new AppError('UNAVAILABLE')
      if (mode === 'refuse') throw new AppError('CONTENT_REJECTED', '描述中有不适宜的内容，请修改后再提交')
      await new Promise((r) => setTimeout(r, 5))
      const existing = reports.get(payload.idempotencyKey)
      const stored = existing ?? { ...payload, id: `rep-${reports.size + 1}` }
      reports.set(payload.idempotencyKey, stored)
      if (mode === 'lose-answer') throw new AppError('UNAVAILABLE')
      return { reportId: stored.id }
    },
  }
  return { transport, reports, uploads, setMode: (m: typeof mode) => (mode = m) }
}

const input = { categoryId: 'cat-garbage' as const, location: { lng: 120.66, lat: 31.3 }, address: '东港路 8 号', description: '垃圾满了', localPhotos: ['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg'] }

describe('DraftQueue', () => {
  it('a draft kept offline keeps the moved pin and the device fix, and sends both; an old draft without a fix sends none', async () => {
    const store = memoryStore()
    const server = fakeServer()
    const q = new DraftQueue(store, server.transport)
    server.setMode('offline')
    const pin = { lng: 120.6612, lat: 31.3004 }
    const deviceFix = { lng: 120.66, lat: 31.3, accuracy: 18 }
    const moved = q.add({ ...input, location: pin, deviceFix })
    expect((await q.flush()).kept).toEqual([moved.key])
    // What storage holds (JSON, as Taro's storage keeps it) still has both.
    expect(q.list()[0].input).toMatchObject({ location: pin, deviceFix })
    server.setMode('online')
    await q.flush()
    expect(server.reports.get(moved.key)).toMatchObject({ location: pin, deviceFix })
    const old = q.add(input)
    await q.flush()
    expect(server.reports.get(old.key)?.location).toEqual(input.location)
    expect(server.reports.get(old.key)).not.toHaveProperty('deviceFix')
  })

  it('keeps a draft composed offline, then sends it once when the network returns', async () => {
    const store = memoryStore()
    const server = fakeServer()
    const q = new DraftQueue(store, server.transport)
    server.setMode('offline')
    const draft = q.add(input)
    expect(q.list()).toHaveLength(1)
    const offline = await q.flush()
    expect(offline.kept).toEqual([draft.key])
    expect(q.list()[0]).toMatchObject({ key: draft.key, state: 'pending', attempts: 1, error: { code: 'UNAVAILABLE' } })

    server.setMode('online')
    const back = await q.flush()
    expect(back.sent).toEqual(['rep-1'])
    expect(q.list()).toEqual([])
    expect(server.reports.size).toBe(1)
    expect(server.reports.get(draft.key)?.photos).toEqual([0, 1].map((i) => `cloud://env.bucket/${photoCloudPath(draft.key, i)}`))
    // Flushing again sends nothing.
    expect((await q.flush()).sent).toEqual([])
    expect(server.reports.size).toBe(1)
  })

  it('a send whose answer is lost, retried, creates one report (same key every time)', async () => {
    const server = fakeServer()
    const q = new DraftQueue(memoryStore(), server.transport)
    const draft = q.add(input)
    server.setMode('lose-answer')
    expect((await q.flush()).kept).toEqual([draft.key])
    expect(server.reports.size).toBe(1)
    server.setMode('online')
    expect((await q.flush()).sent).toEqual(['rep-1'])
    expect(server.reports.size).toBe(1)
    expect([...server.reports.keys()]).toEqual([draft.key])
  })

  it('two flushes at once (two "online" signals) send a draft once', async () => {
    const server = fakeServer()
    const q = new DraftQueue(memoryStore(), server.transport)
    q.add(input)
    q.add({ ...input, description: '第二条' })
    const [a, b] = await Promise.all([q.flush(), q.flush()])
    expect([...a.sent, ...b.sent].sort()).toEqual(['rep-1', 'rep-2'])
    expect(server.reports.size).toBe(2)
    expect(q.list()).toEqual([])
  })

  it('photos already uploaded are not uploaded again; re-uploads reuse the same path', async () => {
    const server = fakeServer()
    let failSubmit = true
    const transport: DraftTransport = {
      upload: server.transport.upload,
      submit: async (p) => {
        if (failSubmit) throw new AppError('UNAVAILABLE')
        return server.transport.submit(p)
      },
    }
    const q = new DraftQueue(memoryStore(), transport)
    const d = q.add(input)
    await q.flush()
    expect(q.list()[0].uploaded).toEqual([0, 1].map((i) => `cloud://env.bucket/reports/${d.key}/${i}.jpg`))
    failSubmit = false
    await q.flush()
    expect(server.uploads).toEqual([`reports/${d.key}/0.jpg`, `reports/${d.key}/1.jpg`])
  })

  it('a refusal marks the draft failed with the reason; after editing it is sent with the same key', async () => {
    const server = fakeServer()
    const q = new DraftQueue(memoryStore(), server.transport)
    const d = q.add(input)
    server.setMode('refuse')
    const r = await q.flush()
    expect(r.failed).toEqual([d.key])
    expect(q.list()[0]).toMatchObject({ state: 'failed', error: { code: 'CONTENT_REJECTED', message: expect.stringContaining('修改') } })
    server.setMode('online')
    expect((await q.flush()).sent).toEqual([]) // failed drafts wait for the rider
    q.retry(d.key, { description: '垃圾桶满了' })
    expect((await q.flush()).sent).toEqual(['rep-1'])
    expect(server.reports.get(d.key)?.description).toBe('垃圾桶满了')
  })

  it('reports upload progress across all photos', async () => {
    const progress: number[] = []
    const transport: DraftTransport = {
      upload: async (_l, cloudPath, onProgress) => {
        onProgress?.(50)
        onProgress?.(100)
        return `cloud://e.b/${cloudPath}`
      },
      submit: async () => ({ reportId: 'rep-9' }),
    }
    const q = new DraftQueue(memoryStore(), transport)
    const d = q.add(input)
    await q.send(d.key, (p) => progress.push(p))
    expect(progress).toEqual([25, 50, 75, 100])
  })
})
