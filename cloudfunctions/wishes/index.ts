/**
 * `wishes` function (微心愿). A worker posts a wish (text through msgSecCheck, at most two open, the
 * photo private); street staff screen it; screened wishes go up on the public wall by street and
 * category; a party member, a team captain or a registered enterprise's contact person claims it in one
 * transaction (exactly one claimer wins; a team claim has a quota of parts members join, never
 * exceeded; a company claim names one enterprise of the contact's scope, on the registry 一企一档, whose
 * name the public card shows — never the contact person's); the claimer marks contact within
 * 7 days or the timer returns the wish to the wall with priority; contact is relayed as in-app
 * messages (no numbers unless the beneficiary consents); the claimer delivers with a photo receipt; the
 * beneficiary confirms (or the timer does after 7 days) and the claimer is credited once per wish
 * through the passbook's shared credit path (nobody for a company claim: machine.ts creditedClaimer). Every change is one command of the pure machine
 * (src/wishes/machine.ts) committed with its event (./store.ts).
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { Role } from '../../src/core/roles'
import { addDays } from '../../src/core/time'
import { PointRuleKind, SourceType } from '../../src/passbook/vocabulary'
import type { NoticeKind } from '../../src/users/notices'
import { wishesContract, type MyWishItem, type StaffWishItem, type StreetOption, type TimerResult } from '../../src/wishes/contract'
import type { EnterpriseDoc } from '../../src/district/model'
import { creditedClaimer, postEvent, wishSystemActor, type WishActor, type WishCommandInput } from '../../src/wishes/machine'
import type { WishDoc, WishEventDoc } from '../../src/wishes/model'
import { cardOf, detailOf, type WishDetail } from '../../src/wishes/views'
import { declineReasonLabel, openWishStates, wishPolicy } from '../../src/wishes/vocabulary'
import { requireCleanTexts } from '../_runtime/content'
import { getById, isDuplicateKeyError, txGet, type Database, type Transaction } from '../_runtime/db'
import { tempFileUrls } from '../_runtime/files'
import { requestMediaChecks } from '../_runtime/media-check'
import { noticeData } from '../_runtime/notices'
import { createHandler, type ActionContext, type SystemContext } from '../_runtime/router'
import { runInTransaction } from '../_runtime/transactions'
import { creditInTransaction } from '../passbook/credit'
import { actorOf, loadWish, normaliseWish, runWishCommand, wishIdFor, type WishCommitted } from './store'

const DETAIL_PAGE = '/wishes/pages/detail/index'
const MAX_POSTS_PER_DAY = 5
/** States the public (anyone signed in) may open: on the wall, claimed, or fulfilled. */
const publicStates = ['published', 'claimed', 'contacted', 'delivered', 'fulfilled']

async function eventsOf(db: Database, wishId: string): Promise<WishEventDoc[]> {
  return (await db.collection<WishEventDoc>(Collection.wishEvents).where({ subjectId: wishId }).orderBy('seq', 'asc').limit(100).get()).data
}

/** The caller's view of a wish; a wish not (yet) public opens only for its beneficiary and its street's staff. */
async function viewFor(ctx: ActionContext, wish: WishDoc, actor: WishActor): Promise<WishDetail> {
  const mine = wish.beneficiaryId === actor.userId
  const staff = actor.streetIds.includes(wish.street)
  if (!mine && !staff && !publicStates.includes(wish.state)) throw new AppError('NOT_FOUND', '这个心愿还没有公开或已撤回', 'wishId')
  const photos = [wish.photo, wish.delivery?.photo].filter((x): x is string => !!x)
  const [urls, events] = await Promise.all([tempFileUrls(ctx, photos), eventsOf(ctx.db, wish._id)])
  return detailOf(wish, actor, ctx.now, events, urls)
}

const photoSubject = (wishId: string) => ({ collection: Collection.wishes, docId: wishId })

async function notice(t: Transaction, c: WishCommitted, userId: string, kind: NoticeKind, title: string, body: string, now: Date): Promise<void> {
  const id = `wn:${c.after._id}:${c.event.seq}:${userId}`
  await t.collection(Collection.notifications).doc(id).set({ data: noticeData({ _id: id, userId, kind, title, body, page: `${DETAIL_PAGE}?id=${c.after._id}`, refType: 'wish', refId: c.after._id }, now) })
}

