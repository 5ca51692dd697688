/**
 * `checkins` function: preview a scanned station code, check in (visit / party report), my history,
 * visit figures for managers and admins, and Party-member registration with the admin's review.
 *
 * A `service` check-in is a booked rider's arrival for a station service: it needs a booking at this
 * station open for arrival now, and marks it attended with its points (cloudfunctions/services/attendance.ts).
 *
 * Figures also count volunteer-activity arrivals: the volunteers function writes them here as
 * `activity`-purpose check-ins (src/checkins/activity-record.ts).
 *
 * Check-in: everything the rules need is loaded here — the station and its key by the scene's code, the
 * caller's Party standing, their last counted check-in at this station for this purpose, today's count
 * and server time — then `evaluateCheckin` decides. A counted check-in is inserted with `_id = checkinId`
 * (one per purpose, user, station and window), so a retried or concurrent duplicate fails as a duplicate
 * and the stored document answers instead: never two counted visits for one window.
 */
import { checkinsContract, type CheckinHistoryItem, type CheckinResult, type CheckinStationView, type FiguresBucket, type PartyApplicationView } from '../../src/checkins/contract'
import { periodKeyOf, periodKeys, type FiguresGranularity } from '../../src/checkins/figures'
import { applyForParty, myPartyStatus, reviewPartyApplication, type PartyApplication } from '../../src/checkins/party'
import { checkScene, countedText, evaluateCheckin, outcomeForExisting, rejectionToAppError, type CheckinRecord, type PartyStanding } from '../../src/checkins/rules'
import { parseScene } from '../../src/checkins/scene'
import { checkinPointKind, checkinPurposeLabel, rejectionText, type CheckinPurpose } from '../../src/checkins/vocabulary'
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { Role } from '../../src/core/roles'
import { startOfChinaDay } from '../../src/core/time'
import { AuditAction, grantDocId, type RoleGrantDoc, type UserDoc } from '../../src/users/model'
import { writeAudit } from '../_runtime/audit'
import { requireCleanTexts } from '../_runtime/content'
import { getById, isDuplicateKeyError, txGet, type Database } from '../_runtime/db'
import { createHandler, type ActionContext } from '../_runtime/router'
import { runInTransaction } from '../_runtime/transactions'
import { creditInTransaction } from '../passbook/credit'
import { arrivalBooking, noArrivalBookingText, recordAttendance } from '../services/attendance'
import { findStationByCode, loadKey, requireManage, requireStation, type Station } from '../stations/store'

/* eslint-disable @typescript-eslint/no-explicit-any */

/** A stored check-in: the rules' record plus the China-time period keys figures group by. */
type CheckinDoc = CheckinRecord & { day: string; month: string }

function stationView(station: Pick<Station, '_id' | 'code' | 'name' | 'type' | 'address'>): CheckinStationView {
  return { stationId: station._id, stationCode: station.code, name: station.name, type: station.type, address: station.address?.detail ?? '' }
}

async function partyStanding(ctx: ActionContext): Promise<PartyStanding> {
  const application = await getById<PartyApplication>(ctx.db, Collection.partyApplications, ctx.userId)
  const standing: PartyStanding = { approved: ctx.hasRole(Role.party_member), pending: application?.status === 'pending' }
  if (application?.status === 'approved') standing.organisation = application.organisation
  return standing
}

/** The station a code's scene names (null when none), or a rejection when the scene is no station code. */
async function stationOfScene(db: Database, scene: string) {
  const parsed = parseScene(scene)
  if (!parsed.ok) throw rejectionToAppError({ ok: false, code: 'scene_malformed', errorCode: 'INVALID_ARGUMENT', message: rejectionText.scene_malformed })
  return findStationByCode(db, parsed.parts.stationCode)
}

function purposesFor(station: Pick<Station, 'type'>, party: PartyStanding): CheckinPurpose[] {
  if (station.type === 'report_point') return party.approved ? ['party_report'] : []
  return ['visit']
}

async function lastCounted(db: Database, userId: string, stationId: string, purpose: CheckinPurpose) {
  const res = await db.collection<CheckinDoc>(Collection.checkins).where({ userId, stationId, purpose }).orderBy('at', 'desc').limit(1).get()
  const doc = res.data[0]
  return doc ? { checkinId: doc._id, at: new Date(doc.at), idempotencyKey: doc.idempotencyKey } : null
}

async function countedToday(db: Database, userId: string, purpose: CheckinPurpose, now: Date): Promise<number> {
  const _ = db.command
  const res = await db.collection(Collection.checkins).where({ userId, purpose, at: _.gte(startOfChinaDay(now)) }).count()
  return res.total
}

