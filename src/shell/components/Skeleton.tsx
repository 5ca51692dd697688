/** Grey placeholder bars shown while the first result loads: the screen is never blank. */
import { View } from '@tarojs/components'

export function Skeleton({ rows = 3, title = true }: { rows?: number; title?: boolean }) {
  return (
    <View className='nx-skeleton' aria-busy='true' aria-label='加载中'>
      {title ? <View className='nx-skeleton__bar nx-skeleton__bar--title' /> : null}
      {Array.from({ length: rows }, (_, i) => (
        <View key={i} className='nx-skeleton__bar' style={{ width: `${90 - i * 12}%` }} />
      ))}
    </View>
  )
}
