/**
 * Volunteer pages (H5 build) with the backend faked at the transport seam: the activity page shows my
 * place in the waitlist and says why a sign-up was refused; the attendance landing page sends the launch
 * scene WeChat reported, shows a refusal in plain Chinese, and a retry reuses the same idempotency key;
 * the captain's roster screen approves with one tap and asks for a reason before declining.
 */
import '../pages/support/h5-build'
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ok } from '../../src/core/envelope'
import { AppError } from '../../src/core/errors'
import type { ActivityView, AttendResult, RosterItem, ScanPreview } from '../../src/volunteers/contract'
import { installFakeBackend } from '../setup/fake-backend'
import { agreePrivacy, rendered, resetPageTest } from '../setup/page-test'

const params: Record<string, string> = {}
// A ceiling for waiting on renders when the machine is busy, not a speed check.
configure({ asyncUtilTimeout: 5000 })

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../setup/taro-shim')
  return { __esModule: true, ...actual, default: { ...actual.default, openLocation: async () => ({ errMsg: 'ok' }), redirectTo: async () => ({ errMsg: 'ok' }), scanCode: async () => ({ errMsg: 'scanCode:fail cancel' }) }, useRouter: () => ({ params }) }
})

/* eslint-disable @typescript-eslint/no-var-requires */
const ActivityPage = require('../../src/volunteers/pages/activity/index').default as () => JSX.Element
const AttendPage = require('../../src/volunteers/pages/attend/index').default as () => JSX.Element
const ManagePage = require('../../src/volunteers/pages/manage/index').default as () => JSX.Element
/* eslint-enable @typescript-eslint/no-var-requires */

const hour = 3_600_000
const activity: ActivityView = {
  activityId: 'act-1',
  teamId: 'team-1',
  teamName: '娄葑助老志愿服务队',
  title: '独居老人助餐陪伴',
  startAt: new Date(Date.now() + 26 * hour).toISOString(),
  endAt: new Date(Date.now() + 28 * hour).toISOString(),
  signupDeadline: new Date(Date.now() + 24 * hour).toISOString(),
  address: '文萃社区',
  capacity: 2,
  signedUp: 2,
  state: 'open',
  audience: 'team',
  description: '送午餐，陪老人聊天。',
  lng: 120.66,
  lat: 31.3,
  radiusM: 200,
  waitlistCount: 3,
  me: null,
  canManage: false,
  isTeamMember: true,
}

beforeEach(() => {
  agreePrivacy()
  jest.spyOn(Taro, 'getLocation').mockResolvedValue({ longitude: 120.6601, latitude: 31.3001, accuracy: 20, errMsg: 'getLocation:ok' } as never)
})

afterEach(() => {
  resetPageTest()
  for (const k of Object.keys(params)) delete params[k]
})

test('activity: a full activity offers the waitlist, then shows my place in it and lets me leave it', async () => {
  params.id = 'act-1'
  let me: ActivityView['me'] = null
  const backend = installFakeBackend({
    'volunteers.activityDetail': () => ok({ ...activity, me }),
    'volunteers.signUp': () => {
      me = { state: 'waitlisted', waitlistPosition: 2, attendance: 'none' }
      return ok(me)
    },
  })
  render(<ActivityPage />)
  fireEvent.click(await screen.findByText('加入候补'))
  await screen.findByText('候补第 2 位')
  expect(screen.getByText('有人取消时按候补顺序自动递补，递补成功会通知你。')).toBeTruthy()
  expect(screen.getByText('退出候补')).toBeTruthy()
  expect(backend.calls.find((c) => c.key === 'volunteers.signUp')?.payload).toEqual({ activityId: 'act-1' })
})

test('activity: a refused sign-up says why', async () => {
  params.id = 'act-1'
  installFakeBackend({
    'volunteers.activityDetail': () => ok({ ...activity, signedUp: 1 }),
    'volunteers.signUp': () => {
      throw new AppError('CONFLICT', '已过报名截止时间，下次早点报名吧')
    },
  })
  render(<ActivityPage />)
  fireEvent.click(await screen.findByText('报名参加'))
  await screen.findByText('已过报名截止时间，下次早点报名吧')
})

