/**
 * The report state machine: every allowed transition (command × state, by the right party) produces
 * the expected state and exactly one event; every other state is refused with CONFLICT; the wrong role
 * and the right role outside its grid / street / department are refused with FORBIDDEN; the windows
 * (reopen 7 days, auto-close 72 h, overdue) and the command's own conditions hold; events replay to the
 * stored state. The expected table is written out here, independently of the rules it checks.
 */
import { AppError } from '../../src/core/errors'
import { applyCommand, availableCommands, newReport, stateFromEvents, submitEvent, systemActor, type Actor, type Command } from '../../src/reports/machine'
import type { ReportDoc, ReportEventDoc } from '../../src/reports/model'
import { allReportStates, type ReportCommand, type ReportState } from '../../src/reports/vocabulary'

const NOW = new Date('2025-06-10T04:00:00.000Z')
const H = 3_600_000

function report(state: ReportState, extra: Partial<ReportDoc> = {}): ReportDoc {
  return {
    _id: 'rep-1',
    idempotencyKey: 'u-reporter:key12345',
    receiptNo: '20250610-0001',
    reporterId: 'u-reporter',
    categoryId: 'cat-garbage',
    description: '垃圾桶满了',
    location: { type: 'Point', coordinates: [120.66, 31.3] },
    address: '东港路 8 号',
    district: '苏州工业园区',
    street: 'street-1',
    gridId: 'grid-1',
    routeReason: 'inside',
    departmentId: ['dispatched', 'in_progress', 'resolved', 'confirmed', 'closed'].includes(state) ? 'dept-1' : null,
    state,
    version: 3,
    slaHours: 24,
    dueAt: new Date(NOW.getTime() - H),
    overdue: false,
    photos: [{ fileId: 'cloud://env.b/reports/k/0.jpg', kind: 'report', review: 'pending_review', by: 'u-reporter', at: new Date(NOW.getTime() - 30 * H) }],
    duplicateCount: 0,
    createdAt: new Date(NOW.getTime() - 30 * H),
    updatedAt: new Date(NOW.getTime() - 2 * H),
    resolvedAt: ['resolved', 'closed', 'confirmed'].includes(state) ? new Date(NOW.getTime() - 80 * H) : undefined,
    ...extra,
  }
}

const actor = (a: Partial<Actor> & { userId: string }): Actor => ({ roles: ['worker'], gridIds: [], gridWorkerStreetIds: [], streetIds: [], departmentIds: [], ...a })
const gridWorker = actor({ userId: 'u-grid', roles: ['worker', 'grid_worker'], gridIds: ['grid-1'] })
const streetGridWorker = actor({ userId: 'u-grid-street', roles: ['worker', 'grid_worker'], gridWorkerStreetIds: ['street-1'] })
const otherGridWorker = actor({ userId: 'u-grid-2', roles: ['worker', 'grid_worker'], gridIds: ['grid-2'] })
const dispatcher = actor({ userId: 'u-disp', roles: ['worker', 'dispatcher'], streetIds: ['street-1'] })
const otherDispatcher = actor({ userId: 'u-disp-2', roles: ['worker', 'dispatcher'], streetIds: ['street-2'] })
const handler = actor({ userId: 'u-dept', roles: ['worker', 'department_handler'], departmentIds: ['dept-1'] })
const otherHandler = actor({ userId: 'u-dept-2', roles: ['worker', 'department_handler'], departmentIds: ['dept-2'] })
const reporter = actor({ userId: 'u-reporter' })
const stranger = actor({ userId: 'u-stranger' })
const admin = actor({ userId: 'u-admin', roles: ['worker', 'admin'] })

