/**
 * 存折 tab: the balance in big numerals, points lapsing soon, the latest entries with their reasons,
 * and the way to the catalogue and my redemptions; managers and admins also see their tools.
 */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useRef } from 'react'
import { EntryRow } from '../../passbook/components/EntryRow'
import { passbook } from '../../passbook/service'
import { Button, Card, Empty, Page, QueryView } from '../../shell/components'
import { useQuery } from '../../shell/hooks'
import { formatDate } from '../../shell/time'
import { users } from '../../users/service'
import '../../passbook/pages/passbook.scss'

const go = (url: string) => () => void Taro.navigateTo({ url })

export default function PassbookHome() {
  const summary = useQuery(passbook.summary, {})
  const me = useQuery(users.me, {})
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void summary.refetch()
    shown.current = true
  })
  usePullDownRefresh(() => {
    void summary.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  const roles = me.data?.roles ?? []

  return (
    <Page>
      <QueryView query={summary} skeletonRows={3}>
        {(data) => (
          <View>
            <Card className='pb-balance'>
              <Text className='pb-balance__label'>我的积分</Text>
              <Text className='pb-balance__points' aria-label={`积分 ${data.points}`}>
                {data.points}
              </Text>
              <Text className='pb-balance__sub'>累计获得 {data.earned} 分</Text>
              {data.expiringSoon.map((x) => (
                <View key={x.lapsesAt} className='pb-expiring'>
                  <Text>
                    {x.points} 分将于 {formatDate(new Date(new Date(x.lapsesAt).getTime() - 1))} 后过期，请尽快兑换
                  </Text>
                </View>
              ))}
            </Card>
            <View className='pb-actions'>
              <Button onClick={go('/passbook/pages/catalogue/index')}>兑换礼品</Button>
              <Button kind='secondary' onClick={go('/passbook/pages/redemptions/index')}>
                我的兑换
              </Button>
              {roles.includes('station_manager') ? (
                <Button kind='secondary' onClick={go('/passbook/pages/fulfil/index')}>
                  扫码核销
                </Button>
              ) : null}
              {roles.includes('admin') ? (
                <Button kind='secondary' onClick={go('/passbook/pages/admin/index')}>
                  积分管理
                </Button>
              ) : null}
            </View>
            <Card title='最近明细'>
              {data.recent.length === 0 ? (
                <Empty mark='¥' title='还没有积分记录' text='参加志愿服务、随手拍被立案、完成微心愿都能获得积分。' />
              ) : (
                data.recent.map((e) => <EntryRow key={e.id} entry={e} />)
              )}
              {data.recent.length > 0 ? (
                <Text className='pb-more' onClick={go('/passbook/pages/entries/index')}>
                  查看更多
                </Text>
              ) : null}
            </Card>
          </View>
        )}
      </QueryView>
    </Page>
  )
}
