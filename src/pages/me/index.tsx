/**
 * 我的 tab: who I am, my points (→ 存折), my latest reports with receipt number and promised handling time
 * (→ 随手拍), my coming activities (→ 我的活动), my messages with their unread count (also the tab's
 * badge), what each granted role covers, and for admins the 管理 card leading to every admin screen
 * (../../users/admin-pages.ts). All of it from one call, users.me({ overview: true }). On H5 it also
 * holds the dev role switcher.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useRef, type ComponentType } from 'react'
import { roleLabel } from '../../core/roles'
import { showUnreadBadge } from '../../shell/badge'
import { Button, Card, Page, QueryView, Tag } from '../../shell/components'
import { useQuery } from '../../shell/hooks'
import { formatDate } from '../../shell/time'
import { MyReportRow } from '../../reports/components/MyReportRow'
import { adminPages } from '../../users/admin-pages'
import type { MeOverview } from '../../users/contract'
import { users } from '../../users/service'
import { formatWindow } from '../../volunteers/components/format'
import './index.scss'

// H5 only; dead code in the mini-program build.
const RoleSwitcherList: ComponentType | null =
  process.env.TARO_ENV === 'h5' ? (require('../../shell/dev/RoleSwitcher') as typeof import('../../shell/dev/RoleSwitcher')).RoleSwitcherList : null

export default function MeHome() {
  const me = useQuery(users.me, { overview: true })
  const shown = useRef(false)
  // Coming back from a subpackage page (e.g. after renaming) shows fresh data; the first show is the mount fetch.
  useDidShow(() => {
    if (shown.current) void me.refetch()
    shown.current = true
  })
  usePullDownRefresh(() => {
    void me.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  const unread = me.data?.unreadMessages
  useEffect(() => {
    if (unread !== undefined) showUnreadBadge(unread)
  }, [unread])

  return (
    <Page>
      <QueryView query={me} skeletonRows={2}>
        {(data) => (
          <View>
            <Card className='me-profile'>
              <Text className='me-profile__name'>{data.nickname}</Text>
              <View className='me-profile__roles'>
                {data.roles.map((role) => (
                  <Tag key={role} tone={role === 'worker' ? 'neutral' : 'brand'}>
                    {roleLabel[role]}
                  </Tag>
                ))}
              </View>
              <Button kind='secondary' small onClick={() => void Taro.navigateTo({ url: '/users/pages/profile/index' })}>
                修改昵称
              </Button>
            </Card>
            {data.overview ? <Overview o={data.overview} /> : null}
            <Card title='消息' className='me-messages'>
              <View className='nx-row' onClick={() => void Taro.navigateTo({ url: '/users/pages/messages/index' })} aria-label={`消息中心，${data.unreadMessages} 条未读`}>
                <Text className='nx-row__label'>消息中心</Text>
                <Text className={data.unreadMessages > 0 ? 'nx-row__value me-unread' : 'nx-row__value'}>{data.unreadMessages > 0 ? `${data.unreadMessages} 条未读 ›` : '全部已读 ›'}</Text>
              </View>
            </Card>
            {data.grants.some((g) => g.role !== 'worker') ? (
              <Card title='我的职责'>
                {data.grants
                  .filter((g) => g.role !== 'worker')
                  .map((grant) => (
                    <View key={grant.role} className='nx-row'>
                      <Text className='nx-row__label'>{roleLabel[grant.role]}</Text>
                      <Text className='nx-row__value'>{grant.scopes.length ? grant.scopes.map((s) => s.name ?? s.id).join('、') : '全部'}</Text>
                    </View>
                  ))}
              </Card>
            ) : null}
            {data.roles.includes('admin') ? (
              <Card title='管理' className='me-admin'>
                {adminPages.map((p) => (
                  <View key={p.url} className='nx-row' onClick={() => void Taro.navigateTo({ url: p.url })} aria-label={p.label}>
                    <Text className='nx-row__label'>{p.label}</Text>
                    <Text className='nx-row__value'>{`${p.detail} ›`}</Text>
                  </View>
                ))}
              </Card>
            ) : null}
            <Card title='志愿服务' className='me-volunteers'>
              {serviceLinks.map(([url, label, value, className]) => (
                <View key={url} className={className ? `nx-row ${className}` : 'nx-row'} onClick={() => go(url)}>
                  <Text className='nx-row__label'>{label}</Text>
                  <Text className='nx-row__value'>{value}</Text>
                </View>
              ))}
            </Card>
            <Card title='账户'>
              <View className='nx-row'>
                <Text className='nx-row__label'>加入时间</Text>
                <Text className='nx-row__value'>{formatDate(data.createdAt)}</Text>
              </View>
              <View className='nx-row'>
                <Text className='nx-row__label'>隐私保护指引</Text>
                <Text className='nx-row__value'>{data.privacyAcceptedAt ? `${formatDate(data.privacyAcceptedAt)}已同意` : '使用定位时询问'}</Text>
              </View>
            </Card>
          </View>
        )}
      </QueryView>
      {RoleSwitcherList ? (
        <Card title='开发身份（仅本地）' className='me-dev'>
          <RoleSwitcherList />
        </Card>
      ) : null}
    </Page>
  )
}

const go = (url: string) => void Taro.navigateTo({ url })

/** The 志愿服务 card's rows: page, label, what it offers, and a class the browser tests find it by. */
const serviceLinks: ReadonlyArray<readonly [url: string, label: string, value: string, className?: string]> = [
  ['/volunteers/pages/teams/index', '志愿服务队', '我的队伍 ›'],
  ['/volunteers/pages/activities/index', '志愿活动', '报名 · 签到 ›'],
  ['/services/pages/mine/index', '驿站服务预约', '理发 · 体检 · 法律咨询 ›', 'me-services'],
  ['/volunteers/pages/mine/index', '服务记录', '时长 · 证明 ›'],
  ['/wishes/pages/wall/index', '微心愿', '许愿 · 点亮 ›'],
  ['/suggestions/pages/board/index', '建议公示', '提建议 · 看答复 ›'],
]
const tab = (url: string) => void Taro.switchTab({ url })

