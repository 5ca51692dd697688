/**
 * The receipt number (受理编号) and the promised handling time through the `reports` function in the
 * emulator with the real wx-server-sdk: a number assigned once per report (a retried or racing send of
 * the same draft keeps the first one and uses no second number), unique and gap-free when many riders
 * submit at the same moment, continuing the day's counter; the promise is the category SLA's due time
 * (the one rule, rules.dueAt), shown to the reporter and staff, not to strangers, and after resolution the
 * time it was resolved.
 */
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import type { LngLat } from '../../src/core/geo'
import type { ReportDetail, ReportSummary, SubmitResult } from '../../src/reports/contract'
import type { CategoryDoc, ReportDoc } from '../../src/reports/model'
import { dueAt, receiptCounterId } from '../../src/reports/rules'
import { startProject, type Project } from '../support/project'

jest.setTimeout(60_000)

let app: Project
let inGrid: LngLat

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['reports'] })
  const grid = (await app.db.collection(Collection.grids).doc('grid-lf-1').get()).data as { bbox: number[] }
  inGrid = { lng: (grid.bbox[0] + grid.bbox[2]) / 2, lat: (grid.bbox[1] + grid.bbox[3]) / 2 }
}, 90_000)

afterAll(async () => {
  await app?.close()
})

function data<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${res.error.code}: ${res.error.message}`)
  return res.data
}

let n = 0
function submission() {
  const key = `receipt-${++n}-${Date.now().toString(36)}`
  return { idempotencyKey: key, categoryId: 'cat-garbage', location: inGrid, address: '东港路 21 号', description: '垃圾桶满溢', photos: [`cloud://local-dev.bucket/reports/${key}/0.jpg`] }
}

const stored = async (id: string) => (await app.db.collection(Collection.reports).doc(id).get()).data as ReportDoc
const counter = async (id: string) => ((await app.db.collection(Collection.counters).where({ _id: id }).get()).data[0] as { seq: number } | undefined)?.seq ?? 0
const seqOf = (receiptNo: string) => Number(receiptNo.split('-')[1])

describe('receipt number', () => {
  it('seeded reports carry unique numbers of their China day, with the day counters at their last number', async () => {
    const seeded = (await app.db.collection(Collection.reports).where({ _id: app.db.RegExp({ regexp: '^rp-demo-' }) }).limit(100).get()).data as ReportDoc[]
    expect(seeded.length).toBeGreaterThan(5)
    expect(new Set(seeded.map((r) => r.receiptNo)).size).toBe(seeded.length)
    for (const r of seeded) {
      expect(r.receiptNo).toMatch(/^\d{8}-\d{4,}$/)
      expect(await counter(receiptCounterId(new Date(r.createdAt)))).toBeGreaterThanOrEqual(seqOf(r.receiptNo))
    }
  })

  it('many riders submitting at once get distinct numbers of today, one after another, and the counter ends at the last', async () => {
    const riders = Array.from({ length: 8 }, (_, i) => `o-receipt-rider-${i}`)
    const before = await counter(receiptCounterId(new Date()))
    const results = await Promise.all(riders.map((openid) => app.call<SubmitResult>('reports', 'submit', submission(), openid)))
    const numbers = results.map((r) => data(r).report.receiptNo)
    expect(new Set(numbers).size).toBe(riders.length)
    const day = receiptCounterId(new Date()).split(':')[1]
    for (const no of numbers) expect(no.startsWith(`${day}-`)).toBe(true)
    expect(numbers.map(seqOf).sort((a, b) => a - b)).toEqual(riders.map((_, i) => before + i + 1))
    expect(await counter(receiptCounterId(new Date()))).toBe(before + riders.length)
    // What the reporter was told is what is stored.
    for (const r of results) expect((await stored(data(r).report.id)).receiptNo).toBe(data(r).report.receiptNo)
  })

  it('is assigned once: a retried send and racing sends of one draft keep the first number and use no other', async () => {
    const body = submission()
    const first = data(await app.call<SubmitResult>('reports', 'submit', body, 'o-receipt-retry'))
    const afterFirst = await counter(receiptCounterId(new Date()))
    const again = data(await app.call<SubmitResult>('reports', 'submit', body, 'o-receipt-retry'))
    expect(again).toMatchObject({ replayed: true, report: { id: first.report.id, receiptNo: first.report.receiptNo } })

    const racing = submission()
    const raced = (await Promise.all(Array.from({ length: 4 }, () => app.call<SubmitResult>('reports', 'submit', racing, 'o-receipt-race')))).map(data)
    expect(new Set(raced.map((r) => r.report.receiptNo)).size).toBe(1)
    // Only the one stored report took a number: the losers' increments rolled back with their inserts.
    expect(await counter(receiptCounterId(new Date()))).toBe(afterFirst + 1)
    expect(seqOf(raced[0].report.receiptNo)).toBe(afterFirst + 1)
  })
})

describe('promised handling time', () => {
  it('is the category SLA due time, on the reporter’s list and detail and for staff, not for strangers', async () => {
    const cat = (await app.db.collection(Collection.reportCategories).doc('cat-garbage').get()).data as CategoryDoc
    const made = data(await app.call<SubmitResult>('reports', 'submit', submission(), 'o-receipt-promise')).report
    const doc = await stored(made.id)
    const due = dueAt(new Date(doc.createdAt), cat.slaHours).toISOString()
    expect(new Date(doc.dueAt).toISOString()).toBe(due)
    expect(made.promise).toEqual({ kind: 'promised', at: due, overdue: false })

    const mine = data(await app.call<{ items: ReportSummary[] }>('reports', 'mine', {}, 'o-receipt-promise')).items
    expect(mine).toEqual([expect.objectContaining({ id: made.id, receiptNo: made.receiptNo, promise: { kind: 'promised', at: due, overdue: false } })])
    const staff = data(await app.callAs<ReportDetail>('grid_worker', 'reports', 'detail', { reportId: made.id }))
    expect(staff.promise).toEqual({ kind: 'promised', at: due, overdue: false })
    const stranger = data(await app.call<ReportDetail>('reports', 'detail', { reportId: made.id }, 'o-receipt-stranger'))
    expect(stranger.promise).toBeUndefined()
    expect(stranger.receiptNo).toBe(made.receiptNo)
  })

  it('after resolution says when it was resolved; a report past due says it is overdue', async () => {
    const confirmed = await stored('rp-demo-09')
    const reporter = data(await app.call<ReportDetail>('reports', 'detail', { reportId: 'rp-demo-09' }, 'seed-worker-10'))
    expect(reporter.promise).toEqual({ kind: 'resolved', at: new Date(confirmed.resolvedAt as Date).toISOString() })
    const late = await stored('rp-demo-07')
    const overdue = data(await app.call<{ items: ReportSummary[] }>('reports', 'mine', {}, 'seed-worker-08')).items.find((r) => r.id === 'rp-demo-07')
    expect(overdue?.promise).toEqual({ kind: 'promised', at: new Date(late.dueAt).toISOString(), overdue: true })
  })
})
