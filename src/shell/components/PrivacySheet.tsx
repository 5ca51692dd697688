/**
 * The privacy notice WeChat requires before the first privacy API. In the mini-program the agree
 * button carries open-type="agreePrivacyAuthorization" (WeChat checks that this very button was tapped);
 * on H5 it records a local consent.
 */
import { Text, View } from '@tarojs/components'
import { useSyncExternalStore } from 'react'
import { PRIVACY_AGREE_BUTTON_ID, agreePrivacy, declinePrivacy, getPrivacySheet, openPrivacyContract, subscribePrivacySheet } from '../privacy'
import { Button } from './Button'

export function PrivacySheet() {
  // Not useState + a subscribing effect: a request between the first render and the effect was missed
  // (a loaded test run caught WeChat's privacy request landing in that gap and the sheet never opening).
  const state = useSyncExternalStore(subscribePrivacySheet, getPrivacySheet)
  if (!state.open) return null
  const agreeProps =
    process.env.TARO_ENV === 'weapp'
      ? { openType: 'agreePrivacyAuthorization' as const, onAgreePrivacyAuthorization: agreePrivacy }
      : { onClick: agreePrivacy }
  return (
    <View className='nx-mask' catchMove>
      <View className='nx-sheet' role='dialog' aria-label='隐私保护提示'>
        <Text className='nx-sheet__title'>隐私保护提示</Text>
        <Text className='nx-sheet__text'>
          查找附近驿站、扫码报到和随手拍需要用到你的位置。位置只用于当次查询和核对距离，不保存你的行踪。使用前请阅读
          <Text className='nx-sheet__link' onClick={openPrivacyContract}>
            {state.contractName}
          </Text>
          ，同意后继续。
        </Text>
        <View className='nx-sheet__actions'>
          <Button kind='secondary' onClick={declinePrivacy} className='nx-privacy-decline'>
            不同意
          </Button>
          <Button kind='primary' id={PRIVACY_AGREE_BUTTON_ID} className='nx-privacy-agree' {...agreeProps}>
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  )
}
