/**
 * The privacy consent flow before the first privacy-relevant API (getLocation through shell/location),
 * inside the shell's <Page> as every page has it: H5 keeps a local consent; the mini-program asks WeChat
 * (getPrivacySetting / onNeedPrivacyAuthorization) and agrees through the open-type button.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import { Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { AppError } from '../../src/core/errors'
import { Button, ErrorState, Page } from '../../src/shell/components'
import { locate, type Position } from '../../src/shell/location'
import { installPrivacyHandler, resetPrivacyForTests } from '../../src/shell/privacy'
import { __resetTaroShim } from '../setup/taro-shim'

/** A page that needs the position, as feature pages do. */
function StationsHome() {
  const [position, setPosition] = useState<Position>()
  const [error, setError] = useState<AppError>()
  const find = async () => {
    setError(undefined)
    try {
      setPosition(await locate())
    } catch (e) {
      setError(e as AppError)
    }
  }
  return (
    <Page footer={<Button onClick={() => void find()}>{position ? '重新定位' : '用我的位置找驿站'}</Button>}>
      {position ? <Text>已获取你的位置，精度 {position.accuracy} 米</Text> : null}
      {error ? <ErrorState error={error} title='没能获取位置' /> : null}
    </Page>
  )
}

const originalEnv = process.env.TARO_ENV

afterEach(() => {
  process.env.TARO_ENV = originalEnv
  jest.restoreAllMocks()
  resetPrivacyForTests()
  __resetTaroShim()
})

describe('H5 build', () => {
  test('the position is asked for only after the person agrees, and consent is remembered', async () => {
    const getLocation = jest.spyOn(Taro, 'getLocation')
    render(<StationsHome />)
    fireEvent.click(screen.getByText('用我的位置找驿站'))
    expect(await screen.findByText('隐私保护提示')).toBeTruthy()
    expect(getLocation).not.toHaveBeenCalled()

    fireEvent.click(screen.getByText('同意并继续'))
    expect(await screen.findByText('已获取你的位置，精度 30 米')).toBeTruthy()
    expect(getLocation).toHaveBeenCalledWith({ type: 'gcj02' })
    expect(screen.queryByText('隐私保护提示')).toBeNull()

    fireEvent.click(screen.getByText('重新定位'))
    await act(async () => undefined)
    expect(screen.queryByText('隐私保护提示')).toBeNull()
    expect(getLocation).toHaveBeenCalledTimes(2)
  })

  test('declining says why nothing happened and never calls the location API', async () => {
    const getLocation = jest.spyOn(Taro, 'getLocation')
    render(<StationsHome />)
    fireEvent.click(screen.getByText('用我的位置找驿站'))
    fireEvent.click(await screen.findByText('不同意'))
    expect(await screen.findByText('没能获取位置')).toBeTruthy()
    expect(screen.getByText(/未同意隐私保护指引/)).toBeTruthy()
    expect(getLocation).not.toHaveBeenCalled()
  })

  test('a refused location permission tells the person where to allow it', async () => {
    Taro.setStorageSync('nx.privacy.agreedAt', '2025-03-01T08:00:00Z')
    jest.spyOn(Taro, 'getLocation').mockRejectedValue({ errMsg: 'getLocation:fail auth deny' })
    render(<StationsHome />)
    fireEvent.click(screen.getByText('用我的位置找驿站'))
    expect(await screen.findByText(/没有位置权限/)).toBeTruthy()
  })
})

describe('mini-program build', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
  })

  test('asks WeChat whether consent is needed and agrees through the open-type button', async () => {
    jest.spyOn(Taro, 'getPrivacySetting').mockImplementation((options) => options?.success?.({ needAuthorization: true, privacyContractName: '《暖新小程序隐私保护指引》', errMsg: 'getPrivacySetting:ok' }))
    const getLocation = jest.spyOn(Taro, 'getLocation')
    render(<StationsHome />)
    fireEvent.click(screen.getByText('用我的位置找驿站'))
    expect(await screen.findByText('《暖新小程序隐私保护指引》')).toBeTruthy()

    const agree = screen.getByText('同意并继续').closest('taro-button-core') as HTMLElement
    expect(agree.getAttribute('open-type') ?? (agree as unknown as { openType?: string }).openType).toBe('agreePrivacyAuthorization')
    expect(agree.id).toBe('nx-privacy-agree')
    // WeChat fires this event after the user taps the open-type button.
    await act(async () => {
      agree.dispatchEvent(new CustomEvent('agreeprivacyauthorization'))
    })
    expect(await screen.findByText(/已获取你的位置/)).toBeTruthy()
    expect(getLocation).toHaveBeenCalledTimes(1)
  })

  test("WeChat's own onNeedPrivacyAuthorization opens the same sheet and is resolved with the agree button's id", async () => {
    let listener!: (resolve: (o: unknown) => void, info: unknown) => void
    jest.spyOn(Taro, 'onNeedPrivacyAuthorization').mockImplementation((fn) => {
      listener = fn as typeof listener
    })
    installPrivacyHandler()
    render(<StationsHome />)
    const resolve = jest.fn()
    act(() => listener(resolve, { referrer: 'getLocation' }))
    expect(await screen.findByText('隐私保护提示')).toBeTruthy()
    expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' })
    const agree = screen.getByText('同意并继续').closest('taro-button-core') as HTMLElement
    await act(async () => {
      agree.dispatchEvent(new CustomEvent('agreeprivacyauthorization'))
    })
    expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: 'nx-privacy-agree' })
    expect(screen.queryByText('隐私保护提示')).toBeNull()
  })

  test('declining in the sheet tells WeChat so the pending API fails', async () => {
    let listener!: (resolve: (o: unknown) => void, info: unknown) => void
    jest.spyOn(Taro, 'onNeedPrivacyAuthorization').mockImplementation((fn) => {
      listener = fn as typeof listener
    })
    installPrivacyHandler()
    render(<StationsHome />)
    const resolve = jest.fn()
    act(() => listener(resolve, { referrer: 'getLocation' }))
    fireEvent.click(await screen.findByText('不同意'))
    expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' })
  })
})
