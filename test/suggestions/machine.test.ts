/**
 * The suggestion state machine and figures, pure: every command from every state by the street's staff
 * (allowed exactly where the table says, else CONFLICT), wrong role and another street's staff
 * (FORBIDDEN, role / scope), the answers' own conditions (reply, promised date, owner department first),
 * answeredAt stamped once by the first public answer, internal notes kept out of the event, replay,
 * the published figures computed from rows, and the register CSV.
 */
import { replayState, TransitionRefused } from '../../src/core/workflow'
import { suggestionsCsv } from '../../src/suggestions/export'
import { computeSuggestionFigures } from '../../src/suggestions/figures'
import { applySuggestionCommand, postEvent, suggestionRules, type SuggestionActor, type SuggestionCommandInput } from '../../src/suggestions/machine'
import type { SuggestionDoc } from '../../src/suggestions/model'
import { allSuggestionStates, type SuggestionCommand, type SuggestionState } from '../../src/suggestions/vocabulary'

const now = new Date('2026-12-05T08:00:00Z')
const DAY = 86_400_000
const staff: SuggestionActor = { userId: 'u-staff', roles: ['worker', 'dispatcher'], streetIds: ['street-lf'] }
const gridStaff: SuggestionActor = { userId: 'u-grid', roles: ['worker', 'grid_worker'], streetIds: ['street-lf'] }
const otherStreet: SuggestionActor = { userId: 'u-other', roles: ['worker', 'dispatcher'], streetIds: ['street-hj'] }
const rider: SuggestionActor = { userId: 'u-rider', roles: ['worker', 'party_member'], streetIds: [] }

function sg(state: SuggestionState, over: Partial<SuggestionDoc> = {}): SuggestionDoc {
  return { _id: 'sg1', idempotencyKey: 'k', authorId: 'u-author', categoryId: 'charging', text: '金鸡湖路口需要充电桩', district: '苏州工业园区', street: 'street-lf', streetName: '娄葑街道', state, version: 2, supportCount: 0, departmentId: 'dept-1', departmentName: '城管', createdAt: new Date(now.getTime() - 3 * DAY), updatedAt: now, ...over }
}

const cases: Record<SuggestionCommand, SuggestionCommandInput> = {
  evaluate: { type: 'evaluate', reply: '已安排现场查看' },
  adopt: { type: 'adopt', reply: '采纳，月底前安装', promisedDate: '2026-12-31', cost: 20000 },
  decline: { type: 'decline', reason: 'not_feasible', reply: '暂不具备条件' },
  solve: { type: 'solve', reply: '已安装完成' },
  assign: { type: 'assign', departmentId: 'dept-2', departmentName: '市政' },
  note: { type: 'note', note: '需要和物业协调' },
}

function refusal(fn: () => unknown): { code: string; refusal?: string } | null {
  try {
    fn()
    return null
  } catch (err) {
    const e = err as TransitionRefused
    return { code: e.code, refusal: e instanceof TransitionRefused ? e.refusal : undefined }
  }
}

describe('every command from every state by the street\'s staff', () => {
  for (const type of Object.keys(cases) as SuggestionCommand[]) {
    for (const state of allSuggestionStates) {
      const allowed = suggestionRules[type].from.includes(state)
      test(`${type} from ${state}: ${allowed ? 'allowed' : 'refused (state)'}`, () => {
        const s = sg(state)
        if (allowed) {
          const { patch, event } = applySuggestionCommand(s, cases[type], staff, now)
          expect(patch.state).toBe(suggestionRules[type].to ?? state)
          expect(event).toMatchObject({ _id: 'sg1:3', seq: 3, kind: type, from: state, to: patch.state, actorId: 'u-staff', actorRole: 'dispatcher' })
        } else {
          expect(refusal(() => applySuggestionCommand(s, cases[type], staff, now))).toEqual({ code: 'CONFLICT', refusal: 'state' })
        }
      })
    }
  }
  test('a street-wide grid worker answers as grid_worker', () => {
    expect(applySuggestionCommand(sg('received'), cases.evaluate, gridStaff, now).event.actorRole).toBe('grid_worker')
  })
})

describe('wrong role, another street', () => {
  for (const type of Object.keys(cases) as SuggestionCommand[]) {
    test(`${type}: a rider is refused (role), another street's staff (scope)`, () => {
      const state = suggestionRules[type].from[0]
      expect(refusal(() => applySuggestionCommand(sg(state), cases[type], rider, now))).toEqual({ code: 'FORBIDDEN', refusal: 'role' })
      expect(refusal(() => applySuggestionCommand(sg(state), cases[type], otherStreet, now))).toEqual({ code: 'FORBIDDEN', refusal: 'scope' })
    })
  }
})

