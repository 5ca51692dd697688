/**
 * The `district` cloud function: the 一企一档 registry with its append-only history, Party-member links,
 * the 五个清 ledger, the dashboard, Excel exports into cloud storage and the 10-minute warm circle
 * (./coverage-reads). Scope is the caller's street grants (street officers edit theirs, district
 * officers read theirs, admins everything): every read is filtered by those streets on the server and
 * every write checks the record's street. Each change writes the record
 * and its history entry in one transaction, guarded by the version the editor loaded.
 */
import { randomBytes } from 'node:crypto'
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { fromPoint, toGeoPoint } from '../../src/core/geo'
import { chinaDateKey } from '../../src/core/time'
import { Role } from '../../src/core/roles'
import type { PartyApplication } from '../../src/checkins/party'
import { districtContract, type EnterpriseView, type ExportResult, type HistoryEntryView, type MemberLinkView, type MyLink, type StreetScope } from '../../src/district/contract'
import { COVERAGE_MAX_DAYS, DETOUR } from '../../src/district/coverage-rules'
import { daysBetween } from '../../src/district/dashboard'
import { computeLedger, type Ledger } from '../../src/district/ledger'
import type { EnterpriseDoc, EnterpriseHistoryDoc, EnterpriseLinkDoc } from '../../src/district/model'
import { claimEnterprise, countConfirmedMember, decideLink, editEnterprise, endLink, newEnterprise, verifyEnterprise, type Actor } from '../../src/district/rules'
import { dashboardTable, fileStamp, ledgerTable, registryTable, type SheetTable } from '../../src/district/sheets'
import { REPORTING_WINDOW_DAYS, STALE_AFTER_DAYS } from '../../src/district/vocabulary'
import type { UserDoc } from '../../src/users/model'
import { requireCleanTexts, type CheckedText } from '../_runtime/content'
import { escapeRegExp, getById, txGet } from '../_runtime/db'
import { createHandler, type ActionContext, type SystemContext } from '../_runtime/router'
import { runInTransaction } from '../_runtime/transactions'
import { coverageFor } from './coverage-reads'
import { computeDays, dashboardFor, storeDays, storePoints } from './dashboard-reads'
import { PAGE, pagedRead } from './reads'
import { tableToXlsx } from './xlsx'

const STAFF = [Role.street_officer, Role.district_officer, Role.admin] as const
const EDITORS = [Role.street_officer, Role.admin] as const
/** Largest export; past it the file says so in its title rather than silently truncating. */
const EXPORT_MAX_ROWS = 20_000
const DAY_MS = 86_400_000

interface StreetDoc {
  _id: string
  name: string
  district: string
}

// ---- scope ----

/** The streets the caller may read: every street for admins, else the street scopes of their district roles. */
async function readableStreets(ctx: ActionContext): Promise<StreetScope[]> {
  const _ = ctx.db.command
  let docs: StreetDoc[]
  if (ctx.perms.isAdmin) {
    docs = await pagedRead<StreetDoc>(ctx.db, Collection.streets, {}, 1000)
  } else {
    const ids = [...new Set([...ctx.scopeIds('street', Role.street_officer), ...ctx.scopeIds('street', Role.district_officer)])]
    docs = ids.length ? (await ctx.db.collection<StreetDoc>(Collection.streets).where({ _id: _.in(ids.slice(0, PAGE)) }).limit(PAGE).get()).data : []
  }
  return docs.map((d) => ({ street: d._id, streetName: d.name, district: d.district })).sort((a, b) => a.district.localeCompare(b.district, 'zh') || a.streetName.localeCompare(b.streetName, 'zh'))
}

function canEditStreet(ctx: ActionContext, street: string): boolean {
  return ctx.perms.isAdmin || ctx.inScope('street', street, Role.street_officer)
}

/** The streets a read covers: the one asked for (if the caller may read it), else all they may. */
async function streetsInView(ctx: ActionContext, street: string | undefined): Promise<StreetScope[]> {
  const all = await readableStreets(ctx)
  if (!street) return all
  const one = all.filter((s) => s.street === street)
  if (!one.length) throw new AppError('FORBIDDEN', '这不在您负责的范围内')
  return one
}

/**
 * The rate limit and the streets in view, read side by side (one round trip less); a refused rate limit
 * still wins over a street out of view, as when they ran one after the other.
 */
