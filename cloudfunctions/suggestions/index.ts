/**
 * `suggestions` function (建议). Riders post suggestions (text and place through msgSecCheck; public at
 * once, the author never shown) and "+1" them once each; street staff of the suggestion's street assign
 * an owner department and answer in public with a state (received → evaluating → adopted with a promised
 * date / not adopted with a reason → solved), keep internal notes internal, and start from answer
 * templates; the author is told of every answer in their messages. The figures districts publish are
 * computed here from the suggestions. Every answer is one command of the pure machine
 * (src/suggestions/machine.ts) committed with its event in one transaction.
 */
import { createHash } from 'node:crypto'
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { Role } from '../../src/core/roles'
import { chinaDateKey } from '../../src/core/time'
import { suggestionsContract, type FiguresAnswer } from '../../src/suggestions/contract'
import { suggestionsCsv } from '../../src/suggestions/export'
import { computeSuggestionFigures } from '../../src/suggestions/figures'
import { applySuggestionCommand, postEvent, type SuggestionActor, type SuggestionCommandInput } from '../../src/suggestions/machine'
import type { SuggestionDoc, SuggestionEventDoc } from '../../src/suggestions/model'
import { suggestionCardOf, suggestionDetailOf, type SuggestionDetail } from '../../src/suggestions/views'
import { answerTemplates, suggestionPolicy, suggestionStateLabel } from '../../src/suggestions/vocabulary'
import { requireCleanTexts } from '../_runtime/content'
import { dateOf, findAll, getById, isDuplicateKeyError, txGet, type Database } from '../_runtime/db'
import { tempFileUrls } from '../_runtime/files'
import { requestMediaChecks } from '../_runtime/media-check'
import { noticeData } from '../_runtime/notices'
import { createHandler, type ActionContext } from '../_runtime/router'
import { runInTransaction } from '../_runtime/transactions'
import { commitCommand, type WorkflowStore } from '../_runtime/workflow'

const DETAIL_PAGE = '/suggestions/pages/detail/index'
const DAY = 86_400_000


function normalise(raw: SuggestionDoc): SuggestionDoc {
  const s = { ...raw }
  for (const k of ['createdAt', 'updatedAt', 'answeredAt', 'adoptedAt', 'solvedAt'] as const) {
    const d = dateOf(s[k])
    if (d) s[k] = d
  }
  return s
}

function actorOf(ctx: Pick<ActionContext, 'userId' | 'roles' | 'scopeIds'>): SuggestionActor {
  return { userId: ctx.userId, roles: ctx.roles, streetIds: [...new Set([...ctx.scopeIds('street', 'dispatcher'), ...ctx.scopeIds('street', 'grid_worker')])] }
}

const suggestionStore: WorkflowStore<SuggestionDoc> = {
  collection: Collection.suggestions,
  eventCollection: Collection.suggestionEvents,
  normalise,
  notFound: { message: '没有找到这条建议', field: 'suggestionId' },
  conflict: '这条建议刚刚有了新答复，请刷新后再操作',
}

async function load(db: Database, id: string): Promise<SuggestionDoc> {
  const doc = await getById<SuggestionDoc>(db, Collection.suggestions, id)
  if (!doc) throw new AppError('NOT_FOUND', '没有找到这条建议', 'suggestionId')
  return normalise(doc)
}

async function viewFor(ctx: ActionContext, s: SuggestionDoc): Promise<SuggestionDetail> {
  const actor = actorOf(ctx)
  const [events, vote, urls] = await Promise.all([
    ctx.db.collection<SuggestionEventDoc>(Collection.suggestionEvents).where({ subjectId: s._id }).orderBy('seq', 'asc').limit(100).get(),
    getById(ctx.db, Collection.suggestionVotes, `${s._id}:${ctx.userId}`),
    tempFileUrls(ctx, s.photo ? [s.photo] : []),
  ])
  return suggestionDetailOf(s, { userId: ctx.userId, staff: actor.streetIds.includes(s.street), supported: !!vote }, events.data, urls)
}

