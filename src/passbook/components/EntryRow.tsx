/** One ledger entry: its reason, when, and the signed points in big coloured numerals. */
import { Text, View } from '@tarojs/components'
import { formatMoment } from '../../shell/time'
import type { EntryView } from '../contract'
import { entryTypeLabel } from '../vocabulary'

export function EntryRow({ entry }: { entry: EntryView }) {
  const sign = entry.delta > 0 ? '+' : ''
  return (
    <View className='pb-entry'>
      <View className='pb-entry__reason'>
        <Text>{entry.reason}</Text>
        <Text className='pb-entry__time'>
          {entryTypeLabel[entry.type]} · {formatMoment(entry.createdAt)}
        </Text>
      </View>
      <Text className={`pb-entry__delta pb-entry__delta--${entry.delta >= 0 ? 'plus' : 'minus'}`}>
        {sign}
        {entry.delta}
      </Text>
    </View>
  )
}