async function limitedStreetsInView(ctx: ActionContext, street: string | undefined, rule: Parameters<ActionContext['rateLimit']>[0]): Promise<StreetScope[]> {
  const [limited, inView] = await Promise.allSettled([ctx.rateLimit(rule), streetsInView(ctx, street)])
  if (limited.status === 'rejected') throw limited.reason
  if (inView.status === 'rejected') throw inView.reason
  return inView.value
}

function scopeLabel(streets: StreetScope[]): string {
  if (streets.length === 1) return `${streets[0].district}${streets[0].streetName}`
  const districts = [...new Set(streets.map((s) => s.district))]
  return districts.length === 1 ? `${districts[0]}全部 ${streets.length} 个街道` : `${streets.length} 个街道`
}

// ---- reads ----

function streetWhere(ctx: ActionContext, streets: StreetScope[]): Record<string, unknown> {
  return streets.length === 1 ? { street: streets[0].street } : { street: ctx.db.command.in(streets.map((s) => s.street)) }
}

/** A record as the pure rules read it: dates as Dates, and the location as GeoJSON whatever shape the SDK handed back (a Geo.Point for seeded records). */
function revive(doc: EnterpriseDoc): EnterpriseDoc {
  const out = { ...doc, verifiedAt: new Date(doc.verifiedAt), createdAt: new Date(doc.createdAt), updatedAt: new Date(doc.updatedAt) }
  if (doc.location) out.location = toGeoPoint(doc.location)
  return out
}

function viewOf(doc: EnterpriseDoc, now: Date): EnterpriseView {
  const verifiedAt = new Date(doc.verifiedAt)
  return {
    enterpriseId: doc._id,
    street: doc.street,
    streetName: doc.streetName,
    district: doc.district,
    name: doc.name,
    kind: doc.kind,
    brand: doc.brand,
    address: doc.address,
    location: doc.location ? fromPoint(toGeoPoint(doc.location)) : null,
    contactName: doc.contactName,
    contactPhone: doc.contactPhone,
    workers: doc.workers,
    workersReportedOn: doc.workersReportedOn,
    unionMembers: doc.unionMembers,
    orgStatus: doc.orgStatus,
    instructor: doc.instructor,
    stationIds: doc.stationIds ?? [],
    partyMembersConfirmed: doc.partyMembersConfirmed,
    verifiedAt: verifiedAt.toISOString(),
    stale: verifiedAt.getTime() < now.getTime() - STALE_AFTER_DAYS * DAY_MS,
    version: doc.version,
    updatedAt: new Date(doc.updatedAt).toISOString(),
  }
}

/** A record the caller may read (NOT_FOUND rather than FORBIDDEN outside scope: no probing of other streets' ids). */
async function readableEnterprise(ctx: ActionContext, enterpriseId: string): Promise<EnterpriseDoc> {
  const doc = await getById<EnterpriseDoc>(ctx.db, Collection.enterprises, enterpriseId)
  if (!doc) throw new AppError('NOT_FOUND', '没有找到这条企业档案', 'enterpriseId')
  const streets = await readableStreets(ctx)
  if (!streets.some((s) => s.street === doc.street)) throw new AppError('NOT_FOUND', '没有找到这条企业档案', 'enterpriseId')
  return revive(doc)
}

async function linkViews(ctx: ActionContext, links: EnterpriseLinkDoc[]): Promise<MemberLinkView[]> {
  if (!links.length) return []
  const _ = ctx.db.command
  const userIds = links.map((l) => l.userId)
  const enterpriseIds = [...new Set(links.map((l) => l.enterpriseId))]
  const [users, applications, enterprises] = await Promise.all([
    ctx.db.collection<UserDoc>(Collection.users).where({ _id: _.in(userIds) }).field({ _id: true, nickname: true }).limit(userIds.length).get(),
    ctx.db.collection<PartyApplication>(Collection.partyApplications).where({ _id: _.in(userIds) }).field({ _id: true, organisation: true }).limit(userIds.length).get(),
    ctx.db.collection<EnterpriseDoc>(Collection.enterprises).where({ _id: _.in(enterpriseIds) }).field({ _id: true, name: true }).limit(enterpriseIds.length).get(),
  ])
  const nick = new Map(users.data.map((u) => [u._id, u.nickname]))
  const org = new Map(applications.data.map((a) => [a._id, a.organisation]))
  const names = new Map(enterprises.data.map((e) => [e._id, e.name]))
  return links.map((l) => {
    const v: MemberLinkView = {
      userId: l.userId,
      nickname: nick.get(l.userId) ?? '',
      organisation: org.get(l.userId) ?? '',
      enterpriseId: l.enterpriseId,
      enterpriseName: names.get(l.enterpriseId) ?? '',
      status: l.status,
      claimedAt: new Date(l.claimedAt).toISOString(),
    }
    if (l.reason) v.reason = l.reason
    return v
  })
}

