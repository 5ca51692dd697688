/**
 * Helpers for volunteers function tests: an activity arranged at a known place and time (captains
 * create activities only in the future, so tests move times into the past directly in the database —
 * "time passes" — never through the function under test), the activity's QR decoded back to its
 * scene, and database counts read straight from the collections.
 */
import { Collection } from '../../src/core/collections'
import type { ActivityView } from '../../src/volunteers/contract'
import type { SignupDoc } from '../../src/volunteers/model'
import type { Project } from '../support/project'
import { data, readAll } from '../passbook/support'

// Both come with `qrcode`'s dependency tree and ship no typings.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { PNG } = require('pngjs') as { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer } } } }
// eslint-disable-next-line @typescript-eslint/no-var-requires
const QrCodeReader = require('qrcode-reader')

export { code, data, readAll } from '../passbook/support'

/** 双湖广场 area in 娄葑 (the seeded station st-lf-003 is elsewhere; tests use their own point). */
export const PLACE = { lng: 120.6712, lat: 31.3015 }
export const HOUR = 3_600_000

export function iso(msFromNow: number): string {
  return new Date(Date.now() + msFromNow).toISOString()
}

export async function createActivity(app: Project, over: Record<string, unknown> = {}, role: 'team_captain' | 'admin' = 'team_captain'): Promise<ActivityView> {
  return data(
    await app.callAs<ActivityView>(role, 'volunteers', 'createActivity', {
      teamId: 'team-lf-xfg',
      title: '文明骑行劝导（测试）',
      description: '在路口劝导非机动车规范停放。',
      location: PLACE,
      address: '双湖广场东路口',
      startAt: iso(2 * HOUR),
      endAt: iso(4 * HOUR),
      signupDeadline: iso(1 * HOUR),
      capacity: 3,
      audience: 'all',
      ...over,
    }),
  )
}

/** Moves an activity in time: it started `startedMinutesAgo` minutes ago and lasts `lengthMinutes`. */
export async function startActivity(app: Project, activityId: string, startedMinutesAgo: number, lengthMinutes: number): Promise<void> {
  const start = Date.now() - startedMinutesAgo * 60_000
  await app.db
    .collection(Collection.activities)
    .doc(activityId)
    .update({ data: { startAt: new Date(start), endAt: new Date(start + lengthMinutes * 60_000), signupDeadline: new Date(start - HOUR) } })
}

export async function signups(app: Project, activityId: string): Promise<SignupDoc[]> {
  return readAll<SignupDoc>(app.db, Collection.activitySignups, { activityId })
}

export async function signedUpCounter(app: Project, activityId: string): Promise<number> {
  return (await app.db.collection(Collection.activities).doc(activityId).get()).data.signedUp
}

export function decodeQr(dataUrl: string): Promise<string> {
  const png = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64')
  const image = PNG.sync.read(png)
  return new Promise((resolve, reject) => {
    const reader = new QrCodeReader()
    reader.callback = (err: unknown, value: { result: string }) => (err ? reject(err) : resolve(value.result))
    reader.decode({ width: image.width, height: image.height, data: image.data })
  })
}

/** A volunteer_hour rule as an admin would set it: 10 points per hour, monthly cap 400. */
export async function setHourRule(app: Project, pointsPerUnit = 10, monthlyCap = 400): Promise<void> {
  await app.db
    .collection(Collection.pointRules)
    .doc('rule-volunteer_hour')
    .set({ data: { kind: 'volunteer_hour', label: '志愿服务（每小时）', pointsPerUnit, dailyCap: 0, monthlyCap, active: true, updatedAt: new Date(), updatedBy: 'test' } })
}
