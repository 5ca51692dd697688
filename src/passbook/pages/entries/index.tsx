/**
 * Every ledger entry of mine, newest first, paged with 加载更多 through the `entries` action's cursor
 * (the last entry shown: its time and id, so entries written in the same millisecond are never skipped).
 */
import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Empty, LoadMore, Page, QueryView } from '../../../shell/components'
import { useLoadMore, useQuery } from '../../../shell/hooks'
import { EntryRow } from '../../components/EntryRow'
import { passbook } from '../../service'
import '../passbook.scss'

const PAGE = 20

export default function EntriesPage() {
  const query = useQuery(passbook.entries, { limit: PAGE })
  const list = useLoadMore(query.data, (shown) => {
    const last = shown[shown.length - 1]
    return passbook.entries({ before: last.createdAt, beforeId: last.id, limit: PAGE })
  })
  // A refetched first page restarts the list (useLoadMore resets when the first page changes).
  usePullDownRefresh(() => void query.refetch().finally(() => Taro.stopPullDownRefresh()))

  return (
    <Page>
      <QueryView query={query} skeletonRows={5}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty mark='¥' title='还没有积分记录' text='参加志愿服务、随手拍被立案、完成微心愿都能获得积分。' />
          ) : (
            <View>
              {list.items.map((e) => (
                <EntryRow key={e.id} entry={e} />
              ))}
              <LoadMore list={list} end='没有更早的记录了' />
            </View>
          )
        }
      </QueryView>
    </Page>
  )
}
