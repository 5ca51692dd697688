/** My service record: total hours, points and activities in big numerals, then each activity with its hours and certificate. */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useRef } from 'react'
import { Button, Card, Empty, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { ActivityCard } from '../../components/ActivityCard'
import { volunteers } from '../../service'
import '../../components/volunteers.scss'

export default function MinePage() {
  const mine = useQuery(volunteers.myActivities, { page: { limit: 50, offset: 0 } })
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void mine.refetch()
    shown.current = true
  })
  usePullDownRefresh(() => {
    void mine.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Page>
      <QueryView query={mine}>
        {(d) => (
          <View>
            <Card title='累计志愿服务'>
              <View className='vol-stats'>
                <View className='vol-stat'>
                  <Text className='vol-stat__label'>时长</Text>
                  <Text className='vol-big vol-total-hours'>
                    {d.totals.hours}
                    <Text className='vol-big__unit'>小时</Text>
                  </Text>
                </View>
                <View className='vol-stat'>
                  <Text className='vol-stat__label'>积分</Text>
                  <Text className='vol-big vol-total-points'>{d.totals.points}</Text>
                </View>
                <View className='vol-stat'>
                  <Text className='vol-stat__label'>活动</Text>
                  <Text className='vol-big'>{d.totals.activities}</Text>
                </View>
              </View>
              {d.totals.hours > 0 ? (
                <Text className='vol-link' onClick={() => void Taro.navigateTo({ url: '/volunteers/pages/certificate/index?period=this' })}>
                  开具年度志愿服务证明
                </Text>
              ) : null}
            </Card>
            {d.items.length ? (
              d.items.map((i) => <ActivityCard key={i.activityId} a={i} me={i.me} />)
            ) : (
              <Empty title='还没有报名活动' text='报名参加志愿活动，签到签退后这里会记录你的服务时长和证明。'>
                <Button kind='secondary' onClick={() => void Taro.navigateTo({ url: '/volunteers/pages/activities/index' })}>
                  找活动
                </Button>
              </Empty>
            )}
          </View>
        )}
      </QueryView>
    </Page>
  )
}
