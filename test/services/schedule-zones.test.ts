/**
 * The device's zone makes no difference: one schedule expands to the same instants, China labels and
 * booking verdicts on a host in China, in UTC (a cloud function) and in UTC−5. TZ is fixed per process
 * (jest gives each test file its own copy of process.env), so each zone runs the probe in a child
 * process, with the device's own UTC offset as the witness that the zone really was in force — the
 * project's approach of test/shell/china-time.test.ts.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'

interface ProbeOut {
  deviceOffsetMin: number
  slots: Array<{ key: string; startAt: string; label: string }>
  verdicts: boolean[]
}

const repo = path.resolve(__dirname, '..', '..')
const probe = (tz: string) =>
  JSON.parse(execFileSync(process.execPath, [path.join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(__dirname, 'support', 'schedule-probe.ts')], { cwd: repo, env: { ...process.env, TZ: tz }, encoding: 'utf8' })) as ProbeOut

jest.setTimeout(60_000)

const reference = probe('Asia/Shanghai')

test('the reference run in China has a month of slots to compare, with both booking answers', () => {
  expect(reference.deviceOffsetMin).toBe(-480)
  // Tuesdays 1, 8, 15, 29 (22 closed): 3 night + 6 afternoon slots, 2 lost to the absence on the 8th; weekend nights 8 × 3.
  expect(reference.slots).toHaveLength(4 * 9 - 2 + 8 * 3)
  expect(reference.slots[0]).toMatchObject({ key: '2026-12-01 00:00', startAt: '2026-11-30T16:00:00.000Z', label: '12月1日 周二 00:00–00:20' })
  expect(reference.verdicts).toContain(true)
  expect(reference.verdicts).toContain(false)
})

test.each([
  ['UTC', 0],
  ['Etc/GMT+5', 300], // POSIX sign: Etc/GMT+5 is UTC-5
])('a device in %s expands the same slots as China', (zone, offsetMin) => {
  const out = probe(zone)
  expect(out.deviceOffsetMin).toBe(offsetMin)
  expect(out.slots).toEqual(reference.slots)
  expect(out.verdicts).toEqual(reference.verdicts)
})
