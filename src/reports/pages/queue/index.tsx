/**
 * Staff queue (网格员 / 街道派单员 / 部门处理人): a dense list in urgency order (overdue first) with
 * filters (status, overdue, no grid), a map of the page (native map in the mini-program, offline plot
 * on H5) and, for dispatchers, bulk accept / dispatch of the checked reports. Each row opens the
 * report's page, where the per-report commands are; 办理统计 opens the figures. A link from the
 * workbench opens it with its filters set (./queue-filters.ts).
 */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { roleLabel } from '../../../core/roles'
import { Button, Card, Empty, Page, QueryView, Tag } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { users } from '../../../users/service'
import { ReportsMap } from '../../components/ReportsMap'
import { queueFiltersFrom } from '../../queue-filters'
import { receiptText } from '../../progress'
import { reports } from '../../service'
import { QueueRole, stateLabel, type ReportState } from '../../vocabulary'
import '../reports.scss'

const roleOrder: QueueRole[] = ['grid_worker', 'dispatcher', 'department_handler']
const stateFilters: Array<ReportState | undefined> = [undefined, 'submitted', 'accepted', 'dispatched', 'in_progress', 'returned', 'reopened']

export default function QueuePage() {
  const me = useQuery(users.me, {})
  const roles = roleOrder.filter((r) => me.data?.roles.includes(r))
  const { params } = useRouter()
  const [initial] = useState(() => queueFiltersFrom(params))
  const [as, setAs] = useState<QueueRole | undefined>(initial.as)
  const role = as && roles.includes(as) ? as : roles[0]
  const [state, setState] = useState<ReportState | undefined>(initial.state)
  const [overdue, setOverdue] = useState(initial.overdue)
  const [unassigned, setUnassigned] = useState(initial.unassigned)
  const [checked, setChecked] = useState<string[]>([])
  const [message, setMessage] = useState('')
  const [showMap, setShowMap] = useState(false)
  const payload = { as: role ?? 'grid_worker', state, overdue: overdue || undefined, unassigned: role === 'dispatcher' && unassigned ? true : undefined, page: { limit: 50 } }
  const queue = useQuery(reports.queue, payload, { enabled: !!role })
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void queue.refetch()
    shown.current = true
  })

  const bulk = async (command: 'accept' | 'dispatch') => {
    const res = await reports.bulk({ reportIds: checked, command }).catch(() => null)
    if (!res) return setMessage('批量操作失败，请重试')
    const failed = res.results.filter((r) => !r.ok)
    setMessage(`完成 ${res.results.length - failed.length} 件${failed.length ? `，${failed.length} 件未完成：${failed[0].message ?? ''}` : ''}`)
    setChecked([])
    await queue.refetch()
  }

  if (me.data && !roles.length) return <Page><Empty title='没有待办队列' text='只有网格员、街道派单员和部门处理人有处理队列。' /></Page>

  return (
    <Page
      footer={
        role === 'dispatcher' && checked.length ? (
          <View className='nx-sheet__actions'>
            <Button kind='secondary' onClick={() => void bulk('accept')}>
              批量立案（{checked.length}）
            </Button>
            <Button onClick={() => void bulk('dispatch')}>批量派单</Button>
          </View>
        ) : undefined
      }
    >
      {roles.length > 1 ? (
        <View className='rp-chips'>
          {roles.map((r) => (
            <Text key={r} className={`rp-chip ${r === role ? 'rp-chip--on' : ''}`} onClick={() => setAs(r)}>
              {roleLabel[r]}
            </Text>
          ))}
        </View>
      ) : null}
      <View className='rp-chips'>
        {stateFilters.map((s) => (
          <Text key={s ?? 'all'} className={`rp-chip ${s === state ? 'rp-chip--on' : ''}`} onClick={() => setState(s)}>
            {s ? stateLabel[s] : '全部待办'}
          </Text>
        ))}
        <Text className={`rp-chip ${overdue ? 'rp-chip--on' : ''}`} onClick={() => setOverdue(!overdue)}>
          只看超期
        </Text>
        {role === 'dispatcher' ? (
          <Text className={`rp-chip ${unassigned ? 'rp-chip--on' : ''}`} onClick={() => setUnassigned(!unassigned)}>
            无网格（边界/网格外）
          </Text>
        ) : null}
        <Text className={`rp-chip rp-map-toggle ${showMap ? 'rp-chip--on' : ''}`} onClick={() => setShowMap(!showMap)}>
          地图
        </Text>
        {role === 'grid_worker' || role === 'dispatcher' ? (
          <Text className='rp-chip rp-figures-link' onClick={() => void Taro.navigateTo({ url: '/reports/pages/figures/index' })}>
            办理统计
          </Text>
        ) : null}
      </View>
      {message ? <Text className='rp-notice'>{message}</Text> : null}
      <QueryView query={queue} skeletonRows={6}>
        {(page) =>
          page.items.length ? (
            <Card title={`共 ${page.total} 件`}>
              {showMap ? <ReportsMap items={page.items} label='待办问题示意图' onOpen={(id) => void Taro.navigateTo({ url: `/reports/pages/detail/index?id=${id}` })} /> : null}
              {page.items.map((item) => (
                <View key={item.id} className='rp-item rp-queue-item'>
                  {role === 'dispatcher' ? (
                    <Text className='rp-item__check' onClick={() => setChecked((c) => (c.includes(item.id) ? c.filter((x) => x !== item.id) : [...c, item.id]))}>
                      {checked.includes(item.id) ? '☑' : '☐'}
                    </Text>
                  ) : null}
                  <View className='rp-item__body' onClick={() => void Taro.navigateTo({ url: `/reports/pages/detail/index?id=${item.id}` })}>
                    <Text className='rp-item__title'>
                      {item.categoryName} · {item.address}
                    </Text>
                    <Text className='rp-item__meta'>
                      {stateLabel[item.state]} · {item.gridName ?? '无网格'} · {item.overdue ? `超期 ${-item.hoursLeft} 小时` : `剩 ${item.hoursLeft} 小时`}
                      {item.pendingPhotos ? ` · ${item.pendingPhotos} 张照片待审` : ''}
                    </Text>
                    {/* The number a reporter quotes on the phone. */}
                    <Text className='rp-item__meta'>{receiptText(item.receiptNo)}</Text>
                  </View>
                  {item.overdue ? <Tag tone='warn'>超期</Tag> : null}
                </View>
              ))}
            </Card>
          ) : (
            <Empty title='队列是空的' text='没有需要处理的问题。' />
          )
        }
      </QueryView>
    </Page>
  )
}
