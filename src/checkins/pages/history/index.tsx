/** My check-ins, newest first: station, purpose, when; paged with 加载更多. Tapping opens the station. */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Empty, LoadMore, Page, QueryView, Tag } from '../../../shell/components'
import { useLoadMore, useQuery } from '../../../shell/hooks'
import { formatMoment } from '../../../shell/time'
import { checkinsService } from '../../../stations/services'
import type { CheckinHistoryItem } from '../../contract'
import { checkinPurposeLabel } from '../../vocabulary'
import '../../../stations/components/stations.scss'
import '../checkin/index.scss'

const PAGE = 20

function Row({ item }: { item: CheckinHistoryItem }) {
  return (
    <View className='ck-row' onClick={() => void Taro.navigateTo({ url: `/stations/pages/detail/index?id=${encodeURIComponent(item.stationId)}` })}>
      <View>
        <Text className='ck-row__name'>{item.stationName}</Text>
        <Text className='ck-row__meta'>{formatMoment(item.at)}</Text>
      </View>
      <Tag tone={item.purpose === 'party_report' ? 'brand' : 'ok'}>{checkinPurposeLabel[item.purpose]}</Tag>
    </View>
  )
}

export default function HistoryPage() {
  const query = useQuery(checkinsService.myHistory, { purpose: undefined, page: { limit: PAGE, offset: 0 } })
  const list = useLoadMore(query.data, (shown) => checkinsService.myHistory({ purpose: undefined, page: { limit: PAGE, offset: shown.length } }))
  return (
    <Page>
      <Text className='nx-title'>我的报到记录</Text>
      <QueryView query={query} skeletonRows={4}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty title='还没有报到记录' text='到驿站扫一扫现场的二维码，就会记在这里' />
          ) : (
            <View>
              {list.items.map((item) => (
                <Row key={item.checkinId} item={item} />
              ))}
              <LoadMore list={list} />
            </View>
          )
        }
      </QueryView>
    </Page>
  )
}
