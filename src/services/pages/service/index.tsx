/**
 * One station service: who provides it, hours, rating, and the coming slots with seats left — book a
 * slot, or join its waitlist when it is full (the subscribe-message consent is asked inside the tap).
 * The station's manager also gets edit, figures and each slot's roster.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { Button, Card, Page, QueryView } from '../../../shell/components'
import { useAction, useQuery } from '../../../shell/hooks'
import { askForReminders } from '../../components/subscribe'
import type { ServiceView, SlotView } from '../../contract'
import { services } from '../../service'
import { bookingStateLabel } from '../../vocabulary'
import '../../components/services.scss'

const SHOWN_SLOTS = 40

function SlotRow({ s, slot, onBook, busy }: { s: ServiceView; slot: SlotView; onBook: (slot: SlotView) => void; busy: boolean }) {
  const full = slot.seatsLeft === 0
  return (
    <View className='svc-slot'>
      <View className='svc-slot__text'>
        <Text>{slot.label}</Text>
        <Text className='svc-slot__seats'>{full ? `已满${slot.waiting ? `，${slot.waiting} 人候补` : ''}` : `余 ${slot.seatsLeft} / ${slot.seats} 位`}</Text>
      </View>
      {slot.mine ? (
        <Text className='svc-slot__seats svc-slot-mine'>{bookingStateLabel[slot.mine.state]}</Text>
      ) : slot.bookable ? (
        <Button small kind={full ? 'secondary' : 'primary'} className={full ? 'svc-waitlist' : 'svc-book'} loading={busy} onClick={() => onBook(slot)}>
          {full ? '候补' : '预约'}
        </Button>
      ) : (
        <Text className='svc-slot__seats'>未开放</Text>
      )}
      {s.canManage ? (
        <Text className='svc-hint svc-roster-link' onClick={() => void Taro.navigateTo({ url: `/services/pages/roster/index?id=${s.serviceId}&start=${encodeURIComponent(slot.startAt)}` })}>
          名单 ›
        </Text>
      ) : null}
    </View>
  )
}

export default function ServicePage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const detail = useQuery(services.serviceDetail, { serviceId: id })
  const book = useAction(services.book)
  const [message, setMessage] = useState<string>()
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void detail.refetch()
    shown.current = true
  })
  usePullDownRefresh(() => {
    void detail.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  const onBook = async (s: ServiceView, slot: SlotView) => {
    await askForReminders(s.reminderTemplateIds)
    const res = await book.run({ serviceId: s.serviceId, startAt: slot.startAt })
    if (res) {
      setMessage(res.message ?? res.stateLabel)
      void detail.refetch()
    }
  }
  return (
    <Page>
      <QueryView query={detail}>
        {(s) => (
          <View>
            <Card title={`${s.typeLabel} · ${s.provider}`}>
              <Text className='svc-line'>{s.stationName}</Text>
              {s.hoursText.map((h) => (
                <Text key={h} className='svc-line'>
                  {h}
                </Text>
              ))}
              <Text className='svc-line'>{`每位约 ${s.slotMinutes} 分钟，每个时段 ${s.seatsPerSlot} 位；可提前 ${s.definition.bookingWindowDays} 天预约${s.definition.cutoffMinutes ? `，开始前 ${s.definition.cutoffMinutes} 分钟截止` : ''}`}</Text>
              <Text className='svc-line'>{s.description}</Text>
              {s.averageRating !== null ? <Text className='svc-line'>{`评分 ${s.averageRating}（${s.ratingCount} 人评价）`}</Text> : null}
              {s.state === 'paused' ? <Text className='svc-warn'>这项服务暂停预约</Text> : null}
            </Card>
            {message ? <Text className='svc-warn svc-message'>{message}</Text> : null}
            {book.error ? <Text className='svc-error'>{book.error.message}</Text> : null}
            <Card title='可预约时段'>
              {s.slots.length ? (
                s.slots.slice(0, SHOWN_SLOTS).map((slot) => <SlotRow key={slot.startAt} s={s} slot={slot} busy={book.loading} onBook={(sl) => void onBook(s, sl)} />)
              ) : (
                <Text className='svc-hint'>近期没有服务时段</Text>
              )}
              <Text className='svc-hint'>约满时可以候补：有人取消，系统按候补顺序为你保留 30 分钟，请在“我的预约”里确认。</Text>
            </Card>
            <View className='svc-actions'>
              <Button block kind='secondary' className='svc-my-bookings' onClick={() => void Taro.navigateTo({ url: '/services/pages/mine/index' })}>
                我的预约
              </Button>
              {s.canManage ? (
                <View>
                  <Button block kind='secondary' className='svc-edit' onClick={() => void Taro.navigateTo({ url: `/services/pages/edit/index?id=${s.serviceId}&stationId=${s.stationId}` })}>
                    编辑服务
                  </Button>
                  <Button block kind='secondary' className='svc-figures' onClick={() => void Taro.navigateTo({ url: `/services/pages/figures/index?stationId=${s.stationId}` })}>
                    服务统计
                  </Button>
                </View>
              ) : null}
            </View>
          </View>
        )}
      </QueryView>
    </Page>
  )
}