const PHOTO = 'cloud://env.b/reports/after/0.jpg'
const args: Record<ReportCommand, Command> = {
  accept: { type: 'accept' },
  reject: { type: 'reject', reason: 'photo_unclear', note: '看不清' },
  merge: { type: 'merge', target: { _id: 'rep-0', state: 'accepted', categoryId: 'cat-garbage', street: 'street-1' } },
  dispatch: { type: 'dispatch', departmentId: 'dept-1' },
  transfer: { type: 'transfer', toGridId: 'grid-3', toStreet: 'street-1' },
  note: { type: 'note', note: '已电话联系物业' },
  start: { type: 'start' },
  resolve: { type: 'resolve', photos: [PHOTO], note: '已清运' },
  send_back: { type: 'send_back', reason: 'wrong_department' },
  confirm: { type: 'confirm', rating: 5 },
  reopen: { type: 'reopen', photos: [PHOTO] },
  auto_close: { type: 'auto_close' },
  mark_overdue: { type: 'mark_overdue' },
  review_photos: { type: 'review_photos', decisions: [{ index: 0, ok: true }] },
  add_photos: { type: 'add_photos', photos: [PHOTO] },
  media_check: { type: 'media_check', fileId: 'cloud://env.b/reports/k/0.jpg', suggest: 'pass', label: 100 },
}

/** Written out by hand: command → (from → to), and the parties allowed. */
const expected: Record<ReportCommand, { moves: Partial<Record<ReportState, ReportState>>; by: Actor[]; wrongRole: Actor[]; outOfScope: Actor[] }> = {
  accept: { moves: { submitted: 'accepted' }, by: [gridWorker, streetGridWorker, dispatcher], wrongRole: [handler, reporter, systemActor, admin], outOfScope: [otherGridWorker, otherDispatcher] },
  reject: { moves: { submitted: 'rejected' }, by: [gridWorker, dispatcher], wrongRole: [handler, reporter, systemActor], outOfScope: [otherGridWorker, otherDispatcher] },
  merge: { moves: { submitted: 'merged' }, by: [gridWorker, dispatcher], wrongRole: [handler, reporter], outOfScope: [otherGridWorker, otherDispatcher] },
  dispatch: { moves: { accepted: 'dispatched', returned: 'dispatched', reopened: 'dispatched' }, by: [gridWorker, dispatcher], wrongRole: [handler, reporter, systemActor], outOfScope: [otherGridWorker, otherDispatcher] },
  transfer: { moves: { submitted: 'submitted', accepted: 'accepted', returned: 'returned', reopened: 'reopened' }, by: [gridWorker, dispatcher], wrongRole: [handler, reporter], outOfScope: [otherGridWorker, otherDispatcher] },
  note: {
    moves: { submitted: 'submitted', accepted: 'accepted', returned: 'returned', reopened: 'reopened', dispatched: 'dispatched', in_progress: 'in_progress', resolved: 'resolved' },
    by: [gridWorker, dispatcher],
    wrongRole: [reporter, systemActor],
    outOfScope: [otherGridWorker, otherDispatcher],
  },
  start: { moves: { dispatched: 'in_progress' }, by: [handler], wrongRole: [gridWorker, dispatcher, reporter], outOfScope: [otherHandler] },
  resolve: { moves: { dispatched: 'resolved', in_progress: 'resolved' }, by: [handler], wrongRole: [gridWorker, dispatcher, reporter, admin], outOfScope: [otherHandler] },
  send_back: { moves: { dispatched: 'returned', in_progress: 'returned' }, by: [handler], wrongRole: [gridWorker, dispatcher, reporter], outOfScope: [otherHandler] },
  confirm: { moves: { resolved: 'confirmed' }, by: [reporter], wrongRole: [systemActor], outOfScope: [stranger, gridWorker, handler] },
  reopen: { moves: { resolved: 'reopened', closed: 'reopened' }, by: [reporter], wrongRole: [systemActor], outOfScope: [stranger, dispatcher] },
  auto_close: { moves: { resolved: 'closed' }, by: [systemActor], wrongRole: [reporter, gridWorker, dispatcher, handler, admin], outOfScope: [] },
  mark_overdue: {
    moves: { submitted: 'submitted', accepted: 'accepted', returned: 'returned', reopened: 'reopened', dispatched: 'dispatched', in_progress: 'in_progress' },
    by: [systemActor],
    wrongRole: [gridWorker, dispatcher, reporter],
    outOfScope: [],
  },
  review_photos: {
    moves: { submitted: 'submitted', accepted: 'accepted', returned: 'returned', reopened: 'reopened', dispatched: 'dispatched', in_progress: 'in_progress', resolved: 'resolved', confirmed: 'confirmed', closed: 'closed' },
    by: [gridWorker, dispatcher],
    wrongRole: [handler, reporter],
    outOfScope: [otherGridWorker, otherDispatcher],
  },
  add_photos: {
    moves: { submitted: 'submitted', accepted: 'accepted', returned: 'returned', reopened: 'reopened', dispatched: 'dispatched', in_progress: 'in_progress' },
    by: [stranger, reporter],
    wrongRole: [systemActor],
    outOfScope: [],
  },
  media_check: {
    moves: Object.fromEntries(allReportStates.map((s) => [s, s])),
    by: [systemActor],
    wrongRole: [gridWorker, dispatcher, handler, reporter, admin],
    outOfScope: [],
  },
}

