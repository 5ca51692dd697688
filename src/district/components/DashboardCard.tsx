/**
 * The district dashboard card: a period (近 7 天 / 近 30 天 / 上个月) for the streets in view, each figure
 * with its change from the previous period of the same length — 随手拍 with the 三率 and the median time
 * to resolve, stations, wishes and suggestions, volunteer service, points — and the figures of right now.
 */
import { Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import { Card, QueryView } from '../../shell/components'
import { useQuery } from '../../shell/hooks'
import type { StationType } from '../../stations/vocabulary'
import type { DashboardView } from '../contract'
import { changeText, figureLabel, figureSections, percentText, periodFor, RATE_WEIGHTS, RESPONSE_HOURS, type PointsFigures, type ThreeRates } from '../dashboard'
import { district } from '../service'
import { stationTypeLabel } from '../vocabulary'
import { DashboardTrends } from './DashboardTrends'

export type PeriodKey = 'week' | 'month' | 'last_month'
export const periodLabel: Record<PeriodKey, string> = { week: '近 7 天', month: '近 30 天', last_month: '上个月' }
const periodChoice: Record<PeriodKey, { lastDays: number } | 'last_month'> = { week: { lastDays: 7 }, month: { lastDays: 30 }, last_month: 'last_month' }
/** The China days of a period the page offers, as of now. */
export const periodOf = (key: PeriodKey) => periodFor(periodChoice[key], new Date())

function Row({ label, value, change }: { label: string; value: string; change?: string }) {
  return (
    <View className='nx-row'>
      <Text className='nx-row__label'>{label}</Text>
      <Text className='nx-row__value'>{change === undefined ? value : `${value}（${change}）`}</Text>
    </View>
  )
}

const rateRows: ReadonlyArray<{ key: keyof ThreeRates; label: string }> = [
  { key: 'response', label: `响应率（${RESPONSE_HOURS} 小时内）` },
  { key: 'resolution', label: '解决率（按时办结）' },
  { key: 'satisfaction', label: '满意率' },
  { key: 'overall', label: `三率综合（${RATE_WEIGHTS.response * 100}/${RATE_WEIGHTS.resolution * 100}/${RATE_WEIGHTS.satisfaction * 100}）` },
]

const pointsRows: ReadonlyArray<{ key: keyof PointsFigures; label: string }> = [
  { key: 'issued', label: '积分发放' },
  { key: 'redeemed', label: '积分兑换' },
  { key: 'reversed', label: '冲正退回（净）' },
]

function Figures({ d }: { d: DashboardView }) {
  const { current: cur, previous: prev, now } = d
  const hours = (h: number | null) => (h === null ? '—' : `${h} 小时`)
  return (
    <View>
      <Text className='dt-item__meta'>{`${d.from} 至 ${d.to}，括号内为与前一时段（${d.previousFrom} 至 ${d.previousTo}）相比`}</Text>
      {figureSections.map((section) => (
        <View key={section.title} className='dt-section'>
          <Text className='dt-section__title'>{section.title}</Text>
          {section.title === '驿站'
            ? Object.entries(now.stations).map(([type, s]) => <Row key={type} label={`${stationTypeLabel[type as StationType]}（此刻开放 / 总数）`} value={`${s.open} / ${s.total}`} />)
            : null}
          {section.title === '志愿服务' ? <Row label='志愿队伍 / 队员（此刻）' value={`${now.teams} 支 / ${now.members} 人`} /> : null}
          {section.keys.map((k) => (
            <Row key={k} label={figureLabel[k]} value={String(cur[k])} change={changeText(cur[k], prev[k])} />
          ))}
          {section.title === '随手拍' ? (
            <View>
              {rateRows.map((r) => (
                <Row key={r.key} label={r.label} value={percentText(cur.rates[r.key])} change={changeText(cur.rates[r.key], prev.rates[r.key], true)} />
              ))}
              <Row label='办结用时中位数' value={hours(cur.medianHoursToResolve)} change={changeText(cur.medianHoursToResolve, prev.medianHoursToResolve)} />
              <Row label='此刻超期未办结' value={`${now.overdue} 件`} />
            </View>
          ) : null}
        </View>
      ))}
      <DashboardTrends days={d.days} />
      <View className='dt-section'>
        <Text className='dt-section__title'>积分（全部账户，不分街道）</Text>
        {pointsRows.map((r) => (
          <Row key={r.key} label={r.label} value={String(d.points.current[r.key])} change={changeText(d.points.current[r.key], d.points.previous[r.key])} />
        ))}
      </View>
    </View>
  )
}

/** The period is the page's (its Excel export follows it). */
export function DashboardCard({ street, version, period: key, onPeriod: setKey }: { street?: string; version: number; period: PeriodKey; onPeriod: (key: PeriodKey) => void }) {
  const query = useQuery(district.dashboard, { street, ...periodOf(key) })
  const { refetch } = query
  useEffect(() => {
    if (version > 1) void refetch()
  }, [version, refetch])
  return (
    <Card title='数据看板'>
      <View className='dt-chips'>
        {(Object.keys(periodLabel) as PeriodKey[]).map((k) => (
          <Text key={k} className={`dt-chip ${key === k ? 'dt-chip--on' : ''}`} onClick={() => setKey(k)}>
            {periodLabel[k]}
          </Text>
        ))}
      </View>
      <QueryView query={query}>{(d) => <Figures d={d} />}</QueryView>
    </Card>
  )
}
