/**
 * Volunteers benchmark: the paths that see crowds — a rush of sign-ups on one hot activity (every
 * request contends on the same seat counter, most end on the waitlist), cancellations that promote from
 * a long waitlist, attendance check-ins at the activity's start, and "activities near me" among 5 000
 * activities nationwide. Each row carries a floor measured in the same run on the same route — a call
 * the router refuses before any database work, or the bare geo query through the SDK — and the ratio.
 *   npx tsx scripts/bench/volunteers.bench.ts     (VOL_BENCH_SIGNUPS / VOL_BENCH_ACTIVITIES to scale)
 */
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import { Collection } from '../../src/core/collections'
import { offsetM } from '../../src/core/geo'
import { activityScene, newActivityCodeKey } from '../../src/volunteers/attendance'
import { sdkDatabase } from '../seed/load'
import { pool, runStandalone, throughputRow as row, withFunctionEmulator, type ThroughputRow } from './support'

const SIGNUPS = Number(process.env.VOL_BENCH_SIGNUPS ?? 400)
const ACTIVITIES = Number(process.env.VOL_BENCH_ACTIVITIES ?? 5000)
const CAPACITY = 50
const CONCURRENCY = 8
const CENTRE = { lng: 120.66, lat: 31.3 }

export function run(): Promise<ThroughputRow[]> {
  return withFunctionEmulator('volunteers', { maxWorkersPerFunction: 4 }, async ({ emu, call }) => {
    const rows: ThroughputRow[] = []
    const db = sdkDatabase(emu.adminUrl, emu.envId)
    const _ = db.command
    const counter = async () => (await db.collection(Collection.activities).doc('act-hot').get()).data.signedUp as number
    const now = new Date()
    const users = Array.from({ length: SIGNUPS }, (_, i) => `vol-bench-${String(i).padStart(5, '0')}`)
    emu.db.insertMany(Collection.users, users.map((openid) => ({ _id: userIdFor(openid), openid, nickname: openid.slice(-5), createdAt: now, updatedAt: now })))
    emu.db.insertMany(Collection.teams, [{ _id: 'team-bench', name: '基准队', district: '苏州工业园区', street: '娄葑街道', description: '', captainIds: [], memberCount: 0, createdAt: now }])
    const key = newActivityCodeKey()
    const activities = Array.from({ length: ACTIVITIES }, (_, i) => {
      // Spread over ~±400 km so a 30 km "near me" sees a realistic handful; the hot one sits at the centre.
      const at = i === 0 ? CENTRE : offsetM(CENTRE, ((i * 7919) % 800_000) - 400_000, ((i * 104_729) % 800_000) - 400_000)
      const startAt = new Date(now.getTime() + (i === 0 ? 3 : 24 + (i % 500)) * 3_600_000)
      return {
        _id: i === 0 ? 'act-hot' : `act-bench-${i}`,
        teamId: 'team-bench',
        title: `活动 ${i}`,
        description: '基准',
        location: { type: 'Point', coordinates: [at.lng, at.lat] },
        address: '某地',
        startAt,
        endAt: new Date(startAt.getTime() + 2 * 3_600_000),
        signupDeadline: new Date(startAt.getTime() - 3_600_000),
        capacity: i === 0 ? CAPACITY : 20,
        signedUp: 0,
        state: 'open',
        audience: 'all',
        radiusM: 200,
        ...(i === 0 ? { codeKey: key, code: key.code } : {}),
        createdBy: 'bench',
        createdAt: now,
      }
    })
    emu.db.insertMany(Collection.activities, activities)

    // Floor: the same route, refused by the router's input check before any database work.
    const floorN = 200
    await pool(100, CONCURRENCY, (i) => call(users[i % users.length], 'signUp', { activityId: 'bad id!' })) // warm the workers
    const floorMs = await pool(floorN, CONCURRENCY, (i) => call(users[i % users.length], 'signUp', { activityId: 'bad id!' }))
    const floorPerOp = floorMs / floorN

    // 1. Sign-up rush on one activity: CAPACITY places, everyone else queued.
    const signupMs = await pool(SIGNUPS, CONCURRENCY, (i) => call(users[i], 'signUp', { activityId: 'act-hot' }))
    const held = (await db.collection(Collection.activitySignups).where({ activityId: 'act-hot', state: 'signed_up' }).count()).total
    if ((await counter()) !== CAPACITY || held !== CAPACITY) throw new Error(`capacity broken: held ${held}`)
    rows.push(row(`signUp rush (${CAPACITY} places, ${SIGNUPS - CAPACITY} queued)`, SIGNUPS, signupMs, 'refused call, same route', floorPerOp))

    // 2. Cancellations, each promoting the next in the queue.
    const cancels = 40
    const cancelMs = await pool(cancels, CONCURRENCY, (i) => call(users[i], 'cancelSignup', { activityId: 'act-hot' }))
    if ((await counter()) !== CAPACITY) throw new Error('promotion broken: a freed place was not refilled')
    rows.push(row('cancel + promote from waitlist', cancels, cancelMs, 'refused call, same route', floorPerOp))

    // 3. Check-ins at the start: the activity begins now.
    await db.collection(Collection.activities).doc('act-hot').update({ data: { startAt: new Date(Date.now() - 60_000), endAt: new Date(Date.now() + 2 * 3_600_000) } })
    const scene = activityScene(key)
    const holders = (await db.collection(Collection.activitySignups).where({ activityId: 'act-hot', state: 'signed_up' }).limit(CAPACITY).get()).data.map((d: { userId: string }) => users.find((u) => userIdFor(u) === d.userId) as string)
    const attendMs = await pool(holders.length, CONCURRENCY, (i) =>
      call(holders[i], 'attend', { scene, phase: 'in', entry: { method: 'scan_code' }, location: { ...CENTRE, accuracy: 10 }, idempotencyKey: `bench-attend-${i}-xxxx` }),
    )
    rows.push(row('attend: check-in by code', holders.length, attendMs, 'refused call, same route', floorPerOp))

    // 4. Activities near me among ACTIVITIES, against the bare geo query through the SDK.
    const points = Array.from({ length: 100 }, (_x, i) => offsetM(CENTRE, ((i * 3571) % 60_000) - 30_000, ((i * 7307) % 60_000) - 30_000))
    const nearMs = await pool(points.length, CONCURRENCY, (i) => call(users[i], 'listActivities', { near: points[i], limit: 20 }))
    const bareMs = await pool(points.length, CONCURRENCY, (i) =>
      db.collection(Collection.activities).where({ location: _.geoNear({ geometry: db.Geo.Point(points[i].lng, points[i].lat), maxDistance: 30_000 }), endAt: _.gt(new Date()) }).limit(20).get(),
    )
    rows.push(row(`listActivities near (${ACTIVITIES} activities)`, points.length, nearMs, 'bare geoNear through the SDK', bareMs / points.length))
    return rows
  })
}

if (require.main === module) runStandalone(run)