function refusal(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected a refusal')
}

describe.each(Object.keys(expected) as ReportCommand[])('%s', (type) => {
  const spec = expected[type]
  const allowedFrom = Object.keys(spec.moves) as ReportState[]

  it.each(allowedFrom)('from %s: allowed for each right party, one event with from/to/actor', (from) => {
    for (const who of spec.by) {
      const r = report(from)
      const { patch, event } = applyCommand(r, args[type], who, NOW)
      expect(patch.state).toBe(spec.moves[from])
      expect(patch.version).toBe(r.version + 1)
      expect(event).toMatchObject({ _id: `rep-1:${r.version + 1}`, reportId: 'rep-1', seq: r.version + 1, kind: type, from, to: spec.moves[from], actorId: who.userId, at: NOW })
      expect(event.actorRole).toBeTruthy()
    }
  })

  const forbiddenStates = allReportStates.filter((s) => !allowedFrom.includes(s))
  if (forbiddenStates.length) {
    it.each(forbiddenStates)('from %s: refused with CONFLICT naming the state', (from) => {
      // The department still named, so the refusal is about the state, not the scope.
      const e = refusal(() => applyCommand(report(from, { departmentId: 'dept-1' }), args[type], spec.by[0], NOW))
      expect(e.code).toBe('CONFLICT')
      expect(e.message).toMatch(/现在是「.+」，不能/)
    })
  }

  it('wrong role: FORBIDDEN saying who may', () => {
    for (const who of spec.wrongRole) {
      const e = refusal(() => applyCommand(report(allowedFrom[0]), args[type], who, NOW))
      expect(e.code).toBe('FORBIDDEN')
      expect(e.message).toMatch(/只有|不在|没有派给|本人|系统/)
    }
  })

  if (spec.outOfScope.length) {
    it('right role, outside its grid / street / department / own report: FORBIDDEN', () => {
      for (const who of spec.outOfScope) {
        const e = refusal(() => applyCommand(report(allowedFrom[0]), args[type], who, NOW))
        expect(e.code).toBe('FORBIDDEN')
        expect(e.message).toMatch(/不在您负责|没有派给您的部门|上报人本人/)
      }
    })
  }
})

