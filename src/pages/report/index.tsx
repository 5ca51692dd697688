/**
 * 随手拍 tab: the rider's "take a photo and report" in one tap (bottom button), drafts waiting for the
 * network (sent automatically, exactly once), their own reports with status, receipt number and promised
 * handling time, and — for grid workers,
 * dispatchers and department handlers — the way into their queue. The reporter's identity is never
 * shown to others; this page only lists the caller's own reports.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { Button, Card, Empty, Page, QueryView, Tag } from '../../shell/components'
import { useQuery } from '../../shell/hooks'
import { MyReportRow } from '../../reports/components/MyReportRow'
import { NearbyReports } from '../../reports/components/NearbyReports'
import { draftQueue, startDraftSync } from '../../reports/draft-queue'
import { publicReports } from '../../reports/public-service'
import { categoryLabel } from '../../reports/vocabulary'
import { users } from '../../users/service'

const staffRoles = ['grid_worker', 'dispatcher', 'department_handler'] as const
/** Who sees the figures (办理统计): grid workers for their grids, dispatchers for their street, admins. */
const figuresRoles = ['grid_worker', 'dispatcher', 'admin'] as const

export default function ReportHome() {
  const mine = useQuery(publicReports.mine, { page: { limit: 20 } })
  const me = useQuery(users.me, {})
  const [drafts, setDrafts] = useState(() => draftQueue.list())
  const shown = useRef(false)
  useDidShow(() => {
    setDrafts(draftQueue.list())
    startDraftSync(() => {
      setDrafts(draftQueue.list())
      void mine.refetch()
    })
    if (shown.current) void mine.refetch()
    shown.current = true
  })
  const isStaff = me.data?.roles.some((r) => (staffRoles as readonly string[]).includes(r))
  const seesFigures = me.data?.roles.some((r) => (figuresRoles as readonly string[]).includes(r))

  return (
    <Page
      footer={
        <Button block onClick={() => void Taro.navigateTo({ url: '/reports/pages/new/index' })} className='rp-new'>
          📷 拍照上报问题
        </Button>
      }
    >
      <Text className='nx-title'>随手拍</Text>
      <Text className='nx-lead'>看到垃圾外露、乱停乱放、电动车上楼等问题，拍下来交给街道处理；立案后可得积分。</Text>
      {isStaff || seesFigures ? (
        <Card title={isStaff ? '我的处理队列' : '随手拍办理情况'}>
          {isStaff ? (
            <Button kind='secondary' block onClick={() => void Taro.navigateTo({ url: '/reports/pages/queue/index' })} className='rp-queue'>
              打开待办队列
            </Button>
          ) : null}
          {seesFigures ? (
            <Button kind='plain' block onClick={() => void Taro.navigateTo({ url: '/reports/pages/figures/index' })} className='rp-figures-link'>
              办理统计（按网格、部门）
            </Button>
          ) : null}
        </Card>
      ) : null}
      {drafts.length ? (
        <Card title={`待发送的草稿（${drafts.length}）`}>
          {drafts.map((d) => (
            <View key={d.key} className='nx-row'>
              <Text className='nx-row__label'>{categoryLabel[d.input.categoryId]}</Text>
              <Tag tone={d.state === 'failed' ? 'warn' : 'neutral'}>{d.state === 'failed' ? d.error?.message ?? '发送失败' : '网络恢复后自动发送'}</Tag>
            </View>
          ))}
          <Button kind='secondary' small onClick={() => void draftQueue.flush().then(() => { setDrafts(draftQueue.list()); void mine.refetch() })}>
            现在发送
          </Button>
        </Card>
      ) : null}
      <QueryView query={mine} skeletonRows={3}>
        {(data) =>
          data.items.length ? (
            <Card title='我上报的'>
              {data.items.map((r) => (
                <MyReportRow key={r.id} r={r} />
              ))}
            </Card>
          ) : (
            <Empty mark='📷' title='还没有上报过' text='你的身份不会公开，问题处理的每一步都会通知你。' />
          )
        }
      </QueryView>
      <NearbyReports />
    </Page>
  )
}
