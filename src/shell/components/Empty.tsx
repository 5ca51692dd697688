/** An honest empty state: what will be here and, if there is one, the next step. */
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'

export function Empty({ title, text, mark = '○', children }: { title: string; text?: string; mark?: string; children?: ReactNode }) {
  return (
    <View className='nx-state'>
      <View className='nx-state__mark'>{mark}</View>
      <Text className='nx-state__title'>{title}</Text>
      {text ? <Text className='nx-state__text'>{text}</Text> : null}
      {children}
    </View>
  )
}