describe('media_check: WeChat\'s image verdict on one photo', () => {
  const FILE = 'cloud://env.b/reports/k/0.jpg'
  const verdict = (r: ReportDoc, suggest: 'pass' | 'risky' | 'review', label = 100) => applyCommand(r, { type: 'media_check', fileId: FILE, suggest, label }, systemActor, NOW)
  const withReview = (review: 'pending_review' | 'visible' | 'rejected') => report('accepted', { photos: [{ fileId: FILE, kind: 'report', review, by: 'u-reporter', at: NOW }] })

  it('pass shows a photo nobody has reviewed yet, and records the verdict', () => {
    const { patch, event } = verdict(withReview('pending_review'), 'pass')
    expect(patch.photos?.[0].review).toBe('visible')
    expect(event.data).toMatchObject({ fileId: FILE, suggest: 'pass', label: 100 })
  })
  it('pass never overrides staff who hid the photo', () => {
    expect(verdict(withReview('rejected'), 'pass').patch.photos?.[0].review).toBe('rejected')
  })
  it('risky hides the photo even after staff showed it, in any state', () => {
    expect(verdict(withReview('visible'), 'risky', 20002).patch.photos?.[0].review).toBe('rejected')
    const closed = report('closed', { photos: [{ fileId: FILE, kind: 'after', review: 'visible', by: 'u-dept', at: NOW }] })
    expect(verdict(closed, 'risky', 20002).patch.photos?.[0].review).toBe('rejected')
  })
  it('review leaves the photo to staff', () => {
    expect(verdict(withReview('pending_review'), 'review', 21000).patch.photos?.[0].review).toBe('pending_review')
  })
  it('a file that is not one of the report\'s photos is NOT_FOUND', () => {
    const e = refusal(() => applyCommand(withReview('pending_review'), { type: 'media_check', fileId: 'cloud://env.b/reports/k/9.jpg', suggest: 'risky', label: 20002 }, systemActor, NOW))
    expect(e.code).toBe('NOT_FOUND')
  })
})

describe('scope edge cases', () => {
  it('a report with no grid (boundary) is the street dispatcher’s, not any grid worker’s', () => {
    const r = report('submitted', { gridId: null, routeReason: 'boundary' })
    expect(applyCommand(r, args.accept, dispatcher, NOW).patch.state).toBe('accepted')
    expect(refusal(() => applyCommand(r, args.accept, gridWorker, NOW)).code).toBe('FORBIDDEN')
    // A grid worker scoped to the whole street covers it.
    expect(applyCommand(r, args.accept, streetGridWorker, NOW).event.actorRole).toBe('grid_worker')
  })

  it('a department handler loses the report once it is sent back', () => {
    const { patch } = applyCommand(report('in_progress'), args.send_back, handler, NOW)
    expect(patch.departmentId).toBeNull()
    const after = report('returned', { departmentId: null })
    expect(refusal(() => applyCommand(after, args.note, handler, NOW)).code).toBe('FORBIDDEN')
  })

  it('wrong role is refused before state is revealed', () => {
    const e = refusal(() => applyCommand(report('confirmed'), args.accept, reporter, NOW))
    expect(e.code).toBe('FORBIDDEN')
  })
})

