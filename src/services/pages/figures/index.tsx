/**
 * Service figures for a station's manager (`?stationId=`) or the street (`?street=`): slots held, seats
 * offered, booked, attended, no-show rate, waitlist conversions and average rating for this month or
 * the last 30 days, by type, station or month.
 */
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Card, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { china } from '../../../shell/time'
import type { FiguresRow } from '../../figures'
import { services } from '../../service'
import '../../components/services.scss'

type Group = 'type' | 'station' | 'month'
const groupLabel: Record<Group, string> = { type: '按类型', station: '按驿站', month: '按月' }
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`)

function Row({ name, r }: { name: string; r: FiguresRow }) {
  return (
    <View className='svc-table__row svc-figures-row'>
      <Text className='svc-table__cell svc-table__cell--key'>{name}</Text>
      <Text className='svc-table__cell'>{r.seatsOffered}</Text>
      <Text className='svc-table__cell'>{r.booked}</Text>
      <Text className='svc-table__cell'>{r.attended}</Text>
      <Text className='svc-table__cell'>{pct(r.noShowRate)}</Text>
      <Text className='svc-table__cell'>{`${r.conversions}/${r.offers}`}</Text>
      <Text className='svc-table__cell'>{r.averageRating ?? '—'}</Text>
    </View>
  )
}

export default function FiguresPage() {
  const { params } = useRouter()
  const [group, setGroup] = useState<Group>('type')
  const today = china()
  const from = today.subtract(29, 'day').format('YYYY-MM-DD')
  const to = today.add(7, 'day').format('YYYY-MM-DD')
  const figures = useQuery(services.figures, { stationId: params.stationId || undefined, street: params.street ? decodeURIComponent(params.street) : undefined, from, to, group })
  return (
    <Page>
      <View className='svc-chips'>
        {(Object.keys(groupLabel) as Group[]).map((g) => (
          <Text key={g} className={`svc-chip ${group === g ? 'svc-chip--on' : ''}`} onClick={() => setGroup(g)}>
            {groupLabel[g]}
          </Text>
        ))}
      </View>
      <QueryView query={figures}>
        {(f) => (
          <View>
            <Card title={`${f.from} 至 ${f.to}`}>
              <View className='nx-row'>
                <Text className='nx-row__label'>服务时段</Text>
                <Text className='svc-big svc-total-slots'>{f.total.slots}</Text>
              </View>
              <View className='nx-row'>
                <Text className='nx-row__label'>已预约 / 到场</Text>
                <Text className='svc-big svc-total-booked'>{`${f.total.booked} / ${f.total.attended}`}</Text>
              </View>
              <View className='nx-row'>
                <Text className='nx-row__label'>爽约率</Text>
                <Text className='nx-row__value'>{pct(f.total.noShowRate)}</Text>
              </View>
              <View className='nx-row'>
                <Text className='nx-row__label'>候补转正</Text>
                <Text className='nx-row__value'>{`${f.total.conversions} / ${f.total.offers}`}</Text>
              </View>
              <View className='nx-row'>
                <Text className='nx-row__label'>平均评分</Text>
                <Text className='nx-row__value svc-total-rating'>{f.total.averageRating ?? '暂无'}</Text>
              </View>
            </Card>
            <Card title={groupLabel[group]}>
              <View className='svc-table__row'>
                <Text className='svc-table__cell svc-table__cell--key'>分组</Text>
                <Text className='svc-table__cell'>名额</Text>
                <Text className='svc-table__cell'>预约</Text>
                <Text className='svc-table__cell'>到场</Text>
                <Text className='svc-table__cell'>爽约</Text>
                <Text className='svc-table__cell'>候补</Text>
                <Text className='svc-table__cell'>评分</Text>
              </View>
              {f.rows.map((r) => (
                <Row key={r.key} name={r.label} r={r} />
              ))}
            </Card>
          </View>
        )}
      </QueryView>
    </Page>
  )
}
