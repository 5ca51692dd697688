/**
 * `stations` function: the rider's nearby/search/detail and problem reports, the manager's upkeep of
 * their own stations (whitelisted edits, live status, verification, photos, the printable check-in code
 * and its secret), and the admin's create/adminUpdate. Every manager action loads the station and checks
 * the caller's station scope first; admins are in scope of every station.
 *
 * Nearby: the 2dsphere index does the nearest-first part and the amenity filter (`_.all`) rides in the
 * same query; "open now" depends on the clock, so it is applied at request time to a bounded window of
 * the nearest matches (OPEN_SCAN_MAX), never by reading the collection.
 */
import { createHash } from 'node:crypto'
import { CHECKIN_PAGE } from '../../src/checkins/scene'
import { buildScene, rotateStationKey } from '../../src/checkins/signature'
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { Role } from '../../src/core/roles'
import { chinaDateKey } from '../../src/core/time'
import { periodKeyOf } from '../../src/checkins/figures'
import { DEFAULT_NEARBY_RADIUS_M, MAX_PHOTOS, stationsContract, type DistrictEntry, type StationCode, type StationPage, type StationProblem, type StationSummary } from '../../src/stations/contract'
import { isOpenAt } from '../../src/stations/hours'
import { DEFAULT_CHECKIN_RADIUS_M } from '../../src/stations/model'
import { writeAudit } from '../_runtime/audit'
import { requireCleanText, requireCleanTexts, type CheckedText } from '../_runtime/content'
import { addOnce, escapeRegExp, isDuplicateKeyError, type Database } from '../_runtime/db'
import { tempFileUrls } from '../_runtime/files'
import { requestMediaChecks } from '../_runtime/media-check'
import { createHandler, type ActionContext } from '../_runtime/router'
import { runInTransaction } from '../_runtime/transactions'
import { canManage, ensureKey, normaliseStation, requireManage, requireStation, type Station, type StationSecretDoc } from './store'
import { publicPhotos, summaryFields, toDetail, toSummary } from './views'

/** Most geo matches read to fill one open-now page: bounded whatever the filters. */
export const OPEN_SCAN_MAX = 400
const SCAN_CHUNK = 100
const DEFAULT_PAGE = 20

const SHOWN = '所有人都会在驿站详情里看到'
/** A station's shown text for the one side-by-side content check of an action. */
function shown(text: string | undefined, field: string, what: string): CheckedText {
  return { text, field, scene: 1, message: `${what}里有不适宜的内容，${SHOWN}，请修改后再保存` }
}
function hoursTexts(hours: { note?: string; exceptions?: Array<{ note?: string }> } | undefined, path: string): CheckedText[] {
  if (!hours) return []
  return [shown(hours.note, `${path}.note`, '营业时间说明'), ...(hours.exceptions ?? []).map((e, i) => shown(e.note, `${path}.exceptions[${i}].note`, '特殊日期说明'))]
}
function addressTexts(address: Partial<Record<'province' | 'city' | 'district' | 'street' | 'detail', string>> | undefined, path: string): CheckedText[] {
  if (!address) return []
  return (['province', 'city', 'district', 'street', 'detail'] as const).map((k) => shown(address[k], `${path}.${k}`, '地址'))
}

/* eslint-disable @typescript-eslint/no-explicit-any */
type Where = Record<string, any>

function pageOf(page?: { limit?: number; offset?: number }) {
  return { limit: page?.limit ?? DEFAULT_PAGE, offset: page?.offset ?? 0 }
}

/** Reads a query in chunks, keeping docs that pass `keep`, until `need` are kept or `max` were read. */
async function scanFiltered(query: () => any, keep: (s: Station) => boolean, need: number, max: number): Promise<Station[]> {
  const kept: Station[] = []
  for (let offset = 0; offset < max && kept.length < need; offset += SCAN_CHUNK) {
    const res = await query().skip(offset).limit(SCAN_CHUNK).get()
    for (const raw of res.data as Array<Record<string, unknown>>) {
      const s = normaliseStation(raw)
      if (keep(s)) kept.push(s)
    }
    if (res.data.length < SCAN_CHUNK) break
  }
  return kept
}

