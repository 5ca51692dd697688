/**
 * The district dashboard's trends for the chosen period: 随手拍 received and resolved per day, and
 * station visits per day, each a small hand-drawn chart (TrendChart) with its legend and totals in words.
 */
import { View } from '@tarojs/components'
import { figureLabel, type DayCounts } from '../dashboard'
import { TrendChart } from './TrendChart'

// The theme's brand and ok colours ($nx-brand, $nx-ok in src/shell/theme.scss), both ≥ 4.5:1 on white.
const BRAND = '#b93a0b'
const OK = '#16703a'

export function DashboardTrends({ days }: { days: readonly DayCounts[] }) {
  if (!days.length) return null
  const labels = days.map((d) => d.day)
  return (
    <View className='dt-trends'>
      <TrendChart
        id='dt-trend-reports'
        title='随手拍每日收到与办结'
        labels={labels}
        series={[
          { name: figureLabel.received, values: days.map((d) => d.received), colour: BRAND },
          { name: figureLabel.resolved, values: days.map((d) => d.resolved), colour: OK, dashed: true },
        ]}
      />
      <TrendChart id='dt-trend-visits' title='驿站每日到访' labels={labels} series={[{ name: figureLabel.visits, values: days.map((d) => d.visits), colour: BRAND }]} />
    </View>
  )
}