function actorOf(ctx: ActionContext): Actor {
  return { id: ctx.userId, name: ctx.user.nickname }
}

function registryTexts(input: { name?: string; brand?: string; address?: string; contactName?: string; instructor?: string }, prefix = ''): CheckedText[] {
  const msg = (what: string) => `${what}里有不适宜的内容，街道和区里的工作人员都会看到并导出它，请修改后再保存`
  return [
    { text: input.name, field: `${prefix}name`, scene: 1, message: msg('企业名称') },
    { text: input.brand, field: `${prefix}brand`, scene: 1, message: msg('所属平台') },
    { text: input.address, field: `${prefix}address`, scene: 1, message: msg('地址') },
    { text: input.contactName, field: `${prefix}contactName`, scene: 1, message: msg('联系人') },
    { text: input.instructor, field: `${prefix}instructor`, scene: 1, message: msg('指导员姓名') },
  ]
}

async function checkStations(ctx: ActionContext, stationIds: string[] | undefined): Promise<void> {
  if (!stationIds?.length) return
  const _ = ctx.db.command
  const found = await ctx.db.collection(Collection.stations).where({ _id: _.in(stationIds) }).field({ _id: true }).limit(stationIds.length).get()
  const known = new Set((found.data as Array<{ _id: string }>).map((d) => d._id))
  const missing = stationIds.find((id) => !known.has(id))
  if (missing) throw new AppError('NOT_FOUND', `没有找到驿站 ${missing}`, 'stationIds')
}

/** Writes the next version of a record and its history entry in the caller's transaction. */
async function writeVersion(t: Parameters<Parameters<typeof runInTransaction>[1]>[0], doc: EnterpriseDoc, history: EnterpriseHistoryDoc): Promise<void> {
  const { _id, ...data } = doc
  await t.collection(Collection.enterprises).doc(_id).set({ data })
  const { _id: hid, ...entry } = history
  await t.collection(Collection.enterpriseHistory).doc(hid).set({ data: entry })
}

async function changeEnterprise(ctx: ActionContext, enterpriseId: string, version: number, change: (before: EnterpriseDoc, actor: Actor) => { doc: EnterpriseDoc; history: EnterpriseHistoryDoc }): Promise<EnterpriseView> {
  const actor = actorOf(ctx)
  const doc = await runInTransaction(ctx.db, async (t) => {
    const found = await txGet<EnterpriseDoc>(t, Collection.enterprises, enterpriseId)
    if (!found || !canEditStreet(ctx, found.street)) {
      // Readable but not editable (a district officer, another street's officer) is FORBIDDEN; unknown is NOT_FOUND.
      if (found && ctx.scopeIds('street', Role.district_officer).includes(found.street)) throw new AppError('FORBIDDEN', '只有本街道的工作人员可以修改这条档案')
      throw new AppError('NOT_FOUND', '没有找到这条企业档案', 'enterpriseId')
    }
    const before = revive({ ...found, _id: enterpriseId })
    if (before.version !== version) throw new AppError('CONFLICT', '这条档案刚被其他人修改过，请刷新后查看修改记录再改')
    const next = change(before, actor)
    await writeVersion(t, next.doc, next.history)
    return next.doc
  })
  return viewOf(doc, ctx.now)
}

// ---- ledger and exports ----

async function reportingMembers(ctx: ActionContext, userIds: string[]): Promise<Set<string>> {
  const _ = ctx.db.command
  const since = new Date(ctx.now.getTime() - REPORTING_WINDOW_DAYS * DAY_MS)
  const out = new Set<string>()
  for (let i = 0; i < userIds.length; i += PAGE) {
    const chunk = userIds.slice(i, i + PAGE).filter((id) => !out.has(id))
    if (!chunk.length) continue
    const rows = await pagedRead<{ userId: string }>(ctx.db, Collection.checkins, { purpose: 'party_report', userId: _.in(chunk), at: _.gte(since) }, 2000)
    for (const r of rows) out.add(r.userId)
  }
  return out
}

