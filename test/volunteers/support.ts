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

type Img = { width: number; height: number; data: Buffer }

function decodeOnce(img: Img): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new QrCodeReader()
    reader.callback = (err: unknown, value: { result: string }) => (err ? reject(err) : resolve(value.result))
    try {
      reader.decode(img)
    } catch (err) {
      reject(err)
    }
  })
}

function rotate(img: Img): Img {
  const out = Buffer.alloc(img.data.length)
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) img.data.copy(out, (x * img.height + (img.height - 1 - y)) * 4, (y * img.width + x) * 4, (y * img.width + x) * 4 + 4)
  return { width: img.height, height: img.width, data: out }
}

function scale(img: Img, w: number): Img {
  const h = Math.round((img.height * w) / img.width)
  const out = Buffer.alloc(w * h * 4)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const from = (Math.floor((y * img.height) / h) * img.width + Math.floor((x * img.width) / w)) * 4
      img.data.copy(out, (y * w + x) * 4, from, from + 4)
    }
  return { width: w, height: h, data: out }
}

/**
 * Reads the QR of a data URL like a phone camera would, from a few angles: the pure-JS decoder
 * (qrcode-reader) misses ~1 in 10 codes at one orientation, never all of these.
 */
export async function decodeQr(dataUrl: string): Promise<string> {
  const png = Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64')
  const img = PNG.sync.read(png) as Img
  let last: unknown
  for (const view of [img, rotate(img), rotate(rotate(img)), scale(img, 500), rotate(scale(img, 500))]) {
    try {
      return await decodeOnce(view)
    } catch (err) {
      last = err
    }
  }
  throw new Error(`QR not readable: ${String(last)}`)
}

/** A volunteer_hour rule as an admin would set it: 10 points per hour, monthly cap 400. */
export async function setHourRule(app: Project, pointsPerUnit = 10, monthlyCap = 400): Promise<void> {
  await app.db
    .collection(Collection.pointRules)
    .doc('rule-volunteer_hour')
    .set({ data: { kind: 'volunteer_hour', label: '志愿服务（每小时）', pointsPerUnit, dailyCap: 0, monthlyCap, active: true, updatedAt: new Date(), updatedBy: 'test' } })
}
