/**
 * Demo data of the check-ins domain: a check-in key (v1) per station, so every seeded station's code
 * can be printed and scanned at once; a month of visits spread over the workers and stations, so the
 * figures pages have something to show; a few Party reports; and Party applications in each state.
 * Deterministic: keys are derived from the station id with a fixed demo key (never used outside local
 * demo data), times are relative to `now`.
 */
import { createHmac } from 'node:crypto'
import { periodKeyOf } from '../../src/checkins/figures'
import type { PartyApplication } from '../../src/checkins/party'
import { checkinIdFor, windowStartOf, defaultCheckinPolicy } from '../../src/checkins/rules'
import type { CheckinPurpose } from '../../src/checkins/vocabulary'
import { Collection } from '../../src/core/collections'
import { startOfChinaDay } from '../../src/core/time'
import type { StationDoc } from '../../src/stations/model'
import type { UserDoc } from '../../src/users/model'
import { userIdFor } from '../../cloudfunctions/_runtime/ids'
import type { DemoData } from './demo-data'
import { prng } from './synthetic-stations'

const DEMO_KEY = 'nuanxin-local-demo-only'
const DAY = 86_400_000

/** The seeded secret of a station: stable across runs so printed demo posters keep working. */
export function demoStationSecret(stationId: string): string {
  return createHmac('sha256', DEMO_KEY).update(`station-secret|${stationId}`).digest().toString('base64url')
}

export function buildCheckinsDemo(data: DemoData, now: Date, seed = 20250701): DemoData {
  const rand = prng(seed)
  const stations = (data[Collection.stations] ?? []) as unknown as StationDoc[]
  const users = (data[Collection.users] ?? []) as unknown as UserDoc[]
  const today = startOfChinaDay(now)

  const secrets = stations.map((s) => ({ _id: s._id, stationCode: s.code, keyVersion: 1, secret: demoStationSecret(s._id), rotatedAt: s.createdAt }))

  const checkins: Array<{ _id: string } & Record<string, unknown>> = []
  const add = (userId: string, station: StationDoc, purpose: CheckinPurpose, at: Date, organisation?: string) => {
    const windowStart = windowStartOf(at, defaultCheckinPolicy.purposes[purpose].windowMinutes)
    const _id = checkinIdFor(purpose, userId, station._id, windowStart)
    if (checkins.some((c) => c._id === _id)) return
    const doc: { _id: string } & Record<string, unknown> = {
      _id,
      userId,
      stationId: station._id,
      stationCode: station.code,
      stationType: station.type,
      district: station.district,
      purpose,
      windowStart,
      at,
      distanceM: 10 * Math.floor(rand() * 15),
      accuracyM: 15 + Math.floor(rand() * 40),
      entryMethod: rand() < 0.7 ? 'launch' : 'scan_code',
      keyVersion: 1,
      outsideHours: false,
      idempotencyKey: `seed-${_id.replace(/[^A-Za-z0-9_-]/g, '-')}`.slice(0, 64),
      day: periodKeyOf(at, 'day'),
      month: periodKeyOf(at, 'month'),
    }
    if (doc.entryMethod === 'launch') doc.launchScene = 1047
    if (organisation) doc.organisation = organisation
    checkins.push(doc)
  }

  const visitable = stations.filter((s) => s.type === 'station')
  const reportPoints = stations.filter((s) => s.type === 'report_point')
  const workers = users.filter((u) => u.openid.startsWith('seed-worker-'))
  // About 300 visits over the last 30 days, at 08:00–21:00 China time, biased to each worker's "home" district.
  workers.forEach((w, wi) => {
    const home = visitable.filter((_s, i) => i % workers.length === wi % visitable.length || i % 5 === wi % 5)
    for (let n = 0; n < 10; n++) {
      const station = home[Math.floor(rand() * home.length)] ?? visitable[0]
      const at = new Date(today.getTime() - (1 + Math.floor(rand() * 30)) * DAY + Math.floor(8 + rand() * 13) * 3_600_000)
      add(w._id, station, 'visit', at)
    }
  })
  const devWorker = userIdFor('dev-worker')
  const lf = visitable.filter((s) => s._id.startsWith('st-lf-'))
  ;[2, 5, 9].forEach((daysAgo, i) => add(devWorker, lf[i] ?? visitable[i], 'visit', new Date(today.getTime() - daysAgo * DAY + 12 * 3_600_000)))
  const devParty = userIdFor('dev-party-member')
  // The 娄葑 Party member reports at a 娄葑 report point, to his own branch.
  const lfPoint = reportPoints.find((s) => s.street === '娄葑街道') ?? reportPoints[0]
  if (lfPoint) add(devParty, lfPoint, 'party_report', new Date(today.getTime() - 7 * DAY + 10 * 3_600_000), '娄葑街道新业态联合党支部')
  // Each other district's dev rider has visited two of its own district's stations.
  for (const [key, district] of [['hj', '惠济区'], ['sw', '沙湾区'], ['ny', '宁远县']] as const) {
    const own = visitable.filter((s) => s.district === district)
    ;[3, 6].forEach((daysAgo, i) => own[i] && add(userIdFor(`dev-${key}-worker`), own[i], 'visit', new Date(today.getTime() - daysAgo * DAY + 11 * 3_600_000)))
  }


  const application = (openid: string, organisation: string, status: PartyApplication['status'], daysAgo: number, reason?: string): PartyApplication => {
    const userId = userIdFor(openid)
    const app: PartyApplication = { _id: userId, userId, organisation, contact: `1380000${String(daysAgo).padStart(4, '0')}`, status, appliedAt: new Date(today.getTime() - daysAgo * DAY), attempts: 1 }
    if (status !== 'pending') Object.assign(app, { reviewedAt: new Date(today.getTime() - (daysAgo - 1) * DAY), reviewerId: userIdFor('dev-admin') })
    if (reason) app.reason = reason
    return app
  }
  const applications = [
    application('dev-party-member', '娄葑街道新业态联合党支部', 'approved', 60),
    application('seed-worker-03', '惠济区新业态党委第三支部', 'pending', 2),
    application('seed-worker-04', '沙湾区快递行业党支部', 'pending', 1),
    application('seed-worker-07', '宁远县外卖骑手党小组', 'rejected', 10, '未查到组织关系，请补充所在支部全称'),
  ].filter((a) => users.some((u) => u._id === a.userId))

  return {
    [Collection.stationSecrets]: secrets as unknown as DemoData['station_secrets'],
    [Collection.checkins]: checkins as unknown as DemoData['checkins'],
    [Collection.partyApplications]: applications as unknown as DemoData['party_applications'],
  }
}
