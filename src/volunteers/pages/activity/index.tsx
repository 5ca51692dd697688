/**
 * One activity: when, where (one tap to navigate), places left, and my part — sign up, join the
 * waitlist (with my place in it), cancel, check in/out by scanning, my hours, points and certificate.
 * Captains get the attendance screen.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef } from 'react'
import { Button, Card, Page, QueryView, Tag } from '../../../shell/components'
import { useAction, useQuery } from '../../../shell/hooks'
import { openMap } from '../../../shell/navigate'
import { useShare } from '../../../shell/use-share'
import { formatTime, formatWindow, placesText } from '../../components/format'
import { scanActivityCode } from '../../components/scan'
import type { ActivityView } from '../../contract'
import { formatHours } from '../../hours'
import { volunteers } from '../../service'
import { activityShareCard } from '../../share'
import { activityStateLabel, attendanceStateLabel, audienceLabel, signupStateLabel } from '../../vocabulary'
import '../../components/volunteers.scss'

function MyPart({ a, onChange }: { a: ActivityView; onChange: () => void }) {
  const signUp = useAction(volunteers.signUp)
  const cancel = useAction(volunteers.cancelSignup)
  const me = a.me
  const error = signUp.error ?? cancel.error
  const live = me && me.state !== 'cancelled'
  const scan = async () => {
    const msg = await scanActivityCode()
    if (msg) void Taro.showToast({ title: msg, icon: 'none', duration: 3000 })
  }
  const closed = a.state !== 'open' || Date.now() > new Date(a.signupDeadline).getTime()
  return (
    <Card title='我的报名'>
      {live ? (
        <View>
          <View className='nx-row'>
            <Text className='nx-row__label'>状态</Text>
            <Text className='nx-row__value vol-my-state'>
              {me.attendance !== 'none' ? attendanceStateLabel[me.attendance] : me.state === 'waitlisted' ? `候补第 ${me.waitlistPosition ?? '-'} 位` : signupStateLabel[me.state]}
            </Text>
          </View>
          {me.state === 'waitlisted' ? <Text className='vol-hint'>有人取消时按候补顺序自动递补，递补成功会通知你。</Text> : null}
          {me.checkInAt ? (
            <View className='nx-row'>
              <Text className='nx-row__label'>签到</Text>
              <Text className='nx-row__value'>{formatTime(me.checkInAt)}</Text>
            </View>
          ) : null}
          {me.checkOutAt ? (
            <View className='nx-row'>
              <Text className='nx-row__label'>签退</Text>
              <Text className='nx-row__value'>{formatTime(me.checkOutAt)}</Text>
            </View>
          ) : null}
          {me.hours !== undefined ? (
            <View className='vol-stats'>
              <View className='vol-stat'>
                <Text className='vol-stat__label'>服务时长</Text>
                <Text className='vol-big vol-my-hours'>{formatHours(me.hours)}</Text>
              </View>
              <View className='vol-stat'>
                <Text className='vol-stat__label'>获得积分</Text>
                <Text className='vol-big vol-my-points'>{me.points ?? 0}</Text>
              </View>
            </View>
          ) : null}
          {me.certificateNo ? (
            <Text className='vol-link' onClick={() => void Taro.navigateTo({ url: `/volunteers/pages/certificate/index?id=${a.activityId}` })}>
              {`查看志愿服务证明 ${me.certificateNo}`}
            </Text>
          ) : null}
        </View>
      ) : (
        <Text className='vol-hint'>{closed ? '报名已截止' : a.audience === 'team' && !a.isTeamMember ? '这个活动仅限本队队员报名，请先申请加入队伍。' : placesText(a)}</Text>
      )}
      {error ? <Text className='vol-error'>{error.message}</Text> : null}
      <View className='vol-actions'>
        {!live && !closed && (a.audience === 'all' || a.isTeamMember) ? (
          <Button block loading={signUp.loading} className='vol-signup' onClick={() => void signUp.run({ activityId: a.activityId }).then((r) => r && onChange())}>
            {a.signedUp < a.capacity ? '报名参加' : '加入候补'}
          </Button>
        ) : null}
        {!live && a.audience === 'team' && !a.isTeamMember ? (
          <Button block kind='secondary' onClick={() => void Taro.navigateTo({ url: `/volunteers/pages/team/index?id=${a.teamId}` })}>
            申请加入队伍
          </Button>
        ) : null}
        {live && me.state === 'signed_up' && (me.attendance === 'none' || me.attendance === 'checked_in') ? (
          <Button block className='vol-scan' onClick={() => void scan()}>
            {me.attendance === 'none' ? '扫码签到' : '扫码签退'}
          </Button>
        ) : null}
        {live && me.attendance === 'none' && Date.now() < new Date(a.startAt).getTime() ? (
          <Button block kind='secondary' loading={cancel.loading} className='vol-cancel' onClick={() => void cancel.run({ activityId: a.activityId }).then((r) => r && onChange())}>
            {me.state === 'waitlisted' ? '退出候补' : '取消报名'}
          </Button>
        ) : null}
      </View>
    </Card>
  )
}

export default function ActivityPage() {
  const { params } = useRouter()
  const activityId = params.id ?? ''
  const detail = useQuery(volunteers.activityDetail, { activityId }, { enabled: !!activityId })
  useShare(detail.data ? activityShareCard(detail.data) : undefined)
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void detail.refetch()
    shown.current = true
  })
  return (
    <Page>
      <QueryView query={detail}>
        {(a) => (
          <View>
            <Card>
              <Text className='vol-card__title'>{a.title}</Text>
              <View className='vol-card__tags'>
                <Tag tone='brand'>{activityStateLabel[a.state]}</Tag>
                <Tag>{audienceLabel[a.audience]}</Tag>
                <Tag>{`已报名 ${a.signedUp}/${a.capacity}${a.waitlistCount ? ` · 候补 ${a.waitlistCount}` : ''}`}</Tag>
              </View>
              <Text className='vol-text'>{a.description}</Text>
              <View className='nx-row'>
                <Text className='nx-row__label'>时间</Text>
                <Text className='nx-row__value'>{formatWindow(a.startAt, a.endAt)}</Text>
              </View>
              <View className='nx-row' onClick={() => void openMap({ lng: a.lng, lat: a.lat, name: a.title, address: a.address })}>
                <Text className='nx-row__label'>地点</Text>
                <Text className='nx-row__value'>{`${a.address} ›`}</Text>
              </View>
              <View className='nx-row'>
                <Text className='nx-row__label'>报名截止</Text>
                <Text className='nx-row__value'>{formatTime(a.signupDeadline)}</Text>
              </View>
              <View className='nx-row' onClick={() => void Taro.navigateTo({ url: `/volunteers/pages/team/index?id=${a.teamId}` })}>
                <Text className='nx-row__label'>组织</Text>
                <Text className='nx-row__value'>{`${a.teamName} ›`}</Text>
              </View>
              <Text className='vol-hint'>{`签到签退需在活动地点 ${a.radiusM} 米内扫码；时长按签到到签退的时间计算，不超过活动时长。`}</Text>
            </Card>
            <MyPart a={a} onChange={() => void detail.refetch()} />
            {a.canManage ? (
              <Card title='队长'>
                <Button block kind='secondary' className='vol-attendance' onClick={() => void Taro.navigateTo({ url: `/volunteers/pages/attendance/index?id=${a.activityId}` })}>
                  签到码与考勤
                </Button>
              </Card>
            ) : null}
          </View>
        )}
      </QueryView>
    </Page>
  )
}
