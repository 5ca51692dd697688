/** The foot of a list paged with useLoadMore: the last failure, then 加载更多 (which retries), or where the list ends. */
import { Text, View } from '@tarojs/components'
import type { LoadMoreState } from '../hooks'
import { Button } from './Button'

export function LoadMore({ list, end }: { list: LoadMoreState<unknown>; end?: string }) {
  return (
    <View className='nx-load-more'>
      {list.error ? <Text className='nx-load-more__error'>{list.error.message}，请重试</Text> : null}
      {list.hasMore ? (
        <Button kind='secondary' block loading={list.busy} onClick={() => void list.loadMore()}>
          加载更多
        </Button>
      ) : end ? (
        <Text className='nx-load-more__end'>{end}</Text>
      ) : null}
    </View>
  )
}
