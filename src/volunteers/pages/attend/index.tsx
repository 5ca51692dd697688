/**
 * Where an activity code lands (WeChat scan → launch with `scene`, or our in-app scan): shows the
 * activity and what a tap will record, then checks in or out with the current location. One
 * idempotency key per intent, kept across retries, so a weak network never records twice.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useMemo, useState } from 'react'
import { AppError } from '../../../core/errors'
import { newIdempotencyKey } from '../../../core/idempotency'
import { Button, Card, ErrorState, Page, QueryView } from '../../../shell/components'
import { useAction, useQuery } from '../../../shell/hooks'
import { locate } from '../../../shell/location'
import { formatWindow } from '../../components/format'
import { entryOf, scanActivityCode, sceneOf } from '../../components/scan'
import { formatHours } from '../../hours'
import { volunteers } from '../../service'
import { attendancePhaseLabel } from '../../vocabulary'
import '../../components/volunteers.scss'

export default function AttendPage() {
  const { params } = useRouter()
  const scene = sceneOf(params) ?? ''
  const entry = useMemo(() => entryOf(params), [params])
  const preview = useQuery(volunteers.scanPreview, { scene }, { enabled: !!scene })
  const attend = useAction(volunteers.attend)
  const [locating, setLocating] = useState(false)
  const [locError, setLocError] = useState<string | null>(null)
  const [intent, setIntent] = useState(() => newIdempotencyKey())

  const go = async (phase: 'in' | 'out') => {
    setLocError(null)
    setLocating(true)
    let location
    try {
      location = await locate()
    } catch (e) {
      setLocError((e as AppError).message)
      return
    } finally {
      setLocating(false)
    }
    const r = await attend.run({ scene, phase, entry: { method: entry.method, launchScene: entry.launchScene }, location, idempotencyKey: intent })
    if (r) {
      setIntent(newIdempotencyKey())
      void preview.refetch()
    }
  }

  if (!scene) {
    return (
      <Page footer={<Button block onClick={() => void scanActivityCode()}>扫码</Button>}>
        <ErrorState error={new AppError('INVALID_ARGUMENT', '没有读到签到码，请扫描队长出示的活动签到码')} />
      </Page>
    )
  }
  const result = attend.data
  return (
    <Page
      footer={
        preview.data?.nextPhase ? (
          <Button block loading={locating || attend.loading} className='vol-attend' onClick={() => void go(preview.data!.nextPhase!)}>
            {attendancePhaseLabel[preview.data.nextPhase]}
          </Button>
        ) : (
          <Button block kind='secondary' onClick={() => void Taro.navigateTo({ url: `/volunteers/pages/mine/index` })}>
            我的服务记录
          </Button>
        )
      }
    >
      {result ? (
        <Card>
          <Text className='vol-ok vol-result'>{result.message}</Text>
          {result.hours !== undefined ? (
            <View className='vol-stats'>
              <View className='vol-stat'>
                <Text className='vol-stat__label'>本次时长</Text>
                <Text className='vol-big vol-result-hours'>{formatHours(result.hours)}</Text>
              </View>
              <View className='vol-stat'>
                <Text className='vol-stat__label'>获得积分</Text>
                <Text className='vol-big vol-result-points'>{result.points ?? 0}</Text>
              </View>
            </View>
          ) : null}
          {result.capped ? <Text className='vol-hint'>本月志愿积分已达上限，时长照常记录。</Text> : null}
        </Card>
      ) : null}
      {attend.error ? <Text className='vol-error vol-attend-error'>{attend.error.message}</Text> : null}
      {locError ? <Text className='vol-error'>{locError}</Text> : null}
      <QueryView query={preview}>
        {(p) => (
          <Card title={p.activity.title}>
            <Text className='vol-hint'>{formatWindow(p.activity.startAt, p.activity.endAt)}</Text>
            <Text className='vol-hint'>{p.activity.address}</Text>
            <Text className='vol-text vol-preview-hint'>{p.hint}</Text>
            <Text className='vol-link' onClick={() => void Taro.navigateTo({ url: `/volunteers/pages/activity/index?id=${p.activity.activityId}` })}>
              查看活动详情 ›
            </Text>
          </Card>
        )}
      </QueryView>
    </Page>
  )
}