test('attend: sends the launch scene, shows a refusal, and the retry reuses the idempotency key', async () => {
  const scene = 'a.K7P2QX9M.1.q3Jx0_a9Lk2bV-7m'
  Object.assign(params, { scene: encodeURIComponent(scene), launchScene: '1047' })
  const preview: ScanPreview = { activity, me: { state: 'signed_up', waitlistPosition: null, attendance: 'checked_in' }, nextPhase: 'out', hint: '活动结束时点击签退' }
  const done: AttendResult = { activityId: 'act-1', title: activity.title, phase: 'out', recorded: true, attendance: 'attended', hours: 1.5, points: 15, message: '签退成功，本次服务 1.5 小时，获得 15 积分' }
  let attempts = 0
  const backend = installFakeBackend({
    'volunteers.scanPreview': () => ok(preview),
    'volunteers.attend': () => {
      attempts++
      if (attempts === 1) throw new AppError('OUT_OF_RANGE', '距离活动地点 350 米，请到活动地点 200 米内再扫码')
      return ok(done)
    },
  })
  render(<AttendPage />)
  await screen.findByText('活动结束时点击签退')
  fireEvent.click(screen.getByText('签退'))
  await screen.findByText('距离活动地点 350 米，请到活动地点 200 米内再扫码')
  fireEvent.click(screen.getByText('签退'))
  await screen.findByText('签退成功，本次服务 1.5 小时，获得 15 积分')
  const calls = backend.calls.filter((c) => c.key === 'volunteers.attend').map((c) => c.payload as { scene: string; phase: string; entry: unknown; idempotencyKey: string; location: { lng: number } })
  expect(calls).toHaveLength(2)
  expect(calls[0]).toMatchObject({ scene, phase: 'out', entry: { method: 'launch', launchScene: 1047 } })
  expect(calls[1].idempotencyKey).toBe(calls[0].idempotencyKey)
  expect(screen.getByText('1.5 小时')).toBeTruthy()
  expect(screen.getByText('15')).toBeTruthy()
})

test('manage: approve in one tap; declining asks for a reason first', async () => {
  params.id = 'team-1'
  const request: RosterItem = { userId: 'u2', nickname: '骑手小王', volunteerNo: 'NXV2', state: 'pending', role: 'member', since: new Date().toISOString(), note: '下午有空', hours: 0 }
  const other: RosterItem = { ...request, userId: 'u3', nickname: '快递老赵' }
  const backend = installFakeBackend({
    'volunteers.roster': () => ok({ items: [request, other], total: 2 }),
    'volunteers.decideJoin': (p: { decision: string }) => ok({ ...request, state: p.decision === 'approve' ? 'member' : 'declined' }),
  })
  render(<ManagePage />)
  await screen.findByText('骑手小王')
  fireEvent.click(screen.getAllByText('同意')[0])
  await screen.findByText('已同意 骑手小王 入队')
  fireEvent.click(screen.getAllByText('拒绝')[1])
  await screen.findByText('拒绝 快递老赵 的申请')
  fireEvent.click(screen.getByText('确定'))
  // Checked by the contract's own schema before anything is sent.
  await screen.findByText('原因至少需要 2 个字')
  fireEvent.input(await rendered('.vol-reason input'), { target: { value: '不在本街道服务' } })
  fireEvent.click(screen.getByText('确定'))
  await screen.findByText('已拒绝 快递老赵 的申请')
  const decisions = backend.calls.filter((c) => c.key === 'volunteers.decideJoin').map((c) => c.payload)
  expect(decisions).toEqual([
    { teamId: 'team-1', userId: 'u2', decision: 'approve' },
    { teamId: 'team-1', userId: 'u3', decision: 'decline', reason: '不在本街道服务' },
  ])
})

