/**
 * The stations I manage (admins: all), dense, with their live state; searchable by name or street and
 * paged with 加载更多, so an admin with hundreds of stations reaches every one. Admins create stations here.
 */
import { Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useMemo, useRef, useState } from 'react'
import { Button, Empty, LoadMore, Page, QueryView, Tag } from '../../../shell/components'
import { useLoadMore, useQuery } from '../../../shell/hooks'
import { users } from '../../../users/service'
import { openTone } from '../../components/StationCard'
import { stationsService } from '../../services'
import '../../components/stations.scss'

const PAGE = 50

export default function ManagePage() {
  const [draft, setDraft] = useState('')
  const [q, setQ] = useState('')
  const payload = useMemo(() => (q ? { q, page: { limit: PAGE, offset: 0 } } : { page: { limit: PAGE, offset: 0 } }), [q])
  const query = useQuery(stationsService.managed, payload)
  const list = useLoadMore(query.data, (shown) => stationsService.managed({ ...(q ? { q } : {}), page: { limit: PAGE, offset: shown.length } }))
  const me = useQuery(users.me, {})
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void query.refetch()
    shown.current = true
  })
  const isAdmin = me.data?.roles.includes('admin')
  const search = () => setQ(draft.trim())
  const clear = () => {
    setDraft('')
    setQ('')
  }
  return (
    <Page
      footer={
        isAdmin ? (
          <Button block onClick={() => void Taro.navigateTo({ url: '/stations/pages/create/index' })}>
            新建站点或报到点
          </Button>
        ) : undefined
      }
    >
      <Text className='nx-title'>{isAdmin ? '全部站点' : '我管理的驿站'}</Text>
      <View className='st-search'>
        <Input
          className='st-search__input'
          value={draft}
          placeholder='按站点名称或街道查找'
          maxlength={30}
          confirmType='search'
          onInput={(e) => setDraft(e.detail.value)}
          onConfirm={search}
          aria-label='站点名称或街道'
        />
        <Button kind='secondary' onClick={search}>
          查找
        </Button>
      </View>
      <QueryView query={query}>
        {() =>
          list.items.length === 0 ? (
            q ? (
              <View>
                <Empty title={`没有名称或街道包含“${q}”的站点`} text='换个关键词试试，或清除查找看全部站点' />
                <Button kind='secondary' block onClick={clear}>
                  清除查找
                </Button>
              </View>
            ) : (
              <Empty title='还没有负责的站点' text='请联系街道管理员为你分配驿站' />
            )
          ) : (
            <View>
              {q ? <Text className='nx-lead'>{`名称或街道包含“${q}”的站点`}</Text> : null}
              {list.items.map((s) => (
                <View key={s.stationId} className='ck-row st-manage-row' onClick={() => void Taro.navigateTo({ url: `/stations/pages/station/index?id=${encodeURIComponent(s.stationId)}` })}>
                  <View>
                    <Text className='st-card__name'>{s.name}</Text>
                    <Text className='st-card__address'>
                      {s.code} · {s.street}
                    </Text>
                  </View>
                  <Tag tone={openTone[s.openState]}>{s.openText}</Tag>
                </View>
              ))}
              <LoadMore list={list} end={`共 ${list.items.length} 个站点`} />
            </View>
          )
        }
      </QueryView>
    </Page>
  )
}