async function pagedStations(
  query: () => any,
  page: { limit: number; offset: number },
  openNow: boolean | undefined,
  now: Date,
): Promise<{ items: Station[]; hasMore: boolean }> {
  if (openNow) {
    const need = page.offset + page.limit + 1
    const open = await scanFiltered(query, (s) => isOpenAt(s, now), need, OPEN_SCAN_MAX)
    return { items: open.slice(page.offset, page.offset + page.limit), hasMore: open.length > page.offset + page.limit }
  }
  const res = await query().skip(page.offset).limit(page.limit + 1).get()
  const items = (res.data as Array<Record<string, unknown>>).map(normaliseStation)
  return { items: items.slice(0, page.limit), hasMore: items.length > page.limit }
}

async function tempUrls(ctx: ActionContext, fileIds: string[]): Promise<string[]> {
  const urls = await tempFileUrls(ctx, fileIds)
  return fileIds.map((id) => urls.get(id) ?? '')
}

async function visitsThisMonth(db: Database, stationId: string, now: Date): Promise<number> {
  const _ = db.command
  const month = periodKeyOf(now, 'month')
  const res = await db.collection(Collection.checkins).where({ stationId, purpose: 'visit', day: _.gte(`${month}-01`).and(_.lte(`${month}-31`)) }).count()
  return res.total
}

async function detailOf(ctx: ActionContext, station: Station, from?: { lng: number; lat: number }) {
  const manages = canManage(ctx, station._id)
  const [photoUrls, visits] = await Promise.all([tempUrls(ctx, manages ? station.photos : publicPhotos(station)), visitsThisMonth(ctx.db, station._id, ctx.now)])
  return toDetail(station, ctx.now, { from, photoUrls, visitsThisMonth: visits, canManage: manages })
}

/** Loads the station and checks the caller manages it; the order means a stranger learns only FORBIDDEN. */
async function managedStation(ctx: ActionContext, stationId: string): Promise<Station> {
  requireManage(ctx, stationId)
  return requireStation(ctx.db, stationId)
}

