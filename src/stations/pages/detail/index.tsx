/**
 * Station detail: photos, open state and today's hours, the week's hours, amenities, address with one-tap
 * navigation (openLocation), phone, when the data was last verified, visits this month, and a
 * report-a-problem form that goes to the station's managers. Managers also get a link to upkeep.
 */
import { Image, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, Page, QueryView, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import { openMap } from '../../../shell/navigate'
import { useShare } from '../../../shell/use-share'
import { formatDate } from '../../../shell/time'
import { openTone } from '../../components/StationCard'
import { ScanButton } from '../../components/ScanButton'
import { StationProblemKind, stationProblemLabel, type StationDetail } from '../../contract'
import { stationsService } from '../../services'
import { stationShareCard } from '../../share'
import { amenityLabel } from '../../vocabulary'
import { services } from '../../../services/service'
import '../../components/stations.scss'

/** The station's coming services (暖新365): each with its next free seat; the calendar; for its manager, add one and figures. */
function StationServices({ stationId, street, canManage }: { stationId: string; street: string; canManage: boolean }) {
  const list = useQuery(services.listServices, { stationId, limit: 10 })
  const go = (url: string) => void Taro.navigateTo({ url })
  const items = list.data?.items ?? []
  if (!items.length && !canManage) return null
  return (
    <Card title='驿站服务（可预约）'>
      {items.map((sv) => (
        <View key={sv.serviceId} className='nx-row st-service' onClick={() => go(`/services/pages/service/index?id=${sv.serviceId}`)}>
          <Text className='nx-row__label'>{`${sv.typeLabel} · ${sv.provider}`}</Text>
          <Text className='nx-row__value'>{sv.nextFree ? `${sv.nextFree.label.split(' ').slice(0, 2).join(' ')} 有空位 ›` : '近期约满 ›'}</Text>
        </View>
      ))}
      <Text className='st-link st-calendar' onClick={() => go(`/services/pages/calendar/index?stationId=${encodeURIComponent(stationId)}`)}>
        暖新365 日历
      </Text>
      {street ? (
        <Text className='st-link st-street-calendar' onClick={() => go(`/services/pages/calendar/index?street=${encodeURIComponent(street)}`)}>
          {`${street} 暖新365 日历`}
        </Text>
      ) : null}
      {canManage ? (
        <View className='st-footer'>
          <Button kind='secondary' small className='st-add-service' onClick={() => go(`/services/pages/edit/index?stationId=${encodeURIComponent(stationId)}`)}>
            新增服务
          </Button>
          <Button kind='secondary' small className='st-service-figures' onClick={() => go(`/services/pages/figures/index?stationId=${encodeURIComponent(stationId)}`)}>
            服务统计
          </Button>
        </View>
      ) : null}
    </Card>
  )
}

function ReportProblem({ stationId }: { stationId: string }) {
  const [open, setOpen] = useState(false)
  const [kind, setKind] = useState<StationProblemKind>()
  const [note, setNote] = useState('')
  const send = useAction(stationsService.reportProblem)
  if (send.data) return <Text className='nx-lead'>已转给驿站管理员，谢谢你帮大家把信息变准确。</Text>
  if (!open)
    return (
      <Text className='st-link' onClick={() => setOpen(true)}>
        信息不对？报告问题
      </Text>
    )
  return (
    <Card title='报告问题（转给驿站管理员）'>
      <View className='st-chips st-chips--wrap'>
        {Object.values(StationProblemKind).map((k) => (
          <Text key={k} className={`st-chip ${kind === k ? 'st-chip--on' : ''}`} onClick={() => setKind(k)}>
            {stationProblemLabel[k]}
          </Text>
        ))}
      </View>
      <Textarea className='st-textarea' value={note} maxlength={200} placeholder='补充说明（可不填）' onInput={(e) => setNote(e.detail.value)} />
      {send.error ? <Text className='st-error'>{describeError(send.error, { note: '补充说明' })}</Text> : null}
      <Button block disabled={!kind} loading={send.loading} onClick={() => kind && void send.run({ stationId, kind, note: note.trim() || undefined })}>
        提交
      </Button>
    </Card>
  )
}

function Detail({ s }: { s: StationDetail }) {
  const navigate = () => void openMap({ ...s.location, name: s.name, address: s.address })
  return (
    <View>
      {s.photoUrls.filter(Boolean).length ? (
        <View className='st-photos'>
          {s.photoUrls.filter(Boolean).map((url) => (
            <Image key={url} className='st-photo' src={url} mode='aspectFill' onClick={() => void Taro.previewImage({ urls: s.photoUrls.filter(Boolean), current: url })} />
          ))}
        </View>
      ) : null}
      <Text className='nx-title'>{s.name}</Text>
      <View className='st-card__status'>
        <Tag tone={openTone[s.openState]}>{s.openText}</Tag>
        {s.type === 'report_point' ? <Tag tone='brand'>党员报到点</Tag> : null}
      </View>
      <Card title='营业时间'>
        <View className='nx-row'>
          <Text className='nx-row__label'>今天</Text>
          <Text className='nx-row__value'>{s.todayHours}</Text>
        </View>
        {s.weeklyHours.map((line) => (
          <Text key={line} className='nx-lead'>
            {line}
          </Text>
        ))}
        {s.hours.note ? <Text className='nx-lead'>{s.hours.note}</Text> : null}
      </Card>
      <StationServices stationId={s.stationId} street={s.street} canManage={s.canManage} />
      <Card title='服务设施'>
        <View>
          {s.amenities.map((a) => (
            <Tag key={a}>{amenityLabel[a]}</Tag>
          ))}
        </View>
      </Card>
      <Card title='位置和电话'>
        <Text className='nx-lead'>
          {s.district} {s.street} {s.address}
        </Text>
        <View className='st-footer'>
          <Button kind='secondary' small onClick={navigate}>
            导航过去
          </Button>
          {s.phone ? (
            <Button kind='secondary' small onClick={() => void Taro.makePhoneCall({ phoneNumber: s.phone })}>
              打电话 {s.phone}
            </Button>
          ) : null}
        </View>
      </Card>
      <Card>
        <View className='nx-row'>
          <Text className='nx-row__label'>本月到访</Text>
          <Text className='st-big'>{s.visitsThisMonth}</Text>
        </View>
        <Text className='nx-lead'>信息核实于 {formatDate(s.lastVerifiedAt)}</Text>
        {s.description ? <Text className='nx-lead'>{s.description}</Text> : null}
      </Card>
      {s.canManage ? (
        <Text className='st-link' onClick={() => void Taro.navigateTo({ url: `/stations/pages/station/index?id=${encodeURIComponent(s.stationId)}` })}>
          管理此站点
        </Text>
      ) : null}
      <ReportProblem stationId={s.stationId} />
    </View>
  )
}

export default function StationDetailPage() {
  const { params } = useRouter()
  const stationId = decodeURIComponent(params.id ?? '')
  const query = useQuery(stationsService.detail, { stationId, location: undefined }, { enabled: Boolean(stationId) })
  const [scanError, setScanError] = useState<string>()
  useShare(query.data ? stationShareCard(query.data) : undefined)
  return (
    <Page
      footer={
        <ScanButton block onMessage={setScanError} />
      }
    >
      {scanError ? <Text className='st-error'>{scanError}</Text> : null}
      <QueryView query={query} skeletonRows={6}>
        {(s) => <Detail s={s} />}
      </QueryView>
    </Page>
  )
}
