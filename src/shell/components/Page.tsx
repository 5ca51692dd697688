/**
 * Every page's frame: scrolling body, an optional footer for the primary action (sticky at the
 * bottom, in thumb reach), the privacy sheet, and on H5 the floating dev role switcher.
 */
import { View } from '@tarojs/components'
import type { ComponentType, ReactNode } from 'react'
import { PrivacySheet } from './PrivacySheet'

// Resolved only in the H5 build; the mini-program bundle never contains the dev switcher.
const FloatingRoleSwitcher: ComponentType | null =
  process.env.TARO_ENV === 'h5' ? (require('../dev/RoleSwitcher') as typeof import('../dev/RoleSwitcher')).FloatingRoleSwitcher : null

export function Page({ children, footer, className }: { children?: ReactNode; footer?: ReactNode; className?: string }) {
  return (
    <View className={['nx-page', FloatingRoleSwitcher && 'nx-page--dev', className].filter(Boolean).join(' ')}>
      <View className='nx-page__body'>{children}</View>
      {footer ? <View className='nx-page__footer'>{footer}</View> : null}
      <PrivacySheet />
      {FloatingRoleSwitcher ? <FloatingRoleSwitcher /> : null}
    </View>
  )
}
