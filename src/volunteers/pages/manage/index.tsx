/**
 * Captain's team screen (dense): join requests with approve / decline (reason), the roster with hours,
 * remove with a reason, hand over the captaincy, export the roster as CSV for Excel.
 */
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, Empty, Page, QueryView, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import { formatDate } from '../../../shell/time'
import { saveCsv } from '../../components/save-csv'
import type { RosterItem } from '../../contract'
import { volunteers } from '../../service'
import { memberRoleLabel } from '../../vocabulary'
import '../../components/volunteers.scss'

type Pending = { kind: 'decline' | 'remove' | 'handover'; person: RosterItem } | null

export default function ManagePage() {
  const { params } = useRouter()
  const teamId = params.id ?? ''
  const roster = useQuery(volunteers.roster, { teamId, state: undefined, page: { limit: 100, offset: 0 } }, { enabled: !!teamId })
  const decide = useAction(volunteers.decideJoin)
  const remove = useAction(volunteers.removeMember)
  const handOver = useAction(volunteers.handOver)
  const exportCsv = useAction(volunteers.exportRoster)
  const [pending, setPending] = useState<Pending>(null)
  const [reason, setReason] = useState('')
  const [notice, setNotice] = useState<string | null>(null)
  const error = decide.error ?? remove.error ?? handOver.error ?? exportCsv.error

  const done = (text: string) => {
    setPending(null)
    setReason('')
    setNotice(text)
    void roster.refetch()
  }
  const approve = async (p: RosterItem) => {
    if (await decide.run({ teamId, userId: p.userId, decision: 'approve', reason: undefined })) done(`已同意 ${p.nickname} 入队`)
  }
  const confirm = async () => {
    if (!pending) return
    const r = reason.trim()
    if (pending.kind === 'decline' && (await decide.run({ teamId, userId: pending.person.userId, decision: 'decline', reason: r }))) done(`已拒绝 ${pending.person.nickname} 的申请`)
    if (pending.kind === 'remove' && (await remove.run({ teamId, userId: pending.person.userId, reason: r }))) done(`已将 ${pending.person.nickname} 移出队伍`)
    if (pending.kind === 'handover' && (await handOver.run({ teamId, toUserId: pending.person.userId, reason: r || undefined }))) {
      done(`已把队长移交给 ${pending.person.nickname}`)
      void Taro.navigateBack()
    }
  }
  const doExport = async () => {
    const file = await exportCsv.run({ teamId })
    if (!file) return
    try {
      setNotice(await saveCsv(file.fileName, file.csv))
    } catch {
      setNotice('没有发送文件，可以稍后再导出')
    }
  }

  return (
    <Page
      footer={
        <Button block kind='secondary' loading={exportCsv.loading} className='vol-export' onClick={() => void doExport()}>
          导出队员名单（Excel 可打开）
        </Button>
      }
    >
      {notice ? <Text className='vol-ok'>{notice}</Text> : null}
      {error ? <Text className='vol-error'>{describeError(error, { reason: '原因' })}</Text> : null}
      {pending ? (
        <Card title={pending.kind === 'decline' ? `拒绝 ${pending.person.nickname} 的申请` : pending.kind === 'remove' ? `将 ${pending.person.nickname} 移出队伍` : `把队长移交给 ${pending.person.nickname}`}>
          <Input className='vol-input vol-reason' value={reason} maxlength={200} placeholder={pending.kind === 'handover' ? '移交说明（可不填）' : '请填写原因，对方会看到'} onInput={(e) => setReason(e.detail.value)} />
          <View className='vol-actions'>
            <Button kind='secondary' onClick={() => setPending(null)}>
              取消
            </Button>
            <Button loading={decide.loading || remove.loading || handOver.loading} className='vol-confirm' onClick={() => void confirm()}>
              确定
            </Button>
          </View>
        </Card>
      ) : null}
      <QueryView query={roster}>
        {(d) => {
          const waiting = d.items.filter((i) => i.state === 'pending')
          const members = d.items.filter((i) => i.state === 'member')
          return (
            <View>
              <Card title={`入队申请（${waiting.length}）`}>
                {waiting.length ? (
                  waiting.map((p) => (
                    <View key={p.userId} className='vol-person vol-request'>
                      <Text className='vol-person__name'>{p.nickname}</Text>
                      <Text className='vol-person__meta'>{`${formatDate(p.since)}申请${p.note ? ` · “${p.note}”` : ''}`}</Text>
                      <View className='vol-actions'>
                        <Button small loading={decide.loading} className='vol-approve' onClick={() => void approve(p)}>
                          同意
                        </Button>
                        <Button small kind='secondary' onClick={() => setPending({ kind: 'decline', person: p })}>
                          拒绝
                        </Button>
                      </View>
                    </View>
                  ))
                ) : (
                  <Text className='vol-hint'>没有待处理的申请</Text>
                )}
              </Card>
              <Card title={`队员（${members.length}）`}>
                {members.length ? (
                  members.map((p) => (
                    <View key={p.userId} className='vol-person'>
                      <Text className='vol-person__name'>{p.nickname}</Text>
                      <Tag tone={p.role === 'captain' ? 'brand' : 'neutral'}>{memberRoleLabel[p.role]}</Tag>
                      <Text className='vol-person__meta'>{`${p.volunteerNo} · ${formatDate(p.since)}入队 · 服务 ${p.hours} 小时`}</Text>
                      {p.role === 'member' ? (
                        <View className='vol-actions'>
                          <Button small kind='secondary' onClick={() => setPending({ kind: 'handover', person: p })}>
                            移交队长
                          </Button>
                          <Button small kind='plain' onClick={() => setPending({ kind: 'remove', person: p })}>
                            移出
                          </Button>
                        </View>
                      ) : null}
                    </View>
                  ))
                ) : (
                  <Empty title='还没有队员' />
                )}
              </Card>
            </View>
          )
        }}
      </QueryView>
    </Page>
  )
}
