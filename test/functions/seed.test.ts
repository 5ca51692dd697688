/**
 * `seedDemoData` through the real wx-server-sdk into an emulator with the project schema: everything
 * lands, a re-run converges to the same data, `reset` removes what was not seeded, and the stations
 * are findable by the geo index the home page relies on.
 */
import { schema } from '../../cloudfunctions/database-schema'
import { startEmulator, type Emulator } from '@nuanxin/cloudbase-emulator'
import { Collection } from '../../src/core/collections'
import { sdkDatabase, seedDemoData } from '../../scripts/seed/load'
import { SEED_NOW } from '../support/project'

let emu: Emulator
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

beforeAll(async () => {
  emu = await startEmulator({ memory: true, port: 0, schema })
  db = sdkDatabase(emu.adminUrl, emu.envId)
}, 30_000)

afterAll(async () => {
  await emu?.close()
})

const count = async (name: string) => (await db.collection(name).count()).total as number

it('loads every collection, converges on a re-run and resets', async () => {
  const first = await seedDemoData({ adminUrl: emu.adminUrl, now: SEED_NOW })
  expect(first.counts[Collection.stations]).toBe(131)
  for (const [name, n] of Object.entries(first.counts)) expect(await count(name)).toBe(n)

  await db.collection(Collection.auditLog).add({ data: { action: 'test', at: new Date() } })
  await seedDemoData({ adminUrl: emu.adminUrl, now: SEED_NOW })
  expect(await count(Collection.stations)).toBe(131)
  expect(await count(Collection.auditLog)).toBe(1)

  await seedDemoData({ adminUrl: emu.adminUrl, now: SEED_NOW, reset: true })
  expect(await count(Collection.auditLog)).toBe(0)
  expect(await count(Collection.users)).toBe(first.counts[Collection.users])
  // Three full seeds, each drawing and uploading the demo pictures: minutes on a busy shared machine.
}, 180_000)

it('stores stations as the model says, findable with geoNear-style queries', async () => {
  const _ = db.command
  const near = await db
    .collection(Collection.stations)
    .where({ location: _.geoNear({ geometry: db.Geo.Point(120.66, 31.3), maxDistance: 3000 }), type: 'station' })
    .limit(50)
    .get()
  expect(near.data.length).toBeGreaterThan(5)
  expect(near.data.every((s: { district: string }) => s.district === '苏州工业园区')).toBe(true)
  const doc = (await db.collection(Collection.stations).doc('st-hj-001').get()).data
  expect(doc.name).toBe('惠家·暖心驿站（彩虹站）')
  expect(doc.lastVerifiedAt).toBeInstanceOf(Date)
  expect(Array.isArray(doc.amenities)).toBe(true)
}, 30_000)
