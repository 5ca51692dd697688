/**
 * Station manager's fulfilment (核销): pick the station (only the ones granted), scan the worker's QR or
 * type the 10-digit code, press 确认核销. The answer says what to hand over, or why not. Each code entered
 * or scanned gets its own idempotency key, so a retried send answers the first result while a second
 * scan of a used, cancelled or expired code shows a warning (when, where, by whom), never 核销成功.
 */
import { Input, Picker, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { newIdempotencyKey } from '../../../core/idempotency'
import { Button, Card, Empty, ErrorState, Page, QueryView } from '../../../shell/components'
import { useAction, useQuery } from '../../../shell/hooks'
import { scanCode } from '../../../shell/scan'
import { formatMoment } from '../../../shell/time'
import { users } from '../../../users/service'
import { normalizePickupInput } from '../../pickup-code'
import { passbook } from '../../service'
import '../passbook.scss'

export default function Fulfil() {
  const me = useQuery(users.me, {})
  const [stationIndex, setStationIndex] = useState(0)
  const [code, setCodeOnly] = useState('')
  const [key, setKey] = useState(() => newIdempotencyKey())
  const fulfil = useAction(passbook.fulfil)
  const setCode = (next: string) => {
    if (next !== code) setKey(newIdempotencyKey())
    setCodeOnly(next)
  }

  const scan = async () => {
    try {
      const res = await scanCode({ qrOnly: true })
      // A new scan is a new attempt, even of the same code.
      setKey(newIdempotencyKey())
      setCodeOnly(normalizePickupInput(res.result ?? '') ?? '')
      fulfil.reset()
    } catch {
      // Cancelled scan: nothing to do; typing stays available.
    }
  }

  return (
    <Page>
      <QueryView query={me} skeletonRows={2}>
        {(data) => {
          const stations = data.grants.filter((g) => g.role === 'station_manager').flatMap((g) => g.scopes.filter((s) => s.kind === 'station'))
          if (stations.length === 0) return <Empty title='您还不是驿站管理员' text='核销需要驿站管理员身份，请联系街道管理员授权。' />
          const station = stations[Math.min(stationIndex, stations.length - 1)]
          const submit = () => {
            fulfil.reset()
            void fulfil.run({ code, stationId: station.id, idempotencyKey: key }).then((res) => {
              if (res) setCode('')
            })
          }
          return (
            <View>
              <Card title='核销站点'>
                <Picker mode='selector' range={stations.map((s) => s.name ?? s.id)} value={stationIndex} onChange={(e) => setStationIndex(Number(e.detail.value))}>
                  <View className='nx-row'>
                    <Text className='nx-row__label'>{station.name ?? station.id}</Text>
                    <Text className='nx-row__value'>{stations.length > 1 ? '切换' : ''}</Text>
                  </View>
                </Picker>
              </Card>
              <Card title='取货码'>
                <Input className='pb-input' type='number' maxlength={13} placeholder='输入 10 位取货码' value={code} onInput={(e) => setCode(e.detail.value)} aria-label='取货码' />
                <Button kind='secondary' block onClick={() => void scan()}>
                  扫码
                </Button>
              </Card>
              {fulfil.data ? (
                <View className='pb-result pb-result--ok' role='status'>
                  <Text>
                    核销成功：请交付「{fulfil.data.rewardName}」（{fulfil.data.station.name}，{formatMoment(fulfil.data.fulfilledAt)}）
                  </Text>
                </View>
              ) : null}
              {fulfil.error?.code === 'ALREADY_CLOSED' ? (
                <View className='pb-result pb-result--warn' role='alert'>
                  <Text className='pb-result__title'>不能发放</Text>
                  <Text>{fulfil.error.message}</Text>
                </View>
              ) : fulfil.error ? (
                <ErrorState error={fulfil.error} title='不能核销' />
              ) : null}
              <View className='pb-bottom'>
                <Button block loading={fulfil.loading} disabled={(normalizePickupInput(code) ?? '').length !== 10} onClick={submit}>
                  确认核销
                </Button>
              </View>
            </View>
          )
        }}
      </QueryView>
    </Page>
  )
}