describe('command conditions', () => {
  it('accept makes the reviewed photos public, except those hidden', () => {
    const r = report('submitted', { photos: [0, 1].map((i) => ({ fileId: `cloud://e.b/reports/k/${i}.jpg`, kind: 'report' as const, review: 'pending_review' as const, by: 'u-reporter', at: NOW })) })
    const { patch, event } = applyCommand(r, { type: 'accept', hidePhotos: [1] }, gridWorker, NOW)
    expect(patch.photos?.map((p) => p.review)).toEqual(['visible', 'rejected'])
    expect(patch.acceptedAt).toBe(NOW)
    expect(event.data).toEqual({ hiddenPhotos: [1] })
  })

  it('resolve needs an after-photo and a note; after-photos show at once', () => {
    expect(refusal(() => applyCommand(report('in_progress'), { type: 'resolve', photos: [], note: '已处理' }, handler, NOW)).field).toBe('photos')
    expect(refusal(() => applyCommand(report('in_progress'), { type: 'resolve', photos: [PHOTO], note: '  ' }, handler, NOW)).field).toBe('note')
    const { patch } = applyCommand(report('in_progress'), args.resolve, handler, NOW)
    expect(patch.photos?.at(-1)).toMatchObject({ fileId: PHOTO, kind: 'after', review: 'visible' })
    expect(patch.resolvedAt).toBe(NOW)
    expect(patch.resolvedBy).toBe('dept-1')
  })

  it('confirm takes a 1–5 rating', () => {
    for (const rating of [0, 6, 2.5]) expect(refusal(() => applyCommand(report('resolved'), { type: 'confirm', rating }, reporter, NOW)).field).toBe('rating')
    expect(applyCommand(report('resolved'), { type: 'confirm', rating: 4 }, reporter, NOW).patch.rating).toBe(4)
  })

  it('reopen only within 7 days of the resolution, with a photo; the SLA clock restarts', () => {
    const resolvedAt = new Date(NOW.getTime() - 7 * 24 * H)
    const { patch } = applyCommand(report('closed', { resolvedAt }), args.reopen, reporter, NOW)
    expect(patch.departmentId).toBeNull()
    expect(patch.dueAt?.getTime()).toBe(NOW.getTime() + 24 * H)
    expect(patch.photos?.at(-1)).toMatchObject({ kind: 'reopen', review: 'pending_review' })
    const late = refusal(() => applyCommand(report('closed', { resolvedAt: new Date(resolvedAt.getTime() - 1000) }), args.reopen, reporter, NOW))
    expect(late.code).toBe('OUT_OF_RANGE')
    expect(late.message).toContain('7 天')
    expect(refusal(() => applyCommand(report('resolved'), { type: 'reopen', photos: [] }, reporter, NOW)).field).toBe('photos')
  })

  it('auto-close only 72 h after the resolution', () => {
    const early = refusal(() => applyCommand(report('resolved', { resolvedAt: new Date(NOW.getTime() - 71 * H) }), args.auto_close, systemActor, NOW))
    expect(early.code).toBe('CONFLICT')
    expect(applyCommand(report('resolved', { resolvedAt: new Date(NOW.getTime() - 72 * H) }), args.auto_close, systemActor, NOW).patch.state).toBe('closed')
  })

  it('mark overdue only past the due time, once', () => {
    expect(refusal(() => applyCommand(report('accepted', { dueAt: new Date(NOW.getTime() + H) }), args.mark_overdue, systemActor, NOW)).code).toBe('CONFLICT')
    expect(refusal(() => applyCommand(report('accepted', { overdue: true }), args.mark_overdue, systemActor, NOW)).code).toBe('CONFLICT')
    expect(applyCommand(report('accepted'), args.mark_overdue, systemActor, NOW).patch).toMatchObject({ overdue: true, overdueAt: NOW, state: 'accepted' })
  })

  it('merge only into an open report of the same category and street, not itself', () => {
    const m = (target: Partial<ReportDoc>) => ({ type: 'merge' as const, target: { _id: 'rep-0', state: 'accepted' as const, categoryId: 'cat-garbage' as const, street: 'street-1', ...target } })
    expect(refusal(() => applyCommand(report('submitted'), m({ _id: 'rep-1' }), gridWorker, NOW)).code).toBe('INVALID_ARGUMENT')
    expect(refusal(() => applyCommand(report('submitted'), m({ state: 'closed' }), gridWorker, NOW)).code).toBe('CONFLICT')
    expect(refusal(() => applyCommand(report('submitted'), m({ categoryId: 'cat-manhole' }), gridWorker, NOW)).code).toBe('INVALID_ARGUMENT')
    expect(refusal(() => applyCommand(report('submitted'), m({ street: 'street-2' }), gridWorker, NOW)).code).toBe('INVALID_ARGUMENT')
    expect(applyCommand(report('submitted'), m({}), gridWorker, NOW).patch.mergedInto).toBe('rep-0')
  })

  it('transfer to the same grid is refused; a transfer records both grids', () => {
    expect(refusal(() => applyCommand(report('submitted'), { type: 'transfer', toGridId: 'grid-1', toStreet: 'street-1' }, gridWorker, NOW)).code).toBe('INVALID_ARGUMENT')
    const { patch, event } = applyCommand(report('submitted'), args.transfer, gridWorker, NOW)
    expect(patch).toMatchObject({ gridId: 'grid-3', routeReason: 'transferred', state: 'submitted' })
    expect(event.data).toEqual({ fromGridId: 'grid-1', toGridId: 'grid-3' })
  })

  it('a note must say something', () => {
    expect(refusal(() => applyCommand(report('accepted'), { type: 'note', note: ' ' }, dispatcher, NOW)).code).toBe('INVALID_ARGUMENT')
  })

  it('photo review rejects an index that does not exist', () => {
    expect(refusal(() => applyCommand(report('accepted'), { type: 'review_photos', decisions: [{ index: 3, ok: true }] }, dispatcher, NOW)).field).toBe('decisions')
  })
})

