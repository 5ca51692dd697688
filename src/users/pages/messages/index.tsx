/**
 * 消息中心: every notice the app sent the signed-in person, newest first, unread ones marked. Tapping a
 * message marks it read and opens what it is about; 全部已读 clears the rest. The unread count feeds the
 * 我的 tab badge, so nothing depends on a one-time WeChat subscription.
 */
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { showUnreadBadge } from '../../../shell/badge'
import { Button, Empty, ErrorState, LoadMore, Page, QueryView, Tag } from '../../../shell/components'
import { useAction, useLoadMore, useQuery } from '../../../shell/hooks'
import { formatMoment } from '../../../shell/time'
import type { MessageView } from '../../notices'
import { users } from '../../service'
import './index.scss'

const PAGE = 20

export default function MessagesPage() {
  const query = useQuery(users.messages, { page: { limit: PAGE } })
  const list = useLoadMore(query.data, (shown) => users.messages({ page: { limit: PAGE, offset: shown.length } }))
  const markRead = useAction(users.markMessagesRead)
  // Read marks made here, so the list updates without another fetch.
  const [readIds, setReadIds] = useState<Set<string>>(new Set())
  const [allRead, setAllRead] = useState(false)
  const [unread, setUnread] = useState<number>()
  usePullDownRefresh(() => {
    setReadIds(new Set())
    setAllRead(false)
    setUnread(undefined)
    void query.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  const shownUnread = unread ?? query.data?.unread ?? 0
  useEffect(() => {
    if (query.data) showUnreadBadge(shownUnread)
  }, [query.data, shownUnread])

  const open = async (m: MessageView) => {
    if (!m.read && !readIds.has(m.id) && !allRead) {
      const res = await markRead.run({ ids: [m.id] })
      if (res) {
        setReadIds((s) => new Set(s).add(m.id))
        setUnread(res.unread)
      }
    }
    if (m.page) void Taro.navigateTo({ url: m.page })
  }
  const readAll = async () => {
    const res = await markRead.run({ all: true })
    if (res) {
      setAllRead(true)
      setUnread(res.unread)
    }
  }

  return (
    <Page>
      <QueryView query={query} skeletonRows={5}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty title='还没有消息' text='随手拍的处理进度、志愿活动、积分兑换等通知都会出现在这里。' />
          ) : (
            <View>
              <View className='msg-head'>
                <Text className='msg-head__count'>{shownUnread > 0 ? `${shownUnread} 条未读` : '没有未读消息'}</Text>
                {shownUnread > 0 ? (
                  <Button kind='secondary' small loading={markRead.loading} onClick={() => void readAll()}>
                    全部已读
                  </Button>
                ) : null}
              </View>
              {markRead.error ? <ErrorState error={markRead.error} title='没有标记成功' /> : null}
              {list.items.map((m) => {
                const read = m.read || allRead || readIds.has(m.id)
                return (
                  <View key={m.id} className={`msg-row${read ? '' : ' msg-row--unread'}`} onClick={() => void open(m)} aria-label={`${read ? '' : '未读 '}${m.title}`}>
                    <View className='msg-row__top'>
                      {read ? null : <View className='msg-row__dot' />}
                      <Text className='msg-row__title'>{m.title}</Text>
                      <Tag tone='neutral'>{m.label}</Tag>
                    </View>
                    <Text className='msg-row__body'>{m.body}</Text>
                    <Text className='msg-row__time'>{formatMoment(m.createdAt)}</Text>
                  </View>
                )
              })}
              <LoadMore list={list} end='没有更早的消息了' />
            </View>
          )
        }
      </QueryView>
    </Page>
  )
}