async function ledgerFor(ctx: ActionContext, streets: StreetScope[]): Promise<Ledger> {
  if (!streets.length) return computeLedger({ streets: [], enterprises: [], links: [], reportingUserIds: new Set(), now: ctx.now })
  const _ = ctx.db.command
  const where = streetWhere(ctx, streets)
  const [enterprises, links] = await Promise.all([
    pagedRead<EnterpriseDoc>(ctx.db, Collection.enterprises, where, EXPORT_MAX_ROWS),
    pagedRead<EnterpriseLinkDoc>(ctx.db, Collection.enterpriseLinks, { ...where, status: _.in(['claimed', 'confirmed']) }, EXPORT_MAX_ROWS),
  ])
  const reporting = await reportingMembers(ctx, links.filter((l) => l.status === 'confirmed').map((l) => l.userId))
  return computeLedger({ streets: streets.map((s) => ({ id: s.street, name: s.streetName })), enterprises: enterprises.map(revive), links, reportingUserIds: reporting, now: ctx.now })
}

async function exportTable(ctx: ActionContext, table: SheetTable, kind: string): Promise<ExportResult> {
  const fileName = `${table.sheetName}-${fileStamp(ctx.now)}.xlsx`
  const buffer = await tableToXlsx(table)
  // Under the caller's own folder: a file id from the export is the only way to it.
  const cloudPath = `exports/district/${ctx.userId}/${kind}-${fileStamp(ctx.now)}-${randomBytes(4).toString('hex')}.xlsx`
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const cloud = ctx.cloud as any
  const upload = (await cloud.uploadFile({ cloudPath, fileContent: buffer })) as { fileID: string }
  const urls = (await cloud.getTempFileURL({ fileList: [{ fileID: upload.fileID, maxAge: 3600 }] })) as { fileList: Array<{ tempFileURL?: string }> }
  return { fileId: upload.fileID, url: urls.fileList[0]?.tempFileURL ?? '', fileName, rows: table.rows.length }
}


// ---- dashboard ----

const DASHBOARD_MAX_DAYS = 62

/** A period as asked: real China days, in order, not after today, at most `maxDays` long. */
function checkedPeriod(from: string, to: string, now: Date, maxDays = DASHBOARD_MAX_DAYS): { from: string; to: string } {
  // The schema's pattern lets 2026-13-45 through; a real day reads back as itself.
  for (const [field, day] of [['from', from], ['to', to]] as const) if (daysBetween(day, day)[0] !== day) throw new AppError('INVALID_ARGUMENT', '日期无效', field)
  if (from > to) throw new AppError('INVALID_ARGUMENT', '开始日期不能晚于结束日期', 'from')
  if (to > chinaDateKey(now)) throw new AppError('INVALID_ARGUMENT', '结束日期不能晚于今天', 'to')
  if (daysBetween(from, to).length > maxDays) throw new AppError('INVALID_ARGUMENT', `一次最多统计 ${maxDays} 天`, 'from')
  return { from, to }
}

/** Timer: yesterday's figures for every street and its points, so a dashboard is one read of stats plus today. */
async function precomputeYesterday(ctx: SystemContext): Promise<{ streets: number; day: string }> {
  const day = chinaDateKey(new Date(ctx.now.getTime() - DAY_MS))
  const streets = await pagedRead<StreetDoc>(ctx.db, Collection.streets, {}, 1000)
  for (const st of streets) {
    const scope = { street: st._id, streetName: st.name, district: st.district }
    await storeDays(ctx.db, st._id, await computeDays(ctx.db, scope, [day], ctx.now), ctx.now)
  }
  await storePoints(ctx.db, [day], chinaDateKey(ctx.now), ctx.now)
  return { streets: streets.length, day }
}

// ---- actions ----

