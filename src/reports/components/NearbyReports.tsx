/**
 * 附近的问题: reports near the rider, with category and status, on a map and as a list. It asks for the
 * location only when tapped (the shell's locate(): privacy consent first) and, when refused, says why
 * and leaves the rest of the tab working. What it shows comes from the public `nearby` action: never
 * the reporter, only reviewed photos, pins rounded to ~100 m.
 */
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useMemo, useState } from 'react'
import { AppError } from '../../core/errors'
import { formatDistance } from '../../core/geo'
import { Button, Card, Empty, ErrorState, QueryView, Tag } from '../../shell/components'
import { useQuery } from '../../shell/hooks'
import { locate, type Position } from '../../shell/location'
import { formatMoment } from '../../shell/time'
import { publicReports } from '../public-service'
import { categoryIcon, closedStates, stateLabel, type ReportState } from '../vocabulary'
import { ReportsMap } from './ReportsMap'
import './reports-components.scss'

export const NEARBY_RADIUS_M = 1000

const openDetail = (id: string) => void Taro.navigateTo({ url: `/reports/pages/detail/index?id=${id}` })

function toneOf(state: ReportState) {
  if (state === 'resolved') return 'warn' as const
  return closedStates.includes(state) ? ('ok' as const) : ('brand' as const)
}

function NearbyList({ position }: { position: Position }) {
  const location = useMemo(() => ({ lng: position.lng, lat: position.lat }), [position])
  const query = useQuery(publicReports.nearby, { location, radiusM: NEARBY_RADIUS_M, limit: 30 })
  return (
    <QueryView query={query} skeletonRows={3}>
      {(data) =>
        data.items.length ? (
          <View>
            <ReportsMap items={data.items} centre={location} label='附近问题示意图' onOpen={openDetail} />
            {data.items.map((r, i) => (
              <View key={r.id} className='nx-row rp-nearby-item' onClick={() => openDetail(r.id)}>
                {r.cover ? <Image src={r.cover} mode='aspectFill' className='rp-nearby-item__cover' /> : null}
                <View className='rp-nearby-item__body'>
                  <Text className='nx-row__label'>
                    {i + 1}. {categoryIcon[r.categoryId]} {r.categoryName}
                  </Text>
                  <Text className='nx-lead'>
                    {r.distanceM !== undefined ? `${formatDistance(r.distanceM)} · ` : ''}
                    {formatMoment(r.createdAt)}
                  </Text>
                </View>
                <Tag tone={toneOf(r.state)}>{stateLabel[r.state]}</Tag>
              </View>
            ))}
          </View>
        ) : (
          <Empty mark='👍' title='附近 1 公里内没有上报的问题' text='看到问题可以点下方按钮拍照上报。' />
        )
      }
    </QueryView>
  )
}

export function NearbyReports() {
  const [position, setPosition] = useState<Position>()
  const [error, setError] = useState<AppError>()
  const [busy, setBusy] = useState(false)
  const findMe = async () => {
    setBusy(true)
    setError(undefined)
    try {
      setPosition(await locate())
    } catch (e) {
      setError(e instanceof AppError ? e : new AppError('UNAVAILABLE'))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Card title='附近的问题'>
      {position ? <NearbyList position={position} /> : null}
      {error ? (
        <View>
          <ErrorState error={error} title='没能获取位置' />
          <Text className='nx-lead'>不开定位也能拍照上报、查看自己上报的问题。</Text>
        </View>
      ) : null}
      {!position && !error ? <Text className='nx-lead'>看看身边 1 公里内大家反映的问题和处理进度（不显示上报人）。</Text> : null}
      <Button kind='secondary' block loading={busy} onClick={findMe} className='rp-nearby-locate'>
        {position ? '刷新附近的问题' : error ? '重新定位' : '查看附近的问题'}
      </Button>
    </Card>
  )
}
