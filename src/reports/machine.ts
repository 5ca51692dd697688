/**
 * The report state machine, pure. `applyCommand(report, command, actor, now)` checks, in this order,
 * who may (role), whether this report is theirs (grid / street / department / own report), and whether
 * the report's state allows it, then answers the new fields and the ONE append-only event that records
 * the change — or throws an AppError that says why and what to do. Persistence (the transaction that
 * writes both, the points, the notifications) is the function's job; nothing here does I/O.
 */
import { AppError } from '../core/errors'
import { authorizeTransition, replayState, type PartyTests, type TransitionTable, type WorkflowLabels } from '../core/workflow'
import type { Role } from '../core/roles'
import { toPoint, type LngLat } from '../core/geo'
import { addDays, addHours } from '../core/time'
import { defaultReportPolicy, type ReportDoc, type ReportEventDoc, type ReportPhoto, type ReportPolicy } from './model'
import {
  MAX_PHOTOS,
  stateLabel,
  triageStates,
  departmentStates,
  openStates,
  eventLabel,
  type RejectionReason,
  type ReportCommand,
  type ReportState,
  type SendBackReason,
  allReportStates,
  type MediaVerdict,
} from './vocabulary'
import type { Route } from './routing'
import { dueAt } from './rules'

/** Who is acting, with the scopes that matter here (from role_grants; never from the client). */
export interface Actor {
  userId: string
  roles: readonly Role[]
  /** grid_worker grid scopes. */
  gridIds: readonly string[]
  /** grid_worker street scopes (a grid worker for a whole street). */
  gridWorkerStreetIds: readonly string[]
  /** dispatcher street scopes. */
  streetIds: readonly string[]
  departmentIds: readonly string[]
  /** Timer jobs. */
  system?: boolean
}

export const systemActor: Actor = { userId: 'system', roles: [], gridIds: [], gridWorkerStreetIds: [], streetIds: [], departmentIds: [], system: true }

export interface CommandArgs {
  accept: { note?: string; hidePhotos?: number[] }
  reject: { reason: RejectionReason; note?: string }
  merge: { target: Pick<ReportDoc, '_id' | 'state' | 'categoryId' | 'street'>; note?: string }
  dispatch: { departmentId: string; note?: string }
  transfer: { toGridId: string; toStreet: string; note?: string }
  note: { note: string }
  start: { note?: string }
  resolve: { photos: string[]; note: string }
  send_back: { reason: SendBackReason; note?: string }
  confirm: { rating: number; note?: string }
  reopen: { photos: string[]; note?: string }
  auto_close: object
  mark_overdue: object
  review_photos: { decisions: Array<{ index: number; ok: boolean }> }
  add_photos: { photos: string[] }
  media_check: { fileId: string; suggest: MediaVerdict; label: number }
}

export type Command = { [K in ReportCommand]: { type: K } & CommandArgs[K] }[ReportCommand]

/** Who acts on a report: triage = its grid's worker or its street's dispatcher. */
type Party = 'triage' | 'department' | 'reporter' | 'system' | 'any_worker'

export const rules: TransitionTable<ReportCommand, ReportState, Party> = {
  accept: { from: ['submitted'], to: 'accepted', by: ['triage'] },
  reject: { from: ['submitted'], to: 'rejected', by: ['triage'] },
  merge: { from: ['submitted'], to: 'merged', by: ['triage'] },
  dispatch: { from: ['accepted', 'returned', 'reopened'], to: 'dispatched', by: ['triage'] },
  transfer: { from: triageStates, to: null, by: ['triage'] },
  note: { from: [...openStates, 'resolved'], to: null, by: ['triage', 'department'] },
  start: { from: ['dispatched'], to: 'in_progress', by: ['department'] },
  resolve: { from: departmentStates, to: 'resolved', by: ['department'] },
  send_back: { from: departmentStates, to: 'returned', by: ['department'] },
  confirm: { from: ['resolved'], to: 'confirmed', by: ['reporter'] },
  reopen: { from: ['resolved', 'closed'], to: 'reopened', by: ['reporter'] },
  auto_close: { from: ['resolved'], to: 'closed', by: ['system'] },
  mark_overdue: { from: openStates, to: null, by: ['system'] },
  review_photos: { from: [...openStates, 'resolved', 'confirmed', 'closed'], to: null, by: ['triage'] },
  add_photos: { from: openStates, to: null, by: ['any_worker'] },
  // Any state: a verdict may arrive after the report was closed, and a risky photo must still disappear.
  media_check: { from: allReportStates, to: null, by: ['system'] },
}

