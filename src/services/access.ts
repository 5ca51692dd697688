/**
 * Who keeps a service (edits it, pauses it, takes attendance, reads its roster and figures): the
 * managers of its station keep every service there; staff of a provider organisation (hospital, law
 * firm, union), granted the station as service_provider, keep the services they created there and
 * nothing else of the station. Pure: the function answers the two scope questions from the grants.
 */

export interface ServiceKeeper {
  userId: string
  /** Manages this station (station_manager in scope, or admin). */
  managesStation(stationId: string): boolean
  /** Provides services at this station (service_provider in scope). */
  providesAt(stationId: string): boolean
}

export interface KeptService {
  stationId: string
  /** The provider's staff member who created it; absent when the station's manager did. */
  providedBy?: string
}

export function mayCreateServiceAt(stationId: string, who: ServiceKeeper): boolean {
  return who.managesStation(stationId) || who.providesAt(stationId)
}

export function keepsService(service: KeptService, who: ServiceKeeper): boolean {
  return who.managesStation(service.stationId) || (who.providesAt(service.stationId) && service.providedBy === who.userId)
}

/**
 * What a new service records as its provider: the creator when they act as a provider, nobody when a
 * manager creates it (the station keeps it).
 */
export function providerOfNew(stationId: string, who: ServiceKeeper): string | undefined {
  return who.managesStation(stationId) ? undefined : who.userId
}

/** The part of a station's services (and their bookings) a keeper's figures cover, or null for none of it. */
export function figuresScope(stationId: string, who: ServiceKeeper): { stationId: string; providedBy?: string } | null {
  if (who.managesStation(stationId)) return { stationId }
  if (who.providesAt(stationId)) return { stationId, providedBy: who.userId }
  return null
}
