/**
 * 十分钟暖新服务圈 (district subpackage): for a street or all the caller's streets and a period, the share
 * of rider activity within a 10- and a 15-minute walk of an open station, the cells on a map (native
 * <Map> in the mini-program, an offline SVG plot on H5), and the biggest uncovered places ranked with
 * their nearest station — where the next station should go. The computation is the server's.
 */
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState, type ComponentType } from 'react'
import { Card, Empty, Page, QueryView } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { formatDistance } from '../../../core/geo'
import type { CoverageView } from '../../contract'
import { activityKindLabel, DETOUR, formatShare, WALK_10_MIN_M, WALK_15_MIN_M, type ActivityKind } from '../../coverage-rules'
import { reachColour, reachLabel, ringOf } from '../../components/coverage-style'
import { district } from '../../service'
import '../../components/district.scss'
import { periodFor } from '../../dashboard'

const WeappMap: ComponentType<Record<string, unknown>> | null =
  process.env.TARO_ENV === 'weapp' ? (require('@tarojs/components') as { Map: ComponentType<Record<string, unknown>> }).Map : null
const Plot: ComponentType<{ view: CoverageView; label: string }> | null =
  process.env.TARO_ENV === 'h5' ? (require('../../components/CoveragePlot') as typeof import('../../components/CoveragePlot')).CoveragePlot : null

type PeriodKey = 'month' | 'quarter' | 'last_month'
const periodLabel: Record<PeriodKey, string> = { month: '近 30 天', quarter: '近 90 天', last_month: '上个月' }

const periodChoice: Record<PeriodKey, { lastDays: number } | 'last_month'> = { month: { lastDays: 30 }, quarter: { lastDays: 90 }, last_month: 'last_month' }
const periodOf = (key: PeriodKey) => periodFor(periodChoice[key], new Date())

const DETOURS = [1, DETOUR.default, 1.5, DETOUR.max]

function Chips<K extends string | number>({ items, value, label, onPick }: { items: readonly K[]; value: K; label: (k: K) => string; onPick: (k: K) => void }) {
  return (
    <View className='dt-chips'>
      {items.map((k) => (
        <Text key={String(k)} className={`dt-chip ${value === k ? 'dt-chip--on' : ''}`} onClick={() => onPick(k)}>
          {label(k)}
        </Text>
      ))}
    </View>
  )
}

function CoverageMap({ view }: { view: CoverageView }) {
  if (WeappMap) {
    const gaps = view.gaps
    const cellsById = new Map(view.plot.cells.map((c) => [c.id, c]))
    const all = [...gaps.map((g) => g.centre), ...view.stations.map((s) => s.location)]
    return (
      <WeappMap
        className='dt-map'
        longitude={all[0]?.lng ?? 120.66}
        latitude={all[0]?.lat ?? 31.3}
        scale={14}
        includePoints={all.map((p) => ({ longitude: p.lng, latitude: p.lat }))}
        polygons={gaps.flatMap((g) => {
          const c = cellsById.get(g.cellId)
          if (!c) return []
          const points = ringOf(c).map(([longitude, latitude]) => ({ longitude, latitude }))
          return [{ points, fillColor: `${reachColour[c.reach]}66`, strokeColor: reachColour[c.reach], strokeWidth: 2 }]
        })}
        circles={view.stations.map((s) => ({ longitude: s.location.lng, latitude: s.location.lat, radius: Math.round(view.reach10M), color: `${reachColour.r10}cc`, fillColor: `${reachColour.r10}22`, strokeWidth: 1 }))}
        markers={gaps.map((g, i) => ({ id: i, longitude: g.centre.lng, latitude: g.centre.lat, width: 28, height: 28, callout: { content: `${i + 1}. ${g.gridName} 活跃度 ${g.weight}`, display: 'BYCLICK', fontSize: 14 } }))}
        onError={() => undefined}
      />
    )
  }
  if (Plot) return <Plot view={view} label={`覆盖分布图：${view.cells} 个网格单元，${view.gaps.length} 处缺口已编号`} />
  return null
}

function Figures({ view }: { view: CoverageView }) {
  const kinds = Object.keys(view.activityByKind) as ActivityKind[]
  return (
    <Card title='覆盖率'>
      <View className='dt-figures'>
        <View className='dt-figure'>
          <Text className='dt-figure__num'>{formatShare(view.covered10.share)}</Text>
          <Text className='dt-figure__label'>覆盖率 10 分钟</Text>
        </View>
        <View className='dt-figure'>
          <Text className='dt-figure__num'>{formatShare(view.covered15.share)}</Text>
          <Text className='dt-figure__label'>覆盖率 15 分钟</Text>
        </View>
        <View className='dt-figure'>
          <Text className='dt-figure__num'>{view.activity}</Text>
          <Text className='dt-figure__label'>骑手活跃度（次）</Text>
        </View>
        <View className='dt-figure'>
          <Text className='dt-figure__num'>{view.cells}</Text>
          <Text className='dt-figure__label'>网格单元（约 0.1 平方公里）</Text>
        </View>
      </View>
      <Text className='dt-item__meta'>{`按骑手活跃度计：10 分钟步行 ${WALK_10_MIN_M} 米（直线 ${Math.round(view.reach10M)} 米）、15 分钟步行 ${WALK_15_MIN_M} 米（直线 ${Math.round(view.reach15M)} 米）内有开放驿站的占比。`}</Text>
      <Text className='dt-item__meta'>{`活跃度来自 ${kinds.map((k) => `${activityKindLabel[k]} ${view.activityByKind[k]}`).join('、')}${view.outside ? `；其中 ${view.outside} 次在网格以外，未计入` : ''}。`}</Text>
      {view.activity === 0 ? <Text className='dt-flag'>这段时间没有骑手活跃记录，覆盖率无法计算。</Text> : null}
    </Card>
  )
}

