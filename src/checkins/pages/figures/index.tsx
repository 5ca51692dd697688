/**
 * Visit figures: one station (its managers and admins; `?stationId=`) or a district (admins), by day for
 * the last 30 days or by month for the last 12, with unique visitors and, for a district, its busiest
 * stations. Dense on purpose: this is a staff screen.
 */
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { chinaDateKey } from '../../../core/time'
import { Card, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { checkinsService, stationsService } from '../../../stations/services'
import type { FiguresBucket } from '../../contract'
import type { FiguresGranularity } from '../../figures'
import '../../../stations/components/stations.scss'

function rangeFor(granularity: FiguresGranularity): { from: string; to: string } {
  const now = new Date()
  const to = chinaDateKey(now)
  if (granularity === 'day') return { from: chinaDateKey(new Date(now.getTime() - 29 * 86_400_000)), to }
  const y = Number(to.slice(0, 4))
  const m = Number(to.slice(5, 7))
  const start = m === 12 ? `${y}-01-01` : `${y - 1}-${String(m + 1).padStart(2, '0')}-01`
  return { from: start, to }
}

function Bars({ buckets }: { buckets: FiguresBucket[] }) {
  const max = Math.max(1, ...buckets.map((b) => b.checkins))
  return (
    <View className='st-bars'>
      {[...buckets].reverse().map((b) => (
        <View key={b.period} className='st-bar'>
          <Text className='st-bar__label'>{b.period.slice(5) || b.period}</Text>
          <View className='st-bar__fill' style={{ width: `${Math.round((b.checkins / max) * 60)}%` }} />
          <Text>
            {b.checkins} 次 · {b.uniqueUsers} 人
          </Text>
        </View>
      ))}
    </View>
  )
}

function Granularity({ value, onChange }: { value: FiguresGranularity; onChange: (g: FiguresGranularity) => void }) {
  return (
    <View className='st-chips'>
      {(['day', 'month'] as const).map((g) => (
        <Text key={g} className={`st-chip ${value === g ? 'st-chip--on' : ''}`} onClick={() => onChange(g)}>
          {g === 'day' ? '近 30 天' : '近 12 个月'}
        </Text>
      ))}
    </View>
  )
}

function StationFigures({ stationId }: { stationId: string }) {
  const [granularity, setGranularity] = useState<FiguresGranularity>('day')
  const query = useQuery(checkinsService.stationFigures, { stationId, granularity, ...rangeFor(granularity), purpose: undefined })
  return (
    <View>
      <Granularity value={granularity} onChange={setGranularity} />
      <QueryView query={query}>
        {(data) => (
          <Card title={`合计 ${data.total} 次`}>
            <Bars buckets={data.buckets} />
          </Card>
        )}
      </QueryView>
    </View>
  )
}

function DistrictFigures() {
  const [granularity, setGranularity] = useState<FiguresGranularity>('month')
  const districts = useQuery(stationsService.districts, {})
  const [district, setDistrict] = useState<string>()
  const chosen = district ?? districts.data?.items[0]?.district
  const query = useQuery(checkinsService.districtFigures, { district: chosen ?? '', granularity, ...rangeFor(granularity), purpose: undefined }, { enabled: Boolean(chosen) })
  return (
    <View>
      <View className='st-chips'>
        {(districts.data?.items ?? []).map((d) => (
          <Text key={d.district} className={`st-chip ${chosen === d.district ? 'st-chip--on' : ''}`} onClick={() => setDistrict(d.district)}>
            {d.district}
          </Text>
        ))}
      </View>
      <Granularity value={granularity} onChange={setGranularity} />
      {chosen ? (
        <QueryView query={query}>
          {(data) => (
            <View>
              <Card title={`${data.district} 合计 ${data.total} 次`}>
                <Bars buckets={data.buckets} />
              </Card>
              <Card title='到访最多的站点'>
                {data.byStation.map((s) => (
                  <View key={s.stationId} className='nx-row'>
                    <Text className='nx-row__label'>{s.name}</Text>
                    <Text className='nx-row__value'>{s.checkins} 次</Text>
                  </View>
                ))}
              </Card>
            </View>
          )}
        </QueryView>
      ) : null}
    </View>
  )
}

export default function FiguresPage() {
  const { params } = useRouter()
  const stationId = params.stationId ? decodeURIComponent(params.stationId) : ''
  return (
    <Page>
      <Text className='nx-title'>到访统计</Text>
      {stationId ? <StationFigures stationId={stationId} /> : <DistrictFigures />}
    </Page>
  )
}
