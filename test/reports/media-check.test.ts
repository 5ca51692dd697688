/**
 * WeChat's image check on report photos, through the emulator and the real wx-server-sdk: every photo
 * a worker submits goes to security.mediaCheckAsync; the verdict WeChat pushes back (wxa_media_check)
 * shows a clean photo to others, hides a risky one and leaves an unsure one to staff; a push for a trace
 * id the function never asked for, a repeated push, or a "push" sent from the mini-program changes nothing.
 * The emulator's verdict rule: a stored path containing "risky" is risky, "review" is review, else pass.
 */
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import type { LngLat } from '../../src/core/geo'
import type { ReportDetail, SubmitResult } from '../../src/reports/contract'
import type { ReportDoc, ReportEventDoc } from '../../src/reports/model'
import type { MediaCheckDoc } from '../../cloudfunctions/_runtime/media-check'
import { startProject, type Project } from '../support/project'

let app: Project
let at: LngLat
const REPORTER = 'o-media-reporter'

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['reports'] })
  const grid = (await app.db.collection(Collection.grids).doc('grid-lf-1').get()).data as { bbox: number[] }
  at = { lng: (grid.bbox[0] + grid.bbox[2]) / 2, lat: (grid.bbox[1] + grid.bbox[3]) / 2 }
}, 90_000)

afterAll(async () => {
  await app?.close()
})

function data<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(`expected success, got ${res.error.code}: ${res.error.message}`)
  return res.data
}

let n = 0
async function submitWith(names: string[]): Promise<ReportDoc> {
  const key = `media-${++n}-${Date.now().toString(36)}`
  const photos = []
  for (const name of names) photos.push(await app.upload(`reports/${key}/${name}`, REPORTER))
  const res = data(await app.call<SubmitResult>('reports', 'submit', { idempotencyKey: key, categoryId: 'cat-ebike_parking', location: at, address: '星港街 9 号', description: '垃圾桶满了', photos }, REPORTER))
  await app.emu.settlePushes()
  return (await app.db.collection(Collection.reports).doc(res.report.id).get()).data as ReportDoc
}

const checksOf = async (reportId: string) => (await app.db.collection(Collection.mediaChecks).where({ collection: Collection.reports, docId: reportId }).get()).data as MediaCheckDoc[]
const eventsOf = async (reportId: string) => (await app.db.collection(Collection.reportEvents).where({ reportId, kind: 'media_check' }).get()).data as ReportEventDoc[]
const pushAs = (event: Record<string, unknown>, source: string) => app.invoke<{ applied: boolean; reason?: string }>('reports', event, { source, openid: REPORTER })
const push = (traceId: string, suggest: string) => ({ ToUserName: 'gh_test', FromUserName: REPORTER, CreateTime: 1, MsgType: 'event', Event: 'wxa_media_check', appid: app.emu.appId, trace_id: traceId, version: 2, errcode: 0, errmsg: 'ok', result: { suggest, label: 100 } })

it('each photo is checked once; the verdicts show the clean photo, hide the risky one and leave the unsure one to staff', async () => {
  const report = await submitWith(['0.jpg', 'risky-1.jpg', 'review-2.jpg'])
  expect(report.photos.map((p) => p.review)).toEqual(['visible', 'rejected', 'pending_review'])
  const checks = await checksOf(report._id)
  expect(checks.map((c) => [c.fileId, c.verdict?.suggest]).sort()).toEqual(report.photos.map((p, i) => [p.fileId, ['pass', 'risky', 'review'][i]]).sort())
  for (const c of checks) expect(c).toMatchObject({ openid: REPORTER, settledAt: expect.anything() })
  const events = await eventsOf(report._id)
  expect(events).toHaveLength(3)
  for (const e of events) expect(e).toMatchObject({ actorId: 'system', actorRole: 'system', from: 'submitted', to: 'submitted' })

  // Another rider sees only the clean photo, no media-check events and nothing about the hidden one.
  const seen = data(await app.callAs<ReportDetail>('worker', 'reports', 'detail', { reportId: report._id }))
  expect(seen.photos).toHaveLength(1)
  expect(seen.photos[0].pending).toBeUndefined()
  expect(seen.events.some((e) => e.kind === 'media_check')).toBe(false)
  expect(seen.hiddenPhotos).toBeUndefined()
  // The reporter sees the clean and the unsure photo, and is told one of theirs was hidden.
  const own = data(await app.call<ReportDetail>('reports', 'detail', { reportId: report._id }, REPORTER))
  expect(own.photos.map((p) => !!p.pending)).toEqual([false, true])
  expect(own.hiddenPhotos).toBe(1)
})

it('a push for a trace id it never asked for, or a repeated push, changes nothing', async () => {
  const report = await submitWith(['risky-0.jpg'])
  const [check] = await checksOf(report._id)
  const before = await eventsOf(report._id)

  expect(data(await pushAs(push('made-up-trace', 'pass'), 'wx_unknown'))).toEqual({ applied: false, reason: 'unknown_trace' })
  expect(data(await pushAs(push(check._id, 'pass'), 'wx_unknown'))).toEqual({ applied: false, reason: 'already_settled' })
  expect(((await app.db.collection(Collection.reports).doc(report._id).get()).data as ReportDoc).photos[0].review).toBe('rejected')
  expect(await eventsOf(report._id)).toHaveLength(before.length)
})

it('the mini-program cannot deliver a push, not even with a real trace id; a malformed push is refused', async () => {
  const report = await submitWith(['review-0.jpg'])
  const [check] = await checksOf(report._id)
  const forged = await app.callRaw('reports', push(check._id, 'pass'), REPORTER)
  expect(forged).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  const bad = await pushAs({ ...push(check._id, 'pass'), result: { suggest: 'fine' } }, 'wx_unknown')
  expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  const stored = (await app.db.collection(Collection.reports).doc(report._id).get()).data as ReportDoc
  expect(stored.photos[0].review).toBe('pending_review')
  expect((await checksOf(report._id))[0].settledAt).toBeDefined() // the emulator's own "review" verdict
  expect(await eventsOf(report._id)).toHaveLength(1)
})

it('an after-photo that WeChat finds risky disappears from a resolved report', async () => {
  const report = await submitWith(['3.jpg'])
  data(await app.callAs('grid_worker', 'reports', 'accept', { reportId: report._id }))
  data(await app.callAs('grid_worker', 'reports', 'dispatch', { reportId: report._id }))
  const after = await app.upload(`reports/after-${report._id}/risky-after.jpg`, REPORTER)
  data(await app.callAs('department_handler', 'reports', 'resolve', { reportId: report._id, photos: [after], note: '已清运' }))
  await app.emu.settlePushes()
  const stored = (await app.db.collection(Collection.reports).doc(report._id).get()).data as ReportDoc
  expect(stored.state).toBe('resolved')
  expect(stored.photos.find((p) => p.fileId === after)).toMatchObject({ kind: 'after', review: 'rejected' })
  const seen = data(await app.call<ReportDetail>('reports', 'detail', { reportId: report._id }, REPORTER))
  expect(seen.photos.map((p) => p.kind)).toEqual(['report'])
  expect(seen.hiddenPhotos).toBeUndefined()
  // The handler who took it is told it was hidden.
  expect(data(await app.callAs<ReportDetail>('department_handler', 'reports', 'detail', { reportId: report._id })).hiddenPhotos).toBe(1)
})
