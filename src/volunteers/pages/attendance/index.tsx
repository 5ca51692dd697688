/**
 * Captain's attendance screen: the activity's sign-in code to show on site (a QR of the signed
 * scene), everyone signed up with their check-in/out and hours, marks with a reason (attended /
 * absent; never one's own) — 补记到场 with the arrival and leaving times in China time, within the
 * activity — the waitlist in order, and closing attendance after the end.
 */
import { Image, Input, Picker, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { Button, Card, Page, QueryView, Tag } from '../../../shell/components'
import { describeError } from '../../../shell/forms'
import { useAction, useQuery } from '../../../shell/hooks'
import { china, chinaInstant } from '../../../shell/time'
import { formatTime, formatWindow } from '../../components/format'
import type { AttendanceRow } from '../../contract'
import { formatHours } from '../../hours'
import { volunteers } from '../../service'
import { attendanceStateLabel, type AttendanceMark } from '../../vocabulary'
import '../../components/volunteers.scss'

export default function AttendancePage() {
  const { params } = useRouter()
  const activityId = params.id ?? ''
  const sheet = useQuery(volunteers.attendanceSheet, { activityId }, { enabled: !!activityId })
  const qr = useAction(volunteers.activityCode)
  const mark = useAction(volunteers.markAttendance)
  const close = useAction(volunteers.closeAttendance)
  const [marking, setMarking] = useState<{ row: AttendanceRow; mark: AttendanceMark } | null>(null)
  const [reason, setReason] = useState('')
  // HH:mm in China time; the day is the activity's own (its start for arrival, its end for leaving).
  const [times, setTimes] = useState({ in: '', out: '' })
  const startMarking = (row: AttendanceRow, m: AttendanceMark, activity: { startAt: string; endAt: string }) => {
    setMarking({ row, mark: m })
    setTimes({ in: china(row.checkInAt ?? activity.startAt).format('HH:mm'), out: china(row.checkOutAt ?? activity.endAt).format('HH:mm') })
  }
  const error = qr.error ?? mark.error ?? close.error

  const submit = async () => {
    if (!marking) return
    const activity = sheet.data?.activity
    const attended = marking.mark === 'attended' && activity
    const r = await mark.run({
      activityId,
      userId: marking.row.userId,
      mark: marking.mark,
      reason: reason.trim(),
      checkInAt: attended ? chinaInstant(china(activity.startAt).format('YYYY-MM-DD'), times.in) : undefined,
      checkOutAt: attended ? chinaInstant(china(activity.endAt).format('YYYY-MM-DD'), times.out) : undefined,
    })
    if (r) {
      setMarking(null)
      setReason('')
      void sheet.refetch()
    }
  }

  return (
    <Page
      footer={
        <Button block kind='secondary' loading={close.loading} className='vol-close' onClick={() => void close.run({ activityId }).then((r) => r && void sheet.refetch())}>
          {close.data ? `已结束考勤（${close.data.noShows} 人缺席）` : '活动结束后：结束考勤，未签到记为缺席'}
        </Button>
      }
    >
      {error ? <Text className='vol-error'>{describeError(error, { reason: '原因', checkInAt: '到场时间', checkOutAt: '离开时间' })}</Text> : null}
      <QueryView query={sheet}>
        {(d) => (
          <View>
            <Card title={d.activity.title}>
              <Text className='vol-hint'>{`${formatWindow(d.activity.startAt, d.activity.endAt)} · ${d.activity.address}`}</Text>
              {qr.data ? (
                <View>
                  <Image className='vol-qr' src={qr.data.image} mode='aspectFit' />
                  <Text className='vol-hint'>请队员用微信扫一扫扫描此码签到、签退（需在活动地点附近）。</Text>
                </View>
              ) : (
                <Button block loading={qr.loading} className='vol-show-code' onClick={() => void qr.run({ activityId })}>
                  出示签到码
                </Button>
              )}
            </Card>
            {marking ? (
              <Card title={`${marking.mark === 'attended' ? '补记到场' : '记为缺席'}：${marking.row.nickname}`}>
                {marking.mark === 'attended' ? (
                  <View>
                    <Picker mode='time' value={times.in} onChange={(e) => setTimes((t) => ({ ...t, in: String(e.detail.value) }))}>
                      <View className='nx-row' aria-label={`到场时间 ${times.in}`}>
                        <Text className='nx-row__label'>到场时间</Text>
                        <Text className='nx-row__value'>{`${times.in} ›`}</Text>
                      </View>
                    </Picker>
                    <Picker mode='time' value={times.out} onChange={(e) => setTimes((t) => ({ ...t, out: String(e.detail.value) }))}>
                      <View className='nx-row' aria-label={`离开时间 ${times.out}`}>
                        <Text className='nx-row__label'>离开时间</Text>
                        <Text className='nx-row__value'>{`${times.out} ›`}</Text>
                      </View>
                    </Picker>
                    <Text className='vol-hint'>{`须在活动时间 ${formatWindow(d.activity.startAt, d.activity.endAt)} 之内，按实际到场计时长`}</Text>
                  </View>
                ) : null}
                <Text className='vol-hint'>原因（必填，至少 2 个字）</Text>
                <Input className='vol-input vol-reason' value={reason} maxlength={200} placeholder='原因，例如：手机没电，现场核实' onInput={(e) => setReason(e.detail.value)} />
                <View className='vol-actions'>
                  <Button kind='secondary' onClick={() => setMarking(null)}>
                    取消
                  </Button>
                  <Button loading={mark.loading} className='vol-confirm' onClick={() => void submit()}>
                    确定
                  </Button>
                </View>
              </Card>
            ) : null}
            <Card title={`已报名（${d.rows.length}）`}>
              {d.rows.map((r) => (
                <View key={r.userId} className='vol-person'>
                  <Text className='vol-person__name'>{r.nickname}</Text>
                  <Tag tone={r.attendance === 'attended' ? 'ok' : r.attendance === 'no_show' ? 'warn' : 'neutral'}>{attendanceStateLabel[r.attendance]}</Tag>
                  <Text className='vol-person__meta'>
                    {[r.checkInAt ? `签到 ${formatTime(r.checkInAt)}` : null, r.checkOutAt ? `签退 ${formatTime(r.checkOutAt)}` : null, r.hours !== undefined ? formatHours(r.hours) : null, r.points !== undefined ? `${r.points} 积分` : null, r.source === 'captain' && r.reason ? `队长记录：${r.reason}` : null]
                      .filter(Boolean)
                      .join(' · ') || '尚未签到'}
                  </Text>
                  {r.points === undefined ? (
                    <View className='vol-actions'>
                      <Button small kind='secondary' onClick={() => startMarking(r, 'attended', d.activity)}>
                        补记到场
                      </Button>
                      <Button small kind='plain' onClick={() => startMarking(r, 'no_show', d.activity)}>
                        记为缺席
                      </Button>
                    </View>
                  ) : null}
                </View>
              ))}
            </Card>
            {d.waitlist.length ? (
              <Card title={`候补（${d.waitlist.length}）`}>
                {d.waitlist.map((w) => (
                  <View key={w.userId} className='nx-row'>
                    <Text className='nx-row__label'>{`第 ${w.position} 位`}</Text>
                    <Text className='nx-row__value'>{w.nickname}</Text>
                  </View>
                ))}
              </Card>
            ) : null}
          </View>
        )}
      </QueryView>
    </Page>
  )
}
