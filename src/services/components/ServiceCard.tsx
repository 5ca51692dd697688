/** One service in a list: what, who provides it, where, how far, hours, rating, and the next free seat. */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatDistance } from '../../core/geo'
import type { ServiceSummary } from '../contract'

export function ServiceCard({ s }: { s: ServiceSummary }) {
  return (
    <View className='svc-card svc-service-card' onClick={() => void Taro.navigateTo({ url: `/services/pages/service/index?id=${s.serviceId}` })} aria-label={`${s.typeLabel}，${s.stationName}`}>
      <View className='svc-card__head'>
        <Text className='svc-card__title'>{`${s.typeLabel} · ${s.provider}`}</Text>
        {s.distanceM !== undefined ? <Text className='svc-card__distance'>{formatDistance(s.distanceM)}</Text> : null}
      </View>
      <Text className='svc-line'>{s.stationName}</Text>
      {s.hoursText.map((h) => (
        <Text key={h} className='svc-line'>
          {h}
        </Text>
      ))}
      {s.averageRating !== null ? <Text className='svc-line'>{`评分 ${s.averageRating}（${s.ratingCount} 人评价）`}</Text> : null}
      {s.state === 'paused' ? <Text className='svc-line'>暂停预约</Text> : s.nextFree ? <Text className='svc-free'>{`最近空位：${s.nextFree.label}，余 ${s.nextFree.seatsLeft} 位`}</Text> : <Text className='svc-line'>近期已约满，可进入详情候补</Text>}
    </View>
  )
}
