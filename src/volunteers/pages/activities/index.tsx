/**
 * Upcoming activities near me: asks for the location once (behind the privacy consent) and lists the
 * nearest upcoming activities within 30 km, soonest first; without a location it lists the soonest.
 */
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { LngLat } from '../../../core/geo'
import { Button, Empty, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { locate } from '../../../shell/location'
import { ActivityCard } from '../../components/ActivityCard'
import { scanActivityCode } from '../../components/scan'
import { volunteers } from '../../service'
import '../../components/volunteers.scss'

export default function ActivitiesPage() {
  const [near, setNear] = useState<LngLat | undefined>()
  const [located, setLocated] = useState(false)
  const [note, setNote] = useState<string | null>(null)
  useEffect(() => {
    locate()
      .then((p) => setNear({ lng: p.lng, lat: p.lat }))
      .catch((e: Error) => setNote(`${e.message}；先按时间顺序显示全部活动。`))
      .finally(() => setLocated(true))
  }, [])
  const list = useQuery(volunteers.listActivities, { near, teamId: undefined, limit: 30 }, { enabled: located })
  usePullDownRefresh(() => {
    void list.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  const scan = async () => {
    const msg = await scanActivityCode()
    if (msg) void Taro.showToast({ title: msg, icon: 'none', duration: 3000 })
  }
  return (
    <Page
      footer={
        <Button block className='vol-scan' onClick={() => void scan()}>
          扫码签到 / 签退
        </Button>
      }
    >
      {note ? <Text className='vol-hint'>{note}</Text> : null}
      <QueryView query={list}>
        {(d) =>
          d.items.length ? (
            <View>
              {d.items.map((a) => (
                <ActivityCard key={a.activityId} a={a} />
              ))}
            </View>
          ) : (
            <Empty title={near ? '附近 30 公里内暂时没有活动' : '暂时没有活动'} text='加入一支志愿服务队，队长发布活动后会出现在这里。'>
              <Button kind='secondary' onClick={() => void Taro.navigateTo({ url: '/volunteers/pages/teams/index' })}>
                看看志愿服务队
              </Button>
            </Empty>
          )
        }
      </QueryView>
    </Page>
  )
}