/** One answer: the suggestion's new fields, its event and (for public answers) the author's message, in one transaction. */
async function answer(ctx: ActionContext, id: string, command: SuggestionCommandInput): Promise<SuggestionDetail> {
  const actor = actorOf(ctx)
  const { after } = await commitCommand(ctx.db, suggestionStore, id, (before) => applySuggestionCommand(before, command, actor, ctx.now), async (t, c) => {
    if (command.type === 'note' || command.type === 'assign') return
    const next = c.after
    const nid = `sn:${id}:${c.event.seq}`
    const body = `你的建议「${next.text.slice(0, 20)}」${suggestionStateLabel[next.state]}${next.publicReply ? `：${next.publicReply}` : ''}`
    await t.collection(Collection.notifications).doc(nid).set({ data: noticeData({ _id: nid, userId: next.authorId, kind: 'suggestion_answered', title: '街道答复了你的建议', body: body.slice(0, 200), page: `${DETAIL_PAGE}?id=${id}`, refType: 'suggestion', refId: id }, ctx.now) })
  })
  return viewFor(ctx, after)
}

function cleanReply(ctx: ActionContext, reply: string | undefined): Promise<void> {
  return requireCleanTexts(ctx, [{ text: reply, field: 'reply', scene: 2, message: '答复里有不适宜的内容，它会公开显示，请修改后再提交' }])
}

