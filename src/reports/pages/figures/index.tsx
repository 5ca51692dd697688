/**
 * 办理统计: the figures districts publish about 随手拍, for a period — received, accepted (立案),
 * resolved, overdue, median hours to resolve, resolution and satisfaction rates — in total and per grid
 * and department. Dispatchers see their street, grid workers their own grids (or their street), admins
 * any street. Dense on purpose: this is a staff screen.
 */
import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { Card, Empty, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { formatDate } from '../../../shell/time'
import { users } from '../../../users/service'
import type { FiguresView } from '../../contract'
import type { Figures } from '../../figures'
import { reports } from '../../service'
import '../reports.scss'

const PERIODS = [
  { days: 7, label: '近 7 天' },
  { days: 30, label: '近 30 天' },
  { days: 90, label: '近 90 天' },
  { days: 365, label: '近一年' },
] as const

const allowed = ['grid_worker', 'dispatcher', 'admin']

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`)
const hours = (x: number | null) => (x === null ? '—' : String(x))

const COLUMNS: Array<{ label: string; value: (f: Figures) => string }> = [
  { label: '收到', value: (f) => String(f.received) },
  { label: '立案', value: (f) => String(f.accepted) },
  { label: '办结', value: (f) => String(f.resolved) },
  { label: '超期', value: (f) => String(f.overdue) },
  { label: '用时中位(时)', value: (f) => hours(f.medianHoursToResolve) },
  { label: '解决率', value: (f) => pct(f.resolutionRate) },
  { label: '满意率', value: (f) => pct(f.satisfaction) },
]

function Table({ head, rows }: { head: string; rows: FiguresView['byGrid'] }) {
  return (
    <View className='rp-table' role='table'>
      <View className='rp-table__row rp-table__row--head' role='row'>
        <Text className='rp-table__name'>
          {head}
        </Text>
        {COLUMNS.map((c) => (
          <Text key={c.label} className='rp-table__cell'>
            {c.label}
          </Text>
        ))}
      </View>
      {rows.map((r) => (
        <View key={r.id || 'none'} className='rp-table__row rp-fig-row' role='row'>
          <Text className='rp-table__name'>
            {r.name}
          </Text>
          {COLUMNS.map((c) => (
            <Text key={c.label} className='rp-table__cell'>
              {c.value(r.figures)}
            </Text>
          ))}
        </View>
      ))}
    </View>
  )
}

function Totals({ f }: { f: Figures }) {
  const tiles: Array<[string, string]> = [
    ['收到', String(f.received)],
    ['立案', String(f.accepted)],
    ['办结', String(f.resolved)],
    ['超期', String(f.overdue)],
    ['解决率', pct(f.resolutionRate)],
    ['满意率', pct(f.satisfaction)],
    ['用时中位', f.medianHoursToResolve === null ? '—' : `${f.medianHoursToResolve} 时`],
    ['平均评分', f.meanRating === null ? '—' : `${f.meanRating} 分`],
  ]
  return (
    <View className='rp-tiles'>
      {tiles.map(([label, value]) => (
        <View key={label} className='rp-tile'>
          <Text className='rp-tile__value'>{value}</Text>
          <Text className='rp-tile__label'>{label}</Text>
        </View>
      ))}
    </View>
  )
}

export default function FiguresPage() {
  const me = useQuery(users.me, {})
  const [days, setDays] = useState<number>(30)
  const [street, setStreet] = useState<string>()
  const may = me.data?.roles.some((r) => allowed.includes(r))
  const query = useQuery(reports.figures, { street, days }, { enabled: !!may })

  if (me.data && !may) return <Page><Empty title='没有可查看的统计' text='办理统计只对网格员、街道派单员和管理员开放。' /></Page>

  return (
    <Page>
      <Text className='nx-title'>办理统计</Text>
      <View className='rp-chips'>
        {PERIODS.map((p) => (
          <Text key={p.days} className={`rp-chip ${days === p.days ? 'rp-chip--on' : ''}`} onClick={() => setDays(p.days)}>
            {p.label}
          </Text>
        ))}
      </View>
      {query.data && query.data.streets.length > 1 ? (
        <View className='rp-chips'>
          {query.data.streets.map((s) => (
            <Text key={s.id} className={`rp-chip ${query.data?.street.id === s.id ? 'rp-chip--on' : ''}`} onClick={() => setStreet(s.id)}>
              {s.name}
            </Text>
          ))}
        </View>
      ) : null}
      <QueryView query={query} skeletonRows={6}>
        {(data) => (
          <View>
            <Text className='nx-lead'>
              {data.street.name} · {formatDate(data.from)} 至 {formatDate(data.to)}
              {data.scope === 'grids' ? ' · 仅您负责的网格' : ''}
            </Text>
            <Card title='合计'>
              <Totals f={data.total} />
            </Card>
            <Card title='按网格'>{data.byGrid.length ? <Table head='网格' rows={data.byGrid} /> : <Text className='nx-lead'>这段时间没有上报。</Text>}</Card>
            <Card title='按部门'>{data.byDepartment.length ? <Table head='部门' rows={data.byDepartment} /> : <Text className='nx-lead'>这段时间没有派到部门的问题。</Text>}</Card>
            <Text className='nx-lead'>解决率 = 办结 ÷ 立案；满意率 = 评 4–5 星的占比；用时从上报到办结。</Text>
          </View>
        )}
      </QueryView>
    </Page>
  )
}
