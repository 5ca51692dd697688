/** One suggestion on the public board: category, text, place, state, owner department, promised date, reply and +1s; never who wrote it. */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Card, Tag } from '../../shell/components'
import type { SuggestionCard } from '../views'
import '../../wishes/components/wishes.scss'

export function SuggestionCardView({ s }: { s: SuggestionCard }) {
  return (
    <View onClick={() => void Taro.navigateTo({ url: `/suggestions/pages/detail/index?id=${s.id}` })} aria-label={`建议：${s.text.slice(0, 20)}`}>
      <Card>
        <View>
          <Tag tone={s.state === 'solved' || s.state === 'adopted' ? 'ok' : s.state === 'not_adopted' ? 'neutral' : 'brand'}>{s.stateLabel}</Tag>
          <Tag>{s.categoryLabel}</Tag>
          <Tag>+1 · {s.supportCount}</Tag>
        </View>
        <Text className='wi-body'>{s.text}</Text>
        <Text className='wi-meta'>
          {s.streetName}
          {s.place ? ` · ${s.place}` : ''}
        </Text>
        {s.departmentName ? <Text className='wi-meta'>责任部门：{s.departmentName}{s.promisedDate ? ` · 承诺 ${s.promisedDate} 前完成` : ''}</Text> : null}
        {s.reply ? <Text className='wi-story'>街道答复：{s.reply}{s.reasonLabel ? `（${s.reasonLabel}）` : ''}</Text> : null}
      </Card>
    </View>
  )
}
