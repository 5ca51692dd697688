/**
 * The station manager defines or edits a service: type, provider, description, weekdays and hours in
 * China time, minutes and seats per slot, how far ahead and until when riders may book, closed dates,
 * the provider's absences (a day and hours in China time, with a note riders see), and pausing it. The
 * page edits the first weekly line; further lines (set elsewhere) are kept as they are.
 */
import { Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { Weekday } from '../../../core/time'
import { weekdayLabel } from '../../../core/time'
import { Button, Card, Page } from '../../../shell/components'
import { china, chinaInstant } from '../../../shell/time'
import type { Absence } from '../../schedule'
import { useAction, useQuery } from '../../../shell/hooks'
import { services } from '../../service'
import { allServiceTypes, serviceTypeLabel, type ServiceType } from '../../vocabulary'
import '../../components/services.scss'

const WEEK: Weekday[] = [1, 2, 3, 4, 5, 6, 0]
const num = (v: string) => (v.trim() === '' ? NaN : Number(v))

export default function EditServicePage() {
  const { params } = useRouter()
  const stationId = params.stationId ?? ''
  const serviceId = params.id || undefined
  const existing = useQuery(services.serviceDetail, { serviceId: serviceId ?? '-', days: 1 }, { enabled: Boolean(serviceId) })
  const save = useAction(services.saveService)
  const [type, setType] = useState<ServiceType>('haircut')
  const [provider, setProvider] = useState('')
  const [description, setDescription] = useState('')
  const [weekdays, setWeekdays] = useState<Weekday[]>([2])
  const [start, setStart] = useState('14:00')
  const [end, setEnd] = useState('16:00')
  const [slotMinutes, setSlotMinutes] = useState('20')
  const [seats, setSeats] = useState('1')
  const [windowDays, setWindowDays] = useState('7')
  const [cutoff, setCutoff] = useState('30')
  const [closed, setClosed] = useState('')
  const [paused, setPaused] = useState(false)
  const [absences, setAbsences] = useState<Absence[]>([])
  const [problem, setProblem] = useState<string>()
  const loaded = existing.data
  useEffect(() => {
    if (!loaded) return
    const d = loaded.definition
    setType(loaded.type)
    setProvider(loaded.provider)
    setDescription(loaded.description)
    setWeekdays(d.weekly[0]?.weekdays ?? [])
    setStart(d.weekly[0]?.ranges[0]?.start ?? '14:00')
    setEnd(d.weekly[0]?.ranges[0]?.end ?? '16:00')
    setSlotMinutes(String(d.slotMinutes))
    setSeats(String(d.seatsPerSlot))
    setWindowDays(String(d.bookingWindowDays))
    setCutoff(String(d.cutoffMinutes))
    setClosed(d.closedDates.join(' '))
    setAbsences(d.absences)
    setPaused(loaded.state === 'paused')
  }, [loaded])
  const toggleDay = (d: Weekday) => setWeekdays(weekdays.includes(d) ? weekdays.filter((x) => x !== d) : [...weekdays, d])
  const submit = async () => {
    setProblem(undefined)
    const closedDates = closed.split(/[\s,，]+/).filter(Boolean)
    const numbers = [num(slotMinutes), num(seats), num(windowDays), num(cutoff)]
    if (numbers.some((n) => !Number.isInteger(n))) return setProblem('时长、名额、提前天数和截止分钟请填写整数')
    const rest = loaded?.definition.weekly.slice(1) ?? []
    const res = await save.run({
      serviceId,
      stationId,
      type,
      provider: provider.trim(),
      description: description.trim(),
      definition: {
        weekly: [{ weekdays: [...weekdays].sort(), ranges: [{ start, end }] }, ...rest],
        slotMinutes: numbers[0],
        seatsPerSlot: numbers[1],
        bookingWindowDays: numbers[2],
        cutoffMinutes: numbers[3],
        closedDates,
        absences,
      },
      state: paused ? 'paused' : 'active',
    })
    if (res) {
      void Taro.showToast({ title: '已保存', icon: 'success' })
      void Taro.redirectTo({ url: `/services/pages/service/index?id=${res.serviceId}` })
    }
  }
  return (
    <Page
      footer={
        <Button block className='svc-save' loading={save.loading} onClick={() => void submit()}>
          保存服务
        </Button>
      }
    >
      <Card title='服务内容'>
        <View className='svc-chips'>
          {allServiceTypes.map((t) => (
            <Text key={t} className={`svc-chip svc-type-${t} ${type === t ? 'svc-chip--on' : ''}`} onClick={() => setType(t)}>
              {serviceTypeLabel[t]}
            </Text>
          ))}
        </View>
        <Text className='svc-label'>服务提供方</Text>
        <Input className='svc-input svc-provider' value={provider} maxlength={40} placeholder='例如：社区卫生服务站、爱心理发师王师傅' onInput={(e) => setProvider(e.detail.value)} />
        <Text className='svc-label'>服务介绍</Text>
        <Textarea className='svc-input svc-textarea svc-description' value={description} maxlength={300} placeholder='服务内容、需要带什么、注意事项' onInput={(e) => setDescription(e.detail.value)} />
      </Card>
      <Card title='服务时间（北京时间）'>
        <View className='svc-chips'>
          {WEEK.map((d) => (
            <Text key={d} className={`svc-chip svc-day-${d} ${weekdays.includes(d) ? 'svc-chip--on' : ''}`} onClick={() => toggleDay(d)}>
              {weekdayLabel[d]}
            </Text>
          ))}
        </View>
        <Picker mode='time' value={start} onChange={(e) => setStart(String(e.detail.value))}>
          <View className='nx-row'>
            <Text className='nx-row__label'>开始</Text>
            <Text className='nx-row__value svc-start'>{`${start} ›`}</Text>
          </View>
        </Picker>
        <Picker mode='time' value={end} onChange={(e) => setEnd(String(e.detail.value))}>
          <View className='nx-row'>
            <Text className='nx-row__label'>结束</Text>
            <Text className='nx-row__value svc-end'>{`${end} ›`}</Text>
          </View>
        </Picker>
        <Text className='svc-label'>每位时长（分钟）</Text>
        <Input className='svc-input svc-slot-minutes' type='number' value={slotMinutes} onInput={(e) => setSlotMinutes(e.detail.value)} />
        <Text className='svc-label'>每个时段名额</Text>
        <Input className='svc-input svc-seats' type='number' value={seats} onInput={(e) => setSeats(e.detail.value)} />
        <Text className='svc-label'>最多提前几天预约</Text>
        <Input className='svc-input svc-window' type='number' value={windowDays} onInput={(e) => setWindowDays(e.detail.value)} />
        <Text className='svc-label'>开始前多少分钟截止预约和取消</Text>
        <Input className='svc-input svc-cutoff' type='number' value={cutoff} onInput={(e) => setCutoff(e.detail.value)} />
        <Text className='svc-label'>停诊日期（如 2026-12-25，多个用空格分开）</Text>
        <Input className='svc-input svc-closed' value={closed} onInput={(e) => setClosed(e.detail.value)} />
        <View className='nx-row'>
          <Text className='nx-row__label'>暂停预约</Text>
          <Switch checked={paused} onChange={(e) => setPaused(e.detail.value)} />
        </View>
      </Card>
      <Absences value={absences} onChange={setAbsences} />
      {problem ? <Text className='svc-error'>{problem}</Text> : null}
      {save.error ? <Text className='svc-error svc-save-error'>{save.error.message}</Text> : null}
    </Page>
  )
}

const absenceText = (a: Absence) => `${china(a.from).format('M月D日 HH:mm')}–${china(a.to).format('HH:mm')}${a.note ? `（${a.note}）` : ''}`

/** The provider's absences: one day's hours in China time each; slots inside one are not offered. */
function Absences({ value, onChange }: { value: Absence[]; onChange: (next: Absence[]) => void }) {
  const [date, setDate] = useState(china().format('YYYY-MM-DD'))
  const [from, setFrom] = useState('09:00')
  const [to, setTo] = useState('12:00')
  const [note, setNote] = useState('')
  const [problem, setProblem] = useState<string>()
  const add = () => {
    if (to <= from) return setProblem('请假结束时间要晚于开始时间')
    setProblem(undefined)
    onChange([...value, { from: chinaInstant(date, from), to: chinaInstant(date, to), ...(note.trim() ? { note: note.trim() } : {}) }])
    setNote('')
  }
  return (
    <Card title='服务人员请假'>
      {value.length ? null : <Text className='svc-hint'>请假的时段不开放预约；已预约的骑手请另行通知。</Text>}
      {value.map((a, i) => (
        <View key={`${a.from}-${i}`} className='nx-row svc-absence'>
          <Text className='nx-row__label'>{absenceText(a)}</Text>
          <Text className='svc-link' onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={`删除请假 ${absenceText(a)}`}>
            删除
          </Text>
        </View>
      ))}
      <Picker mode='date' value={date} onChange={(e) => setDate(String(e.detail.value))}>
        <View className='nx-row'>
          <Text className='nx-row__label'>日期</Text>
          <Text className='nx-row__value svc-absence-date'>{`${date} ›`}</Text>
        </View>
      </Picker>
      <Picker mode='time' value={from} onChange={(e) => setFrom(String(e.detail.value))}>
        <View className='nx-row'>
          <Text className='nx-row__label'>从</Text>
          <Text className='nx-row__value'>{`${from} ›`}</Text>
        </View>
      </Picker>
      <Picker mode='time' value={to} onChange={(e) => setTo(String(e.detail.value))}>
        <View className='nx-row'>
          <Text className='nx-row__label'>到</Text>
          <Text className='nx-row__value'>{`${to} ›`}</Text>
        </View>
      </Picker>
      <Input className='svc-input svc-absence-note' value={note} maxlength={40} placeholder='说明（选填），如：医生外出义诊' onInput={(e) => setNote(e.detail.value)} />
      {problem ? <Text className='svc-error'>{problem}</Text> : null}
      <Button kind='secondary' small className='svc-absence-add' onClick={add}>
        添加请假
      </Button>
    </Card>
  )
}
