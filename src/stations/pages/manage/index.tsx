/** The stations I manage (admins: all), dense, with their live state; admins can create a station here. */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef } from 'react'
import { Button, Empty, Page, QueryView, Tag } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { users } from '../../../users/service'
import { openTone } from '../../components/StationCard'
import { stationsService } from '../../services'
import '../../components/stations.scss'

export default function ManagePage() {
  const query = useQuery(stationsService.managed, { page: { limit: 50, offset: 0 } })
  const me = useQuery(users.me, {})
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void query.refetch()
    shown.current = true
  })
  const isAdmin = me.data?.roles.includes('admin')
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
      <QueryView query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty title='还没有负责的站点' text='请联系街道管理员为你分配驿站' />
          ) : (
            <View>
              {data.items.map((s) => (
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
              {data.hasMore ? <Text className='nx-lead'>只显示前 50 个站点</Text> : null}
            </View>
          )
        }
      </QueryView>
    </Page>
  )
}
