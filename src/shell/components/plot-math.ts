/** East/north metres of `to` from `from` (flat-earth, fine within a city); used to plot points around a centre. */
import { EARTH_RADIUS_M, type LngLat } from '../../core/geo'

export function offsetToMetres(from: LngLat, to: LngLat): { east: number; north: number } {
  const rad = Math.PI / 180
  return {
    east: (to.lng - from.lng) * rad * EARTH_RADIUS_M * Math.cos(from.lat * rad),
    north: (to.lat - from.lat) * rad * EARTH_RADIUS_M,
  }
}
