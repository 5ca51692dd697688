/**
 * Street staff: wishes in their streets waiting to be screened, oldest first (flagged ones marked 超时),
 * each opening the detail where it is passed onto the wall or declined with a reason.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Empty, Page, QueryView, Tag } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { formatDate } from '../../../shell/time'
import { WishCardView } from '../../components/WishCardView'
import { wishes } from '../../service'
import '../../components/wishes.scss'

export default function WishQueuePage() {
  const query = useQuery(wishes.queue, { page: { limit: 50 } })
  useDidShow(() => void query.refetch())
  usePullDownRefresh(() => {
    void query.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Page>
      <Text className='nx-title'>待审核的微心愿</Text>
      <QueryView query={query}>
        {(d) =>
          d.items.length ? (
            <View>
              <Text className='nx-lead'>共 {d.total} 个，先提交的在前</Text>
              {d.items.map((w) => (
                <View key={w.id}>
                  <Text className='wi-meta'>
                    提交于 {formatDate(w.createdAt)} {w.stale ? <Tag tone='warn'>已超 3 天</Tag> : null}
                  </Text>
                  <WishCardView w={w} />
                </View>
              ))}
            </View>
          ) : (
            <Empty title='没有待审核的心愿' />
          )
        }
      </QueryView>
    </Page>
  )
}
