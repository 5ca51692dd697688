/** One activity in a list: title, team, time, place, places left; tapping opens the detail. */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Tag } from '../../shell/components'
import type { ActivitySummary, MySignup } from '../contract'
import { activityStateLabel, attendanceStateLabel, signupStateLabel } from '../vocabulary'
import { distanceText, formatWindow, placesText } from './format'

export function ActivityCard({ a, me }: { a: ActivitySummary; me?: MySignup }) {
  const distance = distanceText(a.distanceM)
  return (
    <View className='vol-card' hoverClass='vol-card--pressed' onClick={() => void Taro.navigateTo({ url: `/volunteers/pages/activity/index?id=${a.activityId}` })}>
      <View className='vol-card__head'>
        <Text className='vol-card__title'>{a.title}</Text>
        {distance ? <Text className='vol-card__distance'>{distance}</Text> : null}
      </View>
      <Text className='vol-card__line'>{formatWindow(a.startAt, a.endAt)}</Text>
      <Text className='vol-card__line'>{a.address}</Text>
      <View className='vol-card__tags'>
        <Tag>{a.teamName}</Tag>
        {me ? (
          <Tag tone={me.state === 'signed_up' ? 'ok' : 'warn'}>
            {me.attendance !== 'none' ? attendanceStateLabel[me.attendance] : me.state === 'waitlisted' && me.waitlistPosition ? `候补第 ${me.waitlistPosition} 位` : signupStateLabel[me.state]}
          </Tag>
        ) : a.state === 'open' ? (
          <Tag tone={a.signedUp < a.capacity ? 'brand' : 'warn'}>{placesText(a)}</Tag>
        ) : (
          <Tag>{activityStateLabel[a.state]}</Tag>
        )}
        {me?.hours ? <Tag tone='ok'>{`${me.hours} 小时 · ${me.points ?? 0} 积分`}</Tag> : null}
      </View>
    </View>
  )
}
