/**
 * The reporter-facing progress rules: the receipt number (受理编号) from the China day and its sequence,
 * the promise taken from the SLA due time (never a second rule), and its wording in China time whatever
 * the device zone (the wording is checked in child processes under a UTC and a UTC-5 device zone).
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { addHours } from '../../src/core/time'
import type { ReportDoc } from '../../src/reports/model'
import { promiseText, receiptText } from '../../src/reports/progress'
import { dueAt, handlingPromise, receiptCounterId, receiptNumber } from '../../src/reports/rules'
import { receiptNumbers } from '../../scripts/seed/reports-data'

const repo = path.resolve(__dirname, '..', '..')

describe('receiptNumber', () => {
  it('uses the China calendar day, so 23:30 UTC is already the next day', () => {
    expect(receiptNumber(new Date('2026-12-04T23:30:00Z'), 7)).toBe('20261205-0007')
    expect(receiptNumber(new Date('2026-12-04T15:59:59Z'), 1)).toBe('20261204-0001')
    expect(receiptCounterId(new Date('2026-12-04T16:00:00Z'))).toBe('report_receipt:20261205')
  })
  it('grows past four digits instead of wrapping, and refuses a non-positive sequence', () => {
    expect(receiptNumber(new Date('2026-12-05T02:00:00Z'), 12345)).toBe('20261205-12345')
    expect(() => receiptNumber(new Date(), 0)).toThrow()
    expect(() => receiptNumber(new Date(), 1.5)).toThrow()
  })
  it('numbers seeded reports per day in the order they were made, and leaves each counter at its last number', () => {
    const t = (iso: string) => new Date(iso)
    const { numbers, counters } = receiptNumbers([t('2026-12-05T03:00:00Z'), t('2026-12-04T20:00:00Z'), t('2026-12-04T10:00:00Z'), t('2026-12-05T01:00:00Z')])
    expect(numbers).toEqual(['20261205-0003', '20261205-0001', '20261204-0001', '20261205-0002'])
    expect(counters).toEqual(expect.arrayContaining([{ _id: 'report_receipt:20261204', seq: 1 }, { _id: 'report_receipt:20261205', seq: 3 }]))
    expect(new Set(numbers).size).toBe(numbers.length)
  })
})

describe('handlingPromise', () => {
  const made = new Date('2026-12-05T02:00:00Z')
  const base = { state: 'submitted' as const, dueAt: dueAt(made, 24) }
  it('promises the SLA due time while open, and says when it is overdue', () => {
    expect(handlingPromise(base, addHours(made, 1))).toEqual({ kind: 'promised', at: dueAt(made, 24), overdue: false })
    expect(handlingPromise({ ...base, state: 'dispatched' }, addHours(made, 25))).toEqual({ kind: 'promised', at: dueAt(made, 24), overdue: true })
  })
  it('after resolution tells when it was resolved; a rejected or merged report has no promise', () => {
    const resolvedAt = addHours(made, 5)
    for (const state of ['resolved', 'confirmed', 'closed'] as const) expect(handlingPromise({ ...base, state, resolvedAt }, addHours(made, 30))).toEqual({ kind: 'resolved', at: resolvedAt })
    expect(handlingPromise({ ...base, state: 'rejected' } as Pick<ReportDoc, 'state' | 'dueAt' | 'resolvedAt'>, made)).toBeNull()
    expect(handlingPromise({ ...base, state: 'merged' }, made)).toBeNull()
  })
})

// TZ is fixed per process, so each device zone gets its own child process.
const probe = (tz: string) =>
  JSON.parse(execFileSync(process.execPath, [path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(__dirname, 'support', 'progress-probe.ts')], { cwd: repo, env: { ...process.env, TZ: tz }, encoding: 'utf8' })) as Record<string, string | number>

describe('promise wording', () => {
  // 2026-12-06T07:30Z is 15:30 on 6 December in China; the device reads 07:30 in UTC, 02:30 in UTC-5.
  it.each([
    ['UTC', 7],
    ['Etc/GMT+5', 2], // POSIX sign: Etc/GMT+5 is UTC-5
  ])('is China time under a %s device zone', (tz, deviceHour) => {
    const out = probe(tz)
    expect(out.deviceHour).toBe(deviceHour)
    expect(out.promised).toBe('承诺 12月6日 15:30 前办结')
    expect(out.late).toBe('承诺 12月7日 01:10 前办结（已超期，正在督办）')
    expect(out.resolved).toBe('已于 12月6日 00:05 办结')
  }, 60_000)
  it('words nothing without a promise, and the receipt number as it is read out', () => {
    expect(promiseText(undefined)).toBeNull()
    expect(receiptText('20261205-0007')).toBe('受理编号 20261205-0007')
  })
})
