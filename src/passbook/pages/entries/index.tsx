/**
 * Every ledger entry of mine, newest first, paged with 加载更多 through the `entries` action's time
 * cursor. The cursor asks for entries up to and including the last one shown (its time + 1 ms) and
 * drops the ids already on screen, so entries written in the same millisecond are never skipped.
 */
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { AppError } from '../../../core/errors'
import { Button, Empty, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { EntryRow } from '../../components/EntryRow'
import type { EntryView } from '../../contract'
import { passbook } from '../../service'
import '../passbook.scss'

const PAGE = 20

/** The next page's cursor: just after the oldest entry shown, so same-time neighbours come back too. */
export function cursorAfter(last: EntryView): string {
  return new Date(new Date(last.createdAt).getTime() + 1).toISOString()
}

export default function EntriesPage() {
  const query = useQuery(passbook.entries, { limit: PAGE })
  const [more, setMore] = useState<EntryView[]>([])
  const [hasMore, setHasMore] = useState<boolean>()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  usePullDownRefresh(() => {
    setMore([])
    setHasMore(undefined)
    void query.refetch().finally(() => Taro.stopPullDownRefresh())
  })

  const loadMore = async () => {
    const shown = [...(query.data?.items ?? []), ...more]
    const last = shown[shown.length - 1]
    if (!last) return
    setBusy(true)
    setError(undefined)
    try {
      const next = await passbook.entries({ before: cursorAfter(last), limit: PAGE })
      const seen = new Set(shown.map((e) => e.id))
      const fresh = next.items.filter((e) => !seen.has(e.id))
      setMore((m) => [...m, ...fresh])
      // A page made only of entries already shown (a burst in one millisecond) still moves on next time.
      setHasMore(next.hasMore && fresh.length > 0)
    } catch (e) {
      setError((e instanceof AppError ? e : new AppError('INTERNAL')).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page>
      <QueryView query={query} skeletonRows={5}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty mark='¥' title='还没有积分记录' text='参加志愿服务、随手拍被立案、完成微心愿都能获得积分。' />
          ) : (
            <View>
              {[...data.items, ...more].map((e) => (
                <EntryRow key={e.id} entry={e} />
              ))}
              {error ? <Text className='pb-result pb-result--error'>{error}，请重试</Text> : null}
              {(hasMore ?? data.hasMore) ? (
                <Button kind='secondary' block loading={busy} onClick={() => void loadMore()}>
                  加载更多
                </Button>
              ) : (
                <Text className='pb-entry__time'>没有更早的记录了</Text>
              )}
            </View>
          )
        }
      </QueryView>
    </Page>
  )
}
