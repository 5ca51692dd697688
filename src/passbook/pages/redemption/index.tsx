/**
 * One redemption: the pickup code as a QR and as big digits for the station manager, where and until
 * when to pick it up, and 取消兑换 (points and stock come back) while it is pending.
 */
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Card, ErrorState, Page, QueryView, Tag } from '../../../shell/components'
import { setQueryData, useAction, useQuery } from '../../../shell/hooks'
import { formatMoment } from '../../../shell/time'
import { formatPickupCode } from '../../pickup-code'
import { passbook } from '../../service'
import { redemptionStateLabel } from '../../vocabulary'
import '../passbook.scss'

export default function Redemption() {
  const { params } = useRouter()
  const id = String(params.id ?? '')
  const detail = useQuery(passbook.redemption, { id }, { enabled: id.length > 0 })
  const cancel = useAction(passbook.cancelRedemption)

  const onCancel = async () => {
    const ok = await Taro.showModal({ title: '取消兑换', content: '取消后积分会退回到存折，礼品库存也会退回。确定取消吗？', confirmText: '确定取消' })
    if (!ok.confirm) return
    const res = await cancel.run({ id })
    if (res) {
      setQueryData(passbook.redemption, { id }, res)
      void detail.refetch()
      void Taro.showToast({ title: `已退回 ${res.cost} 积分`, icon: 'none' })
    }
  }

  return (
    <Page>
      <QueryView query={detail} skeletonRows={4}>
        {(r) => (
          <View>
            <Card title={r.rewardName}>
              <Tag tone={r.state === 'pending' ? 'brand' : r.state === 'fulfilled' ? 'ok' : 'neutral'}>{redemptionStateLabel[r.state]}</Tag>
              {r.state === 'pending' && r.pickupCode ? (
                <View>
                  {r.qr ? <Image className='pb-qr' src={r.qr} mode='aspectFit' /> : null}
                  <Text className='pb-code' aria-label='取货码'>
                    {formatPickupCode(r.pickupCode)}
                  </Text>
                  <Text className='pb-reward__meta'>请向驿站管理员出示二维码，或读出取货码。</Text>
                  <Text className='pb-reward__meta'>有效期至 {formatMoment(r.expiresAt)}，过期未领积分自动退回。</Text>
                </View>
              ) : (
                <Text className='pb-reward__meta'>
                  {r.state === 'fulfilled' ? `已于 ${formatMoment(r.fulfilledAt ?? r.createdAt)} 在 ${r.fulfilledStation ?? ''} 领取` : `积分 ${r.cost} 分已退回存折`}
                </Text>
              )}
            </Card>
            <Card title='领取地点'>
              {r.stations.map((s) => (
                <View key={s.id} className='nx-row'>
                  <Text className='nx-row__label'>{s.name}</Text>
                </View>
              ))}
            </Card>
            {cancel.error ? <ErrorState error={cancel.error} title='没有取消成功' /> : null}
            {r.state === 'pending' ? (
              <View className='pb-bottom'>
                {/* The main button is the way on; cancelling (destructive) is the quieter one below it. */}
                <Button block onClick={() => void Taro.navigateTo({ url: '/passbook/pages/redemptions/index' })}>
                  我的兑换记录
                </Button>
                <Button kind='plain' small block loading={cancel.loading} onClick={() => void onCancel()} className='pb-cancel'>
                  取消兑换
                </Button>
              </View>
            ) : null}
          </View>
        )}
      </QueryView>
    </Page>
  )
}