/** The credit, inside the transition's transaction: once per wish whoever confirms it and however often. */
async function creditClaimer(t: Transaction, c: WishCommitted, actorId: string, now: Date): Promise<void> {
  const claim = c.before.claim
  if (!claim) return
  const credited = creditedClaimer(claim)
  if (!credited) {
    for (const userId of claim.participants) await notice(t, c, userId, 'wish_fulfilled', '心愿已圆梦', `「${c.after.title}」已确认收到，谢谢${claim.enterpriseName ? `「${claim.enterpriseName}」` : '你'}`, now)
    return
  }
  const credit = await creditInTransaction(t, {
    userId: credited,
    kind: PointRuleKind.wish_fulfilled,
    source: { type: SourceType.wish, id: c.after._id },
    idempotencyKey: `wish_fulfilled:${c.after._id}`,
    actorId,
    now,
    reason: `完成微心愿：${c.after.title}`.slice(0, 60),
  })
  c.after.pointsCredited = credit.points
  await t.collection(Collection.wishes).doc(c.after._id).update({ data: { pointsCredited: credit.points } })
  for (const userId of claim.participants) await notice(t, c, userId, 'wish_fulfilled', '心愿已圆梦', credit.points > 0 && userId === credited ? `「${c.after.title}」已确认收到，获得 ${credit.points} 积分，谢谢你` : `「${c.after.title}」已确认收到，谢谢你`, now)
}

async function act(ctx: ActionContext, wishId: string, command: WishCommandInput, also?: (t: Transaction, c: WishCommitted) => Promise<void>): Promise<WishDetail> {
  const actor = await actorOf(ctx)
  const c = await runWishCommand(ctx, wishId, command, actor, also)
  return viewFor(ctx, c.after, actor)
}

function cleanNote(ctx: ActionContext, note: string | undefined, field = 'note'): Promise<void> {
  return requireCleanTexts(ctx, [{ text: note, field, scene: 2, message: '说明里有不适宜的内容，对方会看到它，请修改后再提交' }])
}

/** The timer's job: lapse claims not contacted in 7 days, confirm deliveries left 7 days, flag stale unscreened wishes. */
async function runTimers(ctx: Pick<SystemContext, 'db' | 'now'>, limit = 200): Promise<TimerResult> {
  const _ = ctx.db.command
  const job = { db: ctx.db, now: ctx.now }
  const n = Math.min(100, limit)
  const tryEach = async (docs: WishDoc[], command: (w: WishDoc) => WishCommandInput, also?: (t: Transaction, c: WishCommitted) => Promise<void>) => {
    let done = 0
    for (const w of docs) {
      try {
        await runWishCommand(job, w._id, command(w), wishSystemActor, also)
        done++
      } catch (err) {
        // Someone acted on it meanwhile; the next run sees the new state.
        if (!(err instanceof AppError)) throw err
      }
    }
    return done
  }
  const lapsing = (await ctx.db.collection<WishDoc>(Collection.wishes).where({ state: 'claimed', 'claim.contactBy': _.lt(ctx.now) }).orderBy('claim.contactBy', 'asc').limit(n).get()).data.map(normaliseWish)
  const lapsed = await tryEach(lapsing, () => ({ type: 'lapse' }), async (t, c) => {
    for (const userId of c.before.claim?.participants ?? []) await notice(t, c, userId, 'wish_returned', '认领已超时', `「${c.after.title}」认领后 ${wishPolicy.contactDays} 天内未标记联系，已退回心愿墙`, ctx.now)
  })
  const unconfirmed = (await ctx.db.collection<WishDoc>(Collection.wishes).where({ state: 'delivered', 'delivery.at': _.lt(addDays(ctx.now, -wishPolicy.autoConfirmDays)) }).orderBy('delivery.at', 'asc').limit(n).get()).data.map(normaliseWish)
  const autoConfirmed = await tryEach(unconfirmed, () => ({ type: 'auto_confirm' }), (t, c) => creditClaimer(t, c, 'system', ctx.now))
  const stale = (await ctx.db.collection<WishDoc>(Collection.wishes).where({ state: 'submitted', staleFlagged: _.neq(true), createdAt: _.lt(addDays(ctx.now, -wishPolicy.staleScreenDays)) }).orderBy('createdAt', 'asc').limit(n).get()).data.map(normaliseWish)
  // Each stale wish is told to its street's dispatchers (the people whose workbench counts it).
  const staff = new Map<string, string[]>()
  for (const street of new Set(stale.map((w) => w.street))) {
    const grants = (await ctx.db.collection(Collection.roleGrants).where({ role: Role.dispatcher, scopeIds: street }).field({ userId: true }).limit(20).get()).data as Array<{ userId: string }>
    staff.set(street, grants.map((g) => g.userId))
  }
  const flagged = await tryEach(stale, () => ({ type: 'flag_stale' }), async (t, c) => {
    for (const userId of staff.get(c.after.street) ?? []) await notice(t, c, userId, 'wish_waiting', '有心愿等待审核', `「${c.after.title}」提交已超过 ${wishPolicy.staleScreenDays} 天，请尽快审核`, ctx.now)
  })
  return { lapsed, autoConfirmed, flagged }
}

