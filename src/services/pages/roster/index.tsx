/** A slot's roster for the station's manager: who booked, who waits (in order), and marking arrival or no-show. */
import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Button, Card, Page, QueryView } from '../../../shell/components'
import { useAction, useQuery } from '../../../shell/hooks'
import type { RosterRow } from '../../contract'
import { services } from '../../service'
import { bookingStateLabel, serviceAttendanceLabel } from '../../vocabulary'
import '../../components/services.scss'

function Line({ r, onChange }: { r: RosterRow; onChange: () => void }) {
  const mark = useAction(services.markAttendance)
  return (
    <View className='svc-slot svc-roster-row'>
      <View className='svc-slot__text'>
        <Text>{r.nickname}</Text>
        <Text className='svc-slot__seats'>{r.state === 'booked' ? serviceAttendanceLabel[r.attendance] : r.position ? `候补第 ${r.position} 位` : bookingStateLabel[r.state]}</Text>
        {mark.error ? <Text className='svc-error'>{mark.error.message}</Text> : null}
      </View>
      {r.state === 'booked' && r.attendance !== 'attended' ? (
        <Button small className='svc-mark-attended' loading={mark.loading} onClick={() => void mark.run({ bookingId: r.bookingId, mark: 'attended' }).then((x) => x && onChange())}>
          到场
        </Button>
      ) : null}
      {r.state === 'booked' && r.attendance === 'none' ? (
        <Button small kind='plain' className='svc-mark-noshow' loading={mark.loading} onClick={() => void mark.run({ bookingId: r.bookingId, mark: 'no_show' }).then((x) => x && onChange())}>
          未到
        </Button>
      ) : null}
    </View>
  )
}

export default function RosterPage() {
  const { params } = useRouter()
  const roster = useQuery(services.slotRoster, { serviceId: params.id ?? '', startAt: decodeURIComponent(params.start ?? '') })
  return (
    <Page>
      <QueryView query={roster}>
        {(d) => (
          <Card title={d.label}>
            {d.rows.length ? d.rows.map((r) => <Line key={r.bookingId} r={r} onChange={() => void roster.refetch()} />) : <Text className='svc-hint'>这个时段还没有人预约</Text>}
          </Card>
        )}
      </QueryView>
    </Page>
  )
}
