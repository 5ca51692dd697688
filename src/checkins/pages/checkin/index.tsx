/**
 * The check-in landing page. A station's code opens it (launch `scene` query) or our in-app scan does
 * (`entry=scan_code`). It shows which station the code belongs to before anything is recorded; on
 * 确认报到 it takes the rider's position (privacy consent first) and sends the check-in once, with one
 * idempotency key for this intent, so 重试 after a dropped connection can never count twice. Every
 * refusal shows the server's reason and what to do next.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { AppError } from '../../../core/errors'
import { newIdempotencyKey } from '../../../core/idempotency'
import { Button, Card, Empty, ErrorState, Page, QueryView, Tag } from '../../../shell/components'
import { useAction, useQuery } from '../../../shell/hooks'
import { locate } from '../../../shell/location'
import { formatMoment } from '../../../shell/time'
import { ScanButton } from '../../../stations/components/ScanButton'
import { checkinsService } from '../../../stations/services'
import { distanceText } from '../../../stations/distance'
import type { CheckinPreview, CheckinResult } from '../../contract'
import { sceneFromLaunchQuery } from '../../scene'
import { checkinPurposeLabel } from '../../vocabulary'
import { entryOf } from './entry'
import '../../../stations/components/stations.scss'
import './index.scss'

function Done({ result }: { result: CheckinResult }) {
  const counted = result.outcome === 'counted'
  return (
    <View className='ck-done' role='status'>
      <View className={`ck-done__mark ${counted ? '' : 'ck-done__mark--repeat'}`}>{counted ? '✓' : 'i'}</View>
      <Text className='ck-done__title'>{result.message}</Text>
      <Text className='ck-done__station'>{result.station.name}</Text>
      {result.points ? <Text className='ck-done__points'>+{result.points} 积分已存入你的存折</Text> : null}
      {result.pointsCapped ? <Text className='nx-lead'>今天的签到积分已到上限，本次不再加分</Text> : null}
      <Text className='nx-lead'>
        {checkinPurposeLabel[result.purpose]} · {formatMoment(result.countedAt)} · 距离 {distanceText(result.distanceM)}
      </Text>
      <Button kind='secondary' block onClick={() => void Taro.redirectTo({ url: '/checkins/pages/history/index' })} className='ck-history'>
        查看我的报到记录
      </Button>
    </View>
  )
}

function Confirm({ scene, preview }: { scene: string; preview: CheckinPreview }) {
  const { params } = useRouter()
  const key = useRef(newIdempotencyKey())
  const [locError, setLocError] = useState<AppError>()
  const [locating, setLocating] = useState(false)
  const send = useAction(checkinsService.checkIn)
  const purpose = preview.purposes[0]

  const confirm = async () => {
    if (!purpose) return
    setLocError(undefined)
    setLocating(true)
    let position
    try {
      position = await locate()
    } catch (e) {
      setLocError(e instanceof AppError ? e : new AppError('INTERNAL'))
      return
    } finally {
      setLocating(false)
    }
    await send.run({ scene, entry: entryOf(params), location: { lng: position.lng, lat: position.lat, accuracy: position.accuracy }, purpose, idempotencyKey: key.current })
  }

  if (send.data) return <Done result={send.data} />
  const s = preview.station
  return (
    <View>
      <Card className='ck-station'>
        <Text className='ck-station__label'>{s.type === 'report_point' ? '党员报到点' : '驿站'}</Text>
        <Text className='ck-station__name'>{s.name}</Text>
        <Text className='nx-lead'>{s.address}</Text>
        {purpose ? <Tag tone='brand'>{checkinPurposeLabel[purpose]}</Tag> : null}
      </Card>
      {!preview.valid && preview.problem ? <ErrorState error={new AppError('FORBIDDEN', preview.problem.message)} title='这个二维码不能用' /> : null}
      {preview.valid && !purpose ? (
        <Card title='党员报到仅限已认证的党员'>
          <Text className='nx-lead'>先在“党员认证”提交所在党组织，街道审核通过后再来扫码报到。</Text>
          <Button kind='secondary' block onClick={() => void Taro.navigateTo({ url: '/checkins/pages/party/index' })}>
            去申请党员认证
          </Button>
        </Card>
      ) : null}
      {locError ? <ErrorState error={locError} title='没能获取位置' /> : null}
      {send.error ? <ErrorState error={send.error} title='报到没有成功' /> : null}
      {preview.valid && purpose ? (
        <View className='ck-actions'>
          <Text className='nx-lead'>确认后将核对你与站点的距离（只用于本次核对，不保存你的位置）。</Text>
          <Button block loading={locating || send.loading} onClick={confirm} className='ck-confirm'>
            {send.error || locError ? '重试' : purpose === 'party_report' ? '确认党员报到' : '确认报到'}
          </Button>
        </View>
      ) : null}
    </View>
  )
}

export default function CheckinPage() {
  const { params } = useRouter()
  const scene = sceneFromLaunchQuery(params) ?? ''
  const preview = useQuery(checkinsService.preview, { scene }, { enabled: Boolean(scene) })
  const [scanError, setScanError] = useState<string>()
  if (!scene) {
    return (
      <Page
        footer={
          <ScanButton block onMessage={setScanError} />
        }
      >
        <Empty title='没有读到驿站二维码' text={scanError ?? '请用微信“扫一扫”或下方按钮扫描驿站现场张贴的二维码'} />
      </Page>
    )
  }
  return (
    <Page>
      <QueryView query={preview} skeletonRows={3}>
        {(data) => <Confirm scene={scene} preview={data} />}
      </QueryView>
    </Page>
  )
}