/** The registered enterprises (一企一档) among `ids`, by name: the registry is read for the name only, never the contact's details. */
async function registeredEnterprises(db: Database, ids: readonly string[]): Promise<Array<{ id: string; name: string }>> {
  if (!ids.length) return []
  const res = await db.collection<Pick<EnterpriseDoc, '_id' | 'name'>>(Collection.enterprises).where({ _id: db.command.in([...ids]) }).field({ _id: true, name: true }).limit(ids.length).get()
  return res.data.map((e) => ({ id: e._id, name: e.name }))
}

async function streetOf(db: Database, id: string): Promise<StreetOption> {
  const st = await getById<{ _id: string; name: string; district: string }>(db, Collection.streets, id)
  if (!st) throw new AppError('INVALID_ARGUMENT', '请选择所在街道', 'street')
  return { id: st._id, name: st.name, district: st.district }
}

export const main = createHandler(
  wishesContract,
  {
    streets: {
      roles: 'any',
      handler: async (_input, ctx) => {
        const res = await ctx.db.collection<{ _id: string; name: string; district: string }>(Collection.streets).orderBy('_id', 'asc').limit(200).get()
        return res.data.map((d) => ({ id: d._id, name: d.name, district: d.district }))
      },
    },

    myTeams: {
      roles: [Role.team_captain],
      handler: async (_input, ctx) => {
        const ids = ctx.scopeIds('team', 'team_captain')
        if (!ids.length) return []
        const res = await ctx.db.collection<{ _id: string; name: string }>(Collection.teams).where({ _id: ctx.db.command.in(ids) }).field({ _id: true, name: true }).limit(ids.length).get()
        return res.data.map((t) => ({ id: t._id, name: t.name }))
      },
    },

    myEnterprises: {
      roles: [Role.enterprise_contact],
      handler: async (_input, ctx) => registeredEnterprises(ctx.db, ctx.scopeIds('enterprise', 'enterprise_contact')),
    },

    post: {
      roles: 'any',
      handler: async (input, ctx) => {
        const id = wishIdFor(ctx.userId, input.idempotencyKey)
        const replay = async () => {
          const existing = await getById<WishDoc>(ctx.db, Collection.wishes, id)
          return existing ? { wish: await viewFor(ctx, normaliseWish(existing), await actorOf(ctx)), replayed: true } : null
        }
        const first = await replay()
        if (first) return first
        if (input.photo && !input.photo.includes(`/wishes/${input.idempotencyKey}/`)) throw new AppError('INVALID_ARGUMENT', '照片需要在本页上传', 'photo')
        if (input.phoneConsent && !input.phone) throw new AppError('INVALID_ARGUMENT', '同意告知电话需要先填写电话', 'phone')
        const tooMany = () => new AppError('OUT_OF_RANGE', `每人最多同时有 ${wishPolicy.maxOpenPerUser} 个进行中的心愿，等已有心愿圆梦或撤回后再许新的吧`)
        await ctx.rateLimit({ name: 'wishes.post', limit: MAX_POSTS_PER_DAY, windowSec: 86_400, message: '今天提交的心愿已经够多了，明天再来吧' })
        const street = await streetOf(ctx.db, input.street)
        await requireCleanTexts(ctx, [
          { text: input.title, field: 'title', scene: 2, message: '心愿标题里有不适宜的内容，它会公开显示，请修改后再提交' },
          { text: input.description, field: 'description', scene: 2, message: '心愿描述里有不适宜的内容，它会公开显示，请修改后再提交' },
          { text: input.community, field: 'community', scene: 2, message: '社区名称里有不适宜的内容，它会公开显示，请修改后再提交' },
        ])
        const wish: WishDoc = {
          _id: id,
          idempotencyKey: `${ctx.userId}:${input.idempotencyKey}`,
          beneficiaryId: ctx.userId,
          forWhom: input.forWhom,
          categoryId: input.categoryId,
          title: input.title,
          description: input.description,
          valueBand: input.valueBand,
          district: street.district,
          street: street.id,
          streetName: street.name,
          community: input.community,
          phoneConsent: !!input.phoneConsent,
          state: 'submitted',
          version: 1,
          priority: 0,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        }
        if (input.photo) wish.photo = input.photo
        if (input.phone) wish.phone = input.phone
        try {
          await runInTransaction(ctx.db, async (t) => {
            // The person's open wishes, held in one slots document every post of theirs reads and writes:
            // two posts at once conflict here and the second re-reads, so the limit holds under any race.
            const slotsId = `wish_open:${ctx.userId}`
            const slots = (await txGet<{ ids?: string[] }>(t, Collection.counters, slotsId))?.ids ?? []
            const stillOpen: string[] = []
            for (const sid of slots) {
              const w = await txGet<WishDoc>(t, Collection.wishes, sid)
              if (w && openWishStates.includes(w.state)) stillOpen.push(sid)
            }
            if (stillOpen.length >= wishPolicy.maxOpenPerUser) throw tooMany()
            await t.collection(Collection.counters).doc(slotsId).set({ data: { ids: [...stillOpen, id], updatedAt: ctx.now } })
            const { _id, ...data } = wish
            await t.collection(Collection.wishes).add({ data: { _id, ...data } })
            const { _id: eventId, ...event } = postEvent(wish)
            await t.collection(Collection.wishEvents).doc(eventId).set({ data: event })
          })
        } catch (err) {
          const again = await replay()
          if (again) return again
          if (err instanceof AppError) throw err
          if (isDuplicateKeyError(err)) throw new AppError('CONFLICT')
          throw err
        }
        if (wish.photo) await requestMediaChecks(ctx, 'wishes', photoSubject(id), [wish.photo])
        return { wish: await viewFor(ctx, wish, await actorOf(ctx)), replayed: false }
      },
    },

    wall: {
      roles: 'any',
      handler: async ({ street, categoryId, sort, page }, ctx) => {
        const where: Record<string, unknown> = { state: 'published' }
        if (street) where.street = street
        if (categoryId) where.categoryId = categoryId
        const limit = page?.limit ?? 20
        let q = ctx.db.collection<WishDoc>(Collection.wishes).where(where)
        // Longest-waiting: returned claims first, then the oldest on the wall.
        q = sort === 'waiting' ? q.orderBy('priority', 'desc').orderBy('publishedAt', 'asc') : q.orderBy('publishedAt', 'desc')
        const res = await q.orderBy('_id', 'asc').skip(page?.offset ?? 0).limit(limit + 1).get()
        const items = res.data.slice(0, limit).map((w) => cardOf(normaliseWish(w), ctx.now))
        return { items, hasMore: res.data.length > limit }
      },
    },

    stories: {
      roles: 'any',
      handler: async ({ street, page }, ctx) => {
        const where: Record<string, unknown> = { state: 'fulfilled', 'thanks.public': true }
        if (street) where.street = street
        const limit = page?.limit ?? 20
        const res = await ctx.db.collection<WishDoc>(Collection.wishes).where(where).orderBy('fulfilledAt', 'desc').skip(page?.offset ?? 0).limit(limit + 1).get()
        return { items: res.data.slice(0, limit).map((w) => cardOf(normaliseWish(w), ctx.now)), hasMore: res.data.length > limit }
      },
    },

    detail: {
      roles: 'any',
      handler: async ({ wishId }, ctx) => {
        // Who the caller is for the wish does not depend on the wish: read both at once.
        const [wish, actor] = await Promise.all([loadWish(ctx.db, wishId), actorOf(ctx)])
        return viewFor(ctx, wish, actor)
      },
    },

    mine: {
      roles: 'any',
      handler: async ({ page }, ctx) => {
        const res = await ctx.db.collection<WishDoc>(Collection.wishes).where({ beneficiaryId: ctx.userId }).orderBy('createdAt', 'desc').skip(page?.offset ?? 0).limit(page?.limit ?? 20).get()
        return {
          items: res.data.map((raw) => {
            const w = normaliseWish(raw)
            const item: MyWishItem = cardOf(w, ctx.now)
            if (w.screening && !w.screening.ok && w.screening.reason) item.declinedReason = declineReasonLabel[w.screening.reason]
            return item
          }),
        }
      },
    },

    claimed: {
      roles: 'any',
      handler: async ({ page }, ctx) => {
        const res = await ctx.db.collection<WishDoc>(Collection.wishes).where({ 'claim.participants': ctx.userId }).orderBy('updatedAt', 'desc').skip(page?.offset ?? 0).limit(page?.limit ?? 20).get()
        return { items: res.data.map((w) => cardOf(normaliseWish(w), ctx.now)) }
      },
    },

    queue: {
      roles: [Role.dispatcher, Role.grid_worker],
      handler: async ({ street, state, page }, ctx) => {
        const actor = await actorOf(ctx)
        if (!actor.streetIds.length) throw new AppError('FORBIDDEN', '您还没有负责的街道，请联系管理员授权')
        if (street && !actor.streetIds.includes(street)) throw new AppError('FORBIDDEN', '这个街道不在您负责的范围内', 'street')
        const where: Record<string, unknown> = { street: street ?? ctx.db.command.in(actor.streetIds), state: state ?? 'submitted' }
        const limit = page?.limit ?? 20
        const [res, count] = await Promise.all([
          ctx.db.collection<WishDoc>(Collection.wishes).where(where).orderBy('createdAt', 'asc').skip(page?.offset ?? 0).limit(limit).get(),
          ctx.db.collection(Collection.wishes).where(where).count(),
        ])
        const items = res.data.map((raw): StaffWishItem => {
          const w = normaliseWish(raw)
          return { ...cardOf(w, ctx.now), createdAt: w.createdAt.toISOString(), stale: !!w.staleFlagged }
        })
        return { items, total: count.total }
      },
    },

    screen: {
      roles: [Role.dispatcher, Role.grid_worker],
      handler: async ({ wishId, ok, reason, note }, ctx) => {
        if (!ok && !reason) throw new AppError('INVALID_ARGUMENT', '请选择不通过的原因', 'reason')
        await cleanNote(ctx, note)
        const command: WishCommandInput = ok ? { type: 'screen_ok', note } : { type: 'screen_decline', reason: reason!, note }
        return act(ctx, wishId, command, (t, c) =>
          notice(t, c, c.after.beneficiaryId, 'wish_screened', ok ? '心愿已上墙' : '心愿未通过审核', ok ? `「${c.after.title}」已通过审核，等待爱心人士认领` : `「${c.after.title}」未通过审核：${declineReasonLabel[reason!]}`, ctx.now),
        )
      },
    },

    withdraw: { roles: 'any', handler: async ({ wishId }, ctx) => act(ctx, wishId, { type: 'withdraw' }) },

    claim: {
      roles: [Role.party_member, Role.team_captain, Role.enterprise_contact],
      handler: async ({ wishId, kind, teamId, parts, enterpriseId }, ctx) => {
        let teamName: string | undefined
        let enterpriseName: string | undefined
        if (kind === 'team') {
          if (!teamId) throw new AppError('INVALID_ARGUMENT', '请选择以哪支服务队认领', 'teamId')
          teamName = (await getById<{ name: string }>(ctx.db, Collection.teams, teamId))?.name
          if (!teamName) throw new AppError('NOT_FOUND', '没有找到这支服务队', 'teamId')
        }
        if (kind === 'company') {
          if (!enterpriseId) throw new AppError('INVALID_ARGUMENT', '请选择以哪家企业认领', 'enterpriseId')
          // Scope before the registry read: whether another enterprise is registered is not this caller's business.
          if (!ctx.scopeIds('enterprise', 'enterprise_contact').includes(enterpriseId)) throw new AppError('FORBIDDEN', '只能以您担任联络人的企业认领', 'enterpriseId')
          enterpriseName = (await registeredEnterprises(ctx.db, [enterpriseId]))[0]?.name
        }
        const by = kind === 'team' ? `「${teamName}」` : kind === 'company' ? `「${enterpriseName}」` : '一位党员'
        return act(ctx, wishId, { type: 'claim', kind, teamId, teamName, parts, enterpriseId, enterpriseName }, (t, c) =>
          notice(t, c, c.after.beneficiaryId, 'wish_claimed', '心愿被点亮了', `「${c.after.title}」已被${by}认领，对方会通过站内消息联系你`, ctx.now),
        )
      },
    },

    join: { roles: 'any', handler: async ({ wishId }, ctx) => act(ctx, wishId, { type: 'join' }) },

    markContacted: {
      roles: 'any',
      handler: async ({ wishId, note }, ctx) => {
        await cleanNote(ctx, note)
        return act(ctx, wishId, { type: 'mark_contacted', note })
      },
    },

    release: {
      roles: 'any',
      handler: async ({ wishId, note }, ctx) => {
        await cleanNote(ctx, note)
        return act(ctx, wishId, { type: 'release', note }, (t, c) => notice(t, c, c.after.beneficiaryId, 'wish_returned', '心愿重新上墙', `「${c.after.title}」的认领人放弃了认领，心愿已优先放回心愿墙`, ctx.now))
      },
    },

    deliver: {
      roles: 'any',
      handler: async ({ wishId, photo, note }, ctx) => {
        await cleanNote(ctx, note)
        const actor = await actorOf(ctx)
        const c = await runWishCommand(ctx, wishId, { type: 'deliver', photo, note }, actor, (t, c) =>
          notice(t, c, c.after.beneficiaryId, 'wish_delivered', '心愿已送达', `「${c.after.title}」已送达，请确认是否收到（${wishPolicy.autoConfirmDays} 天未确认将自动确认）`, ctx.now),
        )
        await requestMediaChecks(ctx, 'wishes', photoSubject(wishId), [photo])
        return viewFor(ctx, c.after, actor)
      },
    },

    confirm: {
      roles: 'any',
      handler: async ({ wishId, note }, ctx) => {
        await cleanNote(ctx, note)
        return act(ctx, wishId, { type: 'confirm', note }, (t, c) => creditClaimer(t, c, ctx.userId, ctx.now))
      },
    },

    notArrived: {
      roles: 'any',
      handler: async ({ wishId, note }, ctx) => {
        await cleanNote(ctx, note)
        return act(ctx, wishId, { type: 'not_arrived', note }, async (t, c) => {
          for (const userId of c.before.claim?.participants ?? []) await notice(t, c, userId, 'wish_message', '许愿人反馈未收到', `「${c.after.title}」：${note}`, ctx.now)
        })
      },
    },

    thank: {
      roles: 'any',
      handler: async ({ wishId, text, public: isPublic }, ctx) => {
        await requireCleanTexts(ctx, [{ text, field: 'text', scene: 2, message: '感谢的话里有不适宜的内容，请修改后再提交' }])
        return act(ctx, wishId, { type: 'thank', text, public: isPublic }, async (t, c) => {
          for (const userId of c.after.claim?.participants ?? []) await notice(t, c, userId, 'wish_message', '收到一份感谢', text, ctx.now)
        })
      },
    },

    setPhoneConsent: { roles: 'any', handler: async ({ wishId, consent }, ctx) => act(ctx, wishId, { type: 'set_phone_consent', consent }) },

    message: {
      roles: 'any',
      handler: async ({ wishId, text }, ctx) => {
        const wish = await loadWish(ctx.db, wishId)
        const claim = wish.claim
        if (!claim || !['claimed', 'contacted', 'delivered'].includes(wish.state)) throw new AppError('CONFLICT', '心愿被认领后才能互相留言')
        const fromBeneficiary = wish.beneficiaryId === ctx.userId
        const fromClaim = claim.participants.includes(ctx.userId)
        if (!fromBeneficiary && !fromClaim) throw new AppError('FORBIDDEN', '只有许愿人和认领人可以互相留言')
        await ctx.rateLimit({ name: 'wishes.message', limit: 40, windowSec: 86_400, message: '今天的留言已经很多了，明天再聊吧' })
        await requireCleanTexts(ctx, [{ text, field: 'text', scene: 2, message: '留言里有不适宜的内容，请修改后再发送' }])
        const to = fromBeneficiary ? claim.participants : [wish.beneficiaryId]
        const title = fromBeneficiary ? '许愿人给你留言' : '认领人给你留言'
        const stamp = `${ctx.now.getTime()}`
        for (const userId of to) {
          const id = `wm:${wishId}:${ctx.userId.slice(-8)}:${stamp}:${userId}`
          await ctx.db.collection(Collection.notifications).doc(id).set({ data: noticeData({ _id: id, userId, kind: 'wish_message', title, body: `「${wish.title}」：${text}`, page: `${DETAIL_PAGE}?id=${wishId}`, refType: 'wish', refId: wishId }, ctx.now) })
        }
        return { sent: to.length }
      },
    },

    runTimers: { roles: 'any', internal: true, handler: async ({ limit }, ctx) => runTimers(ctx, limit) },
  },
  { name: 'wishes', timers: { wishesTimer: (sys) => runTimers(sys) } },
)
