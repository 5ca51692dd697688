/**
 * A captain publishes an activity: title, what volunteers will do, day and times, where to meet (the
 * captain's current position plus an address people can find), places, sign-up deadline (hours before
 * the start) and who may sign up. The server checks the times again and that the caller captains the team.
 */
import { Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import type { LngLat } from '../../../core/geo'
import { Button, Card, Page } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction } from '../../../shell/hooks'
import { locate } from '../../../shell/location'
import { china, chinaInstant } from '../../../shell/time'
import { volunteers } from '../../service'
import '../../components/volunteers.scss'

const labels = { title: '活动名称', description: '活动内容', address: '集合地址', capacity: '名额', startAt: '开始时间', endAt: '结束时间', signupDeadline: '报名截止', location: '活动地点' }


export default function CreateActivityPage() {
  const { params } = useRouter()
  const teamId = params.team ?? ''
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [date, setDate] = useState(() => china().add(1, 'day').format('YYYY-MM-DD'))
  const [start, setStart] = useState('09:00')
  const [end, setEnd] = useState('11:00')
  const [capacity, setCapacity] = useState('10')
  const [deadlineHours, setDeadlineHours] = useState('12')
  const [teamOnly, setTeamOnly] = useState(true)
  const [address, setAddress] = useState('')
  const [place, setPlace] = useState<LngLat | null>(null)
  const [placeError, setPlaceError] = useState<string | null>(null)
  const create = useAction(volunteers.createActivity)

  const takePosition = async () => {
    setPlaceError(null)
    try {
      const p = await locate()
      setPlace({ lng: p.lng, lat: p.lat })
    } catch (e) {
      setPlaceError((e as Error).message)
    }
  }
  const submit = async () => {
    const startAt = chinaInstant(date, start)
    const deadline = new Date(new Date(startAt).getTime() - Math.max(0, Number(deadlineHours) || 0) * 3_600_000).toISOString()
    const made = await create.run({
      teamId,
      title: title.trim(),
      description: description.trim(),
      stationId: undefined,
      location: place ?? undefined,
      address: address.trim() || undefined,
      startAt,
      endAt: chinaInstant(date, end),
      signupDeadline: deadline,
      capacity: Math.floor(Number(capacity)),
      audience: teamOnly ? 'team' : 'all',
      radiusM: undefined,
    })
    if (made) void Taro.redirectTo({ url: `/volunteers/pages/activity/index?id=${made.activityId}` })
  }

  return (
    <Page
      footer={
        <Button block loading={create.loading} className='vol-create' onClick={() => void submit()}>
          发布活动
        </Button>
      }
    >
      <Card title='活动'>
        <Input className='vol-input' value={title} maxlength={40} placeholder='活动名称，例如：文明骑行劝导' onInput={(e) => setTitle(e.detail.value)} />
        <Textarea className='vol-input' value={description} maxlength={500} placeholder='做什么、带什么、注意事项' onInput={(e) => setDescription(e.detail.value)} />
      </Card>
      <Card title='时间'>
        <Picker mode='date' value={date} start={china().format('YYYY-MM-DD')} onChange={(e) => setDate(String(e.detail.value))}>
          <View className='nx-row'>
            <Text className='nx-row__label'>日期</Text>
            <Text className='nx-row__value'>{`${date} ›`}</Text>
          </View>
        </Picker>
        <Picker mode='time' value={start} onChange={(e) => setStart(String(e.detail.value))}>
          <View className='nx-row'>
            <Text className='nx-row__label'>开始</Text>
            <Text className='nx-row__value'>{`${start} ›`}</Text>
          </View>
        </Picker>
        <Picker mode='time' value={end} onChange={(e) => setEnd(String(e.detail.value))}>
          <View className='nx-row'>
            <Text className='nx-row__label'>结束</Text>
            <Text className='nx-row__value'>{`${end} ›`}</Text>
          </View>
        </Picker>
        <View className='nx-row'>
          <Text className='nx-row__label'>开始前多少小时截止报名</Text>
          <Input className='vol-input' type='number' value={deadlineHours} onInput={(e) => setDeadlineHours(e.detail.value)} />
        </View>
      </Card>
      <Card title='地点与名额'>
        <Button kind='secondary' block onClick={() => void takePosition()}>
          {place ? '已使用我现在的位置（重新定位）' : '使用我现在的位置作为活动地点'}
        </Button>
        {placeError ? <Text className='vol-error'>{placeError}</Text> : null}
        <Input className='vol-input' value={address} maxlength={100} placeholder='集合地址，例如：文萃路与星海街路口东北角' onInput={(e) => setAddress(e.detail.value)} />
        <View className='nx-row'>
          <Text className='nx-row__label'>名额</Text>
          <Input className='vol-input' type='number' value={capacity} onInput={(e) => setCapacity(e.detail.value)} />
        </View>
        <View className='nx-row'>
          <Text className='nx-row__label'>仅限本队队员报名</Text>
          <Switch checked={teamOnly} onChange={(e) => setTeamOnly(e.detail.value)} />
        </View>
        <Text className='vol-hint'>队员需在活动地点 200 米内扫码签到、签退。</Text>
      </Card>
      {create.error ? <Text className='vol-error'>{describeError(create.error, labels)}</Text> : null}
    </Page>
  )
}
