/**
 * A live backend in its own process for suites whose jest environment cannot host the emulator
 * (jsdom breaks esbuild and the SDK): the project with demo data, plus the station scene the
 * mini-program test needs. Prints one JSON line `{ url, station }` when ready; exits when stdin closes.
 */
import { Collection } from '../../../src/core/collections'
import { startProject } from '../../support/project'

async function main() {
  const app = await startProject({ seed: true, functions: ['users', 'stations', 'checkins'] })
  await app.db.collection(Collection.stations).doc('st-lf-004').update({ data: { amenities: ['drinking_water', 'battery_swap', 'ebike_charging', 'toilet'], liveStatus: 'open', liveStatusUntil: null, hours: { always: true } } })
  const doc = (await app.db.collection(Collection.stations).doc('st-lf-004').get()).data
  const location = { lng: doc.location.longitude ?? doc.location.coordinates[0], lat: doc.location.latitude ?? doc.location.coordinates[1] }
  process.stdout.write(JSON.stringify({ url: app.emu.url, station: { id: doc._id, name: doc.name, location } }) + '\n')
  const stop = () => void app.close().finally(() => process.exit(0))
  process.stdin.on('end', stop)
  process.stdin.on('close', stop)
  process.on('SIGTERM', stop)
  process.stdin.resume()
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