async function figures(db: Database, match: Record<string, unknown>, granularity: FiguresGranularity, from: string, to: string) {
  const _ = db.command
  const $ = _.aggregate
  const res = (await db
    .collection(Collection.checkins)
    .aggregate()
    .match({ ...match, day: _.gte(from).and(_.lte(to)) })
    .group({ _id: granularity === 'day' ? '$day' : '$month', checkins: $.sum(1), users: $.addToSet('$userId') })
    .limit(200)
    .end()) as { list: Array<{ _id: string; checkins: number; users: string[] }> }
  const byPeriod = new Map(res.list.map((row) => [row._id, row]))
  const buckets: FiguresBucket[] = periodKeys(granularity, from, to).map((period) => ({
    period,
    checkins: byPeriod.get(period)?.checkins ?? 0,
    uniqueUsers: byPeriod.get(period)?.users.length ?? 0,
  }))
  return { granularity, from, to, buckets, total: buckets.reduce((n, b) => n + b.checkins, 0) }
}

async function namesOf(db: Database, stationIds: string[]): Promise<Map<string, Station>> {
  if (!stationIds.length) return new Map()
  const _ = db.command
  const res = await db.collection<Station>(Collection.stations).where({ _id: _.in(stationIds) }).field({ _id: true, name: true, type: true, code: true }).limit(stationIds.length).get()
  return new Map(res.data.map((s) => [s._id, s]))
}

