/**
 * The 暖新365 calendar of a station (`?stationId=`) or a street (`?street=`): the coming week's service
 * slots and volunteer activities held there, day by day in China time; a tap opens the service or activity.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { chinaParts, weekdayLabel } from '../../../core/time'
import { china } from '../../../shell/time'
import { services } from '../../service'
import '../../components/services.scss'

function dayTitle(date: string): string {
  const p = chinaParts(new Date(`${date}T12:00:00+08:00`))
  return `${p.month}月${p.day}日 ${weekdayLabel[p.weekday]}`
}

export default function CalendarPage() {
  const { params } = useRouter()
  const [offset, setOffset] = useState(0)
  const from = china().add(offset * 7, 'day').format('YYYY-MM-DD')
  const cal = useQuery(services.calendar, { stationId: params.stationId || undefined, street: params.street ? decodeURIComponent(params.street) : undefined, from, days: 7 })
  const open = (kind: 'service' | 'activity', id: string) => void Taro.navigateTo({ url: kind === 'service' ? `/services/pages/service/index?id=${id}` : `/volunteers/pages/activity/index?id=${id}` })
  return (
    <Page>
      <QueryView query={cal}>
        {(d) => (
          <View>
            <Text className='svc-day'>{`${d.title} · 暖新365`}</Text>
            {d.days.map((day) => (
              <Card key={day.date} title={dayTitle(day.date)}>
                {day.items.length ? (
                  day.items.map((it) => (
                    <View key={`${it.kind}:${it.id}:${it.startAt}`} className='svc-slot svc-calendar-item' onClick={() => open(it.kind, it.id)}>
                      <View className='svc-slot__text'>
                        <Text>{`${it.label} ${it.title}`}</Text>
                        <Text className='svc-slot__seats'>{`${it.stationName ? `${it.stationName} · ` : ''}余 ${it.seatsLeft} / ${it.seats}`}</Text>
                      </View>
                    </View>
                  ))
                ) : (
                  <Text className='svc-hint'>当天没有安排</Text>
                )}
              </Card>
            ))}
          </View>
        )}
      </QueryView>
      <View className='svc-actions'>
        {offset > 0 ? (
          <Button block kind='secondary' onClick={() => setOffset(offset - 1)}>
            上一周
          </Button>
        ) : null}
        <Button block kind='secondary' className='svc-next-week' onClick={() => setOffset(offset + 1)}>
          下一周
        </Button>
      </View>
    </Page>
  )
}