const partyLabel: Record<Party, string> = {
  triage: '负责该网格的网格员或街道派单员',
  department: '承办部门的处理人',
  reporter: '上报人本人',
  system: '系统（定时任务或微信安全检测）',
  any_worker: '已登录的用户',
}

/** The role the actor acts in for this report, or null when they are not a party of this kind. */
function roleFor(party: Party, report: ReportDoc, actor: Actor): Role | 'system' | null {
  switch (party) {
    case 'triage':
      if (actor.roles.includes('grid_worker') && ((report.gridId !== null && actor.gridIds.includes(report.gridId)) || actor.gridWorkerStreetIds.includes(report.street))) return 'grid_worker'
      if (actor.roles.includes('dispatcher') && actor.streetIds.includes(report.street)) return 'dispatcher'
      return null
    case 'department':
      return actor.roles.includes('department_handler') && report.departmentId !== null && actor.departmentIds.includes(report.departmentId) ? 'department_handler' : null
    case 'reporter':
      return !actor.system && report.reporterId === actor.userId ? 'worker' : null
    case 'system':
      return actor.system ? 'system' : null
    case 'any_worker':
      return actor.system ? null : 'worker'
  }
}

function holdsRoleFor(party: Party, actor: Actor): boolean {
  switch (party) {
    case 'triage':
      return actor.roles.includes('grid_worker') || actor.roles.includes('dispatcher')
    case 'department':
      return actor.roles.includes('department_handler')
    case 'reporter':
    case 'any_worker':
      return !actor.system
    case 'system':
      return !!actor.system
  }
}

const scopeRefusal: Record<Party, string> = {
  triage: '这件问题不在您负责的网格或街道内，请转交负责的网格员处理',
  department: '这件问题没有派给您的部门，如有需要请联系街道派单员',
  reporter: '只有上报人本人可以确认或重新打开这件问题',
  system: '只有系统可以执行此操作',
  any_worker: '请先登录',
}

const partyTests: PartyTests<Party, ReportDoc, Actor> = { holds: (p, actor) => holdsRoleFor(p, actor), actsAs: (p, report, actor) => roleFor(p, report, actor) }

const reportLabels: WorkflowLabels<ReportCommand, ReportState, Party> = { command: eventLabel, state: stateLabel, party: partyLabel, outOfScope: scopeRefusal, noun: '这件问题' }

/** The checks every command passes before it may change anything (the shared guard, src/core/workflow.ts). Answers the role acted in. */
export function authorize(report: ReportDoc, type: ReportCommand, actor: Actor): Role | 'system' {
  return authorizeTransition(rules, partyTests, reportLabels, report, type, actor)
}

export interface Transition {
  /** Fields to set on the report (always includes state, version, updatedAt). */
  patch: Partial<ReportDoc>
  /** The event to append (its _id is `${reportId}:${seq}`). */
  event: ReportEventDoc
}

function photoList(fileIds: readonly string[], kind: ReportPhoto['kind'], by: string, at: Date, review: ReportPhoto['review']): ReportPhoto[] {
  return fileIds.map((fileId) => ({ fileId, kind, review, by, at }))
}

function requireNote(note: string | undefined, what: string): string {
  const n = (note ?? '').trim()
  if (!n) throw new AppError('INVALID_ARGUMENT', `请填写${what}`, 'note')
  return n
}

