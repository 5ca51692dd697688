/**
 * The inputs of a report's place (src/reports/place.ts): the stations near it as landmarks, and
 * Tencent's reverse geocoder when the environment has a key (NUANXIN_TENCENT_MAP_KEY; best effort,
 * 1.5 s, answering null rather than failing the view). Without a key — the emulator, the demo, a
 * district that has not bought one — the district's own data is the whole answer.
 */
import https from 'node:https'
import { Collection } from '../../src/core/collections'
import { fromPoint, toGeoPoint, type LngLat } from '../../src/core/geo'
import { LANDMARK_RADIUS_M, type Landmark } from '../../src/reports/place'
import type { Database } from '../_runtime/db'

const GEOCODER_TIMEOUT_MS = 1500

/** Stations near the point, nearest first, as landmarks (one indexed geo query). */
export async function landmarksNear(db: Database, p: LngLat): Promise<Landmark[]> {
  const _ = db.command
  const res = await db
    .collection<{ name: string; location: unknown }>(Collection.stations)
    .where({ location: _.geoNear({ geometry: new db.Geo.Point(p.lng, p.lat), maxDistance: LANDMARK_RADIUS_M }) })
    .field({ name: true, location: true })
    .limit(3)
    .get()
  // The SDK hands geo fields back as its own Point objects; toGeoPoint reads either shape.
  return res.data.map((s) => ({ name: s.name, at: fromPoint(toGeoPoint(s.location)) }))
}

/** Tencent location service (WebService API, reverse geocoding), or null when there is no key or no answer. */
export function reverseGeocode(p: LngLat, key = process.env.NUANXIN_TENCENT_MAP_KEY): Promise<string | null> {
  if (!key) return Promise.resolve(null)
  const url = `https://apis.map.qq.com/ws/geocoder/v1/?location=${p.lat},${p.lng}&key=${encodeURIComponent(key)}&get_poi=0`
  return new Promise((resolve) => {
    const req = https.get(url, { timeout: GEOCODER_TIMEOUT_MS }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => {
        try {
          const json = JSON.parse(body) as { status?: number; result?: { address?: string; formatted_addresses?: { recommend?: string } } }
          resolve(json.status === 0 ? json.result?.formatted_addresses?.recommend ?? json.result?.address ?? null : null)
        } catch {
          resolve(null)
        }
      })
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(null))
  })
}