describe('answers', () => {
  test('adopting needs a reply, a promised date and an owner department first', () => {
    expect(refusal(() => applySuggestionCommand(sg('evaluating'), { type: 'adopt', reply: ' ', promisedDate: '2026-12-31' }, staff, now))?.code).toBe('INVALID_ARGUMENT')
    expect(refusal(() => applySuggestionCommand(sg('evaluating'), { type: 'adopt', reply: '采纳', promisedDate: '12/31' }, staff, now))?.code).toBe('INVALID_ARGUMENT')
    expect(refusal(() => applySuggestionCommand(sg('evaluating', { departmentId: undefined }), { type: 'adopt', reply: '采纳', promisedDate: '2026-12-31' }, staff, now))?.code).toBe('INVALID_ARGUMENT')
    const { patch } = applySuggestionCommand(sg('evaluating'), cases.adopt, staff, now)
    expect(patch).toMatchObject({ state: 'adopted', promisedDate: '2026-12-31', cost: 20000, publicReply: '采纳，月底前安装', adoptedAt: now })
  })
  test('the first public answer stamps answeredAt, later ones keep it; a note or assignment is not an answer', () => {
    expect(applySuggestionCommand(sg('received'), cases.note, staff, now).patch.answeredAt).toBeUndefined()
    expect(applySuggestionCommand(sg('received'), cases.assign, staff, now).patch.answeredAt).toBeUndefined()
    expect(applySuggestionCommand(sg('received'), { type: 'evaluate' }, staff, now).patch.answeredAt).toEqual(now)
    const earlier = new Date(now.getTime() - DAY)
    expect(applySuggestionCommand(sg('evaluating', { answeredAt: earlier }), cases.adopt, staff, now).patch.answeredAt).toBeUndefined()
  })
  test('an internal note stays out of the event (events feed the public history)', () => {
    const { patch, event } = applySuggestionCommand(sg('received'), cases.note, staff, now)
    expect(patch.internalNotes).toEqual([{ by: 'u-staff', text: '需要和物业协调', at: now }])
    expect(JSON.stringify(event)).not.toContain('物业')
  })
  test('a whole life replays to the stored state', () => {
    let s = sg('received', { version: 1, departmentId: undefined })
    const events = [postEvent(s)]
    for (const c of [cases.evaluate, cases.assign, cases.adopt, cases.solve]) {
      const { patch, event } = applySuggestionCommand(s, c, staff, now)
      s = { ...s, ...patch }
      events.push(event)
    }
    expect(s.state).toBe('solved')
    expect(replayState(events)).toBe('solved')
  })
})

test('figures: received, answered within N days, adopted (incl. solved), not adopted, solved', () => {
  const at = (d: number) => new Date(now.getTime() + d * DAY)
  const rows = [
    { state: 'received' as const, createdAt: at(0) },
    { state: 'evaluating' as const, createdAt: at(0), answeredAt: at(2) },
    { state: 'adopted' as const, createdAt: at(0), answeredAt: at(10) },
    { state: 'solved' as const, createdAt: at(0), answeredAt: at(7) },
    { state: 'not_adopted' as const, createdAt: at(0), answeredAt: at(1) },
  ]
  expect(computeSuggestionFigures(rows, 7)).toEqual({ received: 5, answered: 4, answeredWithinDays: 3, adopted: 2, notAdopted: 1, solved: 1 })
  expect(computeSuggestionFigures([], 7)).toEqual({ received: 0, answered: 0, answeredWithinDays: 0, adopted: 0, notAdopted: 0, solved: 0 })
})

test('the register CSV: China times, days to answer, no author, formula cells defused', () => {
  const row = sg('solved', { text: '=HYPERLINK("x")', createdAt: new Date('2026-12-01T16:30:00Z'), answeredAt: new Date('2026-12-03T04:30:00Z'), solvedAt: new Date('2026-12-04T02:00:00Z'), promisedDate: '2026-12-31', publicReply: '已安装' })
  const csv = suggestionsCsv([row])
  const line = csv.split('\r\n')[1]
  expect(line).toContain('2026-12-02 00:30')
  expect(line).toContain('2026-12-03 12:30')
  expect(line).toContain(',1.5,')
  expect(line).toContain(`"'=HYPERLINK(""x"")"`)
  expect(csv).not.toContain('u-author')
})
