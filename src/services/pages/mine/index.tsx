/**
 * My station-service bookings: state and place in the waitlist; a held offer to take (main button) or
 * let go, with its deadline; cancel up to the cut-off (never the main button); check in by scanning the
 * station's code when the slot is near; rate an attended service (1–5 stars, optional comment). A
 * no-show limit is shown with its reason and end.
 */
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { china } from '../../../shell/time'
import { Button, Card, Empty, Page, QueryView, Tag } from '../../../shell/components'
import { useAction, useQuery } from '../../../shell/hooks'
import { ScanButton } from '../../../stations/components/ScanButton'
import type { MyBooking } from '../../contract'
import { services } from '../../service'
import '../../components/services.scss'

const EARLY_MS = 30 * 60_000

function Rate({ b, onDone }: { b: MyBooking; onDone: () => void }) {
  const rate = useAction(services.rate)
  const [stars, setStars] = useState(0)
  const [comment, setComment] = useState('')
  return (
    <View className='svc-rate'>
      <Text className='svc-label'>给这次服务打分</Text>
      <View className='svc-stars'>
        {[1, 2, 3, 4, 5].map((n) => (
          <Text key={n} className={`svc-star svc-star-${n} ${n <= stars ? 'svc-star--on' : ''}`} onClick={() => setStars(n)} aria-label={`${n} 星`}>
            {n <= stars ? '★' : '☆'}
          </Text>
        ))}
      </View>
      <Textarea className='svc-input svc-textarea svc-comment' value={comment} maxlength={200} placeholder='说说你的感受（选填）' onInput={(e) => setComment(e.detail.value)} />
      {rate.error ? <Text className='svc-error'>{rate.error.message}</Text> : null}
      <Button block className='svc-rate-submit' disabled={stars === 0} loading={rate.loading} onClick={() => void rate.run({ bookingId: b.bookingId, stars, comment: comment.trim() || undefined }).then((r) => r && onDone())}>
        提交评价
      </Button>
    </View>
  )
}

function BookingCard({ b, onChange }: { b: MyBooking; onChange: () => void }) {
  const cancel = useAction(services.cancel)
  const accept = useAction(services.acceptOffer)
  const decline = useAction(services.declineOffer)
  const [scanError, setScanError] = useState<string>()
  const error = cancel.error ?? accept.error ?? decline.error
  const start = new Date(b.startAt).getTime()
  const arrivalOpen = b.state === 'booked' && b.attendance === 'none' && Date.now() >= start - EARLY_MS && Date.now() < new Date(b.endAt).getTime()
  const confirmCancel = async () => {
    const ok = await Taro.showModal({ title: '取消预约', content: `确定取消 ${b.label} 的${b.typeLabel}吗？名额会让给候补的骑手。`, confirmText: '取消预约', cancelText: '不取消' })
    if (ok.confirm) void cancel.run({ bookingId: b.bookingId }).then((r) => r && onChange())
  }
  return (
    <Card className={`svc-booking svc-booking--${b.state}`}>
      <View className='svc-card__head'>
        <Text className='svc-card__title'>{`${b.typeLabel} · ${b.provider}`}</Text>
        <Tag tone={b.state === 'booked' ? 'ok' : b.state === 'offered' ? 'warn' : 'neutral'}>{b.attendance === 'attended' ? '已到场' : b.attendance === 'no_show' ? '未到场' : b.stateLabel}</Tag>
      </View>
      <Text className='svc-line'>{b.label}</Text>
      <Text className='svc-line'>{b.stationName}</Text>
      {b.state === 'waitlisted' ? <Text className='svc-line svc-position'>{`候补第 ${b.waitlistPosition ?? '-'} 位`}</Text> : null}
      {b.state === 'offered' && b.offerExpiresAt ? <Text className='svc-warn svc-offer'>{`有空位为你保留到 ${china(b.offerExpiresAt).format('HH:mm')}，过时将让给下一位`}</Text> : null}
      {b.points !== undefined && b.attendance === 'attended' ? <Text className='svc-line'>{`获得积分 ${b.points}`}</Text> : null}
      {b.rating ? <Text className='svc-line'>{`我的评分 ${'★'.repeat(b.rating)}${b.comment ? `：${b.comment}` : ''}`}</Text> : null}
      {error ? <Text className='svc-error'>{error.message}</Text> : null}
      {scanError ? <Text className='svc-error'>{scanError}</Text> : null}
      <View className='svc-actions'>
        {b.state === 'offered' ? (
          <Button block className='svc-accept' loading={accept.loading} onClick={() => void accept.run({ bookingId: b.bookingId }).then((r) => r && onChange())}>
            确认预约
          </Button>
        ) : null}
        {arrivalOpen ? <ScanButton block className='svc-checkin' onMessage={setScanError} /> : null}
        {b.state === 'offered' ? (
          <Button block kind='plain' className='svc-decline' loading={decline.loading} onClick={() => void decline.run({ bookingId: b.bookingId }).then((r) => r && onChange())}>
            不需要了，让给下一位
          </Button>
        ) : b.canCancel ? (
          <Button block kind='plain' className='svc-cancel' loading={cancel.loading} onClick={() => void confirmCancel()}>
            {b.state === 'waitlisted' ? '取消候补' : '取消预约'}
          </Button>
        ) : null}
      </View>
      {b.canRate ? <Rate b={b} onDone={onChange} /> : null}
    </Card>
  )
}

export default function MyBookingsPage() {
  const mine = useQuery(services.myBookings, {})
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
            {d.restriction ? <Text className='svc-warn svc-restriction'>{d.restriction.message}</Text> : null}
            {d.items.length ? (
              d.items.map((b) => <BookingCard key={b.bookingId} b={b} onChange={() => void mine.refetch()} />)
            ) : (
              <Empty title='还没有预约' text='驿站提供免费理发、健康检查、法律咨询等服务，可以在线预约。'>
                <Button kind='secondary' onClick={() => void Taro.navigateTo({ url: '/services/pages/list/index' })}>
                  找服务
                </Button>
              </Empty>
            )}
          </View>
        )}
      </QueryView>
    </Page>
  )
}
