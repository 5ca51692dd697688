/**
 * Station services near me (暖新365): asks for the location once and lists services within 30 km,
 * nearest first, filtered by type and "has a free seat in the next 2 hours"; with `?stationId=` the
 * services of one station instead. Without a location it lists services in no particular order.
 */
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { LngLat } from '../../../core/geo'
import { Button, Empty, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { locate } from '../../../shell/location'
import { ServiceCard } from '../../components/ServiceCard'
import { services } from '../../service'
import { allServiceTypes, serviceTypeLabel, type ServiceType } from '../../vocabulary'
import '../../components/services.scss'

export default function ServiceListPage() {
  const { params } = useRouter()
  const stationId = params.stationId || undefined
  const [near, setNear] = useState<LngLat | undefined>()
  const [located, setLocated] = useState(Boolean(stationId))
  const [note, setNote] = useState<string | null>(null)
  const [type, setType] = useState<ServiceType | undefined>()
  const [soon, setSoon] = useState(false)
  useEffect(() => {
    if (stationId) return
    locate()
      .then((p) => setNear({ lng: p.lng, lat: p.lat }))
      .catch((e: Error) => setNote(`${e.message}；先显示全部服务。`))
      .finally(() => setLocated(true))
  }, [stationId])
  const list = useQuery(services.listServices, { near, stationId, type, freeWithinHours: soon ? 2 : undefined, limit: 30 }, { enabled: located })
  usePullDownRefresh(() => {
    void list.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Page
      footer={
        <Button kind='secondary' block className='svc-my-bookings' onClick={() => void Taro.navigateTo({ url: '/services/pages/mine/index' })}>
          我的预约
        </Button>
      }
    >
      {note ? <Text className='svc-hint'>{note}</Text> : null}
      <View className='svc-chips'>
        <Text className={`svc-chip ${type ? '' : 'svc-chip--on'}`} onClick={() => setType(undefined)}>
          全部
        </Text>
        {allServiceTypes.map((t) => (
          <Text key={t} className={`svc-chip ${type === t ? 'svc-chip--on' : ''}`} onClick={() => setType(t)}>
            {serviceTypeLabel[t]}
          </Text>
        ))}
        <Text className={`svc-chip svc-soon ${soon ? 'svc-chip--on' : ''}`} onClick={() => setSoon(!soon)}>
          2 小时内有空位
        </Text>
      </View>
      <QueryView query={list}>
        {(d) =>
          d.items.length ? (
            <View>
              {d.items.map((s) => (
                <ServiceCard key={s.serviceId} s={s} />
              ))}
            </View>
          ) : (
            <Empty title={soon ? '2 小时内附近没有空位' : '附近暂时没有驿站服务'} text='驿站发布理发、健康检查、法律咨询等服务后会出现在这里。' />
          )
        }
      </QueryView>
    </Page>
  )
}
