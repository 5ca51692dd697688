/**
 * Renders a useQuery state the same way everywhere: skeleton on first load, error with 重试 when
 * nothing is cached, and cached data under a 离线 notice when the latest request failed.
 */
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { QueryState } from '../hooks'
import { formatMoment } from '../time'
import { Button } from './Button'
import { Empty } from './Empty'
import { ErrorState } from './ErrorState'
import { Skeleton } from './Skeleton'

export function QueryView<O>({ query, skeletonRows = 3, children }: { query: QueryState<O>; skeletonRows?: number; children: (data: O) => ReactNode }) {
  if (query.data === undefined) {
    if (query.error && !query.loading) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />
    // Not loading, no error, no data: the query is disabled (e.g. a page opened without its id), so a
    // skeleton would spin forever; say what is missing instead.
    if (!query.loading) return <Empty title='缺少要查看的内容' text='请返回上一页，重新点进来' />
    return <Skeleton rows={skeletonRows} />
  }
  return (
    <View>
      {query.stale && query.error ? (
        <View className='nx-offline' role='status'>
          <Text>
            {query.error.code === 'UNAVAILABLE' ? '离线' : '未更新'}
            {query.receivedAt ? ` · 显示${formatMoment(query.receivedAt)}的数据` : ''}
          </Text>
          <Button kind='plain' small loading={query.loading} onClick={() => void query.refetch()}>
            重试
          </Button>
        </View>
      ) : null}
      {children(query.data)}
    </View>
  )
}
