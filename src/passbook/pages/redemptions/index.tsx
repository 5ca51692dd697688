/** My redemptions, newest first: state, what, where to pick up; a pending one opens its pickup code. */
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useRef } from 'react'
import { Button, Card, Empty, Page, QueryView, Tag } from '../../../shell/components'
import { useQuery } from '../../../shell/hooks'
import { formatMoment } from '../../../shell/time'
import { passbook } from '../../service'
import { redemptionStateLabel } from '../../vocabulary'
import '../passbook.scss'

export default function Redemptions() {
  const list = useQuery(passbook.myRedemptions, { limit: undefined })
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void list.refetch()
    shown.current = true
  })
  usePullDownRefresh(() => {
    void list.refetch().finally(() => Taro.stopPullDownRefresh())
  })
  return (
    <Page>
      <QueryView query={list} skeletonRows={3}>
        {(items) =>
          items.length === 0 ? (
            <Empty title='还没有兑换记录' text='在“兑换礼品”里用积分换礼品，凭取货码到驿站领取。'>
              <Button onClick={() => void Taro.redirectTo({ url: '/passbook/pages/catalogue/index' })}>去兑换</Button>
            </Empty>
          ) : (
            <View>
              {items.map((r) => (
                <Card key={r.id} title={r.rewardName}>
                  <View className='nx-row'>
                    <Tag tone={r.state === 'pending' ? 'brand' : r.state === 'fulfilled' ? 'ok' : 'neutral'}>{redemptionStateLabel[r.state]}</Tag>
                    <Text className='nx-row__value'>{r.cost} 分</Text>
                  </View>
                  <Text className='pb-reward__meta'>
                    {r.state === 'pending' ? `请在 ${formatMoment(r.expiresAt)} 前到 ${r.stations.map((s) => s.name).join('、')} 领取` : r.fulfilledAt ? `${formatMoment(r.fulfilledAt)} 在 ${r.fulfilledStation ?? ''} 领取` : `兑换于 ${formatMoment(r.createdAt)}`}
                  </Text>
                  {r.state === 'pending' ? (
                    <Button block onClick={() => void Taro.navigateTo({ url: `/passbook/pages/redemption/index?id=${r.id}` })}>
                      出示取货码
                    </Button>
                  ) : null}
                </Card>
              ))}
            </View>
          )
        }
      </QueryView>
    </Page>
  )
}
