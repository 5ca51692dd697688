/**
 * The shared workflow module on a toy table: the guard's order (role, then scope, then state) and the
 * refusal each gives, the event it records, replay (gaps and broken chains throw), and the commands an
 * actor could run. Reports, wishes and suggestions are tested on it through their own machines.
 */
import { allowedCommands, authorizeTransition, createdEvent, replayState, transitionEvent, TransitionRefused, type PartyTests, type TransitionTable, type WorkflowLabels } from '../../src/core/workflow'

type S = 'open' | 'done'
type C = 'finish' | 'reopen'
type P = 'owner' | 'staff'
interface Doc { _id: string; state: S; version: number; owner: string; street: string }
interface Who { userId: string; staff: boolean; streets: string[] }

const table: TransitionTable<C, S, P> = { finish: { from: ['open'], to: 'done', by: ['staff'] }, reopen: { from: ['done'], to: 'open', by: ['owner'] } }
const tests: PartyTests<P, Doc, Who> = {
  holds: (p, a) => (p === 'staff' ? a.staff : true),
  actsAs: (p, d, a) => (p === 'staff' ? (a.staff && a.streets.includes(d.street) ? 'dispatcher' : null) : d.owner === a.userId ? 'worker' : null),
}
const labels: WorkflowLabels<C, S, P> = { command: { finish: '办结', reopen: '重开' }, state: { open: '办理中', done: '已办结' }, party: { owner: '本人', staff: '街道工作人员' }, outOfScope: { owner: '不是你的', staff: '不在你的街道' }, noun: '这件事' }
const doc: Doc = { _id: 'd1', state: 'open', version: 1, owner: 'u1', street: 's1' }
const staff: Who = { userId: 'u9', staff: true, streets: ['s1'] }

function refusal(fn: () => unknown) {
  try {
    fn()
    return null
  } catch (e) {
    return e instanceof TransitionRefused ? { code: e.code, refusal: e.refusal, message: e.message } : { error: String(e) }
  }
}

test('role first, then scope, then state; the role acted in is answered', () => {
  expect(authorizeTransition(table, tests, labels, doc, 'finish', staff)).toBe('dispatcher')
  expect(refusal(() => authorizeTransition(table, tests, labels, doc, 'finish', { userId: 'u1', staff: false, streets: [] }))).toEqual({ code: 'FORBIDDEN', refusal: 'role', message: '只有街道工作人员可以执行「办结」' })
  // Out of scope wins over a wrong state: a staff member of another street learns nothing about the state.
  expect(refusal(() => authorizeTransition(table, tests, labels, { ...doc, state: 'done' }, 'finish', { ...staff, streets: ['s2'] }))).toEqual({ code: 'FORBIDDEN', refusal: 'scope', message: '不在你的街道' })
  expect(refusal(() => authorizeTransition(table, tests, labels, { ...doc, state: 'done' }, 'finish', staff))).toEqual({ code: 'CONFLICT', refusal: 'state', message: '这件事现在是「已办结」，不能办结；请刷新查看最新进展' })
})

test('events: the transition at version+1 with from/to/actor; the opening event; replay', () => {
  const opened = createdEvent<S, 'create'>('d1', 'create', 'open', 'u1', 'worker', new Date(0))
  const finished = transitionEvent<S, C>(doc, 'finish', 'done', staff, 'dispatcher', new Date(1), { note: '好了', data: {} })
  expect(finished).toEqual({ _id: 'd1:2', subjectId: 'd1', seq: 2, kind: 'finish', from: 'open', to: 'done', actorId: 'u9', actorRole: 'dispatcher', at: new Date(1), note: '好了' })
  expect(replayState([finished, opened])).toBe('done')
  expect(() => replayState([finished])).toThrow(/missing/)
  expect(() => replayState([opened, { ...finished, from: 'done' as S }])).toThrow(/starts from/)
  expect(replayState([])).toBeNull()
})

test('allowed commands for an actor now', () => {
  expect(allowedCommands(table, tests, labels, doc, staff)).toEqual(['finish'])
  expect(allowedCommands(table, tests, labels, { ...doc, state: 'done' }, { userId: 'u1', staff: false, streets: [] })).toEqual(['reopen'])
  expect(allowedCommands(table, tests, labels, doc, staff, ['finish'])).toEqual([])
})
