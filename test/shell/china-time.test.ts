/**
 * Every time shown or entered is China time whatever the device's zone: the formatters and the
 * picker-to-instant conversions run in a child process under a UTC and a UTC-5 device zone (TZ is
 * fixed per process, so each zone gets its own), with the device clock's own hour as the witness that
 * the zone really was in force.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'

const repo = path.resolve(__dirname, '..', '..')
const probe = (tz: string) =>
  JSON.parse(execFileSync(process.execPath, [path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(__dirname, 'support', 'china-time-probe.ts')], { cwd: repo, env: { ...process.env, TZ: tz }, encoding: 'utf8' })) as Record<string, string | number>

jest.setTimeout(60_000)

// 2025-06-06 18:30 UTC = 2025-06-07 02:30 in China (a Saturday); the device reads 18:30 in UTC, 13:30 in UTC-5.
test.each([
  ['UTC', 18],
  ['Etc/GMT+5', 13], // POSIX sign: Etc/GMT+5 is UTC-5
])('device zone %s: shown and entered times are China time', (zone, deviceHour) => {
  const out = probe(zone)
  expect(out.deviceHour).toBe(deviceHour)
  expect(out.formatDate).toBe('2025年6月7日')
  expect(out.formatTime).toBe('6月7日 02:30')
  expect(out.weekday).toBe('星期六 02:30')
  // A morning activity in China reads as a morning activity: 09:00–11:00, not 01:00–03:00.
  expect(out.morning).toBe('6月7日 星期六 09:00–11:00')
  expect(out.acrossDeviceMidnight).toBe('6月7日 星期六 07:00–09:00')
  expect(out.today).toBe(`今天 ${out.todayClock}`)
  expect(out.twoDaysAgo).toMatch(/^\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/)
  expect(out.picked).toBe('2025-06-07T01:00:00.000Z')
  expect(out.typedDate).toBe('2025-05-31T16:00:00.000Z')
  expect(out.typedInstant).toBe('2025-06-01T12:00:00.000Z')
  // A reward valid from China's 1 June shows 2025-06-01 in the form, not 31 May.
  expect(out.formShows).toBe('2025-06-01')
})
