/**
 * Station persistence shared by the stations and checkins functions: reading a station document in the
 * stored shape (the SDK hands geo fields back as Geo.Point objects), the check-in key kept in the
 * ADMINONLY secrets collection, and the object-level rule "may this caller manage THIS station".
 */
import { Collection } from '../../src/core/collections'
import { AppError } from '../../src/core/errors'
import { toGeoPoint } from '../../src/core/geo'
import { Role } from '../../src/core/roles'
import { generateStationSecret, type StationKey } from '../../src/checkins/signature'
import type { HoursWithExceptions } from '../../src/stations/hours'
import type { StationDoc } from '../../src/stations/model'
import { getById, type Database, type Transaction } from '../_runtime/db'
import type { ActionContext } from '../_runtime/router'

/** The stored station with the optional fields later features added. */
export type Station = Omit<StationDoc, 'hours'> & { hours: HoursWithExceptions; liveStatusUntil?: Date | null; liveStatusNote?: string }

/** The secrets document: one per station, `_id = stationId`. */
export interface StationSecretDoc extends StationKey {
  _id: string
  rotatedAt: Date
}

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string))

/** Normalises a station as read through the SDK (geo point, dates) so pure rules can read it. */
export function normaliseStation(raw: Record<string, unknown>): Station {
  const s = raw as unknown as Station
  return {
    ...s,
    location: toGeoPoint(raw.location),
    liveStatusUpdatedAt: asDate(s.liveStatusUpdatedAt ?? s.updatedAt),
    liveStatusUntil: s.liveStatusUntil ? asDate(s.liveStatusUntil) : null,
    lastVerifiedAt: asDate(s.lastVerifiedAt ?? s.createdAt),
    createdAt: asDate(s.createdAt),
    updatedAt: asDate(s.updatedAt),
    amenities: Array.isArray(s.amenities) ? s.amenities : [],
    photos: Array.isArray(s.photos) ? s.photos : [],
  }
}

export async function findStation(db: Database, stationId: string): Promise<Station | null> {
  const raw = await getById<Record<string, unknown>>(db, Collection.stations, stationId)
  return raw ? normaliseStation(raw) : null
}

export async function requireStation(db: Database, stationId: string): Promise<Station> {
  const station = await findStation(db, stationId)
  if (!station) throw new AppError('NOT_FOUND', '没有找到这个站点，它可能已撤销', 'stationId')
  return station
}

export async function findStationByCode(db: Database, code: string): Promise<Station | null> {
  const res = await db.collection<Record<string, unknown>>(Collection.stations).where({ code }).limit(1).get()
  return res.data[0] ? normaliseStation(res.data[0]) : null
}

/** Managers of this station (through a station scope) and admins (in scope of everything). */
export function canManage(ctx: Pick<ActionContext, 'inScope'>, stationId: string): boolean {
  return ctx.inScope('station', stationId, Role.station_manager) || ctx.inScope('station', stationId, Role.admin)
}

export function requireManage(ctx: Pick<ActionContext, 'inScope'>, stationId: string): void {
  if (!canManage(ctx, stationId)) throw new AppError('FORBIDDEN', '这不是你负责的站点，只能管理自己负责的驿站')
}

export async function loadKey(db: Database | Transaction, stationId: string): Promise<StationSecretDoc | null> {
  const res = await db.collection<StationSecretDoc>(Collection.stationSecrets).where({ _id: stationId }).limit(1).get()
  return res.data[0] ?? null
}

/** The station's current key, creating version 1 on first use (stations created before keys existed). */
export async function ensureKey(db: Database, station: Pick<Station, '_id' | 'code'>, now: Date): Promise<StationSecretDoc> {
  const existing = await loadKey(db, station._id)
  if (existing) return existing
  const fresh: StationSecretDoc = { _id: station._id, stationCode: station.code, keyVersion: 1, secret: generateStationSecret(), rotatedAt: now }
  try {
    const { _id, ...data } = fresh
    await db.collection(Collection.stationSecrets).add({ data: { _id, ...data } })
    return fresh
  } catch {
    // A concurrent first use won; its key is the key.
    const winner = await loadKey(db, station._id)
    if (!winner) throw new AppError('CONFLICT')
    return winner
  }
}
