/**
 * The compiled mini-program (dist/weapp) under miniprogram-simulate: every tab page renders its shell,
 * the 我的 page's 重试 reaches wx.cloud.callFunction, and the privacy agree button resolves WeChat's
 * privacy request before the location API runs.
 */
import { installWeapp, openPage, until } from './support/sim'

const me = { userId: 'u-1', nickname: '骑手小王', roles: ['worker', 'party_member'], grants: [], createdAt: '2025-03-01T08:00:00+08:00', unreadMessages: 0 }
let network = false
const callFunction = jest.fn((options: { name: string; data: { action: string } }) => {
  if (!network) return Promise.reject({ errMsg: 'cloud.callFunction:fail request:fail timeout' })
  if (options.name === 'users' && options.data.action === 'me') return Promise.resolve({ result: { ok: true, data: me } })
  return Promise.resolve({ result: { ok: false, error: { code: 'UNAVAILABLE', message: '网络不稳定，请稍后重试' } } })
})
let privacyListener: ((resolve: (o: unknown) => void) => void) | undefined
const wx = {
  cloud: { init: jest.fn(), callFunction },
  getPrivacySetting: jest.fn((o: { success: (r: unknown) => void }) => o.success({ needAuthorization: true, privacyContractName: '《暖新隐私保护指引》' })),
  onNeedPrivacyAuthorization: jest.fn((listener: (resolve: (o: unknown) => void) => void) => {
    privacyListener = listener
  }),
  getLocation: jest.fn((o: { success?: (r: unknown) => void }) => o.success?.({ longitude: 113.62, latitude: 34.87, accuracy: 25, errMsg: 'getLocation:ok' })),
  getStorageSync: jest.fn(() => ''),
  setStorage: jest.fn((o: { success?: () => void }) => o.success?.()),
}

jest.setTimeout(60_000)

beforeAll(() => {
  installWeapp(wx)
})

test.each([
  ['pages/stations/index', '驿站'],
  ['pages/passbook/index', '存折'],
  ['pages/report/index', '随手拍'],
])('tab page %s (%s) renders inside the shell', async (route) => {
  const page = await openPage(route)
  await until(() => page.find('.nx-page') !== null, `${route} renders .nx-page`)
  // Content, or the skeleton while a feature's first read is in flight; never a blank page.
  expect(page.find('.nx-page__body > *')).not.toBeNull()
  // H5-only dev tools are not in the mini-program.
  expect(page.find('.nx-dev-pill')).toBeNull()
})

test('我的: a failed load offers 重试, which calls wx.cloud.callFunction again and shows the profile', async () => {
  const page = await openPage('pages/me/index')
  await until(() => page.find('.nx-retry') !== null, 'the 重试 button')
  expect(page.text()).toContain('网络不稳定，请稍后重试')
  expect(wx.cloud.init).toHaveBeenCalledTimes(1)
  const before = callFunction.mock.calls.length
  const isMine = (o: { name: string; data: { action: string; payload?: unknown } }) => o.name === 'users' && o.data.action === 'me' && JSON.stringify(o.data.payload) === '{"overview":true}'
  expect(callFunction.mock.calls.some(([o]) => isMine(o))).toBe(true)

  network = true
  await page.tap('.nx-retry')
  await until(() => page.text().includes('骑手小王'), 'the nickname')
  // Only 我的's own read is counted: the tab pages opened above may still be retrying their reads (a read
  // is tried three times, 400 ms and 1.5 s apart), and on a loaded machine one of those attempts can land
  // after `before`.
  const meCalls = callFunction.mock.calls.slice(before).filter(([o]) => isMine(o))
  expect(meCalls).toHaveLength(1)
  expect(page.text()).toContain('党员')
})

test("WeChat's privacy request opens the sheet; the agree button resolves it with its id", async () => {
  expect(wx.onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1)
  const page = await openPage('users/pages/profile/index')
  const resolve = jest.fn()
  privacyListener?.(resolve)
  await until(() => page.find('.nx-privacy-agree') !== null, 'the privacy sheet')
  expect(page.text()).toContain('隐私保护提示')
  await page.fire('.nx-privacy-agree', 'agreeprivacyauthorization')
  expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: 'nx-privacy-agree' })
  await until(() => page.find('.nx-privacy-agree') === null, 'the sheet closes')
})
