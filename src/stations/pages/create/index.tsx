/**
 * Admin: create a station or a community report point. Position from the admin's own location on site
 * (or typed coordinates), address, amenities and hours (round the clock, or the same hours every day;
 * finer hours are edited afterwards). The server assigns the printable code and the check-in key.
 */
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { AppError } from '../../../core/errors'
import { Button, Card, Page } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction } from '../../../shell/hooks'
import { locate } from '../../../shell/location'
import { stationsService } from '../../services'
import { allAmenities, amenityLabel, StationType, type Amenity } from '../../vocabulary'
import '../../components/stations.scss'

const labels: Record<string, string> = {
  name: '名称',
  'address.province': '省',
  'address.city': '市',
  'address.district': '区县',
  'address.street': '街道',
  'address.detail': '详细地址',
  'location.lng': '经度',
  'location.lat': '纬度',
  phone: '电话',
}

function Field({ label, value, onInput, placeholder }: { label: string; value: string; onInput: (v: string) => void; placeholder?: string }) {
  return (
    <View className='st-field'>
      <Text className='st-field__label'>{label}</Text>
      <Input className='st-input' value={value} placeholder={placeholder} onInput={(e) => onInput(e.detail.value)} />
    </View>
  )
}

export default function CreateStationPage() {
  const [type, setType] = useState<StationType>('station')
  const [f, setF] = useState({ name: '', province: '', city: '', district: '', street: '', detail: '', lng: '', lat: '', phone: '', open: '08:00', close: '22:00' })
  const [always, setAlways] = useState(false)
  const [amenities, setAmenities] = useState<Amenity[]>(['drinking_water', 'phone_charging', 'rest'])
  const [locError, setLocError] = useState<string>()
  const create = useAction(stationsService.create)
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }))

  const here = async () => {
    setLocError(undefined)
    try {
      const p = await locate()
      setF((x) => ({ ...x, lng: p.lng.toFixed(6), lat: p.lat.toFixed(6) }))
    } catch (e) {
      setLocError((e instanceof AppError ? e : new AppError('INTERNAL')).message)
    }
  }

  const submit = async () => {
    const daily = [{ open: f.open, close: f.close }]
    const done = await create.run({
      type,
      name: f.name,
      code: undefined,
      location: { lng: Number(f.lng), lat: Number(f.lat) },
      address: { province: f.province, city: f.city, district: f.district, street: f.street, detail: f.detail },
      amenities,
      hours: always ? { always: true } : { always: false, weekly: { 0: daily, 1: daily, 2: daily, 3: daily, 4: daily, 5: daily, 6: daily } },
      phone: f.phone || undefined,
      description: undefined,
      network: undefined,
      host: undefined,
      hub: undefined,
      checkinRadiusM: undefined,
    })
    if (done) void Taro.redirectTo({ url: `/stations/pages/station/index?id=${encodeURIComponent(done.stationId)}` })
  }

  return (
    <Page
      footer={
        <Button block loading={create.loading} onClick={submit}>
          创建
        </Button>
      }
    >
      <Card title='类型'>
        <View className='st-chips'>
          {Object.values(StationType).map((t) => (
            <Text key={t} className={`st-chip ${type === t ? 'st-chip--on' : ''}`} onClick={() => setType(t)}>
              {t === 'station' ? '驿站' : '党员报到点'}
            </Text>
          ))}
        </View>
      </Card>
      <Card title='名称和地址'>
        <Field label='名称' value={f.name} onInput={set('name')} placeholder='如：惠家·暖心驿站（文化路站）' />
        <Field label='省' value={f.province} onInput={set('province')} />
        <Field label='市' value={f.city} onInput={set('city')} />
        <Field label='区县' value={f.district} onInput={set('district')} />
        <Field label='街道/乡镇' value={f.street} onInput={set('street')} />
        <Field label='详细地址' value={f.detail} onInput={set('detail')} />
        <Field label='对外电话（可不填）' value={f.phone} onInput={set('phone')} />
      </Card>
      <Card title='位置'>
        <Button kind='secondary' small onClick={here}>
          用我现在的位置（请在站点门口操作）
        </Button>
        {locError ? <Text className='st-error'>{locError}</Text> : null}
        <Field label='经度' value={f.lng} onInput={set('lng')} />
        <Field label='纬度' value={f.lat} onInput={set('lat')} />
      </Card>
      <Card title='营业时间'>
        <View className='st-chips'>
          <Text className={`st-chip ${always ? 'st-chip--on' : ''}`} onClick={() => setAlways(true)}>
            24小时
          </Text>
          <Text className={`st-chip ${!always ? 'st-chip--on' : ''}`} onClick={() => setAlways(false)}>
            每天固定时间
          </Text>
        </View>
        {!always ? (
          <View className='st-footer'>
            <Field label='开门' value={f.open} onInput={set('open')} placeholder='08:00' />
            <Field label='关门' value={f.close} onInput={set('close')} placeholder='22:00' />
          </View>
        ) : null}
      </Card>
      <Card title='服务设施'>
        <View className='st-chips st-chips--wrap'>
          {allAmenities.map((a) => (
            <Text key={a} className={`st-chip ${amenities.includes(a) ? 'st-chip--on' : ''}`} onClick={() => setAmenities((l) => (l.includes(a) ? l.filter((x) => x !== a) : [...l, a]))}>
              {amenityLabel[a]}
            </Text>
          ))}
        </View>
      </Card>
      {create.error ? <Text className='st-error'>{describeError(create.error, labels)}</Text> : null}
    </Page>
  )
}