describe('events are the history', () => {
  it('a full life replays to the stored state; a gap or a wrong start is detected', () => {
    let r = report('submitted', { version: 1, dueAt: new Date(NOW.getTime() + 10 * H) })
    const events: ReportEventDoc[] = [submitEvent(r)]
    const steps: Array<[Command, Actor, number]> = [
      [args.accept, gridWorker, 0],
      [args.dispatch, gridWorker, 1],
      [args.start, handler, 2],
      [args.resolve, handler, 3],
      [args.reopen, reporter, 20],
      [args.dispatch, dispatcher, 21],
      [args.resolve, handler, 25],
      [{ type: 'confirm', rating: 4 }, reporter, 26],
    ]
    for (const [cmd, who, hours] of steps) {
      const { patch, event } = applyCommand(r, cmd, who, new Date(NOW.getTime() + hours * H))
      r = { ...r, ...patch }
      events.push(event)
    }
    expect(r.state).toBe('confirmed')
    expect(stateFromEvents(events)).toBe('confirmed')
    expect(new Set(events.map((e) => e._id)).size).toBe(events.length)
    expect(() => stateFromEvents(events.filter((e) => e.seq !== 3))).toThrow(/missing/)
    expect(() => stateFromEvents([{ ...events[0], from: 'accepted' }])).toThrow(/starts from/)
  })
})

describe('availableCommands (buttons on the page)', () => {
  it('offers each party only what it may do now', () => {
    expect(availableCommands(report('submitted'), gridWorker, NOW).sort()).toEqual(['accept', 'merge', 'note', 'reject', 'review_photos', 'transfer'])
    expect(availableCommands(report('dispatched'), handler, NOW).sort()).toEqual(['note', 'resolve', 'send_back', 'start'])
    expect(availableCommands(report('resolved', { resolvedAt: new Date(NOW.getTime() - H) }), reporter, NOW).sort()).toEqual(['confirm', 'reopen'])
    expect(availableCommands(report('closed', { resolvedAt: new Date(NOW.getTime() - 8 * 24 * H) }), reporter, NOW)).toEqual([])
    expect(availableCommands(report('submitted'), stranger, NOW)).toEqual([])
    expect(availableCommands(report('submitted'), otherGridWorker, NOW)).toEqual([])
  })
})

describe('newReport', () => {
  it('stores a routed report as submitted, version 1, due by its SLA, and opens its history with submitEvent', () => {
    const r = newReport({
      _id: 'rp-new',
      idempotencyKey: 'u1:key12345',
      receiptNo: '20250610-0002',
      reporterId: 'u1',
      categoryId: 'cat-streetlight',
      description: '路灯不亮',
      location: { lng: 120.66, lat: 31.3 },
      address: '东环路 66 号',
      route: { district: 'd1', street: 's1', gridId: 'g1', reason: 'inside' },
      slaHours: 48,
      photos: [],
      now: NOW,
    })
    expect(r).toMatchObject({ state: 'submitted', version: 1, gridId: 'g1', routeReason: 'inside', departmentId: null, overdue: false, duplicateCount: 0, createdAt: NOW, updatedAt: NOW })
    expect(r.location).toEqual({ type: 'Point', coordinates: [120.66, 31.3] })
    expect(r.dueAt.getTime() - NOW.getTime()).toBe(48 * H)
    expect(stateFromEvents([submitEvent(r)])).toBe('submitted')
  })
})
