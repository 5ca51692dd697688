/**
 * One source of truth for who manages a station: the admin's role grant with the station in its scope.
 * A grant gives the right, revoking it takes the right away, and nothing on the station document (the
 * old `managerIds`) can give it.
 */
import { Collection } from '../../src/core/collections'
import { startProject, type Project } from '../support/project'

let app: Project
const WHO = 'o-new-manager'
const STATION = 'st-lf-003'

beforeAll(async () => {
  app = await startProject({ seed: true, functions: ['users', 'stations'] })
  await app.call('users', 'me', {}, WHO)
}, 90_000)

afterAll(async () => {
  await app?.close()
})

const setStatus = () => app.call('stations', 'setLiveStatus', { stationId: STATION, status: 'full', durationMinutes: 30 }, WHO)

test('a station on the document alone gives nothing; the grant gives the right; revoking takes it away', async () => {
  // Writing a managers list straight onto the station (as the old field did) grants nothing.
  await app.db.collection(Collection.stations).doc(STATION).update({ data: { managerIds: [app.userIdOf(WHO)] } })
  expect(await setStatus()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

  const granted = await app.callAs('admin', 'users', 'grantRole', { userId: app.userIdOf(WHO), role: 'station_manager', scopes: [{ kind: 'station', id: STATION }], reason: '新任驿站管理员' })
  expect(granted.ok).toBe(true)
  expect(await setStatus()).toMatchObject({ ok: true, data: { stationId: STATION, liveStatus: 'full' } })
  // Only the granted station.
  expect(await app.call('stations', 'setLiveStatus', { stationId: 'st-lf-001', status: 'full' }, WHO)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

  expect((await app.callAs('admin', 'users', 'revokeRole', { userId: app.userIdOf(WHO), role: 'station_manager', reason: '调岗' })).ok).toBe(true)
  expect(await setStatus()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
})
