/** Street staff: their streets' suggestions waiting for an answer (received and evaluating), oldest first. */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Empty, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { SuggestionCardView } from '../../components/SuggestionCardView'
import { suggestions } from '../../service'
import '../../../wishes/components/wishes.scss'

export default function SuggestionQueuePage() {
  const query = useQuery(suggestions.queue, { page: { limit: 50 } })
  useDidShow(() => void query.refetch())
  usePullDownRefresh(() => {
    void query.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Page>
      <Text className='nx-title'>待答复的建议</Text>
      <QueryView query={query}>
        {(d) =>
          d.items.length ? (
            <View>
              <Text className='nx-lead'>共 {d.total} 条，先提出的在前</Text>
              {d.items.map((s) => (
                <SuggestionCardView key={s.id} s={s} />
              ))}
            </View>
          ) : (
            <Empty title='没有待答复的建议' />
          )
        }
      </QueryView>
    </Page>
  )
}
