/**
 * Certificate pages (H5 build) with the backend faked at the transport seam: the period certificate
 * shows the summed hours with every required field and switches years; the verify page checks a
 * number carried over from the certificate, shows only what the certificate shows (masked name), and
 * says plainly why a number fails.
 */
import '../pages/support/h5-build'
import { configure, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { ok } from '../../src/core/envelope'
import type { CertificateVerification, PeriodCertificateView } from '../../src/volunteers/contract'
import { installFakeBackend } from '../setup/fake-backend'
import { agreePrivacy, rendered, resetPageTest } from '../setup/page-test'

const params: Record<string, string> = {}
// A ceiling for waiting on renders when the machine is busy, not a speed check.
configure({ asyncUtilTimeout: 5000 })

jest.mock('@tarojs/taro', () => {
  const actual = jest.requireActual('../setup/taro-shim')
  return { __esModule: true, ...actual, default: { ...actual.default, navigateTo: async () => ({ errMsg: 'ok' }) }, useRouter: () => ({ params }) }
})

/* eslint-disable @typescript-eslint/no-var-requires */
const CertificatePage = require('../../src/volunteers/pages/certificate/index').default as () => JSX.Element
const { yearRange } = require('../../src/volunteers/pages/certificate/index') as { yearRange: (w: 'this' | 'last', now?: Date) => { from: string; to: string } }
const VerifyPage = require('../../src/volunteers/pages/verify/index').default as () => JSX.Element
/* eslint-enable @typescript-eslint/no-var-requires */

const cert = (from: string, to: string, hours: number): PeriodCertificateView => ({
  certificateNo: 'NX-20250520-7K3M9Q-A4TZ',
  volunteerName: '王小明',
  volunteerNo: 'NXV12345',
  from,
  to,
  hours,
  activityCount: 2,
  serviceContent: '参加志愿服务活动 2 次：助老陪伴、文明劝导',
  items: [
    { title: '助老陪伴', serviceDate: '2025-03-02', hours: 2, issuerName: '娄葑街道小葑哥先锋服务队' },
    { title: '文明劝导', serviceDate: '2025-05-20', hours: 1.5, issuerName: '娄葑街道小葑哥先锋服务队' },
  ],
  issuerName: '娄葑街道小葑哥先锋服务队',
  issuedAt: '2025-06-02T02:00:00.000Z',
  freeOfCharge: '本证明免费出具',
})

beforeEach(() => {
  agreePrivacy()
})
afterEach(() => {
  resetPageTest()
  for (const k of Object.keys(params)) delete params[k]
})

test('year ranges are China dates: this year so far, or the whole of last year', () => {
  const now = new Date('2025-12-31T17:00:00Z') // 01:00 on 1 January 2026 in China
  expect(yearRange('this', now)).toEqual({ from: '2026-01-01', to: '2026-01-01' })
  expect(yearRange('last', now)).toEqual({ from: '2025-01-01', to: '2025-12-31' })
})

test('period certificate: summed hours with the required fields, switching to last year asks again, and the number leads to verification', async () => {
  params.period = 'this'
  const backend = installFakeBackend({ 'volunteers.periodCertificate': (p: { from: string; to: string }) => ok(cert(p.from, p.to, p.from === yearRange('this').from ? 3.5 : 12)) })
  const navigate = jest.spyOn(Taro, 'navigateTo')
  render(<CertificatePage />)
  await screen.findByText('志愿服务时长证明（期间汇总）')
  for (const label of ['志愿者', '志愿者编号', '服务期间', '服务内容', '累计时长', '出具单位', '证明编号', '出具日期']) expect(screen.getByText(label)).toBeTruthy()
  expect(screen.getByText('3.5 小时')).toBeTruthy()
  expect(screen.getByText('NX-20250520-7K3M9Q-A4TZ')).toBeTruthy()
  expect(screen.getByText(/本证明免费出具/)).toBeTruthy()
  expect(backend.calls.find((c) => c.key === 'volunteers.periodCertificate')?.payload).toEqual(yearRange('this'))

  fireEvent.click(screen.getByText('去年'))
  await screen.findByText('12 小时')
  expect(backend.calls.filter((c) => c.key === 'volunteers.periodCertificate').map((c) => c.payload)).toContainEqual(yearRange('last'))

  fireEvent.click(screen.getByText('核验证明编号'))
  expect(navigate).toHaveBeenCalledWith({ url: `/volunteers/pages/verify/index?no=${encodeURIComponent('NX-20250520-7K3M9Q-A4TZ')}` })
})

test('period certificate: no hours in the range says why instead of a blank page', async () => {
  params.from = '2024-01-01'
  params.to = '2024-12-31'
  const { AppError } = jest.requireActual('../../src/core/errors')
  installFakeBackend({ 'volunteers.periodCertificate': () => Promise.reject(new AppError('NOT_FOUND', '这段时间内没有已确认的志愿服务时长，完成活动签到签退后再来开具')) })
  render(<CertificatePage />)
  await screen.findByText(/这段时间内没有已确认的志愿服务时长/)
})

test('verify: checks the number carried from the certificate and shows the masked certificate; a bad number says why', async () => {
  params.no = encodeURIComponent('NX-20250520-7K3M9Q-A4TZ')
  const valid: CertificateVerification = {
    valid: true,
    certificateNo: 'NX-20250520-7K3M9Q-A4TZ',
    volunteerName: '王*明',
    activityTitle: '2025-01-01 至 2025-06-02 志愿服务时长汇总',
    serviceDate: '2025-05-20',
    hours: 3.5,
    issuerName: '娄葑街道小葑哥先锋服务队',
    issuedAt: '2025-06-02T02:00:00.000Z',
    period: { from: '2025-01-01', to: '2025-06-02', activityCount: 2 },
  }
  const backend = installFakeBackend({
    'volunteers.verifyCertificate': (p: { certificateNo: string }) => ok(p.certificateNo === valid.certificateNo ? valid : { valid: false, reason: '证明编号校验未通过，可能输错或不是本平台出具' }),
  })
  render(<VerifyPage />)
  expect((await rendered('.vol-input input')).value).toBe('NX-20250520-7K3M9Q-A4TZ')
  fireEvent.click(screen.getByText('核验'))
  await screen.findByText('本平台出具的有效证明')
  expect(screen.getByText('王*明')).toBeTruthy()
  expect(screen.getByText(/（2 次活动）/)).toBeTruthy()
  expect(screen.getByText('3.5 小时')).toBeTruthy()
  expect(screen.queryByText('王小明')).toBeNull()

  fireEvent.input(document.querySelector('.vol-input input') as Element, { target: { value: 'NX-20250520-7K3M9Q-A4TB' } })
  fireEvent.click(screen.getByText('核验'))
  await screen.findByText('核验未通过')
  expect(screen.getByRole('alert').textContent).toMatch(/校验未通过/)
  expect(backend.calls.filter((c) => c.key === 'volunteers.verifyCertificate').map((c) => (c.payload as { certificateNo: string }).certificateNo)).toEqual(['NX-20250520-7K3M9Q-A4TZ', 'NX-20250520-7K3M9Q-A4TB'])
})