/** Applies one command: authorisation, state, the command's own conditions, then the patch and its event. */
export function applyCommand(report: ReportDoc, command: Command, actor: Actor, now: Date, policy: ReportPolicy = defaultReportPolicy): Transition {
  const role = authorize(report, command.type, actor)
  const rule = rules[command.type]
  const patch: Partial<ReportDoc> = {}
  const data: Record<string, unknown> = {}
  let note: string | undefined
  let reason: string | undefined
  let photos: string[] | undefined

  switch (command.type) {
    case 'accept': {
      const hide = new Set(command.hidePhotos ?? [])
      // Accepting is the staff member's review of the reporter's photos: the ones not hidden become public.
      patch.photos = report.photos.map((p, i) => (p.review === 'pending_review' ? { ...p, review: hide.has(i) ? 'rejected' : 'visible' } : p))
      patch.acceptedAt = now
      note = command.note
      if (hide.size) data.hiddenPhotos = [...hide]
      break
    }
    case 'reject':
      patch.rejection = command.note ? { reason: command.reason, note: command.note } : { reason: command.reason }
      patch.closedAt = now
      reason = command.reason
      note = command.note
      break
    case 'merge': {
      const t = command.target
      if (t._id === report._id) throw new AppError('INVALID_ARGUMENT', '不能合并到它自己', 'targetId')
      if (!openStates.includes(t.state)) throw new AppError('CONFLICT', `目标问题已「${stateLabel[t.state]}」，请合并到仍在处理中的问题`)
      if (t.categoryId !== report.categoryId) throw new AppError('INVALID_ARGUMENT', '只能合并同一类别的问题', 'targetId')
      if (t.street !== report.street) throw new AppError('INVALID_ARGUMENT', '只能合并同一街道的问题', 'targetId')
      patch.mergedInto = t._id
      patch.closedAt = now
      data.targetId = t._id
      note = command.note
      break
    }
    case 'dispatch':
      patch.departmentId = command.departmentId
      patch.dispatchedAt = now
      data.departmentId = command.departmentId
      note = command.note
      break
    case 'transfer':
      if (command.toGridId === report.gridId) throw new AppError('INVALID_ARGUMENT', '已经在这个网格了，请选择其他网格', 'gridId')
      patch.gridId = command.toGridId
      patch.street = command.toStreet
      patch.routeReason = 'transferred'
      data.fromGridId = report.gridId
      data.toGridId = command.toGridId
      note = command.note
      break
    case 'note':
      note = requireNote(command.note, '备注内容')
      break
    case 'start':
      note = command.note
      break
    case 'resolve':
      if (command.photos.length < 1) throw new AppError('INVALID_ARGUMENT', '请至少拍一张处理后的照片', 'photos')
      if (report.photos.length + command.photos.length > MAX_PHOTOS * 3) throw new AppError('OUT_OF_RANGE', '这件问题的照片太多了')
      // After-photos are taken by department staff under their own accounts; they show at once.
      patch.photos = [...report.photos, ...photoList(command.photos, 'after', actor.userId, now, 'visible')]
      patch.resolvedAt = now
      patch.resolvedBy = report.departmentId
      note = requireNote(command.note, '处理情况说明')
      photos = command.photos
      break
    case 'send_back':
      patch.sendBack = command.note ? { reason: command.reason, note: command.note } : { reason: command.reason }
      patch.departmentId = null
      reason = command.reason
      note = command.note
      break
    case 'confirm':
      if (!Number.isInteger(command.rating) || command.rating < 1 || command.rating > 5) throw new AppError('INVALID_ARGUMENT', '请打 1 到 5 星', 'rating')
      patch.rating = command.rating
      patch.closedAt = now
      data.rating = command.rating
      note = command.note
      break
    case 'reopen': {
      if (!report.resolvedAt || now.getTime() > addDays(new Date(report.resolvedAt), policy.reopenDays).getTime()) {
        throw new AppError('OUT_OF_RANGE', `处理完成已超过 ${policy.reopenDays} 天，不能重新打开；如问题仍在，请重新上报`)
      }
      if (command.photos.length < 1) throw new AppError('INVALID_ARGUMENT', '请拍一张现场照片，说明问题还在', 'photos')
      patch.photos = [...report.photos, ...photoList(command.photos, 'reopen', actor.userId, now, 'pending_review')]
      // Back to triage with a fresh SLA clock, and without the old department or resolution.
      patch.departmentId = null
      patch.resolvedAt = undefined
      patch.closedAt = undefined
      patch.rating = undefined
      patch.dueAt = addHours(now, report.slaHours)
      patch.overdue = false
      photos = command.photos
      note = command.note
      break
    }
    case 'auto_close':
      if (!report.resolvedAt || now.getTime() < addHours(new Date(report.resolvedAt), policy.autoCloseHours).getTime()) {
        throw new AppError('CONFLICT', `处理完成未满 ${policy.autoCloseHours} 小时，还在等上报人确认`)
      }
      patch.closedAt = now
      break
    case 'mark_overdue':
      if (report.overdue) throw new AppError('CONFLICT', '已标记为超期')
      if (now.getTime() <= new Date(report.dueAt).getTime()) throw new AppError('CONFLICT', '还没有到期')
      patch.overdue = true
      patch.overdueAt = now
      break
    case 'review_photos': {
      const next = report.photos.map((p) => ({ ...p }))
      for (const d of command.decisions) {
        const p = next[d.index]
        if (!p) throw new AppError('INVALID_ARGUMENT', `没有第 ${d.index + 1} 张照片`, 'decisions')
        p.review = d.ok ? 'visible' : 'rejected'
      }
      patch.photos = next
      data.decisions = command.decisions
      break
    }
    case 'media_check': {
      const i = report.photos.findIndex((p) => p.fileId === command.fileId)
      if (i < 0) throw new AppError('NOT_FOUND', '这件问题没有这张照片', 'fileId')
      const p = report.photos[i]
      // Risky hides the photo whatever anyone decided; pass only settles a photo nobody has reviewed yet.
      const review = command.suggest === 'risky' ? 'rejected' : command.suggest === 'pass' && p.review === 'pending_review' ? 'visible' : p.review
      patch.photos = report.photos.map((x, j) => (j === i ? { ...x, review } : x))
      data.fileId = command.fileId
      data.suggest = command.suggest
      data.label = command.label
      break
    }
    case 'add_photos':
      if (command.photos.length < 1) throw new AppError('INVALID_ARGUMENT', '请至少拍一张照片', 'photos')
      if (report.photos.length + command.photos.length > MAX_PHOTOS * 3) throw new AppError('OUT_OF_RANGE', '这件问题的照片已经够多了，谢谢你')
      patch.photos = [...report.photos, ...photoList(command.photos, 'report', actor.userId, now, 'pending_review')]
      photos = command.photos
      break
  }

  const to = rule.to ?? report.state
  const seq = report.version + 1
  Object.assign(patch, { state: to, version: seq, updatedAt: now })
  const event: ReportEventDoc = { _id: `${report._id}:${seq}`, reportId: report._id, seq, kind: command.type, from: report.state, to, actorId: actor.userId, actorRole: role, at: now }
  if (note) event.note = note
  if (reason) event.reason = reason
  if (photos) event.photos = photos
  if (Object.keys(data).length) event.data = data
  return { patch, event }
}