function Gaps({ view }: { view: CoverageView }) {
  return (
    <Card title={`覆盖缺口（${view.gaps.length}）`}>
      {view.gaps.length ? (
        <View>
          <Text className='dt-item__meta'>按活跃度从高到低；建议点位为该单元中心，可作为新驿站的选址参考。</Text>
          {view.gaps.map((g, i) => (
            <View key={g.cellId} className='dt-item dt-gap'>
              <Text className='dt-item__name'>{`${i + 1}. ${g.gridName}`}</Text>
              <Text className='dt-item__meta'>{`建议点位：东经 ${g.centre.lng.toFixed(5)}，北纬 ${g.centre.lat.toFixed(5)}`}</Text>
              <Text className='dt-item__meta'>{`活跃度 ${g.weight} 次 · ${g.within15 ? '仅 15 分钟可达' : '15 分钟内无驿站'}`}</Text>
              <Text className='dt-item__meta'>{g.nearest ? `最近驿站：${g.nearest.name}，直线 ${formatDistance(g.nearest.distanceM)}` : '最近驿站：3 公里内没有开放驿站'}</Text>
            </View>
          ))}
        </View>
      ) : (
        <Empty title='没有覆盖缺口' text={view.activity ? '有骑手活动的地方都在 10 分钟步行范围内。' : '这段时间没有骑手活跃记录。'} />
      )}
    </Card>
  )
}

function Coverage({ street }: { street?: string }) {
  const [period, setPeriod] = useState<PeriodKey>('month')
  const [detour, setDetour] = useState<number>(DETOUR.default)
  const query = useQuery(district.coverage, { street, ...periodOf(period), detour })
  return (
    <View>
      <Chips items={Object.keys(periodLabel) as PeriodKey[]} value={period} label={(k) => periodLabel[k]} onPick={setPeriod} />
      <Text className='dt-field__label'>绕行系数（步行距离 ÷ 直线距离）</Text>
      <Chips items={DETOURS} value={detour} label={(d) => d.toFixed(1)} onPick={setDetour} />
      <QueryView query={query}>
        {(view) =>
          view.grids ? (
            <View>
              <Text className='dt-item__meta'>{`${view.from} 至 ${view.to}，${view.grids} 个网格`}</Text>
              <Figures view={view} />
              <Card title='覆盖分布'>
                <CoverageMap view={view} />
                <View className='dt-legend'>
                  {(Object.keys(reachLabel) as Array<keyof typeof reachLabel>).map((k) => (
                    <View key={k} className='dt-legend__item'>
                      <View className='dt-legend__swatch' style={{ background: reachColour[k] }} />
                      <Text className='dt-legend__text'>{reachLabel[k]}</Text>
                    </View>
                  ))}
                  <View className='dt-legend__item'>
                    <View className='dt-legend__swatch dt-legend__swatch--station' />
                    <Text className='dt-legend__text'>开放驿站；颜色越深活跃度越高</Text>
                  </View>
                </View>
                {view.plot.truncated ? <Text className='dt-item__meta'>{`单元太多，图上只画出缺口和最活跃的 ${view.plot.cells.length} 个。`}</Text> : null}
              </Card>
              <Gaps view={view} />
            </View>
          ) : (
            <Empty title='还没有划分网格' text='请管理员先在“类别 · 部门 · 网格”设置页为街道划分网格，才能计算覆盖范围。' />
          )
        }
      </QueryView>
    </View>
  )
}

export default function CoveragePage() {
  const { params } = useRouter()
  const scope = useQuery(district.myScope, {})
  const [street, setStreet] = useState<string | undefined>(params.street ? decodeURIComponent(params.street) : undefined)
  return (
    <Page>
      <Text className='nx-title'>十分钟暖新服务圈</Text>
      <QueryView query={scope}>
        {(s) =>
          s.streets.length ? (
            <View>
              {s.streets.length > 1 ? (
                <Chips items={['', ...s.streets.map((x) => x.street)]} value={street ?? ''} label={(id) => (id ? (s.streets.find((x) => x.street === id)?.streetName ?? id) : '全部街道')} onPick={(id) => setStreet(id || undefined)} />
              ) : (
                <Text className='dt-item__meta'>{`${s.streets[0].district} · ${s.streets[0].streetName}`}</Text>
              )}
              <Coverage street={street} />
            </View>
          ) : (
            <Empty title='还没有负责的街道' text='请联系管理员在"角色授权"里为你授予街道范围。' />
          )
        }
      </QueryView>
    </Page>
  )
}
