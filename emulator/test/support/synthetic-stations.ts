/**
 * Deterministic generator of large synthetic station sets (e.g. 200 k for benchmarks), spread over
 * mainland China's populated box with clusters around cities, in a station-like document shape.
 * The emulator's own copy of the Nuanxin project's seed generator (the package imports nothing from the
 * project): same seed, same amenity list in the same order, so it yields the same documents and benchmark
 * figures stay comparable with earlier runs.
 */
const allAmenities = [
  'drinking_water', 'hot_water', 'microwave', 'phone_charging', 'ebike_charging', 'battery_swap', 'toilet', 'rest',
  'air_conditioning', 'wifi', 'books', 'first_aid', 'meals', 'haircut', 'legal_advice', 'parking',
] as const
type Amenity = (typeof allAmenities)[number]

/** Mulberry32: small, fast, seedable; the same seed gives the same data set on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Approximate centres of large Chinese cities (GCJ-02 lng, lat); stations cluster around them. */
const cities: Array<[number, number]> = [
  [116.40, 39.90], [121.47, 31.23], [113.26, 23.13], [114.06, 22.54], [104.07, 30.57], [106.55, 29.56],
  [120.16, 30.27], [114.30, 30.59], [108.94, 34.34], [113.62, 34.75], [118.80, 32.06], [117.20, 39.13],
  [112.94, 28.23], [120.38, 36.07], [123.43, 41.80], [126.53, 45.80], [102.71, 25.04], [113.65, 34.87],
  [103.55, 29.41], [120.66, 31.30], [111.94, 25.58], [117.28, 31.86], [119.30, 26.08], [115.86, 28.68],
]

/** A type alias (not an interface) so it is assignable to plain document records (`Record<string, unknown>`). */
export type SyntheticStation = {
  _id: string
  name: string
  type: 'station' | 'report_point'
  location: { type: 'Point'; coordinates: [number, number] }
  district: string
  amenities: Amenity[]
  liveStatus: 'open' | 'closed' | 'full'
  open24h: boolean
  visitCount: number
  createdAt: Date
}

export function* syntheticStations(count: number, seed = 20261123): Generator<SyntheticStation> {
  const rand = prng(seed)
  const epoch = Date.UTC(2024, 0, 1)
  for (let i = 0; i < count; i++) {
    const [clng, clat] = cities[Math.floor(rand() * cities.length)]
    // ~70 % within ~25 km of a city centre, the rest spread over the province-sized area around it.
    const spread = rand() < 0.7 ? 0.25 : 2.5
    const lng = +(clng + (rand() - 0.5) * 2 * spread).toFixed(6)
    const lat = +(clat + (rand() - 0.5) * 2 * spread * 0.8).toFixed(6)
    const amenities = allAmenities.filter(() => rand() < 0.3)
    yield {
      _id: `syn-${i.toString(36).padStart(6, '0')}`,
      name: `暖新驿站 ${i + 1} 号`,
      type: rand() < 0.9 ? 'station' : 'report_point',
      location: { type: 'Point', coordinates: [lng, lat] },
      district: `district-${Math.floor(rand() * 2800)}`,
      amenities,
      liveStatus: rand() < 0.85 ? 'open' : rand() < 0.5 ? 'closed' : 'full',
      open24h: rand() < 0.3,
      visitCount: Math.floor(rand() * 5000),
      createdAt: new Date(epoch + Math.floor(rand() * 3e10)),
    }
  }
}