export const main = createHandler(
  districtContract,
  {
    myScope: {
      roles: STAFF,
      handler: async (_input, ctx) => {
        const streets = await readableStreets(ctx)
        return { streets, canEdit: streets.some((s) => canEditStreet(ctx, s.street)) }
      },
    },

    listEnterprises: {
      roles: STAFF,
      handler: async ({ street, q, staleOnly, page }, ctx) => {
        const streets = await streetsInView(ctx, street)
        const limit = page?.limit ?? 20
        const offset = page?.offset ?? 0
        if (!streets.length) return { items: [], total: 0, hasMore: false }
        const where: Record<string, unknown> = streetWhere(ctx, streets)
        if (q) where.name = ctx.db.RegExp({ regexp: escapeRegExp(q), options: 'i' })
        if (staleOnly) where.verifiedAt = ctx.db.command.lt(new Date(ctx.now.getTime() - STALE_AFTER_DAYS * DAY_MS))
        const [res, count] = await Promise.all([
          ctx.db.collection<EnterpriseDoc>(Collection.enterprises).where(where).orderBy('street', 'asc').orderBy('name', 'asc').skip(offset).limit(limit + 1).get(),
          ctx.db.collection(Collection.enterprises).where(where).count(),
        ])
        return { items: res.data.slice(0, limit).map((d) => viewOf(d, ctx.now)), total: count.total, hasMore: res.data.length > limit }
      },
    },

    enterprise: {
      roles: STAFF,
      handler: async ({ enterpriseId }, ctx) => {
        const doc = await readableEnterprise(ctx, enterpriseId)
        const [history, links] = await Promise.all([
          ctx.db.collection<EnterpriseHistoryDoc>(Collection.enterpriseHistory).where({ enterpriseId }).orderBy('version', 'desc').limit(50).get(),
          ctx.db.collection<EnterpriseLinkDoc>(Collection.enterpriseLinks).where({ enterpriseId }).orderBy('claimedAt', 'desc').limit(50).get(),
        ])
        const entries: HistoryEntryView[] = history.data.map((h) => ({ version: h.version, action: h.action, changes: h.changes, note: h.note, actorName: h.actorName, at: new Date(h.at).toISOString() }))
        return { enterprise: viewOf(doc, ctx.now), history: entries, members: await linkViews(ctx, links.data), canEdit: canEditStreet(ctx, doc.street) }
      },
    },

    createEnterprise: {
      roles: EDITORS,
      handler: async ({ street, ...input }, ctx) => {
        if (!canEditStreet(ctx, street)) throw new AppError('FORBIDDEN', '只能为本街道建档')
        const streetDoc = await getById<StreetDoc>(ctx.db, Collection.streets, street)
        if (!streetDoc) throw new AppError('NOT_FOUND', '没有找到这个街道', 'street')
        await checkStations(ctx, input.stationIds)
        // One record per enterprise or site in a street: a second with the same name is almost always a duplicate.
        const twin = await ctx.db.collection<EnterpriseDoc>(Collection.enterprises).where({ street, name: input.name }).field({ _id: true }).limit(1).get()
        if (twin.data.length) throw new AppError('CONFLICT', `本街道已有"${input.name}"的档案，请在原档案上修改`, 'name')
        await requireCleanTexts(ctx, registryTexts(input))
        const id = `ent-${randomBytes(8).toString('hex')}`
        const { doc, history } = newEnterprise(id, input, { id: street, name: streetDoc.name, district: streetDoc.district }, actorOf(ctx), ctx.now)
        await runInTransaction(ctx.db, async (t) => writeVersion(t, doc, history))
        return viewOf(doc, ctx.now)
      },
    },

    updateEnterprise: {
      roles: EDITORS,
      handler: async ({ enterpriseId, version, patch, note }, ctx) => {
        await checkStations(ctx, patch.stationIds)
        await requireCleanTexts(ctx, registryTexts(patch, 'patch.'))
        return changeEnterprise(ctx, enterpriseId, version, (before, actor) => editEnterprise(before, patch, actor, ctx.now, note ?? ''))
      },
    },

    verifyEnterprise: {
      roles: EDITORS,
      handler: async ({ enterpriseId, version, note }, ctx) => changeEnterprise(ctx, enterpriseId, version, (before, actor) => verifyEnterprise(before, actor, ctx.now, note ?? '')),
    },

    findEnterprises: {
      roles: [Role.party_member],
      handler: async ({ q }, ctx) => {
        const res = await ctx.db
          .collection<EnterpriseDoc>(Collection.enterprises)
          .where({ name: ctx.db.RegExp({ regexp: escapeRegExp(q), options: 'i' }) })
          .orderBy('name', 'asc')
          .field({ _id: true, name: true, streetName: true, kind: true })
          .limit(20)
          .get()
        return { items: res.data.map((d) => ({ enterpriseId: d._id, name: d.name, streetName: d.streetName, kind: d.kind })) }
      },
    },

    claimEnterprise: {
      roles: 'any',
      handler: async ({ enterpriseId }, ctx): Promise<MyLink> => {
        const [enterprise, application] = await Promise.all([
          getById<EnterpriseDoc>(ctx.db, Collection.enterprises, enterpriseId),
          getById<PartyApplication>(ctx.db, Collection.partyApplications, ctx.userId),
        ])
        if (!enterprise) throw new AppError('NOT_FOUND', '没有找到这家企业', 'enterpriseId')
        const approved = application?.status === 'approved' || ctx.hasRole(Role.party_member)
        const link = await runInTransaction(ctx.db, async (t) => {
          const existing = await txGet<EnterpriseLinkDoc>(t, Collection.enterpriseLinks, ctx.userId)
          const next = claimEnterprise(existing, { userId: ctx.userId, enterprise, approved }, ctx.now)
          const { _id, ...data } = next
          await t.collection(Collection.enterpriseLinks).doc(_id).set({ data })
          return next
        })
        return { link: (await linkViews(ctx, [link]))[0], approved }
      },
    },

    myLink: {
      roles: 'any',
      handler: async (_input, ctx): Promise<MyLink> => {
        const [link, application] = await Promise.all([getById<EnterpriseLinkDoc>(ctx.db, Collection.enterpriseLinks, ctx.userId), getById<PartyApplication>(ctx.db, Collection.partyApplications, ctx.userId)])
        return { link: link ? (await linkViews(ctx, [link]))[0] : null, approved: application?.status === 'approved' || ctx.hasRole(Role.party_member) }
      },
    },

    pendingLinks: {
      roles: STAFF,
      handler: async ({ street, page }, ctx) => {
        const streets = await streetsInView(ctx, street)
        if (!streets.length) return { items: [], hasMore: false }
        const limit = page?.limit ?? 20
        const res = await ctx.db
          .collection<EnterpriseLinkDoc>(Collection.enterpriseLinks)
          .where({ ...streetWhere(ctx, streets), status: 'claimed' })
          .orderBy('claimedAt', 'asc')
          .skip(page?.offset ?? 0)
          .limit(limit + 1)
          .get()
        return { items: await linkViews(ctx, res.data.slice(0, limit)), hasMore: res.data.length > limit }
      },
    },

    decideLink: {
      roles: EDITORS,
      handler: async ({ userId, decision, reason }, ctx) => {
        await requireCleanTexts(ctx, [{ text: reason, field: 'reason', scene: 2, message: '党员本人会看到这条原因，其中有不适宜的内容，请修改后再提交' }])
        const actor = actorOf(ctx)
        const decided = await runInTransaction(ctx.db, async (t) => {
          const link = await txGet<EnterpriseLinkDoc>(t, Collection.enterpriseLinks, userId)
          if (!link) throw new AppError('NOT_FOUND', '没有找到这条登记', 'userId')
          if (!canEditStreet(ctx, link.street)) throw new AppError('FORBIDDEN', '只能确认本街道企业的党员登记')
          const next = decideLink({ ...link, _id: userId, claimedAt: new Date(link.claimedAt) }, decision, ctx.userId, ctx.now, reason)
          const { _id, ...data } = next
          await t.collection(Collection.enterpriseLinks).doc(_id).set({ data })
          if (next.status === 'confirmed') {
            const found = await txGet<EnterpriseDoc>(t, Collection.enterprises, next.enterpriseId)
            if (!found) throw new AppError('NOT_FOUND', '登记的企业档案已不存在')
            const counted = countConfirmedMember(revive({ ...found, _id: next.enterpriseId }), 1, actor, ctx.now, `确认党员登记（${userId.slice(-6)}）`)
            await writeVersion(t, counted.doc, counted.history)
          }
          return next
        })
        return (await linkViews(ctx, [decided]))[0]
      },
    },

    endLink: {
      roles: EDITORS,
      handler: async ({ userId, reason }, ctx) => {
        await requireCleanTexts(ctx, [{ text: reason, field: 'reason', scene: 2, message: '党员本人会看到这条原因，其中有不适宜的内容，请修改后再提交' }])
        const actor = actorOf(ctx)
        const ended = await runInTransaction(ctx.db, async (t) => {
          const link = await txGet<EnterpriseLinkDoc>(t, Collection.enterpriseLinks, userId)
          if (!link) throw new AppError('NOT_FOUND', '没有找到这条登记', 'userId')
          if (!canEditStreet(ctx, link.street)) throw new AppError('FORBIDDEN', '只能处理本街道企业的党员登记')
          const next = endLink({ ...link, _id: userId, claimedAt: new Date(link.claimedAt) }, ctx.userId, ctx.now, reason)
          const { _id, ...data } = next
          await t.collection(Collection.enterpriseLinks).doc(_id).set({ data })
          const found = await txGet<EnterpriseDoc>(t, Collection.enterprises, next.enterpriseId)
          if (!found) throw new AppError('NOT_FOUND', '登记的企业档案已不存在')
          const counted = countConfirmedMember(revive({ ...found, _id: next.enterpriseId }), -1, actor, ctx.now, `解除党员登记（${userId.slice(-6)}）：${reason}`)
          await writeVersion(t, counted.doc, counted.history)
          return next
        })
        return (await linkViews(ctx, [ended]))[0]
      },
    },

    ledger: {
      roles: STAFF,
      handler: async ({ street }, ctx) => {
        const streets = await streetsInView(ctx, street)
        return { ...(await ledgerFor(ctx, streets)), asOf: ctx.now.toISOString() }
      },
    },

    dashboard: {
      roles: STAFF,
      handler: async ({ street, from, to, live }, ctx) => (await dashboardFor(ctx.db, await streetsInView(ctx, street), checkedPeriod(from, to, ctx.now), ctx.now, live ?? false)).view,
    },

    coverage: {
      roles: STAFF,
      handler: async ({ street, from, to, detour }, ctx) => {
        const period = checkedPeriod(from, to, ctx.now, COVERAGE_MAX_DAYS)
        // A whole district reads thousands of records and computes ~25 k cells: not something to loop on.
        const streets = await limitedStreetsInView(ctx, street, { name: 'district.coverage', limit: 120, windowSec: 3600, message: '查询太频繁了，请稍后再试' })
        if (!streets.length) throw new AppError('FORBIDDEN', '这不在您负责的范围内')
        return coverageFor(ctx.db, streets, period, detour ?? DETOUR.default)
      },
    },

    exportRegistry: {
      roles: STAFF,
      handler: async ({ street }, ctx) => {
        const streets = await limitedStreetsInView(ctx, street, { name: 'district.export', limit: 30, windowSec: 3600, message: '导出太频繁了，请一小时后再试' })
        if (!streets.length) throw new AppError('FORBIDDEN', '这不在您负责的范围内')
        const docs = await pagedRead<EnterpriseDoc>(ctx.db, Collection.enterprises, streetWhere(ctx, streets), EXPORT_MAX_ROWS)
        docs.sort((a, b) => a.streetName.localeCompare(b.streetName, 'zh') || a.name.localeCompare(b.name, 'zh'))
        return exportTable(ctx, registryTable(docs.map(revive), scopeLabel(streets), ctx.now), 'registry')
      },
    },

    exportLedger: {
      roles: STAFF,
      handler: async ({ street }, ctx) => {
        const streets = await limitedStreetsInView(ctx, street, { name: 'district.export', limit: 30, windowSec: 3600, message: '导出太频繁了，请一小时后再试' })
        if (!streets.length) throw new AppError('FORBIDDEN', '这不在您负责的范围内')
        return exportTable(ctx, ledgerTable(await ledgerFor(ctx, streets), scopeLabel(streets), ctx.now), 'ledger')
      },
    },

    exportDashboard: {
      roles: STAFF,
      handler: async ({ street, from, to }, ctx) => {
        const period = checkedPeriod(from, to, ctx.now)
        const streets = await limitedStreetsInView(ctx, street, { name: 'district.export', limit: 30, windowSec: 3600, message: '导出太频繁了，请一小时后再试' })
        if (!streets.length) throw new AppError('FORBIDDEN', '这不在您负责的范围内')
        const board = await dashboardFor(ctx.db, streets, period, ctx.now, false)
        return exportTable(ctx, dashboardTable(board, scopeLabel(streets), ctx.now), 'dashboard')
      },
    },
  },
  { name: 'district', timers: { districtStats: async (ctx) => precomputeYesterday(ctx) } },
)