/** Points, my latest reports and my coming activities, each a tap away from its full page. */
function Overview({ o }: { o: MeOverview }) {
  return (
    <View>
      <Card className='me-points'>
        <View className='me-points__row' onClick={() => tab('/pages/passbook/index')} aria-label={`我的积分 ${o.points}，打开存折`}>
          <View className='me-points__figure'>
            <Text className='me-points__label'>我的积分</Text>
            <Text className='me-points__value'>{o.points}</Text>
          </View>
          <Text className='me-link'>存折 ›</Text>
        </View>
      </Card>
      <Card title='我上报的' className='me-reports'>
        {o.reports.length ? (
          o.reports.map((r) => <MyReportRow key={r.id} r={r} />)
        ) : (
          <Text className='me-empty'>还没有上报过。看到问题拍下来，街道会处理并告诉你进展。</Text>
        )}
        <View className='nx-row' onClick={() => tab('/pages/report/index')}>
          <Text className='nx-row__label'>{o.reports.length ? (o.moreReports ? '全部上报' : '随手拍') : '去随手拍'}</Text>
          <Text className='me-link'>{o.moreReports ? '查看全部 ›' : '打开 ›'}</Text>
        </View>
      </Card>
      <Card title='我的活动' className='me-activities'>
        {o.activities.length ? (
          o.activities.map((a) => (
            <View key={a.id} className='me-activity' onClick={() => go(`/volunteers/pages/activity/index?id=${a.id}`)}>
              <View className='me-activity__body'>
                <Text className='me-activity__title'>{a.title}</Text>
                <Text className='me-activity__time'>{formatWindow(a.startAt, a.endAt)}</Text>
              </View>
              <Tag tone={a.signup === 'waitlisted' ? 'warn' : 'brand'}>{a.signupLabel}</Tag>
            </View>
          ))
        ) : (
          <Text className='me-empty'>没有即将开始的活动。</Text>
        )}
        <View className='nx-row' onClick={() => go(o.activities.length ? '/volunteers/pages/mine/index' : '/volunteers/pages/activities/index')}>
          <Text className='nx-row__label'>{o.activities.length ? '全部活动' : '找活动'}</Text>
          <Text className='me-link'>{o.activities.length ? '我的活动 ›' : '报名 ›'}</Text>
        </View>
      </Card>
    </View>
  )
}
