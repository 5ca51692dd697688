/**
 * Teams: all teams (filter by street) and the teams I belong to or asked to join. Entry of the
 * volunteers subpackage from 我的.
 */
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, Empty, Page, QueryView, Tag } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import type { TeamSummary } from '../../contract'
import { volunteers } from '../../service'
import { memberStateLabel, teamTypeLabel } from '../../vocabulary'
import '../../components/volunteers.scss'

function TeamCard({ t, tag }: { t: TeamSummary; tag?: string }) {
  return (
    <View className='vol-card' hoverClass='vol-card--pressed' onClick={() => void Taro.navigateTo({ url: `/volunteers/pages/team/index?id=${t.teamId}` })}>
      <View className='vol-card__head'>
        <Text className='vol-card__title'>{t.name}</Text>
        <Text className='vol-card__distance'>{`${t.memberCount} 人`}</Text>
      </View>
      <Text className='vol-card__line'>{`${t.district} · ${t.street}${t.community ? ` · ${t.community}` : ''}`}</Text>
      <Text className='vol-card__line'>{`队长：${t.captainNames.join('、') || '待定'}`}</Text>
      <View className='vol-card__tags'>
        <Tag tone='brand'>{teamTypeLabel[t.type]}</Tag>
        {tag ? <Tag tone='ok'>{tag}</Tag> : null}
      </View>
    </View>
  )
}

export default function TeamsPage() {
  const [tab, setTab] = useState<'mine' | 'all'>('mine')
  const mine = useQuery(volunteers.myTeams, {})
  const all = useQuery(volunteers.listTeams, { street: undefined, page: { limit: 50, offset: 0 } }, { enabled: tab === 'all' })
  usePullDownRefresh(() => {
    void (tab === 'mine' ? mine.refetch() : all.refetch()).finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Page
      footer={
        <View className='vol-actions'>
          <Button kind='secondary' onClick={() => void Taro.navigateTo({ url: '/volunteers/pages/mine/index' })}>
            我的服务记录
          </Button>
          <Button onClick={() => void Taro.navigateTo({ url: '/volunteers/pages/activities/index' })}>找活动</Button>
        </View>
      }
    >
      <View className='vol-tabs'>
        <Text className={`vol-tab ${tab === 'mine' ? 'vol-tab--on' : ''}`} onClick={() => setTab('mine')}>
          我的队伍
        </Text>
        <Text className={`vol-tab ${tab === 'all' ? 'vol-tab--on' : ''}`} onClick={() => setTab('all')}>
          全部队伍
        </Text>
      </View>
      {tab === 'mine' ? (
        <QueryView query={mine}>
          {(d) =>
            d.items.length ? (
              <View>
                {d.items.map((t) => (
                  <TeamCard key={t.teamId} t={t} tag={t.canManage ? '我是队长' : memberStateLabel[t.me.state]} />
                ))}
              </View>
            ) : (
              <Empty title='还没有加入队伍' text='在“全部队伍”里选一支离你近的队伍申请加入，队长同意后就能报名活动。'>
                <Button kind='secondary' onClick={() => setTab('all')}>
                  看看全部队伍
                </Button>
              </Empty>
            )
          }
        </QueryView>
      ) : (
        <QueryView query={all}>
          {(d) => (d.items.length ? <View>{d.items.map((t) => <TeamCard key={t.teamId} t={t} />)}</View> : <Card><Text className='vol-hint'>暂时没有队伍</Text></Card>)}
        </QueryView>
      )}
    </Page>
  )
}