export const main = createHandler(
  suggestionsContract,
  {
    post: {
      roles: 'any',
      handler: async (input, ctx) => {
        const id = 'sg' + createHash('sha256').update(`nuanxin:suggestion:${ctx.userId}:${input.idempotencyKey}`).digest('hex').slice(0, 22)
        const replay = async () => {
          const existing = await getById<SuggestionDoc>(ctx.db, Collection.suggestions, id)
          return existing ? { suggestion: await viewFor(ctx, normalise(existing)), replayed: true } : null
        }
        const first = await replay()
        if (first) return first
        if (input.photo && !input.photo.includes(`/suggestions/${input.idempotencyKey}/`)) throw new AppError('INVALID_ARGUMENT', '照片需要在本页上传', 'photo')
        const street = await getById<{ _id: string; name: string; district: string }>(ctx.db, Collection.streets, input.street)
        if (!street) throw new AppError('INVALID_ARGUMENT', '请选择所在街道', 'street')
        await ctx.rateLimit({ name: 'suggestions.post', limit: suggestionPolicy.maxPerDay, windowSec: 86_400, message: '今天提的建议已经很多了，明天再来吧' })
        await requireCleanTexts(ctx, [
          { text: input.text, field: 'text', scene: 2, message: '建议内容里有不适宜的内容，它会公开显示，请修改后再提交' },
          { text: input.place, field: 'place', scene: 2, message: '地点里有不适宜的内容，它会公开显示，请修改后再提交' },
        ])
        const doc: SuggestionDoc = {
          _id: id,
          idempotencyKey: `${ctx.userId}:${input.idempotencyKey}`,
          authorId: ctx.userId,
          categoryId: input.categoryId,
          text: input.text,
          district: street.district,
          street: street._id,
          streetName: street.name,
          state: 'received',
          version: 1,
          supportCount: 0,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        }
        if (input.place) doc.place = input.place
        if (input.photo) doc.photo = input.photo
        try {
          await runInTransaction(ctx.db, async (t) => {
            const { _id, ...data } = doc
            await t.collection(Collection.suggestions).add({ data: { _id, ...data } })
            const { _id: eventId, ...event } = postEvent(doc)
            await t.collection(Collection.suggestionEvents).doc(eventId).set({ data: event })
          })
        } catch (err) {
          const again = await replay()
          if (again) return again
          if (isDuplicateKeyError(err)) throw new AppError('CONFLICT')
          throw err
        }
        if (doc.photo) await requestMediaChecks(ctx, 'suggestions', { collection: Collection.suggestions, docId: id }, [doc.photo])
        return { suggestion: await viewFor(ctx, doc), replayed: false }
      },
    },

    support: {
      roles: 'any',
      handler: async ({ suggestionId }, ctx) => {
        // The vote and the count move together: a second +1 (or twenty at once from one person) finds the vote and adds nothing.
        return runInTransaction(ctx.db, async (t) => {
          const s = await txGet<SuggestionDoc>(t, Collection.suggestions, suggestionId)
          if (!s) throw new AppError('NOT_FOUND', '没有找到这条建议', 'suggestionId')
          if (s.authorId === ctx.userId) throw new AppError('CONFLICT', '不能给自己的建议 +1')
          const voteId = `${suggestionId}:${ctx.userId}`
          if (await txGet(t, Collection.suggestionVotes, voteId)) return { supportCount: s.supportCount, supported: true }
          await t.collection(Collection.suggestionVotes).doc(voteId).set({ data: { suggestionId, userId: ctx.userId, at: ctx.now } })
          await t.collection(Collection.suggestions).doc(suggestionId).update({ data: { supportCount: s.supportCount + 1 } })
          return { supportCount: s.supportCount + 1, supported: true }
        })
      },
    },

    board: {
      roles: 'any',
      handler: async ({ street, state, sort, page }, ctx) => {
        const where: Record<string, unknown> = {}
        if (street) where.street = street
        if (state) where.state = state
        const limit = page?.limit ?? 20
        let q = ctx.db.collection<SuggestionDoc>(Collection.suggestions).where(where)
        q = sort === 'supported' ? q.orderBy('supportCount', 'desc').orderBy('createdAt', 'desc') : q.orderBy('createdAt', 'desc')
        const res = await q.skip(page?.offset ?? 0).limit(limit + 1).get()
        return { items: res.data.slice(0, limit).map((s) => suggestionCardOf(normalise(s))), hasMore: res.data.length > limit }
      },
    },

    detail: { roles: 'any', handler: async ({ suggestionId }, ctx) => viewFor(ctx, await load(ctx.db, suggestionId)) },

    mine: {
      roles: 'any',
      handler: async ({ page }, ctx) => {
        const res = await ctx.db.collection<SuggestionDoc>(Collection.suggestions).where({ authorId: ctx.userId }).orderBy('createdAt', 'desc').skip(page?.offset ?? 0).limit(page?.limit ?? 20).get()
        return { items: res.data.map((s) => suggestionCardOf(normalise(s))) }
      },
    },

    queue: {
      roles: [Role.dispatcher, Role.grid_worker],
      handler: async ({ state, page }, ctx) => {
        const streets = actorOf(ctx).streetIds
        if (!streets.length) throw new AppError('FORBIDDEN', '您还没有负责的街道，请联系管理员授权')
        const _ = ctx.db.command
        const where = { street: _.in(streets), state: state ?? _.in(['received', 'evaluating']) }
        const [res, count] = await Promise.all([
          ctx.db.collection<SuggestionDoc>(Collection.suggestions).where(where).orderBy('createdAt', 'asc').skip(page?.offset ?? 0).limit(page?.limit ?? 20).get(),
          ctx.db.collection(Collection.suggestions).where(where).count(),
        ])
        return { items: res.data.map((s) => suggestionCardOf(normalise(s))), total: count.total }
      },
    },

    templates: { roles: [Role.dispatcher, Role.grid_worker], handler: async () => answerTemplates },

    departments: {
      roles: [Role.dispatcher, Role.grid_worker],
      handler: async ({ suggestionId }, ctx) => {
        const s = await load(ctx.db, suggestionId)
        const res = await ctx.db.collection<{ _id: string; name: string }>(Collection.departments).where({ district: s.district, active: true }).orderBy('_id', 'asc').limit(50).get()
        return res.data.map((d) => ({ id: d._id, name: d.name }))
      },
    },

    evaluate: {
      roles: [Role.dispatcher, Role.grid_worker],
      handler: async ({ suggestionId, reply }, ctx) => {
        await cleanReply(ctx, reply)
        return answer(ctx, suggestionId, { type: 'evaluate', reply })
      },
    },
    adopt: {
      roles: [Role.dispatcher, Role.grid_worker],
      handler: async ({ suggestionId, reply, promisedDate, cost }, ctx) => {
        await cleanReply(ctx, reply)
        return answer(ctx, suggestionId, { type: 'adopt', reply, promisedDate, cost })
      },
    },
    decline: {
      roles: [Role.dispatcher, Role.grid_worker],
      handler: async ({ suggestionId, reason, reply }, ctx) => {
        await cleanReply(ctx, reply)
        return answer(ctx, suggestionId, { type: 'decline', reason, reply })
      },
    },
    solve: {
      roles: [Role.dispatcher, Role.grid_worker],
      handler: async ({ suggestionId, reply }, ctx) => {
        await cleanReply(ctx, reply)
        return answer(ctx, suggestionId, { type: 'solve', reply })
      },
    },
    assign: {
      roles: [Role.dispatcher, Role.grid_worker],
      handler: async ({ suggestionId, departmentId }, ctx) => {
        const s = await load(ctx.db, suggestionId)
        const d = await getById<{ _id: string; name: string; district: string; active: boolean }>(ctx.db, Collection.departments, departmentId)
        if (!d || !d.active) throw new AppError('NOT_FOUND', '没有找到这个部门', 'departmentId')
        if (d.district !== s.district) throw new AppError('INVALID_ARGUMENT', '只能指定本区的部门', 'departmentId')
        return answer(ctx, suggestionId, { type: 'assign', departmentId: d._id, departmentName: d.name })
      },
    },
    addNote: { roles: [Role.dispatcher, Role.grid_worker], handler: async ({ suggestionId, note }, ctx) => answer(ctx, suggestionId, { type: 'note', note }) },

    export: {
      roles: [Role.dispatcher, Role.grid_worker],
      handler: async ({ days }, ctx) => {
        const streets = actorOf(ctx).streetIds
        if (!streets.length) throw new AppError('FORBIDDEN', '您还没有负责的街道，请联系管理员授权')
        const from = new Date(ctx.now.getTime() - (days ?? 90) * DAY)
        const rows = (await findAll<SuggestionDoc>(ctx.db, Collection.suggestions, { street: ctx.db.command.in(streets), createdAt: ctx.db.command.gte(from) }, 5000)).map(normalise)
        rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        return { fileName: `建议台账-${chinaDateKey(ctx.now)}.csv`, csv: suggestionsCsv(rows), rows: rows.length }
      },
    },

    figures: {
      roles: 'any',
      handler: async ({ district, days }, ctx): Promise<FiguresAnswer> => {
        const period = days ?? 30
        const from = new Date(ctx.now.getTime() - period * DAY)
        const where: Record<string, unknown> = { createdAt: ctx.db.command.gte(from) }
        if (district) where.district = district
        const rows = (await findAll<SuggestionDoc>(ctx.db, Collection.suggestions, where, 5000)).map(normalise)
        const byStreet = new Map<string, { name: string; rows: SuggestionDoc[] }>()
        for (const r of rows) {
          const entry = byStreet.get(r.street) ?? { name: r.streetName, rows: [] }
          entry.rows.push(r)
          byStreet.set(r.street, entry)
        }
        return {
          from: from.toISOString(),
          to: ctx.now.toISOString(),
          answerDays: suggestionPolicy.answerDays,
          total: computeSuggestionFigures(rows, suggestionPolicy.answerDays),
          byStreet: [...byStreet.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, e]) => ({ id, name: e.name, figures: computeSuggestionFigures(e.rows, suggestionPolicy.answerDays) })),
        }
      },
    },
  },
  { name: 'suggestions' },
)
