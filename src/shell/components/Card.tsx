/** A white panel on the page background, with an optional heading. */
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'

export function Card({ title, className, children }: { title?: string; className?: string; children?: ReactNode }) {
  return (
    <View className={['nx-card', className].filter(Boolean).join(' ')}>
      {title ? <Text className='nx-card__title'>{title}</Text> : null}
      {children}
    </View>
  )
}