async function updateStation(ctx: ActionContext, stationId: string, data: Record<string, unknown>): Promise<Station> {
  await ctx.db.collection(Collection.stations).doc(stationId).update({ data: { ...data, updatedAt: ctx.now } })
  return requireStation(ctx.db, stationId)
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'
function randomCode(prefix: string): string {
  let out = prefix
  for (let i = 0; i < 6; i++) out += CODE_ALPHABET[Math.floor(Math.random() * CODE_ALPHABET.length)]
  return out
}

export const main = createHandler(
  stationsContract,
  {
    nearby: {
      roles: 'any',
      handler: async ({ location, radiusM, amenities, openNow, type, page }, ctx): Promise<StationPage> => {
        const _ = ctx.db.command
        const where: Where = { location: _.geoNear({ geometry: ctx.db.Geo.Point(location.lng, location.lat), maxDistance: radiusM ?? DEFAULT_NEARBY_RADIUS_M }) }
        if (amenities?.length) where.amenities = _.all(amenities)
        if (type) where.type = type
        const query = () => ctx.db.collection(Collection.stations).where(where).field(summaryFields)
        const found = await pagedStations(query, pageOf(page), openNow, ctx.now)
        return { items: found.items.map((s) => toSummary(s, ctx.now, location)), hasMore: found.hasMore }
      },
    },

    search: {
      roles: 'any',
      handler: async ({ q, district, street, amenities, openNow, type, page }, ctx): Promise<StationPage> => {
        const _ = ctx.db.command
        const where: Where = {}
        if (q) where.name = ctx.db.RegExp({ regexp: escapeRegExp(q), options: 'i' })
        if (district) where.district = district
        if (street) where.street = street
        if (amenities?.length) where.amenities = _.all(amenities)
        if (type) where.type = type
        const query = () => ctx.db.collection(Collection.stations).where(where).field(summaryFields).orderBy('_id', 'asc')
        const found = await pagedStations(query, pageOf(page), openNow, ctx.now)
        return { items: found.items.map((s) => toSummary(s, ctx.now)), hasMore: found.hasMore }
      },
    },

    districts: {
      roles: 'any',
      handler: async (_input, ctx): Promise<{ items: DistrictEntry[] }> => {
        const $ = ctx.db.command.aggregate
        const res = (await ctx.db
          .collection(Collection.stations)
          .aggregate()
          .group({ _id: { district: '$district', street: '$street' }, n: $.sum(1) })
          .limit(1000)
          .end()) as { list: Array<{ _id: { district: string; street: string }; n: number }> }
        const byDistrict = new Map<string, DistrictEntry>()
        for (const row of res.list) {
          const entry = byDistrict.get(row._id.district) ?? { district: row._id.district, streets: [], stationCount: 0 }
          if (row._id.street && !entry.streets.includes(row._id.street)) entry.streets.push(row._id.street)
          entry.stationCount += row.n
          byDistrict.set(row._id.district, entry)
        }
        const items = [...byDistrict.values()].sort((a, b) => b.stationCount - a.stationCount)
        for (const item of items) item.streets.sort()
        return { items }
      },
    },

    detail: {
      roles: 'any',
      handler: async ({ stationId, location }, ctx) => detailOf(ctx, await requireStation(ctx.db, stationId), location),
    },

    managed: {
      roles: [Role.station_manager, Role.admin],
      handler: async ({ q, page }, ctx): Promise<StationPage> => {
        const _ = ctx.db.command
        const scoped: Where = ctx.perms.isAdmin ? {} : { _id: _.in(ctx.scopeIds('station', Role.station_manager).slice(0, 100)) }
        // Admins see every station of the district, hundreds of them: name or street narrows the list.
        const text = q ? ctx.db.RegExp({ regexp: escapeRegExp(q), options: 'i' }) : null
        const where: Where = text ? _.and([scoped, _.or([{ name: text }, { street: text }])]) : scoped
        const query = () => ctx.db.collection(Collection.stations).where(where).field(summaryFields).orderBy('_id', 'asc')
        const found = await pagedStations(query, pageOf(page), false, ctx.now)
        return { items: found.items.map((s): StationSummary => toSummary(s, ctx.now)), hasMore: found.hasMore }
      },
    },

    problems: {
      roles: [Role.station_manager, Role.admin],
      handler: async ({ stationId, page }, ctx) => {
        await managedStation(ctx, stationId)
        const { limit, offset } = pageOf(page)
        const res = await ctx.db.collection(Collection.stationProblems).where({ stationId, state: 'open' }).orderBy('at', 'desc').skip(offset).limit(limit + 1).get()
        const items: StationProblem[] = (res.data as Array<Record<string, any>>).slice(0, limit).map((p) => {
          const item: StationProblem = { problemId: p._id, kind: p.kind, at: new Date(p.at).toISOString() }
          if (p.note) item.note = p.note
          return item
        })
        return { items, hasMore: res.data.length > limit }
      },
    },

    reportProblem: {
      roles: 'any',
      handler: async ({ stationId, kind, note }, ctx) => {
        const station = await requireStation(ctx.db, stationId)
        if (note) await requireCleanText(ctx, note, 2, 'note')
        // One report per person, station and day: a second tap or a retry changes nothing.
        // The id is a hash so the problem list shown to managers does not carry the reporter's userId.
        const _id = 'p' + createHash('sha256').update(`${station._id}|${ctx.userId}|${chinaDateKey(ctx.now)}`).digest('hex').slice(0, 24)
        await addOnce(ctx.db, Collection.stationProblems, { _id, stationId: station._id, kind, note: note ?? '', reporterId: ctx.userId, state: 'open', at: ctx.now })
        return { received: true as const }
      },
    },

    update: {
      roles: [Role.station_manager, Role.admin],
      handler: async ({ stationId, patch }, ctx) => {
        const before = await managedStation(ctx, stationId)
        await requireCleanTexts(ctx, [
          shown(patch.name, 'patch.name', '站点名称'),
          shown(patch.description, 'patch.description', '站点介绍'),
          ...hoursTexts(patch.hours, 'patch.hours'),
          shown(patch.host, 'patch.host', '主办单位'),
          shown(patch.addressDetail, 'patch.addressDetail', '地址'),
        ])
        const data: Record<string, unknown> = {}
        for (const key of ['name', 'phone', 'amenities', 'hours', 'description', 'host'] as const) if (patch[key] !== undefined) data[key] = patch[key]
        if (patch.addressDetail) data.address = { detail: patch.addressDetail }
        const after = await updateStation(ctx, stationId, data)
        await writeAudit(
          ctx.db,
          { action: 'station.update', actorId: ctx.userId, targetKind: 'station', targetId: stationId, before: Object.fromEntries(Object.keys(patch).map((k) => [k, k === 'addressDetail' ? before.address.detail : (before as any)[k]])), after: patch, reason: '管理员维护站点信息', origin: 'stations.update' },
          ctx.now,
        )
        return detailOf(ctx, after)
      },
    },

    setLiveStatus: {
      roles: [Role.station_manager, Role.admin],
      handler: async ({ stationId, status, durationMinutes, note }, ctx) => {
        const before = await managedStation(ctx, stationId)
        await requireCleanTexts(ctx, [{ text: note, field: 'note', scene: 2, message: `状态说明里有不适宜的内容，${SHOWN}，请修改后再保存` }])
        const until = status !== 'open' && durationMinutes ? new Date(ctx.now.getTime() + durationMinutes * 60_000) : null
        const after = await updateStation(ctx, stationId, { liveStatus: status, liveStatusUntil: until, liveStatusUpdatedAt: ctx.now, liveStatusNote: note ?? '' })
        await ctx.db.collection(Collection.stationStatusLog).add({ data: { stationId, from: before.liveStatus, to: status, until, note: note ?? '', actorId: ctx.userId, at: ctx.now } })
        return detailOf(ctx, after)
      },
    },

    markVerified: {
      roles: [Role.station_manager, Role.admin],
      handler: async ({ stationId, note }, ctx) => {
        await managedStation(ctx, stationId)
        const after = await updateStation(ctx, stationId, { lastVerifiedAt: ctx.now })
        await ctx.db.collection(Collection.stationStatusLog).add({ data: { stationId, verified: true, note: note ?? '', actorId: ctx.userId, at: ctx.now } })
        return detailOf(ctx, after)
      },
    },

    addPhoto: {
      roles: [Role.station_manager, Role.admin],
      handler: async ({ stationId, fileId }, ctx) => {
        const station = await managedStation(ctx, stationId)
        // Only files uploaded for this very station: no linking someone else's upload (e.g. a report photo).
        if (!fileId.includes(`/stations/${stationId}/`)) throw new AppError('INVALID_ARGUMENT', '照片需在本站点页面上传', 'fileId')
        if (station.photos.includes(fileId)) return detailOf(ctx, station)
        if (station.photos.length >= MAX_PHOTOS) throw new AppError('INVALID_ARGUMENT', `最多 ${MAX_PHOTOS} 张照片，请先删除旧照片`, 'fileId')
        const after = await updateStation(ctx, stationId, { photos: [...station.photos, fileId] })
        await requestMediaChecks(ctx, 'stations', { collection: Collection.stations, docId: stationId }, [fileId])
        return detailOf(ctx, after)
      },
    },

    removePhoto: {
      roles: [Role.station_manager, Role.admin],
      handler: async ({ stationId, fileId }, ctx) => {
        const station = await managedStation(ctx, stationId)
        if (!station.photos.includes(fileId)) throw new AppError('NOT_FOUND', '这张照片已删除', 'fileId')
        return detailOf(ctx, await updateStation(ctx, stationId, { photos: station.photos.filter((p) => p !== fileId) }))
      },
    },

    generateCode: {
      roles: [Role.station_manager, Role.admin],
      handler: async ({ stationId, width }, ctx): Promise<StationCode> => {
        const station = await managedStation(ctx, stationId)
        const key = await ensureKey(ctx.db, station, ctx.now)
        const scene = buildScene(key)
        let png: Buffer
        try {
          const res = (await (ctx.cloud as any).openapi.wxacode.getUnlimited({ scene, page: CHECKIN_PAGE, width: width ?? 860, checkPath: false })) as { buffer: Buffer }
          png = Buffer.from(res.buffer)
        } catch (err) {
          const e = err as { errCode?: number; errMsg?: string; message?: string }
          // The person sees a code to quote; the log keeps what WeChat (or the network) said, to find the cause.
          console.warn(JSON.stringify({ fn: 'stations', action: 'generateCode', openapi: 'wxacode.getUnlimited failed', errCode: e.errCode, error: String(e.errMsg ?? e.message ?? err).slice(0, 300) }))
          throw new AppError('UNAVAILABLE', `生成小程序码失败，请稍后重试（${String(e.errCode ?? '')}）`)
        }
        const upload = (await (ctx.cloud as any).uploadFile({ cloudPath: `station-codes/${station._id}/v${key.keyVersion}-${width ?? 860}.png`, fileContent: png })) as { fileID: string }
        const [posterUrl] = await tempUrls(ctx, [upload.fileID])
        return { stationId: station._id, stationCode: station.code, keyVersion: key.keyVersion, scene, page: CHECKIN_PAGE, posterFileId: upload.fileID, posterUrl }
      },
    },

    rotateSecret: {
      roles: [Role.station_manager, Role.admin],
      handler: async ({ stationId, reason }, ctx) => {
        const station = await managedStation(ctx, stationId)
        await ensureKey(ctx.db, station, ctx.now)
        const next = await runInTransaction(ctx.db, async (t) => {
          const current = (await t.collection<StationSecretDoc>(Collection.stationSecrets).doc(stationId).get()).data
          if (!current) throw new AppError('CONFLICT')
          let rotated
          try {
            rotated = rotateStationKey({ stationCode: station.code, keyVersion: current.keyVersion })
          } catch {
            throw new AppError('OUT_OF_RANGE', '该站点的二维码更换次数已达上限，请联系管理员重建站点')
          }
          await t.collection(Collection.stationSecrets).doc(stationId).set({ data: { stationCode: rotated.stationCode, keyVersion: rotated.keyVersion, secret: rotated.secret, rotatedAt: ctx.now } })
          await writeAudit(t, { action: 'station.rotateSecret', actorId: ctx.userId, targetKind: 'station', targetId: stationId, before: { keyVersion: current.keyVersion }, after: { keyVersion: rotated.keyVersion }, reason, origin: 'stations.rotateSecret' }, ctx.now)
          return rotated
        })
        return { stationId, keyVersion: next.keyVersion, rotatedAt: ctx.now.toISOString() }
      },
    },

    create: {
      roles: [Role.admin],
      handler: async (input, ctx) => {
        await requireCleanTexts(ctx, [
          shown(input.name, 'name', '站点名称'),
          shown(input.description, 'description', '站点介绍'),
          ...addressTexts(input.address, 'address'),
          ...hoursTexts(input.hours, 'hours'),
          shown(input.network, 'network', '所属网络'),
          shown(input.host, 'host', '主办单位'),
        ])
        const base = {
          name: input.name,
          type: input.type,
          network: input.network ?? (input.type === 'report_point' ? '流动党员报到点' : '暖新驿站'),
          hub: input.hub ?? false,
          location: ctx.db.Geo.Point(input.location.lng, input.location.lat),
          address: input.address,
          district: input.address.district,
          street: input.address.street,
          host: input.host ?? '',
          amenities: input.amenities,
          hours: input.hours,
          liveStatus: 'open',
          liveStatusUpdatedAt: ctx.now,
          liveStatusUntil: null,
          phone: input.phone ?? '',
          photos: [],
          description: input.description ?? '',
          lastVerifiedAt: ctx.now,
          checkinRadiusM: input.checkinRadiusM ?? DEFAULT_CHECKIN_RADIUS_M,
          visitCount: 0,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        }
        let stationId = ''
        let code = input.code ?? ''
        for (let attempt = 0; attempt < 4 && !stationId; attempt++) {
          if (!input.code) code = randomCode(input.type === 'report_point' ? 'RP' : 'ST')
          try {
            stationId = (await ctx.db.collection(Collection.stations).add({ data: { ...base, code } }))._id
          } catch (err) {
            if (!isDuplicateKeyError(err)) throw err
            if (input.code) throw new AppError('CONFLICT', `站点编码 ${input.code} 已被使用，请换一个`, 'code')
          }
        }
        if (!stationId) throw new AppError('CONFLICT')
        await ensureKey(ctx.db, { _id: stationId, code }, ctx.now)
        await writeAudit(ctx.db, { action: 'station.create', actorId: ctx.userId, targetKind: 'station', targetId: stationId, before: null, after: { code, name: input.name, type: input.type }, reason: '新建站点', origin: 'stations.create' }, ctx.now)
        return detailOf(ctx, await requireStation(ctx.db, stationId))
      },
    },

    adminUpdate: {
      roles: [Role.admin],
      handler: async ({ stationId, patch, reason }, ctx) => {
        const before = await requireStation(ctx.db, stationId)
        await requireCleanTexts(ctx, [...addressTexts(patch.address, 'patch.address'), shown(patch.network, 'patch.network', '所属网络')])
        const data: Record<string, unknown> = {}
        if (patch.location) data.location = ctx.db.Geo.Point(patch.location.lng, patch.location.lat)
        if (patch.address) Object.assign(data, { address: patch.address, district: patch.address.district, street: patch.address.street })
        for (const key of ['checkinRadiusM', 'network', 'hub'] as const) if (patch[key] !== undefined) data[key] = patch[key]
        const after = await updateStation(ctx, stationId, data)
        await writeAudit(
          ctx.db,
          { action: 'station.adminUpdate', actorId: ctx.userId, targetKind: 'station', targetId: stationId, before: Object.fromEntries(Object.keys(patch).map((k) => [k, (before as any)[k]])), after: patch, reason, origin: 'stations.adminUpdate' },
          ctx.now,
        )
        return detailOf(ctx, after)
      },
    },
  },
  { name: 'stations' },
)
/* eslint-enable @typescript-eslint/no-explicit-any */