export const main = createHandler(
  checkinsContract,
  {
    preview: {
      roles: 'any',
      handler: async ({ scene }, ctx) => {
        // The caller's party standing needs nothing from the code: read alongside (one round trip less).
        const [station, party] = await Promise.all([stationOfScene(ctx.db, scene), partyStanding(ctx)])
        if (!station) throw rejectionToAppError({ ok: false, code: 'station_not_found', errorCode: 'NOT_FOUND', message: rejectionText.station_not_found })
        // The key and the caller's booking here both need only the station: one round trip for both
        // (the booking is read even when the code turns out invalid; it is then not used).
        const [key, arrival] = await Promise.all([loadKey(ctx.db, station._id), arrivalBooking(ctx.db, ctx.userId, station._id, ctx.now)])
        const verdict = checkScene(scene, station, key)
        return {
          station: stationView(station),
          valid: verdict.ok,
          ...(verdict.ok ? {} : { problem: { code: verdict.code, message: verdict.message } }),
          // A rider here for a booked service checks in for it first (it marks the booking attended).
          purposes: verdict.ok ? [...(arrival ? (['service'] as CheckinPurpose[]) : []), ...purposesFor(station, party)] : [],
        }
      },
    },

    checkIn: {
      roles: 'any',
      handler: async ({ scene, entry, location, purpose, idempotencyKey }, ctx): Promise<CheckinResult> => {
        const station = await stationOfScene(ctx.db, scene)
        // Everything else the rules need depends at most on the station: one round trip for all of it.
        const [key, party, last, today] = await Promise.all([
          station ? loadKey(ctx.db, station._id) : Promise.resolve(null),
          partyStanding(ctx),
          station ? lastCounted(ctx.db, ctx.userId, station._id, purpose) : Promise.resolve(null),
          countedToday(ctx.db, ctx.userId, purpose, ctx.now),
        ])
        const decision = evaluateCheckin({ userId: ctx.userId, now: ctx.now, scene, entry, location, purpose, idempotencyKey, station, stationKey: key, party, last, countedToday: today })
        if (!decision.ok) throw rejectionToAppError(decision)
        // A service arrival needs a booked slot here that is open for arrival now; it is marked on every
        // success path below (a retry, a duplicate), so a crash between the two writes heals on retry.
        const arrival = purpose === 'service' ? await arrivalBooking(ctx.db, ctx.userId, (station as Station)._id, ctx.now) : null
        if (purpose === 'service' && !arrival) throw new AppError('NOT_FOUND', noArrivalBookingText)
        const attend = async (result: CheckinResult): Promise<CheckinResult> => {
          if (!arrival) return result
          const out = await recordAttendance(ctx.db, arrival._id, 'attended', { source: 'checkin', actorId: ctx.userId, now: ctx.now, checkinId: decision.checkinId })
          return { ...result, message: '签到成功，已记录你到场，服务结束后可以评价', ...(out.changed && out.points !== undefined ? { points: out.points } : {}) }
        }
        const view = stationView(station as Station)
        const base = { checkinId: decision.checkinId, purpose, station: view, distanceM: Math.round(decision.distanceM / 10) * 10, nextCountableAt: decision.nextCountableAt.toISOString() }
        if (decision.outcome === 'acknowledged') {
          // A retry of the request that was counted (same idempotency key) gets the same answer again.
          const outcome = last && last.checkinId === decision.checkinId ? outcomeForExisting(last, idempotencyKey) : 'acknowledged'
          return attend({ ...base, outcome, countedAt: decision.countedAt.toISOString(), message: outcome === 'counted' ? countedText[purpose] : decision.message })
        }
        const doc: CheckinDoc = { ...decision.record, day: periodKeyOf(decision.record.at, 'day'), month: periodKeyOf(decision.record.at, 'month') }
        const kind = checkinPointKind[purpose]
        let credit: { points: number; capped: boolean } | null = null
        try {
          // The counted check-in and its points commit together: no counted visit without its credit, none twice.
          credit = await runInTransaction(ctx.db, async (t) => {
            const { _id, ...data } = doc
            await t.collection(Collection.checkins).add({ data: { _id, ...data } })
            if (!kind) return null
            const c = await creditInTransaction(t, { userId: ctx.userId, kind, source: { type: 'checkin', id: doc._id }, idempotencyKey: `checkin:${doc._id}`, actorId: ctx.userId, now: ctx.now, reason: `${checkinPurposeLabel[purpose]}：${view.name}` })
            return { points: c.points, capped: c.capped }
          })
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err
          // A retry of this request, or a concurrent twin that landed first (with its points).
          const existing = await getById<CheckinDoc>(ctx.db, Collection.checkins, decision.checkinId)
          if (!existing) throw new AppError('CONFLICT')
          const outcome = outcomeForExisting(existing, idempotencyKey)
          return attend({ ...base, outcome, countedAt: new Date(existing.at).toISOString(), message: outcome === 'counted' ? decision.message : '你刚刚已经在这里报到过了，本次不重复计数' })
        }
        if (purpose === 'visit') {
          // Denormalised total for lists; figures count the check-ins themselves.
          await ctx.db.collection(Collection.stations).doc(view.stationId).update({ data: { visitCount: ctx.db.command.inc(1) } })
        }
        return attend({ ...base, outcome: 'counted', countedAt: decision.record.at.toISOString(), message: decision.message, ...(credit ? { points: credit.points, pointsCapped: credit.capped } : {}) })
      },
    },

    myHistory: {
      roles: 'any',
      handler: async ({ purpose, page }, ctx) => {
        const limit = page?.limit ?? 20
        const offset = page?.offset ?? 0
        // Station visits and reports; activity arrivals (no station of their own) are listed by the volunteers record.
        const where: Record<string, unknown> = { userId: ctx.userId, purpose: purpose ?? ctx.db.command.neq('activity') }
        const res = await ctx.db.collection<CheckinDoc>(Collection.checkins).where(where).orderBy('at', 'desc').skip(offset).limit(limit + 1).get()
        const docs = res.data.slice(0, limit)
        const stations = await namesOf(ctx.db, [...new Set(docs.map((d) => d.stationId))])
        const items: CheckinHistoryItem[] = docs.map((d) => ({
          checkinId: d._id,
          purpose: d.purpose,
          stationId: d.stationId,
          stationName: stations.get(d.stationId)?.name ?? '已撤销的站点',
          stationType: d.stationType,
          at: new Date(d.at).toISOString(),
        }))
        return { items, hasMore: res.data.length > limit }
      },
    },

    stationFigures: {
      roles: [Role.station_manager, Role.admin],
      handler: async ({ stationId, granularity, from, to, purpose }, ctx) => {
        requireManage(ctx, stationId)
        await requireStation(ctx.db, stationId)
        const match: Record<string, unknown> = { stationId }
        if (purpose) match.purpose = purpose
        return figures(ctx.db, match, granularity, from, to)
      },
    },

    districtFigures: {
      roles: [Role.admin],
      handler: async ({ district, granularity, from, to, purpose }, ctx) => {
        const _ = ctx.db.command
        const $ = _.aggregate
        const match: Record<string, unknown> = { district }
        if (purpose) match.purpose = purpose
        const [series, top] = await Promise.all([
          figures(ctx.db, match, granularity, from, to),
          ctx.db
            .collection(Collection.checkins)
            .aggregate()
            .match({ ...match, day: _.gte(from).and(_.lte(to)) })
            .group({ _id: '$stationId', checkins: $.sum(1) })
            .sort({ checkins: -1, _id: 1 })
            .limit(50)
            .end() as Promise<{ list: Array<{ _id: string; checkins: number }> }>,
        ])
        // Activity arrivals away from any station count in the series but belong to no station row.
        const atStations = top.list.filter((r) => typeof r._id === 'string' && r._id !== '')
        const names = await namesOf(ctx.db, atStations.map((r) => r._id))
        return { ...series, district, byStation: atStations.map((r) => ({ stationId: r._id, name: names.get(r._id)?.name ?? r._id, checkins: r.checkins })) }
      },
    },

    partyApply: {
      roles: 'any',
      handler: async ({ organisation, contact }, ctx) => {
        await requireCleanTexts(ctx, [{ text: organisation, field: 'organisation', scene: 1, message: '所在党组织里有不适宜的内容，审核的管理员会看到它，通过后也会显示在报到记录里，请修改后再提交' }])
        const next = await runInTransaction(ctx.db, async (t) => {
          const existing = await txGet<PartyApplication>(t, Collection.partyApplications, ctx.userId)
          const application = applyForParty(existing ? { ...existing, appliedAt: new Date(existing.appliedAt) } : null, { userId: ctx.userId, organisation, contact }, ctx.now)
          const { _id, ...data } = application
          await t.collection(Collection.partyApplications).doc(_id).set({ data })
          return application
        })
        return myPartyStatus(next)
      },
    },

    partyMyStatus: {
      roles: 'any',
      handler: async (_input, ctx) => {
        const application = await getById<PartyApplication>(ctx.db, Collection.partyApplications, ctx.userId)
        if (!application) return myPartyStatus(null)
        return myPartyStatus({ ...application, appliedAt: new Date(application.appliedAt), reviewedAt: application.reviewedAt ? new Date(application.reviewedAt) : undefined })
      },
    },

    partyApplications: {
      roles: [Role.admin],
      handler: async ({ status, page }, ctx) => {
        const limit = page?.limit ?? 20
        const offset = page?.offset ?? 0
        const res = await ctx.db
          .collection<PartyApplication>(Collection.partyApplications)
          .where({ status: status ?? 'pending' })
          .orderBy('appliedAt', 'desc')
          .skip(offset)
          .limit(limit + 1)
          .get()
        const docs = res.data.slice(0, limit)
        const _ = ctx.db.command
        const users = docs.length ? (await ctx.db.collection<UserDoc>(Collection.users).where({ _id: _.in(docs.map((d) => d.userId)) }).field({ _id: true, nickname: true }).limit(docs.length).get()).data : []
        const nick = new Map(users.map((u) => [u._id, u.nickname]))
        const items: PartyApplicationView[] = docs.map((d) => ({
          applicationId: d._id,
          userId: d.userId,
          nickname: nick.get(d.userId) ?? '',
          organisation: d.organisation,
          contact: d.contact,
          status: d.status,
          appliedAt: new Date(d.appliedAt).toISOString(),
          attempts: d.attempts,
        }))
        return { items, hasMore: res.data.length > limit }
      },
    },

    partyReview: {
      roles: [Role.admin],
      handler: async ({ applicationId, decision, reason }, ctx) => {
        await requireCleanTexts(ctx, [{ text: reason, field: 'reason', scene: 2, message: '申请人会看到这条理由，其中有不适宜的内容，请修改理由后再提交' }])
        const reviewed = await runInTransaction(ctx.db, async (t) => {
          const found = await txGet<PartyApplication>(t, Collection.partyApplications, applicationId)
          if (!found) throw new AppError('NOT_FOUND', '没有找到这份申请', 'applicationId')
          const next = reviewPartyApplication({ ...found, appliedAt: new Date(found.appliedAt) }, { decision, reason, reviewerId: ctx.userId }, ctx.now)
          const { _id, ...data } = next
          await t.collection(Collection.partyApplications).doc(_id).set({ data })
          if (next.status === 'approved') {
            // The party_member role is what check-in rules read; granted with its audit entry, as users.grantRole does.
            const grantId = grantDocId(next.userId, Role.party_member)
            const before = await txGet<RoleGrantDoc>(t, Collection.roleGrants, grantId)
            const grant = { userId: next.userId, role: Role.party_member, scopes: [], scopeIds: [], grantedBy: before?.grantedBy ?? ctx.userId, grantedAt: before?.grantedAt ?? ctx.now, updatedAt: ctx.now }
            await t.collection(Collection.roleGrants).doc(grantId).set({ data: grant })
            await writeAudit(
              t,
              { action: AuditAction.roleGrant, actorId: ctx.userId, targetKind: 'user', targetId: next.userId, before: before ? { role: before.role, scopes: before.scopes } : null, after: { role: Role.party_member, scopes: [] }, reason: `党员认证通过：${next.organisation}`, origin: 'checkins.partyReview' },
              ctx.now,
            )
          }
          return next
        })
        return { applicationId: reviewed._id, status: reviewed.status }
      },
    },
  },
  { name: 'checkins' },
)
/* eslint-enable @typescript-eslint/no-explicit-any */
