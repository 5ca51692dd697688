/**
 * A team: who runs it, what it does, upcoming activities; ask to join (with a note) or leave. Captains
 * get the way into the roster screen with the number of waiting requests.
 */
import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { Button, Card, Page, QueryView, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import { formatDate } from '../../../shell/time'
import { ActivityCard } from '../../components/ActivityCard'
import type { TeamView } from '../../contract'
import { volunteers } from '../../service'
import { memberRoleLabel, memberStateLabel, teamTypeLabel } from '../../vocabulary'
import '../../components/volunteers.scss'

function JoinBox({ team, onDone }: { team: TeamView; onDone: () => void }) {
  const [note, setNote] = useState('')
  const join = useAction(volunteers.requestJoin)
  const leave = useAction(volunteers.leaveTeam)
  const me = team.me
  if (me?.state === 'member' || me?.state === 'pending') {
    return (
      <Card title='我的状态'>
        <View className='nx-row'>
          <Text className='nx-row__label'>{memberStateLabel[me.state]}</Text>
          <Text className='nx-row__value'>{me.state === 'member' ? `${memberRoleLabel[me.role]} · ${formatDate(me.since)}加入` : `${formatDate(me.since)}申请，等待队长审核`}</Text>
        </View>
        {leave.error ? <Text className='vol-error'>{leave.error.message}</Text> : null}
        <Button kind='plain' small loading={leave.loading} className='vol-leave' onClick={() => void leave.run({ teamId: team.teamId }).then((r) => r && onDone())}>
          {me.state === 'pending' ? '撤回申请' : '退出队伍'}
        </Button>
      </Card>
    )
  }
  return (
    <Card title='加入这支队伍'>
      {me?.reason ? <Text className='vol-hint'>{`上次${memberStateLabel[me.state]}：${me.reason}`}</Text> : null}
      <Textarea className='vol-input' value={note} maxlength={100} placeholder='想对队长说的话（可不填），例如：平时在哪一片送单、什么时间有空' onInput={(e) => setNote(e.detail.value)} />
      {join.error ? <Text className='vol-error'>{describeError(join.error, { note: '留言' })}</Text> : null}
      <Button block loading={join.loading} className='vol-join' onClick={() => void join.run({ teamId: team.teamId, note: note.trim() || undefined }).then((r) => r && onDone())}>
        申请加入
      </Button>
    </Card>
  )
}

export default function TeamPage() {
  const { params } = useRouter()
  const teamId = params.id ?? ''
  const team = useQuery(volunteers.teamDetail, { teamId }, { enabled: !!teamId })
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void team.refetch()
    shown.current = true
  })
  return (
    <Page>
      <QueryView query={team}>
        {(t) => (
          <View>
            <Card>
              <Text className='vol-card__title'>{t.name}</Text>
              <View className='vol-card__tags'>
                <Tag tone='brand'>{teamTypeLabel[t.type]}</Tag>
                <Tag>{`${t.memberCount} 名队员`}</Tag>
              </View>
              <Text className='vol-text'>{t.description}</Text>
              <Text className='vol-hint'>{`${t.district} · ${t.street} · 队长：${t.captainNames.join('、') || '待定'}`}</Text>
            </Card>
            {t.canManage ? (
              <Card title='队长管理'>
                <Button block className='vol-manage' onClick={() => void Taro.navigateTo({ url: `/volunteers/pages/manage/index?id=${t.teamId}` })}>
                  {t.pendingCount ? `队员名单 · ${t.pendingCount} 个入队申请待处理` : '队员名单与导出'}
                </Button>
                <Button block kind='secondary' className='vol-new-activity' onClick={() => void Taro.navigateTo({ url: `/volunteers/pages/create/index?team=${t.teamId}` })}>
                  发布活动
                </Button>
              </Card>
            ) : null}
            <JoinBox team={t} onDone={() => void team.refetch()} />
            <Card title='近期活动'>
              {t.upcoming.length ? t.upcoming.map((a) => <ActivityCard key={a.activityId} a={a} />) : <Text className='vol-hint'>暂时没有安排活动</Text>}
            </Card>
          </View>
        )}
      </QueryView>
    </Page>
  )
}