test('create: a captain publishes an activity in China time with the place where they stand', async () => {
  params.team = 'team-1'
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const CreatePage = require('../../src/volunteers/pages/create/index').default as () => JSX.Element
  const backend = installFakeBackend({ 'volunteers.createActivity': (p: { title: string }) => ok({ ...activity, activityId: 'act-new', title: p.title }) })
  const redirect = jest.spyOn(Taro as unknown as { redirectTo: (o: { url: string }) => Promise<unknown> }, 'redirectTo')
  render(<CreatePage />)
  // Taro's H5 inputs render their native element a moment after mounting.
  await waitFor(() => expect(document.querySelectorAll('.vol-input input, .vol-input textarea')).toHaveLength(5))
  const type = (i: number, value: string) => {
    const host = document.querySelectorAll('taro-input-core.vol-input, taro-textarea-core.vol-input')[i]
    fireEvent.input(host.querySelector('input, textarea') as Element, { target: { value } })
  }
  type(0, '文明骑行劝导')
  type(1, '在路口劝导规范停放')
  fireEvent.click(screen.getByText('使用我现在的位置作为活动地点'))
  await screen.findByText('已使用我现在的位置（重新定位）')
  type(3, '文萃路口东北角')
  fireEvent.click(screen.getByText('发布活动'))
  await waitFor(() => expect(redirect).toHaveBeenCalledWith({ url: '/volunteers/pages/activity/index?id=act-new' }))
  const sent = backend.calls.find((c) => c.key === 'volunteers.createActivity')?.payload as Record<string, unknown>
  expect(sent).toMatchObject({ teamId: 'team-1', title: '文明骑行劝导', description: '在路口劝导规范停放', address: '文萃路口东北角', capacity: 10, audience: 'team' })
  // Where the captain stands (the H5 build turns the browser's WGS-84 fix into GCJ-02, a few hundred metres off).
  const at = sent.location as { lng: number; lat: number }
  expect(Math.abs(at.lng - 120.6601) + Math.abs(at.lat - 31.3001)).toBeLessThan(0.01)
  // 09:00 in China is 01:00 UTC; sign-up closes 12 hours before.
  expect(String(sent.startAt)).toMatch(/T01:00:00\.000Z$/)
  expect(new Date(String(sent.startAt)).getTime() - new Date(String(sent.signupDeadline)).getTime()).toBe(12 * 3_600_000)
})

describe('captain’s 补记到场', () => {
  /* eslint-disable-next-line @typescript-eslint/no-var-requires */
  const AttendancePage = require('../../src/volunteers/pages/attendance/index').default as () => JSX.Element
  // 09:00–11:00 China time on 7 June, whatever the test machine's zone.
  const sheet = {
    activity: { ...activity, startAt: '2025-06-07T01:00:00.000Z', endAt: '2025-06-07T03:00:00.000Z' },
    rows: [{ userId: 'u-2', nickname: '骑手小李', state: 'signed_up', attendance: 'none' }],
    waitlist: [],
  }

  test('asks for arrival and leaving times in China time (the activity’s by default) and sends them with the reason', async () => {
    params.id = 'act-1'
    const backend = installFakeBackend({
      'volunteers.attendanceSheet': () => ok(sheet),
      'volunteers.markAttendance': (p: Record<string, unknown>) => ok({ ...sheet.rows[0], attendance: 'attended', checkInAt: p.checkInAt, checkOutAt: p.checkOutAt, hours: 2, source: 'captain', reason: p.reason }),
    })
    render(<AttendancePage />)
    fireEvent.click(await screen.findByText('补记到场'))
    expect(await screen.findByLabelText('到场时间 09:00')).toBeTruthy()
    expect(screen.getByLabelText('离开时间 11:00')).toBeTruthy()
    expect(screen.getByText('原因（必填，至少 2 个字）')).toBeTruthy()
    const reason = await rendered('.vol-reason input')
    fireEvent.input(reason, { target: { value: '手机没电，现场核实' } })
    fireEvent.click(document.querySelector('.vol-confirm') as Element)
    await waitFor(() => expect(backend.count('volunteers.markAttendance')).toBe(1))
    expect(backend.calls.find((c) => c.key === 'volunteers.markAttendance')?.payload).toEqual({ activityId: 'act-1', userId: 'u-2', mark: 'attended', reason: '手机没电，现场核实', checkInAt: '2025-06-07T01:00:00.000Z', checkOutAt: '2025-06-07T03:00:00.000Z' })
    delete params.id
  })
})