/**
 * A report as it is first stored: routed, `submitted` at version 1, due by its category's SLA, with
 * nothing merged into it yet. The function and the demo data both start here; its first event is
 * `submitEvent(report)`.
 */
export function newReport(input: {
  _id: string
  idempotencyKey: string
  receiptNo: string
  reporterId: string
  categoryId: ReportDoc['categoryId']
  description: string
  location: LngLat
  deviceFix?: { lng: number; lat: number; accuracy: number }
  address: string
  route: Pick<Route, 'district' | 'street' | 'gridId' | 'reason'>
  slaHours: number
  photos: ReportPhoto[]
  now: Date
}): ReportDoc {
  const { route, now } = input
  const report: ReportDoc = {
    _id: input._id,
    idempotencyKey: input.idempotencyKey,
    receiptNo: input.receiptNo,
    reporterId: input.reporterId,
    categoryId: input.categoryId,
    description: input.description,
    location: toPoint(input.location),
    address: input.address,
    district: route.district,
    street: route.street,
    gridId: route.gridId,
    routeReason: route.reason,
    departmentId: null,
    state: 'submitted',
    version: 1,
    slaHours: input.slaHours,
    dueAt: dueAt(now, input.slaHours),
    overdue: false,
    photos: input.photos,
    duplicateCount: 0,
    createdAt: now,
    updatedAt: now,
  }
  if (input.deviceFix) report.deviceFix = { lng: input.deviceFix.lng, lat: input.deviceFix.lat, accuracy: input.deviceFix.accuracy }
  return report
}

/** The event that opens a report's history. */
export function submitEvent(report: Pick<ReportDoc, '_id' | 'reporterId' | 'createdAt' | 'photos' | 'routeReason' | 'gridId'>): ReportEventDoc {
  return {
    _id: `${report._id}:1`,
    reportId: report._id,
    seq: 1,
    kind: 'submit',
    from: null,
    to: 'submitted',
    actorId: report.reporterId,
    actorRole: 'worker',
    at: report.createdAt,
    photos: report.photos.map((p) => p.fileId),
    data: { routeReason: report.routeReason, gridId: report.gridId },
  }
}

/** Replays a report's events: the state they lead to (the stored state must equal it). */
export function stateFromEvents(events: ReadonlyArray<Pick<ReportEventDoc, 'seq' | 'from' | 'to'>>): ReportState | null {
  return replayState(events)
}

/** Commands this actor could run on this report now (for the page's buttons; the server re-checks). */
export function availableCommands(report: ReportDoc, actor: Actor, now: Date, policy: ReportPolicy = defaultReportPolicy): ReportCommand[] {
  const out: ReportCommand[] = []
  for (const type of Object.keys(rules) as ReportCommand[]) {
    if (type === 'auto_close' || type === 'mark_overdue' || type === 'add_photos') continue
    try {
      authorize(report, type, actor)
    } catch {
      continue
    }
    if (type === 'reopen' && (!report.resolvedAt || now.getTime() > addDays(new Date(report.resolvedAt), policy.reopenDays).getTime())) continue
    if (type === 'review_photos' && !report.photos.some((p) => p.review === 'pending_review')) continue
    out.push(type)
  }
  return out
}
