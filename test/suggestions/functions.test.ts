/**
 * The `suggestions` function through the emulator with the real wx-server-sdk: post (content-checked),
 * "+1" once per user even when one person sends it ten times at once, the street's answers through
 * evaluating → adopted → solved with owner department and promised date, another street's staff refused,
 * the internal note never in a public answer, the author told in their messages and never shown, and
 * the published figures computed from what happened.
 */
import { Collection } from '../../src/core/collections'
import type { Envelope } from '../../src/core/envelope'
import type { BoardPage, FiguresAnswer } from '../../src/suggestions/contract'
import type { SuggestionDetail } from '../../src/suggestions/views'
import { startProject, type Project } from '../support/project'

jest.setTimeout(180_000)

let app: Project

beforeAll(async () => {
  // reports receives WeChat's image-check verdicts (cloudfunctions/message-push.ts).
  app = await startProject({ seed: true, functions: ['suggestions', 'users', 'reports'] })
}, 120_000)
afterAll(async () => {
  await app?.close()
})

function data<T>(res: Envelope<T>): T {
  if (!res.ok) throw new Error(`${res.error.code} ${res.error.message}`)
  return res.data
}

test('post, +1 once per user, answer evaluating → adopted → solved, public board and figures', async () => {
  const author = 'o-suggester-1'
  await app.call('users', 'updateProfile', { nickname: '提建议的小周' }, author)
  expect(await app.call('suggestions', 'post', { idempotencyKey: 'sg-key-risky', categoryId: 'charging', text: '加微信领红包，充电桩', street: 'street-lf' }, author)).toMatchObject({ ok: false, error: { code: 'CONTENT_REJECTED', field: 'text' } })
  const posted = data(await app.call<{ suggestion: SuggestionDetail }>('suggestions', 'post', { idempotencyKey: 'sg-key-0001', categoryId: 'charging', text: '金鸡湖路取餐点附近需要一个充电桩', place: '金鸡湖路美食街', street: 'street-lf' }, author))
  const id = posted.suggestion.id
  expect(posted.suggestion).toMatchObject({ state: 'received', mine: true, supportCount: 0 })

  // +1: the author may not; another rider once, even sending it ten times at once; a third rider once more.
  expect(await app.call('suggestions', 'support', { suggestionId: id }, author)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  const tries = await Promise.all(Array.from({ length: 10 }, () => app.callAs<{ supportCount: number }>('worker', 'suggestions', 'support', { suggestionId: id })))
  expect(tries.every((r) => r.ok)).toBe(true)
  data(await app.call('suggestions', 'support', { suggestionId: id }, 'o-another-rider'))
  expect((await app.db.collection(Collection.suggestions).doc(id).get()).data.supportCount).toBe(2)
  expect((await app.db.collection(Collection.suggestionVotes).where({ suggestionId: id }).count()).total).toBe(2)

  // Another street's dispatcher and a rider cannot answer.
  expect(await app.call('suggestions', 'evaluate', { suggestionId: id }, 'dev-hj-dispatcher')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  expect(await app.callAs('worker', 'suggestions', 'evaluate', { suggestionId: id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

  data(await app.callAs('dispatcher', 'suggestions', 'evaluate', { suggestionId: id, reply: '感谢您的建议，我们已安排工作人员到现场查看。' }))
  data(await app.callAs('dispatcher', 'suggestions', 'addNote', { suggestionId: id, note: '内部：电源接在配电房甲-17' }))
  // Adopting needs an owner department first.
  expect(await app.callAs('dispatcher', 'suggestions', 'adopt', { suggestionId: id, reply: '采纳', promisedDate: '2026-12-31' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', field: 'departmentId' } })
  const depts = data(await app.callAs<Array<{ id: string; name: string }>>('dispatcher', 'suggestions', 'departments', { suggestionId: id }))
  expect(depts.length).toBeGreaterThan(0)
  data(await app.callAs('dispatcher', 'suggestions', 'assign', { suggestionId: id, departmentId: depts[0].id }))
  const adopted = data(await app.callAs<SuggestionDetail>('dispatcher', 'suggestions', 'adopt', { suggestionId: id, reply: '您的建议已采纳，将在承诺日期前安装。', promisedDate: '2026-12-31' }))
  expect(adopted).toMatchObject({ state: 'adopted', promisedDate: '2026-12-31', departmentName: depts[0].name, staff: true })
  expect(adopted.internalNotes?.[0].text).toContain('配电房甲-17')
  const solved = data(await app.callAs<SuggestionDetail>('dispatcher', 'suggestions', 'solve', { suggestionId: id, reply: '充电桩已安装完成，欢迎使用。' }))
  expect(solved.state).toBe('solved')

  // The author was told at each public answer.
  const notices = (await app.db.collection(Collection.notifications).where({ userId: app.userIdOf(author), kind: 'suggestion_answered' }).get()).data as Array<{ body: string }>
  expect(notices).toHaveLength(3)

  // The public board and detail: states and replies, no author, no internal note.
  const board = data(await app.callAs<BoardPage>('worker', 'suggestions', 'board', { street: 'street-lf' }))
  const card = board.items.find((c) => c.id === id)
  expect(card).toMatchObject({ state: 'solved', stateLabel: '已解决', reply: '充电桩已安装完成，欢迎使用。', supportCount: 2 })
  for (const res of [board, data(await app.callAs('worker', 'suggestions', 'detail', { suggestionId: id })), data(await app.callAs('worker', 'suggestions', 'board', { sort: 'supported' }))]) {
    const json = JSON.stringify(res)
    for (const secret of ['提建议的小周', author, app.userIdOf(author), 'authorId', '配电房甲-17']) expect(json).not.toContain(secret)
  }

  // Events: one per answer, the note's text not among them.
  const events = (await app.db.collection(Collection.suggestionEvents).where({ subjectId: id }).orderBy('seq', 'asc').get()).data as Array<{ kind: string }>
  expect(events.map((e) => e.kind)).toEqual(['post', 'evaluate', 'note', 'assign', 'adopt', 'solve'])

  // Figures: a second suggestion not adopted, a third unanswered; counted by street, computed.
  const two = data(await app.call<{ suggestion: SuggestionDetail }>('suggestions', 'post', { idempotencyKey: 'sg-key-0002', categoryId: 'parking', text: '商场门口禁止电动车停放的规定不合理', street: 'street-lf' }, 'o-suggester-2')).suggestion.id
  data(await app.callAs('dispatcher', 'suggestions', 'decline', { suggestionId: two, reason: 'conflicts_with_rules', reply: '该规定由商场物业制定，已转告。' }))
  data(await app.call('suggestions', 'post', { idempotencyKey: 'sg-key-0003', categoryId: 'rest_point', text: '地铁站口需要一个避雨的歇脚点', street: 'street-lf' }, 'o-suggester-3'))
  const figures = data(await app.callAs<FiguresAnswer>('worker', 'suggestions', 'figures', { district: '苏州工业园区', days: 30 }))
  const lf = figures.byStreet.find((s) => s.id === 'street-lf')
  expect(lf?.figures).toEqual({ received: 3, answered: 2, answeredWithinDays: 2, adopted: 1, notAdopted: 1, solved: 1 })
  expect(figures.total.received).toBe(3)

  // The register export: staff only, answered_at in China time, never the author.
  expect(await app.callAs('worker', 'suggestions', 'export', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  const exported = data(await app.callAs<{ csv: string; rows: number }>('dispatcher', 'suggestions', 'export', { days: 30 }))
  expect(exported.rows).toBe(3)
  expect(exported.csv).toContain('首次答复时间')
  const line = exported.csv.split('\r\n').find((l) => l.startsWith(id))
  expect(line).toContain('已解决')
  expect(line).toContain('2026-12-31')
  for (const secret of ['提建议的小周', app.userIdOf(author), '配电房甲-17']) expect(exported.csv).not.toContain(secret)
})

test('a suggestion\'s photo: the author sees it at once, others only after WeChat\'s image check passed it', async () => {
  const author = 'o-sg-photo-author'
  const post = async (key: string, name: string) => {
    const photo = await app.upload(`suggestions/${key}/${name}`, author)
    return data(await app.call<{ suggestion: SuggestionDetail }>('suggestions', 'post', { idempotencyKey: key, categoryId: 'charging', text: '这里需要一个遮雨棚', street: 'street-lf', photo }, author)).suggestion
  }
  const clean = await post('sg-photo-clean-1', '0.jpg')
  const risky = await post('sg-photo-risky-1', 'risky-0.jpg')
  expect(clean.photoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__files\//)
  await app.emu.settlePushes()
  const seenClean = data(await app.callAs<SuggestionDetail>('worker', 'suggestions', 'detail', { suggestionId: clean.id }))
  expect(seenClean.photoUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__files\//)
  const seenRisky = data(await app.callAs<SuggestionDetail>('worker', 'suggestions', 'detail', { suggestionId: risky.id }))
  expect(seenRisky).toMatchObject({ photoChecking: true })
  expect(JSON.stringify(seenRisky)).not.toContain('risky-0')
  // The street's staff moderate it and see it.
  expect(data(await app.callAs<SuggestionDetail>('dispatcher', 'suggestions', 'detail', { suggestionId: risky.id })).photoUrl).toContain('risky-0')
})
